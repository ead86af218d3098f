"""The websocket I/O layer: one :class:`Link` per connection, whichever side dialled.

Everything the peer does becomes a :class:`Frame` in the link's :class:`WireLog`:
text, binary, and the end of the connection (a close frame, or a synthesised 1006 when
the TCP connection dropped without one). :meth:`Link.receive` never raises: it returns
a frame, a ``close`` frame once the connection is gone, or ``None`` on timeout.

The edge dials ``ws(s)://HOST:PORT/websocket/<node_id>/events`` (vendor-notes.md,
Connection); a :class:`Listener` plays the vendor's management server and accepts any
path of that form, including re-dials after a drop. Ping/pong frames are answered by
websockets itself and are not logged.

Only setup fails loudly, with a :class:`TransportError`: :func:`dial` raises
:class:`ConnectFailed`, :meth:`Listener.start` raises :class:`ListenFailed`, and a
send on a connection that is gone raises :class:`ConnectionLost`.

TLS (``wss://``, contexts from :mod:`harness.tls`): a failed handshake is a
``ConnectFailed`` whose reason names the cause (:func:`harness.tls.describe_tls_failure`);
a listener records the handshakes its clients failed in :attr:`Listener.tls_failures`.
A listener can require credentials (``require_authorization``, e.g.
:func:`harness.credentials.basic_checker`): other handshakes get HTTP 401 before the upgrade.
Nothing recorded or raised here holds a secret: ``Authorization`` headers keep only their
scheme, and a password in a URL is replaced by ``<redacted>``.

The modules, one concern each (this package re-exports their public names):

* :mod:`~harness.transport.errors` -- the errors tree;
* :mod:`~harness.transport.wire` -- frames, wire logs, a case's wire log across connections (no I/O);
* :mod:`~harness.transport.addressing` -- the events path, ``HOST:PORT``, redaction (no I/O);
* :mod:`~harness.transport.pacing` -- the token bucket (no I/O);
* :mod:`~harness.transport.link` -- one connection: reader, sends, close, handshake record;
* :mod:`~harness.transport.client` -- :func:`dial`;
* :mod:`~harness.transport.server` -- :class:`Listener`;
* :mod:`~harness.transport.tls_naming` -- why a TLS handshake failed, both sides (:func:`describe_tls_failure`);
* :mod:`~harness.transport.thread` -- the loop thread and :class:`Running`, the one wrapper that runs
  a service on it for synchronous callers.
"""

from __future__ import annotations

from harness.transport.addressing import (
    ACCOUNT_CHECK_PATH,
    EVENTS_PATH,
    node_id_of,
    parse_host_port,
    redact_headers,
    redact_url,
)
from harness.transport.client import dial
from harness.transport.errors import ConnectFailed, ConnectionLost, ListenFailed, TransportError
from harness.transport.link import (
    ABNORMAL_CLOSURE,
    DEFAULT_CLOSE_TIMEOUT,
    DEFAULT_MAX_SIZE,
    DEFAULT_OPEN_TIMEOUT,
    Handshake,
    Link,
)
from harness.transport.pacing import TokenBucket
from harness.transport.server import MAX_RECORDED_REFUSALS, HttpRequestSeen, Listener
from harness.transport.thread import LoopThread, Running
from harness.transport.tls_naming import PROBE_TIMEOUT, Peer, TlsFailure, describe_tls_failure, find_ssl_error
from harness.transport.wire import (
    EVIDENCE_FRAME_CHARS,
    LOGGED_BYTES,
    LOGGED_FRAME_CHARS,
    LOGGED_FRAMES,
    Direction,
    Frame,
    FrameKind,
    WireLog,
    frames_to_jsonable,
    payload_size,
    wire_of_case,
)

__all__ = [
    "ABNORMAL_CLOSURE",
    "ACCOUNT_CHECK_PATH",
    "DEFAULT_CLOSE_TIMEOUT",
    "DEFAULT_MAX_SIZE",
    "DEFAULT_OPEN_TIMEOUT",
    "EVENTS_PATH",
    "EVIDENCE_FRAME_CHARS",
    "LOGGED_BYTES",
    "LOGGED_FRAMES",
    "LOGGED_FRAME_CHARS",
    "MAX_RECORDED_REFUSALS",
    "PROBE_TIMEOUT",
    "ConnectFailed",
    "ConnectionLost",
    "Direction",
    "Frame",
    "FrameKind",
    "Handshake",
    "HttpRequestSeen",
    "Link",
    "ListenFailed",
    "Listener",
    "LoopThread",
    "Peer",
    "Running",
    "TlsFailure",
    "TokenBucket",
    "TransportError",
    "WireLog",
    "describe_tls_failure",
    "dial",
    "find_ssl_error",
    "frames_to_jsonable",
    "node_id_of",
    "parse_host_port",
    "payload_size",
    "redact_headers",
    "redact_url",
    "wire_of_case",
]
