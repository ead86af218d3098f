"""``edgeconform generate [--check] [--root DIR]``: write (or check) the files derived
from the rule table: exported schemas, the conformant fixture, docs/rules.md and the
generated feature files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from harness.artefacts import generated


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("generate", help="write the files derived from the rule table")
    parser.add_argument("--check", action="store_true", help="exit 1 if any generated file is stale")
    parser.add_argument("--root", default=".", help="the repository root (default: current directory)")
    parser.set_defaults(handler=run)


def stale_files(root: Path) -> list[str]:
    """The generated files under ``root`` whose content differs from what the table gives."""
    stale = []
    for relative, text in generated().items():
        path = root / relative
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(relative)
    return stale


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if args.check:
        stale = stale_files(root)
        for relative in stale:
            print(f"stale: {relative} (run `edgeconform generate`)", file=sys.stderr)
        return 1 if stale else 0
    for relative, text in generated().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {relative}")
    return 0
