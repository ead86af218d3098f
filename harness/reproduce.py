"""Reproducing a case: the frames of a case id, what the case expects of their answers, the
judgement of what came back, and the one-line command that replays it.

Used by the plugin (each failed case's reason ends with its reproducer) and by
``edgeconform send``. Builds and judges; sends nothing.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from harness.compare import ANSWER_FAILED_GOLDEN, ANSWER_OK_GOLDEN
from harness.message import Envelope
from harness.messages import all_cases, cases_by_id, rule_by_id
from harness.messages.pod_update import POD_UPDATE
from harness.resources import ResourceError, data_path
from harness.roles.controller import Correlator, Exchange, Message, compare_first_answer
from harness.rules.cases import FRAME_CASES_BY_ID
from harness.rules.model import Profile

CONFORMANT_CASES = ("EDGE-DOCUMENT-UPDATE",)
#: The port the reproducer of a reference-edge run starts serve-edge on.
REFERENCE_PORT = 9000
#: The session-wide checks, relative to the shipped data (harness.resources).
SESSION_FEATURE = "features/edge/session.feature"
#: What a case expects of the edge, as its scenario's Then steps judge it (features/edge):
#: ``ok`` answered once, exactly as answer-ok.json; ``failure`` answered with a failure as
#: answer-failed.json; ``no-ok-then-ok`` the case's message is never answered "OK" and the
#: conformant update sent right behind it is answered as answer-ok.json (envelope garbage).
Expectation = Literal["ok", "failure", "no-ok-then-ok"]

@dataclass(frozen=True)
class Unsendable:
    """Why ``send --case`` cannot build a case id (one line)."""

    reason: str


def message_of_case(case_id: str, profile: str = "strict") -> Message | Unsendable:
    """The message of ``case_id``, built as the edge suite builds it (a fresh msg_id).

    A derived case of ``profile`` (or of strict, as the suite falls back), a frame case,
    or the conformant pod update for :data:`CONFORMANT_CASES`. What the suite sends raw
    (a text, a binary frame) is returned raw.
    """
    chosen: Profile = profile if profile in ("lenient", "vendor") else "strict"  # type: ignore[assignment]
    case = cases_by_id(chosen).get(case_id) or cases_by_id("strict").get(case_id)
    if case is not None:
        built: Message = case.build()
        return built
    frame = FRAME_CASES_BY_ID.get(case_id)
    if frame is not None:
        return frame.frame
    if case_id in CONFORMANT_CASES:
        return POD_UPDATE.sample_request()
    if any(c.id == case_id for c in all_cases()):
        return Unsendable(f"case {case_id} is not a case of the {chosen} profile")
    return Unsendable(f"no case {case_id!r} to send: give a derived case id (edgeconform rules --format json "
                      f"lists them), a FRAME.* id or {', '.join(CONFORMANT_CASES)}")


@dataclass(frozen=True)
class Replay:
    """The frames ``send --case`` sends for a case, in order, and what the case expects."""

    case_id: str
    messages: tuple[Message, ...]
    expect: Expectation


@dataclass(frozen=True)
class ReplayVerdict:
    """Whether the edge did what the case expects (as the suite would judge it), and why, in one line."""

    passed: bool
    reason: str


def replay_of_case(case_id: str, profile: str = "strict") -> Replay | Unsendable:
    """The frames of ``case_id`` as the edge suite sends them, and its expectation.

    A derived case of an envelope rule and a ``FRAME.*`` case are the garbage followed by a
    conformant pod update (envelope.feature); a derived accept case and
    :data:`CONFORMANT_CASES` expect "OK", a derived reject case a failure. The scenario a
    case's row sits in is the strict profile's, whichever profile builds the message.
    """
    built = message_of_case(case_id, profile)
    if isinstance(built, Unsendable):
        return built
    if case_id in FRAME_CASES_BY_ID:
        return Replay(case_id, (built, POD_UPDATE.sample_request()), "no-ok-then-ok")
    strict = cases_by_id("strict").get(case_id)
    if strict is None or strict.expect == "accept":
        return Replay(case_id, (built,), "ok")
    rule = rule_by_id(strict.rule)
    if rule is not None and rule.group == "envelope":
        return Replay(case_id, (built, POD_UPDATE.sample_request()), "no-ok-then-ok")
    return Replay(case_id, (built,), "failure")


def _golden_problem(exchange: Exchange, golden_path: str, what: str, *, extra_keys: Literal["allow", "forbid"],
                    seen: frozenset[str]) -> str:
    """'' when the first answer of ``exchange`` matches the golden, else the first difference."""
    if not exchange.answers:
        return f"no answer to {what}: {exchange.outcome}: {exchange.reason}"
    mismatches = compare_first_answer(exchange, golden_path, seen_msg_ids=seen, extra_keys=extra_keys)
    if mismatches:
        first = mismatches[0]
        return (f"{what}: the answer differs from {Path(golden_path).name} at {first.path}: expected "
                f"{first.expected}, got {first.actual}")
    return ""


def judge_replay(replay: Replay, exchanges: list[Exchange], correlator: Correlator) -> ReplayVerdict:
    """Judge what came back for ``replay`` with the case's own expectation (the suite's Then steps).

    ``exchanges`` are those of ``replay.messages``, in order; ``correlator`` classified every
    frame of the session (an answer may arrive between exchanges, or after them).
    """
    if len(exchanges) != len(replay.messages):
        return ReplayVerdict(False, f"only {len(exchanges)} of the case's {len(replay.messages)} frames were sent")
    seen = frozenset(correlator.requests)
    first = exchanges[0]
    every = list(correlator.answers.get(first.request_id or "", []))
    if replay.expect == "no-ok-then-ok":
        stray = [c.message for c in [*correlator.unknown_answers, *correlator.binary] if c.message is not None]
        answers = every + stray
        if any(Envelope(a).is_ok for a in answers):
            return ReplayVerdict(False, 'a message the edge must drop was answered "OK"')
        problem = _golden_problem(exchanges[1], ANSWER_OK_GOLDEN, "the conformant update sent behind it",
                                  extra_keys="forbid", seen=seen)
        if problem:
            return ReplayVerdict(False, problem)
        return ReplayVerdict(True, 'not answered "OK", and the conformant update behind it was answered OK')
    if not first.answers:
        return ReplayVerdict(False, f"no answer: {first.outcome}: {first.reason}")
    count = max(len(every), len(first.answers))
    if replay.expect == "failure":
        if Envelope(first.answers[0][0]).is_ok:
            return ReplayVerdict(False, 'a pod that breaks the rule was answered "OK"')
        problem = _golden_problem(first, ANSWER_FAILED_GOLDEN, "the failure answer", extra_keys="allow", seen=seen)
        return ReplayVerdict(not problem, problem or "answered with a failure, as the case expects")
    if Envelope(first.answers[0][0]).is_failure:
        content = str(Envelope(first.answers[0][0]).content)[:200]
        return ReplayVerdict(False, f"a conformant pod update was rejected: {content}")
    if count != 1:
        return ReplayVerdict(False, f"the request was answered {count} times; exactly once is conformant")
    problem = _golden_problem(first, ANSWER_OK_GOLDEN, "the answer", extra_keys="forbid", seen=seen)
    return ReplayVerdict(not problem, problem or "answered OK exactly as answer-ok.json, as the case expects")


def sendable(case_id: str, profile: str = "strict") -> bool:
    """Whether ``send --case`` can build ``case_id``."""
    return not isinstance(message_of_case(case_id, profile), Unsendable)


def session_case_ids() -> frozenset[str]:
    """The case ids of the session-wide checks (``@case.<ID>`` tags of features/edge/session.feature)."""
    try:
        text = data_path(SESSION_FEATURE).read_text(encoding="utf-8")
    except (OSError, ResourceError):
        return frozenset()
    return frozenset(re.findall(r"@case\.(\S+)", text))


def reproducer(case_id: str, target: Mapping[str, Any], *, profile: str = "strict",
               reference_port: int = REFERENCE_PORT) -> str:
    """The one-line shell command that replays ``case_id`` against the run's ``target`` (summary.json).

    ``send --case`` for a case it can build; ``certify-edge -k CASE_ID`` against the same
    edge for a multi-message scenario; the whole ``certify-edge`` run for a session-wide
    check (it judges the traffic of every case). A reference run gets ``serve-edge``
    (with the run's defects) on 127.0.0.1:``reference_port`` in the background, ``send``
    re-dialling until it is up, then ``kill`` of the edge; the line's exit status is send's
    (0 only when the case passes). '' for a target whose mode is not connect, listen or reference.
    """
    quoted = shlex.quote(case_id)
    profile_flag = f" --profile {shlex.quote(profile)}" if profile != "strict" else ""
    mode, address = target.get("mode"), str(target.get("address", ""))
    select = "" if case_id in session_case_ids() else f" -k {quoted}"
    if mode in ("connect", "listen") and address:
        if sendable(case_id, profile):
            return f"edgeconform send --{mode} {shlex.quote(address)} --case {quoted}{profile_flag}"
        return f"edgeconform certify-edge --{mode} {shlex.quote(address)}{profile_flag}{select}"
    if mode == "reference":
        defects = "".join(f" --defect {shlex.quote(str(d))}" for d in target.get("defects", []))
        if not sendable(case_id, profile):
            return f"edgeconform certify-edge --reference --rate 0{defects}{profile_flag}{select}"
        from harness.roles.edge import DEFAULT_NODE_ID

        url = f"ws://127.0.0.1:{reference_port}/websocket/{DEFAULT_NODE_ID}/events"
        return (f"edgeconform serve-edge --listen 127.0.0.1:{reference_port}{defects}{profile_flag} >/dev/null & "
                f"edgeconform send --connect {url} --wait 10 --case {quoted}{profile_flag}; "
                "rc=$?; kill $!; (exit $rc)")
    return ""
