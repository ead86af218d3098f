"""The reference controller and ``edgeconform serve-controller``: its updates, its judgement of an
edge's answers (passing the reference edge, failing broken ones), the CLI contract."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from harness.cli import main
from harness.message import Envelope
from harness.messages.pod_update import POD_UPDATE
from harness.roles.controller_defects import ControllerDefect
from harness.roles.defects import Defect
from harness.roles.reference_controller import (
    ReferenceController,
    UpdateResult,
    conformant_updates,
    plan_updates,
    recount,
)
from harness.roles.reference_edge import ReferenceEdge
from tests.support import free_port as _free_port

# ----------------------------------------------------------------------------- the updates


def test_the_updates_are_conformant_with_fresh_msg_ids_and_cover_every_accept_case() -> None:
    updates = conformant_updates("strict")
    accept = [c for c in POD_UPDATE.cases("strict") if c.expect == "accept"]
    assert len(updates) == len(accept) + 1  # the spec-maximal accept case is the last update
    assert updates[0].label == "the conformant request" and updates[-1].label == "the spec-maximal pod"
    assert all(isinstance(u.payload, dict) and POD_UPDATE.validate(u.payload, "strict") == [] for u in updates)
    ids = [str(u.msg_id).lower() for u in updates]
    assert len(set(ids)) == len(ids)
    assert any(u.label.endswith("an-upper-case-uuid") and str(u.msg_id).isupper() for u in updates)


def test_a_plan_ends_with_a_connection_ending_defect_and_sends_nothing_plans_nothing() -> None:
    updates = conformant_updates("strict", boundaries=False)
    plan = plan_updates(updates, frozenset({ControllerDefect.DROPS_AFTER_ANSWER, ControllerDefect.SYNC_FALSE}))
    assert [u.defect for u in plan] == [None, ControllerDefect.SYNC_FALSE, ControllerDefect.DROPS_AFTER_ANSWER]
    assert plan[-1].after == "abort" and plan[1].expect == "none"
    assert plan_updates(updates, frozenset({ControllerDefect.SENDS_NOTHING})) == []
    assert len(plan_updates(updates, frozenset({ControllerDefect.HOST_PORT_80}))) == len(updates) + 1


def test_a_late_answer_to_a_message_that_must_be_dropped_is_caught_at_the_end() -> None:
    dropped = UpdateResult(2, "planted", "id-2", "none", True, "dropped unanswered")
    answered = UpdateResult(1, "conformant", "id-1", "ok", True, "answered")
    flipped = recount([answered, dropped], {"id-1": 2, "id-2": 1})
    assert [r.conforms for r in flipped] == [False, False]
    assert "answered 2 times" in flipped[0].reason and "answered later" in flipped[1].reason


# ----------------------------------------------------------------------------- judging an edge


def test_the_reference_controller_passes_the_reference_edge_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    with ReferenceEdge.start_listening() as edge:
        code = main(["serve-controller", "--connect", edge.url, "--rate", "0"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0, "\n".join(out[-5:])
    results = [line for line in out if " PASS  " in line or " FAIL  " in line]
    assert len(results) == len(conformant_updates("strict")) and all(" PASS  " in line for line in results)
    assert out[-1].endswith(f"CONFORMANT: all {len(results)} answers of the edge conform")


@pytest.mark.parametrize(("edge_defect", "argv", "expected"), [
    (Defect.CONTENT_LOWERCASE_OK, [], "at content: expected \"OK\""),
    (Defect.MSG_ID_NOT_UUID, [], "at header.msg_id"),
    (Defect.TIMESTAMP_IN_SECONDS, [], "at header.timestamp"),
    (Defect.REUSES_REQUEST_MSG_ID, [], "at header.msg_id: expected a fresh UUID"),
    (Defect.ANSWERS_TWICE, [], "answered 2 times"),
    (Defect.NEVER_ANSWERS, ["--timeout", "0.3"], "no answer with parent_msg_id"),
    (Defect.ANSWERS_ENVELOPE_GARBAGE, ["--defect", "sync-false", "--silence", "0.3"], "a conformant edge drops"),
    (Defect.ACCEPTS_EVERYTHING, ["--defect", "host-port-80"], "differs from answer-failed.json at content"),
], ids=lambda value: value.value if isinstance(value, Defect) else None)
def test_the_reference_controller_fails_a_broken_edge(edge_defect: Defect, argv: list[str], expected: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with ReferenceEdge.start_listening(defects={edge_defect}) as edge:
        code = main(["serve-controller", "--connect", edge.url, "--rate", "0", "--quick", *argv])
    out = capsys.readouterr().out
    assert code == 1, out
    assert expected in out and "NOT CONFORMANT" in out.splitlines()[-1]


@pytest.mark.e2e  # a subprocess
def test_an_edge_dialling_in_is_served_by_a_serve_controller_process() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve-controller", "--listen", "127.0.0.1:0", "--rate", "0",
         "--quick", "--wait", "10"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "listening on ws://127.0.0.1:" in first
        url = first.split("listening on ", 1)[1].split(" ", 1)[0]
        with ReferenceEdge.start_dialling(url):
            out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, out + err
    assert "1/1 PASS  the conformant request" in out and "Traceback" not in err


def test_the_in_process_handle_reports_an_edge_that_never_dials_in() -> None:
    with ReferenceController.start_listening(wait_s=0.2) as controller:
        report = controller.wait(5)
    assert not report.reached and report.exit_code == 2 and "no edge dialled" in report.error
    assert report.verdict_line().startswith("NOT JUDGED")


def test_the_in_process_handle_reports_an_edge_that_cannot_be_dialled() -> None:
    url = f"ws://127.0.0.1:{_free_port()}/websocket/n/events"
    with ReferenceController.start_dialling(url, dial_retry_s=0.3) as controller:
        report = controller.wait(5)
    assert not report.reached and "cannot connect" in report.error


def test_a_planted_binary_frame_is_judged_against_the_request_it_carries() -> None:
    plan = plan_updates(conformant_updates(boundaries=False, spec_maximal=False),
                        frozenset({ControllerDefect.BINARY_FRAME}))
    planted = plan[1]
    assert isinstance(planted.payload, bytes) and planted.msg_id is not None
    first = plan[0].payload
    assert isinstance(first, dict) and Envelope(first).msg_id != planted.msg_id


# ----------------------------------------------------------------------------- the CLI contract


def test_list_defects_prints_the_whole_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve-controller", "--list-defects"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == len(ControllerDefect) >= 12
    assert all(defect.value in out for defect in ControllerDefect)


@pytest.mark.parametrize("argv", [
    ["serve-controller"],
    ["serve-controller", "--listen", "no-port-here"],
    ["serve-controller", "--listen", "127.0.0.1:70000"],
    ["serve-controller", "--listen", "127.0.0.1:0", "--connect", "ws://127.0.0.1:1/websocket/n/events"],
    ["serve-controller", "--listen", "127.0.0.1:0", "--defect", "sends-everything-twice"],
    ["serve-controller", "--listen", "127.0.0.1:0", "--rate", "-1"],
])
def test_a_usage_error_exits_2_with_a_reason(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err


def test_an_edge_that_cannot_be_dialled_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve-controller", "--connect", f"ws://127.0.0.1:{_free_port()}/websocket/n/events"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "cannot connect" in err


def test_a_port_already_in_use_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve-controller", "--listen", f"127.0.0.1:{port}"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and f"cannot listen on 127.0.0.1:{port}" in err


def test_a_controller_that_sends_nothing_does_not_call_the_edge_not_conformant(
        capsys: pytest.CaptureFixture[str]) -> None:
    with ReferenceEdge.start_listening() as edge:
        code = main(["serve-controller", "--connect", edge.url, "--rate", "0", "--quick", "--defect", "sends-nothing"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert code == 2
    assert "NOT JUDGED" in last and "nothing to judge" in last and "NOT CONFORMANT" not in last
