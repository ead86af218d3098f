"""Running a certification suite (pytest + the edgeconform plugin) from the command line.

Shared by ``certify-edge`` and ``certify-controller``: the report directory layout
(``junit.xml``, ``allure-results/``, ``summary.json``), the mapping of pytest's exit
codes to the commands' contract, and the closing lines printed for people.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness.plugin import INTERRUPT_GATE
from harness.resources import ResourceError, data_path

#: TLS and credential values handed to a suite as ``--edgeconform-tls-*`` / ``--edgeconform-auth-*`` plugin options
#: (files and variable names only: a password never travels on a command line).
SECURITY_OPTIONS = ("tls_ca", "tls_cert", "tls_key", "tls_client_ca", "tls_insecure", "auth_user",
                    "auth_password_file", "auth_password_env")


def security_plugin_options(args: argparse.Namespace) -> list[str]:
    """The plugin options for the TLS/credential arguments a command was given."""
    out: list[str] = []
    for name in SECURITY_OPTIONS:
        value = getattr(args, name, None)
        if value is True:
            out.append(f"--edgeconform-{name.replace('_', '-')}")
        elif value not in (None, False):
            out.append(f"--edgeconform-{name.replace('_', '-')}={value}")
    return out


def default_report_dir() -> Path:
    """``reports/<UTC timestamp>/`` under the current directory."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("reports") / stamp


@dataclass(frozen=True)
class SuiteResult:
    exit_code: int
    summary: dict[str, Any]
    report_dir: Path


GRADE_CHOICES = ("FAIL", "NON-STRICT", "INFORMATIONAL")


def parse_fail_on(text: str) -> frozenset[str]:
    """``--fail-on FAIL,NON-STRICT`` -> the grades that make the exit code 1."""
    grades = frozenset(g.strip().upper() for g in text.split(",") if g.strip())
    unknown = grades - set(GRADE_CHOICES)
    if unknown or not grades:
        raise argparse.ArgumentTypeError(f"grades are {', '.join(GRADE_CHOICES)}; got {text!r}")
    return grades


def failed_case_ids(summary_path: Path) -> list[str] | None:
    """The ids of the cases a previous run failed (None when the summary cannot be read)."""
    summary = _read(summary_path)
    if "cases" not in summary:
        return None
    return [c["id"] for c in summary["cases"] if c.get("outcome") == "failed"]


def run_suite(suite: str, options: list[str], report_dir: Path, *, selection: str | None = None,
              markers: str | None = None, fail_on: frozenset[str] = frozenset({"FAIL"})) -> SuiteResult:
    """Run ``features/<suite>`` in this process with ``options`` and write the report into ``report_dir``.

    Exit code contract: 0 when no case got a grade in ``fail_on`` (default: FAIL only),
    1 when one did, 2 usage error (including a selection that matches no case) or no
    peer reached, 130 interrupted.
    """
    try:
        suite_dir = data_path(f"features/{suite}")
    except ResourceError as exc:
        print(f"edgeconform: {exc}", file=sys.stderr)
        return SuiteResult(2, {}, report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    summary_path = report_dir / "summary.json"
    args = [
        str(suite_dir), "-p", "no:cacheprovider", "--rootdir", str(data_path()),
        f"--junitxml={report_dir / 'junit.xml'}", "-o", "junit_family=xunit2", "-o", "junit_suite_name=edgeconform",
        f"--alluredir={report_dir / 'allure-results'}", f"--edgeconform-summary-json={summary_path}",
        "-p", "no:terminal", "--edgeconform-progress", "-W", "ignore::DeprecationWarning", *options,
    ]
    if selection:
        args += ["-k", selection]
    if markers:
        args += ["-m", markers]
    with _signals_as_interrupt():
        code = int(pytest.main(args))
    if code == pytest.ExitCode.INTERRUPTED:
        _drop_unnamed_testcases(report_dir / "junit.xml")
    summary = _read(summary_path)
    if summary.get("peer_reached") is False:
        code = 2
    elif code == pytest.ExitCode.INTERRUPTED:
        code = 130
    elif code in (pytest.ExitCode.NO_TESTS_COLLECTED, pytest.ExitCode.USAGE_ERROR,
                  pytest.ExitCode.INTERNAL_ERROR):
        code = 2
    elif code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) and "grades" in summary:
        code = 1 if any(c.get("grade") in fail_on for c in summary.get("cases", [])) else 0
    elif code != 0:
        code = 1
    _print_closing_lines(summary, report_dir, code)
    return SuiteResult(code, summary, report_dir)


@contextlib.contextmanager
def _signals_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C: pytest then still writes junit.xml, summary.json and the
    Allure results of the cases done, marked as interrupted (no result is lost). Both go through
    the plugin's gate, which lets a case that has ended reach every report first."""
    previous = {signum: signal.signal(signum, INTERRUPT_GATE.handler) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _drop_unnamed_testcases(junit: Path) -> None:
    """pytest leaves an empty, nameless ``<testcase/>`` for the case a signal cut short: remove it
    (the summary has the cases done; junit.xml must list only those)."""
    import xml.etree.ElementTree as ElementTree

    try:
        tree = ElementTree.parse(junit)
    except (OSError, ElementTree.ParseError):
        return
    changed = False
    for suite in tree.getroot().iter("testsuite"):
        for case in list(suite.findall("testcase")):
            if not case.get("name"):
                suite.remove(case)
                suite.set("tests", str(max(0, int(suite.get("tests", "1")) - 1)))
                changed = True
    if changed:
        tree.write(junit, encoding="utf-8", xml_declaration=True)


def _read(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _print_closing_lines(summary: dict[str, Any], report_dir: Path, code: int) -> None:
    counts = summary.get("counts", {})
    if summary.get("peer_reached") is False:
        print(f"edgeconform: no peer reached: {summary.get('peer_error', 'unknown reason')}", file=sys.stderr)
    reached = summary.get("peer_reached") is not False
    failures = [c for c in summary.get("cases", []) if c.get("outcome") == "failed"] if reached else []
    for case in failures[:30]:
        print(f"  {case.get('grade', 'FAIL'):<13} {case['id']}: {case.get('reason', '')}")
    if len(failures) > 30:
        print(f"  … and {len(failures) - 30} more failed cases (summary.json lists them all)")
    if counts:
        grades = summary.get("grades", {})
        graded = ", ".join(f"{n} {g}" for g, n in grades.items() if n)
        print(f"edgeconform: {counts.get('total', 0)} cases: {counts.get('passed', 0)} passed, "
              f"{counts.get('failed', 0)} failed, {counts.get('skipped', 0)} skipped "
              f"({summary.get('profile', 'strict')} profile){'; grades: ' + graded if graded else ''}")
    if "coverage" in summary:
        print(f"edgeconform: {summary['coverage'].get('line', '')}")
    verdict = {0: "CONFORMANT", 1: "NOT CONFORMANT", 130: "INTERRUPTED"}.get(code, "NOT JUDGED")
    print(f"edgeconform: {verdict}; report in {report_dir}/ (junit.xml, allure-results/, summary.json)")
