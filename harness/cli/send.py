"""``edgeconform send``: send one message to an edge and print what comes back (a reproducer).

Contract::

    edgeconform send (--connect URL | --listen HOST:PORT) [--wait SECONDS]
        (--case CASE_ID | --file FILE | --frame TEXT) [--profile strict|lenient] [--timeout SECONDS]

Sends exactly one message: a derived case (built afresh, with a new msg_id), a frame
case (``FRAME.*``), ``EDGE-DOCUMENT-UPDATE`` (the conformant pod update), a file's
bytes as they are (a text frame; a binary frame when they are not UTF-8), or TEXT as a
raw text frame. Then prints every frame the edge sends within ``--timeout`` seconds
(default 3) as JSON lines on stdout, the answers to the message first, and a one-line
account on stderr. ``--wait``: with ``--listen`` the seconds an edge has to dial in
(default 60); with ``--connect`` the seconds to keep re-dialling an edge that is not up
yet (default 0: one try). Exit 0 when an answer came, 1 when none did, 2 on a usage
error or when no edge was reached.

:func:`reproducer` gives the one-line command that replays a case of a run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from harness.cli._args import host_port, non_negative
from harness.message import Envelope
from harness.reproduce import Unsendable, message_of_case
from harness.roles.controller import Classified, ControllerSession, Exchange, Message
from harness.transport import Frame, TransportError

PROG = "edgeconform send"
def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "send", help="send one case, file or frame to an edge and print what comes back",
        description="Reproduce a case: play the controller, send exactly one message to an edge and print every "
                    "frame it sends back within --timeout as JSON lines (answers first). Exit 0 answered, 1 no "
                    "answer, 2 usage error or no edge reached.",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--connect", metavar="URL", help="dial an edge that listens at URL")
    where.add_argument("--listen", type=host_port, metavar="HOST:PORT",
                       help="wait for an edge to dial ws://HOST:PORT/websocket/<node_id>/events")
    parser.add_argument("--wait", type=non_negative, default=None, metavar="SECONDS",
                        help="--listen: seconds for the edge to dial in (default 60); --connect: seconds to keep "
                             "re-dialling (default 0)")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--case", metavar="CASE_ID", help="a derived case id (edgeconform rules --format json lists "
                                                        "them), a FRAME.* case or EDGE-DOCUMENT-UPDATE")
    what.add_argument("--file", type=Path, metavar="FILE", help="send this file's bytes as they are")
    what.add_argument("--frame", metavar="TEXT", help="send TEXT as a raw text frame")
    parser.add_argument("--profile", choices=("strict", "lenient"), default="strict",
                        help="the profile whose derived cases --case names (default strict)")
    parser.add_argument("--timeout", type=non_negative, default=3.0, metavar="SECONDS",
                        help="seconds to collect what the edge sends (default 3)")
    parser.set_defaults(handler=run)


# ------------------------------------------------------------------------------------ the message


def _message_from_args(args: argparse.Namespace) -> tuple[Message, str] | Unsendable:
    """(message, description) or a one-line usage error."""
    if args.case is not None:
        built = message_of_case(args.case, args.profile)
        return built if isinstance(built, Unsendable) else (built, f"case {args.case}")
    if args.file is not None:
        try:
            data = args.file.read_bytes()
        except OSError as exc:
            return Unsendable(f"cannot read {args.file}: {exc.strerror or exc}")
        try:
            return data.decode("utf-8"), f"{args.file} ({len(data)} bytes, text frame)"
        except UnicodeDecodeError:
            return data, f"{args.file} ({len(data)} bytes, not UTF-8: binary frame)"
    return str(args.frame), "a raw text frame"


# ------------------------------------------------------------------------------------ printing


def _line(kind: str, frame: Frame, message: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "received_at_ms": int(frame.at * 1000), **extra}
    if message is not None:
        out["message"] = message
    else:
        out["frame"] = frame.to_jsonable(1 << 20)
    return out


def received_lines(exchange: Exchange, later: list[Classified]) -> list[dict[str, Any]]:
    """Every frame received, as JSON-ready dicts: the answers to the request first, in order."""
    answers: list[dict[str, Any]] = []
    for message, at in exchange.answers:
        latency = at - exchange.sent_at_ms if exchange.sent_at_ms is not None else None
        answers.append({"kind": "answer", "received_at_ms": at, "latency_ms": latency, "message": message})
    others: list[dict[str, Any]] = []
    for item in [*exchange.others, *later]:
        if item.kind == "answer" and item.request_id == exchange.request_id and item.message is not None:
            latency = item.received_at_ms - exchange.sent_at_ms if exchange.sent_at_ms is not None else None
            answers.append(_line("answer", item.frame, item.message, latency_ms=latency))
        elif item.kind == "close":
            others.append({"kind": "close", "received_at_ms": item.received_at_ms,
                           "close_code": item.frame.close_code, "close_reason": item.frame.close_reason})
        else:
            extra = {"request_id": item.request_id} if item.request_id else {}
            others.append(_line(item.kind, item.frame, item.message, **extra, **({"note": item.note}
                                                                                  if item.note else {})))
    ends = [f for f in exchange.wire if f.kind == "close" and f.direction == "received"]
    if ends and not any(o["kind"] == "close" for o in others):
        end = ends[-1]
        others.append({"kind": "close", "received_at_ms": int(end.at * 1000), "close_code": end.close_code,
                       "close_reason": end.close_reason})
    return answers + others


def _account(exchange: Exchange, lines: list[dict[str, Any]]) -> str:
    answers = [line for line in lines if line["kind"] == "answer"]
    others = len(lines) - len(answers)
    tail = f"; {others} other frame{'s' if others != 1 else ''}" if others else ""
    if not answers:
        return f"no answer: {exchange.reason}{tail}"
    content = Envelope(answers[0]["message"]).content
    shown = content if isinstance(content, str) else json.dumps(content)
    shown = shown if len(shown) <= 100 else shown[:100] + "…"
    count = f"{len(answers)} answers" if len(answers) > 1 else "answered"
    return f"{count} in {answers[0]['latency_ms']} ms: {shown}{tail}"


# ------------------------------------------------------------------------------------ running


def _reach(session: ControllerSession, args: argparse.Namespace) -> str | None:
    """Connect or wait for the edge; a one-line reason when none was reached."""
    if args.listen is not None:
        host, port = args.listen
        wait = 60.0 if args.wait is None else args.wait
        try:
            bound = session.listen(host, port)
        except (TransportError, OSError) as exc:
            return str(exc) or type(exc).__name__
        print(f"{PROG}: waiting up to {wait:g} s for an edge to dial ws://{host}:{bound}/websocket/<node_id>/events",
              file=sys.stderr, flush=True)
        return None if session.wait_for_edge(wait) else f"no edge dialled in within {wait:g} s"
    deadline = time.monotonic() + (args.wait or 0.0)
    while True:
        try:
            session.connect(args.connect)
            return None
        except (TransportError, OSError, ValueError) as exc:
            if time.monotonic() >= deadline:
                return str(exc) or type(exc).__name__
            time.sleep(0.2)


def run(args: argparse.Namespace) -> int:
    prepared = _message_from_args(args)
    if isinstance(prepared, Unsendable):
        print(f"{PROG}: {prepared.reason}", file=sys.stderr)
        return 2
    message, description = prepared
    with ControllerSession(rate=0) as session:
        problem = _reach(session, args)
        if problem is not None:
            print(f"{PROG}: no edge reached: {problem}", file=sys.stderr)
            return 2
        started = time.monotonic()
        exchange = session.exchange(message, timeout=args.timeout)
        if exchange.outcome == "not-sent":
            print(f"{PROG}: not sent: {exchange.reason}", file=sys.stderr)
            return 2
        later: list[Classified] = []
        rest = args.timeout - (time.monotonic() - started)
        if exchange.outcome == "answered" and rest > 0:
            later = session.observe(rest).frames
    lines = received_lines(exchange, later)
    for line in lines:
        print(json.dumps(line, ensure_ascii=False), flush=True)
    sent = f"sent {description}" + (f" (msg_id {exchange.request_id})" if exchange.request_id else "")
    print(f"{PROG}: {sent}; {_account(exchange, lines)}", file=sys.stderr)
    return 0 if any(line["kind"] == "answer" for line in lines) else 1


# ------------------------------------------------------------------------------------ reproducer


