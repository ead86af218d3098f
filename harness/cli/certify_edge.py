"""``edgeconform certify-edge``: play the controller and certify an edge.

Contract (CI jobs and vendors script it)::

    edgeconform certify-edge (--listen HOST:PORT | --connect URL) [--timeout SECONDS] [--rate N]
        [--wait SECONDS] [--profile strict|lenient] [--report-dir DIR] [-k EXPR]
        [--fail-on GRADES] [--rerun-failed SUMMARY]

Exit 0 every case passed (more exactly: no case got a grade in ``--fail-on``, default
FAIL), 1 at least one failed, 2 usage error or no edge reached, 130 interrupted: the same
code summary.json (``exit_status``) and junit.xml record (harness/outcome.py).
``--reference`` certifies the bundled reference edge instead (the README's main job).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from harness.cli._bundle import add_bundle_arguments, bundle_from_args, check_bundle_args
from harness.cli._options import add_suite_options, plugin_arguments, suite_options_problem
from harness.cli.suite import default_report_dir, failed_case_ids, run_suite
from harness.options import CERTIFY_EDGE
from harness.outcome import parse_fail_on

PROG = "edgeconform certify-edge"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "certify-edge", help="play the controller and certify an edge",
        description="Play the controller: send every derived pod update case to an edge and judge each answer.",
    )
    add_suite_options(parser, CERTIFY_EDGE, security_title="TLS and credentials")
    parser.add_argument("--report-dir", type=Path, default=None, metavar="DIR",
                        help="where to write junit.xml, allure-results/ and summary.json "
                             "(default reports/<UTC timestamp>/)")
    parser.add_argument("-k", dest="selection", metavar="EXPR", default=None,
                        help="run only the cases EXPR names, exactly (never substrings): case ids, rule ids, a "
                             "case id's family (FRAME) or patterns (META-*, EDGE-), joined by and, or, not and "
                             "parentheses; a word naming no case is a usage error (see README)")
    parser.add_argument("-m", dest="markers", metavar="EXPR", default=None,
                        help="run only the cases whose markers match EXPR (e.g. rule.META-NAME)")
    parser.add_argument("--rerun-failed", type=Path, default=None, metavar="SUMMARY",
                        help="run only the cases that failed in that summary.json")
    add_bundle_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # refuse a bad value, unusable TLS files or credentials now, with one line, before any case runs
    problem = suite_options_problem(args, CERTIFY_EDGE) or check_bundle_args(args)
    if problem is not None:
        print(f"{PROG}: error: {problem}", file=sys.stderr, flush=True)
        return 2
    fail_on = parse_fail_on(args.fail_on)
    options = plugin_arguments(args, CERTIFY_EDGE, skip=("fail_on",))
    selection = args.selection
    if args.rerun_failed is not None:
        failed = failed_case_ids(args.rerun_failed)
        if failed is None:
            print(f"{PROG}: cannot read a summary in {args.rerun_failed}")
            return 2
        if not failed:
            print(f"edgeconform: no case failed in {args.rerun_failed}; nothing to re-run")
            return 0
        rerun = " or ".join(failed)
        selection = f"({rerun}) and ({selection})" if selection else rerun
    report_dir = args.report_dir or default_report_dir()
    result = run_suite("edge", options, report_dir, selection=selection, markers=args.markers,
                       fail_on=fail_on, prog=PROG)
    return bundle_from_args(args, report_dir, prog=PROG) or result.exit_code
