"""The edgeconform pytest plugin (entry point ``pytest11``).

Loaded by every pytest run where edgeconform is installed, so it stays cheap and
generic: the command-line options of a certification run; markers ``case.<ID>`` and
``rule.<ID>`` (registered, so ``-m rule.META-NAME`` selects); clean failure reports
for :class:`~harness.verdict.NonConformance` (the reason and evidence, no traceback);
and ``--summary-json``, the machine-readable summary written as cases finish. The
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
from typing import Any

import pytest

from harness import __version__
from harness.rules.table import RULES, RULESET_VERSION
from harness.verdict import NonConformance

SUMMARY_KEY = pytest.StashKey["Summary"]()
OBSERVATION_KEY = pytest.StashKey[str]()
JUDGED_KEY = pytest.StashKey[bool]()
#: Grades, after Autobahn: PASS, FAIL, NON-STRICT (passes only under the lenient profile),
#: INFORMATIONAL (the document is silent; the behaviour is recorded, never failed).
GRADES = ("PASS", "FAIL", "NON-STRICT", "INFORMATIONAL")
#: Where the case lines go in summary.json's text (the cases are serialized once each, not per write).
_CASES_PLACEHOLDER = "\u0000edgeconform-cases\u0000"
#: A test report's attributes that carry its summary entry and the run's facts; pytest-xdist
#: ships a report's attributes from worker to controller, so one process writes summary.json.
CASE_ATTRIBUTE = "edgeconform_case"
RUN_ATTRIBUTE = "edgeconform_run"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("edgeconform", "edgeconform certification")
    group.addoption("--edge-listen", metavar="HOST:PORT", default=None,
                    help="play the controller: listen for an edge dialling ws://HOST:PORT/websocket/<node_id>/events")
    group.addoption("--edge-connect", metavar="URL", default=None, help="play the controller: dial an edge at URL")
    group.addoption("--edge-reference", action="store_true", default=False,
                    help="start the bundled reference edge on 127.0.0.1 and certify it")
    group.addoption("--edge-defect", action="append", default=[], metavar="NAME",
                    help="with --edge-reference: plant this defect in the reference edge (repeatable)")
    group.addoption("--answer-timeout", type=float, default=10.0, metavar="SECONDS",
                    help="seconds to wait for each answer (default 10)")
    group.addoption("--rate", type=float, default=4.0, metavar="N",
                    help="messages per second sent to the edge (default 4: the vendor's edge drops above 5/s "
                         "burst 5); 0 = unpaced")
    group.addoption("--in-flight", type=int, default=256, metavar="N",
                    help="requests sent ahead without an answer yet, at most (default 256; 1 = one case at a time)")
    group.addoption("--edge-wait", type=float, default=60.0, metavar="SECONDS",
                    help="with --edge-listen: seconds to wait for the edge to dial in (default 60)")
    group.addoption("--profile", choices=("strict", "lenient"), default="strict",
                    help="rule profile the cases are judged by (default strict)")
    group.addoption("--summary-json", metavar="FILE", default=None,
                    help="write the machine-readable summary of the run to FILE (rewritten as cases finish); "
                         "per-case wire logs go to wire/ beside it")
    group.addoption("--progress", action="store_true", default=False,
                    help="print a live count (case n of N, failures so far)")
    security = parser.getgroup("edgeconform-security", "edgeconform TLS and credentials (either role)")
    security.addoption("--tls-ca", metavar="FILE", default=None,
                       help="when dialling wss://: trust the peer only if its certificate chains to this CA")
    security.addoption("--tls-cert", metavar="FILE", default=None,
                       help="listening: serve wss:// with this certificate; dialling: present it (mutual TLS)")
    security.addoption("--tls-key", metavar="FILE", default=None, help="the private key of --tls-cert")
    security.addoption("--tls-client-ca", metavar="FILE", default=None,
                       help="listening: require a client certificate signed by this CA")
    security.addoption("--tls-insecure", action="store_true", default=False,
                       help="dialling wss://: verify nothing (self-signed labs only)")
    security.addoption("--auth-user", metavar="NAME", default=None,
                       help="Basic credentials: sent when dialling, required of the peer when listening")
    security.addoption("--auth-password-file", metavar="FILE", default=None, help="the password, from a file")
    security.addoption("--auth-password-env", metavar="VAR", default=None,
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
    for rule in RULES:
        config.addinivalue_line("markers", f"rule.{rule.id}: exercises rule {rule.id} ({rule.group})")
    path = config.getoption("--summary-json", default=None)
    config.stash[SUMMARY_KEY] = Summary(Path(path) if path else None, config)
    _CONFIGS.append(config)
    if path and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        with contextlib.suppress(ValueError):  # not the main thread: Ctrl-C stays Python's own
            config.stash[_PREVIOUS_SIGINT] = signal.signal(signal.SIGINT, INTERRUPT_GATE.handler)


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
    """The ``--tls-*`` and ``--auth-*`` options, named as harness.tls / harness.credentials read them."""
    return argparse.Namespace(**{
        name: config.getoption(f"--{name.replace('_', '-')}", default=None)
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


def pytest_collection_finish(session: pytest.Session) -> None:
    summary = session.config.stash[SUMMARY_KEY]
    summary.selected = len(session.items)


def pytest_deselected(items: list[pytest.Item]) -> None:
    for config in _CONFIGS[-1:]:
        config.stash[SUMMARY_KEY].deselected += len(items)


def evidence_dir(config: pytest.Config) -> Path | None:
    """Where per-case wire logs go: ``wire/`` beside summary.json (None without --summary-json)."""
    summary = config.stash.get(SUMMARY_KEY, None)
    return summary.path.parent / "wire" if summary is not None and summary.path is not None else None


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
    _write_allure_environment(session.config)
    summary = session.config.stash.get(SUMMARY_KEY, None)
    if summary is not None:
        summary.finish(exitstatus, interrupted=session.shouldstop is not False or exitstatus == 2)
    return (yield)


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
        self.progress = bool(config.getoption("--progress", default=False))
        self.interactive = sys.stdout.isatty()
        #: This process writes summary.json: not a pytest-xdist worker (the controller writes).
        self.writer = not hasattr(config, "workerinput")
        self._run_info_sent: dict[str, Any] = {}

    def judge(self, item: pytest.Item, report: pytest.TestReport, error: BaseException | None) -> None:
        """The case's summary entry (id, rules, outcome, grade, reason), put on ``report`` for the
        writer; the first failing phase decides (a teardown error after a passing call replaces it)."""
        case_id, rules = case_identity(item)
        entry = self.cases.get(item.nodeid)
        if entry is not None and entry["outcome"] != "passed":
            return
        reason = ""
        if report.outcome == "failed":
            reason = _one_line(error) if error is not None else _one_line_repr(report)
            if isinstance(error, NonConformance):
                reason += self._reproducer(case_id)
        elif report.outcome == "skipped":
            reason = _skip_reason(report)
        observation = item.stash.get(OBSERVATION_KEY, "")
        informational = item.get_closest_marker("informational") is not None
        judged = item.stash.get(JUDGED_KEY, None)
        grade = grade_of(case_id, report.outcome, informational=informational,
                         profile=self.config.getoption("--profile", default="strict"),
                         verdict=isinstance(error, NonConformance) and judged is not False)
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
            limits = {"idle_s": get("--idle", default=None), "keepalive_s": get("--edge-keepalive", default=None)}
        else:
            limits = {"answer_timeout_s": get("--answer-timeout", default=None),
                      "rate_per_s": get("--rate", default=None), "wait_s": get("--edge-wait", default=None),
                      "in_flight": get("--in-flight", default=None)}
        from harness.transport import DEFAULT_MAX_SIZE, DEFAULT_OPEN_TIMEOUT

        return {**limits, "max_frame_bytes": DEFAULT_MAX_SIZE, "open_timeout_s": DEFAULT_OPEN_TIMEOUT,
                "selection": get("keyword", default="") or None, "markers": get("markexpr", default="") or None}

    def _reproducer(self, case_id: str) -> str:
        """``; reproduce: <one command>`` for a case of the edge suite (empty when there is none)."""
        if self.run_info.get("suite") != "edge":
            return ""
        from harness.reproduce import reproducer

        command = reproducer(case_id, self.run_info.get("target", {}),
                             profile=self.config.getoption("--profile", default="strict"))
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

    def finish(self, exitstatus: int, *, interrupted: bool) -> None:
        self._write(final=True, exitstatus=exitstatus, interrupted=interrupted)

    def _write(self, *, final: bool, exitstatus: int | None = None, interrupted: bool = False) -> None:
        if self.path is None or not self.writer:
            return
        cases = list(self.cases.values())
        counts = {outcome: sum(1 for c in cases if c["outcome"] == outcome) for outcome in ("passed", "failed",
                                                                                           "skipped")}
        document = {
            "harness": "edgeconform",
            "harness_version": __version__,
            "ruleset_version": RULESET_VERSION,
            "python": sys.version.split()[0],
            "profile": self.config.getoption("--profile", default="strict"),
            "options": self._options(),
            **self.run_info,
            "started_at": self.started,
            "finished_at": _now() if final else None,
            "complete": final and not interrupted,
            "interrupted": interrupted,
            "exit_status": exitstatus,
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
    target = summary.run_info.get("target", {})
    lines = {
        "target": f"{target.get('mode', '?')} {target.get('address', '')}".strip(),
        "profile": config.getoption("--profile", default="strict"),
        "edgeconform": __version__,
        "ruleset": RULESET_VERSION,
        "python": sys.version.split()[0],
    }
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        text = "".join(f"{k}={v}\n" for k, v in lines.items())
        (Path(folder) / "environment.properties").write_text(text, encoding="utf-8")
    except OSError:
        pass


def grade_of(case_id: str, outcome: str, *, informational: bool, profile: str, verdict: bool = True) -> str:
    """PASS, FAIL, NON-STRICT or INFORMATIONAL (SKIPPED for a skipped case).

    NON-STRICT: a verdict failed a strict reject case whose value the lenient profile
    accepts (an erratum): the peer follows the document's example, not its table.
    """
    if informational:
        return "INFORMATIONAL"
    if outcome == "skipped":
        return "SKIPPED"
    if outcome == "passed":
        return "PASS"
    if profile == "strict" and verdict:
        from harness.rules.cases import cases_by_id

        strict_case = cases_by_id("strict").get(case_id)
        if strict_case is not None and strict_case.expect == "reject" and case_id not in cases_by_id("lenient"):
            return "NON-STRICT"
    return "FAIL"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _one_line(error: BaseException) -> str:
    if isinstance(error, NonConformance):
        return error.reason
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
    group.addoption("--controller-connect", metavar="URL", default=None,
                    help="play the edge: dial the controller at URL (ws(s)://HOST:PORT/websocket/<node_id>/events), "
                         "as the vendor's edge does")
    group.addoption("--controller-listen", metavar="HOST:PORT", default=None,
                    help="play the edge: listen on HOST:PORT for a controller dialling "
                         "ws://HOST:PORT/websocket/<node_id>/events")
    group.addoption("--idle", type=float, default=30.0, metavar="SECONDS",
                    help="end the run when the controller sends nothing for SECONDS (default 30); with "
                         "--controller-listen also the time a controller has to dial in")
    group.addoption("--edge-header", action="append", default=[], metavar="NAME=VALUE",
                    help="a handshake header of the fake edge (repeatable; replaces a default of the same name)")
    group.addoption("--edge-user", metavar="USER", default=None,
                    help="the fake edge's user for the Basic Authorization header (with --edge-password-file)")
    group.addoption("--edge-password-file", metavar="FILE", default=None,
                    help="a file holding the fake edge's password (never echoed, never reported)")
    group.addoption("--edge-keepalive", type=float, default=15.0, metavar="SECONDS",
                    help="the fake edge's upstream keepalive period (default 15, as the vendor's edge; 0: none)")


def controller_option_problem(config: pytest.Config) -> str | None:
    """Why the controller suite's options make no run; ``None`` when they do or none was given."""
    connect, listen = config.getoption("--controller-connect", None), config.getoption("--controller-listen", None)
    if not connect and not listen:
        return None
    if connect and listen:
        return "give only one of --controller-connect URL or --controller-listen HOST:PORT"
    if listen:
        from harness.transport import parse_host_port

        try:
            parse_host_port(str(listen))
        except ValueError:
            return f"--controller-listen wants HOST:PORT, got {listen!r}"
    if not float(config.getoption("--idle")) > 0 or float(config.getoption("--edge-keepalive")) < 0:
        return "--idle must be above 0 and --edge-keepalive at least 0"
    user, password_file = config.getoption("--edge-user"), config.getoption("--edge-password-file")
    if (user is None) != (password_file is None):
        return "--edge-user and --edge-password-file go together"
    if password_file is not None and not os.access(password_file, os.R_OK):
        return f"cannot read the password file {password_file}"
    from harness.roles.fake_edge import parse_header  # only when a controller run is asked for

    for text in config.getoption("--edge-header"):
        try:
            parse_header(text)
        except ValueError as exc:
            return f"--edge-header: {exc}"
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    problem = controller_option_problem(session.config)
    if problem is not None:
        raise pytest.UsageError(f"edgeconform: {problem}")
