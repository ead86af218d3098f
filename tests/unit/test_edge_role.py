"""The edge role: the sans-I/O core, its planted defects, and the asyncio runner."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import pytest

from harness.message import decode, encode
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod, spec_maximal_pod
from harness.roles.defects import AREAS, CATALOGUE, Defect, catalogue_lines, parse_defect, plant
from harness.roles.edge import VENDOR_MAX_MESSAGE_BYTES, VENDOR_RATE_LIMIT, EdgeCore, EdgeDecision, keepalive
from harness.roles.reference_edge import EdgeOptions, run_edge, serve_edge_listen
from harness.transport import Listener, dial
from tests.support import pod_update_with, privileged_pod_update

NOW = 1_700_000_000_123  # ms
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")






def _decide(core: EdgeCore, message: Any, now: int = NOW) -> EdgeDecision:
    return core.on_frame(message if isinstance(message, str | bytes) else encode(message), now)


def _answer(decision: EdgeDecision) -> dict[str, Any]:
    assert decision.outgoing, f"expected an answer, got none ({decision.judgement})"
    answer = decode(decision.outgoing[0])
    assert isinstance(answer, dict)
    return answer


def test_edge_answers_ok_to_the_conformant_request_as_the_document_shows() -> None:
    request = pod_update(conformant_pod())
    decision = _decide(EdgeCore(), request)
    answer = _answer(decision)
    assert decision.judgement.kind == "ok" and len(decision.outgoing) == 1
    header = answer["header"]
    assert header["parent_msg_id"] == request["header"]["msg_id"]
    assert UUID_RE.match(header["msg_id"]) and header["msg_id"] != request["header"]["msg_id"]
    assert header["timestamp"] == NOW and header["sync"] is False and header["isSync"] is False
    assert {"id", "parentId", "version", "nodeId", "peerInfo"} <= header.keys()
    assert answer["router"] == {"source": "", "destination": "", "option": "", "resource": ""}
    assert answer["route"] == {"source": "controller", "group": "resource", "operation": "response",
                               "resource": request["route"]["resource"]}
    assert answer["content"] == "OK"


def test_edge_answers_failed_to_a_content_violation_in_the_vendors_feedback_error_shape() -> None:
    request = privileged_pod_update()
    decision = _decide(EdgeCore(), request)
    answer = _answer(decision)
    assert decision.judgement.kind == "rejected"
    assert decision.judgement.violations[0].rule == "SEC-PRIVILEGED"
    assert answer["content"].startswith("FAILED: SEC-PRIVILEGED at content.spec.containers[0].securityContext"
                                        ".privileged: ")
    assert answer["route"] == {"source": "metaManager", "group": "resource", "operation": "error",
                               "resource": request["route"]["resource"]}
    assert answer["header"]["parent_msg_id"] == request["header"]["msg_id"]


def test_edge_can_answer_failures_with_operation_response_as_the_guide_shows() -> None:
    answer = _answer(EdgeCore(failure_style="response").on_frame(encode(privileged_pod_update()), NOW))
    assert answer["route"]["operation"] == "response" and answer["content"].startswith("FAILED")


@pytest.mark.parametrize("frame", ["garbage", "", "[1, 2]", '"OK"', b"\xff\xfe", "{"])
def test_edge_drops_a_frame_that_is_not_json(frame: str | bytes) -> None:
    decision = _decide(EdgeCore(), frame)
    assert decision.outgoing == [] and decision.judgement.kind == "dropped"
    assert decision.judgement.reason


def _broken_envelope(path: str, value: Any) -> dict[str, Any]:
    message = pod_update(conformant_pod())
    outer, key = path.split(".")
    if outer == "$":
        message[key] = value
    else:
        message[outer][key] = value
    return message


@pytest.mark.parametrize(("path", "value", "rule"), [
    ("header.msg_id", "not-a-uuid", "HDR-MSG-ID"),
    ("header.parent_msg_id", "85c67925-5768-4edd-b40e-32cf106e07e8", "HDR-PARENT-MSG-ID"),
    ("header.sync", False, "HDR-SYNC"),
    ("route.source", "edge", "ROUTE-SOURCE"),
    ("route.group", "user", "ROUTE-GROUP"),
    ("route.operation", "delete", "ROUTE-OPERATION"),
    ("route.resource", "websocket/podstatus/x", "ROUTE-RESOURCE"),
    ("route.resource", "websocket/pod/another-pod", "ROUTE-RESOURCE"),
    ("$.content", [], "CONTENT-OBJECT"),
])
def test_edge_drops_a_message_whose_envelope_breaks_a_rule_without_answering(path: str, value: Any,
                                                                              rule: str) -> None:
    decision = _decide(EdgeCore(), _broken_envelope(path, value))
    assert decision.outgoing == [] and decision.judgement.kind == "dropped"
    assert decision.judgement.violations[0].rule == rule
    assert rule in decision.judgement.reason


def test_edge_judges_a_binary_frame_holding_a_pod_like_a_text_frame() -> None:
    decision = _decide(EdgeCore(), encode(pod_update(conformant_pod())).encode())
    assert decision.judgement.kind == "ok" and _answer(decision)["content"] == "OK"


def test_keepalive_has_the_vendors_shape() -> None:
    message = decode(keepalive(NOW))
    assert isinstance(message, dict)
    assert message["route"] == {"source": "websocket", "group": "resource", "operation": "keepalive",
                                "resource": "node"}
    assert message["content"] == "ping"
    assert UUID_RE.match(message["header"]["msg_id"])
    assert message["header"]["parent_msg_id"] == "" and message["header"]["timestamp"] == NOW
    assert decode(keepalive(NOW))["header"]["msg_id"] != message["header"]["msg_id"]  # type: ignore[index]


def test_edge_accepts_the_spec_maximal_pod_by_default_but_the_vendor_size_limit_drops_it() -> None:
    big = encode(pod_update(spec_maximal_pod()))
    assert len(big) > VENDOR_MAX_MESSAGE_BYTES
    assert _decide(EdgeCore(), big).judgement.kind == "ok"
    limited = _decide(EdgeCore(max_message_bytes=VENDOR_MAX_MESSAGE_BYTES), big)
    assert limited.judgement.kind == "dropped" and "limit" in limited.judgement.reason


def test_the_vendor_rate_limit_drops_messages_over_five_per_second_after_a_burst_of_five() -> None:
    core = EdgeCore(rate_limit=VENDOR_RATE_LIMIT)
    text = encode(pod_update(conformant_pod()))
    kinds = [core.on_frame(text, NOW).judgement.kind for _ in range(6)]
    assert kinds == ["ok"] * 5 + ["dropped"]
    assert core.on_frame(text, NOW + 200).judgement.kind == "ok"  # one token back after 1/5 s
    assert [EdgeCore().on_frame(text, NOW).judgement.kind for _ in range(6)] == ["ok"] * 6


# -- planted defects: each changes the behaviour it claims ---------------------------------

Probe = Callable[[EdgeCore], Any]


def _content_of_answer_to(request_factory: Callable[[], dict[str, Any]]) -> Probe:
    return lambda core: _answer(_decide(core, request_factory()))["content"][:6]


def _ok_answer_field(*keys: str) -> Probe:
    def probe(core: EdgeCore) -> Any:
        value: Any = _answer(_decide(core, pod_update(conformant_pod())))
        for key in keys:
            value = value.get(key, "<absent>") if isinstance(value, dict) else value
        return value
    return probe


def _parent_of_second_answer(core: EdgeCore) -> bool:
    first, second = pod_update(conformant_pod()), pod_update(conformant_pod())
    _decide(core, first)
    return bool(_answer(_decide(core, second))["header"]["parent_msg_id"] == first["header"]["msg_id"])


def _msg_id_is_the_requests(core: EdgeCore) -> bool:
    request = pod_update(conformant_pod())
    return bool(_answer(_decide(core, request))["header"]["msg_id"] == request["header"]["msg_id"])


def _msg_id_is_a_uuid(core: EdgeCore) -> bool:
    return bool(UUID_RE.match(_answer(_decide(core, pod_update(conformant_pod())))["header"]["msg_id"]))


def _extra_header_keys(core: EdgeCore) -> list[str]:
    header = _answer(_decide(core, pod_update(conformant_pod())))["header"]
    return sorted(k for k in ("id", "parentId", "version", "isSync", "nodeId", "peerInfo") if k in header)


def _answers_garbage(core: EdgeCore) -> list[str]:
    message = _broken_envelope("header.msg_id", "not-a-uuid")
    return [decode(t)["content"] for t in _decide(core, message).outgoing]  # type: ignore[index]


def _frames_for_invalid_pod(core: EdgeCore) -> int:
    return len(_decide(core, privileged_pod_update()).outgoing)


def _frames_for_conformant_pod(core: EdgeCore) -> int:
    return len(_decide(core, pod_update(conformant_pod())).outgoing)


def _second_frame_is_json(core: EdgeCore) -> bool:
    outgoing = _decide(core, pod_update(conformant_pod())).outgoing
    return len(outgoing) > 1 and not isinstance(decode(outgoing[1]), dict)


def _close_after_invalid_pod(core: EdgeCore) -> int | None:
    close = _decide(core, privileged_pod_update()).close
    return close.code if close else None


def _close_on_spec_maximal_pod(core: EdgeCore) -> tuple[int | None, int]:
    decision = _decide(core, pod_update(spec_maximal_pod()))
    return (decision.close.code if decision.close else None, len(decision.outgoing))


def _answers_to_seven_updates_sent_at_once(core: EdgeCore) -> list[int]:
    """Frames sent for each of seven conformant updates arriving in the same millisecond."""
    return [len(core.on_frame(encode(pod_update(conformant_pod())), NOW).outgoing) for _ in range(7)]


def _leaves_after_answers(core: EdgeCore) -> list[bool]:
    """For each of six conformant updates: does the edge leave for good after answering it?"""
    decisions = [_decide(core, pod_update(conformant_pod())) for _ in range(6)]
    return [d.leave and d.close is not None and d.close.code == 1001 for d in decisions]


PROBES: dict[Defect, tuple[Probe, Any]] = {
    Defect.ACCEPTS_EVERYTHING: (_content_of_answer_to(privileged_pod_update), "OK"),
    Defect.ACCEPTS_NAME_OF_129: (_content_of_answer_to(lambda: pod_update_with(name="a" * 129)), "OK"),
    Defect.SKIPS_PRIVILEGED_CHECK: (_content_of_answer_to(privileged_pod_update), "OK"),
    Defect.REJECTS_EVERYTHING: (_content_of_answer_to(lambda: pod_update(conformant_pod())), "FAILED"),
    Defect.REJECTS_NAME_OF_128: (_content_of_answer_to(lambda: pod_update_with(name="a" * 128)), "FAILED"),
    Defect.REQUIRES_NAMESPACE: (_content_of_answer_to(lambda: pod_update_with(namespace=None)), "FAILED"),
    Defect.DROPS_INVALID_PODS: (_frames_for_invalid_pod, 0),
    Defect.FAILED_WITHOUT_PREFIX: (_content_of_answer_to(privileged_pod_update), "SEC-PR"),
    Defect.ANSWERS_ENVELOPE_GARBAGE: (_answers_garbage, ["OK"]),
    Defect.NO_ROUTER: (_ok_answer_field("router"), "<absent>"),
    Defect.OPERATION_UPDATE: (_ok_answer_field("route", "operation"), "update"),
    Defect.RESOURCE_NOT_COPIED: (_ok_answer_field("route", "resource"), "websocket/pod"),
    Defect.WRONG_ROUTE_GROUP: (_ok_answer_field("route", "group"), "edge"),
    Defect.ROUTE_SOURCE_EDGE: (_ok_answer_field("route", "source"), "edge"),
    Defect.CONTENT_LOWERCASE_OK: (_ok_answer_field("content"), "ok"),
    Defect.WRONG_PARENT_ID: (_parent_of_second_answer, True),
    Defect.EMPTY_PARENT_ID: (_ok_answer_field("header", "parent_msg_id"), ""),
    Defect.REUSES_REQUEST_MSG_ID: (_msg_id_is_the_requests, True),
    Defect.MSG_ID_NOT_UUID: (_msg_id_is_a_uuid, False),
    Defect.TIMESTAMP_IN_SECONDS: (_ok_answer_field("header", "timestamp"), NOW // 1000),
    Defect.ANSWER_SYNC_TRUE: (_ok_answer_field("header", "sync"), True),
    Defect.MISSING_EXTRA_HEADER_KEYS: (_extra_header_keys, []),
    Defect.ANSWERS_LATE: (lambda core: _decide(core, pod_update(conformant_pod())).delay_s, 0.25),
    Defect.NEVER_ANSWERS: (_frames_for_conformant_pod, 0),
    Defect.ANSWERS_TWICE: (_frames_for_conformant_pod, 2),
    Defect.NON_JSON_AFTER_ANSWER: (_second_frame_is_json, True),
    Defect.BINARY_ANSWERS: (lambda core: _decide(core, pod_update(conformant_pod())).binary, True),
    Defect.CLOSES_AFTER_REJECTING: (_close_after_invalid_pod, 1011),
    Defect.CLOSES_ON_LARGE_MESSAGE: (_close_on_spec_maximal_pod, (1009, 0)),
    Defect.RATE_LIMITED: (_answers_to_seven_updates_sent_at_once, [1, 1, 1, 1, 1, 0, 0]),
    Defect.LEAVES_FOR_GOOD: (_leaves_after_answers, [False, False, False, False, True, True]),
}


@pytest.mark.parametrize("defect", list(Defect), ids=[d.value for d in Defect])
def test_each_planted_defect_changes_the_behaviour_it_claims(defect: Defect) -> None:
    probe, expected = PROBES[defect]
    defective = EdgeCore(seams=plant({defect}, late_answer_delay_s=0.25))
    assert probe(defective) == expected, defect.description
    assert probe(EdgeCore()) != expected, "the conformant edge behaves differently"


def test_a_defect_records_itself_in_the_decision_when_it_fires() -> None:
    decision = _decide(EdgeCore(seams=plant({Defect.ANSWERS_TWICE, Defect.NO_ROUTER})), pod_update(conformant_pod()))
    assert set(decision.defects_applied) == {Defect.ANSWERS_TWICE, Defect.NO_ROUTER}
    longer = _decide(EdgeCore(seams=plant({Defect.ACCEPTS_NAME_OF_129})), pod_update_with(name="a" * 130))
    assert longer.judgement.kind == "rejected", "only the off-by-one value slips through"


def test_the_defect_catalogue_has_at_least_18_defects_across_all_six_areas() -> None:
    assert len(Defect) >= 18 and set(PROBES) == set(Defect)
    assert {d.area for d in Defect} == set(AREAS)
    assert all(CATALOGUE[d].description for d in Defect)
    assert len(catalogue_lines()) == len(Defect)
    assert parse_defect("ANSWERS_TWICE") is parse_defect("answers-twice") is Defect.ANSWERS_TWICE
    with pytest.raises(ValueError, match="known defects"):
        parse_defect("answers-thrice")


# -- the runner over a real connection (127.0.0.1) ----------------------------------------

@pytest.mark.io  # loopback sockets
def test_the_runner_answers_frames_sends_keepalives_and_stops_on_close() -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0)
        controller = await dial(listener.url("node-1"))
        edge_link = await listener.accept(2)
        assert edge_link is not None
        runner = asyncio.create_task(run_edge(edge_link, EdgeCore(), keepalive_interval=0.05))
        request = pod_update(conformant_pod())
        await controller.send_text("not json")
        await controller.send_text(encode(request))
        kinds: list[str] = []
        while "answer" not in kinds or "keepalive" not in kinds:
            frame = await controller.receive(2)
            assert frame is not None and frame.kind == "text"
            message = decode(frame.data)
            assert isinstance(message, dict)
            if message["route"]["operation"] == "keepalive":
                kinds.append("keepalive")
            else:
                assert message["header"]["parent_msg_id"] == request["header"]["msg_id"]
                kinds.append("answer")
        assert kinds.count("answer") == 1
        await controller.close()
        await asyncio.wait_for(runner, 2)
        await listener.close()

    asyncio.run(scenario())


@pytest.mark.io  # loopback sockets
def test_the_runner_carries_out_late_binary_and_closing_defects() -> None:
    async def scenario() -> None:
        options = EdgeOptions(defects=frozenset({Defect.ANSWERS_LATE, Defect.BINARY_ANSWERS,
                                                 Defect.CLOSES_AFTER_REJECTING}), late_answer_delay_s=0.2)
        service = await serve_edge_listen("127.0.0.1", 0, options)
        controller = await dial(service.url)
        loop = asyncio.get_running_loop()
        started = loop.time()
        await controller.send_text(encode(privileged_pod_update()))
        answer = await controller.receive(2)
        assert answer is not None and answer.kind == "binary" and loop.time() - started >= 0.2
        end = await controller.receive(2)
        assert end is not None and (end.kind, end.close_code) == ("close", 1011)
        assert [e.decision.judgement.kind for e in service.journal] == ["rejected"]
        await service.stop()

    asyncio.run(scenario())
