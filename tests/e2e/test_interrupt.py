"""No lost results: a certification stopped by SIGTERM (a CI job cancelled) or SIGINT (Ctrl-C)
exits 130 and leaves junit.xml, summary.json and the Allure results of every case it finished,
the run marked interrupted and not complete."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

CASES_BEFORE_THE_SIGNAL = 5


def _summary(path: Path) -> dict[str, Any] | None:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not written yet, or being replaced
        return None
    return loaded if isinstance(loaded, dict) else None


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_run_exits_130_and_keeps_every_finished_case_in_every_report(
        tmp_path: Path, signum: signal.Signals) -> None:
    report = tmp_path / "report"
    run = subprocess.Popen([sys.executable, "-m", "harness.cli", "certify-edge", "--reference", "--rate", "20",
                            "--report-dir", str(report)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and run.poll() is None:
            summary = _summary(report / "summary.json")
            if summary is not None and summary["counts"]["total"] >= CASES_BEFORE_THE_SIGNAL:
                break
            time.sleep(0.05)
        assert run.poll() is None, "the run ended before it could be interrupted"
        run.send_signal(signum)
        output, _ = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(10)

    assert run.returncode == 130, output[-3000:]
    assert "Traceback" not in output and "INTERRUPTED" in output
    summary = _summary(report / "summary.json")
    assert summary is not None
    assert summary["interrupted"] is True and summary["complete"] is False
    cases = summary["cases"]
    assert len(cases) == summary["counts"]["total"] >= CASES_BEFORE_THE_SIGNAL
    assert summary["counts"]["total"] < 400, "the run was stopped well before its end"
    assert all(case["outcome"] in ("passed", "failed", "skipped") for case in cases)

    junit = ET.parse(report / "junit.xml").getroot()  # parses: written whole, not cut off
    named = [name for tc in junit.iter("testcase") if (name := tc.get("name"))]
    assert sorted(named) == sorted(case["id"] for case in cases), \
        "junit.xml and summary.json hold the same cases"
    # pytest leaves an empty <testcase/> for the test the signal cut short; the runner removes it
    assert sum(1 for tc in junit.iter("testcase") if not tc.get("name")) == 0
    suite = junit.find("testsuite")
    assert suite is not None and suite.get("tests") == str(len(named)), "tests= counts the testcases listed"
    properties = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert properties["edgeconform.interrupted"] == "true" and properties["edgeconform.exit_status"] == "130"
    assert summary["exit_status"] == 130 and summary["verdict"] == "INTERRUPTED"
    assert f"interrupted after {len(cases)} of " in output
    results = [json.loads(p.read_text()) for p in (report / "allure-results").glob("*-result.json")]
    assert len(results) >= len(cases), "the Allure results of the finished cases are kept"


#: A plugin that plants the race: the signal lands in the teardown of the third case, after
#: summary.json has recorded it and before allure-pytest-bdd writes its result.
SIGNAL_IN_TEARDOWN = '''
import os
import signal

_ENDED = []


def pytest_runtest_teardown(item, nextitem):
    _ENDED.append(item.nodeid)
    if len(_ENDED) == 3:
        os.kill(os.getpid(), int(os.environ["EDGECONFORM_TEST_SIGNAL"]))
'''


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_a_case_teardown_is_held_until_the_case_is_in_every_report(
        tmp_path: Path, signum: signal.Signals) -> None:
    (tmp_path / "signal_in_teardown.py").write_text(SIGNAL_IN_TEARDOWN, encoding="utf-8")
    report = tmp_path / "report"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
           "PYTEST_PLUGINS": "signal_in_teardown", "EDGECONFORM_TEST_SIGNAL": str(int(signum))}
    run = subprocess.run([sys.executable, "-m", "harness.cli", "certify-edge", "--reference", "--rate", "0",
                          "--report-dir", str(report)], capture_output=True, text=True, env=env, timeout=120)

    assert run.returncode == 130, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Traceback" not in run.stdout + run.stderr
    summary = _summary(report / "summary.json")
    assert summary is not None and summary["interrupted"] is True
    assert summary["counts"]["total"] == 3, "the case whose teardown was signalled is finished and kept"
    names = sorted(json.loads(p.read_text())["name"] for p in (report / "allure-results").glob("*-result.json"))
    assert len(names) == 3, f"every case in summary.json has its Allure result: {names}"
    junit = ET.parse(report / "junit.xml").getroot()
    assert sum(1 for tc in junit.iter("testcase") if tc.get("name")) == 3
