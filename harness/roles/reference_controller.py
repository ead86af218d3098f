"""The reference controller: pushes conformant pod updates to an edge and judges the answers.

Vendors smoke-test an edge with it (``edgeconform serve-controller``); the controller
suite's self-tests run it against the fake edge, with and without planted defects
(harness/roles/controller_defects.py).

The updates (:func:`conformant_updates`): the conformant request, the boundary values of
the rule table's derived *accept* cases (harness/rules/cases.py), and the spec-maximal
pod, each with a fresh ``msg_id``. Every answer is compared with the golden answer
(harness/compare.py): ``fixtures/golden/answer-ok.json`` for a conformant update,
``answer-failed.json`` for a planted content defect; a planted envelope or frame defect
must get no answer at all (vendor-notes.md, Answers). :func:`judge_answer` is pure;
:func:`run_updates` drives a :class:`~harness.roles.fake_controller.FakeController` (the
connection, pacing and correlation are that role's), and :class:`ReferenceController`
runs it in a background thread for synchronous callers, like ``ReferenceEdge``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl as ssl_module
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from harness.compare import ANSWER_FAILED_GOLDEN, ANSWER_OK_GOLDEN, render
from harness.message import Envelope, decode, new_msg_id
from harness.messages.pod_update import POD_UPDATE, conformant_pod, pod_update, spec_maximal_pod
from harness.roles.controller import DEFAULT_RATE, Exchange, compare_first_answer
from harness.roles.controller_defects import After, ControllerDefect, Expect, plant
from harness.roles.edge import DEFAULT_NODE_ID
from harness.roles.fake_controller import FakeController
from harness.rules.cases import Case
from harness.rules.model import Profile
from harness.transport import ConnectFailed, Handshake, Running

#: Default seconds to wait for each answer.
DEFAULT_ANSWER_TIMEOUT_S = 10.0
#: Default seconds of silence after a message a conformant edge drops (no answer must come).
DEFAULT_SILENCE_S = 1.0
#: Default seconds to wait for an edge to dial in (listen mode).
DEFAULT_WAIT_S = 60.0
#: The name of the loop thread a :class:`ReferenceController` runs on, and how errors name it.
THREAD_NAME = "edgeconform-reference-controller"
LABEL = "the reference controller"

Message = dict[str, Any] | str | bytes


@dataclass(frozen=True)
class Update:
    """One message to push, the answer a conformant edge gives it, and what follows."""

    label: str
    payload: Message
    expect: Expect = "ok"
    defect: ControllerDefect | None = None
    after: After = "continue"

    @property
    def msg_id(self) -> str | None:
        message = self.payload if isinstance(self.payload, dict) else decode(self.payload)
        return Envelope(message).msg_id if isinstance(message, dict) else None


def _fresh_case_message(case: Case) -> dict[str, Any]:
    """The case's message with a fresh msg_id, also where the case fixes one (keeping its letter case)."""
    message: dict[str, Any] = case.build()
    for change in case.changes:
        if change.path == "header.msg_id" and isinstance(change.value, str):
            fresh = new_msg_id()
            message["header"]["msg_id"] = fresh.upper() if change.value.isupper() else fresh
    return message


def conformant_updates(profile: Profile = "strict", *, boundaries: bool = True,
                       spec_maximal: bool = True) -> list[Update]:
    """The conformant request, then (``boundaries``) every derived accept case of ``profile``, then
    (``spec_maximal``) the spec-maximal pod: messages every conformant edge answers "OK"."""
    updates = [Update("the conformant request", pod_update(conformant_pod()))]
    if boundaries:
        for case in POD_UPDATE.cases(profile):
            if case.expect == "accept" and not any(c.path == "content" for c in case.changes):
                updates.append(Update(f"boundary {case.id}", _fresh_case_message(case)))
    if spec_maximal and profile != "vendor":  # past the vendor's 1 MiB read cut (VENDOR-READ-LIMIT)
        updates.append(Update("the spec-maximal pod", pod_update(spec_maximal_pod())))
    return updates


