"""The controller role: the fake controller that certifies an edge.

:class:`Correlator` is sans-I/O: it remembers the requests sent and classifies every
received frame -- an answer to a request sent (``parent_msg_id`` matches), an answer to
an id never sent, a keepalive, other upstream traffic (pod status reports...), a frame
that is not JSON, a binary frame. Upstream traffic interleaves with answers at any time
(vendor-notes.md, Connection), so only ``parent_msg_id`` makes an answer.

:class:`FakeController` is the asyncio runner: it listens as the vendor's management
server (the edge dials ``/websocket/<node_id>/events``) or dials an edge that listens,
paces its sends with a token bucket (the vendor edge drops above 5 msg/s, burst 5:
vendor-notes.md, Limits), and turns each request into an :class:`Exchange` -- the
evidence of one case. Whatever the edge does becomes an outcome, never an exception.
:class:`ControllerSession` is the same with blocking methods, for pytest-bdd steps.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl as ssl_module
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from harness.compare import ExtraKeys, MatchContext, Mismatch, compare, golden
from harness.message import DecodeError, Envelope, decode, encode, now_ms
from harness.transport import (
    DEFAULT_MAX_SIZE,
    DEFAULT_OPEN_TIMEOUT,
    ConnectFailed,
    ConnectionLost,
    Frame,
    Handshake,
    Link,
    Listener,
    LoopThread,
    TokenBucket,
    dial,
    frames_to_jsonable,
)

#: Default pace: under the vendor edge's 5 messages/s (vendor-notes.md, Limits).
DEFAULT_RATE = 4.0
#: The vendor edge's burst (vendor-notes.md, Limits).
DEFAULT_BURST = 5
#: Default seconds to wait for an edge that dropped to dial again (listen mode).
DEFAULT_REDIAL_WAIT = 10.0
#: Requests sent ahead without an answer yet, at most (a slow edge still answers each well within
#: its timeout; an edge that never answers costs about one timeout per this many cases).
DEFAULT_IN_FLIGHT = 256
#: A close this soon after an answer may follow that answer (an edge that closes after rejecting):
#: the request in flight then goes out again on the next connection instead of failing.
CLOSE_FOLLOWS_ANSWER_MS = 50
#: ``route.resource`` of the edge's pod status reports (vendor-notes.md, Connection).
POD_STATUS_RESOURCE = "websocket/podstatus"

#: ``route.operation`` of an answer (pod-update.txt, "Result returned"; vendor-notes.md, Answers).
ANSWER_OPERATIONS = frozenset({"response", "error"})
FrameClass = Literal["answer", "unknown-answer", "keepalive", "upstream", "not-json", "binary", "close"]
Outcome = Literal["answered", "timeout", "misanswered", "disconnected", "not-sent"]
Message = dict[str, Any] | str | bytes


def _ms(frame: Frame) -> int:
    return int(frame.at * 1000)


@dataclass(frozen=True)
class Classified:
    """One received frame and what it is.

    ``message`` is the decoded JSON object (also for a binary frame that holds one);
    ``request_id`` is the ``parent_msg_id`` it answers, if any; ``note`` says why a
    frame is ``not-json`` or ``binary``.
    """

    kind: FrameClass
    frame: Frame
    message: dict[str, Any] | None = None
    request_id: str | None = None
    note: str = ""

    @property
    def received_at_ms(self) -> int:
        return _ms(self.frame)

    def to_jsonable(self, max_chars: int = 4096) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "frame": self.frame.to_jsonable(max_chars)}
        if self.request_id is not None:
            out["request_id"] = self.request_id
        if self.note:
            out["note"] = self.note
        return out


def _closer(end: Frame) -> str:
    """Who ended the connection: a close the harness sent (a frame over its limit) or the edge's."""
    return "the harness closed the connection" if end.direction == "sent" else "the edge closed the connection"


def compare_first_answer(exchange: Exchange, golden_path: str, *, seen_msg_ids: frozenset[str],
                         extra_keys: ExtraKeys) -> list[Mismatch]:
    """The differences between the first answer of ``exchange`` and a golden answer, its volatile
    values judged against the exchange: the request, the window from sending to receiving, the ids
    already seen. The exchange must have an answer."""
    answer, received_at = exchange.answers[0]
    request = exchange.request if isinstance(exchange.request, dict) else decode(exchange.request_text)
    context = MatchContext(request=request if isinstance(request, dict) else {},
                           window_start_ms=exchange.sent_at_ms or received_at, window_end_ms=received_at,
                           seen_msg_ids=seen_msg_ids)
    return compare(answer, golden(golden_path), context, extra_keys=extra_keys)


