"""Grades of a case (after Autobahn): PASS, FAIL, NON-STRICT, INFORMATIONAL, ERROR, and the words a
failed case's reason adds. The rule table is imported only when a derived case is graded."""

from __future__ import annotations

from typing import Any

#: Grades, after Autobahn: PASS, FAIL (the document's own words decide), NON-STRICT (the
#: expectation rests on an inference of ours, or passes only under the lenient profile),
#: INFORMATIONAL (the document is silent; the behaviour is recorded, never failed).
#: ERROR: the case could not be judged (it failed outside its steps, e.g. no peer was reached).
GRADES = ("PASS", "FAIL", "NON-STRICT", "INFORMATIONAL", "ERROR")


def grade_of(case_id: str, outcome: str, *, informational: bool, profile: str, verdict: bool = True,
             unanswered: bool = False, malformed: bool = False, when: str = "call") -> str:
    """PASS, FAIL, NON-STRICT, INFORMATIONAL or ERROR (SKIPPED for a skipped case), from the case's data.

    A verdict on a derived case is graded by what the case says of itself
    (:class:`harness.rules.cases.Case`): INFORMATIONAL when the edge stayed silent (and kept
    its connection) where the case says silence is not judged (``unanswered``); NON-STRICT
    when the expectation rests on an inference of ours (``inference``), or, under strict, when
    the lenient profile accepts the value (an erratum: the peer follows the document's example).
    Anything else that fails is FAIL: the document's own words decide it, or the answer is
    ``malformed`` (the edge decided as expected, but its answer breaks the exchange) -- except for a
    message type the document does not describe (``MessageSpec.documented``), whose every failure
    is NON-STRICT: its expectations, the answer's shape included, rest on the vendor's code.
    ERROR: the case failed outside its steps without a verdict (e.g. no peer reached): it was
    not judged, so it is no FAIL (junit.xml calls it an error too).
    """
    if informational and not (outcome == "failed" and not verdict and when != "call"):
        return "INFORMATIONAL"
    if outcome == "skipped":
        return "SKIPPED"
    if outcome == "passed":
        return "PASS"
    if not verdict and when != "call":
        return "ERROR"
    if not verdict or profile == "vendor":
        return "FAIL"  # under vendor a case's expectation is the vendor's own code, never an inference of ours
    case = _derived_case(case_id, profile)
    if case is None:
        return "FAIL"
    silence_not_judged = unanswered and bool(case.unanswered)
    if not case.message_spec.documented and not silence_not_judged:
        return "NON-STRICT"  # the document describes not this message at all: no sentence of it can fail it
    if malformed:
        return "FAIL"
    if silence_not_judged:
        return "INFORMATIONAL"
    if case.inference:
        return "NON-STRICT"
    if profile == "strict" and case.expect == "reject" and not _lenient_has(case_id):
        return "NON-STRICT"
    return "FAIL"


def grade_reason(case_id: str, grade: str, profile: str, *, unanswered: bool = False) -> str:
    """What a failed derived case's reason adds: why it is not a FAIL, or the document's words that make it one."""
    case = _derived_case(case_id, profile)
    if case is None:
        return ""
    rule = case.message_spec.rules_by_id[case.rule]
    if grade == "INFORMATIONAL" and unanswered:
        return f" (INFORMATIONAL: {case.unanswered})"
    if grade == "NON-STRICT":
        why = case.inference or f"the lenient profile accepts it: erratum {rule.erratum} of docs/errata.md"
        return f" (NON-STRICT: {why})"
    if profile == "vendor" and rule.vendor is not None:
        return f" (FAIL: {rule.id}, the vendor's edge: {rule.vendor.check or 'its checks'}, {rule.vendor.source})"
    words = rule.spec if len(rule.spec) <= 160 else rule.spec[:159] + "…"
    return f" (FAIL: {rule.id}, the document: {words})"


def _derived_case(case_id: str, profile: str) -> Any:
    from harness.messages import cases_by_id
    from harness.rules.model import PROFILES, Profile

    chosen: Profile = next((p for p in PROFILES if p == profile), "strict")
    return cases_by_id(chosen).get(case_id) or cases_by_id("strict").get(case_id)


def _lenient_has(case_id: str) -> bool:
    from harness.messages import cases_by_id

    return case_id in cases_by_id("lenient")
