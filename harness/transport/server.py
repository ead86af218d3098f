"""Listening as the vendor's management server: :class:`Listener` accepts edges that dial
``/websocket/<node_id>/events``, answers the pre-check, refuses credentials it does not take."""

from __future__ import annotations

import asyncio
import contextlib
import ssl as ssl_module
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from harness.transport.addressing import ACCOUNT_CHECK_PATH, EVENTS_PATH, address_text, node_id_of, redact_headers
from harness.transport.errors import ListenFailed
from harness.transport.link import (
    DEFAULT_CLOSE_TIMEOUT,
    DEFAULT_MAX_SIZE,
    DEFAULT_OPEN_TIMEOUT,
    Handshake,
    Link,
    WatchedServerConnection,
    tls_of,
)
from harness.transport.tls_naming import TlsFailure, describe_tls_failure, report_failed_handshakes, stop_reporting

#: Most entries a listener keeps in :attr:`Listener.http_requests` and :attr:`Listener.tls_failures`
#: (a hostile peer's flood of refused requests must not grow memory without bound).
MAX_RECORDED_REFUSALS = 1000


@dataclass(frozen=True)
class HttpRequestSeen:
    """A request the listener answered without opening a websocket (pre-check or wrong path)."""

    path: str
    headers: dict[str, str]
    remote_address: str
    status: int
    at: float