class Correlator:
    """Requests sent, and the classification of every frame received (no I/O).

    Keeps the session-level evidence: answers per request id (exactly one is expected),
    and every frame that is not JSON, binary, or answers an id never sent.
    """

    def __init__(self) -> None:
        self.sent: dict[str, int] = {}
        self.requests: list[str] = []
        self.answer_counts: Counter[str] = Counter()
        self.answers: dict[str, list[dict[str, Any]]] = {}
        self.not_json: list[Classified] = []
        self.binary: list[Classified] = []
        self.unknown_answers: list[Classified] = []

    def request_sent(self, msg_id: str | None, at_ms: int) -> None:
        """Remember a request (a request without a usable msg_id cannot be answered)."""
        if msg_id:
            self.sent[msg_id] = at_ms
            self.requests.append(msg_id)

    def classify(self, frame: Frame) -> Classified:
        """What ``frame`` is; updates the session counts."""
        if frame.kind == "close":
            return Classified("close", frame, note=f"close {frame.close_code} {frame.close_reason or ''}".strip())
        decoded = decode(frame.data)
        message = decoded if isinstance(decoded, dict) else None
        if frame.kind == "binary":
            parent = Envelope(message).parent_msg_id if message is not None else None
            note = "a binary frame" + (f" holding an answer to {parent}" if parent else "")
            result = Classified("binary", frame, message, parent or None, note)
            self.binary.append(result)
            return result
        if isinstance(decoded, DecodeError):
            result = Classified("not-json", frame, note=decoded.reason)
            self.not_json.append(result)
            return result
        assert message is not None
        view = Envelope(message)
        if view.is_keepalive:
            return Classified("keepalive", frame, message)
        if (view.resource or "").startswith(POD_STATUS_RESOURCE):
            return Classified("upstream", frame, message, note="a pod status report")
        parent = view.parent_msg_id
        if parent:
            if parent in self.sent:
                self.answer_counts[parent] += 1
                self.answers.setdefault(parent, []).append(message)
                return Classified("answer", frame, message, parent)
            result = Classified("unknown-answer", frame, message, parent, f"an answer to {parent}, never sent")
            self.unknown_answers.append(result)
            return result
        if view.operation in ANSWER_OPERATIONS:
            result = Classified("unknown-answer", frame, message, None, "an answer with an empty parent_msg_id")
            self.unknown_answers.append(result)
            return result
        return Classified("upstream", frame, message)

    def duplicate_answers(self) -> dict[str, int]:
        """Request ids answered more than once, with their answer counts."""
        return {rid: n for rid, n in self.answer_counts.items() if n > 1}

    def unanswered(self) -> list[str]:
        """Request ids sent and never answered (so far)."""
        return [rid for rid in dict.fromkeys(self.requests) if self.answer_counts[rid] == 0]


@dataclass
class Exchange:
    """The evidence of one case: what was sent, what came back, and the outcome."""

    request: Any
    request_text: str | bytes
    request_id: str | None
    sent_at_ms: int | None
    timeout_s: float
    outcome: Outcome
    reason: str
    answers: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    others: list[Classified] = field(default_factory=list)
    wire: list[Frame] = field(default_factory=list)
    #: Which connection of the session carried it (1 = the first; 0 = none).
    connection: int = 0

    @property
    def answer(self) -> dict[str, Any] | None:
        """The first answer, if any."""
        return self.answers[0][0] if self.answers else None

    @property
    def latency_ms(self) -> int | None:
        if not self.answers or self.sent_at_ms is None:
            return None
        return self.answers[0][1] - self.sent_at_ms

    def to_jsonable(self, max_chars_per_frame: int = 4096) -> dict[str, Any]:
        return {
            "request_id": self.request_id, "sent_at_ms": self.sent_at_ms, "timeout_s": self.timeout_s,
            "outcome": self.outcome, "reason": self.reason, "latency_ms": self.latency_ms,
            "answers": [{"message": m, "received_at_ms": at} for m, at in self.answers],
            "others": [c.to_jsonable(max_chars_per_frame) for c in self.others],
            "wire": frames_to_jsonable(self.wire, max_chars_per_frame),
        }


@dataclass
class Observation:
    """Frames received during a period of silence from the controller."""

    seconds: float
    frames: list[Classified]
    wire: list[Frame]
    disconnected: bool
    reason: str

    def of_kind(self, *kinds: FrameClass) -> list[Classified]:
        return [c for c in self.frames if c.kind in kinds]


def _prepare(message: Message) -> tuple[str | bytes, str | None]:
    """The frame to send and the msg_id to correlate on (``ValueError`` if it cannot be encoded)."""
    if isinstance(message, bytes | str):
        decoded = decode(message)
        request_id = Envelope(decoded).msg_id if isinstance(decoded, dict) else None
        return message, request_id
    try:
        text = encode(message)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"cannot encode the request as JSON: {exc}") from None
    return text, Envelope(message).msg_id if isinstance(message, dict) else None


