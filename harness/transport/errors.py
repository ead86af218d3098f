"""The errors of the websocket layer: only setup and sends on a dead connection raise."""

from __future__ import annotations


class TransportError(Exception):
    """A websocket connection could not be set up or used; ``str()`` is a one-line reason."""


class ConnectFailed(TransportError):  # noqa: N818 (the project's names)
    """Dialling failed: refused, timed out, handshake rejected, bad URL."""


class ListenFailed(TransportError):  # noqa: N818 (the project's names)
    """The listening socket could not be opened (address in use, bad host...)."""


class ConnectionLost(TransportError):  # noqa: N818 (the project's names)
    """The connection is gone; nothing more can be sent on it."""
