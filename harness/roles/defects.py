"""Planted defects: deliberately non-conformant edge behaviours, as data and pure functions (no I/O).

The harness is proven by *failing* broken edges: ``EdgeCore(seams=plant({...}))`` switches
these on, ``edgeconform serve-edge --defect NAME`` serves them. Each one is a realistic
implementation bug of an edge, named after what it does wrong, in one of six areas:

* ``acceptance`` -- accepts a pod the document forbids;
* ``rejection`` -- rejects a conformant pod, or rejects the wrong way;
* ``envelope`` -- the answer's ``route``/``router``/``content`` are wrong, or a bad envelope is answered;
* ``header`` -- the answer's ``header`` is wrong;
* ``timing`` -- the answer comes late, never, or twice;
* ``connection`` -- frames that are not answers, closed connections, binary frames.

Each defect is one :class:`DefectInfo` of :data:`CATALOGUE`: its area and description, the
seam of the edge core where it deviates (:class:`~harness.roles.edge.EdgeSeams`) and the
pure function it puts there (for ``rate-limited``, the seam's data). :func:`plant` turns a
set of defects into the core's seams; the core itself holds no defect code. A new defect is
one :class:`Defect` member and one :data:`CATALOGUE` entry (placed where it should apply
among the others at its seam); ``--defect`` and ``--list-defects`` take it from there, and
the tests that sweep every defect ask for a probe that shows it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

from harness.json_keys import get_ci
from harness.message import FAILED_PREFIX
from harness.roles.edge import (
    CONFORMANT,
    VENDOR_RATE_LIMIT,
    Admission,
    Answered,
    Answering,
    CloseRequest,
    Delivery,
    Deviation,
    EdgeSeams,
    Judgement,
    Seam,
    violation_text,
)
from harness.rules.validator import Violation

Area = Literal["acceptance", "rejection", "envelope", "header", "timing", "connection"]
AREAS: tuple[Area, ...] = ("acceptance", "rejection", "envelope", "header", "timing", "connection")
#: The fields of :class:`~harness.roles.edge.EdgeSeams`: where a defect deviates.
SeamName = Literal["rate_limit", "arrival", "content", "judgement", "answer", "delivery"]

NamedDefect = TypeVar("NamedDefect", bound=enum.Enum)


@dataclass(frozen=True)
class DefectInfo:
    """One planted defect as data: where it belongs, what it does, and how (its seam and its deviation)."""

    area: Area
    description: str
    seam: SeamName
    #: A pure function of the seam's value and context (``None``: it does not apply), or the seam's data.
    deviation: Any


class Defect(enum.StrEnum):
    """A deliberately non-conformant edge behaviour; the value is its command-line name."""

    # acceptance
    ACCEPTS_EVERYTHING = "accepts-everything"
    ACCEPTS_NAME_OF_129 = "accepts-name-of-129"
    SKIPS_PRIVILEGED_CHECK = "skips-privileged-check"
    # rejection
    REJECTS_EVERYTHING = "rejects-everything"
    REJECTS_NAME_OF_128 = "rejects-name-of-128"
    REQUIRES_NAMESPACE = "requires-namespace"
    DROPS_INVALID_PODS = "drops-invalid-pods"
    FAILED_WITHOUT_PREFIX = "failed-without-prefix"
    # envelope
    ANSWERS_ENVELOPE_GARBAGE = "answers-envelope-garbage"
    NO_ROUTER = "no-router"
    OPERATION_UPDATE = "operation-update"
    RESOURCE_NOT_COPIED = "resource-not-copied"
    WRONG_ROUTE_GROUP = "wrong-route-group"
    ROUTE_SOURCE_EDGE = "route-source-edge"
    CONTENT_LOWERCASE_OK = "content-lowercase-ok"
    # header
    WRONG_PARENT_ID = "wrong-parent-id"
    EMPTY_PARENT_ID = "empty-parent-id"
    REUSES_REQUEST_MSG_ID = "reuses-request-msg-id"
    MSG_ID_NOT_UUID = "msg-id-not-uuid"
    TIMESTAMP_IN_SECONDS = "timestamp-in-seconds"
    ANSWER_SYNC_TRUE = "answer-sync-true"
    MISSING_EXTRA_HEADER_KEYS = "missing-extra-header-keys"
    # timing
    ANSWERS_LATE = "answers-late"
    NEVER_ANSWERS = "never-answers"
    ANSWERS_TWICE = "answers-twice"
    RATE_LIMITED = "rate-limited"
    # connection
    NON_JSON_AFTER_ANSWER = "non-json-after-answer"
    BINARY_ANSWERS = "binary-answers"
    CLOSES_AFTER_REJECTING = "closes-after-rejecting"
    CLOSES_ON_LARGE_MESSAGE = "closes-on-large-message"
    LEAVES_FOR_GOOD = "leaves-for-good"

    @property
    def info(self) -> DefectInfo:
        return CATALOGUE[self]

    @property
    def area(self) -> Area:
        return CATALOGUE[self].area

    @property
    def description(self) -> str:
        return CATALOGUE[self].description


#: The ``leaves-for-good`` edge goes away after this many answers.
LEAVE_AFTER_ANSWERS = 5
#: How late the ``answers-late`` defect answers, in seconds (longer than a usual per-answer timeout).
DEFAULT_LATE_ANSWER_DELAY_S = 30.0
#: The message limit a websocket library often keeps by default (websockets, gorilla: 1 MiB).
LIBRARY_DEFAULT_MAX_MESSAGE = 1024 * 1024
EXTRA_HEADER_KEYS = ("id", "parentId", "version", "isSync", "nodeId", "peerInfo")

_NAME_OF_UP_TO_129 = re.compile(r"^[a-z0-9]([a-z0-9-]{0,127}[a-z0-9])?$")
_NAME_PATH = "content.metadata.name"


# ----------------------------------------------------------------------------- seam: arrival (the frame's size)


def closes_on_large_message(admission: Admission, size: int) -> Admission | None:
    """A frame over a library's default 1 MiB limit: refused, and the connection closed with 1009."""
    if size <= LIBRARY_DEFAULT_MAX_MESSAGE:
        return None
    return Admission(f"message of {size} bytes over the library's 1 MiB", CloseRequest(1009, "message too big"))


