"""The fake controller that certifies an edge: the websocket session around the controller's core.

:class:`FakeController` listens as the vendor's management server (the edge dials
``/websocket/<node_id>/events``) or dials an edge that listens, paces its sends with a token
bucket (the vendor edge drops above 5 msg/s, burst 5: vendor-notes.md, Limits), keeps at most
``in_flight`` requests unanswered, and turns each request into an
:class:`~harness.roles.controller.Exchange` -- the evidence of one case. What every frame means
for the cases is decided by its pure core (:class:`harness.roles.controller.ControllerCore`);
this module does the I/O. Whatever the edge does becomes an outcome, never an exception.
:class:`ControllerSession` is the same with blocking methods, for pytest-bdd steps.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl as ssl_module
import time
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from harness.message import now_ms
from harness.roles.controller import (
    DEFAULT_BURST,
    DEFAULT_IN_FLIGHT,
    DEFAULT_RATE,
    DEFAULT_REDIAL_WAIT,
    Classified,
    ControllerCore,
    Correlator,
    Exchange,
    Message,
    Observation,
    Ticket,
    closer_of,
)
from harness.transport import (
    DEFAULT_MAX_SIZE,
    DEFAULT_OPEN_TIMEOUT,
    ConnectFailed,
    ConnectionLost,
    Handshake,
    Link,
    Listener,
    Running,
    TokenBucket,
    dial,
)


class FakeController(ControllerCore):
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
        super().__init__(in_flight=in_flight)
        self.bucket = TokenBucket(rate, burst)
        self.max_size = max_size
        self.redial_wait_s = redial_wait_s
        self.open_timeout = open_timeout
        self._listener: Listener | None = None
        self._url: str | None = None
        self._dial_headers: dict[str, str] = {}
        self._ssl: ssl_module.SSLContext | None = None
        self._log_mark = 0
        self._last_failure = ""
        self._outbox_ready = asyncio.Event()
        self._slot_freed = asyncio.Event()
        self._link_changed = asyncio.Event()
        self._changes: weakref.WeakKeyDictionary[Ticket, asyncio.Event] = weakref.WeakKeyDictionary()
        self._sender: asyncio.Task[None] | None = None
        self._pump: asyncio.Task[None] | None = None
        self._gone = ""

    def _on_slot_freed(self) -> None:
        self._slot_freed.set()

    def _on_requeued(self) -> None:
        self._outbox_ready.set()

    async def _wait_for_change(self, ticket: Ticket) -> None:
        """Until ``ticket`` changed (sent, answered, ended, re-queued)."""
        change = self._changes.get(ticket)
        if change is None:  # a ticket of another controller: nothing will wake it here
            change = self._changes[ticket] = asyncio.Event()
            ticket.waker = change.set
        await change.wait()
        change.clear()

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

    def _adopt(self, link: Link) -> None:
        self.adopt(link)
        self._log_mark = 0
        self._link_changed.set()

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
        ticket = self.enqueue(message, timeout=timeout, wait_after_answer=wait_after_answer, label=label)
        change = self._changes[ticket] = asyncio.Event()
        ticket.waker = change.set
        if not ticket.done:
            self._start_tasks()
            self._outbox_ready.set()
        return ticket

    async def result(self, ticket: Ticket) -> Exchange:
        """Wait until ``ticket`` has an outcome (answered, its timeout passed after it was sent, its
        wait ended by evidence, or its edge gone) and return the evidence of its case."""
        while not ticket.done:
            if ticket.sent_at_ms is None:
                await self._wait_for_change(ticket)
                continue
            remaining = ticket.end_ms() / 1000 - time.time()
            if remaining > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wait_for_change(ticket), remaining + 0.005)
                continue
            if ticket.link is not None:  # what arrived up to now is judged before the timeout
                for frame in ticket.link.pending():
                    self.route(frame, ticket.link)
            self.expire(time.time() * 1000)
        return self.exchange_of(ticket)

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
            self.route(frame, link)
        self.expire(time.time() * 1000)

    async def _send(self, link: Link, ticket: Ticket) -> None:
        mark = link.log.mark()
        self.sending(ticket, link, mark, now_ms())
        try:
            if isinstance(ticket.payload, bytes):
                await link.send_binary(ticket.payload)
            else:
                await link.send_text(ticket.payload)
        except ConnectionLost as exc:
            self.send_failed(ticket, str(exc))
            return
        self.sent(ticket, link, mark)

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
            self.route(frame, link)
            if frame.kind == "close":
                while self._link is link:
                    self._link_changed.clear()
                    await self._link_changed.wait()

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
                self.route(frame, link)
        finally:
            self._observers.remove(frames)
            self._between_seen = len(self.between)
        self._log_mark = link.log.mark()
        close = next((c for c in frames if c.kind == "close"), None)
        if close is not None:
            disconnected, reason = True, f"{closer_of(close.frame)}: {close.note}"
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


class ControllerSession:
    """A :class:`FakeController` on a background event loop, with blocking methods.

    pytest-bdd steps are synchronous; this runs the controller in its own thread and
    shuts it down cleanly (:meth:`close`, or use it as a context manager); the thread is
    :class:`harness.transport.Running`'s.
    """

    def __init__(self, **controller_options: Any) -> None:
        async def make() -> FakeController:
            return FakeController(**controller_options)

        self._running = Running.start(make(), name="edgeconform-controller", stop=FakeController.close)
        self.controller = self._running.service

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
        return self._running.call(self.controller.listen(host, port, ssl=ssl,
                                                        require_authorization=require_authorization))

    def url(self, node_id: str, *, scheme: str = "ws") -> str:
        return self.controller.url(node_id, scheme=scheme)

    @property
    def last_failure(self) -> str:
        """Why the edge could not be reached or used, in one line ("" when it could)."""
        return str(self.controller._last_failure or "")

    def connect(self, url: str, *, headers: Mapping[str, str] | None = None,
                ssl: ssl_module.SSLContext | None = None) -> None:
        self._running.call(self.controller.connect(url, headers=headers, ssl=ssl))

    def wait_for_edge(self, timeout: float) -> bool:
        return self._running.call(self.controller.wait_for_edge(timeout))

    def exchange(self, message: Message, *, timeout: float, wait_after_answer: float = 0.0,
                 label: str = "") -> Exchange:
        return self._running.call(self.controller.exchange(message, timeout=timeout,
                                                          wait_after_answer=wait_after_answer, label=label))

    def submit(self, message: Message, *, timeout: float, wait_after_answer: float = 0.0,
               label: str = "") -> Ticket:
        """Queue a request to be sent ahead (see :meth:`FakeController.submit`)."""
        async def submit() -> Ticket:
            return self.controller.submit(message, timeout=timeout, wait_after_answer=wait_after_answer, label=label)

        return self._running.call(submit())

    def result(self, ticket: Ticket) -> Exchange:
        """Wait for a submitted request's :class:`Exchange`."""
        return self._running.call(self.controller.result(ticket))

    def observe(self, seconds: float) -> Observation:
        return self._running.call(self.controller.observe(seconds))

    def close(self) -> None:
        """Close connections and the listener, then stop the thread (idempotent)."""
        self._running.stop()

    def __enter__(self) -> ControllerSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
