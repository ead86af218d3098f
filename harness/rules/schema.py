"""Export the rule table as JSON Schema (draft 2020-12), for vendors' own tooling.

The schema is generated from the same compiled tree the validator walks, so it cannot
drift from it. Keys match case-insensitively, as the vendor's Go decoder does: each
property is a ``patternProperties`` entry such as ``^[Vv][Oo][Ll]...$``, and "required"
is "some key matches" (``not: {propertyNames: {not: {pattern}}}``). Every sub-schema's
``title`` names its rule ids and ``description`` quotes the document.

Two things JSON Schema cannot say are listed under ``x-edgeconform-cross-field-rules``
and left to the validator: the route resource naming the pod, and mounts naming a
volume. On an object carrying one key in two spellings the schema judges both, where
Go (and the validator) keep the last.
"""

from __future__ import annotations

import json
import re
from typing import Any

from harness.rules.model import Profile, merge_schema
from harness.rules.spec import MessageSpec
from harness.rules.validator import Validator, _Node, validator_for

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def ci_pattern(key: str) -> str:
    """An anchored pattern matching ``key`` in any ASCII case."""
    parts = [f"[{c.upper()}{c.lower()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in key]
    return "^" + "".join(parts) + "$"


def _has_key(key: str) -> dict[str, Any]:
    return {"not": {"propertyNames": {"not": {"pattern": ci_pattern(key)}}}}


def _node_schema(node: _Node, profile: Profile) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if node.rules:
        owner = node.rules[0]
        out["title"] = ", ".join(r.id for r in node.rules)
        out["description"] = owner.spec
        type_schema = owner.go_type.schema()
        if owner.go_type.nullable:
            type_schema["type"] = [type_schema["type"], "null"]
        out.update(type_schema)
        for rule in node.rules:
            for clause in rule.constraints_for(profile):
                merge_schema(out, clause.schema())
    if node.children:
        out.setdefault("type", "object")
        plain = {k: c for k, c in node.children.items() if c.skip_if_empty is None}
        conditional = {k: c for k, c in node.children.items() if c.skip_if_empty is not None}
        out["patternProperties"] = {ci_pattern(c.key): _node_schema(c, profile) for c in plain.values()}
        for child in plain.values():
            if child.required:
                out.setdefault("allOf", []).append(_has_key(child.key))
        if conditional:
            sibling = next(iter(conditional.values())).skip_if_empty or ""
            sibling_key = node.children[sibling].key if sibling in node.children else sibling
            then: dict[str, Any] = {
                "patternProperties": {ci_pattern(c.key): _node_schema(c, profile) for c in conditional.values()}
            }
            required = [_has_key(c.key) for c in conditional.values() if c.required]
            if required:
                then["allOf"] = required
            out.setdefault("allOf", []).append({
                "$comment": f"If {sibling_key} is empty, probe parameters are not verified.",
                "if": {"allOf": [_has_key(sibling_key),
                                 {"patternProperties": {ci_pattern(sibling_key): {"type": "string", "minLength": 1}}}]},
                "then": then,
            })
    if node.items is not None:
        out["items"] = _node_schema(node.items, profile)
    return out


def schema_file(spec: MessageSpec, profile: Profile) -> str:
    """The exported schema's file name (``pod-update-request.strict.schema.json``)."""
    return f"{spec.key}-request.{profile}.schema.json"


def export_schema(spec: MessageSpec, profile: Profile = "strict") -> dict[str, Any]:
    """The JSON Schema of a conformant request of ``spec`` under ``profile``."""
    validator: Validator = validator_for(spec, profile)
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"https://edgeconform.invalid/schema/{spec.key}-request.{profile}.json",
        "x-edgeconform-ruleset": spec.ruleset,
        "x-edgeconform-profile": profile,
        "x-edgeconform-cross-field-rules": [
            {"rule": r.id, "spec": r.spec} for r in validator.cross_rules if r.cross_applies_in(profile)
        ],
    }
    schema.update(_node_schema(validator.root, profile))
    schema["title"] = f"{spec.name} request ({profile} profile)"
    return schema


def schema_text(spec: MessageSpec, profile: Profile = "strict") -> str:
    """The exported schema as the checked-in file holds it."""
    return json.dumps(export_schema(spec, profile), indent=2, ensure_ascii=False) + "\n"
