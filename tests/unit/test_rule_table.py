"""The rule table is a faithful, complete reading of the document's table."""

from __future__ import annotations

import re

import pytest

from harness.messages.pod_update import POD_UPDATE, pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.rules.model import Pattern
from harness.rules.paths import locate
from tests.spec_document import DOCUMENT, table_rows

needs_document = pytest.mark.skipif(not DOCUMENT.exists(), reason=f"the vendor document is not at {DOCUMENT}")


def _normalized(path: str) -> str:
    path = path.removeprefix("content.").replace("[]", "")
    return path.replace("livenessProbe or ReadinessProbe", "livenessProbe").lower()


@needs_document
def test_every_row_of_the_document_table_maps_to_exactly_one_rule() -> None:
    table_rules = [r for r in POD_UPDATE.rules if r.source == "table"]
    by_path: dict[str, list[str]] = {}
    for rule in table_rules:
        by_path.setdefault(_normalized(rule.paths[0]), []).append(rule.id)
    rows = table_rows()
    assert len(rows) == 73
    unmapped = [row.path for row in rows if len(by_path.get(_normalized(row.path), [])) != 1]
    assert unmapped == []
    assert len(table_rules) == len(rows), "a table rule that no row of the document gives"


@needs_document
def test_every_table_rule_quotes_the_type_its_row_gives() -> None:
    by_path = {_normalized(r.paths[0]): r for r in POD_UPDATE.rules if r.source == "table"}
    for row in table_rows():
        rule = by_path[_normalized(row.path)]
        assert row.type_text.removeprefix("Type: ") == rule.go_type.text, row.path
        assert row.type_text in rule.spec or rule.spec.startswith(row.path.split(".")[-1]), row.path


@needs_document
def test_every_pattern_of_the_table_is_quoted_verbatim_from_the_document() -> None:
    document = DOCUMENT.read_text(encoding="utf-8")
    for rule in POD_UPDATE.rules:
        if rule.source != "table":
            continue
        for clause in rule.constraints:
            if isinstance(clause, Pattern) and not clause.meaning and not clause.go.startswith("^$|"):
                assert clause.go in document, (rule.id, clause.go)
                assert clause.go in rule.spec, rule.id


def test_rule_ids_are_unique_and_well_formed() -> None:
    ids = [r.id for r in POD_UPDATE.rules]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Z][A-Z0-9-]*", i) for i in ids)
    assert set(POD_UPDATE.rules_by_id) == set(ids)


def test_every_rule_carries_the_words_of_the_document() -> None:
    assert all(r.spec.strip() for r in POD_UPDATE.rules)


def test_every_rule_path_is_present_in_the_conformant_request() -> None:
    request = pod_update(conformant_pod())
    missing = []
    for rule in POD_UPDATE.rules:
        if rule.paths == ("",):
            continue
        present = any(p.exists() for template in rule.paths for p in locate(request, template))
        if not present and not rule.optional_why:  # the deletion fields are absent from an update on purpose
            missing.append(rule.id)
    assert missing == []


@pytest.mark.parametrize("profile", ["strict", "lenient", "vendor"])
def test_every_rule_has_a_negative_case(profile: str) -> None:
    negative = {c.rule for c in POD_UPDATE.cases(profile) if c.expect == "reject"}  # type: ignore[arg-type]
    absent = [r.id for r in POD_UPDATE.rules if r.applies_in(profile) and r.id not in negative]  # type: ignore[arg-type]
    assert absent == []


def test_presence_follows_the_go_zero_value_reading() -> None:
    required = {r.id for r in POD_UPDATE.rules if "strict" in r.required_in}
    assert {"META-NAME", "META-CREATION-TIMESTAMP", "CTR-LIST", "CTR-IMAGE", "MOUNT-READ-ONLY",
            "PORT-HOST-IP", "HDR-MSG-ID", "HDR-SYNC"} <= required
    assert not {"META-UID", "META-RESOURCE-VERSION", "META-NAMESPACE", "VOL-LIST", "CTR-ENV-LIST",
                "PROBE", "SEC-PRIVILEGED", "META-DELETION-TIMESTAMP", "HDR-PARENT-MSG-ID"} & required
    assert "strict" in POD_UPDATE.rules_by_id["MOUNT-READ-ONLY"].required_in
    assert "lenient" not in POD_UPDATE.rules_by_id["MOUNT-READ-ONLY"].required_in
