"""The ``edgeconform`` command line.

Each subcommand lives in its own module with ``register(subparsers)``; ``main`` never
lets a traceback reach the user: usage errors exit 2, an unexpected error is reported
in one line and exits 2 as well.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from harness import __version__
from harness.cli import certify_edge, generate, serve_edge, validate

COMMANDS = (validate, generate, serve_edge, certify_edge)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edgeconform",
        description="Conformance harness for the Pod Update websocket message (controller <-> edge).",
    )
    parser.add_argument("--version", action="version", version=f"edgeconform {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("edgeconform: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: one line, never a traceback
        print(f"edgeconform: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
