"""The vendor profile: the vendor edge's own checks as data, each naming the vendor file it comes from."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_document_example import _document_request_with_its_pod

from harness.cli import main
from harness.rules.cases import cases_for
from harness.rules.model import PROFILES, Profile
from harness.rules.table import RULES, RULES_BY_ID, rules_for
from harness.rules.validator import validate

ROOT = Path(__file__).resolve().parents[1]
ORACLE_SOURCES = Path("/work/shared/vendor-oracle/src")
#: Vendor files the oracle does not port (it reproduces their behaviour in its own CLI).
NOT_PORTED = {"src/mef-edge/edge-installer/pkg/edge-main/edgeproxy/proxy_base.go"}


def _conformant() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / "fixtures" / "conformant-request.json").read_text())
    return loaded


def _vendor_side_differs(rule_id: str) -> bool:
    rule = RULES_BY_ID[rule_id]
    return (rule.profiles is not None or rule.constraints_for("vendor") != rule.constraints
            or ("vendor" in rule.required_in) != ("strict" in rule.required_in))


@pytest.mark.parametrize("profile", PROFILES)
def test_the_conformant_fixture_passes_every_profile(profile: Profile) -> None:
    assert validate(_conformant(), profile) == []


def test_the_verbatim_example_breaks_under_vendor_what_the_vendors_edge_refuses() -> None:
    """The vendor's binding tags refuse the example's Memory, http, readOnly false and redacted hostIPs; its
    probe check the redacted Host; its allow-list the {pod_name} route. It never checks mount names."""
    violations = validate(_document_request_with_its_pod(), "vendor")
    assert sorted((v.rule, v.path) for v in violations) == sorted([
        ("ROUTE-RESOURCE", "route.resource"),
        ("VOL-EMPTYDIR-MEDIUM", "content.spec.Volumes[1].emptyDir.medium"),
        ("PROBE-HTTPGET-HOST", "content.spec.containers[0].readinessProbe.httpGet.Host"),
        ("PROBE-HTTPGET-SCHEME", "content.spec.containers[0].readinessProbe.httpGet.Scheme"),
        ("PORT-HOST-IP", "content.spec.containers[0].ports[0].hostIP"),
        ("PORT-HOST-IP", "content.spec.containers[0].ports[1].hostIP"),
        ("MOUNT-READ-ONLY", "content.spec.containers[0].volumeMounts[1].readOnly"),
    ])


def test_every_rule_names_the_vendor_file_it_comes_from() -> None:
    for rule in rules_for("vendor"):
        assert rule.vendor is not None, rule.id
        source = rule.vendor.source
        assert re.fullmatch(r"src/[\w./-]+\.go", source), (rule.id, source)
        assert rule.vendor.check, rule.id
        if ORACLE_SOURCES.is_dir() and source not in NOT_PORTED:
            ported = (source.replace("src/mef-edge/edge-installer/", "edge-installer/")
                      .replace("src/common-utils/", "huawei.com/mindx/common/"))
            assert (ORACLE_SOURCES / ported).is_file(), (rule.id, source)


def test_the_vendor_rules_belong_to_the_vendor_profile_only() -> None:
    own = {r.id for r in RULES if r.id.startswith("VENDOR-")}
    assert own and all(RULES_BY_ID[i].profiles == ("vendor",) for i in own)
    assert own <= {r.id for r in rules_for("vendor")}
    assert not own & {r.id for p in ("strict", "lenient") for r in rules_for(p)}


def test_every_rule_the_vendor_judges_otherwise_has_a_boundary_and_a_negative_case() -> None:
    cases = cases_for("vendor")
    accepted = {c.rule for c in cases if c.expect == "accept"}
    rejected = {c.rule for c in cases if c.expect == "reject"}
    differing = [r.id for r in rules_for("vendor") if _vendor_side_differs(r.id)]
    assert len(differing) > 30
    assert [i for i in differing if i not in rejected] == []
    assert [i for i in differing if i not in accepted] == []


def test_the_strict_and_lenient_cases_are_not_changed_by_the_vendor_profile() -> None:
    assert all(c.profiles is None for c in cases_for("strict"))
    assert all(c.profiles is None for c in cases_for("lenient"))


@pytest.mark.parametrize(("path", "value", "rule"), [
    (["header", "msg_id"], "85C67925-5768-4EDD-B40E-32CF106E07E8", "HDR-MSG-ID"),
    (["content", "spec", "Volumes", 1, "name"], "localtime", "VENDOR-VOL-NAME-UNIQUE"),
    (["content", "spec", "containers", 0, "resources", "requests"], {"memory": "512Mi"}, "VENDOR-RES-CPU-REQUEST"),
    (["content", "spec", "containers", 0, "resources", "limits", "npu"], "1", "RES-LIMITS"),
    (["content", "spec", "containers", 0, "ports", 1, "hostPort"], 3000, "VENDOR-HOST-PORT-UNIQUE"),
    (["content", "spec", "containers", 0, "volumeMounts", 1, "mountPath"], "/etc/localtime",
     "VENDOR-MOUNT-PATH-UNIQUE"),
])
def test_what_the_document_allows_and_the_vendor_refuses_fails_vendor_only(path: list[Any], value: Any,
                                                                              rule: str) -> None:
    message = _conformant()
    parent: Any = message
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    assert rule in {v.rule for v in validate(message, "vendor")}
    assert rule not in {v.rule for v in validate(message, "lenient")}


def test_a_pod_name_without_the_uuid_suffix_is_refused_by_the_vendors_allow_list_only() -> None:
    message = _conformant()
    message["content"]["metadata"]["name"] = "root-test"
    message["route"]["resource"] = "websocket/pod/root-test"
    assert validate(message, "strict") == []
    assert [v.rule for v in validate(message, "vendor")] == ["ROUTE-RESOURCE"]


def test_a_null_field_is_absent_to_the_vendor_as_to_gos_decoder() -> None:
    message = _conformant()
    probe = message["content"]["spec"]["containers"][0]["livenessProbe"]
    probe["periodSeconds"] = None                                        # optional: fine
    assert validate(message, "vendor") == []
    assert {v.rule for v in validate(message, "strict")} == {"PROBE-PERIOD"}
    message["content"]["spec"]["Volumes"][0]["hostPath"]["type"] = None  # a nil *string fails eq=
    assert [(v.rule, v.path) for v in validate(message, "vendor")] == [
        ("VOL-HOSTPATH-TYPE", "content.spec.Volumes[0].hostPath.type")]


def test_validate_cli_takes_the_vendor_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = copy.deepcopy(_conformant())
    message["header"]["resourceversion"] = "v1"
    path = tmp_path / "request.json"
    path.write_text(json.dumps(message))
    assert main(["validate", "--profile", "vendor", str(path)]) == 1
    assert "[HDR-RESOURCEVERSION]" in capsys.readouterr().out
    assert main(["validate", "--profile", "strict", str(path)]) == 0
