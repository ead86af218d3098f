"""The second message type, Pod Restart: its spec is registered, its validator catches each planted
violation and passes its sample, its cases carry its namespace and are graded as resting on the
vendor's code, the edge core answers it, and the vendor's own checks (the oracle) agree."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from harness.message import decode, encode
from harness.messages import cases_by_id, spec_by_key, spec_for_message, spec_for_route
from harness.plugin import grade_of, grade_reason
from harness.roles.edge import EdgeCore
from harness.rules.model import PROFILES, Profile

RESTART = spec_by_key("pod-restart")
ORACLE_VERDICTS = Path(__file__).resolve().parents[1] / "data" / "vendor-oracle-restart-verdicts.jsonl"


def _request() -> dict[str, Any]:
    return RESTART.sample_request(msg_id="85c67925-5768-4edd-b40e-32cf106e07e8", timestamp=1652168697)


def _broken(change: str) -> dict[str, Any]:
    request = copy.deepcopy(_request())
    if change == "content":
        request["content"] = "root-test"
    elif change == "sync":
        request["header"]["sync"] = False
    elif change == "msg_id":
        request["header"]["msg_id"] = request["header"]["msg_id"].upper()
    elif change == "resource":
        request["route"]["resource"] = "websocket/pod/root-test"
    elif change == "header":
        del request["header"]
    return request


def test_a_restart_route_selects_the_restart_spec() -> None:
    assert spec_for_route("restart", "websocket/pod/root-test-6bf30364-3c62-493d-b3c1-848012fb8731") is RESTART
    assert spec_for_message(_request()) is RESTART
    assert spec_for_route("delete", "websocket/pod/x") is None


@pytest.mark.parametrize("profile", PROFILES)
def test_the_conformant_restart_passes_every_profile(profile: Profile) -> None:
    assert RESTART.validate(_request(), profile) == []
    without_content = _request()
    del without_content["content"]
    assert RESTART.validate(without_content, profile) == []


@pytest.mark.parametrize(("change", "rule"), [
    ("content", "RESTART-CONTENT"), ("sync", "RESTART-HDR-SYNC"), ("msg_id", "RESTART-HDR-MSG-ID"),
    ("resource", "RESTART-ROUTE-RESOURCE"), ("header", "RESTART-HDR"),
])
def test_each_planted_violation_is_caught_by_its_rule(change: str, rule: str) -> None:
    assert [v.rule for v in RESTART.validate(_broken(change))] == [rule]


def test_every_case_id_and_rule_id_carries_the_restart_namespace() -> None:
    assert all(rule.id.startswith("RESTART-") for rule in RESTART.rules)
    assert RESTART.all_cases() and all(case.id.startswith("RESTART-") for case in RESTART.all_cases())
    assert all(case.message_spec is RESTART for case in RESTART.all_cases())


@pytest.mark.parametrize("profile", PROFILES)
def test_every_restart_rule_has_a_negative_case_and_cites_the_vendor(profile: Profile) -> None:
    negative = {case.rule for case in RESTART.cases(profile) if case.expect == "reject"}
    assert negative == {rule.id for rule in RESTART.rules_for(profile)}
    assert all(rule.vendor is not None and rule.vendor.source.startswith("src/mef-edge/") for rule in RESTART.rules)


def test_a_failed_restart_case_is_non_strict_under_strict_and_fail_under_vendor() -> None:
    case_id = "RESTART-CONTENT.a-non-empty-string"
    assert case_id in cases_by_id("strict")
    assert grade_of(case_id, "failed", informational=False, profile="strict") == "NON-STRICT"
    assert "does not describe pod restart" in grade_reason(case_id, "NON-STRICT", "strict")
    vendor_case = "RESTART-VENDOR-CONTENT.a-string-that-is-not-json"
    assert vendor_case in cases_by_id("vendor")
    assert grade_of(vendor_case, "failed", informational=False, profile="vendor") == "FAIL"
    assert "the vendor's edge" in grade_reason(vendor_case, "FAIL", "vendor")


def test_a_restart_answer_of_the_wrong_shape_is_non_strict_under_strict_where_a_pod_update_one_fails() -> None:
    """The document describes the answer to a pod update, not to a restart: an answer that breaks the
    exchange (malformed) fails a pod update case, and is NON-STRICT on a restart case."""
    restart, update = "RESTART-HDR-SYNC.the-allowed-value-true", "META-NAME.a-name-of-128-characters"
    assert grade_of(restart, "failed", informational=False, profile="strict", malformed=True) == "NON-STRICT"
    assert grade_of(restart, "failed", informational=False, profile="lenient", malformed=True) == "NON-STRICT"
    assert grade_of(update, "failed", informational=False, profile="strict", malformed=True) == "FAIL"
    assert grade_of(restart, "failed", informational=False, profile="vendor", malformed=True) == "FAIL"


def test_under_vendor_a_restart_carrying_a_pod_is_judged_as_the_pod() -> None:
    """The vendor binds a non-empty content as a pod: a conformant pod passes, a broken one fails."""
    from harness.messages.pod_update import conformant_pod

    carrying = _request() | {"content": conformant_pod()}
    assert RESTART.validate(carrying, "vendor") == []
    assert [v.rule for v in RESTART.validate(carrying, "strict")] == ["RESTART-CONTENT"]
    carrying["content"]["metadata"]["name"] = "Root-test"
    assert [v.rule for v in RESTART.validate(carrying, "vendor")] == ["RESTART-VENDOR-CONTENT"]
    pod_case = cases_by_id("vendor")["ROUTE-OPERATION.the-allowed-value-restart"]
    assert EdgeCore("vendor").on_frame(encode(pod_case.build()), 1652168697000).judgement.kind == "ok"


def _judgement(request: Any, profile: Profile = "strict") -> str:
    decision = EdgeCore(profile).on_frame(encode(request), 1652168697000)
    if decision.judgement.kind == "ok":
        answer = decode(decision.outgoing[-1])
        assert isinstance(answer, dict) and answer["content"] == "OK"
        assert answer["route"]["resource"] == request["route"]["resource"]
    return decision.judgement.kind


def test_the_edge_core_answers_a_conformant_restart_ok() -> None:
    assert _judgement(_request()) == "ok"


def test_the_edge_core_rejects_a_restart_with_content_and_drops_a_broken_envelope() -> None:
    assert _judgement(_broken("content")) == "rejected"
    for change in ("sync", "msg_id", "resource", "header"):
        assert _judgement(_broken(change)) == "dropped", change


@pytest.mark.parametrize("profile", PROFILES)
def test_the_edge_core_judges_every_restart_case_as_the_case_expects(profile: Profile) -> None:
    for case in RESTART.cases(profile):
        kind = _judgement(case.build(), profile)
        if case.expect == "accept":
            assert kind == "ok", case.id
        else:
            assert kind == ("dropped" if case.breaks_envelope else "rejected"), case.id


def _oracle_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in ORACLE_VERDICTS.read_text(encoding="utf-8").splitlines() if line]


def test_the_vendor_oracle_recorded_a_verdict_for_every_restart_case() -> None:
    assert {record["case"] for record in _oracle_records()} == {case.id for case in RESTART.cases("vendor")}


def test_the_vendor_oracle_agrees_with_every_restart_case() -> None:
    """The vendor's own Go checks (vendorcheck, tools/record_vendor_verdicts.py's oracle) on each case's
    message: accepted for an accept case, dropped for an envelope case, FAILED for a content case."""
    by_id = cases_by_id("vendor")
    for record in _oracle_records():
        case = by_id[record["case"]]
        if case.expect == "accept":
            assert record["action"] == "accepted by the checks", record
        elif case.breaks_envelope:
            assert record["action"] == "dropped (no answer)", record
        else:
            assert record["action"].startswith("FAILED"), record
