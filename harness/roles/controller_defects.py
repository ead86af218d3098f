"""Planted defects of the reference controller: deliberately broken controller behaviours (no I/O).

The fake edge that certifies controllers is proven by *failing* broken controllers:
``ReferenceController(defects={...})`` and ``edgeconform serve-controller --defect NAME``
switch these on. Each one is a realistic controller bug, named after what it does wrong,
in one of five areas:

* ``header`` -- ``header`` breaks pod-update.txt's "Message instance" (msg_id, parent_msg_id, sync, timestamp);
* ``route`` -- ``route`` is not ``controller``/``resource``/``update``/``websocket/pod/{pod_name}``;
* ``content`` -- the pod breaks a row of the parameter table;
* ``frame`` -- the message is not a JSON text frame;
* ``session`` -- the controller's conduct over the connection (sends nothing, mishandles answers).

A message defect is *planted*: :func:`plant` turns one conformant pod update into the
broken message and says how a conformant edge answers it (vendor-notes.md, Answers:
``OK``; ``FAILED: <reason>`` for a content rule; dropped unanswered for an envelope
that fails the header checks or a frame that is not JSON) and what the controller
does after the answer. ``rule`` names the rule the fake edge must report (``None``:
a session check, named by ``session_case``).
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from harness.message import encode
from harness.roles.defects import parse_named

Area = Literal["header", "route", "content", "frame", "session"]
AREAS: tuple[Area, ...] = ("header", "route", "content", "frame", "session")
#: How a conformant edge answers a message: "OK", "FAILED: ...", or not at all (dropped).
Expect = Literal["ok", "failed", "none"]
#: What the controller does once the answer came: go on, drop the TCP connection, close with 1011.
After = Literal["continue", "abort", "close-error"]

#: Session checks of the controller suite (features/controller/session.feature), by case id.
SESSION_POD_UPDATE_RECEIVED = "CTRL-SESSION-POD-UPDATE-RECEIVED"
SESSION_UNIQUE_MSG_IDS = "CTRL-SESSION-UNIQUE-MSG-IDS"
SESSION_ONLY_JSON = "CTRL-SESSION-ONLY-JSON"
SESSION_HANDLES_ANSWERS = "CTRL-SESSION-HANDLES-ANSWERS"


@dataclass(frozen=True)
class ControllerDefectInfo:
    area: Area
    description: str
    rule: str | None  # the rule the fake edge reports for the planted message
    expect: Expect  # how a conformant edge answers the planted message
    session_case: str | None = None  # the session check that fails (besides any per-message case)


class ControllerDefect(enum.StrEnum):
    """A deliberately non-conformant controller behaviour; the value is its command-line name."""

    # header
    MSG_ID_NOT_UUID = "msg-id-not-uuid"
    REUSES_MSG_ID = "reuses-msg-id"
    PARENT_MSG_ID_SET = "parent-msg-id-set"
    SYNC_FALSE = "sync-false"
    TIMESTAMP_AS_STRING = "timestamp-as-string"
    # route
    ROUTE_SOURCE_CLOUDHUB = "route-source-cloudhub"
    ROUTE_GROUP_APP = "route-group-app"
    OPERATION_INSERT = "operation-insert"
    RESOURCE_OUTSIDE_POD = "resource-outside-pod"
    RESOURCE_NAMES_ANOTHER_POD = "resource-names-another-pod"
    # content
    HOST_PORT_80 = "host-port-80"
    MISSING_IMAGE = "missing-image"
    PORT_AS_STRING = "port-as-string"
    PRIVILEGED_CONTAINER = "privileged-container"
    CREATION_TIMESTAMP_AS_NUMBER = "creation-timestamp-as-number"
    # frame
    NOT_JSON = "not-json"
    BINARY_FRAME = "binary-frame"
    # session
    SENDS_NOTHING = "sends-nothing"
    DROPS_AFTER_ANSWER = "drops-after-answer"
    CLOSES_AFTER_FAILED = "closes-after-failed"

    @property
    def info(self) -> ControllerDefectInfo:
        return CATALOGUE[self]

    @property
    def area(self) -> Area:
        return CATALOGUE[self].area

    @property
    def description(self) -> str:
        return CATALOGUE[self].description


_D = ControllerDefect
_I = ControllerDefectInfo
CATALOGUE: dict[ControllerDefect, ControllerDefectInfo] = {
    _D.MSG_ID_NOT_UUID: _I("header", "header.msg_id is a counter ('pod-update-2'), not a UUID", "HDR-MSG-ID", "none"),
    _D.REUSES_MSG_ID: _I("header", "reuses the msg_id of the previous update (a cached message object)",
                         "HDR-MSG-ID", "ok", SESSION_UNIQUE_MSG_IDS),
    _D.PARENT_MSG_ID_SET: _I("header", "header.parent_msg_id names the previous update instead of being ''",
                             "HDR-PARENT-MSG-ID", "none"),
    _D.SYNC_FALSE: _I("header", "header.sync is false: the edge is not asked to answer", "HDR-SYNC", "none"),
    _D.TIMESTAMP_AS_STRING: _I("header", "header.timestamp is a string of digits, not an integer",
                               "HDR-TIMESTAMP", "none"),
    _D.ROUTE_SOURCE_CLOUDHUB: _I("route", "route.source is 'cloudhub' instead of 'controller'", "ROUTE-SOURCE", "none"),
    _D.ROUTE_GROUP_APP: _I("route", "route.group is 'app' instead of 'resource'", "ROUTE-GROUP", "none"),
    _D.OPERATION_INSERT: _I("route", "route.operation is 'insert' (KubeEdge's create) instead of 'update'",
                            "ROUTE-OPERATION", "none"),
    _D.RESOURCE_OUTSIDE_POD: _I("route", "route.resource is 'websocket/deployment/<name>', outside websocket/pod/",
                                "ROUTE-RESOURCE", "none"),
    _D.RESOURCE_NAMES_ANOTHER_POD: _I("route", "route.resource names another pod than content.metadata.name",
                                      "ROUTE-RESOURCE", "none"),
    _D.HOST_PORT_80: _I("content", "a container port maps hostPort 80 (the table allows 1024-65535)",
                        "PORT-HOST-PORT", "failed"),
    _D.MISSING_IMAGE: _I("content", "a container has no image (a required field left out)", "CTR-IMAGE", "failed"),
    _D.PORT_AS_STRING: _I("content", "containerPort is the string \"33\", not an integer (a wrong JSON type)",
                          "PORT-CONTAINER-PORT", "failed"),
    _D.PRIVILEGED_CONTAINER: _I("content", "a container has securityContext.privileged true", "SEC-PRIVILEGED",
                                "failed"),
    _D.CREATION_TIMESTAMP_AS_NUMBER: _I("content", "metadata.creationTimestamp is Unix seconds, not an RFC 3339 "
                                                   "string", "META-CREATION-TIMESTAMP", "failed"),
    _D.NOT_JSON: _I("frame", "sends the pod update as a Python repr (single quotes, True): not JSON", "MESSAGE",
                    "none", SESSION_ONLY_JSON),
    _D.BINARY_FRAME: _I("frame", "sends the pod update in a binary frame instead of a text frame", "MESSAGE", "ok",
                        SESSION_ONLY_JSON),
    _D.SENDS_NOTHING: _I("session", "connects and closes without pushing a single pod update", None, "ok",
                         SESSION_POD_UPDATE_RECEIVED),
    _D.DROPS_AFTER_ANSWER: _I("session", "drops the TCP connection (no close frame) right after an answer", None,
                              "ok", SESSION_HANDLES_ANSWERS),
    _D.CLOSES_AFTER_FAILED: _I("session", "pushes a pod with hostPort 80, then closes with 1011 on the FAILED "
                                          "answer", "PORT-HOST-PORT", "failed", SESSION_HANDLES_ANSWERS),
}


_AFTER: dict[ControllerDefect, After] = {_D.DROPS_AFTER_ANSWER: "abort", _D.CLOSES_AFTER_FAILED: "close-error"}


def parse_controller_defect(name: str) -> ControllerDefect:
    """A controller defect from its name (``sync-false`` or ``SYNC_FALSE``); ``ValueError`` if unknown."""
    return parse_named(ControllerDefect, name)


def parse_controller_defects(names: Iterable[str]) -> frozenset[ControllerDefect]:
    return frozenset(parse_controller_defect(n) for n in names)


def catalogue_lines() -> list[str]:
    """One line per defect, grouped by area: ``name  [area]  rule  description``."""
    width = max(len(d.value) for d in ControllerDefect)
    area_width = max(len(a) for a in AREAS) + 2
    rule_width = max(len(i.rule or i.session_case or "") for i in CATALOGUE.values())
    return [f"{d.value:<{width}}  {'[' + d.area + ']':<{area_width}}  "
            f"{d.info.rule or d.info.session_case or '':<{rule_width}}  {d.description}"
            for area in AREAS for d in ControllerDefect if d.area == area]


@dataclass(frozen=True)
class Planted:
    """A broken message (a dict, or a raw text/binary frame), its expected answer and what follows."""

    payload: dict[str, Any] | str | bytes
    expect: Expect
    after: After = "continue"


def plant(defect: ControllerDefect, update: dict[str, Any], *, previous_msg_id: str) -> Planted:
    """``update`` (a conformant pod update, not modified) broken the way ``defect`` says.

    ``previous_msg_id`` is the msg_id of the update sent before (reused or chained by
    the header defects). ``SENDS_NOTHING`` has no message: the caller sends none.
    """
    message = copy.deepcopy(update)
    header: dict[str, Any] = message["header"]
    route: dict[str, Any] = message["route"]
    pod: dict[str, Any] = message["content"]
    container: dict[str, Any] = pod["spec"]["containers"][0]
    expect = defect.info.expect
    d = ControllerDefect
    if defect is d.MSG_ID_NOT_UUID:
        header["msg_id"] = "pod-update-2"
    elif defect is d.REUSES_MSG_ID:
        header["msg_id"] = previous_msg_id
    elif defect is d.PARENT_MSG_ID_SET:
        header["parent_msg_id"] = previous_msg_id
    elif defect is d.SYNC_FALSE:
        header["sync"] = False
    elif defect is d.TIMESTAMP_AS_STRING:
        header["timestamp"] = str(header["timestamp"])
    elif defect is d.ROUTE_SOURCE_CLOUDHUB:
        route["source"] = "cloudhub"
    elif defect is d.ROUTE_GROUP_APP:
        route["group"] = "app"
    elif defect is d.OPERATION_INSERT:
        route["operation"] = "insert"
    elif defect is d.RESOURCE_OUTSIDE_POD:
        route["resource"] = "websocket/deployment/" + pod["metadata"]["name"]
    elif defect is d.RESOURCE_NAMES_ANOTHER_POD:
        route["resource"] = "websocket/pod/another-pod"
    elif defect in (d.HOST_PORT_80, d.CLOSES_AFTER_FAILED):
        container["ports"][0]["hostPort"] = 80
    elif defect is d.MISSING_IMAGE:
        del container["image"]
    elif defect is d.PORT_AS_STRING:
        container["ports"][0]["containerPort"] = str(container["ports"][0]["containerPort"])
    elif defect is d.PRIVILEGED_CONTAINER:
        container["securityContext"]["privileged"] = True
    elif defect is d.CREATION_TIMESTAMP_AS_NUMBER:
        pod["metadata"]["creationTimestamp"] = 1652168694
    elif defect is d.NOT_JSON:
        return Planted(repr(message), expect)
    elif defect is d.BINARY_FRAME:
        return Planted(encode(message).encode("utf-8"), expect)
    return Planted(message, expect, _AFTER.get(defect, "continue"))
