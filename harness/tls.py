"""TLS for ``wss://`` links: contexts for each side, and one clear line for each failure.

The vendor's edge dials ``wss://`` and verifies the server against an imported root CA,
TLS 1.2 or 1.3, with no client certificate on that link (vendor-notes.md, Connection);
its internal link is mutual TLS. So:

* :func:`client_context` -- the dialling side: verify the peer against ``ca_file`` (or the
  system's roots), optionally present a client certificate (mutual TLS); ``insecure=True``
  (``--insecure``) verifies nothing, for labs with self-signed certificates.
* :func:`server_context` -- the listening side: a certificate and key; with
  ``client_ca_file``, a client certificate signed by that CA is required.
* one line naming the cause of a failed handshake is the websocket layer's
  (:func:`harness.transport.describe_tls_failure`): it puts it in ``ConnectFailed`` and in
  :attr:`Listener.tls_failures <harness.transport.Listener.tls_failures>`.
* :func:`tls_context` -- the context the TLS options (``--ca``, ``--cert``, ``--key``,
  ``--client-ca``, ``--insecure``) ask for; harness/options.py declares the options.

Every context requires TLS 1.2 or newer. A bad option (a file that cannot be read, a key
that does not match its certificate, contradictory options) raises :class:`TlsConfigError`
with a one-line reason, before anything is dialled.
"""

from __future__ import annotations

import os
import ssl
from typing import Literal

#: The oldest TLS version either side accepts (the vendor's edge: TLS 1.2/1.3).
MINIMUM_TLS_VERSION = ssl.TLSVersion.TLSv1_2

Side = Literal["dial", "listen"]


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
