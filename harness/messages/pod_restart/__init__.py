"""Pod Restart: the controller asks the edge to restart a pod it runs (the vendor's edge takes it:
Ascend/MEF allowed_messages.go, ``controllerToResourceByRestart``; pod-update.txt does not describe it).

The request is the envelope of a pod update with route operation ``restart`` and no content;
the pod is named by ``route.resource``. Its rules (``table.py``) rest on the vendor's code only.
"""

from __future__ import annotations

import time
from typing import Any

from harness.message import new_msg_id
from harness.messages import RULESET_VERSION
from harness.messages.pod_restart.table import RULES
from harness.rules.spec import MessageSpec

RESOURCE_PREFIX = "websocket/pod/"
#: The pod the conformant restart names (the conformant pod update's pod: deploy it first).
POD_NAME = "root-test-6bf30364-3c62-493d-b3c1-848012fb8731"


def conformant_content() -> str:
    """A restart carries no content: the empty string (Go's zero value, which the vendor skips)."""
    return ""


def pod_restart(content: Any = "", *, msg_id: str | None = None, timestamp: int | None = None,
                pod: str = POD_NAME) -> dict[str, Any]:
    """The restart request of pod ``pod`` carrying ``content`` (none: ``""``)."""
    return {
        "header": {"msg_id": msg_id or new_msg_id(), "parent_msg_id": "",
                   "timestamp": timestamp if timestamp is not None else int(time.time()),
                   "resourceversion": "", "sync": True},
        "route": {"source": "controller", "group": "resource", "operation": "restart",
                  "resource": f"{RESOURCE_PREFIX}{pod}"},
        "content": content,
    }


SPEC = MessageSpec(
    key="pod-restart",
    name="Pod Restart",
    operation="restart",
    resource_prefix=RESOURCE_PREFIX,
    rules=RULES,
    ruleset=RULESET_VERSION,
    sample=conformant_content,
    request=pod_restart,
    namespace="RESTART",
    documented=False,
    undocumented_why="pod-update.txt does not describe pod restart; the expectation rests on the vendor's edge "
                     "(Ascend/MEF) only",
    golden=(("ok", "fixtures/golden/answer-ok.json"), ("failed", "fixtures/golden/answer-failed.json")),
    features=("pod_restart.feature",),
)