class FakeController:
    """The controller side over one edge connection at a time.

    ``rate`` messages/second with ``burst`` (``rate=0``: unpaced; the default stays
    under the vendor edge's limit). In listen mode an edge that dropped gets
    ``redial_wait_s`` seconds to dial again before an exchange is declared
    ``disconnected``; a newer connection from the edge replaces the current one.
    In connect mode the edge is dialled again once. Once the edge has been away longer than
    that, every request still to go fails at once, until it comes back.

    Requests submitted ahead (:meth:`submit`) go out in order while earlier ones wait for
    their answers, at most ``in_flight`` unanswered at a time (1: one exchange after another);
    each keeps its own timeout, counted from its sending. Every frame received is routed by
    ``parent_msg_id`` to its request's ticket; evidence that an answer came misnamed ends the
    wait of the oldest request waiting. After a connection closes with requests in flight,
    nothing more is sent ahead (an edge that drops connections loses what was sent ahead).
    """

    def __init__(self, *, rate: float = DEFAULT_RATE, burst: int = DEFAULT_BURST,
                 max_size: int | None = DEFAULT_MAX_SIZE, redial_wait_s: float = DEFAULT_REDIAL_WAIT,
                 open_timeout: float = DEFAULT_OPEN_TIMEOUT, in_flight: int = DEFAULT_IN_FLIGHT) -> None:
        self.correlator = Correlator()
        self.bucket = TokenBucket(rate, burst)
        self.max_size = max_size
        self.redial_wait_s = redial_wait_s
        self.open_timeout = open_timeout
        self.links: list[Link] = []
        self.events: list[tuple[int, str]] = []
        self.between: list[Classified] = []
        self._listener: Listener | None = None
        self._url: str | None = None
        self._dial_headers: dict[str, str] = {}
        self._ssl: ssl_module.SSLContext | None = None
        self._link: Link | None = None
        self._log_mark = 0
        self._last_failure = ""
        # the pipeline: tickets queued, sent and waiting; who owns which frame of the wire log
        self._outbox: deque[Ticket] = deque()
        self._open: list[Ticket] = []
        self._by_id: dict[str, Ticket] = {}
        self._owner: dict[tuple[str, float, int], Ticket] = {}
        self._observers: list[list[Classified]] = []
        self._outbox_ready = asyncio.Event()
        self._slot_freed = asyncio.Event()
        self._link_changed = asyncio.Event()
        self._sender: asyncio.Task[None] | None = None
        self._pump: asyncio.Task[None] | None = None
        self._window = max(1, in_flight)
        self._submitted = 0
        self._last_answered = ""
        self._last_answer_ms = 0
        self._between_seen = 0
        self._unwaited: Ticket | None = None
        #: Requests sent without a msg_id, oldest first, not yet matched to an answer with an empty parent.
        self._without_id: deque[Ticket] = deque()
        self._gone = ""

    # -- connection ------------------------------------------------------------------

    async def listen(self, host: str = "127.0.0.1", port: int = 0, *,
                     ssl: ssl_module.SSLContext | None = None,
                     require_authorization: Callable[[str | None], bool] | None = None) -> int:
        """Listen as the management server (optionally over TLS, requiring Basic credentials);
        returns the port. Raises ``ListenFailed``."""
        self._listener = await Listener.start(host, port, max_size=self.max_size, open_timeout=self.open_timeout,
                                              ssl=ssl, require_authorization=require_authorization)
        self._note(f"listening on {host}:{self._listener.port}")
        return self._listener.port

    def url(self, node_id: str, *, scheme: str = "ws") -> str:
        """The URL an edge dials to reach this controller (listen mode)."""
        if self._listener is None:
            raise RuntimeError("the controller is not listening")
        return self._listener.url(node_id, scheme=scheme)

    async def connect(self, url: str, *, headers: Mapping[str, str] | None = None,
                      ssl: ssl_module.SSLContext | None = None) -> None:
        """Dial an edge that listens. Raises ``ConnectFailed`` with a one-line reason."""
        self._url, self._dial_headers, self._ssl = url, dict(headers or {}), ssl
        link = await dial(url, headers=self._dial_headers, max_size=self.max_size,
                          open_timeout=self.open_timeout, ssl=ssl)
        self._adopt(link)

    @property
    def link(self) -> Link | None:
        return self._link

    @property
    def connected(self) -> bool:
        return self._link is not None and not self._link.closed

    @property
    def handshakes(self) -> list[Handshake]:
        """Every opening handshake of the session, oldest first."""
        return [link.handshake for link in self.links]

    def _note(self, text: str) -> None:
        self.events.append((now_ms(), text))

    def _adopt(self, link: Link) -> None:
        self._link = link
        self._log_mark = 0
        self.links.append(link)
        self._link_changed.set()
        shake = link.handshake
        self._note(f"edge connected: {shake.remote_address} {shake.path}")

    async def _current_link(self, wait_s: float) -> Link | None:
        """The open link to use, adopting a newer connection or waiting for a re-dial."""
        if self._listener is not None:
            newer = self._listener.accepted_pending()
            if newer:
                superseded = [old for old in ([self._link] if self._link is not None else []) + newer[:-1]
                              if not old.closed]
                for old in superseded:
                    self._note(f"closing a connection superseded by a newer one: {old.handshake.remote_address}")
                # Together, not one after another: peers that ignore close frames each cost a close timeout.
                await asyncio.gather(*(old.close(1000, "superseded by a newer connection") for old in superseded),
                                     return_exceptions=True)
                self._adopt(newer[-1])
            if self._link is not None and not self._link.closed:
                return self._link
            link = await self._listener.accept(wait_s)
            if link is None:
                diagnosis = self._listener.diagnosis()
                self._last_failure = (f"no edge connected: none dialled within {wait_s:g} s"
                                      if self._link is None else
                                      f"the edge disconnected and did not dial again within {wait_s:g} s"
                                      ) + (f" ({diagnosis})" if diagnosis else "")
                return None
            self._adopt(link)
            return link
        if self._link is not None and not self._link.closed:
            return self._link
        if self._url is None:
            self._last_failure = "no edge: neither listening nor connected"
            return None
        try:
            link = await dial(self._url, headers=self._dial_headers, max_size=self.max_size,
                              open_timeout=min(self.open_timeout, max(wait_s, 0.1)), ssl=self._ssl)
        except ConnectFailed as exc:
            self._last_failure = f"the edge disconnected and dialling it again failed: {exc}"
            return None
        self._note("dialled the edge again")
        self._adopt(link)
        return link

    async def wait_for_edge(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for a connected edge."""
        return await self._current_link(timeout) is not None

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        while not self.bucket.try_take(loop.time()):
            await asyncio.sleep(self.bucket.wait_time(loop.time()))

    # -- cases -----------------------------------------------------------------------

    def submit(self, message: Message, *, timeout: float, wait_after_answer: float = 0.0,
               label: str = "") -> Ticket:
        """Queue ``message`` to be sent (in order, at the pace ``rate`` allows, at most
        :data:`DEFAULT_IN_FLIGHT` unanswered at a time) and return its :class:`Ticket` at once;
        :meth:`result` waits for its :class:`Exchange`. ``label`` names the case in reasons."""
        ticket = Ticket(message, timeout, wait_after_answer, label or f"request {self._submitted + 1}")
        self._submitted += 1
        try:
            ticket.payload, ticket.request_id = _prepare(message)
        except ValueError as exc:
            self._finish(ticket, "not-sent", str(exc))
            return ticket
        self._outbox.append(ticket)
        self._start_tasks()
        self._outbox_ready.set()
        return ticket

    async def result(self, ticket: Ticket) -> Exchange:
        """Wait until ``ticket`` has an outcome (answered, its timeout passed after it was sent, its
        wait ended by evidence, or its edge gone) and return the evidence of its case."""
        while not ticket.done.is_set():
            if ticket.sent_at_ms is None:
                await ticket.wait_for_change()
                continue
            remaining = ticket.end_ms() / 1000 - time.time()
            if remaining > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(ticket.wait_for_change(), remaining + 0.005)
                continue
            if ticket.link is not None:  # what arrived up to now is judged before the timeout
                for frame in ticket.link.pending():
                    self._route(frame, ticket.link)
            self._expire(time.time() * 1000)
        return self._exchange_of(ticket)

    async def exchange(self, message: Message, *, timeout: float, wait_after_answer: float = 0.0,
                       label: str = "") -> Exchange:
        """Send ``message`` (a dict, raw text, or raw bytes as a binary frame) and collect the answer.

        Waits up to ``timeout`` s for an answer correlated by ``parent_msg_id``, then
        ``wait_after_answer`` s more to catch duplicates. Never raises for what the edge does.
        """
        return await self.result(self.submit(message, timeout=timeout, wait_after_answer=wait_after_answer,
                                             label=label))

    def _start_tasks(self) -> None:
        if self._sender is None or self._sender.done():
            self._sender = asyncio.get_running_loop().create_task(self._send_loop(), name="edgeconform-sender")
        if self._pump is None or self._pump.done():
            self._pump = asyncio.get_running_loop().create_task(self._pump_loop(), name="edgeconform-pump")

    async def _send_loop(self) -> None:
        """Send queued tickets in order: a link, a free slot, a token, then the frame."""
        while True:
            while not self._outbox:
                self._outbox_ready.clear()
                await self._outbox_ready.wait()
            ticket = self._outbox[0]
            link = await self._link_for_send()
            if not self._outbox or self._outbox[0] is not ticket:
                continue  # requests lost with a connection went out again ahead of it meanwhile
            if link is None:
                self._outbox.popleft()
                self._finish(ticket, "disconnected", self._gone or ticket.lost or self._last_failure)
                continue
            if len(self._unanswered()) >= self._window:
                await self._wait_for_a_slot(link)
                continue
            await self._pace()
            if link.closed or not self._outbox or self._outbox[0] is not ticket:
                continue
            self._outbox.popleft()
            await self._send(link, ticket)

    async def _wait_for_a_slot(self, link: Link) -> None:
        """Until a request in flight ends: answered, or its time up (nobody need be waiting on it:
        a case that failed early leaves its later requests to time out here)."""
        self._slot_freed.clear()
        ends = [t.end_ms() for t in self._open]
        wait = max(0.0, min(ends) / 1000 - time.time()) + 0.005 if ends else None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._slot_freed.wait(), wait)
        for frame in link.pending():  # what arrived up to now is judged before a timeout
            self._route(frame, link)
        self._expire(time.time() * 1000)

    async def _send(self, link: Link, ticket: Ticket) -> None:
        mark = link.log.mark()
        self._between_seen = len(self.between)
        ticket.link, ticket.log_start, ticket.sent_at_ms = link, mark, now_ms()
        self.correlator.request_sent(ticket.request_id, ticket.sent_at_ms)  # before an answer can be read
        if ticket.request_id:
            self._by_id[ticket.request_id] = ticket
        self._open.append(ticket)
        ticket.changed()
        try:
            if isinstance(ticket.payload, bytes):
                await link.send_binary(ticket.payload)
            else:
                await link.send_text(ticket.payload)
        except ConnectionLost as exc:
            self._note(f"edge disconnected: {exc}")
            if not ticket.done.is_set():
                ticket.sent_at_ms = None
                self._finish(ticket, "disconnected", f"could not send: {exc}")
            return
        logged = [f for f in link.log.since(mark) if f.direction == "sent"]
        if logged:
            ticket.sent_at_ms = _ms(logged[0])
            self._owner[_key(logged[0])] = ticket
            if ticket.request_id:
                self.correlator.sent[ticket.request_id] = ticket.sent_at_ms
        if ticket.timeout <= 0:
            self._unwaited = ticket
        if not ticket.request_id:
            self._without_id.append(ticket)
        if ticket.timeout <= 0 and not ticket.done.is_set():
            self._finish(ticket, "timeout", self._timeout_reason(ticket), end_ms=ticket.sent_at_ms)

    async def _link_for_send(self) -> Link | None:
        """The link to send on; after the edge left, no wait: the cases still to run fail at once."""
        if self._link is not None and not self._link.closed:
            return self._link
        left = self._gone
        link = await self._current_link(0.0 if left else self.redial_wait_s)
        if link is not None:
            self._gone = ""
            return link
        if not left and self.links:
            after = f"after {self._last_answered}" if self._last_answered else "before answering any request"
            detail = self._last_failure
            detail = "" if detail.startswith("the edge disconnected and did not dial again") else f" ({detail})"
            self._gone = f"the edge left {after} and did not come back within {self.redial_wait_s:g} s{detail}"
        return None

    async def _pump_loop(self) -> None:
        """Read the current link and route every frame as it arrives."""
        while True:
            link = self._link
            if link is None:
                self._link_changed.clear()
                await self._link_changed.wait()
                continue
            frame = await link.receive()
            if frame is None:
                continue
            self._route(frame, link)
            if frame.kind == "close":
                while self._link is link:
                    self._link_changed.clear()
                    await self._link_changed.wait()

    def _unanswered(self) -> list[Ticket]:
        return [t for t in self._open if not t.answers]

    def _expire(self, at_ms: float) -> None:
        """Close every ticket whose time ended before ``at_ms`` (frames are judged in arrival order)."""
        for ticket in [t for t in self._open if t.end_ms() < at_ms]:
            if ticket.answers:
                self._finish(ticket, "answered", self._answered_reason(ticket), end_ms=int(ticket.end_ms()))
            else:
                self._finish(ticket, "timeout", self._timeout_reason(ticket), end_ms=int(ticket.end_ms()))

    def _route(self, frame: Frame, link: Link) -> None:
        """Give one received frame to its case: an answer to the ticket it names; evidence of a
        misnamed answer to the oldest ticket still waiting; anything else to that ticket's others."""
        at = frame.at * 1000
        self._expire(at)
        classified = self.correlator.classify(frame)
        for observer in self._observers:
            observer.append(classified)
        if classified.kind == "close":
            self._lost(link, classified)
            return
        ticket = self._by_id.get(classified.request_id or "") if classified.kind == "answer" else None
        if ticket is not None and not ticket.done.is_set() and classified.message is not None \
                and (not ticket.answers or at - ticket.answers[0][1] <= ticket.wait_after_answer * 1000):
            ticket.answers.append((classified.message, _ms(frame)))
            self._owner[_key(frame)] = ticket
            self._last_answer_ms = _ms(frame)
            self._progress(link, _ms(frame))
            if ticket.wait_after_answer <= 0:
                self._finish(ticket, "answered", self._answered_reason(ticket), end_ms=_ms(frame))
            else:
                ticket.changed()
                self._slot_freed.set()
            return
        waiting = next((t for t in self._open if not t.answers and t.link is link and t.timeout > 0), None)
        evidence = self._evidence(classified, ticket)
        if evidence and classified.request_id is None and self._without_id:
            self._without_id.popleft()  # a request without a msg_id can only be answered so (in order)
            evidence = ""
        if evidence and waiting is None and self._unwaited is not None and not self._unwaited.misnamed:
            # an answer to a request sent without waiting (the edge answers in order): misnamed too
            self._unwaited.misnamed = True
        holder = waiting if evidence else next((t for t in self._open if t.link is link), None)
        if holder is None:
            self.between.append(classified)
            return
        holder.others.append(classified)
        if waiting is not None and evidence:
            waiting.misnamed = True
            self._finish(waiting, "misanswered", f"instead of an answer naming {waiting.request_id}, {evidence} "
                         f"arrived after {_ms(frame) - (waiting.sent_at_ms or _ms(frame))} ms", end_ms=_ms(frame))

    def _progress(self, link: Link, at_ms: int) -> None:
        """The edge answered on ``link``: every request still waiting there gets its timeout again from
        now. An edge works through what was sent ahead in turn, so a slow but steady edge is not
        failed for the queue in front of a request; one that answers nothing still ends in a timeout."""
        for waiting in self._open:
            if waiting.link is link and not waiting.answers and waiting.progress_ms < at_ms:
                waiting.progress_ms = at_ms
                waiting.changed()

    @staticmethod
    def _evidence(classified: Classified, named: Ticket | None) -> str:
        """Why a frame shows that the answer to the oldest waiting request came misnamed ("" when it
        does not): it names no request of the run, names nothing, or names a request whose own answer
        came misnamed (an edge that answers with a stale parent_msg_id). Evidence arriving while no
        request waits marks the last one sent without waiting (the edge answers in order)."""
        if classified.kind == "unknown-answer":
            return classified.note
        if classified.kind == "answer" and named is not None and named.misnamed:
            return f"an answer naming {named.request_id} (whose own answer came misnamed)"
        return ""

    def _lost(self, link: Link, classified: Classified) -> None:
        """The link ended: tickets answered on it end; the oldest one waiting fails (the edge closed
        on it) unless an answer came after it was sent or right before the close -- then the close
        may follow that answer, and it goes out again with the others, failing if it loses a
        connection twice."""
        self._note(f"edge disconnected: {classified.note}")
        end = classified.frame
        closed = f"{_closer(end)} ({end.close_code} {end.close_reason or ''})".strip()
        on_link = [t for t in self._open if t.link is link]
        for ticket in [t for t in on_link if t.answers]:
            self._finish(ticket, "answered", self._answered_reason(ticket, closed), end_ms=_ms(end))
        waiting = [t for t in on_link if not t.answers]
        if waiting and link is self._link:
            oldest = waiting[0]
            oldest.strikes += 1
            answered_behind = self._last_answer_ms >= (oldest.sent_at_ms or 0) \
                or _ms(end) - self._last_answer_ms <= CLOSE_FOLLOWS_ANSWER_MS
            if oldest.strikes >= 2 or not answered_behind:
                waiting.pop(0)
                again = " (also when sent again)" if oldest.strikes >= 2 else ""
                self._finish(oldest, "disconnected", f"{closed} before answering{again}", end_ms=_ms(end))
        for ticket in reversed(waiting):
            ticket.lost = f"{closed} before answering, and the edge did not come back"
            self._open.remove(ticket)
            ticket.earlier_wire += self._wire_of(ticket, _ms(end))
            ticket.link, ticket.sent_at_ms, ticket.others = None, None, []
            self._outbox.appendleft(ticket)
            ticket.changed()
        if waiting:
            self._window = 1  # an edge that drops connections loses what was sent ahead: no more of it
            self._outbox_ready.set()
        self._slot_freed.set()

    def _finish(self, ticket: Ticket, outcome: Outcome, reason: str, *, end_ms: int | None = None) -> None:
        if ticket.done.is_set():
            return
        ticket.outcome, ticket.reason = outcome, reason
        ticket.ended_ms = end_ms if end_ms is not None else now_ms()
        if ticket in self._open:
            self._open.remove(ticket)
        if outcome == "answered":
            self._last_answered = ticket.label
        ticket.done.set()
        ticket.changed()
        self._slot_freed.set()

    def _answered_reason(self, ticket: Ticket, closed: str = "") -> str:
        latency = ticket.answers[0][1] - (ticket.sent_at_ms or ticket.answers[0][1])
        count = len(ticket.answers)
        return (f"answered in {latency} ms" + (f"; {count} answers" if count > 1 else "")
                + (f"; then {closed}" if closed else ""))

    def _wire_of(self, ticket: Ticket, until_ms: int) -> list[Frame]:
        """The frames of the ticket's link from its sending to its end, less other cases' requests
        and answers."""
        if ticket.link is None:
            return []
        out = []
        for frame in ticket.link.log.since(ticket.log_start):
            if _ms(frame) > until_ms and frame.kind != "close":
                break
            owner = self._owner.get(_key(frame))
            if owner is None or owner is ticket:
                out.append(frame)
            if frame.kind == "close" and _ms(frame) > until_ms:
                break
        return out

    def _exchange_of(self, ticket: Ticket) -> Exchange:
        wire = ticket.earlier_wire + self._wire_of(ticket, ticket.ended_ms or now_ms())
        connection = next((n for n, link in enumerate(self.links, start=1) if link is ticket.link), 0)
        return Exchange(ticket.message, ticket.payload, ticket.request_id, ticket.sent_at_ms, ticket.timeout,
                        ticket.outcome or "timeout", ticket.reason, list(ticket.answers), list(ticket.others), wire,
                        connection)

    def _timeout_reason(self, ticket: Ticket) -> str:
        request_id, timeout, others = ticket.request_id, ticket.timeout, ticket.others
        if request_id is None:
            reason = f"the request has no msg_id to correlate an answer with; waited {timeout:g} s"
        else:
            reason = f"no answer with parent_msg_id {request_id} within {timeout:g} s"
            if ticket.progress_ms > (ticket.sent_at_ms or 0):
                reason += " of the edge's last answer"
        hints = []
        if any(c.kind == "binary" and c.request_id == request_id for c in others if request_id):
            hints.append("a binary frame carried an answer to it")
        stray = [c for c in others if c.kind in ("unknown-answer", "answer")]
        if stray:
            hints.append(f"{len(stray)} answer(s) to other ids arrived")
        not_json = sum(1 for c in others if c.kind == "not-json")
        if not_json:
            hints.append(f"{not_json} frame(s) that are not JSON arrived")
        return reason + (f" ({'; '.join(hints)})" if hints else "")

    async def observe(self, seconds: float) -> Observation:
        """Collect what the edge sends during ``seconds`` of silence (and what was waiting)."""
        link = self._link
        if self._listener is not None and (link is None or link.closed):
            link = await self._current_link(0)
        if link is None:
            return Observation(seconds, [], [], True, self._last_failure or "no edge connected")
        start = self._log_mark
        self._start_tasks()
        frames: list[Classified] = self.between[self._between_seen:]  # what came since the last request
        self._observers.append(frames)
        try:
            deadline = time.monotonic() + seconds
            while (remaining := deadline - time.monotonic()) > 0 and not link.closed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(link.wait_closed(), remaining)
            for frame in link.pending():
                self._route(frame, link)
        finally:
            self._observers.remove(frames)
            self._between_seen = len(self.between)
        self._log_mark = link.log.mark()
        close = next((c for c in frames if c.kind == "close"), None)
        if close is not None:
            disconnected, reason = True, f"{_closer(close.frame)}: {close.note}"
        else:
            disconnected, reason = False, f"observed {seconds:g} s"
        return Observation(seconds, [c for c in frames if c.kind != "close"], link.log.since(start), disconnected,
                           reason)

    async def close(self) -> None:
        """Close every connection (1000) and stop listening."""
        for task in (self._sender, self._pump):
            if task is not None:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
        for ticket in list(self._outbox) + list(self._open):
            self._finish(ticket, "not-sent" if ticket.sent_at_ms is None else "timeout", "the session ended")
        for link in self.links:
            if not link.closed:
                await link.close(1000, "controller done")
        if self._listener is not None:
            await self._listener.close()


def _key(frame: Frame) -> tuple[str, float, int]:
    """A frame's identity in a wire log (the log keeps a cut copy of a huge frame)."""
    return frame.direction, frame.at, frame.size


class Ticket:
    """One request on its way: queued, sent, then ended with an outcome (see :meth:`FakeController.submit`)."""

    def __init__(self, message: Message, timeout: float, wait_after_answer: float, label: str) -> None:
        self.message = message
        self.timeout = timeout
        self.wait_after_answer = wait_after_answer
        self.label = label
        self.payload: str | bytes = ""
        self.request_id: str | None = None
        self.link: Link | None = None
        self.log_start = 0
        self.sent_at_ms: int | None = None
        self.ended_ms: int | None = None
        self.answers: list[tuple[dict[str, Any], int]] = []
        self.others: list[Classified] = []
        self.earlier_wire: list[Frame] = []
        self.outcome: Outcome | None = None
        self.reason = ""
        self.lost = ""
        self.strikes = 0
        #: When the edge last answered another request on this ticket's link while it waited (ms):
        #: its timeout counts from there (``FakeController._progress``).
        self.progress_ms = 0
        #: Its answer came misnamed (evidence, or inferred for a request sent without waiting).
        self.misnamed = False
        self.done = asyncio.Event()
        self._change = asyncio.Event()

    def end_ms(self) -> float:
        """When the wait ends: the timeout after sending, or the wait after the first answer."""
        if self.answers:
            return self.answers[0][1] + self.wait_after_answer * 1000
        return max(self.sent_at_ms or 0, self.progress_ms) + self.timeout * 1000

    def changed(self) -> None:
        self._change.set()

    async def wait_for_change(self) -> None:
        await self._change.wait()
        self._change.clear()


class ControllerSession:
    """A :class:`FakeController` on a background event loop, with blocking methods.

    pytest-bdd steps are synchronous; this runs the controller in its own thread and
    shuts it down cleanly (:meth:`close`, or use it as a context manager).
    """

    def __init__(self, **controller_options: Any) -> None:
        self._thread = LoopThread("edgeconform-controller")

        async def make() -> FakeController:
            return FakeController(**controller_options)

        try:
            self.controller = self._thread.call(make())
        except BaseException:
            self._thread.stop()
            raise

    @property
    def correlator(self) -> Correlator:
        return self.controller.correlator

    @property
    def handshakes(self) -> list[Handshake]:
        return self.controller.handshakes

    @property
    def connected(self) -> bool:
        return self.controller.connected

    def listen(self, host: str = "127.0.0.1", port: int = 0, *, ssl: ssl_module.SSLContext | None = None,
               require_authorization: Callable[[str | None], bool] | None = None) -> int:
        return self._thread.call(self.controller.listen(host, port, ssl=ssl,
                                                        require_authorization=require_authorization))

    def url(self, node_id: str, *, scheme: str = "ws") -> str:
        return self.controller.url(node_id, scheme=scheme)

    @property
    def last_failure(self) -> str:
        """Why the edge could not be reached or used, in one line ("" when it could)."""
        return str(self.controller._last_failure or "")

    def connect(self, url: str, *, headers: Mapping[str, str] | None = None,
                ssl: ssl_module.SSLContext | None = None) -> None:
        self._thread.call(self.controller.connect(url, headers=headers, ssl=ssl))

    def wait_for_edge(self, timeout: float) -> bool:
        return self._thread.call(self.controller.wait_for_edge(timeout))

    def exchange(self, message: Message, *, timeout: float, wait_after_answer: float = 0.0,
                 label: str = "") -> Exchange:
        return self._thread.call(self.controller.exchange(message, timeout=timeout,
                                                          wait_after_answer=wait_after_answer, label=label))

    def submit(self, message: Message, *, timeout: float, wait_after_answer: float = 0.0,
               label: str = "") -> Ticket:
        """Queue a request to be sent ahead (see :meth:`FakeController.submit`)."""
        async def submit() -> Ticket:
            return self.controller.submit(message, timeout=timeout, wait_after_answer=wait_after_answer, label=label)

        return self._thread.call(submit())

    def result(self, ticket: Ticket) -> Exchange:
        """Wait for a submitted request's :class:`Exchange`."""
        return self._thread.call(self.controller.result(ticket))

    def observe(self, seconds: float) -> Observation:
        return self._thread.call(self.controller.observe(seconds))

    def close(self) -> None:
        """Close connections and the listener, then stop the thread (idempotent)."""
        if self._thread.alive:
            with contextlib.suppress(Exception):
                self._thread.call(self.controller.close(), timeout=30)
            self._thread.stop()

    def __enter__(self) -> ControllerSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
