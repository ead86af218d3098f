"""The edgeconform pytest plugin (entry point ``pytest11``).

Loaded by every pytest run where edgeconform is installed, so it is a good neighbour: every
option it adds starts with ``--edgeconform-``; importing it costs nothing (the rule table,
websockets and the roles are imported only when a run of edgeconform's suites needs them,
see bench/bench_plugin_startup.py). It adds the command-line options of a certification run;
markers ``case.<ID>`` and ``rule.<ID>`` (registered as the suite's scenarios are collected, so
``-m rule.META-NAME`` selects, even with ``--strict-markers``); clean failure reports
for :class:`~harness.verdict.NonConformance` (the reason and evidence, no traceback);
and ``--edgeconform-summary-json``, the machine-readable summary written as cases finish. The
role fixtures and steps live in ``harness.steps``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import signal
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from harness.verdict import NonConformance

#: The rule profiles (``harness.rules.model.PROFILES``, not imported here: the plugin imports no
#: rule code when pytest starts; tests/test_plugin_neighbour.py checks the two agree).
PROFILE_NAMES = ("strict", "lenient", "vendor")

SUMMARY_KEY = pytest.StashKey["Summary"]()
OBSERVATION_KEY = pytest.StashKey[str]()
JUDGED_KEY = pytest.StashKey[bool]()
#: Grades, after Autobahn: PASS, FAIL (the document's own words decide), NON-STRICT (the
#: expectation rests on an inference of ours, or passes only under the lenient profile),
#: INFORMATIONAL (the document is silent; the behaviour is recorded, never failed).
#: ERROR: the case could not be judged (it failed outside its steps, e.g. no peer was reached).
GRADES = ("PASS", "FAIL", "NON-STRICT", "INFORMATIONAL", "ERROR")
#: Where the case lines go in summary.json's text (the cases are serialized once each, not per write).
_CASES_PLACEHOLDER = "\u0000edgeconform-cases\u0000"
#: A test report's attributes that carry its summary entry and the run's facts; pytest-xdist
#: ships a report's attributes from worker to controller, so one process writes summary.json.
CASE_ATTRIBUTE = "edgeconform_case"
RUN_ATTRIBUTE = "edgeconform_run"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("edgeconform", "edgeconform certification")
    group.addoption("--edgeconform-edge-listen", metavar="HOST:PORT", default=None,
                    help="play the controller: listen for an edge dialling ws://HOST:PORT/websocket/<node_id>/events")
    group.addoption("--edgeconform-edge-connect", metavar="URL", default=None,
                    help="play the controller: dial an edge at URL")
    group.addoption("--edgeconform-edge-reference", action="store_true", default=False,
                    help="start the bundled reference edge on 127.0.0.1 and certify it")
    group.addoption("--edgeconform-edge-defect", action="append", default=[], metavar="NAME",
                    help="with --edgeconform-edge-reference: plant this defect in the reference edge (repeatable)")
    group.addoption("--edgeconform-answer-timeout", type=float, default=10.0, metavar="SECONDS",
                    help="seconds to wait for each answer (default 10)")
    group.addoption("--edgeconform-rate", type=float, default=4.0, metavar="N",
                    help="messages per second sent to the edge (default 4: the vendor's edge drops above 5/s "
                         "burst 5); 0 = unpaced")
    group.addoption("--edgeconform-in-flight", type=int, default=256, metavar="N",
                    help="requests sent ahead without an answer yet, at most (default 256; 1 = one case at a time)")
    group.addoption("--edgeconform-edge-wait", type=float, default=60.0, metavar="SECONDS",
                    help="with --edgeconform-edge-listen: seconds to wait for the edge to dial in (default 60)")
    group.addoption("--edgeconform-profile", choices=PROFILE_NAMES, default="strict",
                    help="rule profile the cases are judged by (default strict; vendor: as the vendor's own edge "
                         "judges, docs/vendor-profile.md)")
    group.addoption("--edgeconform-summary-json", metavar="FILE", default=None,
                    help="write the machine-readable summary of the run to FILE (rewritten as cases finish); "
                         "per-case wire logs go to wire/ beside it")
    group.addoption("--edgeconform-progress", action="store_true", default=False,
                    help="print a live count (case n of N, failures so far)")
    group.addoption("--edgeconform-fail-on", metavar="GRADES", default="FAIL",
                    help="comma-separated grades that make the run's exit_status 1 in summary.json and junit.xml: "
                         "FAIL, NON-STRICT, INFORMATIONAL (default FAIL)")
    security = parser.getgroup("edgeconform-security", "edgeconform TLS and credentials (either role)")
    security.addoption("--edgeconform-tls-ca", metavar="FILE", default=None,
                       help="when dialling wss://: trust the peer only if its certificate chains to this CA")
    security.addoption("--edgeconform-tls-cert", metavar="FILE", default=None,
                       help="listening: serve wss:// with this certificate; dialling: present it (mutual TLS)")
    security.addoption("--edgeconform-tls-key", metavar="FILE", default=None,
                       help="the private key of --edgeconform-tls-cert")
    security.addoption("--edgeconform-tls-client-ca", metavar="FILE", default=None,
                       help="listening: require a client certificate signed by this CA")
    security.addoption("--edgeconform-tls-insecure", action="store_true", default=False,
                       help="dialling wss://: verify nothing (self-signed labs only)")
    security.addoption("--edgeconform-auth-user", metavar="NAME", default=None,
                       help="Basic credentials: sent when dialling, required of the peer when listening")
    security.addoption("--edgeconform-auth-password-file", metavar="FILE", default=None,
                       help="the password, from a file")
    security.addoption("--edgeconform-auth-password-env", metavar="VAR", default=None,
                       help="the password, from an environment variable")
    _add_controller_options(parser)


class InterruptGate:
    """Holds an interrupt (Ctrl-C; SIGTERM when the runner maps it) that arrives while a finished
    case is being written to the reports, until every report has it: summary.json records a case
    when its call ends, the Allure result is written after its teardown, and a case must never be in
    one and missing from the other. A second signal while one is held interrupts at once (a
    teardown that hangs cannot trap the user)."""

    def __init__(self) -> None:
        self.closing = False
        self.held: int | None = None

    def handler(self, signum: int, frame: object) -> None:
        """The signal handler: interrupt now, or once the case being written is written."""
        if self.closing and self.held is None:
            self.held = signum
            return
        raise KeyboardInterrupt(f"signal {signum}")

    def open(self) -> None:
        """The case is in every report: deliver a held interrupt now."""
        self.closing = False
        if self.held is not None:
            signum, self.held = self.held, None
            raise KeyboardInterrupt(f"signal {signum}")


INTERRUPT_GATE = InterruptGate()
_PREVIOUS_SIGINT = pytest.StashKey[Any]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "edge: a case of the edge certification suite")
    config.addinivalue_line("markers", "informational: the document is silent; the behaviour is recorded, not judged")
    path = config.getoption("--edgeconform-summary-json", default=None)
    config.stash[SUMMARY_KEY] = Summary(Path(path) if path else None, config)
    _CONFIGS.append(config)
    if path and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        with contextlib.suppress(ValueError):  # not the main thread: Ctrl-C stays Python's own
            config.stash[_PREVIOUS_SIGINT] = signal.signal(signal.SIGINT, INTERRUPT_GATE.handler)
    if config.getoption("allure_report_dir", default=None):
        _tidy_allure_results(config)


def _tidy_allure_results(config: pytest.Config) -> None:
    """Allure results read by case: errors without the exception's class path, steps without
    parameters (harness.allure_view.ResultTidier), for this run only."""
    import allure_commons

    from harness.allure_view import ResultTidier

    tidier = ResultTidier()
    allure_commons.plugin_manager.register(tidier)
    config.add_cleanup(lambda: allure_commons.plugin_manager.unregister(tidier))


@pytest.hookimpl(trylast=True)
def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Name the case's Allure result by its case id and change, describe it with its scenario's own
    description, its rules' words and its reproducer. After the steps, passed or not (the peer, and
    so the reproducer, is known once a step has reached it), before the result is written."""
    if not request.config.getoption("allure_report_dir", default=None):
        return
    import allure

    from harness.allure_view import case_description, case_title, rule_link

    item = request.node
    case_id, rules = case_identity(item)
    example = getattr(getattr(item, "callspec", None), "params", {}).get("_pytest_bdd_example")
    change = str(example.get("change", "")) if isinstance(example, dict) else ""
    summary = request.config.stash.get(SUMMARY_KEY, None)
    command = summary.reproducer(case_id) if summary is not None else ""
    dynamic: Any = allure.dynamic  # allure's API is untyped
    with contextlib.suppress(Exception):  # reporting must never turn a verdict into an error
        dynamic.title(case_title(case_id, change=change, scenario=str(scenario.name), rules=rules))
        dynamic.description(case_description(case_id, change=change, scenario=str(scenario.name),
                                             scenario_description=str(getattr(scenario, "description", "") or ""),
                                             rules=rules, reproducer=command))
        dynamic.label("case_id", case_id)
        for rule in rules:
            link = rule_link(rule)
            if link is not None:
                dynamic.link(link, name=f"rule {rule}")


