"""Files generated from the message specs' rule tables and checked in: the exported JSON
Schemas (one per spec and profile), the conformant request fixture, the rule reference
(docs/rules.md, a section per further spec) and the generated feature files of the edge suite.

``generated()`` returns ``{relative path: text}``; ``edgeconform generate`` writes them
and ``edgeconform generate --check`` (run by the tests) fails when one is stale.
Nothing here does I/O; the command does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial

from harness.features import FEATURES
from harness.messages import RULESET_VERSION, all_rules, specs
from harness.messages.pod_update import POD_UPDATE
from harness.messages.pod_update.settings import SETTINGS
from harness.rules.model import PROFILES, Profile, Rule
from harness.rules.schema import schema_file, schema_text
from harness.rules.spec import MessageSpec

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


def conformant_request_text(spec: MessageSpec = POD_UPDATE) -> str:
    message = spec.sample_request(msg_id=DOCUMENT_MSG_ID, timestamp=DOCUMENT_TIMESTAMP)
    return json.dumps(message, indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _constraint_text(rule: Rule, profile: Profile) -> str:
    if not rule.applies_in(profile):
        return "not checked"
    parts = [c.describe() for c in rule.constraints_for(profile)]
    if rule.cross_applies_in(profile):
        parts.append("cross-field check")
    return "; ".join(parts) or "type only"


def _presence_text(rule: Rule) -> str:
    if rule.source == "cross-field":
        return "—"
    applying = [p for p in PROFILES if rule.applies_in(p)]
    required = [p for p in applying if p in rule.required_in]
    if not required:
        return "optional"
    if required == applying:
        return "required"
    return "required (" + ", ".join(required) + ")"


def _vendor_differs(rule: Rule) -> bool:
    """Whether the vendor profile judges ``rule`` otherwise than strict (constraints, check or presence)."""
    return (_constraint_text(rule, "vendor") != _constraint_text(rule, "strict")
            or ("vendor" in rule.required_in) != ("strict" in rule.required_in))


def _vendor_text(rule: Rule) -> str:
    vendor = rule.vendor
    where = f"`{vendor.source.rsplit('/', 1)[-1]}`: {vendor.check}" if vendor is not None else ""
    if not _vendor_differs(rule):
        return f"same ({where})" if where else "same"
    return f"{_constraint_text(rule, 'vendor')} ({where})"


def rules_markdown() -> str:
    """docs/rules.md: every rule with its id, path, type, constraint and the document's words."""
    lines = [
        "# The rule table",
        "",
        "Generated from `harness/messages/pod_update/table.py` by `edgeconform generate`; do not edit by hand.",
        f"Rule-set version {RULESET_VERSION}: {len(POD_UPDATE.rules)} rules.",
        "",
        "*Presence*: **required** when the table does not mark the field \"Optional field\", its Go type",
        "is not a pointer, and Go's zero value (what the vendor's decoder leaves when the key is absent)",
        "breaks the row's own rule; otherwise optional. Keys match case-insensitively, as Go's",
        "`encoding/json` does. *Lenient* shows the constraint where the lenient profile differs",
        "(see [errata.md](errata.md)); *vendor* what the vendor's own edge checks, with the vendor",
        "file it comes from (see [vendor-profile.md](vendor-profile.md)). Rules named `VENDOR-…`",
        "belong to the vendor profile only.",
        "",
    ]
    for group, title in GROUP_TITLES.items():
        lines += _rule_rows(f"## {title}", [r for r in POD_UPDATE.rules if r.group == group])
    for spec in specs():
        if spec is not POD_UPDATE:
            lines += _spec_section(spec)
    return "\n".join(lines)


def _spec_section(spec: MessageSpec) -> list[str]:
    """A further message type's rules: a heading, what selects it, then one table."""
    words = "the document's words" if spec.documented else "no words in the document: " + spec.undocumented_why
    return [f"# {spec.name}", "",
            f"Route `{spec.operation}` on `{spec.resource_prefix}…` (`--message {spec.key}`); "
            f"{len(spec.rules)} rules from `harness/messages/{spec.key.replace('-', '_')}/`. The last column: {words}.",
            "", *_rule_rows(f"## {spec.name}: every rule", list(spec.rules))]


