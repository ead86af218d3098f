"""The fake edge: edgeconform plays the vendor's edge and judges every message a controller pushes.

Two parts, as for the reference edge (harness/roles/edge.py and reference_edge.py), which it reuses:

* sans-I/O: :class:`ControllerJudge` judges one frame -- a frame that is not JSON text,
  the envelope, the route resource naming ``content.metadata.name``, every content rule
  of the profile (all through the rule table's validator, harness/rules/validator.py),
  and a ``msg_id`` used before in the session ("a UUID, fresh for every message",
  rule ``HDR-MSG-ID``). The answers are the plain :class:`~harness.roles.edge.EdgeCore`'s
  (no defect planted): ``OK``, ``FAILED: <reason>`` for a content rule, nothing for an
  envelope that fails the header checks or a frame that is not JSON (vendor-notes.md, Answers). The session checks
  (:func:`session_findings`) read a finished :class:`FakeEdgeRecord`.
* a thin asyncio runner over :func:`~harness.roles.reference_edge.run_edge`: it dials the
  controller at ``ws(s)://HOST:PORT/websocket/<node_id>/events`` with the vendor edge's
  handshake headers (``Authorization: Basic``, ``ProductName``, ``SerialNumber``,
  ``AssetTag``, ``DevMgmtType: AtlasEdge``), or listens for a controller that dials, sends
  keepalives upstream (every 15 s by default, as the vendor's edge), and collects until
  the controller closes the connection or ``idle_s`` seconds pass without a message.
  :func:`run_fake_edge` runs it in a background loop for synchronous callers.

Whatever the controller does becomes a verdict in the record, never an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl as ssl_module
import time
import uuid
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from harness.credentials import basic_authorization
from harness.message import DecodeError, Envelope, FailureStyle, decode, parse
from harness.messages.pod_update import POD_UPDATE
from harness.roles.edge import (
    DEFAULT_NODE_ID,
    ENVELOPE_RULE_IDS,
    VENDOR_KEEPALIVE_INTERVAL,
    VENDOR_LIKE_HEADERS,
    EdgeCore,
    EdgeDecision,
    Judgement,
    violation_text,
)
from harness.roles.reference_edge import EdgeEvent, run_edge
from harness.rules.model import Profile
from harness.rules.validator import Violation
from harness.transport import (
    DEFAULT_MAX_SIZE,
    DEFAULT_OPEN_TIMEOUT,
    ConnectFailed,
    Frame,
    Handshake,
    Link,
    Listener,
    ListenFailed,
    Running,
    dial,
    parse_host_port,
)

#: Default seconds without a message from the controller after which the run ends.
DEFAULT_IDLE_S = 30.0
#: Handshake headers of the fake edge: the vendor edge's (vendor-notes.md, Connection), no credentials.
FAKE_EDGE_HEADERS: dict[str, str] = {**VENDOR_LIKE_HEADERS, "ProductName": "edgeconform-fake-edge"}
#: Close codes with which a controller may end the connection: normal closure, going away (RFC 6455 7.4.1).
NORMAL_CLOSE_CODES = frozenset({1000, 1001})

Mode = Literal["connect", "listen"]
EndedBy = Literal["controller", "idle", "not-reached"]
Aspect = Literal["frame", "envelope", "naming", "repeat", "content"]
FRAME_RULE = "MESSAGE"
NAMING_RULE = "ROUTE-RESOURCE"
MSG_ID_RULE = "HDR-MSG-ID"


def case_id(number: int) -> str:
    """The case id of the ``number``-th message received in the session (1-based)."""
    return f"CTRL-MSG-{number:04d}"


_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
#: Header names whose values are secrets: redacted in reports besides Authorization (transport.py).
_SECRET_NAME = re.compile(r"(?i)token|secret|passw|api-?key|cookie|credential")


def parse_header(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` as a header; ``ValueError`` when NAME is not an HTTP token or VALUE breaks a line."""
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not _TOKEN.match(name):
        raise ValueError(f"expected NAME=VALUE with NAME an HTTP header name, got {name or text!r}")
    if "\r" in value or "\n" in value:
        raise ValueError(f"the value of {name} breaks the line")
    return name, value


def _redacted(handshake: Handshake) -> dict[str, Any]:
    out = handshake.to_jsonable()
    for key in ("headers", "response_headers"):
        out[key] = {name: "<redacted>" if _SECRET_NAME.search(name) else value for name, value in out[key].items()}
    return out


