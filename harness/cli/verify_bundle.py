"""``edgeconform verify-bundle``: check a certification bundle.

Contract::

    edgeconform verify-bundle FILE

Exit 0 when the bundle is complete (every required member), unmodified (every hash
matches MANIFEST.json, no member outside it, the manifest agrees with run.json and
summary.json) and shows a full run (complete, not interrupted, nothing selected,
deselected or skipped, every derived case of the run's profile present); one line
saying so is printed. Exit 1 with one line per problem ("tampered: junit.xml hash
differs", "skipped: a certification run may not skip", a member with a path that
escapes the bundle is "refused: ..."). Exit 2 on a usage error or a file that cannot
be read as a gzip-compressed tar archive, a corrupt one included (one line: its gzip CRC or
tar error).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from harness.bundle import verdict_lines, verify_bundle

PROG = "edgeconform verify-bundle"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "verify-bundle", help="check that a certification bundle is complete, unmodified and a full run",
        description="Check a certification bundle (certify-edge --bundle): every member present and unmodified, "
                    "and the run a full one. Exit 0 good, 1 with one line per problem, 2 unreadable file.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the bundle (.tar.gz)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    verdict = verify_bundle(args.file)
    for line in verdict_lines(verdict):
        if verdict.unreadable:
            print(f"{PROG}: {line}", file=sys.stderr)
        else:
            print(line)
    return verdict.exit_code
