"""Concrete places in a message for a rule's path template (``a.b[].c``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from harness.json_keys import key_ci


@dataclass(frozen=True)
class Place:
    """One concrete location: ``container[key]`` with its printable path."""

    container: dict[str, Any] | list[Any]
    key: str | int
    path: str

    def exists(self) -> bool:
        if isinstance(self.container, dict):
            return self.key in self.container
        return isinstance(self.key, int) and self.key < len(self.container)

    def get(self) -> Any:
        return self.container[self.key] if self.exists() else None  # type: ignore[index]

    def set(self, value: Any) -> None:
        self.container[self.key] = value  # type: ignore[index]

    def remove(self) -> None:
        if self.exists():
            del self.container[self.key]  # type: ignore[arg-type]


_INDEX = re.compile(r"\[(\d*)\]$")


def split_path(template: str) -> list[str]:
    """``content.spec.Volumes[].name`` -> ``["content", "spec", "Volumes", "[]", "name"]``.

    A concrete index stays in its segment: ``Volumes[2]`` -> ``["Volumes", "[2]"]``.
    """
    out: list[str] = []
    for part in template.split(".") if template else []:
        indices: list[str] = []
        while (match := _INDEX.search(part)) is not None:
            indices.insert(0, match.group(0))
            part = part[: match.start()]
        if part:
            out.append(part)
        out.extend(indices)
    return out


def locate(message: Any, template: str, *, create: bool = False) -> list[Place]:
    """Every place ``template`` names in ``message`` whose parent exists.

    The last segment need not exist (so a place can be set or checked for absence);
    ``create=True`` also creates missing intermediate objects.
    """
    segments = split_path(template)
    if not segments:
        return []
    frontier: list[tuple[Any, str]] = [(message, "")]
    for segment in segments[:-1]:
        nxt: list[tuple[Any, str]] = []
        for node, path in frontier:
            if segment.startswith("["):
                if isinstance(node, list):
                    nxt.extend((item, f"{path}[{i}]") for i, item in _indexed(node, segment))
            elif isinstance(node, dict):
                key = key_ci(node, segment)
                if key not in node and create:
                    node[key] = {}
                if key in node:
                    nxt.append((node[key], f"{path}.{key}" if path else key))
        frontier = nxt
    last = segments[-1]
    places: list[Place] = []
    for node, path in frontier:
        if last.startswith("["):
            if isinstance(node, list):
                places.extend(Place(node, i, f"{path}[{i}]") for i, _ in _indexed(node, last))
        elif isinstance(node, dict):
            key = key_ci(node, last)
            places.append(Place(node, key, f"{path}.{key}" if path else key))
    return places


def _indexed(items: list[Any], segment: str) -> list[tuple[int, Any]]:
    """``[]`` -> every element; ``[2]`` -> the third, if there is one."""
    if segment == "[]":
        return list(enumerate(items))
    index = int(segment[1:-1])
    return [(index, items[index])] if index < len(items) else []
