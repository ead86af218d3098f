"""``edgeconform certify-controller``: play the edge and certify a controller.

Contract (CI jobs and vendors script it)::

    edgeconform certify-controller (--connect URL | --listen HOST:PORT) [--idle SECONDS]
        [--profile strict|lenient|vendor] [--report-dir DIR] [--header NAME=VALUE]...
        [--user USER (--password-file FILE | --password-env VAR)]

``--connect`` dials the controller at ``ws(s)://HOST:PORT/websocket/<node_id>/events`` as the
vendor's edge does (vendor-notes.md, Connection); ``--listen`` waits for a controller that
dials. The run lasts until the controller closes the connection, or ``--idle`` seconds
(default 30) pass without a message; every message received is judged.

Exit 0 at least one pod update came and every message conforms; 1 a message does not
conform, or none came; 2 usage error, or the controller could not be reached. The report
directory holds ``junit.xml``, ``allure-results/`` and ``summary.json`` (default
``reports/<UTC timestamp>/``). The password is read from its file or variable and never printed or
reported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from harness.cli._bundle import add_bundle_arguments, bundle_from_args, check_bundle_args
from harness.cli._options import add_suite_options, plugin_arguments, suite_options_problem
from harness.cli.suite import default_report_dir, run_suite
from harness.options import CERTIFY_CONTROLLER

PROG = "edgeconform certify-controller"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "certify-controller", help="play the edge and certify a controller",
        description="Play the vendor's edge: dial the controller (or let it dial in), answer as a conformant "
                    "edge does, and judge every message it pushes against the rule table.",
    )
    add_suite_options(parser, CERTIFY_CONTROLLER, security_title="TLS")
    parser.add_argument("--report-dir", type=Path, default=None, metavar="DIR",
                        help="where to write junit.xml, allure-results/ and summary.json "
                             "(default reports/<UTC timestamp>/)")
    add_bundle_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # unusable values, certificate files or credentials are a usage error, before the fake edge starts
    problem = suite_options_problem(args, CERTIFY_CONTROLLER) or check_bundle_args(args)
    if problem is not None:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    report_dir = args.report_dir or default_report_dir()
    result = run_suite("controller", plugin_arguments(args, CERTIFY_CONTROLLER), report_dir, prog=PROG)
    return bundle_from_args(args, report_dir, prog=PROG) or result.exit_code
