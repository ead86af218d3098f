"""The ``edgeconform`` command line.

Each subcommand lives in its own module of this package with ``register(subparsers)``
(found by :func:`command_modules`; a module without ``register`` is a helper). ``main``
never lets a traceback reach the user: usage errors exit 2, an unexpected error is
reported in one line and exits 2 as well.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from harness import __version__

#: The order commands are listed in ``--help``; commands not named here follow, sorted.
ORDER = ("validate", "certify-edge", "certify-controller", "serve-edge", "serve-controller")


def command_modules() -> list[ModuleType]:
    """Every module of this package that defines ``register(subparsers)``."""
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)
               if not info.name.startswith("_")]
    commands = [m for m in modules if callable(getattr(m, "register", None))]

    def rank(module: ModuleType) -> tuple[int, str]:
        name = module.__name__.rsplit(".", 1)[-1].replace("_", "-")
        return (ORDER.index(name) if name in ORDER else len(ORDER), name)

    return sorted(commands, key=rank)


class OneLineParser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line naming the option (exit 2), not the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def version_line() -> str:
    """``edgeconform <harness version> (rule set <rule-set version>)``."""
    from harness.messages import RULESET_VERSION

    return f"edgeconform {__version__} (rule set {RULESET_VERSION})"


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="edgeconform",
        description="Conformance harness for the Pod Update websocket message (controller <-> edge).",
    )
    parser.add_argument("--version", action="version", version=version_line(),
                        help="print the harness and rule-set versions and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in command_modules():
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
    except BrokenPipeError:  # `edgeconform rules | head`: the reader left; nothing more to say
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (no flush error at exit)
        return 0
    except Exception as exc:  # a bug of ours: one line, never a traceback
        print(f"edgeconform: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
