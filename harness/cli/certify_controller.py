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

from harness.cli._args import host_port_text, websocket_url
from harness.cli._bundle import add_bundle_arguments, bundle_from_args, check_bundle_args
from harness.cli._security import add_tls_arguments, tls_from_args
from harness.cli.suite import default_report_dir, run_suite, security_plugin_options
from harness.credentials import CredentialsError, basic_authorization, read_password
from harness.roles.fake_edge import DEFAULT_IDLE_S, parse_header
from harness.rules.model import PROFILES
from harness.tls import TlsConfigError

PROG = "edgeconform certify-controller"


def _idle(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


def _header(text: str) -> str:
    try:
        parse_header(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "certify-controller", help="play the edge and certify a controller",
        description="Play the vendor's edge: dial the controller (or let it dial in), answer as a conformant "
                    "edge does, and judge every message it pushes against the rule table.",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--connect", type=websocket_url, metavar="URL",
                        help="dial the controller at URL (ws(s)://HOST:PORT/websocket/<node_id>/events), as the "
                             "vendor's edge does")
    target.add_argument("--listen", type=host_port_text, metavar="HOST:PORT",
                        help="listen on HOST:PORT for a controller dialling ws://HOST:PORT/websocket/<node_id>/events")
    parser.add_argument("--idle", type=_idle, default=DEFAULT_IDLE_S, metavar="SECONDS",
                        help=f"end the run after SECONDS without a message (default {DEFAULT_IDLE_S:g}); with "
                             "--listen also the time the controller has to dial in")
    parser.add_argument("--profile", choices=PROFILES, default="strict",
                        help="the rule profile each pod is judged by (default strict); vendor: as the vendor's own "
                             "edge judges it, and the fake edge answers as it does")
    parser.add_argument("--report-dir", type=Path, default=None, metavar="DIR",
                        help="where to write junit.xml, allure-results/ and summary.json "
                             "(default reports/<UTC timestamp>/)")
    parser.add_argument("--header", type=_header, action="append", default=[], metavar="NAME=VALUE",
                        help="a handshake header of the edge (repeatable; defaults: ProductName, SerialNumber, "
                             "AssetTag, DevMgmtType: AtlasEdge)")
    parser.add_argument("--user", metavar="USER", default=None,
                        help="user of the Basic Authorization header (with --password-file or --password-env)")
    password = parser.add_mutually_exclusive_group()
    password.add_argument("--password-file", type=Path, metavar="FILE", default=None,
                          help="file holding the password (never printed, never reported)")
    password.add_argument("--password-env", metavar="VAR", default=None,
                          help="environment variable holding the password (never printed, never reported)")
    add_tls_arguments(parser.add_argument_group("TLS"), side="both")
    add_bundle_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if (args.user is None) != (args.password_file is None and args.password_env is None):
        print(f"{PROG}: error: --user and --password-file (or --password-env) go together", file=sys.stderr)
        return 2
    if (problem := check_bundle_args(args)) is not None:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    try:  # unusable certificate files are a usage error, before the fake edge starts
        tls_from_args(args, "dial" if args.connect else "listen")
    except TlsConfigError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    if args.user is not None:
        try:  # unreadable or unusable credentials are a usage error before the fake edge starts
            basic_authorization(args.user, read_password(file=args.password_file, env=args.password_env))
        except CredentialsError as exc:
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            return 2
    options = [f"--edgeconform-idle={args.idle}", f"--edgeconform-profile={args.profile}"]
    options.append(f"--edgeconform-controller-connect={args.connect}" if args.connect
                   else f"--edgeconform-controller-listen={args.listen}")
    options += [f"--edgeconform-edge-header={text}" for text in args.header]
    options += security_plugin_options(args)
    if args.user is not None:
        options.append(f"--edgeconform-edge-user={args.user}")
        options.append(f"--edgeconform-edge-password-file={args.password_file}" if args.password_file is not None
                       else f"--edgeconform-edge-password-env={args.password_env}")
    report_dir = args.report_dir or default_report_dir()
    result = run_suite("controller", options, report_dir, prog=PROG)
    return bundle_from_args(args, report_dir, prog=PROG) or result.exit_code