_CONFIGS: list[pytest.Config] = []


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Any) -> Any:
    """Register a scenario's tag (``case.<ID>``, a feature tag) as a marker, then let pytest-bdd apply it."""
    for config in _CONFIGS[-1:]:
        config.addinivalue_line("markers", f"{tag}: an edgeconform scenario tag")
    return None


def pytest_unconfigure(config: pytest.Config) -> None:
    if config in _CONFIGS:
        _CONFIGS.remove(config)
    previous = config.stash.get(_PREVIOUS_SIGINT, None)
    if previous is not None:
        signal.signal(signal.SIGINT, previous)
    INTERRUPT_GATE.closing, INTERRUPT_GATE.held = False, None  # the run has ended whole


def case_identity(item: pytest.Item) -> tuple[str, list[str]]:
    """The case id and rule ids of a test item, from its markers and Examples row."""
    case_id = ""
    rules: list[str] = []
    example = getattr(getattr(item, "callspec", None), "params", {}).get("_pytest_bdd_example")
    if isinstance(example, dict):
        case_id = str(example.get("case", ""))
        if example.get("rule"):
            rules.append(str(example["rule"]))
    for mark in item.iter_markers():
        kind, separator, value = mark.name.partition(".")
        if not separator:
            kind, separator, value = mark.name.partition(":")
        if kind == "case" and value and not case_id:
            case_id = value
        elif kind == "rule" and value and value not in rules:
            rules.append(value)
    return case_id or item.nodeid, rules


