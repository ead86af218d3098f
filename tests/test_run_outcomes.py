"""What a certification run prints, writes and exits with is true and the same everywhere (issue 12):
usage errors are one line naming the option before any case runs; one exit code in the console,
summary.json and junit.xml; an interrupted or peer-less run says so; selections are exact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("args", "option"), [
    (["--listen", "9000"], "--listen"),
    (["--listen", "127.0.0.1:99999"], "--listen"),
    (["--connect", "http://edge.lab:9000/websocket/n/events"], "--connect"),
    (["--connect", "ws://edge.lab:99999/websocket/n/events"], "--connect"),
    (["--reference", "--timeout", "0"], "--timeout"),
    (["--listen", "127.0.0.1:0", "--wait", "0"], "--wait"),
], ids=["port-without-host", "port-out-of-range", "not-a-websocket-url", "url-port-out-of-range", "timeout-0",
        "wait-0"])
def test_a_bad_address_or_timeout_is_one_usage_line_naming_the_option_before_any_case(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], option: str) -> None:
    report = tmp_path / "report"
    assert main(["certify-edge", *args, "--report-dir", str(report)]) == 2
    out, err = capsys.readouterr()
    lines = (out + err).strip().splitlines()
    assert len(lines) == 1, lines
    assert option in lines[0] and lines[0].startswith("edgeconform certify-edge: error:")
    assert not report.exists(), "no case ran, no report was started"


def test_a_bad_controller_address_is_one_usage_line_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certify-controller", "--listen", "9000"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "--listen" in lines[0]


def test_plain_pytest_with_a_bad_edge_address_stops_before_any_case(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(ROOT / "features" / "edge"),
                          "--edge-listen", "9000", f"--junitxml={tmp_path / 'junit.xml'}"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False)
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout[-2000:] + run.stderr[-2000:]
    assert "--edge-listen" in run.stderr and "expected HOST:PORT" in run.stderr
    assert "passed" not in run.stdout and "failed" not in run.stdout
