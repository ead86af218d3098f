"""The plugin, black box (issue 13): a tiny pytest-bdd suite run through ``pytester`` with the
plugin's options, as a user's own suite would be. What the plugin adds -- the summary, verdicts
without tracebacks, ``-k`` by case id, one usage error for a bad option -- and that it stays out of
an unrelated suite's output."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest_plugins = ["pytester"]

FEATURE = """\
Feature: a tiny suite

  @case.DEMO-NAME
  Scenario: a conformant case
    Given a conformant answer

  @case.DEMO-NAMESPACE
  Scenario: a case of a longer id
    Given a conformant answer

  @case.DEMO-BROKEN
  Scenario: a non-conformant case
    Given an answer that breaks the document
"""

STEPS = """\
from pytest_bdd import given, scenarios

from harness.verdict import NonConformance

scenarios("tiny.feature")


@given("a conformant answer")
def a_conformant_answer():
    pass


@given("an answer that breaks the document")
def an_answer_that_breaks_the_document():
    raise NonConformance("the edge answered twice", details="answers: 2, expected 1")
"""


@pytest.fixture
def tiny_suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".feature", tiny=FEATURE)
    pytester.makepyfile(test_tiny=STEPS)
    return pytester


def summary_of(pytester: pytest.Pytester) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((pytester.path / "summary.json").read_text(encoding="utf-8"))
    return loaded


def test_the_summary_holds_every_case_with_its_grade_and_reason(tiny_suite: pytest.Pytester) -> None:
    result = tiny_suite.runpytest("-p", "no:cacheprovider", "--edgeconform-summary-json=summary.json")
    result.assert_outcomes(passed=2, failed=1)
    summary = summary_of(tiny_suite)
    grades = {case["id"]: case["grade"] for case in summary["cases"]}
    assert grades == {"DEMO-NAME": "PASS", "DEMO-NAMESPACE": "PASS", "DEMO-BROKEN": "FAIL"}
    broken = next(case for case in summary["cases"] if case["id"] == "DEMO-BROKEN")
    assert broken["reason"] == "the edge answered twice"
    assert summary["counts"] == {"total": 3, "passed": 2, "failed": 1, "skipped": 0}
    assert summary["exit_status"] == 1 and summary["complete"] is True


def test_a_verdict_is_reported_by_its_reason_and_details_without_a_traceback(tiny_suite: pytest.Pytester) -> None:
    result = tiny_suite.runpytest("-p", "no:cacheprovider")
    output = result.stdout.str()
    assert "the edge answered twice" in output and "answers: 2, expected 1" in output
    assert "raise NonConformance" not in output and "Traceback" not in output


def test_k_selects_a_case_by_its_id_exactly_not_by_substring(tiny_suite: pytest.Pytester) -> None:
    result = tiny_suite.runpytest("-p", "no:cacheprovider", "-k", "DEMO-NAME",
                                  "--edgeconform-summary-json=summary.json")
    result.assert_outcomes(passed=1, deselected=2)
    summary = summary_of(tiny_suite)
    assert [case["id"] for case in summary["cases"]] == ["DEMO-NAME"]
    assert summary["options"]["selection"] == "DEMO-NAME"


def test_k_with_a_pattern_selects_every_case_it_names(tiny_suite: pytest.Pytester) -> None:
    result = tiny_suite.runpytest("-p", "no:cacheprovider", "-k", "DEMO-NAME* and not DEMO-BROKEN")
    result.assert_outcomes(passed=2, deselected=1)


def test_k_naming_no_case_is_a_usage_error(tiny_suite: pytest.Pytester) -> None:
    result = tiny_suite.runpytest("-p", "no:cacheprovider", "-k", "DEMO-NOWHERE")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "DEMO-NOWHERE names no case id or rule id" in result.stderr.str()


def test_a_scenario_tag_is_a_marker_even_with_strict_markers(tiny_suite: pytest.Pytester) -> None:
    result = tiny_suite.runpytest("-p", "no:cacheprovider", "--strict-markers", "-m", "case.DEMO-BROKEN")
    result.assert_outcomes(failed=1, deselected=2)


@pytest.mark.parametrize(("option", "words"), [
    ("--edgeconform-answer-timeout=0", "edgeconform: --edgeconform-answer-timeout must be above 0"),
    ("--edgeconform-fail-on=SOMETIMES", "edgeconform: --edgeconform-fail-on: grades are"),
    ("--edgeconform-edge-listen=9000", "edgeconform: --edgeconform-edge-listen: expected HOST:PORT"),
])
def test_a_bad_option_is_one_usage_error_before_any_case_runs(tiny_suite: pytest.Pytester, option: str,
                                                              words: str) -> None:
    result = tiny_suite.runpytest("-p", "no:cacheprovider", option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert words in result.stderr.str()
    assert "passed" not in result.stdout.str()


def test_an_unrelated_suite_sees_nothing_of_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_arithmetic="def test_arithmetic():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1)
    lines = (result.stdout.lines + result.stderr.lines)
    assert [line for line in lines if "edgeconform" in line and not line.startswith("plugins:")] == []
    assert not (pytester.path / "summary.json").exists()


def test_the_plugin_options_are_listed_under_its_own_group(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    help_text = result.stdout.str()
    assert "edgeconform certification:" in help_text and "--edgeconform-answer-timeout=SECONDS" in help_text
    assert "edgeconform controller certification" in help_text and "--edgeconform-idle=SECONDS" in help_text
