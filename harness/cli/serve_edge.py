"""``edgeconform serve-edge``: run the reference edge (optionally with planted defects).

Contract::

    edgeconform serve-edge (--listen HOST:PORT | --connect URL) [--profile strict|lenient]
        [--keepalive SECONDS] [--node-id ID] [--defect NAME]... [--max-message-bytes N]
        [--rate-limit] [--late-answer-delay SECONDS]
    edgeconform serve-edge --list-defects

Runs until Ctrl-C (exit 130, as every edgeconform command) or SIGTERM (exit 0). Prints one
line saying where it listens or dials, then one line per frame it judged. With ``--connect``
it keeps re-dialling, with back-off, while the controller is not listening yet or after a
drop, as the vendor's edge does. Exit 2, with a one-line reason, on a usage error or when
the ``--listen`` address cannot be bound.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
from typing import Any

from harness.cli._args import checked, host_port, non_negative, positive_int, vendor_config_of, websocket_url
from harness.roles.defects import DEFAULT_LATE_ANSWER_DELAY_S, catalogue_lines, parse_defect
from harness.roles.edge import DEFAULT_NODE_ID, VENDOR_KEEPALIVE_INTERVAL, VENDOR_MAX_MESSAGE_BYTES, VENDOR_RATE_LIMIT
from harness.roles.reference_edge import EdgeEvent, EdgeOptions, EdgeService, serve_edge_connect, serve_edge_listen
from harness.rules.model import PROFILES
from harness.rules.vendor_config import VendorConfig
from harness.transport import TransportError

PROG = "edgeconform serve-edge"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve-edge", help="run the reference edge (optionally with planted defects)",
        description="Run the reference edge: it answers pod updates as the document says, or, with "
                    "--defect, breaks it on purpose so you can watch the harness fail it.",
    )
    parser.usage = ("edgeconform serve-edge (--listen HOST:PORT | --connect URL) [options]\n"
                    "       edgeconform serve-edge --list-defects")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--listen", type=host_port, metavar="HOST:PORT",
                       help="listen on HOST:PORT (port 0: a free port); the controller dials "
                            "ws://HOST:PORT/websocket/<node_id>/events")
    where.add_argument("--connect", type=websocket_url, metavar="URL",
                       help="dial the controller at URL (ws://HOST:PORT/websocket/<node_id>/events), "
                            "re-dialling after a drop, as the vendor's edge does")
    parser.add_argument("--profile", choices=PROFILES, default="strict",
                        help="the rule profile the edge decides by (default strict); vendor: as the vendor's own "
                             "edge decides (docs/vendor-profile.md)")
    parser.add_argument("--vendor-config", default=None, metavar="FILE",
                        help="with --profile vendor: the edge's settings (YAML; docs/vendor-config.example.yaml)")
    parser.add_argument("--keepalive", type=non_negative, default=VENDOR_KEEPALIVE_INTERVAL, metavar="SECONDS",
                        help=f"upstream keepalive period (default {VENDOR_KEEPALIVE_INTERVAL:g}, as the vendor's "
                             "edge; 0: none)")
    parser.add_argument("--node-id", default=DEFAULT_NODE_ID, help=f"node id in the URL (default {DEFAULT_NODE_ID})")
    parser.add_argument("--defect", type=checked(parse_defect), action="append", default=[], metavar="NAME",
                        help="plant a defect (repeatable; see --list-defects)")
    parser.add_argument("--max-message-bytes", type=positive_int, metavar="N",
                        help=f"drop messages of N bytes or more (the vendor's edge: {VENDOR_MAX_MESSAGE_BYTES})")
    parser.add_argument("--rate-limit", action="store_true",
                        help="drop messages over {:g}/s, burst {}, as the vendor's edge does".format(
                            *VENDOR_RATE_LIMIT))
    parser.add_argument("--late-answer-delay", type=non_negative, default=DEFAULT_LATE_ANSWER_DELAY_S,
                        metavar="SECONDS", help="delay of the answers-late defect "
                                                f"(default {DEFAULT_LATE_ANSWER_DELAY_S:g})")
    parser.add_argument("--list-defects", action="store_true", help="print the defect catalogue and exit")
    parser.set_defaults(handler=run)


def _options(args: argparse.Namespace, vendor_config: VendorConfig | None = None) -> EdgeOptions:
    return EdgeOptions(
        profile=args.profile,
        vendor_config=vendor_config,
        defects=frozenset(args.defect),
        keepalive_interval=args.keepalive or None,
        node_id=args.node_id,
        max_message_bytes=args.max_message_bytes,
        rate_limit=VENDOR_RATE_LIMIT if args.rate_limit else None,
        late_answer_delay_s=args.late_answer_delay,
    )


def _print_event(event: EdgeEvent) -> None:
    decision = event.decision
    stamp = time.strftime("%H:%M:%S", time.localtime(event.frame.at))
    defects = f" [defects: {', '.join(decision.defects_applied)}]" if decision.defects_applied else ""
    print(f"{stamp} {event.frame.kind} frame of {event.frame.size} bytes, msg_id {decision.request_id or '-'}: "
          f"{decision.judgement.kind} ({decision.judgement.reason}){defects}", flush=True)


async def _serve(args: argparse.Namespace, options: EdgeOptions) -> int:
    stop = asyncio.Event()
    signals: list[int] = []
    loop = asyncio.get_running_loop()

    def on_signal(signum: int) -> None:
        signals.append(signum)
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, on_signal, signum)
    service: EdgeService
    try:
        if args.listen is not None:
            host, port = args.listen
            service = await serve_edge_listen(host, port, options, on_event=_print_event)
            where = f"listening on {service.url}"
        else:
            try:
                service = await serve_edge_connect(args.connect, options, on_event=_print_event)
                where = f"connected to {service.url}"
            except TransportError as exc:  # the controller is not listening yet: keep dialling, as an edge does
                service = await serve_edge_connect(args.connect, options, on_event=_print_event, keep_dialling=True)
                where = f"dialling {service.url} (not answering yet: {exc}; re-dialling until it does)"
    except TransportError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    defects = ", ".join(sorted(d.value for d in options.defects)) or "none"
    print(f"{PROG}: reference edge {where} (profile {options.profile}, defects: {defects}); Ctrl-C to stop",
          flush=True)
    try:
        await stop.wait()
    finally:
        await service.stop()
    if signal.SIGINT in signals:
        print(f"{PROG}: interrupted; stopped", file=sys.stderr, flush=True)
        return 130
    return 0


def run(args: argparse.Namespace) -> int:
    if args.list_defects:
        for line in catalogue_lines():
            print(line)
        return 0
    if args.listen is None and args.connect is None:
        print(f"{PROG}: error: one of --listen HOST:PORT or --connect URL is required", file=sys.stderr)
        return 2
    vendor_config = vendor_config_of(args)
    if isinstance(vendor_config, str):
        print(f"{PROG}: error: {vendor_config}", file=sys.stderr)
        return 2
    return asyncio.run(_serve(args, _options(args, vendor_config)))