def security_options(config: pytest.Config) -> argparse.Namespace:
    """The ``--edgeconform-tls-*`` and ``--edgeconform-auth-*`` options, named as harness.tls /
    harness.credentials read them."""
    return argparse.Namespace(**{
        name: config.getoption(f"--edgeconform-{name.replace('_', '-')}", default=None)
        for name in ("tls_ca", "tls_cert", "tls_key", "tls_client_ca", "tls_insecure",
                     "auth_user", "auth_password_file", "auth_password_env")})


def set_run_info(config: pytest.Config, **info: Any) -> None:
    """Record facts about the run (target, handshake, options) for summary.json."""
    config.stash[SUMMARY_KEY].run_info.update(info)


@pytest.hookimpl(tryfirst=True, specname="pytest_runtest_makereport")
def pytest_runtest_makereport_of_a_verdict(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport | None:
    """A case failed by a :class:`NonConformance` is reported by its reason and details alone:
    pytest's own report would format the traceback, parsing each file of it again (about 0.1 s a
    failed case, most of an unpaced run against a broken edge). Other outcomes: pytest's report."""
    excinfo = call.excinfo
    if excinfo is None or not isinstance(excinfo.value, NonConformance) or call.when == "collect":
        return None
    verdict = excinfo.value
    sections = [(f"Captured {when} {key}", content) for when, key, content in item._report_sections]
    return pytest.TestReport(item.nodeid, item.location, dict.fromkeys(item.keywords, 1), "failed",
                             f"{verdict.reason}\n{verdict.details}".rstrip(), call.when, sections, call.duration,
                             call.start, call.stop, item.user_properties)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report: pytest.TestReport = yield
    excinfo = call.excinfo
    if excinfo is not None and isinstance(excinfo.value, NonConformance):
        verdict = excinfo.value
        report.longrepr = f"{verdict.reason}\n{verdict.details}".rstrip()
    if report.when == "call" or report.outcome != "passed":
        summary = item.config.stash[SUMMARY_KEY]
        if summary.path is not None:
            INTERRUPT_GATE.closing = True  # until pytest_runtest_logfinish: the case is in every report
        summary.judge(item, report, excinfo.value if excinfo is not None else None)
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """The summary writer takes each case's entry from its report: in this process, or, under
    pytest-xdist, in the controlling process from the reports the workers send (one writer, no
    collisions)."""
    entry = getattr(report, CASE_ATTRIBUTE, None)
    for config in _CONFIGS[-1:]:
        summary = config.stash[SUMMARY_KEY]
        if summary.writer and isinstance(entry, dict):
            summary.add(report.nodeid, entry, getattr(report, RUN_ATTRIBUTE, None))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """Under pytest-xdist: the number of cases, for the progress line (every worker collects them all)."""
    for config in _CONFIGS[-1:]:
        summary = config.stash[SUMMARY_KEY]
        summary.selected = max(summary.selected, len(ids))


def pytest_runtest_logfinish(nodeid: str, location: object) -> None:
    INTERRUPT_GATE.open()


SELECTION_KEY = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``-k`` over edgeconform cases selects by id, exactly (harness/selection.py), instead of pytest's
    substring matching: ``-k META-NAME`` is not ``META-NAMESPACE``; a word naming no case, or an
    expression selecting none, is a usage error before any case runs. A run with other tests keeps
    pytest's own ``-k``."""
    expression = str(config.getoption("keyword", default="") or "")
    if not expression.strip() or not items:
        return
    identities = [case_identity(item) for item in items]
    if any(case_id == item.nodeid for item, (case_id, _) in zip(items, identities, strict=True)):
        return  # not only edgeconform cases: pytest's -k applies
    from harness.selection import SelectionError, compile_selection, names_of, unknown_words

    try:
        selection = compile_selection(expression)
    except SelectionError as exc:
        raise pytest.UsageError(f"-k {expression!r}: {exc}") from None
    names = [names_of(case_id, rules) for case_id, rules in identities]
    unknown = unknown_words(selection, names)
    if unknown:
        raise pytest.UsageError(f"-k {expression!r}: {', '.join(unknown)} names no case id or rule id of this "
                                "suite (-k takes case ids, rule ids and patterns such as META-*; see README)")
    keep = [item for item, item_names in zip(items, names, strict=True) if selection.selects(item_names)]
    if not keep:
        raise pytest.UsageError(f"-k {expression!r} matches no case")
    config.stash[SELECTION_KEY] = expression
    config.option.keyword = ""  # selected here: pytest's substring matching must not run on top
    if len(keep) < len(items):
        kept = set(keep)
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = keep


def pytest_collection_finish(session: pytest.Session) -> None:
    summary = session.config.stash[SUMMARY_KEY]
    summary.selected = len(session.items)
    markers = str(session.config.getoption("markexpr", default="") or "")
    if not session.items and summary.deselected and markers:
        raise pytest.UsageError(f"-m {markers!r} matches no case")


def pytest_deselected(items: list[pytest.Item]) -> None:
    for config in _CONFIGS[-1:]:
        config.stash[SUMMARY_KEY].deselected += len(items)


def evidence_dir(config: pytest.Config) -> Path | None:
    """Where per-case wire logs go: ``wire/`` beside summary.json (None without --edgeconform-summary-json)."""
    summary = config.stash.get(SUMMARY_KEY, None)
    return summary.path.parent / "wire" if summary is not None and summary.path is not None else None


def say(config: pytest.Config, text: str) -> None:
    """A line for the person running the suite (``edgeconform: <text>``, on stderr), past pytest's capture:
    e.g. that the harness waits for a peer to dial in."""
    capman: Any = config.pluginmanager.getplugin("capturemanager")
    guard = capman.global_and_fixture_disabled() if capman is not None else contextlib.nullcontext()
    with guard:
        print(f"edgeconform: {text}", file=sys.stderr, flush=True)


def no_peer_reached(request: pytest.FixtureRequest, reason: str) -> NoReturn:
    """End the session at the case being set up: without a peer no case can be judged. The case is
    an error (it fails in setup; grade ERROR; junit ``<error>``), no further case runs, and the
    run's exit_status is 2, NOT JUDGED (summary.json ``peer_reached: false``)."""
    request.session.shouldfail = reason
    pytest.fail(reason, pytrace=False)


def record_judged(item: pytest.Item, judged: bool) -> None:
    """Whether the case was judged against what the peer did (``False``: it failed for want of a
    peer -- none reached, or gone); summary.json says so and rule coverage counts only judged cases."""
    item.stash[JUDGED_KEY] = judged


def record_observation(item: pytest.Item, text: str) -> None:
    """For an INFORMATIONAL case: what the peer did, kept as the case's reason in summary.json."""
    item.stash[OBSERVATION_KEY] = text


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> Generator[None, None, None]:
    INTERRUPT_GATE.closing = True  # the reports are being written: a signal no longer cuts one short
    summary = session.config.stash.get(SUMMARY_KEY, None)
    if summary is not None:
        summary.finish(int(exitstatus), interrupted=session.shouldstop is not False or exitstatus == 2)
    _write_allure_environment(session.config)
    result = yield
    if summary is not None and summary.writer and (summary.path is not None or summary.cases or summary.run_info):
        from harness.junit import JunitFacts, rewrite_junit

        xmlpath = getattr(session.config.option, "xmlpath", None)
        if xmlpath:
            rewrite_junit(Path(xmlpath), JunitFacts(properties=summary.facts(), cases=summary.cases))
    return result


class Summary:
    """summary.json: the run, counts and one entry per case; rewritten as each case ends."""

    def __init__(self, path: Path | None, config: pytest.Config) -> None:
        self.path = path
        self.config = config
        self.run_info: dict[str, Any] = {}
        self.cases: dict[str, dict[str, Any]] = {}
        #: Each case serialized once, when it ends (one line per case in the file).
        self.case_lines: dict[str, str] = {}
        self.started = _now()
        self.selected = 0
        self.deselected = 0
        self.progress = bool(config.getoption("--edgeconform-progress", default=False))
        self.interactive = sys.stdout.isatty()
        #: This process writes summary.json: not a pytest-xdist worker (the controller writes).
        self.writer = not hasattr(config, "workerinput")
        self._run_info_sent: dict[str, Any] = {}
        #: exit_status, verdict, interrupted, peer_reached, complete: set when the run ends.
        self.outcome: dict[str, Any] = {}

    def judge(self, item: pytest.Item, report: pytest.TestReport, error: BaseException | None) -> None:
        """The case's summary entry (id, rules, outcome, grade, reason), put on ``report`` for the
        writer; the first failing phase decides (a teardown error after a passing call replaces it)."""
        case_id, rules = case_identity(item)
        entry = self.cases.get(item.nodeid)
        if entry is not None and entry["outcome"] != "passed":
            return
        profile = self.config.getoption("--edgeconform-profile", default="strict")
        informational = item.get_closest_marker("informational") is not None
        # A case that failed for want of an edge (none reached, or gone) holds no verdict on it.
        judged = item.stash.get(JUDGED_KEY, None)
        verdict = isinstance(error, NonConformance) and judged is not False
        unanswered = verdict and bool(getattr(error, "unanswered", False))
        malformed = verdict and bool(getattr(error, "malformed", False))
        grade = grade_of(case_id, report.outcome, informational=informational, profile=profile, verdict=verdict,
                         unanswered=unanswered, malformed=malformed, when=report.when or "call")
        reason = ""
        if report.outcome == "failed":
            reason = _one_line(error) if error is not None else _one_line_repr(report)
            if verdict:
                reason += "" if malformed else grade_reason(case_id, grade, profile, unanswered=unanswered)
                reason += self._reproducer(case_id)
        elif report.outcome == "skipped":
            reason = _skip_reason(report)
        observation = item.stash.get(OBSERVATION_KEY, "")
        entry = {
            "id": case_id, "rules": rules, "outcome": report.outcome, "grade": grade,
            "reason": reason or observation, "when": report.when, "duration_s": round(report.duration, 4),
            "nodeid": item.nodeid,
        }
        if judged is not None:
            entry["judged"] = judged
        self.cases[item.nodeid] = entry
        setattr(report, CASE_ATTRIBUTE, entry)
        if not self.writer and self.run_info != self._run_info_sent:
            self._run_info_sent = dict(self.run_info)
            setattr(report, RUN_ATTRIBUTE, self._run_info_sent)

    def add(self, nodeid: str, entry: dict[str, Any], run_info: dict[str, Any] | None = None) -> None:
        """Record a case's entry (from :meth:`judge`, here or in an xdist worker) and rewrite the file."""
        if run_info and not self.run_info:
            self.run_info.update(run_info)  # under xdist: the first worker's target stands for the run
        self.cases[nodeid] = entry
        self.case_lines[nodeid] = json.dumps(entry, ensure_ascii=False, default=str)
        self._write(final=False)
        self._show_progress()

    def _options(self) -> dict[str, Any]:
        """The run's settings (limits, selection) as summary.json echoes them."""
        get = self.config.getoption
        if self.run_info.get("suite") == "controller":
            limits = {"idle_s": get("--edgeconform-idle", default=None),
                      "keepalive_s": get("--edgeconform-edge-keepalive", default=None)}
        else:
            limits = {"answer_timeout_s": get("--edgeconform-answer-timeout", default=None),
                      "rate_per_s": get("--edgeconform-rate", default=None),
                      "wait_s": get("--edgeconform-edge-wait", default=None),
                      "in_flight": get("--edgeconform-in-flight", default=None)}
        from harness.transport import DEFAULT_MAX_SIZE, DEFAULT_OPEN_TIMEOUT

        return {**limits, "max_frame_bytes": DEFAULT_MAX_SIZE, "open_timeout_s": DEFAULT_OPEN_TIMEOUT,
                "selection": self.config.stash.get(SELECTION_KEY, "") or get("keyword", default="") or None,
                "markers": get("markexpr", default="") or None}

    def _reproducer(self, case_id: str) -> str:
        """``; reproduce: <one command>`` for a case of the edge suite (empty when there is none)."""
        command = self.reproducer(case_id)
        return f"; reproduce: {command}" if command else ""

    def reproducer(self, case_id: str) -> str:
        """The one command that replays ``case_id`` against this run's edge ('' when there is none)."""
        if self.run_info.get("suite") != "edge":
            return ""
        from harness.reproduce import reproducer

        command = reproducer(case_id, self.run_info.get("target", {}),
                             profile=self.config.getoption("--edgeconform-profile", default="strict"))
        return f"; reproduce: {command}" if command else ""

    def _show_progress(self) -> None:
        if not self.progress:
            return
        done = len(self.cases)
        total = max(self.selected, done)
        failed = sum(1 for c in self.cases.values() if c["outcome"] == "failed")
        line = f"edgeconform: case {done} of {total}, {failed} failed so far"
        if self.interactive:
            end = "\n" if done == total else ""
            print(f"\r{line}", end=end, flush=True)
        elif done == total or done % max(1, total // 10) == 0:
            print(line, flush=True)

    def finish(self, pytest_status: int, *, interrupted: bool) -> None:
        """The run has ended: its one exit code and verdict (harness/outcome.py), then the file."""
        from harness.outcome import exit_code, parse_fail_on, verdict

        try:
            fail_on = parse_fail_on(str(self.config.getoption("--edgeconform-fail-on", default="FAIL")))
        except ValueError:
            fail_on = frozenset({"FAIL"})
        peer_reached = self.run_info.get("peer_reached")
        code = exit_code(pytest_status, interrupted=interrupted, peer_reached=peer_reached,
                         grades=[c["grade"] for c in self.cases.values()], fail_on=fail_on)
        self.outcome = {
            "exit_status": code, "verdict": verdict(code), "pytest_exit_status": pytest_status,
            "interrupted": interrupted, "peer_reached": peer_reached,
            "complete": not interrupted and peer_reached is not False and pytest_status in (0, 1),
            "fail_on": sorted(fail_on),
        }
        self._write(final=True)

    def facts(self) -> dict[str, Any]:
        """The run's outcome as junit.xml and the Allure environment carry it (``edgeconform.*``)."""
        return {key: self.outcome[key] for key in ("exit_status", "verdict", "interrupted", "peer_reached",
                                                   "complete") if key in self.outcome}

    def _write(self, *, final: bool) -> None:
        if self.path is None or not self.writer:
            return
        cases = list(self.cases.values())
        counts = {outcome: sum(1 for c in cases if c["outcome"] == outcome) for outcome in ("passed", "failed",
                                                                                           "skipped")}
        from harness import __version__
        from harness.messages import RULESET_VERSION

        document = {
            "harness": "edgeconform",
            "harness_version": __version__,
            "ruleset_version": RULESET_VERSION,
            "python": sys.version.split()[0],
            "profile": self.config.getoption("--edgeconform-profile", default="strict"),
            "options": self._options(),
            **self.run_info,
            "started_at": self.started,
            "finished_at": _now() if final else None,
            "complete": bool(final and self.outcome.get("complete")),
            "interrupted": bool(self.outcome.get("interrupted", False)),
            "peer_reached": self.run_info.get("peer_reached"),
            "exit_status": self.outcome.get("exit_status"),
            "verdict": self.outcome.get("verdict"),
            "pytest_exit_status": self.outcome.get("pytest_exit_status"),
            "collected": self.selected + self.deselected,
            "deselected": self.deselected,
            "counts": {"total": len(cases), **counts},
            "grades": {grade: sum(1 for c in cases if c["grade"] == grade) for grade in GRADES},
            "cases": _CASES_PLACEHOLDER,
        }
        if final and self.run_info.get("suite") == "edge":
            from harness.coverage import coverage

            document["coverage"] = coverage({**document, "cases": cases}, document["profile"]).as_dict()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".json.tmp")
        text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
        listed = ",\n    ".join(self.case_lines.values())
        text = text.replace(json.dumps(_CASES_PLACEHOLDER), f"[\n    {listed}\n  ]" if listed else "[]", 1)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.path)


