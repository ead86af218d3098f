"""serve-edge --profile vendor: the reference edge decides as the vendor's own edge does."""

from __future__ import annotations

import json

import pytest
import vendor_mutations as vm

from harness.cli import main
from harness.message import decode, encode
from harness.roles.edge import EdgeCore
from harness.rules.cases import cases_for

#: The oracle's vendor_action (its part before ":") for each decision of the reference edge.
ACTION = {"ok": "accepted by the checks", "rejected": "FAILED", "dropped": "dropped (no answer)"}


def test_the_vendor_reference_edge_answers_every_vendor_case_as_the_vendors_edge_does() -> None:
    recorded = {r["case"]: r["vendor_action"] for r in vm.read_recording(vm.CASE_RECORDING)}
    core = EdgeCore("vendor")
    differing = []
    for case in cases_for("vendor"):
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
