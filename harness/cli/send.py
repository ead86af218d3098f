"""``edgeconform send``: send one message to an edge and print what comes back (a reproducer).

Contract::

    edgeconform send (--connect URL | --listen HOST:PORT) [--wait SECONDS]
        (--case CASE_ID | --file FILE | --frame TEXT) [--profile strict|lenient|vendor] [--timeout SECONDS]

Sends a case's frames exactly as the edge suite does -- a derived case (built afresh,
with a new msg_id), a frame case (``FRAME.*``) or ``EDGE-DOCUMENT-UPDATE`` (the conformant
pod update); a case of an envelope rule and a ``FRAME.*`` case are the garbage followed by
the conformant pod update whose answer shows the connection survived -- or one message: a
file's bytes as they are (a text frame; a binary frame when they are not UTF-8), or TEXT as
a raw text frame. Prints every frame the edge sends as JSON lines on stdout (the answers
first; ``"case_frame": N`` names which of the case's frames a line answers or followed
when there are several), and on stderr a one-line account and, for ``--case``, the verdict the suite would
give. Returns as soon as the verdict is known (the answer to the last frame, then
:data:`GRACE_S` for duplicates), at most ``--timeout`` seconds (default 3) after the last
frame. ``--wait``: with ``--listen`` the seconds an edge has to dial in (default 60); with
``--connect`` the seconds to keep re-dialling an edge that is not up yet (default 0: one
try). Exit 0 when the case passed (``--file``/``--frame``: an answer came), 1 when it failed
(none came), 2 on a usage error or when no edge was reached.

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
from harness.reproduce import Replay, Unsendable, judge_replay, replay_of_case
from harness.roles.controller import Classified, Exchange, Message
from harness.roles.fake_controller import ControllerSession
from harness.rules.model import PROFILES
from harness.transport import Frame, TransportError

PROG = "edgeconform send"
#: After the answer to the last frame, how long late frames (a second answer, a close) are still
#: collected before the verdict: the suite's own grace (harness.steps.certify_edge.BARRIER_GRACE_S).
GRACE_S = 0.05


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "send", help="send one case, file or frame to an edge and print what comes back",
        description="Reproduce a case: play the controller, send the case's frames to an edge as the suite does "
                    "(envelope garbage and FRAME.* cases: the garbage, then a conformant update), print every frame "
                    "the edge sends back as JSON lines (answers first) and judge them with the case's own "
                    "expectation. Exit 0 the case passed (--file/--frame: answered), 1 it failed (no answer), "
                    "2 usage error or no edge reached.",
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
    parser.add_argument("--profile", choices=PROFILES, default="strict",
                        help="the profile whose derived cases --case names (default strict)")
    parser.add_argument("--timeout", type=non_negative, default=3.0, metavar="SECONDS",
                        help="seconds to wait for the answer to the last frame (default 3); send returns as soon "
                             "as the verdict is known")
    parser.set_defaults(handler=run)


# ------------------------------------------------------------------------------------ the message


def _message_from_args(args: argparse.Namespace) -> tuple[tuple[Message, ...], str, Replay | None] | Unsendable:
    """(the frames to send, a description, the case's replay for --case) or a one-line usage error."""
    if args.case is not None:
        replay = replay_of_case(args.case, args.profile)
        if isinstance(replay, Unsendable):
            return replay
        frames = "" if len(replay.messages) == 1 else f" ({len(replay.messages)} frames: the case, then a " \
                                                       "conformant pod update)"
        return replay.messages, f"case {args.case}{frames}", replay
    if args.file is not None:
        try:
            data = args.file.read_bytes()
        except OSError as exc:
            return Unsendable(f"cannot read {args.file}: {exc.strerror or exc}")
        try:
            return (data.decode("utf-8"),), f"{args.file} ({len(data)} bytes, text frame)", None
        except UnicodeDecodeError:
            return (data,), f"{args.file} ({len(data)} bytes, not UTF-8: binary frame)", None
    return (str(args.frame),), "a raw text frame", None


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


def _exchange_all(session: ControllerSession, messages: tuple[Message, ...],
                  timeout: float) -> tuple[list[Exchange], list[list[Classified]]]:
    """Send ``messages`` back to back as the suite does (only the last one waits for its answer),
    then collect :data:`GRACE_S` more; returns at once when the edge is gone. Also returns, per
    exchange, what arrived after it and before the next one (the last one's: during the grace)."""
    exchanges: list[Exchange] = []
    after: list[list[Classified]] = []
    between = session.controller.between
    seen = 0
    for index, message in enumerate(messages):
        last = index == len(messages) - 1
        exchange = session.exchange(message, timeout=timeout if last else 0.0)
        mark = session.controller.between_mark  # what had arrived when this request went out
        if after:
            after[-1] += between[seen:mark]  # arrived after the previous request and before this one
        seen = mark
        exchanges.append(exchange)
        after.append([])
        if exchange.outcome in ("not-sent", "disconnected"):
            return exchanges, after
    after[-1] += session.observe(GRACE_S).frames
    return exchanges, after


def run(args: argparse.Namespace) -> int:
    prepared = _message_from_args(args)
    if isinstance(prepared, Unsendable):
        print(f"{PROG}: {prepared.reason}", file=sys.stderr)
        return 2
    messages, description, replay = prepared
    with ControllerSession(rate=0) as session:
        problem = _reach(session, args)
        if problem is not None:
            print(f"{PROG}: no edge reached: {problem}", file=sys.stderr)
            return 2
        exchanges, after = _exchange_all(session, messages, args.timeout)
    if exchanges[0].outcome == "not-sent":
        print(f"{PROG}: not sent: {exchanges[0].reason}", file=sys.stderr)
        return 2
    lines: list[dict[str, Any]] = []
    frame_of = {e.request_id: index for index, e in enumerate(exchanges, start=1) if e.request_id}
    for index, (exchange, tail) in enumerate(zip(exchanges, after, strict=True), start=1):
        for line in received_lines(exchange, tail):
            answered = frame_of.get(line.get("request_id", "")) if line["kind"] == "answer" else None
            lines.append({**line, "case_frame": answered or index} if len(exchanges) > 1 else line)
    lines.sort(key=lambda line: line["kind"] != "answer")  # answers first, each group in order
    for line in lines:
        print(json.dumps(line, ensure_ascii=False), flush=True)
    ids = ", ".join(e.request_id for e in exchanges if e.request_id)
    sent = f"sent {description}" + (f" (msg_id {ids})" if ids else "")
    last = [line for line in lines if line.get("case_frame", 1) == len(exchanges)]
    print(f"{PROG}: {sent}; {_account(exchanges[-1], last)}", file=sys.stderr)
    if replay is None:
        return 0 if any(line["kind"] == "answer" for line in lines) else 1
    verdict = judge_replay(replay, exchanges, session.correlator)
    print(f"{PROG}: {'PASS' if verdict.passed else 'FAIL'}: {replay.case_id}: {verdict.reason}", file=sys.stderr)
    return 0 if verdict.passed else 1


# ------------------------------------------------------------------------------------ reproducer


