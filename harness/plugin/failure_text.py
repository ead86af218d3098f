"""Failure text: a case failed by a :class:`~harness.verdict.NonConformance` is reported by its
reason and details alone (no traceback), and a case's one-line reason for summary.json."""

from __future__ import annotations

import pytest

from harness.verdict import NonConformance


def verdict_text(verdict: NonConformance) -> str:
    """The report of a verdict: its reason, then its details."""
    return f"{verdict.reason}\n{verdict.details}".rstrip()


def verdict_report(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport | None:
    """The report of a case a :class:`NonConformance` failed, without pytest's traceback formatting
    (which parses each file of the traceback again: about 0.1 s a failed case); ``None`` otherwise."""
    excinfo = call.excinfo
    if excinfo is None or not isinstance(excinfo.value, NonConformance) or call.when == "collect":
        return None
    sections = [(f"Captured {when} {key}", content) for when, key, content in item._report_sections]
    return pytest.TestReport(item.nodeid, item.location, dict.fromkeys(item.keywords, 1), "failed",
                             verdict_text(excinfo.value), call.when, sections, call.duration,
                             call.start, call.stop, item.user_properties)


def one_line(error: BaseException) -> str:
    """A failed case's reason from its exception: a verdict's reason, pytest.fail's text, else the error."""
    if isinstance(error, NonConformance):
        return error.reason
    if isinstance(error, pytest.fail.Exception):  # pytest.fail(reason): the reason, not "Failed: reason"
        return (str(error.msg or "").strip().splitlines() or ["failed"])[0]
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def one_line_of_report(report: pytest.TestReport) -> str:
    """A failed case's reason from its report (the last line of its longrepr)."""
    text = str(report.longrepr or "").strip().splitlines()
    return text[-1] if text else "failed"


def skip_reason(report: pytest.TestReport) -> str:
    """Why a case was skipped, without pytest's ``Skipped:`` prefix."""
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "")
