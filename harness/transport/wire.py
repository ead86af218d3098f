"""Frames and wire logs: what one connection carried, both ways, within bounds (no I/O)."""

from __future__ import annotations

import base64
import dataclasses
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from harness.transport.link import Link

#: What one connection's wire log keeps, so a peer that floods cannot grow memory without bound:
#: the characters (bytes for binary) of one frame's payload -- far beyond what any report shows,
#: the frame's ``size`` stays exact -- and, over the whole connection, the frames and the payload
#: bytes held; past either limit the oldest frames are dropped (counted in :attr:`WireLog.dropped`).
LOGGED_FRAME_CHARS = 64 * 1024
LOGGED_FRAMES = 100_000
LOGGED_BYTES = 64 * 1024 * 1024
#: The characters of one frame's payload that a report's wire log shows (``wire/<case>.json``,
#: the Allure wire log): every message of the suite but the spec-maximal and oversized pods whole
#: (the conformant pod update is 2.3 KB); past it a frame keeps its ``size`` and is ``truncated``.
EVIDENCE_FRAME_CHARS = 16 * 1024

Direction = Literal["sent", "received"]
FrameKind = Literal["text", "binary", "close"]


def payload_size(data: str | bytes) -> int:
    """Size in bytes of a frame's payload (UTF-8 for text)."""
    if isinstance(data, bytes):
        return len(data)
    return len(data) if data.isascii() else len(data.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class Frame:
    """One frame on the wire, as this side saw it."""

    direction: Direction
    at: float
    kind: FrameKind
    data: str | bytes
    size: int
    close_code: int | None = None
    close_reason: str | None = None
    #: The payload was cut when logged (``size`` is still the whole frame's).
    cut: bool = False

    @classmethod
    def message(cls, direction: Direction, data: str | bytes, at: float | None = None) -> Frame:
        """A text (``str``) or binary (``bytes``) frame."""
        kind: FrameKind = "binary" if isinstance(data, bytes) else "text"
        return cls(direction, time.time() if at is None else at, kind, data, payload_size(data))

    @classmethod
    def close(cls, direction: Direction, code: int, reason: str, at: float | None = None) -> Frame:
        """A close frame (or the synthesised end of a dropped connection)."""
        return cls(direction, time.time() if at is None else at, "close", "", 0, code, reason)

    def to_jsonable(self, max_chars: int = 4096) -> dict[str, Any]:
        """A JSON-ready dict; ``data`` cut to ``max_chars`` (binary as base64), ``size`` kept."""
        out: dict[str, Any] = {"direction": self.direction, "at": self.at, "kind": self.kind, "size": self.size}
        if self.kind == "close":
            out["close_code"] = self.close_code
            out["close_reason"] = self.close_reason
            return out
        if isinstance(self.data, bytes):
            keep = max(0, max_chars) * 3 // 4  # base64 makes 4 characters of 3 bytes
            text = base64.b64encode(self.data[:keep]).decode()
            out["encoding"] = "base64"
            truncated = len(self.data) > keep
        else:
            text = self.data[:max_chars]
            truncated = len(self.data) > max_chars
        out["data"] = text
        if truncated or self.cut:
            out["truncated"] = True
        return out

    def logged(self, max_chars: int) -> Frame:
        """This frame as a wire log keeps it: a payload longer than ``max_chars`` is cut, ``size`` kept."""
        if len(self.data) <= max_chars:
            return self
        return dataclasses.replace(self, data=self.data[:max_chars], cut=True)


@dataclass
class WireLog:
    """The frames of one connection, in the order this side saw them, within bounds.

    Positions (:meth:`mark`, :meth:`since`) count every frame ever logged, so they stay valid
    when the oldest frames are dropped to keep within :data:`LOGGED_FRAMES` and
    :data:`LOGGED_BYTES`; a frame's payload is kept up to :data:`LOGGED_FRAME_CHARS`.
    """

    frames: list[Frame] = field(default_factory=list)
    max_frames: int = LOGGED_FRAMES
    max_bytes: int = LOGGED_BYTES
    max_frame_chars: int = LOGGED_FRAME_CHARS
    #: Frames dropped from the front to stay within the bounds.
    dropped: int = 0
    _bytes: int = 0

    def append(self, frame: Frame) -> None:
        frame = frame.logged(self.max_frame_chars)
        self.frames.append(frame)
        self._bytes += len(frame.data)
        if len(self.frames) > self.max_frames or self._bytes > self.max_bytes:
            self._drop_oldest()

    def _drop_oldest(self) -> None:
        """Drop the oldest frames down to three quarters of each bound (amortised O(1) per frame)."""
        keep_frames, keep_bytes = self.max_frames * 3 // 4, self.max_bytes * 3 // 4
        cut, count, held = 0, len(self.frames), self._bytes
        while cut < len(self.frames) - 1 and (count - cut > keep_frames or held > keep_bytes):
            held -= len(self.frames[cut].data)
            cut += 1
        del self.frames[:cut]
        self._bytes = held
        self.dropped += cut

    def mark(self) -> int:
        """A position to take :meth:`since` from later."""
        return self.dropped + len(self.frames)

    def since(self, index: int) -> list[Frame]:
        """The frames logged after :meth:`mark` returned ``index`` (those still held)."""
        return self.frames[max(0, index - self.dropped):]

    def __len__(self) -> int:
        """Frames logged on the connection, dropped ones included."""
        return self.dropped + len(self.frames)

    def to_jsonable(self, max_chars_per_frame: int = 4096, *, start: int = 0) -> list[dict[str, Any]]:
        """The log (from ``start``) for reports; huge frames are cut but keep their ``size``."""
        return frames_to_jsonable(self.since(start), max_chars_per_frame)


def frames_to_jsonable(frames: Iterable[Frame], max_chars_per_frame: int = 4096) -> list[dict[str, Any]]:
    """JSON-ready dicts for a slice of a wire log."""
    return [frame.to_jsonable(max_chars_per_frame) for frame in frames]


def wire_of_case(links: Sequence[Link], own: Iterable[Frame], since: float, until: float,
                 max_chars_per_frame: int = EVIDENCE_FRAME_CHARS) -> list[dict[str, Any]]:
    """A case's wire log across a session's connections (``links``, oldest first), JSON-ready, in order:
    the case's ``own`` frames (its requests and the answers to them, whenever they went out: requests
    are sent ahead of their case), every close frame between ``since`` and ``until``, and the
    connection events of that window: ``{"event": "connection opened", ...}`` (the re-handshake:
    time, path, node id, remote address) before the frames of each connection opened in it, and
    ``{"event": "connection closed", ...}`` (who closed, code, reason) where a connection's end is
    shown. Other cases' frames on the same connections are left out."""
    mine = {id(frame) for frame in own}
    out: list[dict[str, Any]] = []
    for link in links:
        if link.opened_at > until:
            break
        frames = [f for f in link.log.since(0)
                  if id(f) in mine or (f.kind == "close" and since <= f.at <= until)]
        if since <= link.opened_at:
            shake = link.handshake
            out.append({"event": "connection opened", "at": link.opened_at, "path": shake.path,
                        "node_id": shake.node_id, "remote_address": shake.remote_address,
                        "response_status": shake.response_status})
        out += frames_to_jsonable(frames, max_chars_per_frame)
        end = link.end
        if end is not None and any(frame is end for frame in frames):
            out.append({"event": "connection closed", "at": end.at,
                        "by": "this side" if end.direction == "sent" else "the peer",
                        "close_code": end.close_code, "close_reason": end.close_reason})
    return out
