"""One open websocket connection, whichever side dialled: its reader, sends, close and wire log."""

from __future__ import annotations

import asyncio
import contextlib
import ssl as ssl_module
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.connection import Connection
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.protocol import State

from harness.transport.errors import ConnectionLost
from harness.transport.wire import Frame, WireLog

#: Default largest incoming message (16 MiB): over three times the 4.5 MiB spec-maximal pod
#: update (``harness.messages.pod_update.samples.spec_maximal_pod()``), far above websockets' 1 MiB default,
#: and low enough that a hostile peer's 50 MB frame is refused (close 1009) from its header,
#: before any of it is buffered. A fragmented message is refused once its fragments pass it.
DEFAULT_MAX_SIZE = 16 * 1024 * 1024
#: Default seconds allowed for the opening handshake.
DEFAULT_OPEN_TIMEOUT = 10.0
#: Close code synthesised when the connection ended without a close frame (RFC 6455, 7.1.5).
ABNORMAL_CLOSURE = int(CloseCode.ABNORMAL_CLOSURE)
#: Seconds a peer gets to answer this side's close frame before the TCP connection is dropped
#: (websockets' default is 10). A well-behaved peer answers in milliseconds; a hostile one that
#: ignores close frames must not hold a link -- or a caller closing many of them -- for long.
#: Also applied when this side *failed* the connection (a frame over ``max_size``, a protocol
#: error): websockets enforces its close timeout only when this side sends, so without it a peer
#: that ignores that close frame would keep the link half-open, its reader task alive, for ever.
DEFAULT_CLOSE_TIMEOUT = 2.0


@dataclass(frozen=True)
class Handshake:
    """The opening handshake of a link: what the dialling side asked for."""

    path: str
    node_id: str | None
    headers: dict[str, str]
    remote_address: str
    response_status: int = 101
    response_headers: dict[str, str] = field(default_factory=dict)
    #: Over TLS: ``version``, ``cipher`` and, when the peer presented a verified one, ``peer_subject``.
    tls: dict[str, str] | None = None

    def to_jsonable(self) -> dict[str, Any]:
        out = {"path": self.path, "node_id": self.node_id, "headers": dict(self.headers),
               "remote_address": self.remote_address, "response_status": self.response_status,
               "response_headers": dict(self.response_headers)}
        if self.tls is not None:
            out["tls"] = dict(self.tls)
        return out


def tls_of(connection: Connection) -> dict[str, str] | None:
    """What the TLS layer of ``connection`` negotiated (``None`` for plain ws)."""
    transport = getattr(connection, "transport", None)
    ssl_object = transport.get_extra_info("ssl_object") if transport is not None else None
    if not isinstance(ssl_object, ssl_module.SSLObject | ssl_module.SSLSocket):
        return None
    info = {"version": ssl_object.version() or "", "cipher": (ssl_object.cipher() or ("",))[0]}
    with contextlib.suppress(Exception):
        peer: Any = ssl_object.getpeercert()
        subject: Any = peer.get("subject") if isinstance(peer, dict) else None
        if subject:
            info["peer_subject"] = ", ".join(f"{key}={value}" for rdn in subject for key, value in rdn)
    return info


