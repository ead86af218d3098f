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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
FEATURES = REPOSITORY / "features"


def default_report_dir() -> Path:
    """``reports/<UTC timestamp>/`` under the current directory."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("reports") / stamp


@dataclass(frozen=True)
class SuiteResult:
    exit_code: int
    summary: dict[str, Any]
    report_dir: Path


def run_suite(suite: str, options: list[str], report_dir: Path, *, selection: str | None = None,
              markers: str | None = None, quiet: bool = True) -> SuiteResult:
    """Run ``features/<suite>`` in this process with ``options`` and write the report into ``report_dir``.

    Exit code contract: 0 every case passed, 1 at least one failed, 2 usage error
    (including a selection that matches no case) or no peer reached, 130 interrupted.
    """
    suite_dir = FEATURES / suite
    if not suite_dir.is_dir():
        print(f"edgeconform: the {suite} suite is not at {suite_dir} (install edgeconform from its source tree: "
              "pip install -e .)", file=sys.stderr)
        return SuiteResult(2, {}, report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    summary_path = report_dir / "summary.json"
    args = [
        str(suite_dir), "-p", "no:cacheprovider", "--rootdir", str(REPOSITORY),
        f"--junitxml={report_dir / 'junit.xml'}", "-o", "junit_family=xunit2", "-o", "junit_suite_name=edgeconform",
        f"--alluredir={report_dir / 'allure-results'}", f"--summary-json={summary_path}",
        "--tb=line", "-q" if quiet else "-v", "-rf", "-W", "ignore::DeprecationWarning", *options,
    ]
    if selection:
        args += ["-k", selection]
    if markers:
        args += ["-m", markers]
    with _sigterm_as_interrupt():
        code = int(pytest.main(args))
    summary = _read(summary_path)
    if summary.get("peer_reached") is False:
        code = 2
    elif code == pytest.ExitCode.INTERRUPTED:
        code = 130
    elif code in (pytest.ExitCode.NO_TESTS_COLLECTED, pytest.ExitCode.USAGE_ERROR,
                  pytest.ExitCode.INTERNAL_ERROR):
        code = 2
    elif code != 0:
        code = 1
    _print_closing_lines(summary, report_dir, code)
    return SuiteResult(code, summary, report_dir)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C: pytest then still writes junit.xml and summary.json
    for the cases done, marked as interrupted (no result is lost)."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
    if counts:
        print(f"edgeconform: {counts.get('total', 0)} cases: {counts.get('passed', 0)} passed, "
              f"{counts.get('failed', 0)} failed, {counts.get('skipped', 0)} skipped "
              f"({summary.get('profile', 'strict')} profile)")
    verdict = {0: "CONFORMANT", 1: "NOT CONFORMANT", 130: "INTERRUPTED"}.get(code, "NOT JUDGED")
    print(f"edgeconform: {verdict}; report in {report_dir}/ (junit.xml, allure-results/, summary.json)")