class Listener:
    """Accepts edges dialling ``/websocket/<node_id>/events`` (the vendor's management server side).

    Keeps accepting for its whole life, so an edge that drops and re-dials is accepted
    again. Answers the vendor edge's ``/websocket/<node_id>/AccountCheck`` pre-check GET
    with 200; any other path gets 404. Both are recorded in :attr:`http_requests`.

    With ``require_authorization``, a handshake (or pre-check) whose ``Authorization``
    header the check refuses gets HTTP 401 before the upgrade, recorded in
    :attr:`http_requests` (header redacted). Over TLS, each handshake a client failed is
    in :attr:`tls_failures` with its cause; :meth:`diagnosis` sums both up in one line.
    """

    def __init__(self, server: Server, host: str,
                 require_authorization: Callable[[str | None], bool] | None = None) -> None:
        self._server = server
        self.host = host
        self._accepted: asyncio.Queue[Link] = asyncio.Queue()
        self.http_requests: list[HttpRequestSeen] = []
        self.tls_failures: list[TlsFailure] = []
        self.links: list[Link] = []
        self._require_authorization = require_authorization
        self._ssl: ssl_module.SSLContext | None = None

    @classmethod
    async def start(cls, host: str = "127.0.0.1", port: int = 0, *, max_size: int | None = DEFAULT_MAX_SIZE,
                    open_timeout: float = DEFAULT_OPEN_TIMEOUT, ssl: ssl_module.SSLContext | None = None,
                    require_authorization: Callable[[str | None], bool] | None = None) -> Listener:
        """Listen on ``host:port`` (``port=0``: a free port); raises :class:`ListenFailed`.

        ``ssl``: a server context (:func:`harness.tls.server_context`) to serve ``wss://``.
        ``require_authorization``: called with the handshake's ``Authorization`` value
        (``None`` when absent or repeated); ``False`` (or an exception) refuses it with 401.
        """
        if ssl is not None and ssl.protocol == ssl_module.PROTOCOL_TLS_CLIENT:
            raise ListenFailed(f"cannot listen on {host}:{port}: a client TLS context cannot serve wss:// "
                               "(use harness.tls.server_context)")
        holder: list[Listener] = []

        async def handler(connection: ServerConnection) -> None:
            await holder[0]._handle(connection)

        def process_request(connection: ServerConnection, request: Request) -> Response | None:
            return holder[0]._process_request(connection, request)

        try:
            server = await serve(handler, host, port, max_size=max_size, open_timeout=open_timeout,
                                 process_request=process_request, close_timeout=DEFAULT_CLOSE_TIMEOUT, ssl=ssl,
                                 create_connection=WatchedServerConnection)
        except OSError as exc:
            raise ListenFailed(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        except (ValueError, TypeError) as exc:
            raise ListenFailed(f"cannot listen on {host}:{port}: {exc}") from None
        listener = cls(server, host, require_authorization)
        holder.append(listener)
        if ssl is not None:
            listener._ssl = ssl
            report_failed_handshakes(ssl, listener._tls_failed)
        return listener

    def _tls_failed(self, exc: ssl_module.SSLError) -> None:
        self.tls_failures.append(TlsFailure(time.time(), describe_tls_failure(exc, peer="client")))
        del self.tls_failures[:-MAX_RECORDED_REFUSALS]

    def _record(self, seen: HttpRequestSeen) -> None:
        self.http_requests.append(seen)
        del self.http_requests[:-MAX_RECORDED_REFUSALS]

    def diagnosis(self) -> str:
        """One line on the handshakes this listener refused or clients failed ("" when none)."""
        parts = []
        if self.tls_failures:
            latest = list(dict.fromkeys(f.reason for f in reversed(self.tls_failures)))
            counts = {reason: sum(1 for f in self.tls_failures if f.reason == reason) for reason in latest[:3]}
            causes = "; ".join(f"{reason} (x{n})" for reason, n in counts.items())
            parts.append(f"{len(self.tls_failures)} TLS handshake(s) failed, the latest first: {causes}")
        refused = sum(1 for seen in self.http_requests if seen.status == HTTPStatus.UNAUTHORIZED)
        if refused:
            parts.append(f"{refused} handshake(s) refused with HTTP 401 (credentials missing or refused)")
        return "; ".join(parts)

    @property
    def port(self) -> int:
        """The port actually bound (useful after ``port=0``)."""
        return int(self._server.sockets[0].getsockname()[1])

    def url(self, node_id: str, *, scheme: str = "ws") -> str:
        """The URL an edge with ``node_id`` dials to reach this listener."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}/websocket/{node_id}/events"

    def _authorized(self, request: Request) -> bool:
        check = self._require_authorization
        if check is None:
            return True
        values = request.headers.get_all("Authorization")
        try:
            return bool(check(values[0] if len(values) == 1 else None))
        except Exception:  # a check that fails refuses; it never breaks the listener
            return False

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        events, precheck = EVENTS_PATH.match(path), ACCOUNT_CHECK_PATH.match(path)
        if (events or precheck) and not self._authorized(request):
            status = HTTPStatus.UNAUTHORIZED
        elif events:
            return None
        else:
            status = HTTPStatus.OK if precheck else HTTPStatus.NOT_FOUND
        self._record(HttpRequestSeen(request.path, redact_headers(request.headers.raw_items()),
                                     address_text(connection.remote_address), int(status), time.time()))
        body = {HTTPStatus.OK: "OK\n", HTTPStatus.UNAUTHORIZED: "credentials missing or refused\n"}.get(
            status, "expected /websocket/<node_id>/events\n")
        response = connection.respond(status, body)
        if status is HTTPStatus.UNAUTHORIZED:
            response.headers["WWW-Authenticate"] = 'Basic realm="edgeconform"'
        return response

    async def _handle(self, connection: ServerConnection) -> None:
        request, response = connection.request, connection.response
        path = request.path if request is not None else ""
        handshake = Handshake(
            path=path,
            node_id=node_id_of(path),
            headers=redact_headers(request.headers.raw_items()) if request is not None else {},
            remote_address=address_text(connection.remote_address),
            response_headers=redact_headers(response.headers.raw_items()) if response is not None else {},
            tls=tls_of(connection),
        )
        link = Link(connection, handshake)
        self.links.append(link)
        self._accepted.put_nowait(link)
        await link.wait_closed()  # returning would make websockets close the connection

    async def accept(self, timeout: float | None = None) -> Link | None:
        """The next edge that dialled (oldest first); ``None`` after ``timeout`` seconds."""
        if not self._accepted.empty():
            return self._accepted.get_nowait()
        try:
            if timeout is None:
                return await self._accepted.get()
            return await asyncio.wait_for(self._accepted.get(), max(0.0, timeout))
        except TimeoutError:
            return None

    def accepted_pending(self) -> list[Link]:
        """Links that dialled and were not yet taken by :meth:`accept`."""
        out: list[Link] = []
        while not self._accepted.empty():
            out.append(self._accepted.get_nowait())
        return out

    async def close(self) -> None:
        """Stop listening and close every connection (1001 going away)."""
        self._server.close(close_connections=True)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), DEFAULT_OPEN_TIMEOUT)
        for link in self.links:
            if not link.closed:
                await link.close(1001, "listener closing")
        if self._ssl is not None:
            stop_reporting(self._ssl, self._tls_failed)
