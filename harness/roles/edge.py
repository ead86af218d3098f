"""The edge role: the reference edge, and the base of the fake edge that certifies controllers.

:class:`EdgeCore` is sans-I/O: it takes a frame and a clock value and returns an
:class:`EdgeDecision` -- the frames to send, the judgement, and (for planted timing and
connection defects) a delay or a close, as data. :func:`run_edge` is the thin asyncio
runner over a :class:`~harness.transport.Link`; :func:`serve_edge_listen` and
:func:`serve_edge_connect` run it as a server or as a dialling client, and
:class:`ReferenceEdge` wraps those in a thread for synchronous callers.

Behaviour (vendor-notes.md, Answers): a frame that is not JSON, or a message whose
envelope breaks an envelope rule, is dropped without an answer; a pod that breaks a
content rule is answered ``FAILED: <reason>`` (the vendor's ``FeedbackError``);
anything else is answered ``OK`` (pod-update.txt, "Result returned"). The vendor's
limits (256 KiB messages, 5 msg/s burst 5) are optional emulation, off by default.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl as ssl_module
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from harness.message import DecodeError, FailureStyle, answer_failed, answer_ok, decode, encode, new_msg_id, now_ms
from harness.messages import envelope_rule_ids, spec_for_message
from harness.roles.defects import LEAVE_AFTER_ANSWERS, LIBRARY_DEFAULT_MAX_MESSAGE, Defect, misshape_answer
from harness.rules.access import get_ci
from harness.rules.model import Profile
from harness.rules.validator import Violation
from harness.rules.vendor_config import VendorConfig
from harness.transport import (
    DEFAULT_MAX_SIZE,
    ConnectFailed,
    ConnectionLost,
    Frame,
    Link,
    Listener,
    LoopThread,
    TokenBucket,
    dial,
    payload_size,
)

#: The vendor edge drops any message of this size or more (vendor-notes.md, Limits).
VENDOR_MAX_MESSAGE_BYTES = 256 * 1024
#: The vendor edge's rate limit: (messages per second, burst) (vendor-notes.md, Limits).
VENDOR_RATE_LIMIT: tuple[float, int] = (5.0, 5)
#: The vendor edge's keepalive period in seconds (vendor-notes.md, Connection).
VENDOR_KEEPALIVE_INTERVAL = 15.0
#: How late the ``answers-late`` defect answers, in seconds (longer than a usual per-answer timeout).
DEFAULT_LATE_ANSWER_DELAY_S = 30.0
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
_NAME_OF_UP_TO_129 = re.compile(r"^[a-z0-9]([a-z0-9-]{0,127}[a-z0-9])?$")
_NAME_PATH = "content.metadata.name"


@dataclass(frozen=True)
class Judgement:
    """How the edge judged one frame: answered OK, answered FAILED, or dropped unanswered."""

    kind: JudgementKind
    reason: str
    violations: list[Violation] = field(default_factory=list)


@dataclass(frozen=True)
class CloseRequest:
    """Close the connection after sending (a connection defect)."""

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
    defects_applied: tuple[Defect, ...] = ()
    #: After this decision the edge goes away for good (``leaves-for-good``): no re-dial, no accept.
    leave: bool = False


def describe(violation: Violation) -> str:
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


class EdgeCore:
    """The edge's protocol logic, without I/O: frame in, :class:`EdgeDecision` out.

    ``profile`` selects the rule profile; ``defects`` plants non-conformant behaviour
    (harness/roles/defects.py). Vendor emulation, off by default: ``max_message_bytes``
    drops messages of that size or more (the vendor: :data:`VENDOR_MAX_MESSAGE_BYTES`),
    ``rate_limit=(rate, burst)`` drops messages over the rate (the vendor:
    :data:`VENDOR_RATE_LIMIT`). ``report_pod_status`` sends a pod status report ahead of
    each OK answer, as upstream traffic may arrive between a request and its answer.
    """

    def __init__(self, profile: Profile = "strict", defects: frozenset[Defect] | set[Defect] = frozenset(), *,
                 max_message_bytes: int | None = None, rate_limit: tuple[float, int] | None = None,
                 failure_style: FailureStyle = "error", late_answer_delay_s: float = DEFAULT_LATE_ANSWER_DELAY_S,
                 report_pod_status: bool = False, vendor_config: VendorConfig | None = None) -> None:
        self.profile: Profile = profile
        self.vendor_config = vendor_config
        self.defects = frozenset(defects)
        self.max_message_bytes = max_message_bytes
        if rate_limit is None and Defect.RATE_LIMITED in self.defects:
            rate_limit = VENDOR_RATE_LIMIT
        self.rate_limit = rate_limit
        self._bucket = TokenBucket(*rate_limit) if rate_limit is not None else None
        self.failure_style: FailureStyle = failure_style
        self.late_answer_delay_s = late_answer_delay_s
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
            return _dropped(f"over the rate limit ({rate:g} messages/s, burst {burst})")
        if self.max_message_bytes is not None and size >= self.max_message_bytes:
            return _dropped(f"message of {size} bytes; the limit is under {self.max_message_bytes} bytes")
        if Defect.CLOSES_ON_LARGE_MESSAGE in self.defects and size > LIBRARY_DEFAULT_MAX_MESSAGE:
            return EdgeDecision([], Judgement("dropped", f"message of {size} bytes over the library's 1 MiB"),
                                close=CloseRequest(1009, "message too big"),
                                defects_applied=(Defect.CLOSES_ON_LARGE_MESSAGE,))
        message = decode(data)
        if isinstance(message, DecodeError):
            return _dropped(message.reason)
        spec = spec_for_message(message)  # a route no spec takes is judged as a pod update (its envelope breaks)
        violations = spec.validate(message, self.profile, self.vendor_config) if spec is not None else []
        envelope = [v for v in violations if v.rule in ENVELOPE_RULE_IDS]
        content = [v for v in violations if v.rule not in ENVELOPE_RULE_IDS]
        applied: list[Defect] = []
        content = self._planted_checks(message, content, applied)
        request_id = get_ci(get_ci(message, "header"), "msg_id")
        request_id = request_id if isinstance(request_id, str) else None

        if envelope:
            if Defect.ANSWERS_ENVELOPE_GARBAGE not in self.defects:
                return _dropped(f"envelope: {describe(envelope[0])}", envelope, request_id=request_id)
            applied.append(Defect.ANSWERS_ENVELOPE_GARBAGE)
            judgement = Judgement("ok", f"answered despite the envelope: {describe(envelope[0])}", envelope)
        elif content and Defect.ACCEPTS_EVERYTHING in self.defects:
            applied.append(Defect.ACCEPTS_EVERYTHING)
            judgement = Judgement("ok", f"accepted despite {describe(content[0])}", content)
        elif content:
            judgement = Judgement("rejected", describe(content[0]), content)
        elif Defect.REJECTS_EVERYTHING in self.defects:
            applied.append(Defect.REJECTS_EVERYTHING)
            judgement = Judgement("rejected", "the pod is rejected (every pod is)")
        else:
            judgement = Judgement("ok", "conformant")
        return self._answer(message, judgement, request_id, applied, now)

    def _planted_checks(self, message: dict[str, Any], content: list[Violation],
                        applied: list[Defect]) -> list[Violation]:
        """The content violations as a defective edge would see them."""
        defects = self.defects
        if not defects & {Defect.ACCEPTS_NAME_OF_129, Defect.SKIPS_PRIVILEGED_CHECK, Defect.REJECTS_NAME_OF_128,
                          Defect.REQUIRES_NAMESPACE}:
            return content
        metadata = get_ci(get_ci(message, "content"), "metadata")
        name = get_ci(metadata, "name")
        out = list(content)
        if Defect.ACCEPTS_NAME_OF_129 in defects and isinstance(name, str) and len(name) == 129 \
                and _NAME_OF_UP_TO_129.match(name):
            kept = [v for v in out if not (v.rule == "META-NAME" and v.path == _NAME_PATH)]
            if len(kept) < len(out):
                applied.append(Defect.ACCEPTS_NAME_OF_129)
            out = kept
        if Defect.SKIPS_PRIVILEGED_CHECK in defects:
            kept = [v for v in out if v.rule != "SEC-PRIVILEGED"]
            if len(kept) < len(out):
                applied.append(Defect.SKIPS_PRIVILEGED_CHECK)
            out = kept
        if Defect.REJECTS_NAME_OF_128 in defects and isinstance(name, str) and len(name) == 128:
            applied.append(Defect.REJECTS_NAME_OF_128)
            out.insert(0, Violation("META-NAME", _NAME_PATH, "is longer than 127 characters"))
        if Defect.REQUIRES_NAMESPACE in defects and isinstance(metadata, dict) \
                and get_ci(metadata, "namespace") is None:
            applied.append(Defect.REQUIRES_NAMESPACE)
            out.insert(0, Violation("META-NAMESPACE", "content.metadata.namespace", "is missing"))
        return out

    def _answer(self, request: dict[str, Any], judgement: Judgement, request_id: str | None,
                applied: list[Defect], now: int) -> EdgeDecision:
        defects = self.defects
        self._answers += 1
        if judgement.kind == "ok":
            answer = answer_ok(request, timestamp=now)
        else:
            answer = answer_failed(request, judgement.reason, style=self.failure_style, timestamp=now)
        answer, shaped = misshape_answer(
            answer, defects, request_msg_id=request_id, previous_request_msg_id=self._previous_request_id,
            answer_number=self._answers, now_ms=now, stale_parent_fallback=new_msg_id())
        applied.extend(shaped)
        self._previous_request_id = request_id
        text = encode(answer)
        outgoing = [text]
        if judgement.kind == "ok" and self.report_pod_status:
            name = get_ci(get_ci(get_ci(request, "content"), "metadata"), "name")
            outgoing.insert(0, status_report(name if isinstance(name, str) else "", now))
        delay_s, close = 0.0, None
        rejected = judgement.kind == "rejected"
        if Defect.NEVER_ANSWERS in defects or (rejected and Defect.DROPS_INVALID_PODS in defects):
            applied.append(Defect.NEVER_ANSWERS if Defect.NEVER_ANSWERS in defects else Defect.DROPS_INVALID_PODS)
            outgoing = [t for t in outgoing if t is not text]
        else:
            if Defect.ANSWERS_TWICE in defects:
                applied.append(Defect.ANSWERS_TWICE)
                outgoing.append(text)
            if Defect.NON_JSON_AFTER_ANSWER in defects:
                applied.append(Defect.NON_JSON_AFTER_ANSWER)
                outgoing.append(f"answered {request_id or 'a message'}: {answer.get('content')!s}")
            if Defect.ANSWERS_LATE in defects:
                applied.append(Defect.ANSWERS_LATE)
                delay_s = self.late_answer_delay_s
        if rejected and Defect.CLOSES_AFTER_REJECTING in defects:
            applied.append(Defect.CLOSES_AFTER_REJECTING)
            close = CloseRequest(1011, "pod rejected")
        leave = Defect.LEAVES_FOR_GOOD in defects and self._answers >= LEAVE_AFTER_ANSWERS
        if leave:
            applied.append(Defect.LEAVES_FOR_GOOD)
            close = CloseRequest(1001, "going away")
        binary = Defect.BINARY_ANSWERS in defects and bool(outgoing)
        if binary:
            applied.append(Defect.BINARY_ANSWERS)
        return EdgeDecision(outgoing, judgement, delay_s=delay_s, close=close, binary=binary,
                            request_id=request_id, defects_applied=tuple(dict.fromkeys(applied)), leave=leave)


def _dropped(reason: str, violations: list[Violation] | None = None, *, request_id: str | None = None) -> EdgeDecision:
    return EdgeDecision([], Judgement("dropped", reason, violations or []), request_id=request_id)


@dataclass(frozen=True)
class EdgeOptions:
    """Everything that configures a reference edge; one fresh :class:`EdgeCore` per connection."""

    profile: Profile = "strict"
    defects: frozenset[Defect] = frozenset()
    keepalive_interval: float | None = None
    node_id: str = DEFAULT_NODE_ID
    max_message_bytes: int | None = None
    rate_limit: tuple[float, int] | None = None
    failure_style: FailureStyle = "error"
    late_answer_delay_s: float = DEFAULT_LATE_ANSWER_DELAY_S
    report_pod_status: bool = False
    max_size: int | None = DEFAULT_MAX_SIZE
    headers: Mapping[str, str] = field(default_factory=lambda: dict(VENDOR_LIKE_HEADERS))
    redial_backoff_s: tuple[float, float] = (0.1, 2.0)
    #: TLS: a client context when the edge dials (verify the controller), a server context when it listens.
    ssl: ssl_module.SSLContext | None = None
    #: The vendor profile's settings (--vendor-config); ``None``: its configuration-dependent checks are off.
    vendor_config: VendorConfig | None = None

    def make_core(self) -> EdgeCore:
        return EdgeCore(self.profile, self.defects, max_message_bytes=self.max_message_bytes,
                        rate_limit=self.rate_limit, failure_style=self.failure_style,
                        late_answer_delay_s=self.late_answer_delay_s, report_pod_status=self.report_pod_status,
                        vendor_config=self.vendor_config)


@dataclass(frozen=True)
class EdgeEvent:
    """One received frame and what the edge decided about it (evidence for reports)."""

    frame: Frame
    decision: EdgeDecision


EventCallback = Callable[[EdgeEvent], None]


async def _deliver(link: Link, decision: EdgeDecision) -> None:
    """Carry out a decision: wait, send, close. A connection that is gone ends it quietly."""
    try:
        if decision.delay_s > 0:
            await asyncio.sleep(decision.delay_s)
        for text in decision.outgoing:
            if decision.binary:
                await link.send_binary(text.encode("utf-8"))
            else:
                await link.send_text(text)
        if decision.close is not None:
            await link.close(decision.close.code, decision.close.reason)
    except ConnectionLost:
        pass


async def run_edge(link: Link, core: EdgeCore, *, keepalive_interval: float | None = None,
                   stop: asyncio.Event | None = None, journal: list[EdgeEvent] | None = None,
                   on_event: EventCallback | None = None, on_leave: Callable[[], None] | None = None) -> None:
    """Serve one connection: answer frames, send keepalives every ``keepalive_interval`` s.

    Returns when the connection ends or ``stop`` is set; never raises for what the peer does.
    Each decision is appended to ``journal`` and passed to ``on_event``; a decision to leave
    for good ends the connection and calls ``on_leave``.
    """
    loop = asyncio.get_running_loop()
    stop = stop or asyncio.Event()
    stopping = loop.create_task(stop.wait())
    delayed: set[asyncio.Task[None]] = set()
    next_keepalive = loop.time() + keepalive_interval if keepalive_interval else None
    try:
        while not stop.is_set():
            if next_keepalive is not None and loop.time() >= next_keepalive:
                try:
                    await link.send_text(core.keepalive(now_ms()))
                except ConnectionLost:
                    break
                next_keepalive += keepalive_interval or 0.0
                continue
            wait = None if next_keepalive is None else max(0.0, next_keepalive - loop.time())
            receiving = loop.create_task(link.receive(wait))
            await asyncio.wait({receiving, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not receiving.done():
                receiving.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await receiving
                break
            frame = receiving.result()
            if frame is None:
                continue
            if frame.kind == "close":
                break
            try:
                decision = core.on_frame(frame.data, now_ms(), received_at=int(frame.at * 1000))
            except Exception as exc:  # a bug in the core must not end the run: it becomes a verdict
                decision = _dropped(f"the edge core failed: {type(exc).__name__}: {exc}")
            event = EdgeEvent(frame, decision)
            if journal is not None:
                journal.append(event)
            if on_event is not None:
                with contextlib.suppress(Exception):
                    on_event(event)
            if decision.leave:
                await _deliver(link, decision)
                if on_leave is not None:
                    on_leave()
                break
            if decision.delay_s > 0:
                later = loop.create_task(_deliver(link, decision))
                delayed.add(later)
                later.add_done_callback(delayed.discard)
            elif decision.outgoing or decision.close is not None:
                await _deliver(link, decision)
    finally:
        for task in (stopping, *delayed):
            task.cancel()
        await asyncio.gather(stopping, *delayed, return_exceptions=True)


class EdgeService:
    """A reference edge running on the current event loop (see :func:`serve_edge_listen`)."""

    def __init__(self, options: EdgeOptions, url: str, on_event: EventCallback | None = None) -> None:
        self.options = options
        self.on_event = on_event
        self.url = url
        self.journal: list[EdgeEvent] = []
        self.links: list[Link] = []
        self.stop_event = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._listener: Listener | None = None
        self._connected = asyncio.Event()

    @property
    def port(self) -> int | None:
        return self._listener.port if self._listener is not None else None

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve(self, link: Link) -> None:
        self.links.append(link)
        self._connected.set()
        try:
            await run_edge(link, self.options.make_core(), keepalive_interval=self.options.keepalive_interval,
                           stop=self.stop_event, journal=self.journal, on_event=self.on_event,
                           on_leave=self._leave)
        finally:
            if not link.closed:
                await link.close(1001, "edge stopping")

    def _leave(self) -> None:
        """The edge goes away for good (``leaves-for-good``): it stops dialling and accepting."""
        self.stop_event.set()
        if self._listener is not None:
            self._spawn(self._listener.close())

    async def _accept_forever(self, listener: Listener) -> None:
        while not self.stop_event.is_set():
            link = await listener.accept()
            if link is not None:
                self._spawn(self._serve(link))

    async def _dial_forever(self, first: Link | None) -> None:
        link: Link | None = first
        low, high = self.options.redial_backoff_s
        backoff = low
        while not self.stop_event.is_set():
            if link is not None:
                await self._serve(link)
                backoff = low
                link = None
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop_event.wait(), backoff)
            if self.stop_event.is_set():
                break
            try:
                link = await dial(self.url, headers=self.options.headers, max_size=self.options.max_size,
                                  ssl=self.options.ssl)
            except ConnectFailed:
                backoff = min(high, backoff * 2)

    async def wait_connected(self, timeout: float | None = None) -> bool:
        """Wait until a peer is connected (at least once)."""
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def stop(self) -> None:
        """Stop serving: close connections (1001) and the listener; wait for the tasks."""
        self.stop_event.set()
        if self._listener is not None:
            await self._listener.close()
        for link in self.links:
            if not link.closed:
                await link.close(1001, "edge stopping")
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def serve_edge_listen(host: str = "127.0.0.1", port: int = 0, options: EdgeOptions | None = None, *,
                            on_event: EventCallback | None = None) -> EdgeService:
    """Start a reference edge that listens (the controller dials it); raises ``ListenFailed``."""
    options = options or EdgeOptions()
    listener = await Listener.start(host, port, max_size=options.max_size, ssl=options.ssl)
    scheme = "wss" if options.ssl is not None else "ws"
    service = EdgeService(options, listener.url(options.node_id, scheme=scheme), on_event)
    service._listener = listener
    service._spawn(service._accept_forever(listener))
    return service


async def serve_edge_connect(url: str, options: EdgeOptions | None = None, *,
                             on_event: EventCallback | None = None, keep_dialling: bool = False) -> EdgeService:
    """Start a reference edge that dials ``url`` and re-dials after a drop; raises ``ConnectFailed`` when
    the first dial fails, unless ``keep_dialling`` (then it re-dials with back-off until the controller
    answers, as the vendor's edge does).

    ``url`` is the controller's ``ws://HOST:PORT/websocket/<node_id>/events``.
    """
    options = options or EdgeOptions()
    first: Link | None = None
    try:
        first = await dial(url, headers=options.headers, max_size=options.max_size, ssl=options.ssl)
    except ConnectFailed:
        if not keep_dialling:
            raise
    service = EdgeService(options, url, on_event)
    service._spawn(service._dial_forever(first))
    return service


class ReferenceEdge:
    """A reference edge in a background thread, for synchronous code (pytest steps)::

        edge = ReferenceEdge.start_listening(defects={Defect.ANSWERS_TWICE})
        ...  # a controller dials edge.url
        edge.stop()

    Keyword options are :class:`EdgeOptions` fields.
    """

    def __init__(self, thread: LoopThread, service: EdgeService) -> None:
        self._thread = thread
        self._service = service

    @classmethod
    def _start(cls, starter: Any) -> ReferenceEdge:
        thread = LoopThread("edgeconform-reference-edge")
        try:
            service = thread.call(starter)
        except BaseException:
            thread.stop()
            raise
        return cls(thread, service)

    @classmethod
    def start_listening(cls, host: str = "127.0.0.1", port: int = 0, **options: Any) -> ReferenceEdge:
        """Listen on ``host:port`` (0: a free port); raises ``ListenFailed``."""
        return cls._start(serve_edge_listen(host, port, _options(options)))

    @classmethod
    def start_dialling(cls, url: str, **options: Any) -> ReferenceEdge:
        """Dial the controller at ``url`` (re-dialling after drops); raises ``ConnectFailed``."""
        return cls._start(serve_edge_connect(url, _options(options)))

    @property
    def url(self) -> str:
        return self._service.url

    @property
    def port(self) -> int | None:
        return self._service.port

    @property
    def journal(self) -> list[EdgeEvent]:
        """What the edge received and decided so far (a copy)."""
        return list(self._service.journal)

    def wait_connected(self, timeout: float = 5.0) -> bool:
        return bool(self._thread.call(self._service.wait_connected(timeout)))

    def stop(self) -> None:
        """Stop the edge and its thread (idempotent)."""
        if self._thread.alive:
            with contextlib.suppress(Exception):
                self._thread.call(self._service.stop(), timeout=30)
            self._thread.stop()

    def __enter__(self) -> ReferenceEdge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _options(options: Mapping[str, Any]) -> EdgeOptions:
    values = dict(options)
    if "defects" in values:
        values["defects"] = frozenset(values["defects"])
    return EdgeOptions(**values)
