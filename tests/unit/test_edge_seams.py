"""The edge's defects beside its core: each defect deviates at its own seam only, and the plain core is conformant.

harness/roles/edge.py is the conformant edge with named seams (``EdgeSeams``);
harness/roles/defects.py holds every planted defect as data and a pure function at one
seam, and ``plant`` builds the seams. No I/O here: frames in, decisions out.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from harness.message import answer_failed, answer_ok, decode, encode
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.roles import edge
from harness.roles.defects import (
    CATALOGUE,
    LEAVE_AFTER_ANSWERS,
    LIBRARY_DEFAULT_MAX_MESSAGE,
    Defect,
    plant,
)
from harness.roles.edge import (
    ADMITTED,
    CONFORMANT,
    Answered,
    Answering,
    Delivery,
    EdgeCore,
    EdgeDecision,
    EdgeSeams,
    Judgement,
    conformant_judgement,
)
from harness.rules.validator import Violation
from tests.support import pod_update_with, privileged_pod_update

NOW = 1_700_000_000_123  # ms
SEAMS = [f.name for f in dataclasses.fields(EdgeSeams)]






def _content_violations(message: dict[str, Any]) -> list[Violation]:
    """The content violations the plain core finds in ``message`` (its judgement's)."""
    return EdgeCore().on_frame(encode(message), NOW).judgement.violations


def _answering(judgement: Judgement, number: int = 2) -> Answering:
    return Answering(judgement, "request-id", "previous-request-id", number, NOW, "fresh-msg-id")


def _answered(kind: str, number: int = 1) -> tuple[Delivery, Answered]:
    request = pod_update(conformant_pod())
    answer = answer_ok(request) if kind == "ok" else answer_failed(request, "SEC-PRIVILEGED at ...")
    judgement = Judgement("ok", "conformant") if kind == "ok" else Judgement("rejected", "SEC-PRIVILEGED at ...")
    text = encode(answer)
    return Delivery((text,)), Answered(judgement, "request-id", number, answer, text)


OK = Judgement("ok", "conformant")
REJECTED = Judgement("rejected", "SEC-PRIVILEGED at x: is true", [Violation("SEC-PRIVILEGED", "x", "is true")])
DROPPED = Judgement("dropped", "envelope: HDR-MSG-ID at y: bad", [Violation("HDR-MSG-ID", "y", "bad")])


def _seam_input(defect: Defect) -> tuple[Any, Any]:
    """A value and context at the defect's seam, as the plain core builds them, on which the defect fires."""
    if defect is Defect.CLOSES_ON_LARGE_MESSAGE:
        return ADMITTED, LIBRARY_DEFAULT_MAX_MESSAGE + 1
    content_messages: dict[Defect, dict[str, Any]] = {
        Defect.ACCEPTS_NAME_OF_129: pod_update_with(name="a" * 129),
        Defect.SKIPS_PRIVILEGED_CHECK: privileged_pod_update(),
        Defect.REJECTS_NAME_OF_128: pod_update_with(name="a" * 128),
        Defect.REQUIRES_NAMESPACE: pod_update_with(namespace=None),
    }
    if defect in content_messages:
        message = content_messages[defect]
        return _content_violations(message), message
    judgements = {Defect.ACCEPTS_EVERYTHING: REJECTED, Defect.REJECTS_EVERYTHING: OK,
                  Defect.ANSWERS_ENVELOPE_GARBAGE: DROPPED}
    if defect in judgements:
        return judgements[defect], pod_update(conformant_pod())
    if defect.info.seam == "answer":
        request = pod_update(conformant_pod())
        if defect is Defect.FAILED_WITHOUT_PREFIX:
            return answer_failed(request, REJECTED.reason, timestamp=NOW), _answering(REJECTED)
        return answer_ok(request, timestamp=NOW), _answering(OK)
    kind = "rejected" if defect in (Defect.DROPS_INVALID_PODS, Defect.CLOSES_AFTER_REJECTING) else "ok"
    return _answered(kind, LEAVE_AFTER_ANSWERS if defect is Defect.LEAVES_FOR_GOOD else 1)


# -- the plain core ----------------------------------------------------------------------------


def test_with_no_defect_planted_the_seams_are_the_conformant_edges() -> None:
    assert plant(()) == CONFORMANT == EdgeSeams()
    assert all(not getattr(CONFORMANT, seam).deviations for seam in SEAMS if seam != "rate_limit")
    assert CONFORMANT.rate_limit is None


def test_the_plain_core_answers_a_conformant_pod_ok_as_the_document_shows() -> None:
    request = pod_update(conformant_pod())
    decision = EdgeCore().on_frame(encode(request), NOW)
    expected = answer_ok(request, timestamp=NOW)
    answer = decode(decision.outgoing[0])
    assert isinstance(answer, dict) and len(decision.outgoing) == 1
    assert answer["header"]["parent_msg_id"] == request["header"]["msg_id"] != answer["header"]["msg_id"]
    assert {k: v for k, v in answer.items() if k != "header"} == {k: v for k, v in expected.items() if k != "header"}
    assert (decision.judgement.kind, decision.delay_s, decision.close, decision.binary, decision.leave) == (
        "ok", 0.0, None, False, False)
    assert decision.defects_applied == ()


def test_the_plain_core_rejects_a_broken_pod_and_drops_a_broken_envelope_or_non_json() -> None:
    core = EdgeCore()
    rejected = core.on_frame(encode(privileged_pod_update()), NOW)
    answer = decode(rejected.outgoing[0])
    assert isinstance(answer, dict) and answer["content"].startswith("FAILED: SEC-PRIVILEGED at ")
    assert rejected.close is None
    broken = pod_update(conformant_pod())
    broken["header"]["msg_id"] = "not-a-uuid"
    for frame in (encode(broken), "not json"):
        dropped = core.on_frame(frame, NOW)
        assert (dropped.outgoing, dropped.judgement.kind, dropped.close) == ([], "dropped", None)


def test_the_plain_core_keeps_answering_ok_past_any_defects_thresholds() -> None:
    core = EdgeCore()
    decisions = [core.on_frame(encode(pod_update(conformant_pod())), NOW) for _ in range(LEAVE_AFTER_ANSWERS + 3)]
    assert all(len(d.outgoing) == 1 and not d.leave and d.close is None for d in decisions)
    assert all(d.judgement.kind == "ok" for d in decisions)


def test_the_conformant_judgement_drops_envelopes_first_then_rejects_content() -> None:
    envelope, content = DROPPED.violations, REJECTED.violations
    assert conformant_judgement(envelope, content).kind == "dropped"
    assert conformant_judgement([], content) == Judgement("rejected", "SEC-PRIVILEGED at x: is true", content)
    assert conformant_judgement([], []) == OK


def test_the_edge_core_holds_no_defect_code() -> None:
    source = inspect.getsource(edge)
    assert "Defect" not in source and "harness.roles.defects" not in source


# -- each defect at its own seam ------------------------------------------------------------------


@pytest.mark.parametrize("defect", list(Defect), ids=[d.value for d in Defect])
def test_planting_a_defect_changes_its_own_seam_and_no_other(defect: Defect) -> None:
    planted = plant({defect})
    seam = defect.info.seam
    assert seam in SEAMS
    assert getattr(planted, seam) != getattr(CONFORMANT, seam)
    assert {s: getattr(planted, s) for s in SEAMS if s != seam} == {s: getattr(CONFORMANT, s) for s in SEAMS
                                                                     if s != seam}
    if seam != "rate_limit":
        assert [name for name, _ in getattr(planted, seam).deviations] == [defect.value]


@pytest.mark.parametrize("defect", [d for d in Defect if d.info.seam != "rate_limit"],
                         ids=[d.value for d in Defect if d.info.seam != "rate_limit"])
def test_each_defects_function_deviates_at_its_seam_without_touching_its_input(defect: Defect) -> None:
    deviate: Callable[[Any, Any], Any] = defect.info.deviation
    value, context = _seam_input(defect)
    before = copy.deepcopy((value, context))
    changed = deviate(value, context)
    assert changed is not None and changed != value, defect.description
    assert (value, context) == before, "a deviation is a pure function: its input is left as it was"


def _quiet_input(defect: Defect) -> tuple[Any, Any]:
    """A value and context at the defect's seam on which its bug does not show."""
    conformant = pod_update(conformant_pod())
    if defect is Defect.CLOSES_ON_LARGE_MESSAGE:
        return ADMITTED, LIBRARY_DEFAULT_MAX_MESSAGE
    if defect.info.seam == "content":
        return _content_violations(conformant), conformant
    if defect.info.seam == "judgement":
        return (REJECTED if defect is Defect.REJECTS_EVERYTHING else OK), conformant
    if defect is Defect.FAILED_WITHOUT_PREFIX:
        return answer_ok(conformant), _answering(OK)
    if defect.info.seam == "answer":
        return answer_failed(conformant, "x"), _answering(REJECTED)
    if defect in (Defect.DROPS_INVALID_PODS, Defect.CLOSES_AFTER_REJECTING):
        return _answered("ok")
    if defect is Defect.LEAVES_FOR_GOOD:
        return _answered("ok", LEAVE_AFTER_ANSWERS - 1)
    delivery, answered = _answered("ok")
    return dataclasses.replace(delivery, frames=()), answered  # nothing goes out (the answer was dropped)


CONDITIONAL = [Defect.CLOSES_ON_LARGE_MESSAGE, *(d for d in Defect if d.info.seam in ("content", "judgement")),
               Defect.FAILED_WITHOUT_PREFIX, Defect.CONTENT_LOWERCASE_OK, Defect.ROUTE_SOURCE_EDGE,
               *(d for d in Defect if d.info.seam == "delivery")]


@pytest.mark.parametrize("defect", CONDITIONAL, ids=[d.value for d in CONDITIONAL])
def test_a_defect_leaves_alone_the_frames_its_bug_does_not_touch(defect: Defect) -> None:
    deviate: Callable[[Any, Any], Any] = defect.info.deviation
    assert deviate(*_quiet_input(defect)) is None, defect.description
    assert deviate(*_seam_input(defect)) is not None


def test_the_rate_limited_defect_is_the_vendors_rate_limit_as_data() -> None:
    assert plant({Defect.RATE_LIMITED}).rate_limit == edge.VENDOR_RATE_LIMIT
    core = EdgeCore(seams=plant({Defect.RATE_LIMITED}))
    text = encode(pod_update(conformant_pod()))
    assert [core.on_frame(text, NOW).judgement.kind for _ in range(6)] == ["ok"] * 5 + ["dropped"]
    assert EdgeCore(seams=plant({Defect.RATE_LIMITED}), rate_limit=(100.0, 10)).rate_limit == (100.0, 10)


def test_plant_takes_the_late_answers_delay() -> None:
    request = encode(pod_update(conformant_pod()))
    assert EdgeCore(seams=plant({Defect.ANSWERS_LATE}, late_answer_delay_s=0.5)).on_frame(request, NOW).delay_s == 0.5
    assert EdgeCore(seams=plant({Defect.ANSWERS_LATE})).on_frame(request, NOW).delay_s == 30.0


def test_defects_at_one_seam_apply_in_order_and_the_decision_names_them() -> None:
    seams = plant({Defect.BINARY_ANSWERS, Defect.NON_JSON_AFTER_ANSWER, Defect.ANSWERS_TWICE, Defect.NO_ROUTER})
    decision: EdgeDecision = EdgeCore(seams=seams).on_frame(encode(pod_update(conformant_pod())), NOW)
    assert decision.defects_applied == ("no-router", "answers-twice", "non-json-after-answer", "binary-answers")
    assert decision.binary and len(decision.outgoing) == 3 and decision.outgoing[0] == decision.outgoing[1]
    answer = decode(decision.outgoing[0])
    assert isinstance(answer, dict) and "router" not in answer


def test_never_answering_wins_over_answering_twice_late_or_with_noise() -> None:
    seams = plant({Defect.NEVER_ANSWERS, Defect.DROPS_INVALID_PODS, Defect.ANSWERS_TWICE, Defect.ANSWERS_LATE,
                   Defect.NON_JSON_AFTER_ANSWER})
    decision = EdgeCore(seams=seams).on_frame(encode(privileged_pod_update()), NOW)
    assert (decision.outgoing, decision.delay_s, decision.defects_applied) == ([], 0.0, ("never-answers",))


def test_every_catalogue_entry_names_a_seam_of_the_core() -> None:
    assert set(CATALOGUE) == set(Defect)
    assert {info.seam for info in CATALOGUE.values()} == set(SEAMS)