# ----------------------------------------------------------------------------- seam: content (what the edge finds)


def _metadata(message: dict[str, Any]) -> Any:
    return get_ci(get_ci(message, "content"), "metadata")


def _name(message: dict[str, Any]) -> Any:
    return get_ci(_metadata(message), "name")


def accepts_name_of_129(content: list[Violation], message: dict[str, Any]) -> list[Violation] | None:
    """Off by one: a well-formed name of 129 characters loses its META-NAME violation."""
    name = _name(message)
    if not (isinstance(name, str) and len(name) == 129 and _NAME_OF_UP_TO_129.match(name)):
        return None
    kept = [v for v in content if not (v.rule == "META-NAME" and v.path == _NAME_PATH)]
    return kept if len(kept) < len(content) else None


def skips_privileged_check(content: list[Violation], message: dict[str, Any]) -> list[Violation] | None:
    """The SEC-PRIVILEGED violations are not found."""
    kept = [v for v in content if v.rule != "SEC-PRIVILEGED"]
    return kept if len(kept) < len(content) else None


def rejects_name_of_128(content: list[Violation], message: dict[str, Any]) -> list[Violation] | None:
    """Off by one: a name of 128 characters (allowed) is found too long."""
    name = _name(message)
    if not (isinstance(name, str) and len(name) == 128):
        return None
    return [Violation("META-NAME", _NAME_PATH, "is longer than 127 characters"), *content]


def requires_namespace(content: list[Violation], message: dict[str, Any]) -> list[Violation] | None:
    """A pod without the optional metadata.namespace is found wanting."""
    metadata = _metadata(message)
    if not isinstance(metadata, dict) or get_ci(metadata, "namespace") is not None:
        return None
    return [Violation("META-NAMESPACE", "content.metadata.namespace", "is missing"), *content]


# ----------------------------------------------------------------------------- seam: judgement


def accepts_everything(judgement: Judgement, message: dict[str, Any]) -> Judgement | None:
    """A pod that breaks a content rule is answered OK."""
    if judgement.kind != "rejected" or not judgement.violations:
        return None
    return Judgement("ok", f"accepted despite {violation_text(judgement.violations[0])}", judgement.violations)


