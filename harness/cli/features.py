"""``edgeconform features``: where the shipped suites are, or a copy of them to keep and extend.

Contract::

    edgeconform features [--copy-to DIR]

Without options prints the folder of the installed feature files (``edge/`` and ``controller/``).
``--copy-to DIR`` copies both suites into DIR (created; an existing file is never overwritten),
ready for a repository of one's own: run them with ``pytest DIR/edge --edgeconform-...``, add
scenarios and golden answers beside them (docs/own-suite.md). Exit 0; 1 when DIR already holds
a file the copy would overwrite; 2 on a usage error.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from harness.resources import ResourceError, data_path


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "features", help="print where the shipped feature files are, or copy them into a folder of your own",
        description="Print the folder of the installed edge and controller suites; with --copy-to, copy them "
                    "into DIR to keep in a repository of your own and extend (docs/own-suite.md).",
    )
    parser.add_argument("--copy-to", type=Path, default=None, metavar="DIR",
                        help="copy features/edge and features/controller into DIR/edge and DIR/controller")
    parser.set_defaults(handler=run)


def copy_features(target: Path) -> list[Path]:
    """Copy the shipped suites into ``target``; the files that were already there (nothing is
    copied then)."""
    source = data_path("features")
    files = [path for path in sorted(source.rglob("*"))
             if path.is_file() and "__pycache__" not in path.relative_to(source).parts]
    clashes = [target / path.relative_to(source) for path in files if (target / path.relative_to(source)).exists()]
    if clashes:
        return clashes
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    return []


def run(args: argparse.Namespace) -> int:
    try:
        if args.copy_to is None:
            print(data_path("features").resolve())
            return 0
        clashes = copy_features(args.copy_to)
    except ResourceError as exc:
        print(f"edgeconform: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"edgeconform: cannot copy the features to {args.copy_to}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if clashes:
        print(f"edgeconform: {args.copy_to} already has {clashes[0]} (and {len(clashes) - 1} more of the "
              "suites' files); nothing copied", file=sys.stderr)
        return 1
    print(f"copied the edge and controller suites into {args.copy_to}/ (edge/, controller/)")
    return 0
