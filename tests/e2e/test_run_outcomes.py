"""What a certification run prints, writes and exits with is true and the same everywhere (issue 12):
usage errors are one line naming the option before any case runs; one exit code in the console,
summary.json and junit.xml; an interrupted or peer-less run says so; selections are exact."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.roles.reference_controller import ReferenceController
from harness.selection import SelectionError, compile_selection, names_of, unknown_words
from tests.support import run_certify

ROOT = Path(__file__).resolve().parents[2]


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
                          "--edgeconform-edge-listen", "9000", f"--junitxml={tmp_path / 'junit.xml'}"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False)
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout[-2000:] + run.stderr[-2000:]
    assert "--edgeconform-edge-listen" in run.stderr and "expected HOST:PORT" in run.stderr
    assert "passed" not in run.stdout and "failed" not in run.stdout


# --- one exit code everywhere; junit names cases by id (findings 2 and 10) --------------------------------------


def certify(report: Path, command: str, *args: str, timeout: float = 180,
            env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    return run_certify(command, report, *args, timeout=timeout, env=env)


def junit_root(report: Path) -> ET.Element:
    return ET.parse(report / "junit.xml").getroot()


def junit_properties(report: Path) -> dict[str, str]:
    suite = junit_root(report).find("testsuite")
    assert suite is not None
    return {p.get("name", ""): p.get("value", "") for p in suite.findall("properties/property")}


def allure_environment(report: Path) -> dict[str, str]:
    text = (report / "allure-results" / "environment.properties").read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


@pytest.fixture(scope="module")
def broken_edge_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any], str, Path]:
    report = tmp_path_factory.mktemp("broken") / "report"
    code, summary, output = certify(report, "certify-edge", "--reference", "--defect", "accepts-name-of-129",
                                    "--rate", "0", "-k", "META-NAME")
    return code, summary, output, report


def test_a_not_conformant_run_records_exit_1_in_the_console_summary_junit_and_allure(
        broken_edge_run: tuple[int, dict[str, Any], str, Path]) -> None:
    code, summary, output, report = broken_edge_run
    assert code == 1, output[-2000:]
    assert summary["exit_status"] == 1 and summary["verdict"] == "NOT CONFORMANT"
    assert summary["interrupted"] is False and summary["peer_reached"] is True and summary["complete"] is True
    assert junit_properties(report)["edgeconform.exit_status"] == "1"
    assert junit_properties(report)["edgeconform.interrupted"] == "false"
    assert allure_environment(report)["edgeconform.exit_status"] == "1"
    assert output.rstrip().endswith("exit 1") and "NOT CONFORMANT" in output


def test_junit_names_each_case_by_its_id_and_its_failure_gives_the_reproducer(
        broken_edge_run: tuple[int, dict[str, Any], str, Path]) -> None:
    _, summary, _, report = broken_edge_run
    root = junit_root(report)
    assert root.get("name") == "edgeconform" and root.find("testsuite").get("name") == "edgeconform"  # type: ignore[union-attr]
    names = sorted(tc.get("name", "") for tc in root.iter("testcase"))
    assert names == sorted(case["id"] for case in summary["cases"])
    case = next(tc for tc in root.iter("testcase") if tc.get("name") == "META-NAME.a-name-of-129-characters")
    failure = case.find("failure")
    assert failure is not None
    assert 'answered "OK"' in failure.get("message", "")
    assert failure.get("message", "").count("reproduce:") == 1  # one reproducer, not "reproduce: ; reproduce: ..."
    assert "; reproduce: edgeconform " in failure.get("message", "")
    assert "--case META-NAME.a-name-of-129-characters" in failure.get("message", "")


def test_a_selection_matching_nothing_records_exit_2_in_the_summary_too(tmp_path: Path) -> None:
    code, summary, output = certify(tmp_path / "report", "certify-edge", "--reference", "-m", "rule.NO-SUCH-RULE")
    assert code == 2
    lines = output.strip().splitlines()
    assert len(lines) == 1 and "-m 'rule.NO-SUCH-RULE' matches no case" in lines[0], lines
    assert summary["exit_status"] == 2 and summary["verdict"] == "NOT JUDGED"
    assert junit_properties(tmp_path / "report")["edgeconform.exit_status"] == "2"


# --- a run that reaches no peer: one error, one verdict, for both suites (finding 3) ----------------------------


@pytest.mark.parametrize("command", ["certify-edge", "certify-controller"])
def test_a_run_that_reaches_no_peer_is_one_error_and_one_verdict_not_failures(tmp_path: Path, command: str) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    report = tmp_path / "report"
    code, summary, output = certify(report, command, "--connect", f"ws://127.0.0.1:{port}/websocket/n/events")
    assert code == 2, output[-2000:]
    assert summary["exit_status"] == 2 and summary["verdict"] == "NOT JUDGED" and summary["peer_reached"] is False
    assert summary["counts"]["total"] == 1 and summary["grades"]["ERROR"] == 1 and summary["grades"]["FAIL"] == 0
    suite = junit_root(report).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("errors"), suite.get("failures")) == ("1", "1", "0")
    assert junit_properties(report)["edgeconform.peer_reached"] == "false"
    lines = output.splitlines()
    no_peer = next(i for i, line in enumerate(lines) if "no peer reached" in line)
    counts = next(i for i, line in enumerate(lines) if " case: " in line or " cases: " in line)
    assert no_peer < counts, "the no-peer line comes before the summary line"
    assert any("NOT JUDGED" in line and line.endswith("exit 2") for line in lines[counts:])


# --- certify-edge --listen says it waits (finding 4) -----------------------------------------------------------


def test_certify_edge_listen_prints_where_it_waits_for_the_edge(tmp_path: Path) -> None:
    code, _, output = certify(tmp_path / "report", "certify-edge", "--listen", "127.0.0.1:0", "--wait", "0.5")
    assert code == 2
    assert "edgeconform: waiting up to 0.5 s for an edge to dial ws://127.0.0.1:" in output


# --- -k selects by id, exactly; --fail-on names what tripped it (finding 7) -------------------------------------


def test_k_with_a_rule_id_selects_that_rule_and_not_a_longer_one(tmp_path: Path) -> None:
    code, summary, output = certify(tmp_path / "report", "certify-edge", "--reference", "--rate", "0",
                                    "-k", "META-NAME")
    assert code == 0, output[-2000:]
    assert summary["cases"] and all("META-NAME" in case["rules"] for case in summary["cases"])
    assert not any(case["id"].startswith("META-NAMESPACE") for case in summary["cases"])


def test_k_naming_no_case_is_one_usage_line_saying_nothing_matched(tmp_path: Path) -> None:
    code, _, output = certify(tmp_path / "report", "certify-edge", "--reference", "-k", "META-NAME or NO-SUCH-CASE")
    assert code == 2
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("edgeconform certify-edge: error: -k"), lines
    assert "NO-SUCH-CASE names no case id or rule id" in lines[0]


def test_fail_on_informational_names_the_cases_that_tripped_it(tmp_path: Path) -> None:
    code, summary, output = certify(tmp_path / "report", "certify-edge", "--reference", "--rate", "0",
                                    "-k", "EDGE-INFO-*", "--fail-on", "INFORMATIONAL")
    assert code == 1 and summary["exit_status"] == 1
    assert "INFORMATIONAL EDGE-INFO-ABOVE-256-KIB:" in output and "INFORMATIONAL EDGE-INFO-ABOVE-1-MIB:" in output
    assert "--fail-on INFORMATIONAL" in output


@pytest.mark.parametrize(("expression", "selected"), [
    ("META-NAME", {"META-NAME.x"}),
    ("meta-name", {"META-NAME.x"}),
    ("META-NAMESPACE", {"META-NAMESPACE.y"}),
    ("META-", {"META-NAME.x", "META-NAMESPACE.y"}),
    ("META-*", {"META-NAME.x", "META-NAMESPACE.y"}),
    ("FRAME", {"FRAME.not-json"}),
    ("not META-NAME and not FRAME", {"META-NAMESPACE.y", "EDGE-DOCUMENT-UPDATE"}),
    ("(META-NAME or FRAME.not-json) and not FRAME", {"META-NAME.x"}),
    ("*.x", {"META-NAME.x"}),
])
def test_a_selection_word_is_a_case_id_a_rule_id_or_a_pattern_never_a_substring(
        expression: str, selected: set[str]) -> None:
    cases = {"META-NAME.x": ["META-NAME"], "META-NAMESPACE.y": ["META-NAMESPACE"], "FRAME.not-json": ["MESSAGE"],
             "EDGE-DOCUMENT-UPDATE": []}
    selection = compile_selection(expression)
    assert {case for case, rules in cases.items() if selection.selects(names_of(case, rules))} == selected
    assert unknown_words(selection, [names_of(case, rules) for case, rules in cases.items()]) == []


@pytest.mark.parametrize("expression", ["", "META-NAME or", "(META-NAME", "META-NAME)", "and META-NAME",
                                        "META-NAME FRAME"])
def test_a_selection_that_cannot_be_read_is_an_error(expression: str) -> None:
    with pytest.raises(SelectionError):
        compile_selection(expression)


def test_a_selection_word_naming_no_case_is_reported() -> None:
    selection = compile_selection("META-NAME or META-NAM")
    assert unknown_words(selection, [names_of("META-NAME.x", ["META-NAME"])]) == ["META-NAM"]


# --- finding 11: the smaller items --------------------------------------------------------------------------------


def test_certify_controller_takes_the_password_from_an_environment_variable(tmp_path: Path) -> None:
    password = "s3cret-from-the-environment"
    env = {**os.environ, "EDGE_PASSWORD": password}
    with ReferenceController.start_listening(rate=0, boundaries=False, spec_maximal=False) as controller:
        code, summary, output = certify(tmp_path / "report", "certify-controller", "--connect", controller.url,
                                        "--idle", "1", "--user", "edge", "--password-env", "EDGE_PASSWORD", env=env)
    assert code == 0, output[-3000:]
    assert summary["target"]["handshake"]["headers"]["Authorization"] == "Basic <redacted>"
    assert password not in output
    assert all(password not in p.read_text(errors="replace") for p in (tmp_path / "report").rglob("*") if p.is_file())


def test_generate_outside_a_checkout_is_a_usage_error_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    assert list(tmp_path.iterdir()) == []
    assert "not an edgeconform source checkout" in capsys.readouterr().err


def test_generate_check_calls_an_absent_file_missing_not_stale(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "harness" / "messages").mkdir(parents=True)
    (tmp_path / "harness" / "messages" / "__init__.py").write_text("")
    assert main(["generate", "--check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "missing: docs/rules.md" in err and "stale:" not in err


@pytest.mark.parametrize(("command", "words"), [
    (["certify-edge"], ["--profile", "the rule profile"]),
    (["certify-controller"], ["--profile", "the rule profile", "--password-env"]),
    (["validate"], ["--format", "one array", "FILE", "captured from the wire"]),
    (["generate"], ["source checkout", "--check", "missing or stale"]),
    (["serve-edge"], ["(--listen HOST:PORT | --connect URL)", "--profile", "the rule profile"]),
    (["serve-controller"], ["(--listen HOST:PORT | --connect URL)", "--profile"]),
])
def test_help_describes_every_option_and_shows_the_target_as_required(
        command: list[str], words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert all(word in text for word in words), [word for word in words if word not in text]


def test_the_ci_workflow_in_the_docs_uses_no_file_the_repository_lacks() -> None:
    text = (ROOT / "docs" / "ci.md").read_text()
    named = set(re.findall(r"(?<![\w/])\.ci/[\w./-]+\w", text))
    assert named, "the document names .ci/run"
    assert [path for path in sorted(named) if not (ROOT / path).exists()] == []
