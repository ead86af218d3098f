"""The controller role: correlation (sans-I/O), exchanges, pacing, reconnects, shutdown."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from harness.message import answer_ok, encode
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod, spec_maximal_pod
from harness.roles.controller import Correlator
from harness.roles.defects import Defect
from harness.roles.edge import keepalive, status_report
from harness.roles.fake_controller import ControllerSession, FakeController
from harness.roles.reference_edge import ReferenceEdge
from harness.transport import Frame, Listener

NOW = 1_700_000_000_000


def _received(data: str | bytes) -> Frame:
    return Frame.message("received", data)


def test_the_correlator_tells_answers_from_keepalives_status_reports_and_garbage() -> None:
    correlator = Correlator()
    request = pod_update(conformant_pod())
    request_id = request["header"]["msg_id"]
    correlator.request_sent(request_id, NOW)
    status = encode({**answer_ok(request), "route": {"source": "edge", "group": "resource", "operation": "update",
                                                     "resource": "websocket/podstatus"}})
    frames: dict[str, str | bytes] = {
        "keepalive": keepalive(NOW),
        "status carrying the parent id": status,
        "status": status_report("p", NOW),
        "answer": encode(answer_ok(request)),
        "stranger": encode(answer_ok(pod_update(conformant_pod()))),
        "garbage": "<html>",
        "binary": encode(answer_ok(request)).encode(),
        "plain upstream": encode({"header": {"msg_id": str(uuid.uuid4()), "parent_msg_id": ""}, "route": {}}),
    }
    kinds = {name: correlator.classify(_received(data)).kind for name, data in frames.items()}
    assert kinds == {
        "keepalive": "keepalive", "status carrying the parent id": "upstream", "status": "upstream",
        "answer": "answer", "stranger": "unknown-answer", "garbage": "not-json", "binary": "binary",
        "plain upstream": "upstream",
    }
    assert correlator.answer_counts == {request_id: 1}
    assert len(correlator.not_json) == 1 and len(correlator.unknown_answers) == 1 and len(correlator.binary) == 1
    assert correlator.binary[0].request_id == request_id, "a binary frame keeps what it would have answered"
    assert correlator.unanswered() == [] and correlator.duplicate_answers() == {}


@pytest.fixture
def session() -> Iterator[ControllerSession]:
    with ControllerSession(rate=0, redial_wait_s=2.0) as controller:
        yield controller


def _edge(session: ControllerSession, **options: Any) -> ReferenceEdge:
    session.listen("127.0.0.1", 0)
    edge = ReferenceEdge.start_dialling(session.url("node-1"), **options)
    assert session.wait_for_edge(2)
    return edge


def test_an_exchange_finds_its_answer_amid_interleaved_keepalives_and_status_reports() -> None:
    async def scenario() -> None:
        edge_listener = await Listener.start("127.0.0.1", 0)
        controller = FakeController(rate=0)
        await controller.connect(edge_listener.url("node-1"))
        edge = await edge_listener.accept(2)
        assert edge is not None

        async def scripted_edge() -> None:
            frame = await edge.receive(2)
            assert frame is not None and isinstance(frame.data, str)
            request = json.loads(frame.data)
            for text in (keepalive(NOW), status_report("p", NOW), "not json", encode(answer_ok(request)),
                         keepalive(NOW)):
                await edge.send_text(text)

        script = asyncio.create_task(scripted_edge())
        exchange = await controller.exchange(pod_update(conformant_pod()), timeout=2, wait_after_answer=0.1)
        await script
        assert exchange.outcome == "answered" and len(exchange.answers) == 1
        assert exchange.answer is not None and exchange.answer["content"] == "OK"
        assert [c.kind for c in exchange.others] == ["keepalive", "upstream", "not-json", "keepalive"]
        assert exchange.wire[0].direction == "sent" and len(exchange.wire) == 6
        assert exchange.latency_ms is not None and exchange.latency_ms >= 0
        assert exchange.to_jsonable(max_chars_per_frame=10)["wire"][0]["truncated"] is True
        await controller.close()
        await edge_listener.close()

    asyncio.run(scenario())


def test_an_edge_that_never_answers_gives_a_timeout_outcome(session: ControllerSession) -> None:
    with _edge(session, defects={Defect.NEVER_ANSWERS}):
        exchange = session.exchange(pod_update(conformant_pod()), timeout=0.2)
    assert exchange.outcome == "timeout" and "no answer with parent_msg_id" in exchange.reason
    assert session.correlator.unanswered() == [exchange.request_id]


def test_an_answer_in_a_binary_frame_is_not_taken_for_a_text_answer(session: ControllerSession) -> None:
    with _edge(session, defects={Defect.BINARY_ANSWERS}):
        exchange = session.exchange(pod_update(conformant_pod()), timeout=0.3)
    assert exchange.outcome == "timeout" and "binary frame carried an answer" in exchange.reason


def test_the_session_counts_duplicate_answers_and_frames_that_are_not_json(session: ControllerSession) -> None:
    with _edge(session, defects={Defect.ANSWERS_TWICE, Defect.NON_JSON_AFTER_ANSWER}):
        exchange = session.exchange(pod_update(conformant_pod()), timeout=2, wait_after_answer=0.2)
    assert exchange.outcome == "answered" and len(exchange.answers) == 2
    assert session.correlator.duplicate_answers() == {exchange.request_id: 2}
    assert len(session.correlator.not_json) == 1


def test_an_answer_naming_the_previous_request_does_not_answer_this_one(session: ControllerSession) -> None:
    with _edge(session, defects={Defect.WRONG_PARENT_ID}):
        first = session.exchange(pod_update(conformant_pod()), timeout=5)
        second = session.exchange(pod_update(conformant_pod()), timeout=5)
    assert (first.outcome, second.outcome) == ("misanswered", "misanswered"), "evidence ends each wait at once"
    assert first.latency_ms is None and "never sent" in first.reason
    assert f"an answer naming {first.request_id}" in second.reason
    assert [c.request_id for c in second.others if c.kind == "answer"] == [first.request_id]
    assert session.correlator.answer_counts == {first.request_id: 1}
    assert len(session.correlator.unknown_answers) == 1, "the first answer named an id never sent"


def test_an_answer_with_an_empty_parent_id_ends_the_wait_at_once(session: ControllerSession) -> None:
    with _edge(session, defects={Defect.EMPTY_PARENT_ID}):
        started = time.monotonic()
        exchange = session.exchange(pod_update(conformant_pod()), timeout=10)
        assert time.monotonic() - started < 2, "the wait ended on the evidence, not the 10 s timeout"
    assert exchange.outcome == "misanswered" and "an answer with an empty parent_msg_id" in exchange.reason
    assert [c.kind for c in exchange.others] == ["unknown-answer"]


def test_a_conformant_edge_is_not_misanswered_by_its_keepalives_and_status_reports(session: ControllerSession) -> None:
    with _edge(session, keepalive_interval=0.01, report_pod_status=True):
        exchanges = [session.exchange(pod_update(conformant_pod()), timeout=5) for _ in range(20)]
    assert [e.outcome for e in exchanges] == ["answered"] * 20


def test_observing_silence_collects_what_the_edge_sends_unasked(session: ControllerSession) -> None:
    with _edge(session, keepalive_interval=0.05):
        session.exchange("garbage that is not JSON", timeout=0.05)
        observation = session.observe(0.3)
    assert not observation.disconnected
    assert observation.of_kind("keepalive") and not observation.of_kind("answer", "unknown-answer")


def test_pacing_sends_n_messages_at_rate_r_in_at_least_n_minus_burst_over_r_seconds() -> None:
    with ControllerSession(rate=25, burst=5) as session, _edge(session):
        started = time.monotonic()
        outcomes = [session.exchange(pod_update(conformant_pod()), timeout=2).outcome for _ in range(9)]
        elapsed = time.monotonic() - started
    assert outcomes == ["answered"] * 9
    assert elapsed >= (9 - 5) / 25 - 0.01


def test_pacing_under_an_edges_rate_limit_keeps_it_from_dropping_anything() -> None:
    # As the default 4/s is under the vendor's 5/s: pacing at the limit itself loses to network jitter.
    with ControllerSession(rate=20, burst=5) as session, _edge(session, rate_limit=(25.0, 5)):
        outcomes = [session.exchange(pod_update(conformant_pod()), timeout=1).outcome for _ in range(8)]
    assert outcomes == ["answered"] * 8


def test_an_edge_that_redials_after_closing_is_used_again_in_listen_mode(session: ControllerSession) -> None:
    invalid = conformant_pod()
    invalid["spec"]["containers"][0]["securityContext"]["privileged"] = True
    with _edge(session, defects={Defect.CLOSES_AFTER_REJECTING}):
        rejected = session.exchange(pod_update(invalid), timeout=2, wait_after_answer=0.2)
        after = session.exchange(pod_update(conformant_pod()), timeout=2)
    assert rejected.outcome == "answered" and "closed the connection (1011" in rejected.reason
    assert after.outcome == "answered"
    assert len(session.handshakes) == 2 and session.handshakes[1].node_id == "node-1"


def test_an_edge_that_closes_before_answering_gives_a_disconnected_outcome(session: ControllerSession) -> None:
    with _edge(session, defects={Defect.CLOSES_ON_LARGE_MESSAGE}):
        exchange = session.exchange(pod_update(spec_maximal_pod()), timeout=5)
    assert exchange.outcome == "disconnected" and "1009" in exchange.reason


def test_an_edge_that_is_gone_gives_a_disconnected_outcome_after_the_redial_wait() -> None:
    with ControllerSession(rate=0, redial_wait_s=0.3) as session:
        edge = _edge(session)
        edge.stop()
        started = time.monotonic()
        exchange = session.exchange(pod_update(conformant_pod()), timeout=2)
        assert time.monotonic() - started < 1.5
        observation = session.observe(0.05)
    assert exchange.outcome == "disconnected" and "did not come back within 0.3 s" in exchange.reason
    assert observation.disconnected


def test_the_controller_can_dial_an_edge_that_listens_and_redials_it_after_a_drop() -> None:
    invalid = conformant_pod()
    invalid["metadata"]["name"] = "Not-Valid"
    with ReferenceEdge.start_listening("127.0.0.1", 0, defects={Defect.CLOSES_AFTER_REJECTING}) as edge, \
            ControllerSession(rate=0) as session:
        session.connect(edge.url)
        first = session.exchange(pod_update(invalid), timeout=2, wait_after_answer=0.2)
        second = session.exchange(pod_update(conformant_pod()), timeout=2)
    assert first.outcome == "answered" and first.answer is not None
    assert first.answer["content"].startswith("FAILED: META-NAME")
    assert second.outcome == "answered" and len(session.handshakes) == 2


def test_a_request_that_cannot_be_encoded_is_not_sent(session: ControllerSession) -> None:
    exchange = session.exchange({"content": {1, 2}}, timeout=0.1)
    assert exchange.outcome == "not-sent"


def test_closing_a_session_leaves_no_thread_behind() -> None:
    before = threading.active_count()
    with ControllerSession(rate=0) as session:
        edge = _edge(session)
        assert session.exchange(pod_update(conformant_pod()), timeout=2).outcome == "answered"
        edge.stop()
    session.close()  # idempotent
    assert threading.active_count() == before
