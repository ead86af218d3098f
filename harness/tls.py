"""TLS for ``wss://`` links: contexts for each side, and one clear line for each failure.

The vendor's edge dials ``wss://`` and verifies the server against an imported root CA,
TLS 1.2 or 1.3, with no client certificate on that link (vendor-notes.md, Connection);
its internal link is mutual TLS. So:

* :func:`client_context` -- the dialling side: verify the peer against ``ca_file`` (or the
  system's roots), optionally present a client certificate (mutual TLS); ``insecure=True``
  (``--insecure``) verifies nothing, for labs with self-signed certificates.
* :func:`server_context` -- the listening side: a certificate and key; with
  ``client_ca_file``, a client certificate signed by that CA is required.
* :func:`describe_tls_failure` -- one line naming the cause of a failed handshake
  (unknown CA, host name mismatch, expired certificate, missing client certificate,
  plain ``ws://`` on a TLS port...). ``harness.transport`` puts it in ``ConnectFailed``
  and in :attr:`Listener.tls_failures <harness.transport.Listener.tls_failures>`.
* :func:`tls_context` -- the context the TLS options (``--ca``, ``--cert``, ``--key``,
  ``--client-ca``, ``--insecure``) ask for; harness/options.py declares the options.

Every context requires TLS 1.2 or newer. A bad option (a file that cannot be read, a key
that does not match its certificate, contradictory options) raises :class:`TlsConfigError`
with a one-line reason, before anything is dialled.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterator
from typing import Literal

#: The oldest TLS version either side accepts (the vendor's edge: TLS 1.2/1.3).
MINIMUM_TLS_VERSION = ssl.TLSVersion.TLSv1_2

Side = Literal["dial", "listen"]
Peer = Literal["server", "client"]


class TlsConfigError(ValueError):
    """The TLS options cannot make a context; ``str()`` is a one-line reason."""


# ----------------------------------------------------------------------------- contexts


def _readable(path: str | os.PathLike[str], what: str) -> str:
    text = os.fspath(path)
    if not os.path.isfile(text):
        raise TlsConfigError(f"{what} {text!r}: no such file")
    if not os.access(text, os.R_OK):
        raise TlsConfigError(f"{what} {text!r}: not readable")
    return text


class _EncryptedKey(Exception):  # noqa: N818 (internal signal)
    pass


def _no_password() -> str:
    """Refuse to prompt for a key's passphrase (a run in CI would hang on the prompt)."""
    raise _EncryptedKey


def _load_chain(context: ssl.SSLContext, cert_file: str | os.PathLike[str],
                key_file: str | os.PathLike[str] | None) -> None:
    cert = _readable(cert_file, "certificate file")
    key = _readable(key_file, "key file") if key_file is not None else None
    try:
        context.load_cert_chain(cert, key, password=_no_password)
    except _EncryptedKey:
        raise TlsConfigError(f"key file {key or cert!r} is encrypted: give an unencrypted key") from None
    except ssl.SSLError as exc:
        reason = exc.reason or ""
        if reason == "KEY_VALUES_MISMATCH":
            raise TlsConfigError(f"key file {key!r} does not belong to certificate {cert!r}") from None
        where = f"{cert!r}" + (f" and {key!r}" if key else "")
        raise TlsConfigError(f"cannot load the certificate and key from {where}: not PEM, or the key is "
                             f"missing ({reason or exc})") from None


def _load_trust(context: ssl.SSLContext, ca_file: str | os.PathLike[str], what: str) -> None:
    path = _readable(ca_file, what)
    try:
        context.load_verify_locations(cafile=path)
    except ssl.SSLError as exc:
        raise TlsConfigError(f"{what} {path!r} holds no PEM certificate ({exc.reason or exc})") from None


