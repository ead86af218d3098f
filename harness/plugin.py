"""The edgeconform pytest plugin (entry point ``pytest11``).

Loaded by every pytest run where edgeconform is installed, so it stays cheap and
generic: the command-line options of a certification run; markers ``case.<ID>`` and
``rule.<ID>`` (registered, so ``-m rule.META-NAME`` selects); clean failure reports
for :class:`~harness.verdict.NonConformance` (the reason and evidence, no traceback);
and ``--summary-json``, the machine-readable summary written as cases finish. The
role fixtures and steps live in ``harness.steps``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from harness import __version__
from harness.rules.table import RULES, RULESET_VERSION
from harness.verdict import NonConformance

SUMMARY_KEY = pytest.StashKey["Summary"]()


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
    group.addoption("--edge-wait", type=float, default=60.0, metavar="SECONDS",
                    help="with --edge-listen: seconds to wait for the edge to dial in (default 60)")
    group.addoption("--profile", choices=("strict", "lenient"), default="strict",
                    help="rule profile the cases are judged by (default strict)")
    group.addoption("--summary-json", metavar="FILE", default=None,
                    help="write the machine-readable summary of the run to FILE (rewritten as cases finish)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "edge: a case of the edge certification suite")
    for rule in RULES:
        config.addinivalue_line("markers", f"rule.{rule.id}: exercises rule {rule.id} ({rule.group})")
    path = config.getoption("--summary-json", default=None)
    config.stash[SUMMARY_KEY] = Summary(Path(path) if path else None, config)
    _CONFIGS.append(config)


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


def set_run_info(config: pytest.Config, **info: Any) -> None:
    """Record facts about the run (target, handshake, options) for summary.json."""
    config.stash[SUMMARY_KEY].run_info.update(info)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report: pytest.TestReport = yield
    excinfo = call.excinfo
    if excinfo is not None and isinstance(excinfo.value, NonConformance):
        verdict = excinfo.value
        report.longrepr = f"{verdict.reason}\n{verdict.details}".rstrip()
    if report.when == "call" or report.outcome != "passed":
        summary = item.config.stash[SUMMARY_KEY]
        summary.record(item, report, excinfo.value if excinfo is not None else None)
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    summary = session.config.stash.get(SUMMARY_KEY, None)
    if summary is not None:
        summary.finish(exitstatus, interrupted=session.shouldstop is not False or exitstatus == 2)


class Summary:
    """summary.json: the run, counts and one entry per case; rewritten as each case ends."""

    def __init__(self, path: Path | None, config: pytest.Config) -> None:
        self.path = path
        self.config = config
        self.run_info: dict[str, Any] = {}
        self.cases: dict[str, dict[str, Any]] = {}
        self.started = _now()

    def record(self, item: pytest.Item, report: pytest.TestReport, error: BaseException | None) -> None:
        case_id, rules = case_identity(item)
        entry = self.cases.get(item.nodeid)
        if entry is None or entry["outcome"] == "passed":
            reason = ""
            if report.outcome == "failed":
                reason = _one_line(error) if error is not None else _one_line_repr(report)
            elif report.outcome == "skipped":
                reason = _skip_reason(report)
            self.cases[item.nodeid] = {
                "id": case_id, "rules": rules, "outcome": report.outcome, "reason": reason,
                "when": report.when, "duration_s": round(report.duration, 4), "nodeid": item.nodeid,
            }
            self._write(final=False)

    def finish(self, exitstatus: int, *, interrupted: bool) -> None:
        self._write(final=True, exitstatus=exitstatus, interrupted=interrupted)

    def _write(self, *, final: bool, exitstatus: int | None = None, interrupted: bool = False) -> None:
        if self.path is None:
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
            "options": {
                "answer_timeout_s": self.config.getoption("--answer-timeout", default=None),
                "rate_per_s": self.config.getoption("--rate", default=None),
                "wait_s": self.config.getoption("--edge-wait", default=None),
                "selection": self.config.getoption("keyword", default="") or None,
                "markers": self.config.getoption("markexpr", default="") or None,
            },
            **self.run_info,
            "started_at": self.started,
            "finished_at": _now() if final else None,
            "complete": final and not interrupted,
            "interrupted": interrupted,
            "exit_status": exitstatus,
            "counts": {"total": len(cases), **counts},
            "cases": cases,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(temporary, self.path)


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
