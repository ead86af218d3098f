"""Running a certification suite (pytest + the edgeconform plugin) from the command line.

Shared by ``certify-edge`` and ``certify-controller``: the report directory layout
(``junit.xml``, ``allure-results/``, ``summary.json``), the mapping of pytest's exit
codes to the commands' contract, and the closing lines printed for people.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import signal
import sys
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import outcome
from harness.resources import ResourceError, data_path


def default_report_dir() -> Path:
    """``reports/<UTC timestamp>/`` under the current directory."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("reports") / stamp


@dataclass(frozen=True)
class SuiteResult:
    exit_code: int
    summary: dict[str, Any]
    report_dir: Path


def failed_case_ids(summary_path: Path) -> list[str] | None:
    """The ids of the cases a previous run failed (None when the summary cannot be read)."""
    summary = _read(summary_path)
    if "cases" not in summary:
        return None
    return [c["id"] for c in summary["cases"] if c.get("outcome") == "failed"]


class _UsageErrors:
    """Catches a usage error the plugin finds in the selection (``-k`` naming no case, ``-m`` matching
    none) and ends the session quietly, so the command says it in its own one line. (pytest is
    imported when a suite runs, not when the command line is read.)"""

    def __init__(self) -> None:
        self.message: str | None = None

    def plugin(self) -> object:
        """The pytest plugin that catches the usage error into :attr:`message`."""
        import pytest

        errors = self

        class Catcher:
            def _stop(self, exc: pytest.UsageError) -> None:
                errors.message = str(exc)
                pytest.exit(errors.message, returncode=pytest.ExitCode.USAGE_ERROR)

            @pytest.hookimpl(wrapper=True)
            def pytest_collection_modifyitems(self) -> Generator[None, None, None]:
                try:
                    return (yield)
                except pytest.UsageError as exc:
                    self._stop(exc)

            @pytest.hookimpl(wrapper=True)
            def pytest_collection_finish(self) -> Generator[None, None, None]:
                try:
                    return (yield)
                except pytest.UsageError as exc:
                    self._stop(exc)

        return Catcher()


def run_suite(suite: str, options: list[str], report_dir: Path, *, selection: str | None = None,
              markers: str | None = None, fail_on: frozenset[str] = frozenset({"FAIL"}),
              prog: str = "edgeconform") -> SuiteResult:
    """Run ``features/<suite>`` in this process with ``options`` and write the report into ``report_dir``.

    Exit code contract (harness/outcome.py): 0 when no case got a grade in ``fail_on`` (default:
    FAIL only), 1 when one did, 2 usage error (including a selection that matches no case) or no
    peer reached, 130 interrupted. The plugin writes the same code into summary.json
    (``exit_status``), junit.xml and the Allure environment; this returns it.
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
        "-p", "no:terminal", "--edgeconform-progress", "-W", "ignore::DeprecationWarning",
        f"--edgeconform-fail-on={','.join(sorted(fail_on))}", *options,
    ]
    if selection:
        args += ["-k", selection]
    if markers:
        args += ["-m", markers]
    import pytest

    usage = _UsageErrors()
    with _signals_as_interrupt():
        code = int(pytest.main(args, plugins=[usage.plugin()]))
    if usage.message is not None:
        print(f"{prog}: error: {usage.message}", file=sys.stderr, flush=True)
        return SuiteResult(2, _read(summary_path), report_dir)
    summary = _read(summary_path)
    recorded = summary.get("exit_status")
    if isinstance(recorded, int):
        code = recorded
    else:  # no summary (the run ended before the plugin could write it)
        code = outcome.exit_code(code, interrupted=False, peer_reached=None, grades=(), fail_on=fail_on)
    _print_closing_lines(summary, report_dir, code, fail_on)
    return SuiteResult(code, summary, report_dir)


@contextlib.contextmanager
def _signals_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C: pytest then still writes junit.xml, summary.json and the
    Allure results of the cases done, marked as interrupted (no result is lost). Both go through
    the plugin's gate, which lets a case that has ended reach every report first."""
    from harness.plugin import INTERRUPT_GATE

    previous = {signum: signal.signal(signum, INTERRUPT_GATE.handler) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _read(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _print_closing_lines(summary: dict[str, Any], report_dir: Path, code: int, fail_on: frozenset[str]) -> None:
    """For people: no peer reached (first), the cases that decide the exit code, counts, coverage and
    the verdict with the exit code, all on stdout, in that order."""
    counts = summary.get("counts", {})
    grades = summary.get("grades", {})
    peer = "controller" if summary.get("suite") == "controller" else "edge"
    if summary.get("peer_reached") is False:
        error = summary.get("peer_error", "unknown reason")
        print(f"edgeconform: no peer reached (no {peer}): {error}; no case was judged")
    reached = summary.get("peer_reached") is not False
    tripped = [c for c in summary.get("cases", [])
               if c.get("grade") in fail_on or c.get("grade") == outcome.ERROR_GRADE] if reached else []
    for case in tripped[:30]:
        print(f"  {case.get('grade', 'FAIL'):<13} {case['id']}: {case.get('reason', '')}")
    if len(tripped) > 30:
        print(f"  … and {len(tripped) - 30} more (summary.json lists them all)")
    if counts:
        graded = ", ".join(f"{n} {g}" for g, n in grades.items() if n)
        errors = int(grades.get(outcome.ERROR_GRADE, 0))
        failed = int(counts.get("failed", 0)) - errors
        total = int(counts.get("total", 0))
        print(f"edgeconform: {total} case{'' if total == 1 else 's'}: {counts.get('passed', 0)} passed, "
              f"{failed} failed, {errors} errors, {counts.get('skipped', 0)} skipped "
              f"({summary.get('profile', 'strict')} profile){'; grades: ' + graded if graded else ''}")
    if summary.get("interrupted"):
        print(f"edgeconform: interrupted after {counts.get('total', 0)} of {summary.get('collected', 0)} cases; "
              "the reports hold the cases finished")
    if "coverage" in summary and reached:
        print(f"edgeconform: {summary['coverage'].get('line', '')}")
    if code == outcome.NOT_CONFORMANT and tripped and not any(c.get("outcome") == "failed" for c in tripped):
        print(f"edgeconform: --fail-on {','.join(sorted(fail_on))}: {len(tripped)} case(s) above tripped it")
    print(f"edgeconform: {outcome.verdict(code)}; report in {report_dir}/ (junit.xml, allure-results/, summary.json); "
          f"exit {code}", flush=True)
