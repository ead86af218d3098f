"""The edge's protocol core, without I/O: a frame and a clock value in, an :class:`EdgeDecision` out.

:class:`EdgeCore` decodes a frame, judges it by the rule table's validator, builds the
answer and decides how it goes out (the frames, a delay, a close, leaving for good), all
as data; :func:`keepalive` and :func:`status_report` are the upstream frames an edge sends
unasked. The core is a conformant edge. The points where an edge may deviate are named
:class:`EdgeSeams`, pure callables and data; harness/roles/defects.py plants the reference
edge's defects there. The I/O (websockets, the runner, the reference edge in a thread) is
harness/roles/reference_edge.py; the fake edge that certifies controllers
(harness/roles/fake_edge.py) answers with the plain core.

Behaviour (vendor-notes.md, Answers): a frame that is not JSON, or a message whose
envelope breaks an envelope rule, is dropped without an answer; a pod that breaks a
content rule is answered ``FAILED: <reason>`` (the vendor's ``FeedbackError``);
anything else is answered ``OK`` (pod-update.txt, "Result returned"). The vendor's
limits (256 KiB messages, 5 msg/s burst 5) are optional emulation, off by default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from harness.json_keys import get_ci
from harness.message import DecodeError, FailureStyle, answer_failed, answer_ok, decode, encode, new_msg_id
from harness.messages import envelope_rule_ids, spec_for_message
from harness.rules.model import Profile
from harness.rules.validator import Violation
from harness.rules.vendor_config import VendorConfig
from harness.transport import TokenBucket, payload_size

#: The vendor edge drops any message of this size or more (vendor-notes.md, Limits).
VENDOR_MAX_MESSAGE_BYTES = 256 * 1024
#: The vendor edge's rate limit: (messages per second, burst) (vendor-notes.md, Limits).
VENDOR_RATE_LIMIT: tuple[float, int] = (5.0, 5)
#: The vendor edge's keepalive period in seconds (vendor-notes.md, Connection).
VENDOR_KEEPALIVE_INTERVAL = 15.0
DEFAULT_NODE_ID = "edgeconform-edge"
#: Handshake headers like the vendor edge's (vendor-notes.md, Connection), without credentials.
VENDOR_LIKE_HEADERS: dict[str, str] = {
    "ProductName": "edgeconform-reference-edge",
    "SerialNumber": "EDGECONFORM0001",
    "AssetTag": "edgeconform",
    "DevMgmtType": "AtlasEdge",
}

ENVELOPE_RULE_IDS = envelope_rule_ids()
JudgementKind = Literal["ok", "rejected", "dropped"]


@dataclass(frozen=True)
class Judgement:
    """How the edge judged one frame: answered OK, answered FAILED, or dropped unanswered."""

    kind: JudgementKind
    reason: str
    violations: list[Violation] = field(default_factory=list)


@dataclass(frozen=True)
class CloseRequest:
    """Close the connection after sending."""

    code: int
    reason: str


@dataclass(frozen=True)
class EdgeDecision:
    """What to do about one frame: send ``outgoing`` (after ``delay_s``), then maybe close."""

    outgoing: list[str]
    judgement: Judgement
    delay_s: float = 0.0
    close: CloseRequest | None = None
    binary: bool = False
    request_id: str | None = None
    #: The names of the deviations planted at the seams that changed this decision, in the order they did.
    defects_applied: tuple[str, ...] = ()
    #: After this decision the edge goes away for good: no re-dial, no accept.
    leave: bool = False


# ----------------------------------------------------------------------------- the seams


@dataclass(frozen=True)
class Admission:
    """Whether the edge judges a frame at all: ``refused`` says why not (it is dropped, then maybe closed)."""

    refused: str = ""
    close: CloseRequest | None = None


#: A frame the edge goes on to judge.
ADMITTED = Admission()


@dataclass(frozen=True)
class Answering:
    """What shaping an answer may read: the judgement, the request's msg_id, the session so far."""

    judgement: Judgement
    request_id: str | None
    #: The msg_id of the request answered before this one (``None``: this is the first answer).
    previous_request_id: str | None
    #: 1 for the first answer on this connection.
    answer_number: int
    #: The answer's timestamp (ms).
    now: int
    #: A msg_id no message has used.
    fresh_msg_id: str


@dataclass(frozen=True)
class Delivery:
    """How an answer goes out: these frames (after ``delay_s``, binary or text), then maybe a close."""

    frames: tuple[str, ...]
    delay_s: float = 0.0
    close: CloseRequest | None = None
    binary: bool = False
    #: After sending, the edge goes away for good.
    leave: bool = False


