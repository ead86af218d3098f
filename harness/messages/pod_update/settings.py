"""The vendor profile's settings for Pod Update: checks of the vendor's edge that depend on its
configuration (harness/rules/vendor_config.py reads the configuration; docs/vendor-profile.md).

None of these is in the document, and none of it is the same on two edges: each check is off
unless a setting turns it on (``--vendor-config FILE``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from harness.messages.pod_update.table import V_CONTAINER_CHECKER, V_FD_POD_CHECKER, V_POD_CHECKER
from harness.rules.model import Vendor, get_ci, quantity_value, short
from harness.rules.vendor_config import VendorConfig

#: constants.go: a hostPath under the model-file directory passes when the directory is whitelisted.
_MODEL_FILE_DIR = "/var/lib/docker/modelfile"


def _go_clean(path: str) -> str:
    """Go's ``filepath.Clean`` for an absolute path."""
    cleaned = posixpath.normpath(path)
    return "/" + cleaned.lstrip("/") if cleaned.startswith("//") else cleaned


def _pod(message: Any) -> dict[str, Any]:
    content = get_ci(message, "content") if isinstance(message, dict) else None
    return content if isinstance(content, dict) else {}


def _dict(value: Any, key: str) -> dict[str, Any]:
    found = get_ci(value, key) if isinstance(value, dict) else None
    return found if isinstance(found, dict) else {}


def _list(value: Any, key: str) -> list[Any]:
    found = get_ci(value, key) if isinstance(value, dict) else None
    return found if isinstance(found, list) else []


def _containers(pod: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"content.spec.containers[{i}]", c) for i, c in enumerate(_list(_dict(pod, "spec"), "containers"))
            if isinstance(c, dict)]


def _being_deleted(pod: dict[str, Any]) -> bool:
    """fd_container_checker.go: a graceful delete skips the container checks."""
    return get_ci(_dict(pod, "metadata"), "deletionTimestamp") is not None


Found = list[tuple[str, str]]


def _host_paths(config: VendorConfig, pod: dict[str, Any]) -> Found:
    if config.host_paths is None:
        return []
    whitelist = set(config.host_paths)
    out: Found = []
    for i, volume in enumerate(_list(_dict(pod, "spec"), "Volumes")):
        path = get_ci(_dict(volume, "hostPath"), "path")
        if not isinstance(path, str):
            continue
        if path.startswith(_MODEL_FILE_DIR + "/") and _MODEL_FILE_DIR in whitelist:
            continue
        if _go_clean(path) not in whitelist:
            out.append((f"content.spec.Volumes[{i}].hostPath.path", f"{short(path)} is not on the hostPath whitelist"))
    return out


def _container_count(config: VendorConfig, pod: dict[str, Any]) -> Found:
    count = len(_list(_dict(pod, "spec"), "containers"))
    if config.max_containers is not None and count > config.max_containers:
        return [("content.spec.containers", f"{count} containers; the node allows {config.max_containers}")]
    return []


def _pod_switch(switch: str, key: str) -> Callable[[VendorConfig, dict[str, Any]], Found]:
    def check(config: VendorConfig, pod: dict[str, Any]) -> Found:
        if config.refuses(switch) and get_ci(_dict(pod, "spec"), key) is True:
            return [(f"content.spec.{key}", f"{key} true, and the edge's {switch} switch is off")]
        return []

    return check


def _container_switch(switch: str, refused: Callable[[dict[str, Any]], str | None]
                      ) -> Callable[[VendorConfig, dict[str, Any]], Found]:
    def check(config: VendorConfig, pod: dict[str, Any]) -> Found:
        if not config.refuses(switch) or _being_deleted(pod):
            return []
        out: Found = []
        for path, container in _containers(pod):
            context = get_ci(container, "securityContext")
            if isinstance(context, dict) and (what := refused(context)) is not None:
                out.append((f"{path}.securityContext", f"{what}, and the edge's {switch} switch is off"))
        return out

    return check


def _adds_capabilities(context: dict[str, Any]) -> str | None:
    return "capabilities added" if _list(_dict(context, "capabilities"), "add") else None


def _privileged(context: dict[str, Any]) -> str | None:
    return "privileged true" if get_ci(context, "privileged") is True else None


def _root(context: dict[str, Any]) -> str | None:
    for key in ("runAsUser", "runAsGroup"):
        value = get_ci(context, key)
        if type(value) is int and value == 0:
            return f"{key} 0 (root)"
    return None


def _read_write_root(context: dict[str, Any]) -> str | None:
    value = get_ci(context, "readOnlyRootFilesystem")
    return "readOnlyRootFilesystem false" if value is not None and value is not True else None


def _escalation(context: dict[str, Any]) -> str | None:
    value = get_ci(context, "allowPrivilegeEscalation")
    return "allowPrivilegeEscalation true" if value is not None and value is not False else None


