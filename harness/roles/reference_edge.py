"""The reference edge's I/O: the asyncio runner over a websocket, the service, and a thread for sync callers.

:func:`run_edge` serves one :class:`~harness.transport.Link` with an
:class:`~harness.roles.edge.EdgeCore` (the fake edge that certifies controllers runs the
plain core through it too); :func:`serve_edge_listen` and :func:`serve_edge_connect` run
the reference edge as a server or as a dialling client, with the defects of its
:class:`EdgeOptions` planted (harness/roles/defects.py), and :class:`ReferenceEdge` wraps
those in a thread for synchronous callers. Nothing the peer does raises here.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl as ssl_module
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.message import FailureStyle, now_ms
from harness.roles.defects import DEFAULT_LATE_ANSWER_DELAY_S, Defect, plant
from harness.roles.edge import DEFAULT_NODE_ID, VENDOR_LIKE_HEADERS, EdgeCore, EdgeDecision, dropped
from harness.rules.model import Profile
from harness.rules.vendor_config import VendorConfig
from harness.transport import (
    DEFAULT_MAX_SIZE,
    ConnectFailed,
    ConnectionLost,
    Frame,
    Link,
    Listener,
    Running,
    dial,
)


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
        """A fresh core for one connection, with :attr:`defects` planted at its seams."""
        return EdgeCore(self.profile, seams=plant(self.defects, late_answer_delay_s=self.late_answer_delay_s),
                        max_message_bytes=self.max_message_bytes, rate_limit=self.rate_limit,
                        failure_style=self.failure_style, report_pod_status=self.report_pod_status,
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
                decision = dropped(f"the edge core failed: {type(exc).__name__}: {exc}")
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

    def __init__(self, running: Running[EdgeService]) -> None:
        self._running = running
        self._service = running.service

    @classmethod
    def _start(cls, starter: Coroutine[Any, Any, EdgeService]) -> ReferenceEdge:
        return cls(Running.start(starter, name="edgeconform-reference-edge", stop=EdgeService.stop))

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
        return bool(self._running.call(self._service.wait_connected(timeout)))

    def stop(self) -> None:
        """Stop the edge and its thread (idempotent)."""
        self._running.stop()

    def __enter__(self) -> ReferenceEdge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _options(options: Mapping[str, Any]) -> EdgeOptions:
    values = dict(options)
    if "defects" in values:
        values["defects"] = frozenset(values["defects"])
    return EdgeOptions(**values)
