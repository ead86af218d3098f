"""The vendor profile's settings: checks of the vendor's edge that depend on its configuration.

The vendor's edge reads switches and a hostPath whitelist from its pod configuration
(``podConfig``: what edge-om pushes as pod-config.json and container-config.json), and judges
``hostIP`` against the node's own addresses and requests against the node's free resources.
None of that is in the document, and none of it is the same on two edges: these checks are
off unless a setting turns them on (``--vendor-config FILE``; docs/vendor-config.example.yaml
holds the vendor's shipped defaults). This module reads the configuration; the checks it turns
on belong to a message type (the pod's: harness/messages/pod_update/settings.py), each one entry:
a stable id, the key that turns it on, the vendor file it comes from and the check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from harness.rules.model import quantity_value, short


class VendorConfigError(ValueError):
    """A vendor configuration that cannot be used (the message says which key and why)."""


_SWITCHES = ("hostPid", "capability", "privileged", "allowPrivilegeEscalation", "runAsRoot", "useHostNetwork",
             "useSeccomp", "allowReadWriteRootFs")


@dataclass(frozen=True)
class VendorConfig:
    """The settings in force; ``None`` (or a switch left out) means the check is off."""

    switches: Mapping[str, bool] = field(default_factory=dict)
    host_paths: tuple[str, ...] | None = None
    max_containers: int | None = None
    node_ips: tuple[str, ...] | None = None
    allocatable: Mapping[str, Decimal] | None = None

    @classmethod
    def from_mapping(cls, data: Any) -> VendorConfig:
        """Read the YAML document's mapping (``podConfig``, ``nodeIPs``, ``allocatable``)."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise VendorConfigError("the vendor config must be a mapping")
        unknown = set(data) - {"podConfig", "nodeIPs", "allocatable"}
        if unknown:
            raise VendorConfigError(f"unknown key(s) {', '.join(sorted(unknown))}: "
                                    "expected podConfig, nodeIPs, allocatable")
        pod = data.get("podConfig") or {}
        if not isinstance(pod, dict):
            raise VendorConfigError("podConfig must be a mapping")
        switches: dict[str, bool] = {}
        for key in _SWITCHES:
            if key in pod:
                if not isinstance(pod[key], bool):
                    raise VendorConfigError(f"podConfig.{key} must be true or false")
                switches[key] = pod[key]
        host_paths = pod.get("hostPath")
        if host_paths is not None and not (isinstance(host_paths, list)
                                           and all(isinstance(p, str) for p in host_paths)):
            raise VendorConfigError("podConfig.hostPath must be a list of paths")
        max_containers = pod.get("maxContainerNumber")
        if max_containers is not None and (type(max_containers) is not int or max_containers < 1):
            raise VendorConfigError("podConfig.maxContainerNumber must be a positive integer")
        node_ips = data.get("nodeIPs")
        if node_ips is not None and not (isinstance(node_ips, list) and all(isinstance(i, str) for i in node_ips)):
            raise VendorConfigError("nodeIPs must be a list of IPv4 addresses (or \"*\")")
        allocatable: dict[str, Decimal] | None = None
        if data.get("allocatable") is not None:
            if not isinstance(data["allocatable"], dict):
                raise VendorConfigError("allocatable must map resource names to quantities")
            allocatable = {}
            for name, quantity in data["allocatable"].items():
                amount = quantity_value(quantity)
                if amount is None:
                    raise VendorConfigError(f"allocatable.{name}: {short(quantity)} is not a quantity")
                allocatable[str(name)] = amount
        return cls(switches, tuple(host_paths) if host_paths is not None else None, max_containers,
                   tuple(node_ips) if node_ips is not None else None, allocatable)

    def refuses(self, switch: str) -> bool:
        """Whether the switch is set and off (the vendor then refuses what it guards)."""
        return self.switches.get(switch) is False