def edge_headers(*, user: str | None = None, password: str | None = None,
                 extra: Iterable[tuple[str, str]] = (), base: Mapping[str, str] = FAKE_EDGE_HEADERS) -> dict[str, str]:
    """The handshake headers of the fake edge: ``base``, then ``Authorization`` from ``user`` and
    ``password`` (``CredentialsError`` for unusable ones), then ``extra`` (a name given again, in any
    case, replaces the earlier value)."""
    headers: dict[str, str] = {}

    def put(name: str, value: str) -> None:
        for known in [k for k in headers if k.lower() == name.lower()]:
            del headers[known]
        headers[name] = value

    for name, value in base.items():
        put(name, value)
    if user is not None:
        put("Authorization", basic_authorization(user, password or ""))
    for name, value in extra:
        put(name, value)
    return headers


# ----------------------------------------------------------------------------- judging (no I/O)


@dataclass(frozen=True)
class MessageVerdict:
    """How the fake edge judged one message of the controller.

    ``violations`` are the message's own (frame, envelope, naming, content: the rule
    table's validator); ``repeats`` the session's (a msg_id used before).
    """

    number: int
    kind: Literal["text", "binary"]
    size: int
    msg_id: str | None
    resource: str | None
    is_pod_update: bool
    violations: tuple[Violation, ...] = ()
    repeats: tuple[Violation, ...] = ()

    @property
    def case_id(self) -> str:
        return case_id(self.number)

    @property
    def all_violations(self) -> tuple[Violation, ...]:
        return self.violations + self.repeats

    @property
    def conforms(self) -> bool:
        return not self.violations and not self.repeats

    @property
    def rules(self) -> tuple[str, ...]:
        """The violated rule ids, each once, in the order found."""
        return tuple(dict.fromkeys(v.rule for v in self.all_violations))

    def of(self, aspect: Aspect) -> list[Violation]:
        """The violations of one aspect: the frame, the envelope, the resource naming, a repeated msg_id, content."""
        if aspect == "repeat":
            return list(self.repeats)
        return [v for v in self.violations if _aspect(v) == aspect]

    def reason(self, violations: Iterable[Violation] | None = None) -> str:
        """One line: the first violation as ``RULE at path: message`` and how many more there are."""
        chosen = list(self.all_violations if violations is None else violations)
        if not chosen:
            return "conforms"
        first = chosen[0]
        more = len(self.all_violations) - 1
        return violation_text(first) + (f" (and {more} more violation{'s' if more > 1 else ''})" if more else "")

    def details(self) -> str:
        """Every violation, one per line."""
        return "\n".join(f"  {violation_text(v)}" for v in self.all_violations)


def _aspect(violation: Violation) -> Aspect:
    if violation.rule == FRAME_RULE:
        return "frame"
    if violation.rule == NAMING_RULE:
        return "naming"
    if violation.rule in ENVELOPE_RULE_IDS:
        return "envelope"
    return "content"


def _canonical_id(msg_id: str) -> str:
    """A UUID compares case-insensitively (RFC 9562); anything else as it is."""
    try:
        return str(uuid.UUID(msg_id))
    except ValueError:
        return msg_id


class ControllerJudge:
    """Judges every frame a controller sends, in order, over one session (no I/O)."""

    def __init__(self, profile: Profile = "strict") -> None:
        self.profile: Profile = profile
        self.count = 0
        self._first_use: dict[str, int] = {}

    def judge(self, data: str | bytes) -> MessageVerdict:
        """Judge the next frame (``bytes``: a binary frame). Never raises for what the frame holds."""
        self.count += 1
        number = self.count
        kind: Literal["text", "binary"] = "binary" if isinstance(data, bytes) else "text"
        size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
        violations: list[Violation] = []
        if kind == "binary":
            violations.append(Violation(FRAME_RULE, "$", "a binary frame: a pod update is JSON text, sent in a "
                                                         "text frame"))
        value = parse(data)
        if isinstance(value, DecodeError):
            violations.append(Violation(FRAME_RULE, "$", value.reason))
            return MessageVerdict(number, kind, size, None, None, False, tuple(violations))
        violations += POD_UPDATE.validate(value, self.profile)
        view = Envelope(value) if isinstance(value, dict) else None
        msg_id = view.msg_id if view is not None else None
        resource = view.resource if view is not None else None
        is_pod_update = view is not None and POD_UPDATE.matches_route(view.operation, resource)
        repeats: list[Violation] = []
        if msg_id:
            key = _canonical_id(msg_id)
            first = self._first_use.setdefault(key, number)
            if first != number:
                repeats.append(Violation(MSG_ID_RULE, "header.msg_id",
                                         f"{msg_id!r} was already used by message {case_id(first)} of this "
                                         "session: a msg_id is fresh for every message"))
        return MessageVerdict(number, kind, size, msg_id, resource, is_pod_update, tuple(violations), tuple(repeats))


