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
from pathlib import Path
from typing import Any

from harness.cli._args import host_port_text, non_negative, positive, positive_int, websocket_url
from harness.cli._bundle import add_bundle_arguments, bundle_from_args, check_bundle_args
from harness.cli._security import add_credentials_arguments, add_tls_arguments, credentials_from_args, tls_from_args
from harness.cli.suite import (
    default_report_dir,
    failed_case_ids,
    parse_fail_on,
    run_suite,
    security_plugin_options,
)
from harness.credentials import CredentialsError
from harness.roles.defects import Defect
from harness.rules.model import PROFILES
from harness.tls import TlsConfigError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "certify-edge", help="play the controller and certify an edge",
        description="Play the controller: send every derived pod update case to an edge and judge each answer.",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--listen", type=host_port_text, metavar="HOST:PORT",
                        help="wait for the edge to dial ws://HOST:PORT/websocket/<node_id>/events")
    target.add_argument("--connect", type=websocket_url, metavar="URL",
                        help="dial an edge that listens at URL (ws(s)://HOST:PORT/websocket/<node_id>/events)")
    target.add_argument("--reference", action="store_true",
                        help="start the bundled reference edge on 127.0.0.1 and certify it")
    parser.add_argument("--timeout", type=positive, default=10.0, metavar="SECONDS",
                        help="seconds to wait for each answer (default 10)")
    parser.add_argument("--rate", type=non_negative, default=4.0, metavar="N",
                        help="messages per second (default 4: the vendor's edge drops above 5/s burst 5; 0 = unpaced)")
    parser.add_argument("--in-flight", type=positive_int, default=256, metavar="N",
                        help="requests sent ahead while earlier ones wait for their answers, at most (default 256; "
                             "1 = one case at a time)")
    parser.add_argument("--wait", type=positive, default=60.0, metavar="SECONDS",
                        help="with --listen: seconds to wait for the edge to dial in (default 60)")
    parser.add_argument("--profile", choices=PROFILES, default="strict",
                        help="the rule profile cases are judged by: strict follows the table as written (default); "
                             "lenient also accepts what the document's own example does (docs/errata.md); vendor: "
                             "the vendor edge's own checks, its cases and answer shapes (docs/vendor-profile.md)")
    parser.add_argument("--report-dir", type=Path, default=None, metavar="DIR",
                        help="where to write junit.xml, allure-results/ and summary.json "
                             "(default reports/<UTC timestamp>/)")
    parser.add_argument("-k", dest="selection", metavar="EXPR", default=None,
                        help="run only the cases EXPR names, exactly (never substrings): case ids, rule ids, a "
                             "case id's family (FRAME) or patterns (META-*, EDGE-), joined by and, or, not and "
                             "parentheses; a word naming no case is a usage error (see README)")
    parser.add_argument("-m", dest="markers", metavar="EXPR", default=None,
                        help="run only the cases whose markers match EXPR (e.g. rule.META-NAME)")
    parser.add_argument("--fail-on", type=parse_fail_on, default=frozenset({"FAIL"}), metavar="GRADES",
                        help="comma-separated grades that make the exit code 1: FAIL, NON-STRICT, INFORMATIONAL "
                             "(default FAIL)")
    parser.add_argument("--rerun-failed", type=Path, default=None, metavar="SUMMARY",
                        help="run only the cases that failed in that summary.json")
    parser.add_argument("--defect", action="append", default=[], metavar="NAME",
                        choices=[d.value for d in Defect],
                        help="with --reference: plant a defect in the reference edge, to watch the harness fail it")
    security = parser.add_argument_group("TLS and credentials")
    add_tls_arguments(security, side="both")
    add_credentials_arguments(security, side="both")
    add_bundle_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.defect and not args.reference:
        print("edgeconform certify-edge: --defect goes with --reference", flush=True)
        return 2
    if (problem := check_bundle_args(args)) is not None:
        print(f"edgeconform certify-edge: {problem}", flush=True)
        return 2
    try:  # refuse unusable TLS files or credentials now, with one line, before any case runs
        tls_from_args(args, "listen" if args.listen else "dial")
        credentials_from_args(args)
    except (TlsConfigError, CredentialsError) as exc:
        print(f"edgeconform certify-edge: {exc}", flush=True)
        return 2
    options = [f"--edgeconform-answer-timeout={args.timeout}", f"--edgeconform-rate={args.rate}",
               f"--edgeconform-edge-wait={args.wait}", f"--edgeconform-profile={args.profile}",
               f"--edgeconform-in-flight={args.in_flight}"]
    options += security_plugin_options(args)
    if args.reference:
        options.append("--edgeconform-edge-reference")
        options += [f"--edgeconform-edge-defect={name}" for name in args.defect]
    elif args.listen:
        options.append(f"--edgeconform-edge-listen={args.listen}")
    else:
        options.append(f"--edgeconform-edge-connect={args.connect}")
    selection = args.selection
    if args.rerun_failed is not None:
        failed = failed_case_ids(args.rerun_failed)
        if failed is None:
            print(f"edgeconform certify-edge: cannot read a summary in {args.rerun_failed}")
            return 2
        if not failed:
            print(f"edgeconform: no case failed in {args.rerun_failed}; nothing to re-run")
            return 0
        rerun = " or ".join(failed)
        selection = f"({rerun}) and ({selection})" if selection else rerun
    report_dir = args.report_dir or default_report_dir()
    result = run_suite("edge", options, report_dir, selection=selection, markers=args.markers,
                       fail_on=args.fail_on, prog="edgeconform certify-edge")
    return bundle_from_args(args, report_dir, prog="edgeconform certify-edge") or result.exit_code
