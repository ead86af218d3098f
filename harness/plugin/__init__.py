"""The edgeconform pytest plugin (entry point ``pytest11``): the hooks, each handing off to a small
module of this package.

Loaded by every pytest run where edgeconform is installed, so it is a good neighbour: every
option it adds starts with ``--edgeconform-``; importing it costs nothing (the rule table,
websockets and the roles are imported only when a run of edgeconform's suites needs them,
see bench/bench_plugin_startup.py).

- :mod:`.options`: the command-line options (from the one options table) and their one check;
- :mod:`.identity`: case identity, ``case.<ID>`` / ``rule.<ID>`` markers (registered as the
  scenarios are collected, so ``-m rule.META-NAME`` selects even with ``--strict-markers``), ``-k`` by id;
- :mod:`.failure_text`: a :class:`~harness.verdict.NonConformance` reported by its reason and evidence;
- :mod:`.summary`: ``--edgeconform-summary-json``, written as cases finish (one writer under xdist);
- :mod:`.grading`: the grade of a case; :mod:`.interrupts`: the interrupt gate;
- :mod:`.allure_results`: the Allure results' titles and environment;
- :mod:`.run_api`: what the steps (``harness.steps``) tell the run.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from harness.options import PROFILE_NAMES
from harness.plugin import allure_results, identity, interrupts, runs
from harness.plugin.failure_text import verdict_report, verdict_text
from harness.plugin.grading import GRADES, grade_of, grade_reason
from harness.plugin.identity import case_identity
from harness.plugin.interrupts import INTERRUPT_GATE, InterruptGate
from harness.plugin.options import add_options, option_problem
from harness.plugin.run_api import (
    evidence_dir,
    no_peer_reached,
    record_judged,
    record_observation,
    say,
    set_run_info,
)
from harness.plugin.summary import CASE_ATTRIBUTE, RUN_ATTRIBUTE, SUMMARY_KEY, Summary, rewrite_junit
from harness.verdict import NonConformance

__all__ = [
    "GRADES", "INTERRUPT_GATE", "PROFILE_NAMES", "InterruptGate", "Summary", "case_identity", "evidence_dir",
    "grade_of", "grade_reason", "no_peer_reached", "record_judged", "record_observation", "say", "set_run_info",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    identity.register_markers(config)
    path = config.getoption("--edgeconform-summary-json", default=None)
    config.stash[SUMMARY_KEY] = Summary(Path(path) if path else None, config)
    runs.RUNS.append(config)
    if path:
        interrupts.install(config)
    if allure_results.wanted(config):
        allure_results.tidy_results(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    if config in runs.RUNS:
        runs.RUNS.remove(config)
    interrupts.uninstall(config)


def pytest_sessionstart(session: pytest.Session) -> None:
    problem = option_problem(session.config)
    if problem is not None:
        raise pytest.UsageError(f"edgeconform: {problem}")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Any) -> Any:
    """Register a scenario's tag as a marker, then let pytest-bdd apply it."""
    for config in runs.newest():
        identity.register_tag(config, tag)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    identity.select_by_id(config, items)


def pytest_collection_finish(session: pytest.Session) -> None:
    summary = session.config.stash[SUMMARY_KEY]
    summary.selected = len(session.items)
    markers = str(session.config.getoption("markexpr", default="") or "")
    if not session.items and summary.deselected and markers:
        raise pytest.UsageError(f"-m {markers!r} matches no case")


def pytest_deselected(items: list[pytest.Item]) -> None:
    for config in runs.newest():
        config.stash[SUMMARY_KEY].deselected += len(items)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """Under pytest-xdist: the number of cases, for the progress line (every worker collects them all)."""
    for config in runs.newest():
        summary = config.stash[SUMMARY_KEY]
        summary.selected = max(summary.selected, len(ids))


@pytest.hookimpl(tryfirst=True, specname="pytest_runtest_makereport")
def pytest_runtest_makereport_of_a_verdict(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport | None:
    return verdict_report(item, call)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report: pytest.TestReport = yield
    excinfo = call.excinfo
    if excinfo is not None and isinstance(excinfo.value, NonConformance):
        report.longrepr = verdict_text(excinfo.value)
    if report.when == "call" or report.outcome != "passed":
        summary = item.config.stash[SUMMARY_KEY]
        if summary.path is not None:
            INTERRUPT_GATE.closing = True  # until pytest_runtest_logfinish: the case is in every report
        summary.judge(item, report, excinfo.value if excinfo is not None else None)
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """The summary writer takes each case's entry from its report: in this process, or, under
    pytest-xdist, in the controlling process from the reports the workers send."""
    entry = getattr(report, CASE_ATTRIBUTE, None)
    for config in runs.newest():
        summary = config.stash[SUMMARY_KEY]
        if summary.writer and isinstance(entry, dict):
            summary.add(report.nodeid, entry, getattr(report, RUN_ATTRIBUTE, None))


def pytest_runtest_logfinish(nodeid: str, location: object) -> None:
    INTERRUPT_GATE.open()


@pytest.hookimpl(trylast=True)
def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """After the steps, passed or not (the peer, and so the reproducer, is known once a step has
    reached it), before the Allure result is written: name and describe the case."""
    if allure_results.wanted(request.config):
        allure_results.describe_case(request, scenario)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> Generator[None, None, None]:
    INTERRUPT_GATE.closing = True  # the reports are being written: a signal no longer cuts one short
    summary = session.config.stash.get(SUMMARY_KEY, None)
    if summary is not None:
        summary.finish(int(exitstatus), interrupted=session.shouldstop is not False or exitstatus == 2)
    allure_results.write_environment(session.config)
    result = yield
    if summary is not None:
        rewrite_junit(session.config, summary)
    return result
