"""Pod Update: the controller pushes a pod, the edge validates it and answers (pod-update.txt).

Everything Pod-Update-specific is in this folder: the rule table (``table.py``), the
conformant and spec-maximal pods (``samples.py``), the request builder (``request.py``), the
hand-written cases (``special_cases.py``) and the vendor's configuration-dependent checks
(``settings.py``). :data:`SPEC` ties them together for the registry (harness/messages).
"""

from __future__ import annotations

from harness.messages import RULESET_VERSION
from harness.messages.pod_update.request import POD_RESOURCE_PREFIX, POD_UPDATE_OPERATION, pod_update
from harness.messages.pod_update.samples import conformant_pod, declare_volumes, grow, spec_maximal_pod
from harness.messages.pod_update.settings import setting_violations
from harness.messages.pod_update.special_cases import special_cases
from harness.messages.pod_update.table import RULES
from harness.rules.spec import MessageSpec

SPEC = MessageSpec(
    key="pod-update",
    name="Pod Update",
    operation=POD_UPDATE_OPERATION,
    resource_prefix=POD_RESOURCE_PREFIX,
    rules=RULES,
    ruleset=RULESET_VERSION,
    sample=conformant_pod,
    request=pod_update,
    # Pod Update's ids predate namespaces: its rule ids, plus the families of its special cases.
    families=("META-DELETION", "POD"),
    maximal=spec_maximal_pod,
    grow=grow,
    declare=declare_volumes,
    special_cases=special_cases,
    settings=setting_violations,
    golden=(("ok", "fixtures/golden/answer-ok.json"), ("failed", "fixtures/golden/answer-failed.json")),
    features=("pod_update.feature", "boundaries.feature", "content_rules.feature", "envelope.feature",
              "vendor_boundaries.feature", "vendor_content_rules.feature", "vendor_envelope.feature",
              "informational.feature"),
)
POD_UPDATE = SPEC

__all__ = ["POD_RESOURCE_PREFIX", "POD_UPDATE", "SPEC", "conformant_pod", "pod_update", "spec_maximal_pod"]
