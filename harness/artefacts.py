"""Files generated from the rule table and checked in: the exported JSON Schemas, the
conformant request fixture, the rule reference (docs/rules.md) and the generated
feature files of the edge suite.

``generated()`` returns ``{relative path: text}``; ``edgeconform generate`` writes them
and ``edgeconform generate --check`` (run by the tests) fails when one is stale.
Nothing here does I/O; the command does.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from harness.features import FEATURES
from harness.message import pod_update
from harness.rules.model import PROFILES, Rule
from harness.rules.samples import conformant_pod
from harness.rules.schema import schema_text
from harness.rules.table import RULES, RULESET_VERSION

#: The msg_id and timestamp of the document's own example, reused by the fixture.
DOCUMENT_MSG_ID = "85c67925-5768-4edd-b40e-32cf106e07e8"
DOCUMENT_TIMESTAMP = 1652168697

GROUP_TITLES = {
    "envelope": "Envelope (header, route) and cross-field naming",
    "metadata": "content.metadata",
    "pod": "content.spec (pod level)",
    "volumes": "content.spec.Volumes",
    "containers": "content.spec.containers",
    "probes": "Probes (livenessProbe, readinessProbe)",
    "ports": "Container ports",
    "resources": "Container resources",
    "security": "Container securityContext",
    "mounts": "Container volumeMounts",
    "tolerations": "content.spec.tolerations",
}


def conformant_request_text() -> str:
    message = pod_update(conformant_pod(), msg_id=DOCUMENT_MSG_ID, timestamp=DOCUMENT_TIMESTAMP)
    return json.dumps(message, indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _constraint_text(rule: Rule, profile: str) -> str:
    clauses = rule.constraints_for("lenient" if profile == "lenient" else "strict")
    parts = [c.describe() for c in clauses]
    if rule.cross is not None:
        parts.append("cross-field check")
    return "; ".join(parts) or "type only"


def rules_markdown() -> str:
    """docs/rules.md: every rule with its id, path, type, constraint and the document's words."""
    lines = [
        "# The rule table",
        "",
        "Generated from `harness/rules/table.py` by `edgeconform generate`; do not edit by hand.",
        f"Rule-set version {RULESET_VERSION}: {len(RULES)} rules.",
        "",
        "*Presence*: **required** when the table does not mark the field \"Optional field\", its Go type",
        "is not a pointer, and Go's zero value (what the vendor's decoder leaves when the key is absent)",
        "breaks the row's own rule; otherwise optional. Keys match case-insensitively, as Go's",
        "`encoding/json` does. *Lenient* shows the constraint where the lenient profile differs",
        "(see [errata.md](errata.md)).",
        "",
    ]
    for group, title in GROUP_TITLES.items():
        rules = [r for r in RULES if r.group == group]
        if not rules:
            continue
        lines += [f"## {title}", "",
                  "| rule | path | type | constraint (strict) | lenient | presence | the document's words |",
                  "|---|---|---|---|---|---|---|"]
        for r in rules:
            paths = "<br>".join(f"`{p or '$'}`" for p in r.paths)
            lenient = _constraint_text(r, "lenient") if r.lenient is not None else "same"
            if r.source == "cross-field" and r.lenient == ():
                lenient = "not checked"
            presence = "required" if r.required_in == PROFILES else (
                "required (strict)" if r.required_in else "optional")
            if r.optional_why:
                presence += f": {r.optional_why}"
            words = _cell(r.spec) + (f" *Note: {_cell(r.note)}*" if r.note else "")
            erratum = f" (erratum {r.erratum})" if r.erratum else ""
            lines.append(f"| <a id=\"{r.id}\"></a>`{r.id}`{erratum} | {paths} | `{r.go_type.text}` | "
                         f"{_cell(_constraint_text(r, 'strict'))} | {_cell(lenient)} | {presence} | {words} |")
        lines.append("")
    return "\n".join(lines)


GENERATORS: dict[str, Callable[[], str]] = {
    "schema/pod-update-request.strict.schema.json": lambda: schema_text("strict"),
    "schema/pod-update-request.lenient.schema.json": lambda: schema_text("lenient"),
    "fixtures/conformant-request.json": conformant_request_text,
    "docs/rules.md": rules_markdown,
    **FEATURES,
}


def generated() -> dict[str, str]:
    """Every generated artefact: ``{path relative to the repository: text}``."""
    return {path: make() for path, make in GENERATORS.items()}