class Link:
    """One open websocket connection, either side; frames are logged as they arrive.

    A reader task drains the connection into a queue as soon as frames arrive, so the
    wire log's timestamps are arrival times whether or not anybody is receiving.
    """

    def __init__(self, connection: Connection, handshake: Handshake) -> None:
        self._connection = connection
        self.handshake = handshake
        #: When the connection was opened (its handshake done), seconds since the epoch.
        self.opened_at = time.time()
        self.log = WireLog()
        self._queue: asyncio.Queue[Frame] = asyncio.Queue()
        self._ended = asyncio.Event()
        self._end_frame: Frame | None = None
        self._close_requested = False
        if isinstance(connection, WatchedClientConnection | WatchedServerConnection):
            connection.on_failure = self._failed
        self._reader = asyncio.get_running_loop().create_task(self._read(), name=f"edgeconform-reader {handshake.path}")

    @property
    def closed(self) -> bool:
        """The connection is closing or gone (nothing more can be sent)."""
        return self._ended.is_set() or self._connection.state is not State.OPEN

    @property
    def end(self) -> Frame | None:
        """The close frame that ended the connection, once it has ended."""
        return self._end_frame

    async def _read(self) -> None:
        try:
            while True:
                data = await self._connection.recv()
                frame = Frame.message("received", data)
                self.log.append(frame)
                self._queue.put_nowait(frame)
        except ConnectionClosed:
            pass
        except Exception as exc:  # never let the reader die silently: it ends the link
            await abort_connection(self._connection)
            self._finish(Frame.close("received", ABNORMAL_CLOSURE, f"reader failed: {type(exc).__name__}: {exc}"))
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._connection.wait_closed(), DEFAULT_OPEN_TIMEOUT)
        self._finish(*self._closing_frames())

    def _closing_frames(self) -> list[Frame]:
        """The close frames in the order they went (the first one ended the link).

        When neither side sent a close frame, the TCP connection dropped: a received
        close 1006 stands for it, as RFC 6455 7.1.5 says.
        """
        protocol = self._connection.protocol
        rcvd, sent = protocol.close_rcvd, protocol.close_sent
        now = time.time()
        received = Frame.close("received", rcvd.code, rcvd.reason, now) if rcvd is not None else None
        sent_frame = Frame.close("sent", sent.code, sent.reason, now) if sent is not None else None
        if received is not None and sent_frame is not None:
            return [received, sent_frame] if protocol.close_rcvd_then_sent else [sent_frame, received]
        ordered = [f for f in (received, sent_frame) if f is not None]
        return ordered or [Frame.close("received", ABNORMAL_CLOSURE, "connection dropped without a close frame", now)]

    def _failed(self) -> None:
        """This side failed the connection (its close frame is sent; nothing more will be read):
        the link ends now, with that close frame, whatever the peer does next."""
        sent = self._connection.protocol.close_sent
        if self._close_requested or self._end_frame is not None or sent is None:
            return
        self._finish(Frame.close("sent", sent.code, sent.reason))

    def _finish(self, end: Frame, *echoes: Frame) -> None:
        """Log the frame that ended the link (then its echo) and wake up receivers (once)."""
        if self._end_frame is not None:
            return
        self.log.append(end)
        for frame in echoes:
            self.log.append(frame)
        self._end_frame = end
        self._queue.put_nowait(end)
        self._ended.set()

    async def receive(self, timeout: float | None = None) -> Frame | None:
        """The next frame; ``None`` after ``timeout`` seconds; the ``close`` frame once the link ended."""
        if not self._queue.empty():
            return self._queue.get_nowait()
        if self._end_frame is not None:
            return self._end_frame
        try:
            if timeout is None:
                return await self._queue.get()
            return await asyncio.wait_for(self._queue.get(), max(0.0, timeout))
        except TimeoutError:
            return None

    def pending(self) -> list[Frame]:
        """The frames already received and not yet taken, without waiting."""
        out: list[Frame] = []
        while not self._queue.empty():
            out.append(self._queue.get_nowait())
        return out

    async def send_text(self, text: str) -> None:
        """Send one text frame; raises :class:`ConnectionLost` when the connection is gone."""
        await self._send(text)

    async def send_binary(self, data: bytes) -> None:
        """Send one binary frame; raises :class:`ConnectionLost` when the connection is gone."""
        await self._send(bytes(data))

    async def _send(self, data: str | bytes) -> None:
        if self.closed:
            raise ConnectionLost(self._gone_reason())
        self.log.append(Frame.message("sent", data))
        try:
            await self._connection.send(data)
        except ConnectionClosed as exc:
            raise ConnectionLost(f"connection closed while sending: {exc}") from None
        except OSError as exc:
            raise ConnectionLost(f"connection lost while sending: {exc.strerror or exc}") from None

    def _gone_reason(self) -> str:
        end = self._end_frame
        if end is None:
            return "the connection is closing"
        return f"the connection is closed ({end.direction} close {end.close_code} {end.close_reason or ''})".strip()

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection (idempotent) and wait for the reader to record the end."""
        self._close_requested = True
        with contextlib.suppress(Exception):
            await self._connection.close(code, reason)
        await self.wait_closed(DEFAULT_OPEN_TIMEOUT)
        if not self._reader.done():
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
            if self._end_frame is None:
                self._finish(Frame.close("sent", code, reason))

    async def abort(self) -> None:
        """Drop the TCP connection without a closing handshake (to emulate a crash)."""
        await abort_connection(self._connection)
        await self.wait_closed(DEFAULT_OPEN_TIMEOUT)

    async def wait_closed(self, timeout: float | None = None) -> bool:
        """Wait until the link ended; ``False`` on timeout."""
        try:
            await asyncio.wait_for(self._ended.wait(), timeout)
        except TimeoutError:
            return False
        return True


def _watch_for_failure(connection: WatchedClientConnection | WatchedServerConnection) -> None:
    """After incoming data: if this side has sent a close the peer has not answered -- it failed
    the connection (a frame over ``max_size``, a protocol error), after which websockets reads
    nothing more, the peer's close frame included -- tell the link at once, and drop the TCP
    connection unless the peer closes it within :data:`DEFAULT_CLOSE_TIMEOUT`."""
    protocol = connection.protocol
    if protocol.close_sent is None or protocol.close_rcvd is not None or protocol.state is State.CLOSED:
        return
    if connection.drop_timer is None:
        def drop() -> None:
            if connection.protocol.state is not State.CLOSED:
                connection.transport.abort()

        connection.drop_timer = connection.loop.call_later(DEFAULT_CLOSE_TIMEOUT, drop)
        if connection.on_failure is not None:
            connection.on_failure()


class WatchedClientConnection(ClientConnection):
    """A client connection that ends even when the peer ignores the close frame of a failure."""

    on_failure: Callable[[], None] | None = None
    drop_timer: asyncio.TimerHandle | None = None

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        _watch_for_failure(self)


class WatchedServerConnection(ServerConnection):
    """A server connection that ends even when the peer ignores the close frame of a failure."""

    on_failure: Callable[[], None] | None = None
    drop_timer: asyncio.TimerHandle | None = None

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        _watch_for_failure(self)


async def abort_connection(connection: Connection) -> None:
    transport = getattr(connection, "transport", None)
    if transport is not None:
        transport.abort()
    await asyncio.sleep(0)
