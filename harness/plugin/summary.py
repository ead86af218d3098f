"""summary.json: the run, its counts and one entry per case, rewritten as each case ends. Under
pytest-xdist each worker puts a case's entry on its report (:data:`CASE_ATTRIBUTE`) and the
controlling process alone writes the file."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.plugin.failure_text import one_line, one_line_of_report, skip_reason
from harness.plugin.grading import GRADES, grade_of, grade_reason
from harness.plugin.identity import SELECTION_KEY, case_identity
from harness.verdict import NonConformance

SUMMARY_KEY = pytest.StashKey["Summary"]()
OBSERVATION_KEY = pytest.StashKey[str]()
JUDGED_KEY = pytest.StashKey[bool]()
#: Where the case lines go in summary.json's text (the cases are serialized once each, not per write).
_CASES_PLACEHOLDER = "\u0000edgeconform-cases\u0000"
#: A test report's attributes that carry its summary entry and the run's facts; pytest-xdist
#: ships a report's attributes from worker to controller, so one process writes summary.json.
CASE_ATTRIBUTE = "edgeconform_case"
RUN_ATTRIBUTE = "edgeconform_run"


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
            reason = one_line(error) if error is not None else one_line_of_report(report)
            if verdict:
                reason += "" if malformed else grade_reason(case_id, grade, profile, unanswered=unanswered)
                reason += self._reproducer(case_id)
        elif report.outcome == "skipped":
            reason = skip_reason(report)
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

        return reproducer(case_id, self.run_info.get("target", {}),
                          profile=self.config.getoption("--edgeconform-profile", default="strict"))

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


def rewrite_junit(config: pytest.Config, summary: Summary) -> None:
    """junit.xml (``--junitxml``) with the run's facts and each case's grade (harness/junit.py)."""
    if summary.writer and (summary.path is not None or summary.cases or summary.run_info):
        from harness.junit import JunitFacts, rewrite_junit

        xmlpath = getattr(config.option, "xmlpath", None)
        if xmlpath:
            rewrite_junit(Path(xmlpath), JunitFacts(properties=summary.facts(), cases=summary.cases))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
