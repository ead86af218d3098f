"""The fake edge that certifies controllers: the judge (no I/O), the session checks, the runner.

Every check is shown both ways: it passes everything the reference controller sends, and
it catches the planted defect aimed at it (harness/roles/controller_defects.py).
"""

from __future__ import annotations

import base64
import concurrent.futures
from typing import Any

import pytest

from harness.message import Envelope, encode
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.roles.controller_defects import CATALOGUE, ControllerDefect
from harness.roles.fake_controller import ControllerSession
from harness.roles.fake_edge import (
    ControllerJudge,
    FakeEdgeOptions,
    FakeEdgeRecord,
    edge_headers,
    parse_header,
    run_fake_edge,
    session_findings,
)
from harness.roles.reference_controller import ReferenceController, conformant_updates, plan_updates
from tests.support import free_port as _free_port

QUICK: dict[str, Any] = {"rate": 0, "boundaries": False, "spec_maximal": False, "silence_s": 0.2}
MESSAGE_DEFECTS = [d for d in ControllerDefect if d.info.rule is not None]
SESSION_DEFECTS = [d for d in ControllerDefect if d.info.session_case is not None]


def _payload(update: Any) -> str | bytes:
    return update.payload if isinstance(update.payload, str | bytes) else encode(update.payload)


def _run_against(defects: list[ControllerDefect], **options: Any) -> tuple[FakeEdgeRecord, Any]:
    """The fake edge dials an in-process reference controller; (its record, the controller's report)."""
    with ReferenceController.start_listening(defects=defects, **{**QUICK, **options}) as controller:
        record = run_fake_edge("connect", controller.url, FakeEdgeOptions(idle_s=2, keepalive_interval=None))
        report = controller.wait(10)
    return record, report


# ----------------------------------------------------------------------------- the judge


def test_the_judge_finds_nothing_wrong_in_any_update_of_the_reference_controller() -> None:
    judge = ControllerJudge("strict")
    verdicts = [judge.judge(_payload(u)) for u in conformant_updates("strict")]
    assert len(verdicts) > 100
    assert [v.case_id for v in verdicts if not v.conforms] == []
    assert all(v.is_pod_update and v.kind == "text" for v in verdicts)


@pytest.mark.parametrize("defect", MESSAGE_DEFECTS, ids=str)
def test_the_judge_reports_each_planted_message_under_the_defects_rule(defect: ControllerDefect) -> None:
    judge = ControllerJudge("strict")
    first, planted = plan_updates(conformant_updates(boundaries=False, spec_maximal=False), frozenset({defect}))
    assert judge.judge(_payload(first)).conforms
    verdict = judge.judge(_payload(planted))
    assert defect.info.rule in verdict.rules, verdict.details()
    assert verdict.reason().startswith(f"{defect.info.rule} at ")


def test_a_binary_frame_breaks_the_message_rule_and_its_pod_is_still_judged() -> None:
    message = pod_update(conformant_pod())
    message["content"]["spec"]["containers"][0]["ports"][0]["hostPort"] = 80
    verdict = ControllerJudge().judge(encode(message).encode())
    assert verdict.kind == "binary" and verdict.rules == ("MESSAGE", "PORT-HOST-PORT")
    assert [v.path for v in verdict.of("frame")] == ["$"] and len(verdict.of("content")) == 1


@pytest.mark.parametrize("frame", ["{'header': {}}", '{"header": {"msg_id": "', "[]", "null", b"\xff\x00"])
def test_a_frame_that_is_not_a_json_object_breaks_the_message_rule(frame: str | bytes) -> None:
    verdict = ControllerJudge().judge(frame)
    assert "MESSAGE" in verdict.rules and not verdict.is_pod_update


def test_a_msg_id_repeated_in_other_letter_case_is_still_a_repeat_of_the_session() -> None:
    judge = ControllerJudge()
    first = pod_update(conformant_pod())
    again = pod_update(conformant_pod(), msg_id=str(Envelope(first).msg_id).upper())
    assert judge.judge(encode(first)).conforms
    verdict = judge.judge(encode(again))
    assert not verdict.violations and [v.rule for v in verdict.repeats] == ["HDR-MSG-ID"]
    assert "CTRL-MSG-0001" in verdict.repeats[0].message


def test_the_route_resource_must_name_the_pod_it_carries() -> None:
    message = pod_update(conformant_pod())
    message["route"]["resource"] = "websocket/pod/another-pod"
    verdict = ControllerJudge().judge(encode(message))
    assert [v.rule for v in verdict.of("naming")] == ["ROUTE-RESOURCE"] and not verdict.of("envelope")


# ----------------------------------------------------------------------------- headers


def test_the_edge_headers_are_the_vendor_edges_with_basic_authorization() -> None:
    headers = edge_headers(user="edge", password="s3cret:x", extra=[("serialnumber", "2102-42")])
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"edge:s3cret:x").decode()
    assert headers["DevMgmtType"] == "AtlasEdge" and headers["ProductName"] and headers["AssetTag"]
    assert headers["serialnumber"] == "2102-42" and "SerialNumber" not in headers