@dataclass(frozen=True)
class Answered:
    """What delivering an answer may read: the judgement, the answer as built and as encoded, the session."""

    judgement: Judgement
    request_id: str | None
    answer_number: int
    answer: dict[str, Any]
    #: The answer frame (``encode(answer)``).
    text: str


Value = TypeVar("Value")
Context = TypeVar("Context")
#: One deviation at a seam: a pure function of the value the core decided and its context, returning
#: the changed value, or ``None`` when it does not apply to this frame.
Deviation = Callable[[Value, Context], Value | None]


@dataclass(frozen=True)
class Seam(Generic[Value, Context]):
    """The deviations planted at one point of the core, applied in order; none planted: a conformant edge."""

    deviations: tuple[tuple[str, Deviation[Value, Context]], ...] = ()

    def apply(self, value: Value, context: Context) -> tuple[Value, tuple[str, ...]]:
        """``value`` after every deviation that applies, and the names of those that did."""
        applied: list[str] = []
        for name, deviate in self.deviations:
            changed = deviate(value, context)
            if changed is not None:
                value = changed
                applied.append(name)
        return value, tuple(applied)


@dataclass(frozen=True)
class EdgeSeams:
    """The named points where an edge may deviate from the document; the defaults are a conformant edge."""

    #: Drop, unanswered, the messages over ``(messages per second, burst)`` (``None``: no limit).
    rate_limit: tuple[float, int] | None = None
    #: Before judging: may refuse a frame by its payload size in bytes.
    arrival: Seam[Admission, int] = Seam()
    #: The content violations the edge finds in a decoded message (the validator's, by default).
    content: Seam[list[Violation], dict[str, Any]] = Seam()
    #: The judgement of a decoded message: dropped (envelope), rejected (content) or OK.
    judgement: Seam[Judgement, dict[str, Any]] = Seam()
    #: The answer built for the judgement (header, route, router, content).
    answer: Seam[dict[str, Any], Answering] = Seam()
    #: How the answer goes out, and what the edge does after it.
    delivery: Seam[Delivery, Answered] = Seam()


#: A conformant edge: nothing planted.
CONFORMANT = EdgeSeams()


# ----------------------------------------------------------------------------- the core


def violation_text(violation: Violation) -> str:
    """``RULE at path: message`` -- the reason a FAILED answer gives."""
    return f"{violation.rule} at {violation.path}: {violation.message}"


def keepalive(now: int) -> str:
    """The vendor edge's upstream keepalive (vendor-notes.md, Connection)."""
    return encode({
        "header": {"msg_id": new_msg_id(), "parent_msg_id": "", "timestamp": now, "resourceversion": "",
                   "sync": False},
        "route": {"source": "websocket", "group": "resource", "operation": "keepalive", "resource": "node"},
        "content": "ping",
    })


def status_report(pod_name: str, now: int) -> str:
    """An upstream pod status report (``resource: websocket/podstatus``); the content is illustrative."""
    return encode({
        "header": {"msg_id": new_msg_id(), "parent_msg_id": "", "timestamp": now, "resourceversion": "",
                   "sync": False},
        "route": {"source": "edge", "group": "resource", "operation": "update", "resource": "websocket/podstatus"},
        "content": {"podName": pod_name, "phase": "Pending"},
    })


def conformant_judgement(envelope: list[Violation], content: list[Violation]) -> Judgement:
    """A conformant edge's judgement (vendor-notes.md, Answers): drop a broken envelope, reject a broken pod."""
    if envelope:
        return Judgement("dropped", f"envelope: {violation_text(envelope[0])}", envelope)
    if content:
        return Judgement("rejected", violation_text(content[0]), content)
    return Judgement("ok", "conformant")


