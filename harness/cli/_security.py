"""The TLS and credential options of the certify commands, and what they ask for (argparse lives
under harness/cli only; harness/tls.py and harness/credentials.py take plain values)."""

from __future__ import annotations

import argparse
import ssl
from typing import Literal

from harness.credentials import Credentials, credentials_of
from harness.tls import Side, tls_context

ArgumentSide = Literal["dial", "listen", "both"]


def add_tls_arguments(parser: argparse.ArgumentParser | argparse._ArgumentGroup, *, side: ArgumentSide) -> None:
    """Add the TLS options of a command that dials, listens, or does either (``side="both"``).

    ``--ca FILE`` (dial: the CA the server's certificate must chain to; default the system's
    roots), ``--cert FILE`` / ``--key FILE`` (listen: this server's certificate and key;
    dial: a client certificate for mutual TLS), ``--client-ca FILE`` (listen: require a
    client certificate signed by this CA), ``--insecure`` (dial: verify nothing). The
    values land in ``args.tls_ca``, ``tls_cert``, ``tls_key``, ``tls_client_ca``, ``tls_insecure``.
    """
    dial, listen = side in ("dial", "both"), side in ("listen", "both")
    if dial:
        parser.add_argument("--ca", dest="tls_ca", metavar="FILE", default=None,
                            help="wss: trust the server certificate only if it chains to this CA (PEM); default "
                                 "the system's roots")
    cert_help = {"dial": "wss: present this client certificate (PEM, mutual TLS)",
                 "listen": "serve wss:// with this certificate (PEM, chain included)",
                 "both": "with --listen: serve wss:// with this certificate; when dialling: present it as the "
                         "client certificate (PEM)"}[side]
    parser.add_argument("--cert", dest="tls_cert", metavar="FILE", default=None, help=cert_help)
    parser.add_argument("--key", dest="tls_key", metavar="FILE", default=None,
                        help="the private key of --cert (PEM, unencrypted; default: in the --cert file)")
    if listen:
        parser.add_argument("--client-ca", dest="tls_client_ca", metavar="FILE", default=None,
                            help="with --cert: require a client certificate signed by this CA (mutual TLS)")
    if dial:
        parser.add_argument("--insecure", dest="tls_insecure", action="store_true", default=False,
                            help="wss: do not verify the server's certificate or host name (self-signed labs only)")
def tls_from_args(args: argparse.Namespace, side: Side) -> ssl.SSLContext | None:
    """The context the options of :func:`add_tls_arguments` ask for on ``side``, or ``None``
    (harness.tls.tls_context). Raises :class:`~harness.tls.TlsConfigError`."""
    return tls_context(side, ca=getattr(args, "tls_ca", None), cert=getattr(args, "tls_cert", None),
                       key=getattr(args, "tls_key", None), client_ca=getattr(args, "tls_client_ca", None),
                       insecure=bool(getattr(args, "tls_insecure", False)))


def add_credentials_arguments(parser: argparse.ArgumentParser | argparse._ArgumentGroup, *,
                              side: Literal["dial", "listen", "both"]) -> None:
    """``--user NAME`` with ``--password-file FILE`` or ``--password-env VAR``.

    Dialling sends them as ``Authorization: Basic``; listening requires them of every
    handshake (others get HTTP 401). Values land in ``args.auth_user``,
    ``auth_password_file``, ``auth_password_env``.
    """
    what = {"dial": "send Basic credentials when dialling",
            "listen": "require these Basic credentials of every edge that dials in (others get HTTP 401)",
            "both": "Basic credentials: sent when dialling, required of peers when listening"}[side]
    parser.add_argument("--user", dest="auth_user", metavar="NAME", default=None,
                        help=f"{what}; the password comes from --password-file or --password-env")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--password-file", dest="auth_password_file", metavar="FILE", default=None,
                        help="read the password from FILE (one trailing newline stripped)")
    source.add_argument("--password-env", dest="auth_password_env", metavar="VAR", default=None,
                        help="read the password from the environment variable VAR")
def credentials_from_args(args: argparse.Namespace) -> Credentials | None:
    """The credentials the options of :func:`add_credentials_arguments` give, or ``None``
    (harness.credentials.credentials_of). Raises :class:`~harness.credentials.CredentialsError`."""
    return credentials_of(getattr(args, "auth_user", None), getattr(args, "auth_password_file", None),
                          getattr(args, "auth_password_env", None))