def plan_updates(updates: list[Update], defects: frozenset[ControllerDefect]) -> list[Update]:
    """``updates`` with one planted message per defect right after the first update.

    ``sends-nothing`` plans nothing at all; a defect that ends the connection
    (``drops-after-answer``, ``closes-after-failed``) comes last and nothing follows it.
    """
    if ControllerDefect.SENDS_NOTHING in defects or not updates:
        return []
    first, rest = updates[0], updates[1:]
    previous = first.msg_id or new_msg_id()
    planted: list[Update] = []
    for defect in sorted(defects - {ControllerDefect.SENDS_NOTHING}, key=list(ControllerDefect).index):
        base = pod_update(conformant_pod())
        broken = plant(defect, base, previous_msg_id=previous)
        planted.append(Update(f"planted defect {defect.value}", broken.payload, broken.expect, defect, broken.after))
    continuing = [u for u in planted if u.after == "continue"]
    ending = [u for u in planted if u.after != "continue"]
    if ending:
        return [first, *continuing, ending[0]]
    return [first, *continuing, *rest]


# ----------------------------------------------------------------------------- judging (no I/O)


@dataclass(frozen=True)
class UpdateResult:
    """The verdict on the edge's answer to one update."""

    number: int
    label: str
    msg_id: str | None
    expect: Expect
    conforms: bool
    reason: str
    defect: ControllerDefect | None = None
    answer_msg_id: str | None = None
    details: str = ""

    def line(self, total: int) -> str:
        width = len(str(total))
        return f"{self.number:>{width}}/{total} {'PASS' if self.conforms else 'FAIL'}  {self.label}: {self.reason}"

    def flipped(self, reason: str) -> UpdateResult:
        """The same result, now not conforming for ``reason``."""
        return UpdateResult(self.number, self.label, self.msg_id, self.expect, False, reason, self.defect,
                            self.answer_msg_id, self.details)


def judge_answer(number: int, update: Update, exchange: Exchange, *, seen_msg_ids: frozenset[str]) -> UpdateResult:
    """Judge the answer ``exchange`` collected to ``update`` (``seen_msg_ids``: ids of the session so far)."""
    def result(conforms: bool, reason: str, answer_id: str | None = None, details: str = "") -> UpdateResult:
        return UpdateResult(number, update.label, exchange.request_id, update.expect, conforms, reason,
                            update.defect, answer_id, details)

    if exchange.outcome in ("disconnected", "not-sent"):
        return result(False, f"not answered: {exchange.reason}")
    if update.expect == "none":
        if exchange.answers:
            answer = exchange.answers[0][0]
            return result(False, f"answered {str(Envelope(answer).content)[:80]!r} a message a conformant edge "
                                 "drops unanswered", Envelope(answer).msg_id)
        return result(True, f"dropped unanswered, as a conformant edge does ({exchange.timeout_s:g} s of silence)")
    if not exchange.answers:
        return result(False, exchange.reason)
    view = Envelope(exchange.answers[0][0])
    golden_path = ANSWER_OK_GOLDEN if update.expect == "ok" else ANSWER_FAILED_GOLDEN
    mismatches = compare_first_answer(exchange, golden_path, seen_msg_ids=seen_msg_ids,
                                      extra_keys="forbid" if update.expect == "ok" else "allow")
    golden_name = Path(golden_path).name
    if mismatches:
        first = mismatches[0]
        return result(False, f"differs from {golden_name} at {first.path}: expected {first.expected}, got "
                             f"{first.actual}", view.msg_id, render(mismatches))
    words = '"OK"' if update.expect == "ok" else f"{str(view.content)[:60]!r}"
    many = f"; {len(exchange.answers)} answers" if len(exchange.answers) > 1 else ""
    return result(not many, f"answered {words} in {exchange.latency_ms} ms, matches {golden_name}{many}", view.msg_id)


def recount(results: list[UpdateResult], answer_counts: Mapping[str, int]) -> list[UpdateResult]:
    """Flip results whose request was answered more often than it was sent (duplicates, late answers
    to a message that must be dropped), by the controller's correlation counts at the end."""
    sent = Counter(r.msg_id for r in results if r.msg_id)
    out: list[UpdateResult] = []
    for r in results:
        if not r.conforms or not r.msg_id:
            out.append(r)
            continue
        expected = sent[r.msg_id] if r.expect != "none" else 0
        got = answer_counts.get(r.msg_id, 0)
        if r.expect == "none" and got:
            out.append(r.flipped(f"answered later ({got} answer(s)): a conformant edge drops it unanswered"))
        elif got > expected:
            out.append(r.flipped(f"answered {got} times; once is conformant"))
        else:
            out.append(r)
    return out


