"""TLS failures named: one line for why a handshake failed (:func:`describe_tls_failure`, either side),
why a dial failed (probing the port when the scheme is wrong), and the
handshakes clients failed with a listener (asyncio logs those only at debug level)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl as ssl_module
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from websockets.exceptions import InvalidHandshake

#: The other side of a handshake: ``server`` when this side dialled, ``client`` when it listened.
Peer = Literal["server", "client"]

#: OpenSSL verification codes (``X509_V_ERR_*``) and what they mean for the peer's certificate.
_VERIFY_CODES: dict[int, str] = {
    2: "unknown CA: the certificate's issuer is not among the trusted CAs (unable to get issuer certificate)",
    9: "the {peer}'s certificate is not valid yet (check both clocks)",
    10: "the {peer}'s certificate has expired",
    18: "the {peer}'s certificate is self-signed and not trusted (trust it with {ca_option}, or --insecure in a lab)",
    19: "unknown CA: the {peer}'s chain ends in a self-signed root that is not trusted (give {ca_option})",
    20: "unknown CA: the {peer}'s certificate is not signed by a trusted CA (give the right {ca_option})",
    21: "unknown CA: the {peer}'s certificate cannot be verified (no trusted issuer; give the right {ca_option})",
    23: "the {peer}'s certificate has been revoked",
    24: "the {peer}'s chain holds a certificate that is not a valid CA",
    26: "the {peer}'s certificate is not meant for this use (extended key usage)",
    62: "host name mismatch: {message}",
    64: "host name mismatch: {message}",
}

#: OpenSSL reason codes of a failed handshake (``[SSL: REASON]``), for either side.
_REASONS: dict[str, str] = {
    "PEER_DID_NOT_RETURN_A_CERTIFICATE": "missing client certificate: the client presented none and this server "
                                         "requires one",
    "TLSV13_ALERT_CERTIFICATE_REQUIRED": "missing client certificate: the server requires one (give --cert and --key)",
    "SSLV3_ALERT_CERTIFICATE_REQUIRED": "missing client certificate: the server requires one (give --cert and --key)",
    "TLSV1_ALERT_UNKNOWN_CA": "the {peer} does not trust this side's certificate (alert: unknown CA)",
    "SSLV3_ALERT_BAD_CERTIFICATE": "the {peer} rejected this side's certificate (alert: bad certificate)",
    "SSLV3_ALERT_CERTIFICATE_EXPIRED": "the {peer} says this side's certificate has expired",
    "SSLV3_ALERT_CERTIFICATE_UNKNOWN": "the {peer} rejected this side's certificate (alert: certificate unknown)",
    "TLSV1_ALERT_DECRYPT_ERROR": "the {peer} could not verify this side's certificate (alert: decrypt error)",
    "HTTP_REQUEST": "plain ws:// on a TLS port: the client sent a plain HTTP request to this wss:// port",
    "HTTPS_PROXY_REQUEST": "the client sent an HTTP proxy request to this wss:// port",
    "WRONG_VERSION_NUMBER": "the {peer} does not speak TLS (a plain ws:// port or client?)",
    "PACKET_LENGTH_TOO_LONG": "the {peer} does not speak TLS (a plain ws:// port or client?)",
    "RECORD_LAYER_FAILURE": "the {peer} does not speak TLS (a plain ws:// port or client?)",
    "UNSUPPORTED_PROTOCOL": "no TLS version in common: edgeconform requires TLS 1.2 or newer",
    "TLSV1_ALERT_PROTOCOL_VERSION": "no TLS version in common: edgeconform requires TLS 1.2 or newer",
    "NO_PROTOCOLS_AVAILABLE": "no TLS version in common: edgeconform requires TLS 1.2 or newer",
    "NO_SHARED_CIPHER": "handshake failure: no cipher in common with the {peer}",
    "SSLV3_ALERT_HANDSHAKE_FAILURE": "handshake failure: the {peer} aborted the handshake (no common version or "
                                     "cipher, or it requires a client certificate)",
    "TLSV1_ALERT_INTERNAL_ERROR": "handshake failure: the {peer} reported an internal error",
    "UNEXPECTED_EOF_WHILE_READING": "the {peer} closed the connection during the TLS handshake",
}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def find_ssl_error(exc: BaseException) -> ssl_module.SSLError | None:
    """The :class:`ssl_module.SSLError` in ``exc``'s chain of causes, if any."""
    return next((e for e in _chain(exc) if isinstance(e, ssl_module.SSLError)), None)


def _closed_without_answer(exc: BaseException) -> bool:
    """The server closed after the handshake without an HTTP answer (websockets' InvalidMessage over an EOF)."""
    return any(isinstance(e, EOFError) for e in _chain(exc))


def describe_tls_failure(exc: BaseException, *, peer: Peer = "server") -> str:
    """One line naming why a TLS handshake with ``peer`` failed (``exc`` as raised, causes included).

    ``peer`` is the other side: ``"server"`` when this side dialled, ``"client"`` when it
    listened. Without an :class:`ssl_module.SSLError` in the chain (TLS 1.3 servers refuse a client
    certificate after the client's handshake is over, and an aborted handshake arrives as
    a reset), the line says what the symptom most likely means.
    """
    try:
        return _describe(exc, peer)
    except Exception:  # describing a failure must never fail
        return f"handshake failure: {type(exc).__name__}"


def _describe(exc: BaseException, peer: Peer) -> str:
    ca_option = "--ca" if peer == "server" else "--client-ca"
    error = find_ssl_error(exc)
    if isinstance(error, ssl_module.SSLCertVerificationError):
        message = str(getattr(error, "verify_message", "") or error).rstrip(".")
        template = _VERIFY_CODES.get(getattr(error, "verify_code", -1))
        if template is not None:
            return f"certificate verify failed: {template.format(peer=peer, ca_option=ca_option, message=message)}"
        return f"certificate verify failed: {message}"
    if error is not None:
        reason = str(getattr(error, "reason", "") or "")
        if reason in _REASONS:
            return _REASONS[reason].format(peer=peer)
        if reason == "CERTIFICATE_VERIFY_FAILED":
            return f"certificate verify failed: {error}"
        if isinstance(error, ssl_module.SSLEOFError | ssl_module.SSLZeroReturnError):
            return f"the {peer} closed the connection during the TLS handshake"
        return f"handshake failure: {reason or error}"
    if isinstance(exc, TimeoutError) or any(isinstance(e, TimeoutError) for e in _chain(exc)):
        return "handshake failure: no TLS handshake within the open timeout"
    if peer == "server" and _closed_without_answer(exc):
        return ("the server closed the connection right after the TLS handshake without an HTTP answer: it most "
                "likely requires a client certificate and got none it trusts (give --cert and --key)")
    if any(isinstance(e, ConnectionResetError | ConnectionAbortedError | BrokenPipeError) for e in _chain(exc)):
        return (f"handshake failure: the {peer} reset the connection during the TLS handshake (not a TLS port, "
                "no TLS version in common, or a client certificate refused)")
    return f"handshake failure: {type(exc).__name__}: {exc}".rstrip(": ")


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