def _seccomp(context: dict[str, Any]) -> str | None:
    profile = get_ci(context, "seccompProfile")
    if profile is None:
        return None
    if isinstance(profile, dict) and get_ci(profile, "type") == "RuntimeDefault" \
            and get_ci(profile, "localhostProfile") is None:
        return None
    return "a seccompProfile other than RuntimeDefault"


def _node_ips(config: VendorConfig, pod: dict[str, Any]) -> Found:
    if config.node_ips is None or "*" in config.node_ips or _being_deleted(pod):
        return []
    owned = set(config.node_ips)
    out: Found = []
    for path, container in _containers(pod):
        for i, port in enumerate(_list(container, "ports")):
            ip = get_ci(port, "hostIP") if isinstance(port, dict) else None
            if isinstance(ip, str) and ip not in owned:
                out.append((f"{path}.ports[{i}].hostIP", f"{short(ip)} is not an address of the node"))
    return out


def _node_resources(config: VendorConfig, pod: dict[str, Any]) -> Found:
    if config.allocatable is None:
        return []
    needs: dict[str, Decimal] = {}
    for _, container in _containers(pod):
        resources = _dict(container, "resources")
        requests, limits = _dict(resources, "requests"), _dict(resources, "limits")
        for name, quantity in requests.items():
            request = quantity_value(quantity) or Decimal(0)
            limit = quantity_value(limits.get(name)) if name in limits else None
            needs[name] = needs.get(name, Decimal(0)) + max(request, limit if limit is not None else request)
    return [("content.spec.containers", f"the pod needs {amount.normalize()} {name}; the node has "
                                        f"{config.allocatable.get(name, Decimal(0)).normalize()}")
            for name, amount in needs.items() if amount > config.allocatable.get(name, Decimal(0))]


@dataclass(frozen=True)
class Setting:
    """One configuration-dependent check of the vendor's edge."""

    id: str
    key: str
    vendor: Vendor
    check: Callable[[VendorConfig, dict[str, Any]], Found]


SETTINGS: tuple[Setting, ...] = (
    Setting("VENDOR-SET-HOSTPATH", "podConfig.hostPath",
            Vendor(V_FD_POD_CHECKER, "checkHostPath: filepath.Clean(path) on the whitelist"), _host_paths),
    Setting("VENDOR-SET-CONTAINERS", "podConfig.maxContainerNumber",
            Vendor(V_FD_POD_CHECKER, "checkContainersNumber (no other pod deployed)"), _container_count),
    Setting("VENDOR-SET-HOST-NETWORK", "podConfig.useHostNetwork",
            Vendor(V_POD_CHECKER, "checkHostNetwork"), _pod_switch("useHostNetwork", "hostNetwork")),
    Setting("VENDOR-SET-HOST-PID", "podConfig.hostPid",
            Vendor(V_POD_CHECKER, "checkHostPid"), _pod_switch("hostPid", "hostPID")),
    Setting("VENDOR-SET-CAPABILITY", "podConfig.capability",
            Vendor(V_CONTAINER_CHECKER, "checkContainerCapability"),
            _container_switch("capability", _adds_capabilities)),
    Setting("VENDOR-SET-PRIVILEGED", "podConfig.privileged",
            Vendor(V_CONTAINER_CHECKER, "checkContainerPrivileged"), _container_switch("privileged", _privileged)),
    Setting("VENDOR-SET-RUN-AS-ROOT", "podConfig.runAsRoot",
            Vendor(V_CONTAINER_CHECKER, "checkContainerRunningUserPara / GroupPara"),
            _container_switch("runAsRoot", _root)),
    Setting("VENDOR-SET-READ-WRITE-ROOTFS", "podConfig.allowReadWriteRootFs",
            Vendor(V_CONTAINER_CHECKER, "checkReadOnlyRootFilesystem"),
            _container_switch("allowReadWriteRootFs", _read_write_root)),
    Setting("VENDOR-SET-PRIVILEGE-ESCALATION", "podConfig.allowPrivilegeEscalation",
            Vendor(V_CONTAINER_CHECKER, "checkAllowPrivilegeEscalation"),
            _container_switch("allowPrivilegeEscalation", _escalation)),
    Setting("VENDOR-SET-SECCOMP", "podConfig.useSeccomp",
            Vendor(V_CONTAINER_CHECKER, "checkContainerSeccomp"), _container_switch("useSeccomp", _seccomp)),
    Setting("VENDOR-SET-NODE-IPS", "nodeIPs",
            Vendor(V_CONTAINER_CHECKER, "checkHostIP: the node must own the hostIP"), _node_ips),
    Setting("VENDOR-SET-NODE-RESOURCES", "allocatable",
            Vendor(V_POD_CHECKER, "checkPodResources: max(request, limit) summed over containers <= free"),
            _node_resources),
)


def setting_violations(message: Any, config: VendorConfig) -> list[tuple[str, str, str]]:
    """(setting id, path, message) for every configuration-dependent check ``message`` breaks."""
    pod = _pod(message)
    return [(s.id, path, text) for s in SETTINGS for path, text in s.check(config, pod)]
