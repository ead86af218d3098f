"""``edgeconform pytest``: the shipped edge or controller suite under plain pytest, from any folder.

Contract::

    edgeconform pytest [edge|controller] [--] [PYTEST ARGUMENTS...]

Runs pytest on the installed suite (``edge`` by default) with every argument given: the plugin's
``--edgeconform-*`` options, ``-k``, ``-m``, ``-x``, ``--lf``, ``-n`` (pytest-xdist), ``--junitxml``...
pytest's cache (``--lf``, ``--ff``) lives in ``.pytest_cache/`` of the current folder, never in the
installation. The exit status is pytest's own (0 passed, 1 some failed, 2 interrupted, 4 usage error,
5 nothing collected); ``certify-edge`` and ``certify-controller`` are the commands with the
certification's exit contract and report directory.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from harness.resources import ResourceError, data_path

SUITES = ("edge", "controller")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "pytest", help="run the shipped edge (default) or controller suite with pytest and any pytest arguments",
        usage="edgeconform pytest [edge|controller] [--] [PYTEST ARGUMENTS...]",
        # every argument is pytest's (-h too: pytest's help, the --edgeconform-* options included)
        prefix_chars="+", add_help=False,
    )
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def pytest_arguments(arguments: list[str]) -> tuple[str, list[str]]:
    """The suite named first (``edge`` when none is) and the arguments for pytest (a leading ``--`` dropped)."""
    rest = list(arguments)
    suite = rest.pop(0) if rest and rest[0] in SUITES else "edge"
    if rest and rest[0] == "--":
        rest.pop(0)
    return suite, rest


def run(args: argparse.Namespace) -> int:
    suite, rest = pytest_arguments(args.arguments)
    try:
        folder = data_path(f"features/{suite}")
    except ResourceError as exc:
        print(f"edgeconform: {exc}", file=sys.stderr)
        return 2
    import pytest

    cache = Path.cwd() / ".pytest_cache"
    return int(pytest.main([str(folder), "--rootdir", str(data_path()), "-o", f"cache_dir={cache}", *rest]))