def _write_allure_environment(config: pytest.Config) -> None:
    """allure-results/environment.properties: target, profile, harness and Python versions."""
    folder = config.getoption("allure_report_dir", default=None)
    summary = config.stash.get(SUMMARY_KEY, None)
    if not folder or summary is None or not summary.writer:
        return
    from harness import __version__
    from harness.messages import RULESET_VERSION

    target = summary.run_info.get("target", {})
    lines = {
        "target": f"{target.get('mode', '?')} {target.get('address', '')}".strip(),
        "profile": config.getoption("--edgeconform-profile", default="strict"),
        "edgeconform": __version__,
        "ruleset": RULESET_VERSION,
        "python": sys.version.split()[0],
        **{f"edgeconform.{key}": _property_text(value) for key, value in summary.facts().items()},
    }
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        text = "".join(f"{k}={v}\n" for k, v in lines.items())
        (Path(folder) / "environment.properties").write_text(text, encoding="utf-8")
    except OSError:
        pass


def _property_text(value: Any) -> str:
    """A fact as junit and Allure properties write it: JSON's true/false/null, numbers, text."""
    return value if isinstance(value, str) else json.dumps(value)


def grade_of(case_id: str, outcome: str, *, informational: bool, profile: str, verdict: bool = True,
             unanswered: bool = False, malformed: bool = False, when: str = "call") -> str:
    """PASS, FAIL, NON-STRICT, INFORMATIONAL or ERROR (SKIPPED for a skipped case), from the case's data.

    A verdict on a derived case is graded by what the case says of itself
    (:class:`harness.rules.cases.Case`): INFORMATIONAL when the edge stayed silent (and kept
    its connection) where the case says silence is not judged (``unanswered``); NON-STRICT
    when the expectation rests on an inference of ours (``inference``), or, under strict, when
    the lenient profile accepts the value (an erratum: the peer follows the document's example).
    Anything else that fails is FAIL: the document's own words decide it, or the answer is
    ``malformed`` (the edge decided as expected, but its answer breaks the exchange).
    ERROR: the case failed outside its steps without a verdict (e.g. no peer reached): it was
    not judged, so it is no FAIL (junit.xml calls it an error too).
    """
    if informational and not (outcome == "failed" and not verdict and when != "call"):
        return "INFORMATIONAL"
    if outcome == "skipped":
        return "SKIPPED"
    if outcome == "passed":
        return "PASS"
    if not verdict and when != "call":
        return "ERROR"
    if verdict and not malformed and profile != "vendor":
        # Under vendor a case's expectation is the vendor's own code, never an inference of ours.
        case = _derived_case(case_id, profile)
        if case is not None and unanswered and case.unanswered:
            return "INFORMATIONAL"
        if case is not None and case.inference:
            return "NON-STRICT"
        if profile == "strict" and case is not None and case.expect == "reject" and not _lenient_has(case_id):
            return "NON-STRICT"
    return "FAIL"


