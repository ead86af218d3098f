"""An edge that decides exactly as the vendor's FAILs under strict only where the document's words decide.

The vendor's action on every strict case's request (accept, ``FAILED``, or drop) was recorded
from the vendor oracle -- the vendor's own Go checks, permissive runtime settings -- by
``bench/vendor_strict_grades.py --record tests/data/vendor_actions_of_strict_cases.json``, so this
runs where the oracle is not built. Each remaining FAIL is a true disagreement between the
document and the vendor's code, and its reason quotes the document; everything else the vendor
does differently rests on an inference of ours (NON-STRICT, the reason names it) or on the
document's silence (INFORMATIONAL).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECORDED = ROOT / "tests" / "data" / "vendor_actions_of_strict_cases.json"

#: Where the vendor's code and the document's words disagree (docs/errata.md, "Strict and the vendor's edge").
TRUE_DISAGREEMENTS = {
    "META-NAME.a-one-character-name",        # the vendor wants names ending in -<uuid> on route.resource
    "META-NAME.a-name-of-128-characters",
    "CTR-IMAGE-REGISTRY.an-image-without-a-registry-prefix",  # the vendor does not check the prefix
    "CTR-IMAGE-REGISTRY.a-leading",
    "PROBE-EXEC-COMMAND.0-elements-one-too-few",  # "The slice length can only be 1": the vendor accepts none
    "RES-LIMITS.every-resource-name",          # npu is on the document's list, not on the vendor's
    "SEC-CAPABILITIES-ADD.a-name-that-is-no-capability",
    "SEC-PRIVILEGED.true-instead-of-false",     # the vendor's security switches, on in the permissive settings
    "SEC-RUN-AS-GROUP.0-below-the-range",
    "SEC-RUN-AS-USER.0-below-the-range",
}


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vendor_strict_grades", ROOT / "bench" / "vendor_strict_grades.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _graded() -> list[Any]:
    tool = _tool()
    raw = json.loads(RECORDED.read_text(encoding="utf-8"))["actions"]
    actions = {k: tool.VendorAction(v["action"], v["words"]) for k, v in raw.items()}
    graded: list[Any] = tool.grade_all(actions)
    return graded


def test_the_recording_covers_the_suites_cases() -> None:
    assert len(_graded()) >= 450


def test_a_vendor_deciding_edge_fails_only_where_the_document_and_the_vendor_truly_disagree() -> None:
    failed = {g.case.id: g.reason for g in _graded() if g.grade == "FAIL"}
    assert set(failed) == TRUE_DISAGREEMENTS
    assert all("(FAIL: " in reason and "the document: " in reason for reason in failed.values())


def test_every_other_difference_names_its_inference_or_the_documents_silence() -> None:
    graded = _graded()
    non_strict = [g for g in graded if g.grade == "NON-STRICT"]
    assert non_strict and all("inference" in g.reason or "erratum" in g.reason for g in non_strict)
    informational = {g.case.id for g in graded if g.grade == "INFORMATIONAL"}
    assert informational == {"HDR-MSG-ID.an-upper-case-uuid", "HDR-TIMESTAMP.the-field-left-out",
                             "HDR-TIMESTAMP.0-below-the-range", "POD.spec-maximal"}


@pytest.mark.e2e  # a subprocess: the oracle
@pytest.mark.skipif(not Path("/tmp/vendorcheck/vendorcheck").exists(),
                    reason="the vendor oracle is not built (/work/shared/vendor-oracle/build.sh)")
def test_the_recording_is_what_the_oracle_says_today() -> None:
    tool = _tool()
    from harness.messages.pod_update import POD_UPDATE

    live = tool.oracle_actions(POD_UPDATE.cases("strict"))
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))["actions"]
    assert {k: v.action for k, v in live.items()} == {k: v["action"] for k, v in recorded.items()}