def _rule_rows(heading: str, rules: list[Rule]) -> list[str]:
    """One table of rules under ``heading`` (nothing when there are none)."""
    lines: list[str] = []
    if rules:
        lines += [heading, "",
                  "| rule | path | type | constraint (strict) | lenient | vendor | presence | the document's words |",
                  "|---|---|---|---|---|---|---|---|"]
        for r in rules:
            paths = "<br>".join(f"`{p or '$'}`" for p in r.paths)
            lenient = _constraint_text(r, "lenient") if r.lenient is not None else "same"
            if r.profiles is not None:
                lenient = "not checked"
            presence = _presence_text(r)
            if r.optional_why:
                presence += f": {r.optional_why}"
            words = _cell(r.spec) + (f" *Note: {_cell(r.note)}*" if r.note else "")
            erratum = f" (erratum {r.erratum})" if r.erratum else ""
            lines.append(f"| <a id=\"{r.id}\"></a>`{r.id}`{erratum} | {paths} | `{r.go_type.text}` | "
                         f"{_cell(_constraint_text(r, 'strict'))} | {_cell(lenient)} | {_cell(_vendor_text(r))} | "
                         f"{presence} | {words} |")
        lines.append("")
    return lines


def vendor_markdown() -> str:
    """docs/vendor-profile.md: every rule on which strict, lenient and vendor do not all agree."""
    lines = [
        "# Where strict, lenient and vendor differ",
        "",
        "Generated from `harness/messages/*/table.py` by `edgeconform generate`; do not edit by hand.",
        "**strict** follows the document's table, **lenient** also accepts what the document's own",
        "example does ([errata.md](errata.md)), **vendor** judges as the vendor's own edge (Ascend/MEF,",
        "`src/mef-edge/edge-installer`) does: each row names the vendor file the fact comes from",
        "(paths are in the Ascend/MEF repository; no vendor code is copied here). Checks that depend",
        "on the edge's configuration (hostPath whitelist, security switches, container count, the",
        "node's own IPs for `hostIP`) are off unless `--vendor-config FILE` turns them on.",
        "",
        "| rule | path | the document's words | strict | lenient | vendor | vendor file and check |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in all_rules():
        texts = {p: _constraint_text(r, p) for p in PROFILES}
        presences = {p: ("required" if p in r.required_in else "optional") for p in PROFILES if r.applies_in(p)}
        if len(set(texts.values())) == 1 and len(set(presences.values())) <= 1:
            continue
        cells = {p: texts[p] + (f" ({presences[p]})" if len(set(presences.values())) > 1 and p in presences else "")
                 for p in PROFILES}
        vendor = r.vendor
        source = f"`{vendor.source}`: {vendor.check}" if vendor is not None else ""
        lines.append(f"| [{r.id}](rules.md#{r.id}) | `{r.paths[0] or '$'}` | {_cell(r.spec)} | "
                     f"{_cell(cells['strict'])} | {_cell(cells['lenient'])} | {_cell(cells['vendor'])} | "
                     f"{_cell(source)} |")
    lines += [
        "",
        "## Settings: the vendor checks that depend on the edge's configuration",
        "",
        "Off unless `--vendor-config FILE` (YAML, the vendor's own key names; the shipped defaults are in",
        "[vendor-config.example.yaml](vendor-config.example.yaml)) sets the key. A switch set to `false`",
        "refuses what it guards; a key left out turns its check off.",
        "",
        "| setting | key | vendor file and check |",
        "|---|---|---|",
        *(f"| `{s.id}` | `{s.key}` | `{s.vendor.source}`: {_cell(s.vendor.check)} |" for s in SETTINGS),
        "",
    ]
    return "\n".join(lines)


def _schema_generators() -> dict[str, Callable[[], str]]:
    """``schema/<key>-request.<profile>.schema.json`` of every spec and profile."""
    return {f"schema/{schema_file(spec, profile)}": partial(schema_text, spec, profile)
            for spec in specs() for profile in PROFILES}


GENERATORS: dict[str, Callable[[], str]] = {
    **_schema_generators(),
    "fixtures/conformant-request.json": conformant_request_text,
    "docs/rules.md": rules_markdown,
    "docs/vendor-profile.md": vendor_markdown,
    **FEATURES,
}


def generated() -> dict[str, str]:
    """Every generated artefact: ``{path relative to the repository: text}``."""
    return {path: make() for path, make in GENERATORS.items()}
