"""``edgeconform serve-controller``: run the reference controller against an edge (a smoke test).

Contract::

    edgeconform serve-controller (--listen HOST:PORT | --connect URL) [--profile strict|lenient]
        [--node-id ID] [--rate N] [--timeout SECONDS] [--silence SECONDS] [--wait SECONDS]
        [--quick] [--defect NAME]...
    edgeconform serve-controller --list-defects

Pushes conformant pod updates (the conformant request, the boundary values of the derived
accept cases, the spec-maximal pod; ``--quick``: the conformant request only) to the edge,
which dials in (``--listen``, as the vendor's edge does) or listens (``--connect``), and
compares every answer with ``fixtures/golden/answer-ok.json``. Prints one line per update
and a final verdict. Exit 0 every answer conformed, 1 otherwise, 2 usage error or no edge
reached. ``--defect`` plants a broken-controller behaviour, to watch certify-controller
fail it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from harness.cli._args import checked, host_port, non_negative, websocket_url
from harness.roles.controller import DEFAULT_RATE
from harness.roles.controller_defects import catalogue_lines, parse_controller_defect
from harness.roles.edge import DEFAULT_NODE_ID
from harness.roles.reference_controller import (
    DEFAULT_ANSWER_TIMEOUT_S,
    DEFAULT_SILENCE_S,
    DEFAULT_WAIT_S,
    ControllerReport,
    ReferenceControllerOptions,
    UpdateResult,
    serve_controller_connect,
    serve_controller_listen,
)
from harness.rules.model import PROFILES
from harness.transport import TransportError

PROG = "edgeconform serve-controller"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve-controller", help="run the reference controller against an edge (a smoke test)",
        description="Run the reference controller: push conformant pod updates to an edge and check every "
                    "answer against the golden answer; with --defect, break the protocol on purpose so you can "
                    "watch certify-controller fail it.",
    )
    parser.usage = ("edgeconform serve-controller (--listen HOST:PORT | --connect URL) [options]\n"
                    "       edgeconform serve-controller --list-defects")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--listen", type=host_port, metavar="HOST:PORT",
                       help="listen on HOST:PORT (port 0: a free port) for an edge dialling "
                            "ws://HOST:PORT/websocket/<node_id>/events, as the vendor's edge does")
    where.add_argument("--connect", type=websocket_url, metavar="URL",
                       help="dial an edge that listens at URL (ws(s)://HOST:PORT/websocket/<node_id>/events)")
    parser.add_argument("--profile", choices=PROFILES, default="strict",
                        help="the profile the boundary values are derived from (default strict; vendor: what "
                             "the vendor's own edge accepts, and no spec-maximal pod past its 1 MiB read cut)")
    parser.add_argument("--node-id", default=DEFAULT_NODE_ID,
                        help=f"node id in the URL printed with --listen (default {DEFAULT_NODE_ID}; any is accepted)")
    parser.add_argument("--rate", type=non_negative, default=DEFAULT_RATE, metavar="N",
                        help=f"messages per second (default {DEFAULT_RATE:g}: the vendor's edge drops above 5/s "
                             "burst 5; 0 = unpaced)")
    parser.add_argument("--timeout", type=non_negative, default=DEFAULT_ANSWER_TIMEOUT_S, metavar="SECONDS",
                        help=f"seconds to wait for each answer (default {DEFAULT_ANSWER_TIMEOUT_S:g})")
    parser.add_argument("--silence", type=non_negative, default=DEFAULT_SILENCE_S, metavar="SECONDS",
                        help="seconds of silence expected after a planted message a conformant edge drops "
                             f"(default {DEFAULT_SILENCE_S:g})")
    parser.add_argument("--wait", type=non_negative, default=DEFAULT_WAIT_S, metavar="SECONDS",
                        help=f"with --listen: seconds to wait for the edge to dial in (default {DEFAULT_WAIT_S:g})")
    parser.add_argument("--quick", action="store_true",
                        help="push the conformant request only (no boundary values, no spec-maximal pod)")
    parser.add_argument("--defect", type=checked(parse_controller_defect), action="append", default=[], metavar="NAME",
                        help="plant a broken-controller behaviour (repeatable; see --list-defects)")
    parser.add_argument("--list-defects", action="store_true", help="print the defect catalogue and exit")
    parser.set_defaults(handler=run)


def _options(args: argparse.Namespace) -> ReferenceControllerOptions:
    return ReferenceControllerOptions(
        profile=args.profile, defects=frozenset(args.defect), rate=args.rate, answer_timeout_s=args.timeout,
        silence_s=args.silence, wait_s=args.wait, boundaries=not args.quick, spec_maximal=not args.quick,
        node_id=args.node_id,
    )


def _print_ready(url: str, wait: float) -> None:
    print(f"{PROG}: listening on {url} (any node id); waiting up to {wait:g} s for an edge to dial in", flush=True)


def _print_start(report: ControllerReport, options: ReferenceControllerOptions) -> None:
    defects = ", ".join(sorted(d.value for d in options.defects)) or "none"
    where = report.handshake.remote_address if report.handshake is not None else report.target
    updates = f"{report.planned} pod update{'s' if report.planned != 1 else ''}"
    print(f"{PROG}: edge connected ({where}); pushing {updates} "
          f"(profile {options.profile}, defects: {defects})", flush=True)


def _print_result(result: UpdateResult, total: int) -> None:
    print(result.line(total), flush=True)


async def _serve(args: argparse.Namespace, options: ReferenceControllerOptions) -> ControllerReport:
    def on_start(report: ControllerReport) -> None:
        _print_start(report, options)

    if args.listen is not None:
        host, port = args.listen
        return await serve_controller_listen(host, port, options, on_ready=lambda url: _print_ready(url, args.wait),
                                             on_start=on_start, on_result=_print_result)
    return await serve_controller_connect(args.connect, options, on_start=on_start, on_result=_print_result)


def run(args: argparse.Namespace) -> int:
    if args.list_defects:
        for line in catalogue_lines():
            print(line)
        return 0
    if args.listen is None and args.connect is None:
        print(f"{PROG}: error: one of --listen HOST:PORT or --connect URL is required", file=sys.stderr)
        return 2
    try:
        report = asyncio.run(_serve(args, _options(args)))
    except TransportError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    if not report.reached:
        print(f"{PROG}: {report.verdict_line()}", file=sys.stderr)
    else:
        print(f"{PROG}: {report.verdict_line()}", flush=True)
    return report.exit_code