@dataclass(frozen=True)
class ReceivedMessage:
    """One frame the controller sent: the frame, the verdict on it, and what the edge did about it."""

    frame: Frame
    verdict: MessageVerdict
    decision: EdgeDecision

    @property
    def case_id(self) -> str:
        return self.verdict.case_id

    @property
    def judgement(self) -> Judgement:
        return self.decision.judgement

    @property
    def answer(self) -> str | None:
        """The answer the edge sent (``None``: dropped unanswered)."""
        return self.decision.outgoing[-1] if self.decision.outgoing else None

    def answer_summary(self) -> str:
        judgement = self.judgement
        if judgement.kind == "ok":
            return 'answered "OK"'
        if judgement.kind == "rejected":
            return f'answered "FAILED: {judgement.reason}"'
        return f"dropped unanswered ({judgement.reason})"


@dataclass
class FakeEdgeRecord:
    """Everything one run of the fake edge saw: the evidence the controller suite judges."""

    mode: Mode
    target: str
    profile: Profile
    idle_s: float
    keepalive_interval: float | None
    reached: bool = False
    error: str = ""
    handshake: Handshake | None = None
    messages: list[ReceivedMessage] = field(default_factory=list)
    ended_by: EndedBy = "not-reached"
    end: Frame | None = None
    wire: list[Frame] = field(default_factory=list)
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None

    @property
    def pod_updates(self) -> int:
        return sum(1 for m in self.messages if m.verdict.is_pod_update)

    @property
    def keepalives_sent(self) -> int:
        sent = (decode(f.data) for f in self.wire if f.direction == "sent" and f.kind == "text")
        return sum(1 for m in sent if isinstance(m, dict) and Envelope(m).is_keepalive)

    def message(self, case: str) -> ReceivedMessage | None:
        for received in self.messages:
            if received.case_id == case:
                return received
        return None

    def end_text(self) -> str:
        if not self.reached:
            return f"no controller reached: {self.error}"
        if self.ended_by == "idle":
            return f"no message for {self.idle_s:g} s: the edge closed the connection"
        end = self.end
        if end is None:
            return "the connection ended"
        return f"the controller ended the connection: close {end.close_code} {end.close_reason or ''}".rstrip()

    def to_jsonable(self) -> dict[str, Any]:
        """For summary.json: where, how it ended, counts (secrets in the handshake redacted)."""
        end = self.end
        return {
            "mode": self.mode, "address": self.target, "profile": self.profile, "idle_s": self.idle_s,
            "keepalive_s": self.keepalive_interval, "reached": self.reached,
            **({"error": self.error} if self.error else {}),
            "handshake": _redacted(self.handshake) if self.handshake is not None else None,
            "messages": len(self.messages), "pod_updates": self.pod_updates,
            "messages_conforming": sum(1 for m in self.messages if m.verdict.conforms),
            "keepalives_sent": self.keepalives_sent, "ended_by": self.ended_by, "end": self.end_text(),
            "close_code": end.close_code if end is not None else None,
            "duration_s": round((self.finished_at or time.time()) - self.started_at, 3),
        }


# ----------------------------------------------------------------------------- session checks (no I/O)


class Finding(NamedTuple):
    """A session check that failed: a one-line reason and the details."""

    reason: str
    details: str = ""


def pod_update_received(record: FakeEdgeRecord) -> Finding | None:
    """At least one pod update came (route operation update, resource under websocket/pod/)."""
    if not record.reached:
        return Finding(f"no controller reached: {record.error}")
    if record.pod_updates:
        return None
    listed = "\n".join(f"  {m.case_id}: {m.verdict.reason()}" for m in record.messages[:20])
    return Finding(f"no pod update received: {len(record.messages)} message(s) before {record.end_text()}", listed)