def grade_reason(case_id: str, grade: str, profile: str, *, unanswered: bool = False) -> str:
    """What a failed derived case's reason adds: why it is not a FAIL, or the document's words that make it one."""
    case = _derived_case(case_id, profile)
    if case is None:
        return ""
    rule = case.message_spec.rules_by_id[case.rule]
    if grade == "INFORMATIONAL" and unanswered:
        return f" (INFORMATIONAL: {case.unanswered})"
    if grade == "NON-STRICT":
        why = case.inference or f"the lenient profile accepts it: erratum {rule.erratum} of docs/errata.md"
        return f" (NON-STRICT: {why})"
    if profile == "vendor" and rule.vendor is not None:
        return f" (FAIL: {rule.id}, the vendor's edge: {rule.vendor.check or 'its checks'}, {rule.vendor.source})"
    words = rule.spec if len(rule.spec) <= 160 else rule.spec[:159] + "…"
    return f" (FAIL: {rule.id}, the document: {words})"


def _derived_case(case_id: str, profile: str) -> Any:
    from harness.messages import cases_by_id
    from harness.rules.model import PROFILES, Profile

    chosen: Profile = next((p for p in PROFILES if p == profile), "strict")
    return cases_by_id(chosen).get(case_id) or cases_by_id("strict").get(case_id)


