"""Bounded runs (issue 10): whatever the edge does, a certification ends soon with the right
verdicts. Requests go out ahead of their cases (pipelining) and give the same verdicts as one
exchange after another; an edge that is gone fails the remaining cases at once; evidence ends a
wait; a run against a misbehaving edge ends within its bound."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.roles.defects import Defect
from harness.roles.fake_controller import ControllerSession
from harness.roles.reference_edge import ReferenceEdge

#: A mixed selection: the exchange cases, boundaries and rejections of one rule, envelope garbage
#: with its barrier, frames that are not pod updates, two updates in a row and the session checks.
SELECTION = ("EDGE- or META-NAME.a-name-of-12* or META-NAME.an-empty-name or HDR-MSG-ID or FRAME.not-json "
             "or FRAME.binary or SEC-PRIVILEGED or POD.spec-maximal")


def certify(report: Path, *args: str, timeout: float = 240) -> tuple[int, dict[str, Any], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "certify-edge", "--reference", "--rate", "0", "--report-dir",
         str(report), *args], capture_output=True, text=True, timeout=timeout, check=False)
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stdout + result.stderr
    summary = json.loads((report / "summary.json").read_text())
    return result.returncode, summary, elapsed


def verdicts(summary: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {case["id"]: (case["outcome"], case["grade"]) for case in summary["cases"]}


@pytest.mark.parametrize("defect", list(Defect), ids=[d.value for d in Defect])
def test_a_pipelined_run_gives_the_same_verdicts_as_one_exchange_after_another(tmp_path: Path,
                                                                                defect: Defect) -> None:
    # unpaced against an edge that drops above 5 msg/s, the order of sending decides what it drops;
    # paced well under it, nothing is dropped even when a loaded machine bunches the frames up
    pace = ("--rate", "2") if defect is Defect.RATE_LIMITED else ()
    options = ("--defect", defect.value, "-k", SELECTION, "--timeout", "1", *pace)
    serial_code, serial, _ = certify(tmp_path / "serial", *options, "--in-flight", "1")
    code, pipelined, _ = certify(tmp_path / "pipelined", *options)
    assert serial["options"]["in_flight"] == 1 and pipelined["options"]["in_flight"] > 1
    assert verdicts(pipelined) == verdicts(serial)
    assert code == serial_code


def test_a_conformant_edge_passes_every_case_pipelined_and_each_wire_log_holds_only_its_own_case(
        tmp_path: Path) -> None:
    code, summary, _ = certify(tmp_path, "-k", SELECTION)
    assert code == 0 and summary["counts"]["failed"] == 0
    wire = json.loads((tmp_path / "wire" / "SEC-PRIVILEGED.true-instead-of-false.json").read_text())
    (exchange,) = wire["exchanges"]
    frames = exchange["wire"]
    request_id = exchange["request_id"]
    assert frames[0]["direction"] == "sent" and request_id in frames[0]["data"]
    received = [json.loads(f["data"]) for f in frames if f["direction"] == "received" and f["kind"] == "text"]
    assert [m["header"]["parent_msg_id"] for m in received] == [request_id], "only its own answer"
    assert [f for f in frames if f["direction"] == "sent"] == frames[:1], "no other case's request"
    assert exchange["answers"][0]["message"]["content"].startswith("FAILED")
    sent = [f for f in wire["wire"] if f.get("direction") == "sent" and f.get("kind") == "text"]
    assert len(sent) == 1 and request_id in sent[0]["data"], "the case's wire log holds no other case's request"


def test_an_edge_that_drops_invalid_pods_ends_within_the_bound_and_its_boundary_cases_still_pass(
        tmp_path: Path) -> None:
    code, summary, elapsed = certify(tmp_path, "--defect", "drops-invalid-pods", "--timeout", "2")
    assert code == 1 and elapsed < 60, f"{elapsed:.1f} s"
    boundaries = [c for c in summary["cases"] if "boundary" in c["nodeid"]]
    assert len(boundaries) > 50 and all(c["outcome"] == "passed" for c in boundaries)
    content = [c for c in summary["cases"] if "content_rule" in c["nodeid"] or "breaks_a_content_rule" in c["nodeid"]]
    assert content and all(c["outcome"] == "failed" and "no answer" in c["reason"] for c in content)


def test_an_edge_that_leaves_for_good_fails_the_remaining_cases_at_once_and_covers_no_rule(tmp_path: Path) -> None:
    code, summary, elapsed = certify(tmp_path, "--defect", "leaves-for-good", "-k", "EDGE- or META-*")
    assert code == 1 and elapsed < 10 + 30, f"{elapsed:.1f} s: one re-dial wait, not one per case"
    gone = [c for c in summary["cases"] if c["outcome"] == "failed" and "the edge left after" in c["reason"]]
    assert len(gone) > 40 and all(c["judged"] is False and c["grade"] == "FAIL" for c in gone)
    assert "did not come back within 10 s" in gone[0]["reason"]
    assert summary["coverage"]["rules_covered"] == 0


def test_an_edge_that_is_gone_fails_later_requests_at_once_until_it_dials_again() -> None:
    with ControllerSession(rate=0, redial_wait_s=0.5) as session:
        session.listen("127.0.0.1", 0)
        first = ReferenceEdge.start_dialling(session.url("node-1"))
        assert session.wait_for_edge(5)
        assert session.exchange(pod_update(conformant_pod()), timeout=5, label="CASE-1").outcome == "answered"
        first.stop()
        lost = session.exchange(pod_update(conformant_pod()), timeout=5)
        started = time.monotonic()
        at_once = [session.exchange(pod_update(conformant_pod()), timeout=5) for _ in range(20)]
        assert time.monotonic() - started < 1, "no re-dial wait per request once the edge is gone"
        assert {e.outcome for e in [lost, *at_once]} == {"disconnected"}
        assert at_once[-1].reason.startswith("the edge left after CASE-1 and did not come back within 0.5 s")
        with ReferenceEdge.start_dialling(session.url("node-1")):
            deadline = time.monotonic() + 10
            back = session.exchange(pod_update(conformant_pod()), timeout=5)
            while back.outcome != "answered" and time.monotonic() < deadline:
                time.sleep(0.1)
                back = session.exchange(pod_update(conformant_pod()), timeout=5)
            assert back.outcome == "answered", back.reason


def test_requests_sent_ahead_each_keep_their_own_timeout() -> None:
    with ControllerSession(rate=0) as session:
        session.listen("127.0.0.1", 0)
        with ReferenceEdge.start_dialling(session.url("node-1"), defects={Defect.NEVER_ANSWERS}):
            assert session.wait_for_edge(5)
            started = time.monotonic()
            tickets = [session.submit(pod_update(conformant_pod()), timeout=1) for _ in range(30)]
            exchanges = [session.result(ticket) for ticket in tickets]
            elapsed = time.monotonic() - started
    assert {e.outcome for e in exchanges} == {"timeout"}
    assert elapsed < 5, f"{elapsed:.1f} s: the 30 waits overlap (one after another: 30 s)"
    assert all(e.sent_at_ms is not None and len([f for f in e.wire if f.direction == "sent"]) == 1 for e in exchanges)


def test_one_in_flight_sends_each_request_only_after_the_previous_one_ended() -> None:
    with ControllerSession(rate=0, in_flight=1) as session:
        session.listen("127.0.0.1", 0)
        with ReferenceEdge.start_dialling(session.url("node-1"), defects={Defect.NEVER_ANSWERS}):
            assert session.wait_for_edge(5)
            tickets = [session.submit(pod_update(conformant_pod()), timeout=0.3) for _ in range(3)]
            exchanges = [session.result(ticket) for ticket in tickets]
    sent = [e.sent_at_ms or 0 for e in exchanges]
    assert all(later - earlier >= 300 for earlier, later in itertools.pairwise(sent)), sent


def test_requests_in_flight_when_the_edge_leaves_each_end_with_the_edge_gone_and_none_is_lost() -> None:
    with ControllerSession(rate=0, redial_wait_s=1) as session:
        session.listen("127.0.0.1", 0)
        with ReferenceEdge.start_dialling(session.url("node-1"), defects={Defect.LEAVES_FOR_GOOD}):
            assert session.wait_for_edge(5)
            timeouts = [1, 1, 1, 1, 0, 1, 1, 1, 1]  # the fifth answer goes to a request sent without waiting
            tickets = [session.submit(pod_update(conformant_pod()), timeout=t, label=f"CASE-{n}")
                       for n, t in enumerate(timeouts, start=1)]
            started = time.monotonic()
            exchanges = [session.result(ticket) for ticket in tickets]
            assert time.monotonic() - started < 8
    assert [e.outcome for e in exchanges[:4]] == ["answered"] * 4
    assert all(e.outcome == "disconnected" and "the edge left after CASE-4" in e.reason for e in exchanges[5:])