@pytest.mark.parametrize("text", ["NoEquals", "=value", "bad name=x", "X-Evil=a\r\nInjected: 1"])
def test_a_header_that_is_not_name_equals_value_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_header(text)


# ----------------------------------------------------------------------------- the runner and the session


def test_the_fake_edge_dials_with_the_vendors_headers_and_answers_like_a_conformant_edge() -> None:
    record, report = _run_against([ControllerDefect.HOST_PORT_80, ControllerDefect.SYNC_FALSE])
    assert record.reached and record.ended_by == "controller" and record.end is not None
    assert record.end.close_code == 1000
    assert record.handshake is not None
    headers = record.handshake.headers
    assert headers["DevMgmtType"] == "AtlasEdge" and headers["ProductName"] == "edgeconform-fake-edge"
    assert record.handshake.path == "/websocket/edgeconform-edge/events"
    kinds = [m.judgement.kind for m in record.messages]
    assert kinds == ["ok", "dropped", "rejected"]  # planted in catalogue order: sync-false, then host-port-80
    assert record.messages[1].answer is None
    assert str(record.messages[2].answer).count("FAILED: PORT-HOST-PORT") == 1
    assert report.answers_conform and report.conformant, [r.line(report.planned) for r in report.results]


def test_the_reference_controller_passes_every_check_of_the_fake_edge() -> None:
    record, report = _run_against([], boundaries=True, spec_maximal=True)
    assert len(record.messages) > 100 and all(m.verdict.conforms for m in record.messages)
    assert session_findings(record) == dict.fromkeys(session_findings(record))
    assert report.conformant


@pytest.mark.parametrize("defect", SESSION_DEFECTS, ids=str)
def test_each_session_check_fails_the_defect_planted_for_it(defect: ControllerDefect) -> None:
    record, report = _run_against([defect])
    findings = session_findings(record)
    assert findings[str(defect.info.session_case)] is not None
    failing = {case for case, finding in findings.items() if finding is not None}
    assert failing == {defect.info.session_case}
    assert report.answers_conform


def test_the_fake_edge_sends_keepalives_and_ends_the_run_after_idle_seconds() -> None:
    with ControllerSession(rate=0) as controller, concurrent.futures.ThreadPoolExecutor(1) as pool:
        controller.listen("127.0.0.1", 0)
        options = FakeEdgeOptions(idle_s=0.6, keepalive_interval=0.1)
        running = pool.submit(run_fake_edge, "connect", controller.url("node-7"), options)
        assert controller.wait_for_edge(5)
        observed = controller.observe(0.45)
        record = running.result(10)
    keepalives = observed.of_kind("keepalive")
    assert len(keepalives) >= 3 and record.keepalives_sent >= 3
    assert keepalives[0].message is not None
    route = keepalives[0].message["route"]
    assert route == {"source": "websocket", "group": "resource", "operation": "keepalive", "resource": "node"}
    assert keepalives[0].message["content"] == "ping"
    assert record.ended_by == "idle" and record.end is not None and record.end.direction == "sent"
    findings = session_findings(record)
    assert findings["CTRL-SESSION-POD-UPDATE-RECEIVED"] is not None
    assert findings["CTRL-SESSION-HANDLES-ANSWERS"] is None  # the edge closed: no fault of the controller


def test_the_fake_edge_listens_for_a_controller_that_dials_in() -> None:
    started: list[ReferenceController] = []

    def on_ready(url: str) -> None:
        started.append(ReferenceController.start_dialling(url, **QUICK))

    try:
        record = run_fake_edge("listen", ("127.0.0.1", 0), FakeEdgeOptions(idle_s=5), on_ready=on_ready)
        report = started[0].wait(10)
    finally:
        for controller in started:
            controller.stop()
    assert record.reached and record.mode == "listen" and record.target.endswith("/websocket/edgeconform-edge/events")
    assert len(record.messages) == 1 and record.messages[0].verdict.conforms
    assert report.conformant


def test_a_controller_that_cannot_be_dialled_is_a_record_not_an_exception() -> None:
    url = f"ws://127.0.0.1:{_free_port()}/websocket/n/events"
    record = run_fake_edge("connect", url, FakeEdgeOptions(idle_s=1))
    assert not record.reached and "cannot connect" in record.error
    finding = session_findings(record)["CTRL-SESSION-POD-UPDATE-RECEIVED"]
    assert finding is not None and finding.reason.startswith("no controller reached")


def test_a_controller_that_does_not_dial_in_within_idle_seconds_is_not_reached() -> None:
    record = run_fake_edge("listen", ("127.0.0.1", 0), FakeEdgeOptions(idle_s=0.2))
    assert not record.reached and "no controller dialled" in record.error and record.ended_by == "not-reached"


def test_every_defect_names_a_rule_or_a_session_check_and_the_catalogue_is_large_enough() -> None:
    assert len(CATALOGUE) >= 12 and len({d.area for d in ControllerDefect}) == 5
    assert all(info.rule or info.session_case for info in CATALOGUE.values())
