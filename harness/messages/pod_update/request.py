"""The Pod Update request, as the document's "Message instance" shows it (pod-update.txt)."""

from __future__ import annotations

import time
from typing import Any

from harness.json_keys import get_ci
from harness.message import new_msg_id

#: ``route.resource`` of a pod update: this prefix, then the pod's name (pod-update.txt, ROUTE-RESOURCE).
POD_RESOURCE_PREFIX = "websocket/pod/"
#: ``route.operation`` of a pod update.
POD_UPDATE_OPERATION = "update"


def pod_update(pod: Any, *, msg_id: str | None = None, timestamp: int | None = None) -> dict[str, Any]:
    """The pod update request for ``pod``, as the document's "Message instance" shows it."""
    name = get_ci(get_ci(pod, "metadata"), "name")
    return {
        "header": {
            "msg_id": msg_id or new_msg_id(),
            "parent_msg_id": "",
            "timestamp": timestamp if timestamp is not None else int(time.time()),
            "resourceversion": "",
            "sync": True,
        },
        "route": {
            "source": "controller",
            "group": "resource",
            "operation": POD_UPDATE_OPERATION,
            "resource": f"{POD_RESOURCE_PREFIX}{name}",
        },
        "content": pod,
    }