def _lenient_has(case_id: str) -> bool:
    from harness.messages import cases_by_id

    return case_id in cases_by_id("lenient")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _one_line(error: BaseException) -> str:
    if isinstance(error, NonConformance):
        return error.reason
    if isinstance(error, pytest.fail.Exception):  # pytest.fail(reason): the reason, not "Failed: reason"
        return (str(error.msg or "").strip().splitlines() or ["failed"])[0]
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _one_line_repr(report: pytest.TestReport) -> str:
    text = str(report.longrepr or "").strip().splitlines()
    return text[-1] if text else "failed"


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "")


# --- certify a controller (features/controller): edgeconform plays the edge ---------------------------------
# Read by harness/steps/controller.py; kept apart from the edge suite's options above.


def _add_controller_options(parser: pytest.Parser) -> None:
    """The options of the controller suite, in their own group."""
    group = parser.getgroup("edgeconform-controller",
                            "edgeconform controller certification (edgeconform plays the edge)")
    group.addoption("--edgeconform-controller-connect", metavar="URL", default=None,
                    help="play the edge: dial the controller at URL (ws(s)://HOST:PORT/websocket/<node_id>/events), "
                         "as the vendor's edge does")
    group.addoption("--edgeconform-controller-listen", metavar="HOST:PORT", default=None,
                    help="play the edge: listen on HOST:PORT for a controller dialling "
                         "ws://HOST:PORT/websocket/<node_id>/events")
    group.addoption("--edgeconform-idle", type=float, default=30.0, metavar="SECONDS",
                    help="end the run when the controller sends nothing for SECONDS (default 30); with "
                         "--edgeconform-controller-listen also the time a controller has to dial in")
    group.addoption("--edgeconform-edge-header", action="append", default=[], metavar="NAME=VALUE",
                    help="a handshake header of the fake edge (repeatable; replaces a default of the same name)")
    group.addoption("--edgeconform-edge-user", metavar="USER", default=None,
                    help="the fake edge's user for the Basic Authorization header "
                         "(with --edgeconform-edge-password-file)")
    group.addoption("--edgeconform-edge-password-file", metavar="FILE", default=None,
                    help="a file holding the fake edge's password (never echoed, never reported)")
    group.addoption("--edgeconform-edge-password-env", metavar="VAR", default=None,
                    help="an environment variable holding the fake edge's password "
                         "(instead of --edgeconform-edge-password-file)")
    group.addoption("--edgeconform-edge-keepalive", type=float, default=15.0, metavar="SECONDS",
                    help="the fake edge's upstream keepalive period (default 15, as the vendor's edge; 0: none)")


