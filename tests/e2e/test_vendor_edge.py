"""serve-edge --profile vendor: the reference edge decides as the vendor's own edge does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.message import decode, encode
from harness.messages import specs
from harness.messages.pod_update import POD_UPDATE
from harness.roles.edge import EdgeCore
from harness.roles.fake_edge import ControllerJudge
from harness.roles.reference_controller import ReferenceController
from harness.roles.reference_edge import ReferenceEdge
from tests import vendor_mutations as vm

#: The oracle's vendor_action (its part before ":") for each decision of the reference edge.
ACTION = {"ok": "accepted by the checks", "rejected": "FAILED", "dropped": "dropped (no answer)"}


def test_the_vendor_reference_edge_answers_every_vendor_case_as_the_vendors_edge_does() -> None:
    recorded = {r["case"]: r["vendor_action"] for r in vm.read_recording(vm.CASE_RECORDING)}
    core = EdgeCore("vendor")
    differing = []
    for case in POD_UPDATE.cases("vendor"):
        message = case.build(msg_id=vm.FIXED_MSG_ID, timestamp=vm.FIXED_TIMESTAMP)
        decision = core.on_frame(encode(message), now=1_700_000_000_000)
        if ACTION[decision.judgement.kind] != recorded[case.id]:
            differing.append((case.id, decision.judgement.kind, recorded[case.id]))
    assert differing == []


def test_a_vendor_failure_is_answered_as_feedback_error_does() -> None:
    message = vm.conformant()
    del message["content"]["spec"]["containers"][0]["resources"]["requests"]["cpu"]
    decision = EdgeCore("vendor").on_frame(json.dumps(message), now=1_700_000_000_000)
    assert decision.judgement.kind == "rejected"
    answer = decode(decision.outgoing[0])
    assert isinstance(answer, dict)
    assert answer["content"].startswith("FAILED: VENDOR-RES-CPU-REQUEST")
    assert answer["route"]["operation"] == "error" and answer["route"]["source"] == "metaManager"
    assert answer["header"]["parent_msg_id"] == message["header"]["msg_id"]


def test_serve_edge_takes_the_vendor_profile_and_refuses_a_vendor_config_without_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve-edge", "--listen", "127.0.0.1:0", "--vendor-config", "docs/vendor-config.example.yaml"]) == 2
    assert "needs --profile vendor" in capsys.readouterr().err
    assert main(["serve-edge", "--listen", "127.0.0.1:0", "--profile", "vendor", "--vendor-config",
                 "/nonexistent.yaml"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_the_vendor_reference_controller_passes_certify_controller_under_vendor(tmp_path: Path) -> None:
    """Every boundary the vendor's edge accepts, pushed by the reference controller, is judged conformant by
    certify-controller --profile vendor, and its fake edge answers each one OK as the vendor's edge would."""
    report = tmp_path / "report"
    with ReferenceController.start_listening(rate=0, profile="vendor") as controller:
        result = subprocess.run([sys.executable, "-m", "harness.cli", "certify-controller", "--report-dir",
                                 str(report), "--connect", controller.url, "--idle", "1", "--profile", "vendor"],
                                capture_output=True, text=True, timeout=180, check=False)
        answers = controller.wait(10)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    summary = json.loads((report / "summary.json").read_text())
    assert summary["profile"] == "vendor" and summary["counts"]["failed"] == 0
    assert summary["target"]["messages"] == answers.planned > 150
    assert answers.conformant, answers.verdict_line()


def test_the_controller_judge_says_what_the_vendors_edge_would_refuse() -> None:
    message = vm.conformant()
    del message["content"]["spec"]["containers"][0]["resources"]["requests"]["cpu"]
    assert ControllerJudge("strict").judge(json.dumps(message)).violations == ()
    assert [v.rule for v in ControllerJudge("vendor").judge(json.dumps(message)).violations] == [
        "VENDOR-RES-CPU-REQUEST"]


def _certify_edge(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    report = tmp_path / "report"
    result = subprocess.run([sys.executable, "-m", "harness.cli", "certify-edge", "--report-dir", str(report),
                             "--rate", "0", "--profile", "vendor", *args],
                            capture_output=True, text=True, timeout=600, check=False)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    return result.returncode, json.loads((report / "summary.json").read_text()), output


def test_the_vendor_reference_edge_passes_certify_edge_under_vendor_with_no_fail(tmp_path: Path) -> None:
    code, summary, output = _certify_edge(tmp_path, "--reference")
    assert code == 0, output[-3000:]
    assert summary["profile"] == "vendor" and summary["counts"]["failed"] == 0
    assert summary["grades"]["FAIL"] == 0 and summary["grades"]["NON-STRICT"] == 0
    ids = {c["id"] for c in summary["cases"]}
    vendor_cases = {c.id for c in POD_UPDATE.cases("vendor")}
    assert vendor_cases <= ids, "every derived case of the vendor profile ran"
    assert "EDGE-VENDOR-UPDATE-AFTER-REJECT" in ids and "EDGE-UPDATE-AFTER-REJECT" not in ids
    assert {c for c in ids if c.startswith("FRAME.")}
    assert summary["coverage"]["rules_covered"] == sum(len(spec.rules_for("vendor")) for spec in specs())


def test_an_edge_that_decides_by_the_document_fails_the_vendor_suite_where_the_vendor_differs(
        tmp_path: Path) -> None:
    with ReferenceEdge.start_listening(profile="strict") as edge:
        code, summary, output = _certify_edge(
            tmp_path, "--connect", edge.url,
            "-k", "HDR-MSG-ID.an-upper-case-uuid-which-the-vendor-drops or VENDOR-RES-CPU-REQUEST.no-cpu-request "
                  "or EDGE-DOCUMENT-UPDATE")
    assert code == 1, output[-3000:]
    failed = {c["id"] for c in summary["cases"] if c["outcome"] == "failed"}
    assert failed == {"HDR-MSG-ID.an-upper-case-uuid-which-the-vendor-drops", "VENDOR-RES-CPU-REQUEST.no-cpu-request"}
