"""Pod Update's hand-written cases: what derivation from the table cannot produce by itself."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from harness.messages.pod_update.request import pod_update
from harness.messages.pod_update.samples import DELETION_FIELDS, conformant_pod, spec_maximal_pod
from harness.messages.pod_update.table import VENDOR_READ_LIMIT
from harness.rules.cases import ABSENT, VENDOR_ONLY, Case, Change

if TYPE_CHECKING:
    from harness.rules.spec import MessageSpec


def special_cases(spec: MessageSpec) -> list[Case]:
    """The deletion fields, the spec-maximal pod, a pod without volumes, a resource naming another
    pod, the vendor's read cut and a vendor-only content-less update."""
    deletion = tuple(Change(f"content.metadata.{k}", v) for k, v in DELETION_FIELDS.items())
    route_other = Change("route.resource", "websocket/pod/another-pod")
    no_volumes = (Change("content.spec.Volumes", ABSENT), Change("content.spec.containers[0].volumeMounts", ABSENT))
    return [
        Case("META-DELETION.fields-present", "META-DELETION-TIMESTAMP", "accept",
             "the deletion fields present, as when a pod is deleted", deletion),
        Case("POD.spec-maximal", "CTR-LIST", "accept",
             "a spec-maximal pod: every list at its maximum, every string at its longest",
             (Change("content", spec_maximal_pod()),),
             unanswered="the document sets no size limit (the vendor's edge reads at most 1 MiB of a message)"),
        Case("VOL-LIST.no-volumes-and-no-mounts", "VOL-LIST", "accept",
             "a pod without volumes and without mounts", no_volumes),
        Case("ROUTE-RESOURCE.names-another-pod", "ROUTE-RESOURCE", "reject",
             "a resource that names another pod", (route_other,)),
        *read_limit_cases(spec),
        Case("CONTENT-OBJECT.left-out-vendor", "CONTENT-OBJECT", "accept",
             "no content at all, which the vendor's edge does not check",
             (Change("content", ABSENT), Change("route.resource", pod_update(conformant_pod())["route"]["resource"])),
             profiles=VENDOR_ONLY),
    ]


def read_limit_cases(spec: MessageSpec) -> list[Case]:
    """A message padded (with a key nobody reads) to just under, and just past, the vendor's 1 MiB read cut."""
    base = Case("", "", "accept", "", (), spec=spec).build(msg_id="00000000-0000-4000-8000-000000000000",
                                                           timestamp=1652168697)
    size = len(json.dumps({**base, "padding": ""}, ensure_ascii=False, separators=(",", ":")).encode())
    room = VENDOR_READ_LIMIT - size
    return [
        Case("VENDOR-READ-LIMIT.just-under-1-mib", "VENDOR-READ-LIMIT", "accept",
             "a message padded to 64 bytes under 1 MiB", (Change("padding", "p" * (room - 64)),),
             profiles=VENDOR_ONLY),
        Case("VENDOR-READ-LIMIT.past-1-mib", "VENDOR-READ-LIMIT", "reject",
             "a message padded to 64 bytes past 1 MiB", (Change("padding", "p" * (room + 64)),),
             profiles=VENDOR_ONLY),
    ]