def controller_option_problem(config: pytest.Config) -> str | None:
    """Why the controller suite's options make no run; ``None`` when they do or none was given."""
    connect = config.getoption("--edgeconform-controller-connect", None)
    listen = config.getoption("--edgeconform-controller-listen", None)
    if not connect and not listen:
        return None
    if connect and listen:
        return "give only one of --edgeconform-controller-connect URL or --edgeconform-controller-listen HOST:PORT"
    if listen:
        from harness.transport import parse_host_port

        try:
            parse_host_port(str(listen))
        except ValueError:
            return f"--edgeconform-controller-listen wants HOST:PORT, got {listen!r}"
    idle = float(config.getoption("--edgeconform-idle"))
    keepalive = float(config.getoption("--edgeconform-edge-keepalive"))
    if not idle > 0 or keepalive < 0:
        return "--edgeconform-idle must be above 0 and --edgeconform-edge-keepalive at least 0"
    user = config.getoption("--edgeconform-edge-user")
    password_file = config.getoption("--edgeconform-edge-password-file")
    password_env = config.getoption("--edgeconform-edge-password-env", None)
    if password_file is not None and password_env is not None:
        return "give only one of --edgeconform-edge-password-file FILE or --edgeconform-edge-password-env VAR"
    if (user is None) != (password_file is None and password_env is None):
        return ("--edgeconform-edge-user and --edgeconform-edge-password-file (or --edgeconform-edge-password-env) "
                "go together")
    if password_file is not None and not os.access(password_file, os.R_OK):
        return f"cannot read the password file {password_file}"
    from harness.roles.fake_edge import parse_header  # only when a controller run is asked for

    for text in config.getoption("--edgeconform-edge-header"):
        try:
            parse_header(text)
        except ValueError as exc:
            return f"--edgeconform-edge-header: {exc}"
    return None


