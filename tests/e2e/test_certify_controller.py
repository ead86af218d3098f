"""Self-tests of controller certification: the reference controller passes ``certify-controller``
in both dial directions, every planted broken-controller behaviour is failed by a case naming its
rule (or its session check), and in every run the reference controller judges the fake edge's
answers conformant. The CLI runs in a subprocess, as a vendor's CI runs it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.roles.controller_defects import ControllerDefect
from harness.roles.reference_controller import ReferenceController
from tests.support import run_certify

PASSWORD = "correct-horse-battery-staple-7f3a"
QUICK: dict[str, Any] = {"rate": 0, "boundaries": False, "spec_maximal": False, "silence_s": 0.2}
SESSION_CASES = ("CTRL-SESSION-POD-UPDATE-RECEIVED", "CTRL-SESSION-UNIQUE-MSG-IDS", "CTRL-SESSION-ONLY-JSON",
                 "CTRL-SESSION-HANDLES-ANSWERS")


def certify_command(report: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "harness.cli", "certify-controller", "--report-dir", str(report), *args]


def certify(tmp_path: Path, *args: str, timeout: float = 60) -> tuple[int, dict[str, Any], str]:
    return run_certify("certify-controller", tmp_path / "report", *args, timeout=timeout)


def failed(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in summary["cases"] if c["outcome"] == "failed"}


def report_text(directory: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in directory.rglob("*") if p.is_file())


def test_the_reference_controller_passes_when_the_fake_edge_dials_it(tmp_path: Path) -> None:
    password_file = tmp_path / "edge.password"
    password_file.write_text(PASSWORD + "\n")
    with ReferenceController.start_listening(rate=0) as controller:
        code, summary, output = certify(tmp_path, "--connect", controller.url, "--idle", "1",
                                        "--user", "edge", "--password-file", str(password_file),
                                        "--header", "SerialNumber=2102-TEST")
        answers = controller.wait(10)
    assert code == 0, output[-3000:]
    messages = summary["target"]["messages"]
    assert messages == answers.planned > 100 and summary["target"]["ended_by"] == "controller"
    assert summary["complete"] and summary["counts"] == {"total": messages + 4, "passed": messages + 4,
                                                         "failed": 0, "skipped": 0}
    ids = [c["id"] for c in summary["cases"]]
    assert ids[0] == "CTRL-MSG-0001" and ids[messages - 1] == f"CTRL-MSG-{messages:04d}"
    assert set(ids[messages:]) == set(SESSION_CASES)
    testcases = ET.parse(tmp_path / "report" / "junit.xml").getroot().iter("testcase")
    assert sum(1 for _ in testcases) == messages + 4
    results = sorted((tmp_path / "report" / "allure-results").glob("*-result.json"))
    assert len(results) == messages + 4
    # Read by case and small: titled by case id, no step parameters (a message fixture's repr put the
    # 4.7 MB spec-maximal message in every step: an 80 MB report), the whole results a few MB.
    loaded = [json.loads(path.read_text()) for path in results]
    assert {r["name"].split(":")[0] for r in loaded} == set(ids)
    assert not [s for r in loaded for s in r.get("steps", []) if s.get("parameters")]
    assert sum(p.stat().st_size for p in (tmp_path / "report" / "allure-results").iterdir()) < 10_000_000
    headers = summary["target"]["handshake"]["headers"]
    assert headers["DevMgmtType"] == "AtlasEdge" and headers["SerialNumber"] == "2102-TEST"
    assert headers["Authorization"] == "Basic <redacted>"
    assert PASSWORD not in output and PASSWORD not in report_text(tmp_path / "report")
    assert answers.conformant, answers.verdict_line()


def test_the_reference_controller_passes_when_it_dials_the_fake_edge(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    report = tmp_path / "report"
    fake_edge = subprocess.Popen(certify_command(report, "--listen", "127.0.0.1:0", "--idle", "10"),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert fake_edge.stderr is not None
        first = fake_edge.stderr.readline()
        assert "fake edge listening on ws://127.0.0.1:" in first, first
        url = first.split("listening on ", 1)[1].split(" ", 1)[0]
        controller = subprocess.run([sys.executable, "-m", "harness.cli", "serve-controller", "--connect", url,
                                     "--rate", "0"], capture_output=True, text=True, timeout=60, check=False)
        out, err = fake_edge.communicate(timeout=60)
    finally:
        if fake_edge.poll() is None:
            fake_edge.kill()
    assert fake_edge.returncode == 0, (out + err)[-3000:]
    assert controller.returncode == 0 and "CONFORMANT: all" in controller.stdout, controller.stdout[-2000:]
    summary = json.loads((report / "summary.json").read_text())
    assert summary["target"]["mode"] == "listen" and summary["counts"]["failed"] == 0
    assert summary["target"]["messages"] > 100 and "Traceback" not in out + err


@pytest.mark.parametrize("defect", list(ControllerDefect), ids=str)
def test_a_broken_controller_fails_with_a_case_naming_its_rule(tmp_path: Path, defect: ControllerDefect) -> None:
    with ReferenceController.start_listening(defects=[defect], **QUICK) as controller:
        code, summary, output = certify(tmp_path, "--connect", controller.url, "--idle", "1")
        answers = controller.wait(10)
    assert code == 1, output[-3000:]
    failures = failed(summary)
    rule, session_case = defect.info.rule, defect.info.session_case
    if rule is not None:
        naming = [c for c in failures.values() if rule in c["rules"] and c["reason"].startswith(f"{rule}")]
        assert naming, f"no failed case names {rule}: {failures}"
    if session_case is not None:
        assert session_case in failures, failures
    assert all(c["reason"] for c in failures.values())
    assert answers.answers_conform, [r.line(answers.planned) for r in answers.results]


def test_a_controller_that_cannot_be_reached_exits_2_with_a_summary(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, summary, output = certify(tmp_path, "--connect", f"ws://127.0.0.1:{port}/websocket/n/events", "--idle", "1")
    assert code == 2, output
    assert summary["peer_reached"] is False and "cannot connect" in summary["peer_error"]
    assert "no peer reached" in output


@pytest.mark.parametrize("argv", [
    [],
    ["--connect", "ws://127.0.0.1:1/websocket/n/events", "--listen", "127.0.0.1:0"],
    ["--connect", "http://127.0.0.1:1/websocket/n/events"],
    ["--listen", "nowhere"],
    ["--listen", "127.0.0.1:0", "--idle", "0"],
    ["--listen", "127.0.0.1:0", "--header", "no equals sign"],
    ["--listen", "127.0.0.1:0", "--user", "edge"],
    ["--listen", "127.0.0.1:0", "--user", "edge", "--password-file", "/nonexistent/edge.password"],
    ["--listen", "127.0.0.1:0", "--profile", "loose"],
])
def test_a_usage_error_exits_2_with_a_reason_and_no_traceback(argv: list[str],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certify-controller", *argv]) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err
