"""Boundary pods are conformant in every other respect: no list repeats what names its elements.

Kubernetes, to which the document defers, forbids two volumes, containers or env variables of
the same name, two mounts on the same path and two ports on the same host port; the vendor's edge
rejects them too. A boundary pod that repeated them would be rejected for a reason of our own.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from harness.messages.pod_update import POD_UPDATE, pod_update
from harness.messages.pod_update.samples import conformant_pod, conformant_pod_of_at_least, grow, spec_maximal_pod
from harness.messages.pod_update.table import LINUX_CAPABILITIES

REPOSITORY = Path(__file__).resolve().parents[2]


def repeats(pod: Any) -> list[str]:
    """What a pod repeats: volume, container or env names, mount paths, mounted volumes and container ports
    (per container), host ports (per pod), capabilities."""
    if not isinstance(pod, dict) or not isinstance(pod.get("spec"), dict):
        return []
    spec = pod["spec"]

    def listed(items: Any, key: str) -> list[Any]:
        return [i[key] for i in items if isinstance(i, dict) and key in i] if isinstance(items, list) else []

    def doubled(what: str, values: list[Any]) -> list[str]:
        return [f"{what} {v!r} x{n}" for v, n in Counter(map(json.dumps, values)).items() if n > 1]

    containers = [c for c in spec.get("containers") or [] if isinstance(c, dict)]
    out = doubled("volume name", listed(spec.get("Volumes"), "name"))
    out += doubled("container name", listed(containers, "name"))
    out += doubled("hostPort", [p for c in containers for p in listed(c.get("ports"), "hostPort")])
    for container in containers:
        out += doubled("env name", listed(container.get("env"), "name"))
        out += doubled("mount path", listed(container.get("volumeMounts"), "mountPath"))
        out += doubled("mounted volume", listed(container.get("volumeMounts"), "name"))
        out += doubled("containerPort", listed(container.get("ports"), "containerPort"))
        capabilities = ((container.get("securityContext") or {}).get("capabilities") or {}).get("add")
        out += doubled("capability", capabilities if isinstance(capabilities, list) else [])
    return out


def test_the_repeat_finder_catches_a_planted_repeat() -> None:
    pod = conformant_pod()
    container = pod["spec"]["containers"][0]
    container["env"].append(dict(container["env"][0]))
    container["ports"][1]["hostPort"] = container["ports"][0]["hostPort"]
    container["volumeMounts"][1]["mountPath"] = container["volumeMounts"][0]["mountPath"]
    container["volumeMounts"][2]["name"] = container["volumeMounts"][3]["name"]
    container["ports"][1]["containerPort"] = container["ports"][0]["containerPort"]
    pod["spec"]["Volumes"][1]["name"] = pod["spec"]["Volumes"][0]["name"]
    found = " ".join(repeats(pod))
    for what in ("env name", "hostPort", "mount path", "volume name", "mounted volume", "containerPort"):
        assert what in found


def test_the_conformant_fixtures_repeat_nothing() -> None:
    assert repeats(conformant_pod()) == []
    request = json.loads((REPOSITORY / "fixtures" / "conformant-request.json").read_text(encoding="utf-8"))
    assert repeats(request["content"]) == []


@pytest.mark.parametrize("case", [c for c in POD_UPDATE.all_cases() if c.expect == "accept"], ids=lambda c: c.id)
def test_no_boundary_pod_repeats_a_name_a_path_or_a_host_port(case: Any) -> None:
    assert repeats(case.build().get("content")) == []


def test_every_mount_of_a_boundary_pod_names_a_declared_volume() -> None:
    for case in (c for c in POD_UPDATE.cases("strict") if c.expect == "accept"):
        spec = case.build()["content"]["spec"]
        declared = {v["name"] for v in spec.get("Volumes") or []}
        mounted = {m["name"] for c in spec["containers"] for m in c.get("volumeMounts") or []}
        assert mounted <= declared, case.id


def test_lists_grown_past_their_maximum_repeat_nothing_either() -> None:
    grown = [c for c in POD_UPDATE.all_cases() if "one-too-many" in c.id]
    assert len(grown) >= 7
    assert all(repeats(c.build().get("content")) == [] for c in grown)


def test_the_spec_maximal_pod_and_the_large_pods_repeat_nothing_and_stay_conformant() -> None:
    maximal = spec_maximal_pod()
    assert repeats(maximal) == []
    assert len(maximal["spec"]["containers"]) == 10
    assert {len(c["env"]) for c in maximal["spec"]["containers"]} == {256}
    large = conformant_pod_of_at_least(1100 * 1024)
    assert repeats(large) == []
    assert POD_UPDATE.validate(pod_update(large)) == []


def test_grown_names_keep_their_length_and_copies_of_capabilities_are_other_capabilities() -> None:
    volumes = grow("content.spec.Volumes", [{"name": "V" * 63}], 256)
    assert {len(v["name"]) for v in volumes} == {63} and len({v["name"] for v in volumes}) == 256
    added = grow("content.spec.containers[].securityContext.capabilities.add", ["MKNOD"], 5)
    assert len(set(added)) == 5 and set(added) <= set(LINUX_CAPABILITIES)