@dataclass
class ControllerReport:
    """What the reference controller did and how the edge answered."""

    mode: Literal["listen", "connect"]
    target: str
    planned: int = 0
    reached: bool = False
    error: str = ""
    handshake: Handshake | None = None
    results: list[UpdateResult] = field(default_factory=list)
    stopped: str = ""

    @property
    def answers_conform(self) -> bool:
        """An edge was reached and every answer judged so far conforms."""
        return self.reached and all(r.conforms for r in self.results)

    @property
    def conformant(self) -> bool:
        """Every planned update was sent and every answer conforms."""
        return self.answers_conform and len(self.results) == self.planned and self.planned > 0 and not self.stopped

    @property
    def exit_code(self) -> int:
        """0 the edge's answers conform, 1 one does not, 2 nothing judged (no edge, or no update sent)."""
        return 2 if not self.reached or not self.planned else 0 if self.conformant else 1

    def verdict_line(self) -> str:
        if not self.reached:
            return f"NOT JUDGED: no edge reached: {self.error}"
        failed = sum(1 for r in self.results if not r.conforms)
        if self.conformant:
            return f"CONFORMANT: all {len(self.results)} answers of the edge conform"
        if not self.planned:  # e.g. the sends-nothing defect: the edge had nothing to answer
            return "NOT JUDGED: no update was sent, so the edge had nothing to answer (nothing to judge)"
        sent = f"{len(self.results)} of {self.planned} updates sent"
        stop = f"; {self.stopped}" if self.stopped else ""
        return f"NOT CONFORMANT: {failed} of {len(self.results)} answers do not conform ({sent}{stop})"


# ----------------------------------------------------------------------------- the runner


@dataclass(frozen=True)
class ReferenceControllerOptions:
    """Everything that configures a run of the reference controller."""

    profile: Profile = "strict"
    defects: frozenset[ControllerDefect] = frozenset()
    rate: float = DEFAULT_RATE
    answer_timeout_s: float = DEFAULT_ANSWER_TIMEOUT_S
    silence_s: float = DEFAULT_SILENCE_S
    wait_s: float = DEFAULT_WAIT_S
    dial_retry_s: float = 0.0
    boundaries: bool = True
    spec_maximal: bool = True
    node_id: str = DEFAULT_NODE_ID
    headers: Mapping[str, str] = field(default_factory=dict)
    #: TLS: a client context when dialling the edge, a server context when listening for it.
    ssl: ssl_module.SSLContext | None = None

    def plan(self) -> list[Update]:
        updates = conformant_updates(self.profile, boundaries=self.boundaries, spec_maximal=self.spec_maximal)
        return plan_updates(updates, self.defects)


ResultCallback = Callable[[UpdateResult, int], None]


async def run_updates(controller: FakeController, plan: list[Update], options: ReferenceControllerOptions,
                      report: ControllerReport, on_result: ResultCallback | None = None) -> None:
    """Push ``plan`` over the controller's connection, judging each answer into ``report``."""
    seen: set[str] = set()
    total = len(plan)
    for number, update in enumerate(plan, start=1):
        timeout = options.silence_s if update.expect == "none" else options.answer_timeout_s
        exchange = await controller.exchange(update.payload, timeout=timeout)
        if exchange.request_id:
            seen.add(exchange.request_id)
        result = judge_answer(number, update, exchange, seen_msg_ids=frozenset(seen))
        if result.answer_msg_id:
            seen.add(result.answer_msg_id)
        report.results.append(result)
        if on_result is not None:
            with contextlib.suppress(Exception):
                on_result(result, total)
        if exchange.outcome in ("disconnected", "not-sent"):
            report.stopped = f"the edge disconnected: {exchange.reason}"
            return
        link = controller.link
        if update.after == "abort" and link is not None:
            await link.abort()
            return
        if update.after == "close-error" and link is not None:
            await link.close(1011, "pod rejected")
            return
    if controller.connected:
        await controller.observe(0.05)  # late and duplicate answers still on their way
    recounted = recount(report.results, controller.correlator.answer_counts)
    for before, after in zip(report.results, recounted, strict=True):
        if after is not before and on_result is not None:
            with contextlib.suppress(Exception):
                on_result(after, total)
    report.results[:] = recounted


async def _dial_until(controller: FakeController, url: str, options: ReferenceControllerOptions) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + options.dial_retry_s
    while True:
        try:
            await controller.connect(url, headers=options.headers, ssl=options.ssl)
            return
        except ConnectFailed:
            if loop.time() >= deadline:
                raise
            await asyncio.sleep(0.1)