def unique_msg_ids(record: FakeEdgeRecord) -> Finding | None:
    """HDR-MSG-ID: no msg_id is used twice in the session."""
    repeated = [m for m in record.messages if m.verdict.repeats]
    if not repeated:
        return None
    first = repeated[0]
    lines = "\n".join(f"  {m.case_id}: {m.verdict.repeats[0].message}" for m in repeated)
    return Finding(f"{MSG_ID_RULE}: {len(repeated)} message(s) reuse a msg_id of the session; {first.case_id}: "
                   f"{first.verdict.repeats[0].message}", lines)


def only_json_text(record: FakeEdgeRecord) -> Finding | None:
    """MESSAGE: every frame was a JSON object in a text frame."""
    bad = [m for m in record.messages if m.verdict.of("frame")]
    if not bad:
        return None
    first = bad[0]
    lines = "\n".join(f"  {m.case_id}: {violation_text(m.verdict.of('frame')[0])}" for m in bad)
    return Finding(f"{FRAME_RULE}: {len(bad)} frame(s) are not a JSON object in a text frame; {first.case_id}: "
                   f"{first.verdict.of('frame')[0].message}", lines)


def answers_handled(record: FakeEdgeRecord) -> Finding | None:
    """The controller took the edge's answers in its stride: it never ended the connection other than
    with a normal close (1000, 1001) -- not on a FAILED answer, not by dropping TCP."""
    if not record.reached or record.ended_by != "controller" or record.end is None:
        return None
    code = record.end.close_code
    if code in NORMAL_CLOSE_CODES:
        return None
    how = "dropped the connection without a close frame" if code == 1006 else \
        f"closed the connection with {code} {record.end.close_reason or ''}".rstrip()
    answered = [m for m in record.messages if m.answer is not None]
    if answered:
        last = answered[-1]
        after_ms = int((record.end.at - last.frame.at) * 1000)
        return Finding(f"the controller {how} {after_ms} ms after the edge {last.answer_summary()[:160]} to "
                       f"{last.case_id}", f"  messages received: {len(record.messages)}; answered: {len(answered)}")
    return Finding(f"the controller {how}", f"  messages received: {len(record.messages)}; none was answered")


SESSION_CHECKS: dict[str, Callable[[FakeEdgeRecord], Finding | None]] = {
    "CTRL-SESSION-POD-UPDATE-RECEIVED": pod_update_received,
    "CTRL-SESSION-UNIQUE-MSG-IDS": unique_msg_ids,
    "CTRL-SESSION-ONLY-JSON": only_json_text,
    "CTRL-SESSION-HANDLES-ANSWERS": answers_handled,
}


def session_findings(record: FakeEdgeRecord) -> dict[str, Finding | None]:
    """Every session check by case id: ``None`` when it passes."""
    return {case: check(record) for case, check in SESSION_CHECKS.items()}


# ----------------------------------------------------------------------------- the runner


@dataclass(frozen=True)
class FakeEdgeOptions:
    """Everything that configures a run of the fake edge."""

    profile: Profile = "strict"
    idle_s: float = DEFAULT_IDLE_S
    keepalive_interval: float | None = VENDOR_KEEPALIVE_INTERVAL
    headers: Mapping[str, str] = field(default_factory=lambda: dict(FAKE_EDGE_HEADERS))
    node_id: str = DEFAULT_NODE_ID
    failure_style: FailureStyle = "error"
    max_size: int | None = DEFAULT_MAX_SIZE
    open_timeout: float = DEFAULT_OPEN_TIMEOUT
    #: TLS: a client context when dialling the controller (verify it), a server context when listening.
    ssl: ssl_module.SSLContext | None = None


MessageCallback = Callable[[ReceivedMessage], None]