def edge_option_problem(config: pytest.Config) -> str | None:
    """Why the edge suite's options make no run (a bad address, a timeout of 0); ``None`` when they do
    or none was given. Checked before any case runs, so a typo is one usage error, not 490 failures."""
    listen = config.getoption("--edgeconform-edge-listen", None)
    connect = config.getoption("--edgeconform-edge-connect", None)
    reference = config.getoption("--edgeconform-edge-reference", False)
    if sum(bool(x) for x in (listen, connect, reference)) > 1:
        return ("give exactly one of --edgeconform-edge-reference, --edgeconform-edge-listen HOST:PORT, "
                "--edgeconform-edge-connect URL")
    if listen:
        from harness.transport import parse_host_port

        try:
            parse_host_port(str(listen))
        except ValueError as exc:
            return f"--edgeconform-edge-listen: {exc}"
    if connect and not str(connect).startswith(("ws://", "wss://")):
        return (f"--edgeconform-edge-connect wants ws://HOST:PORT/websocket/<node_id>/events or wss://..., "
                f"got {connect!r}")
    for option in ("--edgeconform-answer-timeout", "--edgeconform-edge-wait"):
        if not float(config.getoption(option, 1.0)) > 0:
            return f"{option} must be above 0 (seconds), got {config.getoption(option)}"
    if float(config.getoption("--edgeconform-rate", 0.0)) < 0:
        return f"--edgeconform-rate must be 0 (unpaced) or above, got {config.getoption('--edgeconform-rate')}"
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    problem = edge_option_problem(session.config) or controller_option_problem(session.config)
    if problem is not None:
        raise pytest.UsageError(f"edgeconform: {problem}")