class EdgeCore:
    """The edge's protocol logic, without I/O: frame in, :class:`EdgeDecision` out.

    ``profile`` selects the rule profile; ``seams`` plants deviations (harness/roles/defects.py:
    ``plant``). Vendor emulation, off by default: ``max_message_bytes`` drops messages of that
    size or more (the vendor: :data:`VENDOR_MAX_MESSAGE_BYTES`), ``rate_limit=(rate, burst)``
    drops messages over the rate (the vendor: :data:`VENDOR_RATE_LIMIT`; ``None``: the seams'
    rate limit). ``report_pod_status`` sends a pod status report ahead of each OK answer, as
    upstream traffic may arrive between a request and its answer.
    """

    def __init__(self, profile: Profile = "strict", *, seams: EdgeSeams = CONFORMANT,
                 max_message_bytes: int | None = None, rate_limit: tuple[float, int] | None = None,
                 failure_style: FailureStyle = "error", report_pod_status: bool = False,
                 vendor_config: VendorConfig | None = None) -> None:
        self.profile: Profile = profile
        self.vendor_config = vendor_config
        self.seams = seams
        self.max_message_bytes = max_message_bytes
        self.rate_limit = rate_limit if rate_limit is not None else seams.rate_limit
        self._bucket = TokenBucket(*self.rate_limit) if self.rate_limit is not None else None
        self.failure_style: FailureStyle = failure_style
        self.report_pod_status = report_pod_status
        self._previous_request_id: str | None = None
        self._answers = 0

    def keepalive(self, now: int) -> str:
        """The upstream keepalive to send at ``now`` (ms)."""
        return keepalive(now)

    def on_frame(self, data: str | bytes, now: int, *, received_at: int | None = None) -> EdgeDecision:
        """Judge one received frame (text or binary: the payload is read as JSON either way) at ``now`` (ms);
        the rate limit counts ``received_at`` (ms, the frame's arrival; ``now`` when not given)."""
        size = payload_size(data)
        arrival = now if received_at is None else received_at
        if self._bucket is not None and not self._bucket.try_take(arrival / 1000):
            rate, burst = self.rate_limit or VENDOR_RATE_LIMIT
            return dropped(f"over the rate limit ({rate:g} messages/s, burst {burst})")
        if self.max_message_bytes is not None and size >= self.max_message_bytes:
            return dropped(f"message of {size} bytes; the limit is under {self.max_message_bytes} bytes")
        admission, refused_by = self.seams.arrival.apply(ADMITTED, size)
        if admission.refused:
            return EdgeDecision([], Judgement("dropped", admission.refused), close=admission.close,
                                defects_applied=refused_by)
        message = decode(data)
        if isinstance(message, DecodeError):
            return dropped(message.reason)
        violations = self._violations(message)
        envelope = [v for v in violations if v.rule in ENVELOPE_RULE_IDS]
        content, seen_by = self.seams.content.apply([v for v in violations if v.rule not in ENVELOPE_RULE_IDS],
                                                    message)
        judgement, judged_by = self.seams.judgement.apply(conformant_judgement(envelope, content), message)
        request_id = get_ci(get_ci(message, "header"), "msg_id")
        request_id = request_id if isinstance(request_id, str) else None
        if judgement.kind == "dropped":
            return dropped(judgement.reason, judgement.violations, request_id=request_id)
        return self.answer(message, judgement, request_id, now, applied=(*seen_by, *judged_by))

    def _violations(self, message: dict[str, Any]) -> list[Violation]:
        """The violations of ``message`` under the core's profile, by the rule table of the message type its
        route names (a route no type takes is judged as a pod update: its envelope breaks)."""
        spec = spec_for_message(message)
        return spec.validate(message, self.profile, self.vendor_config) if spec is not None else []

    def answer(self, request: dict[str, Any], judgement: Judgement, request_id: str | None, now: int, *,
               applied: Sequence[str] = ()) -> EdgeDecision:
        """Answer ``request`` as ``judgement`` says (``OK`` or ``FAILED: <reason>``) and decide how the answer
        goes out; ``applied`` names the deviations that already changed the judgement."""
        self._answers += 1
        if judgement.kind == "ok":
            built = answer_ok(request, timestamp=now)
        else:
            built = answer_failed(request, judgement.reason, style=self.failure_style, timestamp=now)
        answering = Answering(judgement, request_id, self._previous_request_id, self._answers, now, new_msg_id())
        answer, shaped_by = self.seams.answer.apply(built, answering)
        self._previous_request_id = request_id
        text = encode(answer)
        frames: tuple[str, ...] = (text,)
        if judgement.kind == "ok" and self.report_pod_status:
            name = get_ci(get_ci(get_ci(request, "content"), "metadata"), "name")
            frames = (status_report(name if isinstance(name, str) else "", now), text)
        delivery, delivered_by = self.seams.delivery.apply(
            Delivery(frames), Answered(judgement, request_id, self._answers, answer, text))
        return EdgeDecision(list(delivery.frames), judgement, delay_s=delivery.delay_s, close=delivery.close,
                            binary=delivery.binary, request_id=request_id,
                            defects_applied=tuple(dict.fromkeys((*applied, *shaped_by, *delivered_by))),
                            leave=delivery.leave)


def dropped(reason: str, violations: list[Violation] | None = None, *, request_id: str | None = None) -> EdgeDecision:
    """A decision to drop a frame unanswered, for ``reason``."""
    return EdgeDecision([], Judgement("dropped", reason, violations or []), request_id=request_id)
