"""The vendor profile: the vendor edge's own checks as data, each naming the vendor file it comes from."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.messages.pod_update import POD_UPDATE
from harness.messages.pod_update.settings import SETTINGS, setting_violations
from harness.rules.model import PROFILES, Profile
from harness.rules.vendor_config import VendorConfig
from tests.unit.test_document_example import _document_request_with_its_pod

ROOT = Path(__file__).resolve().parents[2]
ORACLE_SOURCES = Path("/work/shared/vendor-oracle/src")
#: Vendor files the oracle does not port (it reproduces their behaviour in its own CLI).
NOT_PORTED = {"src/mef-edge/edge-installer/pkg/edge-main/edgeproxy/proxy_base.go"}


def _conformant() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / "fixtures" / "conformant-request.json").read_text())
    return loaded


def _vendor_side_differs(rule_id: str) -> bool:
    rule = POD_UPDATE.rules_by_id[rule_id]
    return (rule.profiles is not None or rule.constraints_for("vendor") != rule.constraints
            or ("vendor" in rule.required_in) != ("strict" in rule.required_in))


@pytest.mark.parametrize("profile", PROFILES)
def test_the_conformant_fixture_passes_every_profile(profile: Profile) -> None:
    assert POD_UPDATE.validate(_conformant(), profile) == []


def test_the_verbatim_example_breaks_under_vendor_what_the_vendors_edge_refuses() -> None:
    """The vendor's binding tags refuse the example's Memory, http, readOnly false and redacted hostIPs; its
    probe check the redacted Host; its allow-list the {pod_name} route. It never checks mount names."""
    violations = POD_UPDATE.validate(_document_request_with_its_pod(), "vendor")
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
    for rule in POD_UPDATE.rules_for("vendor"):
        assert rule.vendor is not None, rule.id
        source = rule.vendor.source
        assert re.fullmatch(r"src/[\w./-]+\.go", source), (rule.id, source)
        assert rule.vendor.check, rule.id
        if ORACLE_SOURCES.is_dir() and source not in NOT_PORTED:
            ported = (source.replace("src/mef-edge/edge-installer/", "edge-installer/")
                      .replace("src/common-utils/", "huawei.com/mindx/common/"))
            assert (ORACLE_SOURCES / ported).is_file(), (rule.id, source)


def test_the_vendor_rules_belong_to_the_vendor_profile_only() -> None:
    own = {r.id for r in POD_UPDATE.rules if r.id.startswith("VENDOR-")}
    assert own and all(POD_UPDATE.rules_by_id[i].profiles == ("vendor",) for i in own)
    assert own <= {r.id for r in POD_UPDATE.rules_for("vendor")}
    assert not own & {r.id for p in ("strict", "lenient") for r in POD_UPDATE.rules_for(p)}


def test_every_rule_the_vendor_judges_otherwise_has_a_boundary_and_a_negative_case() -> None:
    cases = POD_UPDATE.cases("vendor")
    accepted = {c.rule for c in cases if c.expect == "accept"}
    rejected = {c.rule for c in cases if c.expect == "reject"}
    differing = [r.id for r in POD_UPDATE.rules_for("vendor") if _vendor_side_differs(r.id)]
    assert len(differing) > 30
    assert [i for i in differing if i not in rejected] == []
    assert [i for i in differing if i not in accepted] == []


def test_the_strict_and_lenient_cases_are_not_changed_by_the_vendor_profile() -> None:
    assert all(c.profiles is None for c in POD_UPDATE.cases("strict"))
    assert all(c.profiles is None for c in POD_UPDATE.cases("lenient"))


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
    assert rule in {v.rule for v in POD_UPDATE.validate(message, "vendor")}
    assert rule not in {v.rule for v in POD_UPDATE.validate(message, "lenient")}


def test_a_pod_name_without_the_uuid_suffix_is_refused_by_the_vendors_allow_list_only() -> None:
    message = _conformant()
    message["content"]["metadata"]["name"] = "root-test"
    message["route"]["resource"] = "websocket/pod/root-test"
    assert POD_UPDATE.validate(message, "strict") == []
    assert [v.rule for v in POD_UPDATE.validate(message, "vendor")] == ["ROUTE-RESOURCE"]


def test_a_null_field_is_absent_to_the_vendor_as_to_gos_decoder() -> None:
    message = _conformant()
    probe = message["content"]["spec"]["containers"][0]["livenessProbe"]
    probe["periodSeconds"] = None                                        # optional: fine
    assert POD_UPDATE.validate(message, "vendor") == []
    assert {v.rule for v in POD_UPDATE.validate(message, "strict")} == {"PROBE-PERIOD"}
    message["content"]["spec"]["Volumes"][0]["hostPath"]["type"] = None  # a nil *string fails eq=
    assert [(v.rule, v.path) for v in POD_UPDATE.validate(message, "vendor")] == [
        ("VOL-HOSTPATH-TYPE", "content.spec.Volumes[0].hostPath.type")]


def test_validate_cli_takes_the_vendor_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = copy.deepcopy(_conformant())
    message["header"]["resourceversion"] = "v1"
    path = tmp_path / "request.json"
    path.write_text(json.dumps(message))
    assert main(["validate", "--profile", "vendor", str(path)]) == 1
    assert "[HDR-RESOURCEVERSION]" in capsys.readouterr().out
    assert main(["validate", "--profile", "strict", str(path)]) == 0


EXAMPLE_CONFIG = ROOT / "docs" / "vendor-config.example.yaml"
ALL_ON = VendorConfig.from_mapping({
    "podConfig": {"hostPid": False, "useHostNetwork": False, "capability": False, "privileged": False,
                  "runAsRoot": False, "allowPrivilegeEscalation": False, "allowReadWriteRootFs": False,
                  "useSeccomp": False, "maxContainerNumber": 1,
                  "hostPath": ["/etc/localtime", "/home/mmc/data"]},
    "nodeIPs": ["127.0.0.1"], "allocatable": {"cpu": "4", "memory": "2Gi"},
})


def _without_capabilities() -> dict[str, Any]:
    message = _conformant()
    del message["content"]["spec"]["containers"][0]["securityContext"]["capabilities"]
    return message


def _set(message: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    parent: Any = message
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return message


C0 = ["content", "spec", "containers", 0]


@pytest.mark.parametrize(("setting", "path", "value"), [
    ("VENDOR-SET-HOSTPATH", ["content", "spec", "Volumes", 0, "hostPath", "path"], "/etc/shadow"),
    ("VENDOR-SET-CONTAINERS", ["content", "spec", "containers", 1], None),
    ("VENDOR-SET-HOST-NETWORK", ["content", "spec", "hostNetwork"], True),
    ("VENDOR-SET-HOST-PID", ["content", "spec", "hostPID"], True),
    ("VENDOR-SET-CAPABILITY", [*C0, "securityContext", "capabilities"], {"add": ["MKNOD"]}),
    ("VENDOR-SET-PRIVILEGED", [*C0, "securityContext", "privileged"], True),
    ("VENDOR-SET-RUN-AS-ROOT", [*C0, "securityContext", "runAsUser"], 0),
    ("VENDOR-SET-READ-WRITE-ROOTFS", [*C0, "securityContext", "readOnlyRootFilesystem"], False),
    ("VENDOR-SET-PRIVILEGE-ESCALATION", [*C0, "securityContext", "allowPrivilegeEscalation"], True),
    ("VENDOR-SET-SECCOMP", [*C0, "securityContext", "seccompProfile"], {"type": "Localhost"}),
    ("VENDOR-SET-NODE-IPS", [*C0, "ports", 1, "hostIP"], "10.0.0.1"),
    ("VENDOR-SET-NODE-RESOURCES", [*C0, "resources", "limits", "memory"], "3Gi"),
])
def test_each_setting_refuses_its_planted_defect_and_nothing_without_settings(setting: str, path: list[Any],
                                                                              value: Any) -> None:
    conformant = _without_capabilities()
    assert POD_UPDATE.validate(conformant, "vendor", ALL_ON) == []
    if path[-1] == 1 and path[-2] == "containers":  # a second container, distinct in every name and port
        second = copy.deepcopy(conformant["content"]["spec"]["containers"][0])
        second["name"], second["ports"] = "container-1", []
        value = second
        conformant["content"]["spec"]["containers"].append(None)
    planted = _set(conformant, path, value)
    found = [v for v in POD_UPDATE.validate(planted, "vendor", ALL_ON) if v.rule.startswith("VENDOR-SET-")]
    assert [v.rule for v in found] == [setting]
    assert all(v.path.startswith("content.") and v.message for v in found)
    assert not [v for v in POD_UPDATE.validate(planted, "vendor") if v.rule.startswith("VENDOR-SET-")]


def test_every_setting_names_its_vendor_file_and_is_off_by_default() -> None:
    assert len({s.id for s in SETTINGS}) == len(SETTINGS)
    for setting in SETTINGS:
        assert re.fullmatch(r"src/[\w./-]+\.go", setting.vendor.source) and setting.vendor.check
    assert setting_violations(_conformant(), VendorConfig()) == []


def test_the_shipped_defaults_refuse_the_conformant_request_as_the_vendors_edge_does() -> None:
    import yaml  # type: ignore[import-untyped]

    shipped = VendorConfig.from_mapping(yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8")))
    found = {(v.rule, v.path) for v in POD_UPDATE.validate(_conformant(), "vendor", shipped)}
    assert found == {("VENDOR-SET-HOSTPATH", "content.spec.Volumes[0].hostPath.path"),
                     ("VENDOR-SET-HOSTPATH", "content.spec.Volumes[1].hostPath.path"),
                     ("VENDOR-SET-CAPABILITY", "content.spec.containers[0].securityContext")}


def test_validate_cli_reads_the_vendor_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = tmp_path / "request.json"
    request.write_text(json.dumps(_conformant()))
    assert main(["validate", "--profile", "vendor", str(request)]) == 0
    assert main(["validate", "--profile", "vendor", "--vendor-config", str(EXAMPLE_CONFIG), str(request)]) == 1
    assert "[VENDOR-SET-HOSTPATH]" in capsys.readouterr().out
    assert main(["validate", "--vendor-config", str(EXAMPLE_CONFIG), str(request)]) == 2
    assert "needs --profile vendor" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("podConfig: {privileged: maybe}\n")
    assert main(["validate", "--profile", "vendor", "--vendor-config", str(bad), str(request)]) == 2
    assert "podConfig.privileged must be true or false" in capsys.readouterr().err
