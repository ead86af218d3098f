"""Strict fails an edge only where the document's own words decide (issue 9, "Fix strict").

A FAIL is an edge accepting a value the table forbids, rejecting a value it allows, rejecting
the absence of a field it marks optional, or breaking the exchange. Where the expectation rests
on an inference of ours the grade is NON-STRICT and the reason names the inference; where the
document's words do not decide, what the edge does is recorded (INFORMATIONAL). Each regraded
case still catches a wrong edge; the reference edge still passes them all.
"""

from __future__ import annotations

import pytest

from harness.coverage import coverage
from harness.features import content_rules_feature, envelope_feature, informational_feature
from harness.messages.pod_update import POD_UPDATE
from harness.plugin import grade_of, grade_reason

CASES = POD_UPDATE.cases_by_id("strict")


def strict_grade(case_id: str, *, unanswered: bool = False) -> str:
    return grade_of(case_id, "failed", informational=False, profile="strict", unanswered=unanswered)


# --------------------------------------------------------------------------- the cases' own data


def test_a_pod_name_that_breaks_its_rule_breaks_the_envelope_so_silence_is_enough() -> None:
    for case_id in ("META-NAME.a-name-of-129-characters", "META-NAME.an-upper-case-name",
                    "META-NAME.the-field-left-out", "META.the-field-left-out", "META.a-string-instead-of-an-object"):
        assert CASES[case_id].breaks_envelope, case_id
        assert f"| {case_id} |" in envelope_feature() and f"| {case_id} |" not in content_rules_feature()
    assert not CASES["CTR-NAME.33-characters"].breaks_envelope
    assert not CASES["META-NAME.a-name-of-128-characters"].breaks_envelope  # an accept case is never garbage


def test_where_the_document_is_silent_the_case_is_recorded_not_judged() -> None:
    for case_id in ("HDR-TIMESTAMP.0-below-the-range", "HDR-TIMESTAMP.the-field-left-out",
                    "HDR-MSG-ID.an-upper-case-uuid"):
        assert CASES[case_id].undecided, case_id
        assert f"| {case_id} |" in informational_feature()
        assert f"| {case_id} |" not in envelope_feature() + content_rules_feature()
    assert not CASES["HDR-TIMESTAMP.a-string-instead-of-an-integer"].undecided  # the type is the document's word
    timestamp = next(r for r in coverage().rules if r.rule == "HDR-TIMESTAMP")
    assert "HDR-TIMESTAMP.0-below-the-range" not in timestamp.negative  # recorded, it covers nothing
    assert "HDR-TIMESTAMP.a-string-instead-of-an-integer" in timestamp.negative


@pytest.mark.parametrize("case_id, words", [
    ("PROBE-FAILURE-THRESHOLD.the-field-left-out", "zero value 0"),
    ("PROBE-SUCCESS-THRESHOLD.the-field-left-out", "zero value 0"),
    ("META-CREATION-TIMESTAMP.the-field-left-out", "zero value \"\""),
    ("PROBE-HTTPGET-HOST.the-field-left-out", "never calls"),
    ("PROBE-HTTPGET-SCHEME.the-field-left-out", "never calls"),
    ("SPEC-IMAGE-PULL-SECRET-NAME.the-field-left-out", "never calls"),
    ("PORT-PROTOCOL.the-field-left-out", "never calls"),
    ("TOL-EFFECT.the-field-left-out", "never calls"),
    ("PROBE-INITIAL-DELAY.0-below-the-range", "cannot be told from an absent key"),
    ("PROBE-PERIOD.0-below-the-range", "cannot be told from an absent key"),
    ("PROBE-TIMEOUT.0-below-the-range", "cannot be told from an absent key"),
    ("SEC-CAPABILITIES-ADD.a-lower-case-name", "official container document"),
    ("RES.the-optional-field-left-out", "may be left out is our inference"),
    ("VOL-HOSTPATH-TYPE.the-optional-field-left-out", "absent *HostPathType to nil"),
])
def test_a_case_resting_on_an_inference_is_non_strict_and_its_reason_names_the_inference(case_id: str,
                                                                                         words: str) -> None:
    assert words in CASES[case_id].inference
    assert strict_grade(case_id) == "NON-STRICT"
    assert words in grade_reason(case_id, "NON-STRICT", "strict")


@pytest.mark.parametrize("case_id", [
    "SEC-CAPABILITIES-ADD.a-name-that-is-no-capability", "SEC-PRIVILEGED.true-instead-of-false",
    "PROBE-INITIAL-DELAY.3601-above-the-range", "PROBE-EXEC-COMMAND.0-elements-one-too-few",
    "CTR-IMAGE-REGISTRY.an-image-without-a-registry-prefix", "META-NAMESPACE.the-optional-field-left-out",
    "META-NAME.a-name-of-128-characters", "RES-LIMITS.every-resource-name", "HDR-MSG-ID.the-field-left-out",
])
def test_a_case_the_documents_words_decide_stays_a_fail_and_its_reason_quotes_them(case_id: str) -> None:
    assert CASES[case_id].inference == ""
    assert strict_grade(case_id) == "FAIL"
    assert "the document: " in grade_reason(case_id, "FAIL", "strict")


def test_the_spec_maximal_pod_unanswered_is_informational_but_a_broken_connection_fails() -> None:
    assert "no size limit" in CASES["POD.spec-maximal"].unanswered
    assert strict_grade("POD.spec-maximal", unanswered=True) == "INFORMATIONAL"
    assert strict_grade("POD.spec-maximal") == "FAIL"  # rejected, or the connection broke
    assert strict_grade("VOL-LIST.256-elements-the-most-allowed", unanswered=True) == "FAIL"


def test_a_malformed_answer_is_a_fail_even_where_the_expectation_is_an_inference() -> None:
    case_id = "PROBE-FAILURE-THRESHOLD.the-field-left-out"
    assert grade_of(case_id, "failed", informational=False, profile="strict", malformed=True) == "FAIL"
    assert grade_of("POD.spec-maximal", "failed", informational=False, profile="strict", malformed=True) == "FAIL"


def test_errata_stay_non_strict_under_strict() -> None:
    assert strict_grade("VOL-EMPTYDIR-MEDIUM.memory-as-the-document-s-example-sends-erratum-1") == "NON-STRICT"
    assert "erratum 1" in grade_reason("VOL-EMPTYDIR-MEDIUM.memory-as-the-document-s-example-sends-erratum-1",
                                       "NON-STRICT", "strict")
