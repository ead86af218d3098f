"""Reading the vendor document's flattened parameter table (for tests only).

The table in pod-update.txt is five "Level" cells (``-`` as filler) and then the
description paragraphs, all separated by blank lines. ``table_rows()`` rebuilds each
row's JSON path from the level cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SPEC_DIR = Path(__file__).resolve().parents[2] / "shared" / "spec"
DOCUMENT = SPEC_DIR / "pod-update.txt"
_NAME = re.compile(r"^[A-Za-z]+( or [A-Za-z]+)?$")


@dataclass(frozen=True)
class DocumentRow:
    path: str  # e.g. "spec.containers.env.name"
    description: tuple[str, ...]

    @property
    def type_text(self) -> str:
        return next((d for d in self.description if d.startswith("Type:")), "")


def table_rows() -> list[DocumentRow]:
    text = DOCUMENT.read_text(encoding="utf-8")
    start = text.index("Level-5 Resource")
    body = text[text.index("Description", start) + len("Description"): text.index("Result returned")]
    cells = [c.strip() for c in body.split("\n\n") if c.strip()]
    rows: list[DocumentRow] = []
    stack: list[str] = []
    i = 0
    while i < len(cells):
        window = cells[i:i + 5]
        names = [c for c in window if c != "-"]
        if len(window) == 5 and len(names) == 1 and _NAME.match(names[0]):
            level = window.index(names[0])
            stack = [*stack[:level], names[0]]
            i += 5
            description: list[str] = []
            while i < len(cells) and not _starts_row(cells, i):
                description.append(cells[i])
                i += 1
            rows.append(DocumentRow(".".join(stack), tuple(description)))
        else:
            i += 1
    return rows


def _starts_row(cells: list[str], i: int) -> bool:
    window = cells[i:i + 5]
    names = [c for c in window if c != "-"]
    return len(window) == 5 and len(names) == 1 and bool(_NAME.match(names[0])) and "-" in window
