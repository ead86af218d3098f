"""Self-tests of edge certification: the reference edge passes in both dial directions, and
every planted defect is failed by a case whose reason names it (the harness is proven by
failing broken edges, not only by passing a good one)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.roles.defects import Defect
from harness.roles.reference_edge import ReferenceEdge
from tests.support import certify_edge as certify

DOCUMENT_UPDATE = "EDGE-DOCUMENT-UPDATE"


def failed(summary: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["reason"] for c in summary["cases"] if c["outcome"] == "failed"}


def test_the_reference_edge_dialling_in_passes_every_case(tmp_path: Path) -> None:
    code, summary, output = certify(tmp_path, "--reference")
    assert code == 0, output[-3000:]
    assert summary["complete"] and summary["counts"]["failed"] == 0
    assert summary["counts"]["passed"] == summary["counts"]["total"] > 400
    assert (tmp_path / "report" / "junit.xml").exists() and (tmp_path / "report" / "allure-results").is_dir()
    assert "CONFORMANT; report in" in output


def test_the_reference_edge_listening_passes_when_dialled(tmp_path: Path) -> None:
    with ReferenceEdge.start_listening("127.0.0.1", 0) as edge:
        code, summary, output = certify(tmp_path, "--connect", edge.url, "-k", "EDGE- or META- or FRAME")
    assert code == 0, output[-3000:]
    assert summary["target"]["mode"] == "connect" and summary["counts"]["passed"] > 40


def test_an_edge_that_dials_in_through_a_real_serve_edge_process_passes(tmp_path: Path) -> None:
    import socket
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    report = tmp_path / "report"
    harness = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "certify-edge", "--listen", f"127.0.0.1:{port}", "--wait", "20",
         "--rate", "0", "--report-dir", str(report), "-k", "EDGE- or CTR-ENV-*"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    edge = subprocess.Popen([sys.executable, "-m", "harness.cli", "serve-edge", "--connect",
                             f"ws://127.0.0.1:{port}/websocket/node-7/events", "--keepalive", "0.05"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        output, _ = harness.communicate(timeout=60)
    finally:
        edge.terminate()
        edge.wait(10)
    assert harness.returncode == 0, output[-3000:]
    summary = json.loads((report / "summary.json").read_text())
    assert summary["target"]["handshakes"][0]["node_id"] == "node-7"
    assert summary["counts"]["passed"] == summary["counts"]["total"] > 20


def test_no_edge_reached_exits_2_with_the_reason(tmp_path: Path) -> None:
    code, summary, output = certify(tmp_path, "--connect", "ws://127.0.0.1:9/websocket/x/events")
    assert code == 2
    assert summary["peer_reached"] is False
    assert "no peer reached" in output


def test_a_selection_that_matches_no_case_is_a_usage_error(tmp_path: Path) -> None:
    code, _, _ = certify(tmp_path, "--reference", "-k", "NO-SUCH-CASE-ANYWHERE")
    assert code == 2


# Each planted defect: the cases run (-k), the case that must fail, and words its reason must hold.
CAUGHT_BY: dict[Defect, tuple[str, str, str, tuple[str, ...]]] = {
    Defect.ACCEPTS_EVERYTHING: ("META-NAME", "META-NAME.a-name-of-129-characters", 'answered "OK"', ()),
    Defect.ACCEPTS_NAME_OF_129: ("META-NAME", "META-NAME.a-name-of-129-characters", 'answered "OK"', ()),
    Defect.SKIPS_PRIVILEGED_CHECK: ("SEC-PRIVILEGED", "SEC-PRIVILEGED.true-instead-of-false", 'answered "OK"', ()),
    Defect.REJECTS_EVERYTHING: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "was rejected", ()),
    Defect.REJECTS_NAME_OF_128: ("META-NAME", "META-NAME.a-name-of-128-characters", "was rejected", ()),
    Defect.REQUIRES_NAMESPACE: ("META-NAMESPACE", "META-NAMESPACE.the-optional-field-left-out", "was rejected", ()),
    # A pod name that breaks its rule breaks route.resource too: silence is conformant there, so
    # the rejection's shape is judged on a container name, which the envelope does not carry.
    Defect.DROPS_INVALID_PODS: ("CTR-NAME", "CTR-NAME.33-characters", "no answer", ("--timeout", "0.3")),
    Defect.FAILED_WITHOUT_PREFIX: ("CTR-NAME", "CTR-NAME.33-characters", "content", ()),
    Defect.ANSWERS_ENVELOPE_GARBAGE: ("HDR-SYNC", "HDR-SYNC.false-instead-of-true", 'answered "OK"', ()),
    Defect.NO_ROUTER: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "router", ()),
    Defect.OPERATION_UPDATE: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "route.operation", ()),
    Defect.RESOURCE_NOT_COPIED: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "route.resource", ()),
    Defect.WRONG_ROUTE_GROUP: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "route.group", ()),
    Defect.ROUTE_SOURCE_EDGE: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "route.source", ()),
    Defect.CONTENT_LOWERCASE_OK: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "content", ()),
    Defect.WRONG_PARENT_ID: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "no answer", ("--timeout", "0.3")),
    Defect.EMPTY_PARENT_ID: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "no answer", ("--timeout", "0.3")),
    Defect.REUSES_REQUEST_MSG_ID: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "header.msg_id", ()),
    Defect.MSG_ID_NOT_UUID: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "header.msg_id", ()),
    Defect.TIMESTAMP_IN_SECONDS: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "header.timestamp", ()),
    Defect.ANSWER_SYNC_TRUE: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "header.sync", ()),
    Defect.MISSING_EXTRA_HEADER_KEYS: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "header.", ()),
    Defect.ANSWERS_LATE: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "no answer", ("--timeout", "0.3")),
    Defect.NEVER_ANSWERS: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "no answer", ("--timeout", "0.3")),
    Defect.ANSWERS_TWICE: ("EDGE-", "EDGE-SESSION-ONE-ANSWER-PER-REQUEST", "more than once", ()),
    Defect.NON_JSON_AFTER_ANSWER: ("EDGE-", "EDGE-SESSION-ONLY-JSON", "not JSON", ()),
    Defect.BINARY_ANSWERS: (DOCUMENT_UPDATE, DOCUMENT_UPDATE, "binary", ("--timeout", "0.3")),
    Defect.CLOSES_AFTER_REJECTING: ("EDGE-UPDATE-AFTER-REJECT", "EDGE-UPDATE-AFTER-REJECT", "", ()),
    Defect.CLOSES_ON_LARGE_MESSAGE: ("POD.spec-maximal", "POD.spec-maximal", "no answer", ()),
    Defect.RATE_LIMITED: (DOCUMENT_UPDATE + " or META-NAME", "META-NAME.a-name-of-129-characters", "no answer",
                          ("--timeout", "0.3")),
    Defect.LEAVES_FOR_GOOD: ("META-NAME", "META-NAME.a-name-of-129-characters", "the edge left after", ()),
}


def test_every_planted_defect_has_a_case_that_catches_it() -> None:
    assert set(CAUGHT_BY) == set(Defect)


@pytest.mark.parametrize("defect", list(CAUGHT_BY), ids=[d.value for d in CAUGHT_BY])
def test_a_broken_edge_fails_with_a_case_that_names_the_defect(tmp_path: Path, defect: Defect) -> None:
    selection, case_id, words, extra = CAUGHT_BY[defect]
    code, summary, output = certify(tmp_path, "--reference", "--defect", defect.value, "-k", selection, *extra)
    assert code == 1, output[-2000:]
    reasons = failed(summary)
    assert case_id in reasons, f"{case_id} did not fail; failed: {sorted(reasons)[:10]}"
    assert words in reasons[case_id], reasons[case_id]
    assert "NOT CONFORMANT" in output


def test_an_edge_following_the_documents_example_is_graded_non_strict(tmp_path: Path) -> None:
    with ReferenceEdge.start_listening("127.0.0.1", 0, profile="lenient") as edge:
        code, summary, output = certify(tmp_path, "--connect", edge.url, "-k", "VOL-EMPTYDIR* or PROBE-HTTPGET-SCHEME")
        assert code == 0, output[-2000:]  # --fail-on defaults to FAIL only
        graded = {c["id"]: c["grade"] for c in summary["cases"]}
        assert graded["VOL-EMPTYDIR-MEDIUM.memory-as-the-document-s-example-sends-erratum-1"] == "NON-STRICT"
        assert summary["grades"]["FAIL"] == 0 and summary["grades"]["NON-STRICT"] >= 2
        code, _, _ = certify(tmp_path, "--connect", edge.url, "-k", "VOL-EMPTYDIR*", "--fail-on", "FAIL,NON-STRICT")
        assert code == 1


def test_rerun_failed_runs_only_the_cases_that_failed(tmp_path: Path) -> None:
    code, first, _ = certify(tmp_path / "first", "--reference", "--defect", "accepts-name-of-129", "-k", "META-*")
    assert code == 1
    failed_ids = sorted(c["id"] for c in first["cases"] if c["outcome"] == "failed")
    code, second, _ = certify(tmp_path / "second", "--reference", "--defect", "accepts-name-of-129",
                              "--rerun-failed", str(tmp_path / "first" / "report" / "summary.json"))
    assert code == 1
    assert sorted(c["id"] for c in second["cases"]) == failed_ids


def test_a_run_records_wire_logs_grades_selection_and_progress(tmp_path: Path) -> None:
    code, summary, output = certify(tmp_path, "--reference", "-k", "EDGE-")
    assert code == 0
    assert summary["deselected"] > 400 and summary["collected"] == summary["deselected"] + summary["counts"]["total"]
    assert summary["options"]["selection"] == "EDGE-"
    informational = [c for c in summary["cases"] if c["grade"] == "INFORMATIONAL"]
    assert {c["id"] for c in informational} == {"EDGE-INFO-ABOVE-256-KIB", "EDGE-INFO-ABOVE-1-MIB"}
    assert all("answered 'OK'" in c["reason"] for c in informational)
    wire = json.loads((tmp_path / "report" / "wire" / "EDGE-DOCUMENT-UPDATE.json").read_text())
    directions = [f["direction"] for f in wire["exchanges"][0]["wire"]]
    assert "sent" in directions and "received" in directions
    assert f"case {summary['counts']['total']} of {summary['counts']['total']}" in output


def test_a_case_wire_log_holds_its_close_frames_the_re_handshake_and_whole_requests(tmp_path: Path) -> None:
    """The edge closes (1011) after rejecting; the case's wire log shows the close both ways, the
    connection closed and opened again, and the 2.7 KB request whole."""
    code, summary, _ = certify(tmp_path, "--reference", "--defect", "closes-after-rejecting",
                               "-k", "EDGE-UPDATE-AFTER-REJECT")
    assert code == 1 and "EDGE-UPDATE-AFTER-REJECT" in failed(summary)
    wire = json.loads((tmp_path / "report" / "wire" / "EDGE-UPDATE-AFTER-REJECT.json").read_text())["wire"]
    closes = [f for f in wire if f.get("kind") == "close"]
    assert {(f["direction"], f["close_code"], f["close_reason"]) for f in closes} == {
        ("received", 1011, "pod rejected"), ("sent", 1011, "pod rejected")}
    events = [f["event"] for f in wire if "event" in f]
    assert events == ["connection closed", "connection opened"]
    opened = next(f for f in wire if f.get("event") == "connection opened")
    assert opened["path"] == "/websocket/edgeconform-reference/events" and opened["response_status"] == 101
    # The update behind the rejected pod went out ahead; the edge closed first, so it went out again.
    requests = [f for f in wire if f.get("direction") == "sent" and f.get("kind") == "text"]
    assert len(requests) >= 2 and all(f["size"] > 2048 and len(f["data"]) == f["size"] for f in requests)
    assert not any(f.get("truncated") for f in wire)
