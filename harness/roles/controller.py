"""The controller's protocol core: what a controller certifying an edge knows and decides (no I/O, no asyncio).

:class:`Correlator` remembers the requests sent and classifies every received frame -- an answer
to a request sent (``parent_msg_id`` matches), an answer to an id never sent, a keepalive, other
upstream traffic (pod status reports...), a frame that is not JSON, a binary frame. Upstream
traffic interleaves with answers at any time (vendor-notes.md, Connection), so only
``parent_msg_id`` makes an answer.

:class:`Ticket` is one request on its way, as data: queued, sent, answered or ended, with the
moment its wait ends (:meth:`Ticket.end_ms`: its timeout counted from its sending, or from the
edge's last answer on its connection). :class:`ControllerCore` holds a session's tickets and
routes every received frame to its case: an answer to the ticket it names, evidence of a
misnamed answer to the oldest ticket waiting (which ends as ``misanswered``), anything else to
that ticket's other frames; a close ends or re-queues the tickets of its connection; time ends
the rest (:meth:`ControllerCore.expire`). :class:`Exchange` is the evidence of one case, and
:func:`compare_first_answer` judges its first answer against a golden answer.

The I/O -- listening, dialling, pacing, the sender and reader tasks -- is
:class:`harness.roles.fake_controller.FakeController`'s.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from harness.compare import ExtraKeys, MatchContext, Mismatch, compare, golden
from harness.message import DecodeError, Envelope, decode, encode, now_ms
from harness.transport.wire import Frame, frames_to_jsonable

if TYPE_CHECKING:
    from harness.transport.link import Link


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
ExchangeOutcome = Literal["answered", "timeout", "misanswered", "disconnected", "not-sent"]
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


def closer_of(end: Frame) -> str:
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
    outcome: ExchangeOutcome
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


class ControllerCore:
    """The tickets of a session and what every received frame does to them (no I/O, no asyncio).

    Requests are queued (:meth:`enqueue`), marked as going out (:meth:`sending`, then :meth:`sent`
    or :meth:`send_failed`); every frame received is :meth:`route`-d, and :meth:`expire` ends the
    tickets whose time is up. A ticket that ends frees a slot of the in-flight window
    (:meth:`_on_slot_freed`); a close re-queues the requests it lost (:meth:`_on_requeued`): the
    I/O shell (:class:`~harness.roles.fake_controller.FakeController`) wakes its sender on both.
    """

    def __init__(self, *, in_flight: int = DEFAULT_IN_FLIGHT) -> None:
        self.correlator = Correlator()
        self.links: list[Link] = []
        self.events: list[tuple[int, str]] = []
        self.between: list[Classified] = []
        self._link: Link | None = None
        # the pipeline: tickets queued, sent and waiting; who owns which frame of the wire log
        self._outbox: deque[Ticket] = deque()
        self._open: list[Ticket] = []
        self._by_id: dict[str, Ticket] = {}
        self._owner: dict[tuple[str, float, int], Ticket] = {}
        self._observers: list[list[Classified]] = []
        self._window = max(1, in_flight)
        self._submitted = 0
        self._last_answered = ""
        self._last_answer_ms = 0
        self._between_seen = 0
        self._unwaited: Ticket | None = None
        #: Requests sent without a msg_id, oldest first, not yet matched to an answer with an empty parent.
        self._without_id: deque[Ticket] = deque()

    @property
    def between_mark(self) -> int:
        """How many frames of :attr:`between` had arrived when the last request went out: the later ones
        came after it."""
        return self._between_seen

    def _on_slot_freed(self) -> None:
        """A ticket ended or got its answer: a slot of the in-flight window may be free."""

    def _on_requeued(self) -> None:
        """Requests lost with a connection are back at the front of the queue."""

    @property
    def window(self) -> int:
        """Requests sent ahead without an answer, at most (1 once a connection closed on requests sent ahead)."""
        return self._window

    def queued(self) -> list[Ticket]:
        """The tickets waiting to be sent, next first."""
        return list(self._outbox)

    def adopt(self, link: Link) -> None:
        """``link`` is the session's connection from now on (the edge dialled again, or was dialled)."""
        self._link = link
        self.links.append(link)
        shake = link.handshake
        self._note(f"edge connected: {shake.remote_address} {shake.path}")

    def enqueue(self, message: Message, *, timeout: float, wait_after_answer: float = 0.0,
                label: str = "") -> Ticket:
        """A ticket for ``message``, queued to be sent; one that cannot be encoded ends ``not-sent`` at once."""
        ticket = Ticket(message, timeout, wait_after_answer, label or f"request {self._submitted + 1}")
        self._submitted += 1
        try:
            ticket.payload, ticket.request_id = _prepare(message)
        except ValueError as exc:
            self._finish(ticket, "not-sent", str(exc))
            return ticket
        self._outbox.append(ticket)
        return ticket

    def sending(self, ticket: Ticket, link: Link, mark: int, at_ms: int) -> None:
        """``ticket``, taken from the queue, goes out on ``link`` (whose log is at ``mark``) now: its id is
        remembered before an answer can be read."""
        self._between_seen = len(self.between)
        ticket.link, ticket.log_start, ticket.sent_at_ms = link, mark, at_ms
        self.correlator.request_sent(ticket.request_id, ticket.sent_at_ms)
        if ticket.request_id:
            self._by_id[ticket.request_id] = ticket
        self._open.append(ticket)
        ticket.changed()

    def send_failed(self, ticket: Ticket, reason: str) -> None:
        """The frame of ``ticket`` could not be sent: the connection was gone."""
        self._note(f"edge disconnected: {reason}")
        if not ticket.done:
            ticket.sent_at_ms = None
            self._finish(ticket, "disconnected", f"could not send: {reason}")

    def sent(self, ticket: Ticket, link: Link, mark: int) -> None:
        """The frame of ``ticket`` went out on ``link``: its logged time is its sending time; a request
        not waited for (timeout 0) ends now."""
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
        if ticket.timeout <= 0 and not ticket.done:
            self._finish(ticket, "timeout", self._timeout_reason(ticket), end_ms=ticket.sent_at_ms)

    def _note(self, text: str) -> None:
        self.events.append((now_ms(), text))

    def _unanswered(self) -> list[Ticket]:
        return [t for t in self._open if not t.answers]

    def expire(self, at_ms: float) -> None:
        """Close every ticket whose time ended before ``at_ms`` (frames are judged in arrival order)."""
        for ticket in [t for t in self._open if t.end_ms() < at_ms]:
            if ticket.answers:
                self._finish(ticket, "answered", self._answered_reason(ticket), end_ms=int(ticket.end_ms()))
            else:
                self._finish(ticket, "timeout", self._timeout_reason(ticket), end_ms=int(ticket.end_ms()))

    def route(self, frame: Frame, link: Link) -> None:
        """Give one received frame to its case: an answer to the ticket it names; evidence of a
        misnamed answer to the oldest ticket still waiting; anything else to that ticket's others."""
        at = frame.at * 1000
        self.expire(at)
        classified = self.correlator.classify(frame)
        for observer in self._observers:
            observer.append(classified)
        if classified.kind == "close":
            self._lost(link, classified)
            return
        ticket = self._by_id.get(classified.request_id or "") if classified.kind == "answer" else None
        if ticket is not None and not ticket.done and classified.message is not None \
                and (not ticket.answers or at - ticket.answers[0][1] <= ticket.wait_after_answer * 1000):
            ticket.answers.append((classified.message, _ms(frame)))
            self._owner[_key(frame)] = ticket
            self._last_answer_ms = _ms(frame)
            self._progress(link, _ms(frame))
            if ticket.wait_after_answer <= 0:
                self._finish(ticket, "answered", self._answered_reason(ticket), end_ms=_ms(frame))
            else:
                ticket.changed()
                self._on_slot_freed()
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
        closed = f"{closer_of(end)} ({end.close_code} {end.close_reason or ''})".strip()
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
            self._on_requeued()
        self._on_slot_freed()

    def _finish(self, ticket: Ticket, outcome: ExchangeOutcome, reason: str, *, end_ms: int | None = None) -> None:
        if ticket.done:
            return
        ticket.outcome, ticket.reason = outcome, reason
        ticket.ended_ms = end_ms if end_ms is not None else now_ms()
        if ticket in self._open:
            self._open.remove(ticket)
        if outcome == "answered":
            self._last_answered = ticket.label
        ticket.changed()
        self._on_slot_freed()

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
            if owner is ticket or (owner is None and not self._belongs_elsewhere(frame, ticket)):
                out.append(frame)
            if frame.kind == "close" and _ms(frame) > until_ms:
                break
        return out

    def _belongs_elsewhere(self, frame: Frame, ticket: Ticket) -> bool:
        """A logged frame no ticket owns yet, which is another case's all the same: a request whose sending
        is not yet recorded, or an answer naming another request that the pump has not routed yet (the
        link logs a frame as it arrives; under load the routing comes later)."""
        if frame.kind not in ("text", "binary"):
            return False
        if frame.direction == "sent":
            return True  # every data frame this side sends is a ticket's request
        decoded = decode(frame.data)
        parent = Envelope(decoded).parent_msg_id if isinstance(decoded, dict) else None
        other = self._by_id.get(parent) if parent else None
        return other is not None and other is not ticket

    def exchange_of(self, ticket: Ticket) -> Exchange:
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


