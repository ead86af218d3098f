"""TLS failures named: why a dial failed (probing the port when the scheme is wrong), and the
handshakes clients failed with a listener (asyncio logs those only at debug level)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl as ssl_module
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from websockets.exceptions import InvalidHandshake

from harness.tls import describe_tls_failure, find_ssl_error

#: Longest wait of the one-shot probe that explains a failed dial (ws:// to a TLS port, or the reverse).
PROBE_TIMEOUT = 2.0


async def handshake_failure_reason(shown: str, url: str, exc: InvalidHandshake, secure: bool,
                                   open_timeout: float) -> str:
    """The reason of a failed opening handshake, TLS causes named."""
    if find_ssl_error(exc) is not None or (secure and _ended_without_answer(exc)):
        return f"{shown}: TLS: {describe_tls_failure(exc)}"
    if not secure and _ended_without_answer(exc) and await _probe(url, tls=True, timeout=open_timeout):
        return (f"{shown}: websocket handshake failed: plain ws:// on a TLS port: the server speaks TLS "
                "(dial wss:// instead)")
    return f"{shown}: websocket handshake failed: {exc}"


async def tls_reset_reason(shown: str, url: str, exc: OSError, open_timeout: float) -> str:
    if await _probe(url, tls=False, timeout=open_timeout):
        return f"{shown}: TLS: the server does not speak TLS: it answers plain HTTP (dial ws:// instead of wss://)"
    return f"{shown}: TLS: {describe_tls_failure(exc)}"


def _ended_without_answer(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, EOFError | ConnectionResetError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def _probe(url: str, *, tls: bool, timeout: float) -> bool:
    """Does ``url``'s port speak TLS (``tls=True``: a handshake completes, nothing verified)
    or plain HTTP (``tls=False``: an ``HTTP/`` status line comes back)? Never raises."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port or (443 if parts.scheme.lower() == "wss" else 80)
    except ValueError:
        return False
    if not host:
        return False
    writer: asyncio.StreamWriter | None = None
    try:
        async with asyncio.timeout(max(0.1, min(PROBE_TIMEOUT, timeout))):
            if tls:
                context = ssl_module.SSLContext(ssl_module.PROTOCOL_TLS_CLIENT)
                context.check_hostname = False
                context.verify_mode = ssl_module.CERT_NONE
                _, writer = await asyncio.open_connection(host, port, ssl=context)
                return True
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            return (await reader.read(5)) == b"HTTP/"
    except (OSError, TimeoutError, EOFError, ValueError):
        return False
    finally:
        if writer is not None:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 0.5)


@dataclass(frozen=True)
class TlsFailure:
    """A TLS handshake a client failed with a listener, and why (no address: TLS fails before one is known)."""

    at: float
    reason: str


#: Where each server context's failed handshakes are reported (the listeners using it).
_TLS_SINKS: weakref.WeakKeyDictionary[ssl_module.SSLContext, list[Callable[[ssl_module.SSLError], None]]] = (
    weakref.WeakKeyDictionary())


class _ObservedSSLObject(ssl_module.SSLObject):
    """An :class:`ssl.SSLObject` that reports a failed handshake to the listeners of its context.

    asyncio only logs a server-side handshake failure at debug level; without this a
    listener could not say why an edge never got through.
    """

    def do_handshake(self) -> None:
        try:
            super().do_handshake()
        except (ssl_module.SSLWantReadError, ssl_module.SSLWantWriteError):
            raise
        except ssl_module.SSLError as exc:
            for sink in list(_TLS_SINKS.get(self.context, ())):
                with contextlib.suppress(Exception):
                    sink(exc)
            raise


def report_failed_handshakes(context: ssl_module.SSLContext, sink: Callable[[ssl_module.SSLError], None]) -> None:
    """Call ``sink`` with the error of every handshake a client fails with server ``context``."""
    if context.sslobject_class is ssl_module.SSLObject:
        context.sslobject_class = _ObservedSSLObject
    _TLS_SINKS.setdefault(context, []).append(sink)


def stop_reporting(context: ssl_module.SSLContext, sink: Callable[[ssl_module.SSLError], None]) -> None:
    """Undo :func:`report_failed_handshakes` for ``sink`` (idempotent)."""
    sinks = _TLS_SINKS.get(context, [])
    if sink in sinks:
        sinks.remove(sink)