async def _collect(link: Link, record: FakeEdgeRecord, options: FakeEdgeOptions,
                   on_message: MessageCallback | None) -> None:
    """Serve one controller connection with the edge core and judge every frame, until the
    controller ends it or ``idle_s`` seconds pass without a message."""
    loop = asyncio.get_running_loop()
    record.reached = True
    record.handshake = link.handshake
    judge = ControllerJudge(options.profile)
    core = EdgeCore(options.profile, failure_style=options.failure_style)
    stop = asyncio.Event()
    last = [loop.time()]

    def on_event(event: EdgeEvent) -> None:
        last[0] = loop.time()
        try:
            verdict = judge.judge(event.frame.data)
        except Exception as exc:  # a bug of ours still becomes a verdict on this message
            verdict = MessageVerdict(judge.count, "text", event.frame.size, None, None, False,
                                     (Violation(FRAME_RULE, "$", f"the judge failed: {type(exc).__name__}: {exc}"),))
        received = ReceivedMessage(event.frame, verdict, event.decision)
        record.messages.append(received)
        if on_message is not None:
            with contextlib.suppress(Exception):
                on_message(received)

    async def watchdog() -> None:
        while (remaining := last[0] + options.idle_s - loop.time()) > 0:
            await asyncio.sleep(remaining)
        record.ended_by = "idle"
        stop.set()

    dog = loop.create_task(watchdog())
    try:
        await run_edge(link, core, keepalive_interval=options.keepalive_interval, stop=stop, on_event=on_event)
    finally:
        dog.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await dog
    if record.ended_by != "idle":
        record.ended_by = "controller"
    if not link.closed:
        await link.close(1000, f"edgeconform: no message for {options.idle_s:g} s")
    await link.wait_closed(DEFAULT_OPEN_TIMEOUT)
    record.end = link.end
    record.wire = list(link.log.frames)


async def fake_edge_connect(url: str, options: FakeEdgeOptions | None = None, *,
                            on_message: MessageCallback | None = None) -> FakeEdgeRecord:
    """Dial the controller at ``url`` as the vendor's edge does, and judge what it pushes."""
    options = options or FakeEdgeOptions()
    record = FakeEdgeRecord("connect", url, options.profile, options.idle_s, options.keepalive_interval)
    try:
        link = await dial(url, headers=options.headers, max_size=options.max_size, open_timeout=options.open_timeout,
                          ssl=options.ssl)
    except ConnectFailed as exc:
        record.error = str(exc)
    else:
        await _collect(link, record, options, on_message)
    record.finished_at = time.time()
    return record


async def fake_edge_listen(host: str = "127.0.0.1", port: int = 0, options: FakeEdgeOptions | None = None, *,
                           on_ready: Callable[[str], None] | None = None,
                           on_message: MessageCallback | None = None) -> FakeEdgeRecord:
    """Listen on ``host:port`` for a controller dialling ``/websocket/<node_id>/events`` (any node id),
    wait up to ``idle_s`` for it, and judge what it pushes. ``on_ready`` gets the URL to dial."""
    options = options or FakeEdgeOptions()
    record = FakeEdgeRecord("listen", f"{host}:{port}", options.profile, options.idle_s, options.keepalive_interval)
    try:
        listener = await Listener.start(host, port, max_size=options.max_size, open_timeout=options.open_timeout,
                                        ssl=options.ssl)
    except ListenFailed as exc:
        record.error = str(exc)
        record.finished_at = time.time()
        return record
    try:
        record.target = listener.url(options.node_id, scheme="wss" if options.ssl is not None else "ws")
        if on_ready is not None:
            with contextlib.suppress(Exception):
                on_ready(record.target)
        link = await listener.accept(options.idle_s)
        if link is None:
            others = "; ".join(f"{r.path} ({r.status})" for r in listener.http_requests[:5])
            record.error = (f"no controller dialled {record.target} (any node id) within {options.idle_s:g} s"
                            + (f"; HTTP requests to other paths: {others}" if others else ""))
        else:
            await _collect(link, record, options, on_message)
    finally:
        await listener.close()
    record.finished_at = time.time()
    return record


def run_fake_edge(mode: Mode, target: str | tuple[str, int], options: FakeEdgeOptions | None = None, *,
                  on_ready: Callable[[str], None] | None = None,
                  on_message: MessageCallback | None = None) -> FakeEdgeRecord:
    """Run the fake edge to the end on a background event loop (for synchronous callers).

    ``mode="connect"``: ``target`` is the controller's URL; ``mode="listen"``: ``(host, port)``.
    """
    coroutine: Coroutine[Any, Any, FakeEdgeRecord]
    if mode == "connect":
        coroutine = fake_edge_connect(str(target), options, on_message=on_message)
    else:
        host, port = target if isinstance(target, tuple) else parse_host_port(str(target))
        coroutine = fake_edge_listen(host, port, options, on_ready=on_ready, on_message=on_message)
    with Running.spawn(lambda _on_ready: coroutine, name="edgeconform-fake-edge", label="the fake edge") as running:
        return running.wait(None)

