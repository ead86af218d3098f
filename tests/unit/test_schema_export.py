"""The exported JSON Schema: current, valid, and in agreement with the validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest

from harness.artefacts import generated
from harness.cli.generate import stale_files
from harness.messages.pod_update import POD_UPDATE

ROOT = Path(__file__).resolve().parents[2]
FIXED_ID = "00000000-0000-4000-8000-000000000000"


def test_every_generated_file_is_current() -> None:
    assert stale_files(ROOT) == [], "run `edgeconform generate` and commit the result"


def test_a_stale_generated_file_is_detected(tmp_path: Path) -> None:
    for relative, text in generated().items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    (tmp_path / "docs/rules.md").write_text("edited by hand\n")
    assert stale_files(tmp_path) == ["docs/rules.md"]


@pytest.mark.parametrize("profile", ["strict", "lenient", "vendor"])
def test_the_exported_schema_is_valid_json_schema_2020_12(profile: str) -> None:
    schema = json.loads((ROOT / f"schema/pod-update-request.{profile}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["x-edgeconform-profile"] == profile


@pytest.mark.parametrize("profile", ["strict", "lenient", "vendor"])
def test_the_exported_schema_agrees_with_the_validator_on_every_derived_case(profile: str) -> None:
    engine = jsonschema_rs.validator_for(POD_UPDATE.schema(profile))  # type: ignore[arg-type]
    # What JSON Schema cannot say: cross-field checks, uniqueness by a key, the encoded size.
    cross_field = {"MOUNT-NAMES-VOLUME", *(r.id for r in POD_UPDATE.rules if r.id.startswith("VENDOR-"))}
    disagreements = []
    for case in POD_UPDATE.cases(profile):  # type: ignore[arg-type]
        message = case.build(msg_id=FIXED_ID)
        violations = POD_UPDATE.validate(message, profile)  # type: ignore[arg-type]
        expressible = [v for v in violations if v.rule not in cross_field and "does not name the pod" not in v.message]
        if engine.is_valid(message) != (not expressible):
            disagreements.append(case.id)
    assert disagreements == []


def test_the_schema_lists_what_it_cannot_express() -> None:
    listed = {r["rule"] for r in POD_UPDATE.schema("strict")["x-edgeconform-cross-field-rules"]}
    assert listed == {"ROUTE-RESOURCE", "MOUNT-NAMES-VOLUME"}
    assert {r["rule"] for r in POD_UPDATE.schema("lenient")["x-edgeconform-cross-field-rules"]} == {"ROUTE-RESOURCE"}