def rejects_everything(judgement: Judgement, message: dict[str, Any]) -> Judgement | None:
    """A conformant pod is rejected."""
    if judgement.kind != "ok" or judgement.violations:
        return None
    return Judgement("rejected", "the pod is rejected (every pod is)")


def answers_envelope_garbage(judgement: Judgement, message: dict[str, Any]) -> Judgement | None:
    """A message whose envelope breaks a rule is answered OK instead of dropped."""
    if judgement.kind != "dropped" or not judgement.violations:
        return None
    return Judgement("ok", f"answered despite the envelope: {violation_text(judgement.violations[0])}",
                     judgement.violations)


# ----------------------------------------------------------------------------- seam: answer (its fields)


def _with_route(answer: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**answer, "route": {**answer["route"], **changes}}


def _with_header(answer: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**answer, "header": {**answer["header"], **changes}}


def failed_without_prefix(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    content = answer.get("content")
    if not (isinstance(content, str) and content.startswith(FAILED_PREFIX)):
        return None
    return {**answer, "content": content[len(FAILED_PREFIX):].lstrip(": ")}


def content_lowercase_ok(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return {**answer, "content": "ok"} if answering.judgement.kind == "ok" else None


def no_router(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return {key: value for key, value in answer.items() if key != "router"} if "router" in answer else None


def operation_update(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_route(answer, operation="update")


def resource_not_copied(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_route(answer, resource="websocket/pod")


def wrong_route_group(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_route(answer, group="edge")


def route_source_edge(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_route(answer, source="edge") if answering.judgement.kind == "ok" else None


def wrong_parent_id(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_header(answer, parent_msg_id=answering.previous_request_id or answering.fresh_msg_id)


def empty_parent_id(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_header(answer, parent_msg_id="")


def reuses_request_msg_id(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_header(answer, msg_id=answering.request_id or "")


def msg_id_not_uuid(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_header(answer, msg_id=f"answer-{answering.answer_number}")


def timestamp_in_seconds(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_header(answer, timestamp=answering.now // 1000)


def answer_sync_true(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    return _with_header(answer, sync=True)


def missing_extra_header_keys(answer: dict[str, Any], answering: Answering) -> dict[str, Any] | None:
    header = {key: value for key, value in answer["header"].items() if key not in EXTRA_HEADER_KEYS}
    return {**answer, "header": header}


# ----------------------------------------------------------------------------- seam: delivery


def _answer_goes_out(delivery: Delivery, answered: Answered) -> bool:
    return answered.text in delivery.frames


def _without_the_answer(delivery: Delivery, answered: Answered) -> Delivery:
    return replace(delivery, frames=tuple(frame for frame in delivery.frames if frame != answered.text))


def never_answers(delivery: Delivery, answered: Answered) -> Delivery | None:
    return _without_the_answer(delivery, answered) if _answer_goes_out(delivery, answered) else None


def drops_invalid_pods(delivery: Delivery, answered: Answered) -> Delivery | None:
    if answered.judgement.kind != "rejected" or not _answer_goes_out(delivery, answered):
        return None
    return _without_the_answer(delivery, answered)


def answers_twice(delivery: Delivery, answered: Answered) -> Delivery | None:
    if not _answer_goes_out(delivery, answered):
        return None
    return replace(delivery, frames=(*delivery.frames, answered.text))


def non_json_after_answer(delivery: Delivery, answered: Answered) -> Delivery | None:
    if not _answer_goes_out(delivery, answered):
        return None
    text = f"answered {answered.request_id or 'a message'}: {answered.answer.get('content')!s}"
    return replace(delivery, frames=(*delivery.frames, text))


def answers_late(delay_s: float) -> Deviation[Delivery, Answered]:
    """The ``answers-late`` deviation: an answer that goes out waits ``delay_s`` seconds."""
    def late(delivery: Delivery, answered: Answered) -> Delivery | None:
        return replace(delivery, delay_s=delay_s) if _answer_goes_out(delivery, answered) else None
    return late


def closes_after_rejecting(delivery: Delivery, answered: Answered) -> Delivery | None:
    if answered.judgement.kind != "rejected":
        return None
    return replace(delivery, close=CloseRequest(1011, "pod rejected"))


def leaves_for_good(delivery: Delivery, answered: Answered) -> Delivery | None:
    if answered.answer_number < LEAVE_AFTER_ANSWERS:
        return None
    return replace(delivery, close=CloseRequest(1001, "going away"), leave=True)


def binary_answers(delivery: Delivery, answered: Answered) -> Delivery | None:
    return replace(delivery, binary=True) if delivery.frames else None


# ----------------------------------------------------------------------------- the catalogue

_D = Defect
_I = DefectInfo
#: Every defect, in the order :func:`plant` plants them (within a seam, the order they apply).
CATALOGUE: dict[Defect, DefectInfo] = {
    _D.RATE_LIMITED: _I(
        "timing", "drops, unanswered, every message above 5 per second (burst 5), as the vendor's edge does",
        "rate_limit", VENDOR_RATE_LIMIT),
    _D.CLOSES_ON_LARGE_MESSAGE: _I(
        "connection", "keeps a library's 1 MiB message limit: closes with 1009 on a bigger pod update",
        "arrival", closes_on_large_message),
    _D.ACCEPTS_NAME_OF_129: _I(
        "acceptance", "off-by-one name check: accepts a metadata.name of 129 characters (the limit is 128)",
        "content", accepts_name_of_129),
    _D.SKIPS_PRIVILEGED_CHECK: _I(
        "acceptance", "forgets the securityContext.privileged check: accepts a privileged container",
        "content", skips_privileged_check),
    _D.REJECTS_NAME_OF_128: _I(
        "rejection", "off-by-one name check: rejects a metadata.name of 128 characters (allowed)",
        "content", rejects_name_of_128),
    _D.REQUIRES_NAMESPACE: _I(
        "rejection", "treats the optional metadata.namespace as required: rejects a pod without it",
        "content", requires_namespace),
    _D.ACCEPTS_EVERYTHING: _I(
        "acceptance", "answers OK to every pod: the content checks never run", "judgement", accepts_everything),
    _D.REJECTS_EVERYTHING: _I(
        "rejection", "answers FAILED to every pod, conformant ones included", "judgement", rejects_everything),
    _D.ANSWERS_ENVELOPE_GARBAGE: _I(
        "envelope", "answers OK to a message whose envelope breaks a header rule (should drop it silently)",
        "judgement", answers_envelope_garbage),
    _D.FAILED_WITHOUT_PREFIX: _I(
        "rejection", "a rejection's content is the bare reason, without the FAILED prefix",
        "answer", failed_without_prefix),
    _D.CONTENT_LOWERCASE_OK: _I(
        "envelope", "the success content is 'ok' in lower case instead of 'OK'", "answer", content_lowercase_ok),
    _D.NO_ROUTER: _I("envelope", "the answer has no (empty) router object", "answer", no_router),
    _D.OPERATION_UPDATE: _I(
        "envelope", "the answer echoes route.operation 'update' instead of 'response'", "answer", operation_update),
    _D.RESOURCE_NOT_COPIED: _I(
        "envelope", "the answer's route.resource is 'websocket/pod': the pod name is not copied",
        "answer", resource_not_copied),
    _D.WRONG_ROUTE_GROUP: _I(
        "envelope", "the answer's route.group is 'edge' instead of the request's 'resource'",
        "answer", wrong_route_group),
    _D.ROUTE_SOURCE_EDGE: _I(
        "envelope", "an OK answer's route.source is 'edge' instead of 'controller' (erratum 10)",
        "answer", route_source_edge),
    _D.WRONG_PARENT_ID: _I(
        "header", "parent_msg_id names the previous request (a stale variable), not this one",
        "answer", wrong_parent_id),
    _D.EMPTY_PARENT_ID: _I(
        "header", "parent_msg_id is empty: the answer correlates with nothing", "answer", empty_parent_id),
    _D.REUSES_REQUEST_MSG_ID: _I(
        "header", "the answer's msg_id is the request's msg_id, not a fresh one", "answer", reuses_request_msg_id),
    _D.MSG_ID_NOT_UUID: _I(
        "header", "the answer's msg_id is a counter ('answer-1'), not a UUID", "answer", msg_id_not_uuid),
    _D.TIMESTAMP_IN_SECONDS: _I(
        "header", "the answer's timestamp is in seconds, not milliseconds", "answer", timestamp_in_seconds),
    _D.ANSWER_SYNC_TRUE: _I(
        "header", "the answer carries sync: true (it should be false)", "answer", answer_sync_true),
    _D.MISSING_EXTRA_HEADER_KEYS: _I(
        "header", "the answer's header lacks id, parentId, version, isSync, nodeId and peerInfo",
        "answer", missing_extra_header_keys),
    _D.NEVER_ANSWERS: _I("timing", "judges the pod but never sends the answer", "delivery", never_answers),
    _D.DROPS_INVALID_PODS: _I(
        "rejection", "drops a pod that breaks a content rule without answering (should answer FAILED)",
        "delivery", drops_invalid_pods),
    _D.ANSWERS_TWICE: _I("timing", "sends every answer twice (a retry without a check)", "delivery", answers_twice),
    _D.NON_JSON_AFTER_ANSWER: _I(
        "connection", "sends a text frame that is not JSON after each answer", "delivery", non_json_after_answer),
    _D.ANSWERS_LATE: _I(
        "timing", "answers only after a delay longer than the harness's per-answer timeout (configurable)",
        "delivery", answers_late(DEFAULT_LATE_ANSWER_DELAY_S)),
    _D.CLOSES_AFTER_REJECTING: _I(
        "connection", "closes the connection (1011) after rejecting a pod", "delivery", closes_after_rejecting),
    _D.LEAVES_FOR_GOOD: _I(
        "connection", f"closes the connection (1001) after its {LEAVE_AFTER_ANSWERS}th answer and never comes back",
        "delivery", leaves_for_good),
    _D.BINARY_ANSWERS: _I(
        "connection", "sends its answers as binary frames instead of text frames", "delivery", binary_answers),
}


def plant(defects: Iterable[Defect], *, late_answer_delay_s: float = DEFAULT_LATE_ANSWER_DELAY_S) -> EdgeSeams:
    """The edge core's seams with ``defects`` planted (none: :data:`~harness.roles.edge.CONFORMANT`);
    ``late_answer_delay_s`` is how late ``answers-late`` answers."""
    chosen = frozenset(defects)
    seams = CONFORMANT
    for defect, info in CATALOGUE.items():
        if defect not in chosen:
            continue
        if info.seam == "rate_limit":
            seams = replace(seams, rate_limit=info.deviation)
            continue
        deviation = answers_late(late_answer_delay_s) if defect is Defect.ANSWERS_LATE else info.deviation
        planted: Seam[Any, Any] = getattr(seams, info.seam)
        grown: dict[str, Any] = {info.seam: Seam((*planted.deviations, (defect.value, deviation)))}
        seams = replace(seams, **grown)
    return seams


def parse_named(catalogue: type[NamedDefect], name: str) -> NamedDefect:
    """A member of a defect catalogue from its command-line name (``answers-twice``) or its
    member name (``ANSWERS_TWICE``). Raises ``ValueError`` naming the known defects."""
    wanted = name.strip().lower().replace("_", "-")
    try:
        return catalogue(wanted)
    except ValueError:
        known = ", ".join(str(d.value) for d in catalogue)
        raise ValueError(f"unknown defect {name!r}; known defects: {known}") from None


def parse_defect(name: str) -> Defect:
    """An edge defect from its name (see :func:`parse_named`)."""
    return parse_named(Defect, name)


def parse_defects(names: Iterable[str]) -> frozenset[Defect]:
    return frozenset(parse_defect(n) for n in names)


def catalogue_lines() -> list[str]:
    """One line per defect, grouped by area: ``name  [area]  description``."""
    width = max(len(d.value) for d in Defect)
    area_width = max(len(a) for a in AREAS) + 2
    return [f"{d.value:<{width}}  {'[' + d.area + ']':<{area_width}}  {d.description}"
            for area in AREAS for d in Defect if d.area == area]
