"""The validator: every derived boundary case, paths, types, every violation reported."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from harness.messages.pod_update import POD_UPDATE, pod_update
from harness.messages.pod_update.samples import conformant_pod, spec_maximal_pod
from harness.rules.cases import Case

FIXED_ID = "00000000-0000-4000-8000-000000000000"
CROSS_FIELD = {"MOUNT-NAMES-VOLUME"}


def _request(**changes: Any) -> dict[str, Any]:
    return pod_update(conformant_pod(), msg_id=FIXED_ID)


def _ids(cases: tuple[Case, ...]) -> list[str]:
    return [c.id for c in cases]


STRICT = POD_UPDATE.cases("strict")
ACCEPT = tuple(c for c in STRICT if c.expect == "accept")
REJECT = tuple(c for c in STRICT if c.expect == "reject")


def test_the_conformant_request_has_no_violation_in_either_profile() -> None:
    assert POD_UPDATE.validate(_request(), "strict") == []
    assert POD_UPDATE.validate(_request(), "lenient") == []


@pytest.mark.parametrize("case", ACCEPT, ids=_ids(ACCEPT))
def test_a_value_at_a_documented_boundary_passes(case: Case) -> None:
    assert POD_UPDATE.validate(case.build(msg_id=FIXED_ID), "strict") == []


@pytest.mark.parametrize("case", REJECT, ids=_ids(REJECT))
def test_a_value_just_past_a_boundary_fails_naming_its_rule(case: Case) -> None:
    violations = POD_UPDATE.validate(case.build(msg_id=FIXED_ID), "strict")
    broken = {v.rule for v in violations}
    assert case.rule in broken
    assert broken - {case.rule} <= CROSS_FIELD, "a negative case breaks exactly its own rule"
    assert all(v.message and v.path for v in violations)


def test_the_generated_cases_hold_under_strict_but_one_orphaning_change() -> None:
    from harness.messages.pod_update import POD_UPDATE

    dropped = [c.id for c in POD_UPDATE.all_cases()
               if c not in STRICT and (c.profiles is None or "strict" in c.profiles)]
    assert dropped == ["VOL-LIST.the-optional-field-left-out"]


def test_a_violation_path_carries_list_indices_as_spelled_in_the_message() -> None:
    request = _request()
    container = request["content"]["spec"]["containers"][0]
    container["env"] = [{"name": f"VAR{i}", "value": "v"} for i in range(8)]
    container["env"][7]["name"] = "7-bad"
    request["content"]["spec"]["containers"] = [copy.deepcopy(container) for _ in range(3)]
    violations = POD_UPDATE.validate(request)
    assert {v.path for v in violations} == {f"content.spec.containers[{i}].env[7].name" for i in range(3)}


def test_every_violation_is_reported_not_only_the_first() -> None:
    request = _request()
    request["header"]["sync"] = False
    request["content"]["metadata"]["namespace"] = "default"
    request["content"]["spec"]["containers"][0]["ports"][1]["hostPort"] = 80
    request["content"]["spec"]["tolerations"][2]["operator"] = "In"
    rules = [v.rule for v in POD_UPDATE.validate(request)]
    assert rules == ["HDR-SYNC", "META-NAMESPACE", "PORT-HOST-PORT", "TOL-OPERATOR"]


@pytest.mark.parametrize(("value", "words"), [
    ("3", "a string"), (3.0, "floating-point"), (3.5, "fraction"), (True, "a boolean"),
    (2**31, "does not fit in a Go int32"), (None, "null"), ([3], "an array"),
])
def test_a_wrong_json_type_for_an_int32_is_a_violation_not_a_crash(value: Any, words: str) -> None:
    request = _request()
    request["content"]["spec"]["containers"][0]["livenessProbe"]["failureThreshold"] = value
    [violation] = POD_UPDATE.validate(request)
    assert violation.rule == "PROBE-FAILURE-THRESHOLD"
    assert words in violation.message


def test_keys_match_case_insensitively_as_go_decodes_them() -> None:
    request = _request()
    spec = request["content"]["spec"]
    spec["volumes"] = spec.pop("Volumes")
    spec["volumes"][1]["NAME"] = spec["volumes"][1].pop("name") + "_"
    violations = POD_UPDATE.validate(request)
    assert [(v.rule, v.path) for v in violations if v.rule == "VOL-NAME"] == [
        ("VOL-NAME", "content.spec.volumes[1].NAME")]


def test_the_last_of_two_spellings_of_a_key_wins_as_in_go() -> None:
    request = _request()
    request["content"]["metadata"]["NAMESPACE"] = "not-a-namespace"
    request["content"]["metadata"]["Namespace"] = "mef-user"  # later: Go keeps this one
    assert POD_UPDATE.validate(request) == []


def test_null_is_absent_for_a_pointer_and_a_type_violation_for_a_string() -> None:
    request = _request()
    request["content"]["spec"]["containers"][0]["securityContext"]["runAsUser"] = None
    assert POD_UPDATE.validate(request) == []
    request["content"]["spec"]["containers"][0]["image"] = None
    assert [v.rule for v in POD_UPDATE.validate(request)] == ["CTR-IMAGE"]


def test_an_empty_http_get_path_switches_off_the_probe_parameter_checks() -> None:
    request = _request()
    http_get = request["content"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]
    http_get.update({"Path": "", "Host": "not-an-ip", "Port": 0, "Scheme": "ftp"})
    assert POD_UPDATE.validate(request) == []
    http_get["Path"] = "/ready"
    assert sorted(v.rule for v in POD_UPDATE.validate(request)) == [
        "PROBE-HTTPGET-HOST", "PROBE-HTTPGET-PORT", "PROBE-HTTPGET-SCHEME"]


def test_a_trailing_newline_breaks_a_pattern_as_it_does_in_go() -> None:
    request = _request()
    request["content"]["metadata"]["name"] += "\n"
    request["route"]["resource"] += "\n"
    assert [v.rule for v in POD_UPDATE.validate(request)] == ["META-NAME"]


def test_the_route_resource_must_name_the_pod() -> None:
    request = _request()
    request["route"]["resource"] = "websocket/pod/another-pod"
    [violation] = POD_UPDATE.validate(request)
    assert (violation.rule, violation.path) == ("ROUTE-RESOURCE", "route.resource")
    request["route"]["resource"] = "websocket/podstatus/x"
    assert [v.rule for v in POD_UPDATE.validate(request)] == ["ROUTE-RESOURCE"]


def test_a_message_that_is_not_an_object_is_one_violation() -> None:
    value: object
    for value in ("x", 1, None, [], True):
        [violation] = POD_UPDATE.validate(value)
        assert (violation.rule, violation.path) == ("MESSAGE", "$")


def test_garbage_anywhere_never_raises() -> None:
    request = _request()
    request["content"]["spec"]["containers"] = [1, "x", None, {"env": "no"}, {"ports": [3]}]
    request["content"]["spec"]["Volumes"] = {"a": 1}
    request["header"] = []
    violations = POD_UPDATE.validate(request)
    assert {"HDR", "VOL-LIST", "CTR-ENV-LIST"} <= {v.rule for v in violations}


def test_the_spec_maximal_pod_is_conformant_and_over_4_mib() -> None:
    from harness.message import encode
    from harness.messages.pod_update import POD_UPDATE

    request = pod_update(spec_maximal_pod(), msg_id=FIXED_ID)
    assert len(encode(request).encode()) > 4 * 1024 * 1024
    assert POD_UPDATE.validate(request) == []


def test_the_lenient_profile_accepts_the_errata_values_strict_rejects() -> None:
    request = _request()
    spec = request["content"]["spec"]
    spec["Volumes"][2]["emptyDir"]["medium"] = "Memory"
    spec["containers"][0]["volumeMounts"][1]["readOnly"] = False
    spec["containers"][0]["readinessProbe"]["httpGet"]["Scheme"] = "http"
    spec["containers"][0]["volumeMounts"][0]["name"] = "undeclared"
    assert sorted(v.rule for v in POD_UPDATE.validate(request, "strict")) == [
        "MOUNT-NAMES-VOLUME", "MOUNT-READ-ONLY", "PROBE-HTTPGET-SCHEME", "VOL-EMPTYDIR-MEDIUM"]
    assert POD_UPDATE.validate(request, "lenient") == []
