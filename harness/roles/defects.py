"""Planted defects: deliberately non-conformant edge behaviours (no I/O).

The harness is proven by *failing* broken edges: ``EdgeCore(defects={...})`` switches
these on, ``edgeconform serve-edge --defect NAME`` serves them. Each one is a realistic
implementation bug of an edge, named after what it does wrong, in one of six areas:

* ``acceptance`` -- accepts a pod the document forbids;
* ``rejection`` -- rejects a conformant pod, or rejects the wrong way;
* ``envelope`` -- the answer's ``route``/``router``/``content`` are wrong, or a bad envelope is answered;
* ``header`` -- the answer's ``header`` is wrong;
* ``timing`` -- the answer comes late, never, or twice;
* ``connection`` -- frames that are not answers, closed connections, binary frames.

The answer-shaping defects are pure functions of the answer here
(:func:`misshape_answer`); the edge core applies the others where its logic decides.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from harness.message import FAILED_PREFIX

Area = Literal["acceptance", "rejection", "envelope", "header", "timing", "connection"]
AREAS: tuple[Area, ...] = ("acceptance", "rejection", "envelope", "header", "timing", "connection")


@dataclass(frozen=True)
class DefectInfo:
    area: Area
    description: str


NamedDefect = TypeVar("NamedDefect", bound=enum.Enum)


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
    def area(self) -> Area:
        return CATALOGUE[self].area

    @property
    def description(self) -> str:
        return CATALOGUE[self].description


#: The ``leaves-for-good`` edge goes away after this many answers.
LEAVE_AFTER_ANSWERS = 5

_D = Defect
CATALOGUE: dict[Defect, DefectInfo] = {
    _D.ACCEPTS_EVERYTHING: DefectInfo("acceptance", "answers OK to every pod: the content checks never run"),
    _D.ACCEPTS_NAME_OF_129: DefectInfo(
        "acceptance", "off-by-one name check: accepts a metadata.name of 129 characters (the limit is 128)"),
    _D.SKIPS_PRIVILEGED_CHECK: DefectInfo(
        "acceptance", "forgets the securityContext.privileged check: accepts a privileged container"),
    _D.REJECTS_EVERYTHING: DefectInfo("rejection", "answers FAILED to every pod, conformant ones included"),
    _D.REJECTS_NAME_OF_128: DefectInfo(
        "rejection", "off-by-one name check: rejects a metadata.name of 128 characters (allowed)"),
    _D.REQUIRES_NAMESPACE: DefectInfo(
        "rejection", "treats the optional metadata.namespace as required: rejects a pod without it"),
    _D.DROPS_INVALID_PODS: DefectInfo(
        "rejection", "drops a pod that breaks a content rule without answering (should answer FAILED)"),
    _D.FAILED_WITHOUT_PREFIX: DefectInfo(
        "rejection", "a rejection's content is the bare reason, without the FAILED prefix"),
    _D.ANSWERS_ENVELOPE_GARBAGE: DefectInfo(
        "envelope", "answers OK to a message whose envelope breaks a header rule (should drop it silently)"),
    _D.NO_ROUTER: DefectInfo("envelope", "the answer has no (empty) router object"),
    _D.OPERATION_UPDATE: DefectInfo(
        "envelope", "the answer echoes route.operation 'update' instead of 'response'"),
    _D.RESOURCE_NOT_COPIED: DefectInfo(
        "envelope", "the answer's route.resource is 'websocket/pod': the pod name is not copied"),
    _D.WRONG_ROUTE_GROUP: DefectInfo(
        "envelope", "the answer's route.group is 'edge' instead of the request's 'resource'"),
    _D.ROUTE_SOURCE_EDGE: DefectInfo(
        "envelope", "an OK answer's route.source is 'edge' instead of 'controller' (erratum 10)"),
    _D.CONTENT_LOWERCASE_OK: DefectInfo("envelope", "the success content is 'ok' in lower case instead of 'OK'"),
    _D.WRONG_PARENT_ID: DefectInfo(
        "header", "parent_msg_id names the previous request (a stale variable), not this one"),
    _D.EMPTY_PARENT_ID: DefectInfo("header", "parent_msg_id is empty: the answer correlates with nothing"),
    _D.REUSES_REQUEST_MSG_ID: DefectInfo("header", "the answer's msg_id is the request's msg_id, not a fresh one"),
    _D.MSG_ID_NOT_UUID: DefectInfo("header", "the answer's msg_id is a counter ('answer-1'), not a UUID"),
    _D.TIMESTAMP_IN_SECONDS: DefectInfo("header", "the answer's timestamp is in seconds, not milliseconds"),
    _D.ANSWER_SYNC_TRUE: DefectInfo("header", "the answer carries sync: true (it should be false)"),
    _D.MISSING_EXTRA_HEADER_KEYS: DefectInfo(
        "header", "the answer's header lacks id, parentId, version, isSync, nodeId and peerInfo"),
    _D.ANSWERS_LATE: DefectInfo(
        "timing", "answers only after a delay longer than the harness's per-answer timeout (configurable)"),
    _D.NEVER_ANSWERS: DefectInfo("timing", "judges the pod but never sends the answer"),
    _D.ANSWERS_TWICE: DefectInfo("timing", "sends every answer twice (a retry without a check)"),
    _D.RATE_LIMITED: DefectInfo(
        "timing", "drops, unanswered, every message above 5 per second (burst 5), as the vendor's edge does"),
    _D.NON_JSON_AFTER_ANSWER: DefectInfo("connection", "sends a text frame that is not JSON after each answer"),
    _D.BINARY_ANSWERS: DefectInfo("connection", "sends its answers as binary frames instead of text frames"),
    _D.CLOSES_AFTER_REJECTING: DefectInfo("connection", "closes the connection (1011) after rejecting a pod"),
    _D.CLOSES_ON_LARGE_MESSAGE: DefectInfo(
        "connection", "keeps a library's 1 MiB message limit: closes with 1009 on a bigger pod update"),
    _D.LEAVES_FOR_GOOD: DefectInfo(
        "connection", f"closes the connection (1001) after its {LEAVE_AFTER_ANSWERS}th answer and never comes back"),
}

#: The message limit a websocket library often keeps by default (websockets, gorilla: 1 MiB).
LIBRARY_DEFAULT_MAX_MESSAGE = 1024 * 1024


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


EXTRA_HEADER_KEYS = ("id", "parentId", "version", "isSync", "nodeId", "peerInfo")


def misshape_answer(answer: dict[str, Any], defects: frozenset[Defect], *, request_msg_id: str | None,
                    previous_request_msg_id: str | None, answer_number: int, now_ms: int,
                    stale_parent_fallback: str) -> tuple[dict[str, Any], list[Defect]]:
    """``answer`` with the header/envelope defects of ``defects`` applied, and which applied.

    ``answer`` is the conformant answer (``answer_ok``/``answer_failed``); it is not modified.
    """
    if not defects:
        return answer, []
    out = copy.deepcopy(answer)
    header: dict[str, Any] = out["header"]
    route: dict[str, Any] = out["route"]
    applied: list[Defect] = []

    def apply(defect: Defect) -> bool:
        if defect in defects:
            applied.append(defect)
            return True
        return False

    is_ok = out.get("content") == "OK"
    if isinstance(out.get("content"), str) and out["content"].startswith(FAILED_PREFIX) \
            and apply(Defect.FAILED_WITHOUT_PREFIX):
        out["content"] = out["content"][len(FAILED_PREFIX):].lstrip(": ")
    if is_ok and apply(Defect.CONTENT_LOWERCASE_OK):
        out["content"] = "ok"
    if apply(Defect.NO_ROUTER):
        del out["router"]
    if apply(Defect.OPERATION_UPDATE):
        route["operation"] = "update"
    if apply(Defect.RESOURCE_NOT_COPIED):
        route["resource"] = "websocket/pod"
    if apply(Defect.WRONG_ROUTE_GROUP):
        route["group"] = "edge"
    if is_ok and apply(Defect.ROUTE_SOURCE_EDGE):
        route["source"] = "edge"
    if apply(Defect.WRONG_PARENT_ID):
        header["parent_msg_id"] = previous_request_msg_id or stale_parent_fallback
    if apply(Defect.EMPTY_PARENT_ID):
        header["parent_msg_id"] = ""
    if apply(Defect.REUSES_REQUEST_MSG_ID):
        header["msg_id"] = request_msg_id or ""
    if apply(Defect.MSG_ID_NOT_UUID):
        header["msg_id"] = f"answer-{answer_number}"
    if apply(Defect.TIMESTAMP_IN_SECONDS):
        header["timestamp"] = now_ms // 1000
    if apply(Defect.ANSWER_SYNC_TRUE):
        header["sync"] = True
    if apply(Defect.MISSING_EXTRA_HEADER_KEYS):
        for key in EXTRA_HEADER_KEYS:
            header.pop(key, None)
    return out, applied