def _key(frame: Frame) -> tuple[str, float, int]:
    """A frame's identity in a wire log (the log keeps a cut copy of a huge frame)."""
    return frame.direction, frame.at, frame.size


class Ticket:
    """One request on its way, as data: queued, sent, then ended with an outcome (:meth:`ControllerCore.enqueue`).

    ``waker`` is called whenever the ticket changed (the I/O shell wakes whoever waits on it)."""

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
        self.outcome: ExchangeOutcome | None = None
        self.reason = ""
        self.lost = ""
        self.strikes = 0
        #: When the edge last answered another request on this ticket's link while it waited (ms):
        #: its timeout counts from there (``ControllerCore._progress``).
        self.progress_ms = 0
        #: Its answer came misnamed (evidence, or inferred for a request sent without waiting).
        self.misnamed = False
        self.waker: Callable[[], None] = _nothing

    def end_ms(self) -> float:
        """When the wait ends: the timeout after sending, or the wait after the first answer."""
        if self.answers:
            return self.answers[0][1] + self.wait_after_answer * 1000
        return max(self.sent_at_ms or 0, self.progress_ms) + self.timeout * 1000

    @property
    def done(self) -> bool:
        """The ticket has its outcome."""
        return self.outcome is not None

    def changed(self) -> None:
        self.waker()


def _nothing() -> None:
    """A ticket's waker until the I/O shell sets one."""
