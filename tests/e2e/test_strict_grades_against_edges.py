"""Strict fails an edge only where the document's own words decide (issue 9, "Fix strict"), against edges.

Whole certification runs (selected cases) against the reference edge with and without planted
defects: each regraded case still catches a wrong edge, and the reference edge passes them all.
The grades' own data are checked in tests/unit/test_strict_grading.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.roles.reference_edge import ReferenceEdge
from tests.support import certify_edge as certify


def grades(summary: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {c["id"]: (c["grade"], c["reason"]) for c in summary["cases"]}


def test_an_edge_answering_an_inferred_rejection_in_a_malformed_way_fails(tmp_path: Path) -> None:
    code, summary, output = certify(tmp_path, "--reference", "--defect", "wrong-route-group", "-k",
                                    "PROBE-FAILURE-THRESHOLD.the-field-left-out")
    assert code == 1, output[-2000:]
    grade, reason = grades(summary)["PROBE-FAILURE-THRESHOLD.the-field-left-out"]
    assert grade == "FAIL" and "route.group" in reason and "inference" not in reason


def test_an_edge_accepting_everything_is_non_strict_on_inferences_and_fails_on_the_documents_words(
        tmp_path: Path) -> None:
    selection = ("PROBE-FAILURE-THRESHOLD or PROBE-INITIAL-DELAY or SEC-CAPABILITIES-ADD or META-NAME.a-name-of-129* "
                 "or HDR-TIMESTAMP")
    code, summary, output = certify(tmp_path, "--reference", "--defect", "accepts-everything", "-k", selection)
    assert code == 1, output[-2000:]
    graded = grades(summary)
    for case_id in ("PROBE-FAILURE-THRESHOLD.the-field-left-out", "PROBE-INITIAL-DELAY.0-below-the-range",
                    "SEC-CAPABILITIES-ADD.a-lower-case-name"):
        grade, reason = graded[case_id]
        assert grade == "NON-STRICT" and "NON-STRICT: " in reason and "inference" in reason, (case_id, reason)
    for case_id in ("PROBE-FAILURE-THRESHOLD.4-instead-of-3", "SEC-CAPABILITIES-ADD.a-name-that-is-no-capability",
                    "PROBE-INITIAL-DELAY.3601-above-the-range", "META-NAME.a-name-of-129-characters"):
        grade, reason = graded[case_id]
        assert grade == "FAIL" and 'answered "OK"' in reason and "the document: " in reason, (case_id, reason)
    assert graded["HDR-TIMESTAMP.0-below-the-range"][0] == "INFORMATIONAL"
    assert "-byte update" in graded["HDR-TIMESTAMP.0-below-the-range"][1]  # what the edge did, recorded


def test_an_edge_rejecting_everything_is_non_strict_where_optionality_is_ours_and_fails_where_the_table_says_so(
        tmp_path: Path) -> None:
    selection = ("RES.the-optional* or VOL-HOSTPATH-TYPE.the-optional* or META-NAMESPACE.the-optional* "
                 "or RES-LIMITS.every*")
    code, summary, output = certify(tmp_path, "--reference", "--defect", "rejects-everything", "-k", selection)
    assert code == 1, output[-2000:]
    graded = grades(summary)
    assert graded["RES.the-optional-field-left-out"][0] == "NON-STRICT"
    assert graded["VOL-HOSTPATH-TYPE.the-optional-field-left-out"][0] == "NON-STRICT"
    assert graded["META-NAMESPACE.the-optional-field-left-out"][0] == "FAIL"  # "Optional field": the table's words
    assert graded["RES-LIMITS.every-resource-name"][0] == "FAIL"
    assert "was rejected" in graded["RES-LIMITS.every-resource-name"][1]


def test_an_edge_that_drops_what_it_cannot_read_is_informational_on_the_spec_maximal_pod(tmp_path: Path) -> None:
    with ReferenceEdge.start_listening("127.0.0.1", 0, max_message_bytes=1024 * 1024) as edge:
        code, summary, output = certify(tmp_path, "--connect", edge.url, "-k", "POD.spec-maximal or EDGE-DOCUMENT*",
                                        "--timeout", "1")
    assert code == 0, output[-2000:]
    grade, reason = grades(summary)["POD.spec-maximal"]
    assert grade == "INFORMATIONAL" and "no answer" in reason and "no size limit" in reason


def test_the_reference_edge_passes_every_regraded_case(tmp_path: Path) -> None:
    selection = ("META* or HDR-TIMESTAMP or HDR-MSG-ID or PROBE-* or SEC-CAPABILITIES* or POD.spec-maximal "
                 "or *AFTER-REJECT")
    code, summary, output = certify(tmp_path, "--reference", "-k", selection)
    assert code == 0, output[-2000:]
    assert summary["grades"]["FAIL"] == 0 and summary["grades"]["NON-STRICT"] == 0
    assert summary["counts"]["failed"] == 0 and summary["counts"]["total"] > 100