async def _run(controller: FakeController, report: ControllerReport, options: ReferenceControllerOptions,
               on_result: ResultCallback | None, on_start: Callable[[ControllerReport], None] | None) -> None:
    plan = options.plan()
    report.planned = len(plan)
    report.handshake = controller.handshakes[-1] if controller.handshakes else None
    if on_start is not None:
        with contextlib.suppress(Exception):
            on_start(report)
    try:
        await run_updates(controller, plan, options, report, on_result)
    finally:
        await controller.close()


async def serve_controller_listen(host: str = "127.0.0.1", port: int = 0,
                                  options: ReferenceControllerOptions | None = None, *,
                                  on_ready: Callable[[str], None] | None = None,
                                  on_start: Callable[[ControllerReport], None] | None = None,
                                  on_result: ResultCallback | None = None) -> ControllerReport:
    """Listen as the management server, wait up to ``wait_s`` for an edge to dial in, push the
    updates and judge the answers. ``on_ready`` gets the URL the edge dials; raises ``ListenFailed``."""
    options = options or ReferenceControllerOptions()
    controller = FakeController(rate=options.rate, redial_wait_s=0.0)
    bound = await controller.listen(host, port, ssl=options.ssl)
    report = ControllerReport("listen", controller.url(options.node_id, scheme="wss" if options.ssl else "ws"))
    if on_ready is not None:
        with contextlib.suppress(Exception):
            on_ready(report.target)
    if not await controller.wait_for_edge(options.wait_s):
        await controller.close()
        report.error = f"no edge dialled ws://{host}:{bound}/websocket/<node_id>/events within {options.wait_s:g} s"
        return report
    report.reached = True
    await _run(controller, report, options, on_result, on_start)
    return report


async def serve_controller_connect(url: str, options: ReferenceControllerOptions | None = None, *,
                                   on_start: Callable[[ControllerReport], None] | None = None,
                                   on_result: ResultCallback | None = None) -> ControllerReport:
    """Dial an edge that listens at ``url`` (retrying for ``dial_retry_s``), push the updates and
    judge the answers. An edge that cannot be dialled is a report with ``reached`` false."""
    options = options or ReferenceControllerOptions()
    controller = FakeController(rate=options.rate, redial_wait_s=0.0)
    report = ControllerReport("connect", url)
    try:
        await _dial_until(controller, url, options)
    except ConnectFailed as exc:
        report.error = str(exc)
        return report
    report.reached = True
    await _run(controller, report, options, on_result, on_start)
    return report


class ReferenceController:
    """A reference controller in a background thread, for synchronous code (tests, steps)::

        with ReferenceController.start_listening(rate=0) as controller:
            ...  # an edge dials controller.url
            report = controller.wait(30)

    Keyword options are :class:`ReferenceControllerOptions` fields (``defects`` may be names).
    The thread, the wait and the stop are :class:`harness.transport.Running`'s.
    """

    def __init__(self, running: Running[asyncio.Task[ControllerReport]]) -> None:
        self._running = running

    @classmethod
    def start_listening(cls, host: str = "127.0.0.1", port: int = 0, **options: Any) -> ReferenceController:
        """Listen on ``host:port`` (0: a free port) and serve the first edge that dials; raises ``ListenFailed``."""
        settings = _options(options)
        return cls(Running.spawn(lambda on_ready: serve_controller_listen(host, port, settings, on_ready=on_ready),
                                 name=THREAD_NAME, announces_url=True, label=LABEL))

    @classmethod
    def start_dialling(cls, url: str, **options: Any) -> ReferenceController:
        """Dial the edge at ``url`` in the background (retrying for ``dial_retry_s`` seconds)."""
        settings = _options(options)
        return cls(Running.spawn(lambda _: serve_controller_connect(url, settings), name=THREAD_NAME, url=url,
                                 label=LABEL))

    @property
    def url(self) -> str:
        """Where the edge dials (listen mode), or the edge dialled (connect mode)."""
        return self._running.url

    def wait(self, timeout: float | None = 60.0) -> ControllerReport:
        """The report, once the run is over; raises ``TimeoutError`` if it is not over in time."""
        return self._running.wait(timeout)

    def stop(self) -> None:
        """Stop the run (if still going) and the thread (idempotent)."""
        self._running.stop()

    def __enter__(self) -> ReferenceController:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _options(options: Mapping[str, Any]) -> ReferenceControllerOptions:
    values = dict(options)
    if "defects" in values:
        values["defects"] = frozenset(ControllerDefect(d) for d in values["defects"])
    return ReferenceControllerOptions(**values)
