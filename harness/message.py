"""The message codec of the controller <-> edge protocol (no I/O; it knows no message type).

* :func:`decode` turns a websocket frame into a JSON object or a :class:`DecodeError`
  value -- never an exception.
* the requests of each message type are built by its spec (``harness/messages/<name>/``).
* :func:`answer_ok` / :func:`answer_failed` build an edge's answer exactly as the
  document's "Result returned" shows it (extra header keys ``id``, ``parentId``,
  ``version``, ``isSync``, ``nodeId``, ``peerInfo`` and the empty ``router`` object
  included); failures follow the vendor's ``FeedbackError`` (vendor-notes.md, Answers).
* :class:`Envelope` reads header and route fields of any decoded message tolerantly,
  with Go's case-insensitive keys, for correlation and judging.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from harness.json_keys import get_ci

FAILED_PREFIX = "FAILED"

FailureStyle = Literal["error", "response"]


@dataclass(frozen=True)
class DecodeError:
    """A frame that is not a JSON object, and why."""

    reason: str
    size: int

    def __str__(self) -> str:
        return self.reason


def parse(frame: str | bytes) -> Any:
    """The JSON value a frame carries (any JSON type), or a :class:`DecodeError`.

    The standard library's C parser: it keeps integers beyond 64 bits exact (orjson
    reads them as floats, which would misreport a huge int32 as "a float").
    ``NaN``/``Infinity`` are refused, as Go's decoder refuses them.
    """
    size = len(frame)
    if isinstance(frame, bytes):
        try:
            frame = frame.decode("utf-8")
        except UnicodeDecodeError as exc:
            return DecodeError(f"not JSON: invalid UTF-8 at byte {exc.start}", size)
    try:
        return json.loads(frame, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        return DecodeError(f"not JSON: {exc}" if str(exc) else "not JSON", size)


def decode(frame: str | bytes) -> dict[str, Any] | DecodeError:
    """The JSON object a frame carries, or a :class:`DecodeError` saying why not."""
    size = len(frame)
    value = parse(frame)
    if isinstance(value, DecodeError):
        return value
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        return DecodeError(f"not a JSON object: the frame holds a JSON {kind}", size)
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def encode(message: Any) -> str:
    """A compact JSON text of ``message`` (keys in the order given)."""
    try:
        return orjson.dumps(message).decode()
    except TypeError:  # integers beyond 64 bits
        return json.dumps(message, separators=(",", ":"), ensure_ascii=False)


def new_msg_id() -> str:
    return str(uuid.uuid4())


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def _answer(request: dict[str, Any], content: str, *, source: str, operation: str,
            msg_id: str | None, timestamp: int | None) -> dict[str, Any]:
    view = Envelope(request)
    return {
        "header": {
            "id": "",
            "msg_id": msg_id or new_msg_id(),
            "parentId": "",
            "parent_msg_id": view.msg_id or "",
            "timestamp": timestamp if timestamp is not None else now_ms(),
            "version": "",
            "resourceversion": "",
            "isSync": False,
            "sync": False,
            "nodeId": "",
            "peerInfo": {},
        },
        "router": {"source": "", "destination": "", "option": "", "resource": ""},
        "route": {
            "source": source,
            "group": view.group if view.group is not None else "",
            "operation": operation,
            "resource": view.resource if view.resource is not None else "",
        },
        "content": content,
    }


def answer_ok(request: dict[str, Any], *, msg_id: str | None = None, timestamp: int | None = None) -> dict[str, Any]:
    """The conformant "OK" answer to ``request`` (the document's "Result returned")."""
    return _answer(request, "OK", source="controller", operation="response", msg_id=msg_id, timestamp=timestamp)


def answer_failed(request: dict[str, Any], reason: str, *, style: FailureStyle = "error",
                  msg_id: str | None = None, timestamp: int | None = None) -> dict[str, Any]:
    """The answer to a rejected pod: content ``FAILED: <reason>``.

    ``style="error"`` is the vendor edge's ``FeedbackError`` (source ``metaManager``,
    operation ``error``); ``style="response"`` is the guide's ``"FAILED:{cause}"`` with
    operation ``response`` (vendor-notes.md, Answers).
    """
    source, operation = ("metaManager", "error") if style == "error" else ("controller", "response")
    return _answer(request, f"{FAILED_PREFIX}: {reason}", source=source, operation=operation,
                   msg_id=msg_id, timestamp=timestamp)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Envelope:
    """Tolerant, case-insensitive reading of a decoded message's header and route."""

    raw: dict[str, Any]

    def _header(self, key: str) -> Any:
        return get_ci(get_ci(self.raw, "header"), key)

    def _route(self, key: str) -> Any:
        return get_ci(get_ci(self.raw, "route"), key)

    @property
    def msg_id(self) -> str | None:
        return _str_or_none(self._header("msg_id"))

    @property
    def parent_msg_id(self) -> str | None:
        return _str_or_none(self._header("parent_msg_id"))

    @property
    def timestamp(self) -> int | None:
        value = self._header("timestamp")
        return value if type(value) is int else None

    @property
    def source(self) -> str | None:
        return _str_or_none(self._route("source"))

    @property
    def group(self) -> str | None:
        return _str_or_none(self._route("group"))

    @property
    def operation(self) -> str | None:
        return _str_or_none(self._route("operation"))

    @property
    def resource(self) -> str | None:
        return _str_or_none(self._route("resource"))

    @property
    def content(self) -> Any:
        return get_ci(self.raw, "content")

    @property
    def is_keepalive(self) -> bool:
        """The vendor edge's upstream keepalive (``operation: keepalive``, content ``ping``)."""
        return self.operation == "keepalive"

    @property
    def is_answer(self) -> bool:
        """Carries a non-empty ``parent_msg_id``: an answer to some request."""
        return bool(self.parent_msg_id)

    @property
    def is_ok(self) -> bool:
        return bool(self.content == "OK")

    @property
    def is_failure(self) -> bool:
        content = self.content
        return isinstance(content, str) and content.startswith(FAILED_PREFIX)