def client_context(*, ca_file: str | os.PathLike[str] | None = None, cert_file: str | os.PathLike[str] | None = None,
                   key_file: str | os.PathLike[str] | None = None, insecure: bool = False) -> ssl.SSLContext:
    """The dialling side's context: verify the server against ``ca_file`` (else the system's
    roots), host name included; present ``cert_file``/``key_file`` for mutual TLS.

    ``insecure=True`` verifies neither the certificate nor the host name (self-signed labs);
    it cannot be combined with ``ca_file``. Raises :class:`TlsConfigError`.
    """
    if insecure and ca_file is not None:
        raise TlsConfigError("--insecure verifies nothing, so --ca would be ignored: give one or the other")
    if key_file is not None and cert_file is None:
        raise TlsConfigError("--key needs --cert (the client certificate it belongs to)")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = MINIMUM_TLS_VERSION
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif ca_file is not None:
        _load_trust(context, ca_file, "CA file")
    else:
        context.load_default_certs(ssl.Purpose.SERVER_AUTH)
    if cert_file is not None:
        _load_chain(context, cert_file, key_file)
    return context


def server_context(*, cert_file: str | os.PathLike[str], key_file: str | os.PathLike[str] | None,
                   client_ca_file: str | os.PathLike[str] | None = None) -> ssl.SSLContext:
    """The listening side's context: its certificate (chain) and key; with ``client_ca_file``
    every client must present a certificate signed by that CA. Raises :class:`TlsConfigError`."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = MINIMUM_TLS_VERSION
    _load_chain(context, cert_file, key_file)
    if client_ca_file is not None:
        _load_trust(context, client_ca_file, "client CA file")
        context.verify_mode = ssl.CERT_REQUIRED
    return context


# ----------------------------------------------------------------------------- failures

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


def find_ssl_error(exc: BaseException) -> ssl.SSLError | None:
    """The :class:`ssl.SSLError` in ``exc``'s chain of causes, if any."""
    return next((e for e in _chain(exc) if isinstance(e, ssl.SSLError)), None)


def _closed_without_answer(exc: BaseException) -> bool:
    """The server closed after the handshake without an HTTP answer (websockets' InvalidMessage over an EOF)."""
    return any(isinstance(e, EOFError) for e in _chain(exc))


def describe_tls_failure(exc: BaseException, *, peer: Peer = "server") -> str:
    """One line naming why a TLS handshake with ``peer`` failed (``exc`` as raised, causes included).

    ``peer`` is the other side: ``"server"`` when this side dialled, ``"client"`` when it
    listened. Without an :class:`ssl.SSLError` in the chain (TLS 1.3 servers refuse a client
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
    if isinstance(error, ssl.SSLCertVerificationError):
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
        if isinstance(error, ssl.SSLEOFError | ssl.SSLZeroReturnError):
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


# ----------------------------------------------------------------------------- from option values


def tls_context(side: Side, *, ca: str | None = None, cert: str | None = None, key: str | None = None,
                client_ca: str | None = None, insecure: bool = False) -> ssl.SSLContext | None:
    """The context the TLS options (``--ca``, ``--cert``, ``--key``, ``--client-ca``, ``--insecure``;
    the plugin's ``--edgeconform-tls-*``) ask for on ``side``, or ``None``.

    Dialling with no TLS option gives ``None`` (a ``wss://`` URL is then verified against
    the system's roots); listening without ``--cert`` gives ``None`` (plain ``ws://``).
    Raises :class:`TlsConfigError` for contradictory or unusable options.
    """
    if side == "listen":
        if ca is not None or insecure:
            raise TlsConfigError("--ca and --insecure apply when dialling; to require client certificates when "
                                 "listening, give --client-ca")
        if cert is None:
            if key is not None or client_ca is not None:
                raise TlsConfigError("--key and --client-ca need --cert (the server's certificate)")
            return None
        return server_context(cert_file=cert, key_file=key, client_ca_file=client_ca)
    if client_ca is not None:
        raise TlsConfigError("--client-ca applies when listening; when dialling, --ca names the server's CA")
    if ca is None and cert is None and key is None and not insecure:
        return None
    return client_context(ca_file=ca, cert_file=cert, key_file=key, insecure=insecure)
