"""``edgeconform generate [--check] [--root DIR]``: write (or check) the files derived
from the rule table: exported schemas, the conformant fixture, docs/rules.md and the
generated feature files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from harness.artefacts import generated

#: A file every edgeconform source checkout has: how ``generate`` knows where it is.
CHECKOUT_MARKER = Path("harness") / "messages" / "__init__.py"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "generate", help="write the files derived from the rule table (in a source checkout)",
        description="Write (or, with --check, compare) the files derived from the rule tables of the message "
                    "types (harness/messages/*/table.py): the JSON Schemas, fixtures/conformant-request.json, "
                    "docs/rules.md and the generated edge feature files. Run it in an edgeconform source checkout "
                    "after editing a table.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 and list every generated file that is missing or stale")
    parser.add_argument("--root", default=".", metavar="DIR",
                        help="the edgeconform source checkout (default: the current directory, which must be one)")
    parser.set_defaults(handler=run)


def stale_files(root: Path) -> list[str]:
    """The generated files under ``root`` that are missing or differ from what the table gives."""
    return [relative for relative, _ in _differences(root)]


def _differences(root: Path) -> list[tuple[str, str]]:
    """(path, "missing" or "stale") for every generated file under ``root`` that is not up to date."""
    out = []
    for relative, text in generated().items():
        path = root / relative
        if not path.exists():
            out.append((relative, "missing"))
        elif path.read_text(encoding="utf-8") != text:
            out.append((relative, "stale"))
    return out


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not (root / CHECKOUT_MARKER).is_file():
        where = "the current directory" if args.root == "." else str(root)
        print(f"edgeconform generate: error: {where} is not an edgeconform source checkout (no {CHECKOUT_MARKER}); "
              "run it there or give --root DIR", file=sys.stderr)
        return 2
    if args.check:
        differences = _differences(root)
        for relative, state in differences:
            print(f"{state}: {relative} (run `edgeconform generate`)", file=sys.stderr)
        return 1 if differences else 0
    for relative, text in generated().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {relative}")
    return 0
