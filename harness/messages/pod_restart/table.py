"""The Pod Restart rule table: what the vendor's edge checks of a restart request.

The controller asks the edge to restart a pod it runs: route ``controller``/``resource``/
``restart`` on ``websocket/pod/<name>``, no content. pod-update.txt does not describe this
message; every rule here rests on the vendor's edge (Ascend/MEF, ``src/mef-edge/edge-installer``,
read for facts, never copied): its FD header allow-list (a message breaking it is dropped
unanswered: the envelope rules) and its content check (a content that is not empty is bound
as a pod and refused: ``FAILED``). Under strict and lenient a case of these rules is therefore
NON-STRICT when it fails, never FAIL (the spec's ``documented=False``); under the vendor
profile it is the vendor's own check.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from harness.messages.pod_update import POD_UPDATE, conformant_pod, pod_update
from harness.rules import formats
from harness.rules.model import PROFILES, GoType, OneOf, Pattern, Rule, Vendor, short

_MEF = "src/mef-edge/edge-installer/pkg/"
V_ALLOW_LIST = f"{_MEF}edge-main/common/msglistchecker/allowed_messages.go"
V_HEADER_CHECKER = f"{_MEF}edge-main/common/msglistchecker/message_checker.go"
V_CONSTANTS = f"{_MEF}common/constants/constants.go"
V_MSG_CHECKER = f"{_MEF}edge-main/common/checker/msgchecker/msg_checker.go"
V_RESTART_HANDLER = f"{_MEF}edge-main/handlermgr/handlers/pod_restart_handler.go"
V_RESTART_SETTER = f"{_MEF}edge-main/msgconv/setters_a500.go"

#: constants.go: FdPodNameRegex = ContainerNameRegex + "-" + UUIDRegex, behind "websocket/pod/".
RESTART_RESOURCE = ("^websocket/pod/[a-z0-9]([a-z0-9-]{0,62}[a-z0-9]){0,1}"
                    "-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
LOWER_CASE_UUID = "^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"
_SILENT = "(pod-update.txt does not describe pod restart.) The vendor's edge: "


def _pod_named(name: str) -> dict[str, Any]:
    pod = conformant_pod()
    pod["metadata"]["name"] = name
    return pod


def _content_as_the_vendor_reads_it(seen: dict[str, list[tuple[str, Any]]]) -> list[tuple[str, str]]:
    """checkMsgContent: nothing for an empty content; a string is unquoted and read as JSON; what is there
    must bind as a pod and pass the pod checks (Pod Update's content rules, vendor profile)."""
    out: list[tuple[str, str]] = []
    for path, content in seen["content"]:
        if content is None or content in ("", "OK"):
            continue
        if isinstance(content, str):
            try:
                content = json.loads(content)
            except ValueError:
                out.append((path, f"{short(content)} is not JSON: the vendor cannot bind it as a pod"))
                continue
        if not isinstance(content, dict):
            out.append((path, f"{short(content)} is not an object: the vendor cannot bind it as a pod"))
            continue
        as_update = pod_update(content, msg_id="00000000-0000-4000-8000-000000000000", timestamp=1)
        for violation in POD_UPDATE.validate(as_update, "vendor"):
            if violation.rule not in POD_UPDATE.envelope_rule_ids:
                out.append((violation.path, f"as a pod: {violation.rule}: {violation.message}"))
    return out


def _required(rule: Rule) -> Rule:
    """The vendor's allow-list refuses the field absent: required under every profile."""
    return dataclasses.replace(rule, required_in=PROFILES, optional=False)


RULES: tuple[Rule, ...] = (
    Rule("RESTART-MESSAGE", ("",), GoType("struct"), group="envelope", source="vendor",
         spec=_SILENT + 'a model.Message: {"header":{...}, "route":{...}, "content":""} (a JSON object)',
         vendor=Vendor(V_HEADER_CHECKER, "UnmarshalKubeedgeMessage: not a message object, dropped")),
    _required(Rule("RESTART-HDR", ("header",), GoType("struct"), group="envelope", source="vendor",
                   spec=_SILENT + "the header the FD header validator reads (msg_id, sync)",
                   vendor=Vendor(V_HEADER_CHECKER, "NewFdMsgHeaderValidator().Check"))),
    _required(Rule("RESTART-ROUTE", ("route",), GoType("struct"), group="envelope", source="vendor",
                   spec=_SILENT + "the route the allow-list selects (operation, resource)",
                   vendor=Vendor(V_ALLOW_LIST, "controllerToResourceByRestart"))),
    _required(Rule("RESTART-HDR-MSG-ID", ("header.msg_id",), GoType("string"), group="envelope", source="vendor",
                   spec=_SILENT + "checkHeaderId: msg_id matches ^UUIDRegex$ (lower-case hex), else dropped",
                   constraints=(Pattern(LOWER_CASE_UUID, formats.UUID_MEANING + " in lower case"),),
                   # A UUID no other case sends: a session correlates answers by msg_id.
                   invalid=(("an upper-case UUID", "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"),
                            ("a word, not a UUID", "restart-not-a-uuid")),
                   vendor=Vendor(V_HEADER_CHECKER, "checkHeaderId: ^UUIDRegex$, else dropped"))),
    _required(Rule("RESTART-HDR-SYNC", ("header.sync",), GoType("bool"), group="envelope", source="vendor",
                   spec=_SILENT + "controllerToResourceByRestart: syncMessage (sync true), else dropped",
                   constraints=(OneOf((True,)),),
                   vendor=Vendor(V_ALLOW_LIST, "syncMessage: sync true, else dropped"))),
    _required(Rule("RESTART-ROUTE-OPERATION", ("route.operation",), GoType("string"), group="envelope",
                   source="vendor", spec=_SILENT + "route controller/resource/restart (constants.OptRestart)",
                   constraints=(OneOf(("restart",)),),
                   vendor=Vendor(V_ALLOW_LIST, "controller/resource/restart"))),
    _required(Rule("RESTART-ROUTE-RESOURCE", ("route.resource",), GoType("string"), group="envelope",
                   source="vendor",
                   spec=_SILENT + 'regexPattern("websocket/pod/"+constants.FdPodNameRegex): a pod name of '
                                  "1 to 64 characters, then '-' and a lower-case UUID",
                   constraints=(Pattern(RESTART_RESOURCE, "websocket/pod/, a pod name and a lower-case UUID"),),
                   valid=(("a 64-character name and a uuid",
                           "websocket/pod/" + "a" * 64 + "-6bf30364-3c62-493d-b3c1-848012fb8731"),),
                   invalid=(("a name without a uuid", "websocket/pod/root-test"),
                            ("a 65-character name and a uuid",
                             "websocket/pod/" + "a" * 65 + "-6bf30364-3c62-493d-b3c1-848012fb8731"),
                            ("an upper-case name", "websocket/pod/Root-test-6bf30364-3c62-493d-b3c1-848012fb8731"),
                            ("a resource outside websocket/pod/",
                             "websocket/podstatus/root-test-6bf30364-3c62-493d-b3c1-848012fb8731")),
                   vendor=Vendor(V_CONSTANTS, "FdPodNameRegex behind websocket/pod/ (allowed_messages.go), "
                                              "else dropped"))),
    Rule("RESTART-CONTENT", ("content",), GoType("*string"), group="content", source="vendor",
         spec=_SILENT + "checkMsgContent checks nothing when the content is empty; any other content is bound "
                        "as a pod (the resource names one): refused with FAILED unless it is one; "
                        "setPodRestartRoute then takes the pod name from route.resource",
         constraints=(OneOf(("",)),), profiles=("strict", "lenient"),
         note="Only a pod the edge runs can be restarted (pod_restart_handler.go: CheckPodRestartPolicy reads "
              "its stored status, and refuses restartPolicy Never): deploy the conformant pod first.",
         vendor=Vendor(V_MSG_CHECKER, "checkMsgContent: empty content skipped; otherwise ShouldBindJSON into a Pod")),
    Rule("RESTART-VENDOR-CONTENT", ("content",), GoType("*string"), group="content", source="cross-field",
         spec=_SILENT + "checkMsgContent: an empty content (or \"OK\", null) is not checked; any other is bound "
                        "as a pod and checked as a pod update's content is; what fails is answered FAILED",
         cross=_content_as_the_vendor_reads_it, reads=("content",), profiles=("vendor",),
         valid=(("a conformant pod, which the vendor checks as a pod update's", conformant_pod()),),
         invalid=(("a number, which the vendor cannot bind as a pod", 42),
                  ("a string that is not JSON", "root-test"),
                  ("a pod whose name breaks its rule", _pod_named("Root-test"))),
         vendor=Vendor(V_MSG_CHECKER, "checkMsgContent: ShouldBindJSON into a Pod, then the pod checkers")),
)
