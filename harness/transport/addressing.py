"""Paths, addresses and redaction: the edge's websocket path, ``HOST:PORT``, secrets kept out (no I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

#: The edge's websocket path (vendor-notes.md, Connection).
EVENTS_PATH = re.compile(r"^/websocket/(?P<node_id>[^/?#]+)/events$")
#: The vendor edge's pre-check GET before it dials (vendor-notes.md, Connection).
ACCOUNT_CHECK_PATH = re.compile(r"^/websocket/(?P<node_id>[^/?#]+)/AccountCheck$")


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers as a dict (repeats joined with ``, ``); ``Authorization`` keeps only its scheme."""
    out: dict[str, str] = {}
    for name, value in headers:
        if name.lower() in ("authorization", "proxy-authorization"):
            scheme = value.split(" ", 1)[0] if " " in value else ""
            value = f"{scheme} <redacted>".strip()
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def parse_host_port(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6; port 0 for a free port); ``ValueError`` with one line."""
    host, sep, port = text.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"expected HOST:PORT (port 0-65535, 0 for a free port), got {text!r}")
    return host, int(port)


def redact_url(url: str) -> str:
    """``url`` with the password of its user info (``wss://user:secret@host/``) replaced by ``<redacted>``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url if "@" not in url else "<a URL with user info>"
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:<redacted>@{host}"))


def node_id_of(path: str) -> str | None:
    """``<node_id>`` of ``/websocket/<node_id>/events`` (query ignored), else ``None``."""
    match = EVENTS_PATH.match(path.split("?", 1)[0])
    return match["node_id"] if match else None


def address_text(value: Any) -> str:
    if isinstance(value, tuple) and len(value) >= 2:
        host = str(value[0])
        return f"[{host}]:{value[1]}" if ":" in host else f"{host}:{value[1]}"
    return str(value) if value is not None else ""
