"""Basic credentials of the edge's handshake, kept out of command lines and reports.

The vendor's edge sends ``Authorization: Basic base64(user:password)`` when it dials
(vendor-notes.md, Connection). Here:

* :func:`basic_authorization` builds that header value; :func:`parse_basic_authorization`
  reads one back.
* :func:`read_password` takes the password from a file (one trailing newline stripped) or
  an environment variable -- never from the command line, where ``ps`` and shell history
  would show it.
* :func:`basic_checker` is the listening side's check: pass it as
  ``Listener.start(..., require_authorization=...)`` and every other handshake is refused
  with HTTP 401 before the websocket upgrade. It compares in constant time.
* :func:`credentials_of`: the credentials of ``--user NAME`` with ``--password-file FILE`` or
  ``--password-env VAR`` (harness/options.py declares the options).

Redaction is done where things are recorded: ``harness.transport.redact_headers`` keeps
only the scheme of ``Authorization`` in every handshake and HTTP request recorded, and
``harness.transport.redact_url`` drops a password from a URL before it reaches a message.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

#: A check of a handshake's ``Authorization`` header value (``None``: the header is absent).
AuthorizationCheck = Callable[[str | None], bool]
#: Longest password file read, in bytes (a password, not a data file).
MAX_PASSWORD_FILE_BYTES = 64 * 1024


class CredentialsError(ValueError):
    """Credentials cannot be read or built; ``str()`` is a one-line reason (never the secret)."""


@dataclass(frozen=True)
class Credentials:
    """A user and password; ``repr()`` never shows the password."""

    user: str
    password: str

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password=<redacted>)"

    __str__ = __repr__

    def authorization(self) -> str:
        """The ``Authorization`` header value: ``Basic base64(user:password)``."""
        return basic_authorization(self.user, self.password)

    def headers(self) -> dict[str, str]:
        """Handshake headers that carry these credentials."""
        return {"Authorization": self.authorization()}

    def checker(self) -> AuthorizationCheck:
        """A listener's check that accepts exactly these credentials."""
        return basic_checker(self.user, self.password)


def basic_authorization(user: str, password: str) -> str:
    """``Basic base64(user:password)`` (RFC 7617, UTF-8); a user name may not hold ``:``."""
    if ":" in user:
        raise CredentialsError("a Basic user name cannot contain ':' (RFC 7617)")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in user + password):
        raise CredentialsError("a Basic user name or password cannot contain control characters")
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def parse_basic_authorization(value: str | None) -> tuple[str, str] | None:
    """``(user, password)`` of a ``Basic`` header value, or ``None`` when it is not one."""
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon else None


def basic_checker(user: str, password: str) -> AuthorizationCheck:
    """A check that accepts only ``Basic`` credentials equal to ``user``/``password``.

    Compares in constant time (:func:`hmac.compare_digest`); never raises.
    """
    expected_user, expected_password = user.encode(), password.encode()

    def check(value: str | None) -> bool:
        parsed = parse_basic_authorization(value)
        if parsed is None:
            return False
        same_user = hmac.compare_digest(parsed[0].encode("utf-8", "surrogatepass"), expected_user)
        same_password = hmac.compare_digest(parsed[1].encode("utf-8", "surrogatepass"), expected_password)
        return same_user and same_password

    return check


def read_password(*, file: str | os.PathLike[str] | None = None, env: str | None = None) -> str:
    """The password from ``file`` (UTF-8; one trailing newline stripped) or the variable ``env``.

    Exactly one source must be given. Raises :class:`CredentialsError` naming the source
    (never the content) when it is missing, unreadable or empty.
    """
    if (file is None) == (env is None):
        raise CredentialsError("give the password in exactly one of a file (--password-file) or an "
                               "environment variable (--password-env)")
    if file is not None:
        path = os.fspath(file)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_PASSWORD_FILE_BYTES + 1)
        except OSError as exc:
            raise CredentialsError(f"cannot read the password file {path!r}: {exc.strerror or exc}") from None
        if len(data) > MAX_PASSWORD_FILE_BYTES:
            raise CredentialsError(f"the password file {path!r} is over {MAX_PASSWORD_FILE_BYTES} bytes: "
                                   "not a password file?")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise CredentialsError(f"the password file {path!r} is not UTF-8 text") from None
        text = text.removesuffix("\n").removesuffix("\r") if text.endswith("\n") else text
        if not text:
            raise CredentialsError(f"the password file {path!r} is empty")
        return text
    assert env is not None
    value = os.environ.get(env)
    if value is None:
        raise CredentialsError(f"the environment variable {env} (--password-env) is not set")
    if not value:
        raise CredentialsError(f"the environment variable {env} (--password-env) is empty")
    return value


# ----------------------------------------------------------------------------- from option values


def credentials_of(user: str | None, password_file: str | os.PathLike[str] | None = None,
                   password_env: str | None = None) -> Credentials | None:
    """The credentials ``--user NAME`` with ``--password-file FILE`` or ``--password-env VAR`` give
    (the plugin's ``--edgeconform-auth-*``), or ``None`` without them.

    Raises :class:`CredentialsError` (a password source without ``--user``, or the reverse; a
    password that cannot be read or used).
    """
    if user is None:
        if password_file is not None or password_env is not None:
            raise CredentialsError("--password-file and --password-env need --user")
        return None
    if password_file is None and password_env is None:
        raise CredentialsError("--user needs --password-file FILE or --password-env VAR (never the password "
                               "itself on the command line)")
    password = read_password(file=password_file, env=password_env)
    basic_authorization(user, password)  # refuse unusable credentials now, not at the first handshake
    return Credentials(user, password)
