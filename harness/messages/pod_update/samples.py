"""Pod Update messages built from its table: the conformant pod and the spec-maximal pod.

``CONFORMANT_POD`` is the document's example content with its redactions filled with
real values and its errata resolved the strict way (docs/errata.md): ``emptyDir.medium``
``""``, every mount ``readOnly: true``, ``Scheme`` ``HTTP``, a ``localtime`` volume for
the ``localtime`` mount, no deletion fields (this is an update).
"""

from __future__ import annotations

import copy
from typing import Any

from harness.messages.pod_update.table import LINUX_CAPABILITIES, RULES
from harness.rules.model import Count, Rule
from harness.rules.paths import locate

CONFORMANT_POD: dict[str, Any] = {
    "metadata": {
        "creationTimestamp": "2022-05-10T07:44:54Z",
        "name": "root-test-6bf30364-3c62-493d-b3c1-848012fb8731",
        "namespace": "websocket",
        "resourceVersion": "0868647",
        "uid": "6bf30364-3c62-493d-b3c1-848012fb8731",
    },
    "spec": {
        "Volumes": [
            {"hostPath": {"path": "/etc/localtime", "type": ""}, "name": "localtime"},
            {"hostPath": {"path": "/home/mmc/data/", "type": ""}, "name": "11"},
            {"emptyDir": {"medium": ""}, "name": "22"},
            {"configMap": {"defaultMode": 420, "name": "configmap"}, "name": "44"},
        ],
        "containers": [{
            "env": [{"name": "ABCD", "value": "5000"}],
            "image": "registry.example.com/library/root-test:2.0",
            "imagePullPolicy": "IfNotPresent",
            "livenessProbe": {
                "exec": {"Command": ["/bin/echo"]},
                "failureThreshold": 3,
                "initialDelaySeconds": 20,
                "periodSeconds": 30,
                "successThreshold": 1,
                "timeoutSeconds": 10,
            },
            "readinessProbe": {
                "failureThreshold": 3,
                "httpGet": {"Host": "127.0.0.1", "Path": "/tmp/test", "Port": 10000, "Scheme": "HTTP"},
                "initialDelaySeconds": 20,
                "periodSeconds": 30,
                "successThreshold": 1,
                "timeoutSeconds": 10,
            },
            "name": "container-0",
            "ports": [
                {"containerPort": 33, "hostPort": 3000, "protocol": "TCP", "hostIP": "127.0.0.1"},
                {"containerPort": 44, "hostPort": 4000, "protocol": "TCP", "hostIP": "127.0.0.1"},
            ],
            "resources": {
                "limits": {"cpu": "1", "memory": "512Mi"},
                "requests": {"cpu": "0.25", "memory": "512Mi"},
            },
            "securityContext": {
                "capabilities": {"add": ["SETPCAP", "MKNOD"]},
                "privileged": False,
                "runAsGroup": 1024,
                "runAsUser": 1024,
            },
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "volumeMounts": [
                {"mountPath": "/etc/localtime", "name": "localtime", "readOnly": True},
                {"mountPath": "/home/mmc/data/", "name": "11", "readOnly": True},
                {"mountPath": "/tmp1", "name": "22", "readOnly": True},
                {"mountPath": "/tmp3", "name": "44", "readOnly": True},
            ],
        }],
        "dnsPolicy": "ClusterFirst",
        "hostNetwork": False,
        "imagePullSecrets": [{"name": "fusion-director-docker-registry-secret"}],
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "securityContext": {},
        "serviceAccount": "default",
        "serviceAccountName": "default",
        "terminationGracePeriodSeconds": 30,
        "tolerations": [
            {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists"},
            {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists"},
            {"effect": "NoExecute", "key": "node.kubernetes.io/network-unavailable", "operator": "Exists"},
        ],
    },
}

#: The deletion fields the table says are "carried when a pod is deleted".
DELETION_FIELDS: dict[str, Any] = {"deletionTimestamp": "2023-03-10T09:14:49Z", "deletionGracePeriodSeconds": 30}


def conformant_pod() -> dict[str, Any]:
    """A fresh deep copy of :data:`CONFORMANT_POD`."""
    return copy.deepcopy(CONFORMANT_POD)


def _count_rules() -> list[tuple[Rule, Count]]:
    return [(r, c) for r in RULES for c in r.constraints if isinstance(c, Count)]


def spec_maximal_pod() -> dict[str, Any]:
    """Every list at its documented maximum, every bounded string at its longest.

    Derived from the table: each rule's ``longest`` value is written at every place
    the rule applies, then every list is grown to its ``Count`` maximum (innermost lists
    first) with :func:`grow`, so that no volume name, container name, env name, mount
    path, host port, toleration key or capability repeats (Kubernetes, to which the
    document defers, forbids those repeats). Names keep their longest length: the copies
    differ in their last characters. Mount i of every container mounts volume i.
    """
    message: dict[str, Any] = {"content": conformant_pod()}
    pod = message["content"]
    for rule in RULES:
        if rule.longest is None:
            continue
        for path in rule.paths:
            for place in locate(message, path):
                place.set(copy.deepcopy(rule.longest))
    for rule, count in sorted(_count_rules(), key=lambda rc: -rc[0].paths[0].count("[]")):
        for path in rule.paths:
            for place in locate(message, path):
                items = place.get()
                if isinstance(items, list) and items:
                    place.set(grow(path, items[:1], count.high))
    volumes = pod["spec"]["Volumes"]
    for container in pod["spec"]["containers"]:
        for mount, volume in zip(container["volumeMounts"], volumes, strict=True):
            mount["name"] = volume["name"]
    return pod  # type: ignore[no-any-return]


#: The fields that identify each element of a list, by the list's key: what must not repeat
#: (a mount's volume too: Kubernetes reads a volume mounted twice as a mistake, the vendor refuses it).
IDENTITY_FIELDS: dict[str, tuple[str, ...]] = {
    "Volumes": ("name",), "containers": ("name",), "env": ("name",), "volumeMounts": ("mountPath", "name"),
    "tolerations": ("key",),
}
HOST_PORT_RANGE = (1024, 65535)
CONTAINER_PORT_RANGE = (1, 65535)


def grow(path: str, items: list[Any], n: int) -> list[Any]:
    """``items`` cut or grown to ``n`` elements, every new one a copy of the last, made distinct.

    ``path`` is the list's path (``content.spec.containers``): its last key says what
    identifies an element (:data:`IDENTITY_FIELDS`; capability names for
    ``capabilities.add``). A boundary pod is conformant in every other respect, so copies
    never repeat a name, a mount path, a host port (across the whole list, containers
    included) or a capability.
    """
    grown = [copy.deepcopy(item) for item in items[:n]]
    while items and len(grown) < n:
        grown.append(copy.deepcopy(items[-1]))
    return make_distinct(path, grown)


def make_distinct(path: str, items: list[Any]) -> list[Any]:
    """``items`` (a list at ``path``) with every repeated identity replaced by a fresh one, in place."""
    key = path.rsplit(".", 1)[-1].removesuffix("[]")
    if key == "add":
        _distinct_capabilities(items)
    for field in IDENTITY_FIELDS.get(key, ()):
        _distinct_texts([item for item in items if isinstance(item, dict)], field)
    if key == "containers":
        for container in (c for c in items if isinstance(c, dict)):
            for inner in ("env", "volumeMounts", "ports"):
                if isinstance(container.get(inner), list):
                    make_distinct(inner, container[inner])
        _distinct_numbers([p for c in items if isinstance(c, dict) and isinstance(c.get("ports"), list)
                           for p in c["ports"]], "hostPort", HOST_PORT_RANGE)
    if key == "ports":
        _distinct_numbers(items, "hostPort", HOST_PORT_RANGE)
        _distinct_numbers(items, "containerPort", CONTAINER_PORT_RANGE)
    return items


def declare_volumes(volumes: list[Any], names: list[Any]) -> list[Any]:
    """``volumes`` with a copy of its last volume appended for every name in ``names`` it does not declare."""
    declared = {v.get("name") for v in volumes if isinstance(v, dict)}
    out = copy.deepcopy(volumes)
    for name in names:
        if isinstance(name, str) and name not in declared and out:
            out.append({**copy.deepcopy(out[-1]), "name": name})
            declared.add(name)
    return out


def _distinct_texts(items: list[dict[str, Any]], field: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        value = item.get(field)
        if not isinstance(value, str):
            continue
        tag = index
        while value in seen:
            value = _tagged(item[field], tag)
            tag += len(items)
        item[field] = value
        seen.add(value)


def _tagged(text: str, number: int) -> str:
    """``text`` with its last characters replaced by ``number`` (its length kept where it can be)."""
    tag = str(number)
    if len(text) > len(tag) + 1:
        return text[: len(text) - len(tag)] + tag
    return f"{text}{tag}"


def _distinct_numbers(ports: list[Any], field: str, bounds: tuple[int, int]) -> None:
    low, high = bounds
    seen: set[int] = set()
    for port in ports:
        if not isinstance(port, dict) or type(port.get(field)) is not int:
            continue
        number = port[field]
        while number in seen:
            number = number + 1 if number < high else low
        port[field] = number
        seen.add(number)


def _distinct_capabilities(items: list[Any]) -> None:
    unused = iter(c for c in LINUX_CAPABILITIES if c not in items)
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item in seen:
            items[index] = next(unused)
        seen.add(items[index])


def conformant_pod_of_at_least(size_bytes: int) -> dict[str, Any]:
    """The conformant pod grown (env values of 512 characters, then more containers) past ``size_bytes``.

    Stays conformant: every list within its maximum (raises ValueError beyond what the
    table allows in one pod).
    """
    from harness.message import encode

    pod = conformant_pod()
    template = copy.deepcopy(pod["spec"]["containers"][0])
    template["env"] = [{"name": f"VAR{i}", "value": "v" * 512} for i in range(256)]
    containers: list[dict[str, Any]] = []
    while len(encode(pod).encode()) < size_bytes:
        if len(containers) == 10:
            raise ValueError(f"no conformant pod reaches {size_bytes} bytes this way")
        container = copy.deepcopy(template)
        container["name"] = f"container-{len(containers)}"
        containers.append(container)
        pod["spec"]["containers"] = make_distinct("containers", containers)
    return pod
