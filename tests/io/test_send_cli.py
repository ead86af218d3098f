"""``edgeconform send`` sends exactly one message and prints what came back (answers first);
``reproducer`` gives a one-line command that actually replays a case."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.reproduce import reproducer, sendable
from harness.roles.defects import Defect
from harness.roles.reference_edge import ReferenceEdge
from tests.support import free_port

BIN = Path(sys.executable).parent


@pytest.fixture
def edge() -> Iterator[ReferenceEdge]:
    with ReferenceEdge.start_listening("127.0.0.1", 0, keepalive_interval=None) as running:
        yield running


def send(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]], str]:
    code = main(["send", *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, [json.loads(line) for line in out.out.splitlines() if line.strip()], out.err


def test_a_derived_reject_case_is_sent_with_a_fresh_msg_id_and_its_failed_answer_printed(
        edge: ReferenceEdge, capsys: pytest.CaptureFixture[str]) -> None:
    ids = []
    for _ in range(2):
        code, lines, err = send(capsys, "--connect", edge.url, "--case", "META-NAME.a-name-of-129-characters",
                                "--timeout", "0.5")
        assert code == 0, err
        assert lines[0]["kind"] == "answer" and lines[0]["message"]["content"].startswith("FAILED")
        ids.append(lines[0]["message"]["header"]["parent_msg_id"])
        assert f"msg_id {ids[-1]}" in err and "answered in" in err
    assert ids[0] != ids[1]


def test_answers_come_first_then_every_other_frame_and_a_second_answer_fails_the_case(
        capsys: pytest.CaptureFixture[str]) -> None:
    defects = {Defect.NON_JSON_AFTER_ANSWER, Defect.ANSWERS_TWICE}
    with ReferenceEdge.start_listening("127.0.0.1", 0, defects=defects, keepalive_interval=None) as edge:
        code, lines, err = send(capsys, "--connect", edge.url, "--case", "EDGE-DOCUMENT-UPDATE", "--timeout", "1")
    kinds = [line["kind"] for line in lines]
    assert kinds[:2] == ["answer", "answer"] and "not-json" in kinds[2:]
    assert "2 answers" in err
    assert code == 1 and "FAIL: EDGE-DOCUMENT-UPDATE: the request was answered 2 times" in err


def test_an_ok_where_the_case_expects_a_failure_exits_1_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    with ReferenceEdge.start_listening("127.0.0.1", 0, defects={Defect.ACCEPTS_EVERYTHING},
                                       keepalive_interval=None) as edge:
        code, lines, err = send(capsys, "--connect", edge.url, "--case", "META-NAME.a-name-of-129-characters")
    assert lines[0]["message"]["content"] == "OK"
    assert code == 1 and 'FAIL: META-NAME.a-name-of-129-characters: a pod that breaks the rule was answered "OK"' in err


def test_a_wrong_answer_to_a_conformant_update_exits_1_with_the_first_difference(
        capsys: pytest.CaptureFixture[str]) -> None:
    with ReferenceEdge.start_listening("127.0.0.1", 0, defects={Defect.NO_ROUTER}, keepalive_interval=None) as edge:
        code, lines, err = send(capsys, "--connect", edge.url, "--case", "EDGE-DOCUMENT-UPDATE")
    assert lines[0]["message"]["content"] == "OK"
    assert code == 1 and "FAIL: EDGE-DOCUMENT-UPDATE" in err and "router" in err


@pytest.mark.parametrize("case", ["FRAME.not-json", "FRAME.binary", "HDR-TIMESTAMP.0-below-the-range"])
def test_a_garbage_case_replays_the_garbage_then_the_conformant_update_and_passes_a_conformant_edge(
        case: str, edge: ReferenceEdge, capsys: pytest.CaptureFixture[str]) -> None:
    before = len(edge.journal)
    code, lines, err = send(capsys, "--connect", edge.url, "--case", case, "--timeout", "5")
    assert code == 0, err
    assert f"PASS: {case}" in err and "2 frames" in err
    sent = [entry.frame for entry in edge.journal[before:]]
    assert len(sent) == 2 and json.loads(sent[1].data)["content"]["metadata"]["name"]
    assert [line["case_frame"] for line in lines if line["kind"] == "answer"] == [2]


def test_a_garbage_case_answered_ok_fails(capsys: pytest.CaptureFixture[str]) -> None:
    with ReferenceEdge.start_listening("127.0.0.1", 0, defects={Defect.ANSWERS_ENVELOPE_GARBAGE},
                                       keepalive_interval=None) as edge:
        code, lines, err = send(capsys, "--connect", edge.url, "--case", "HDR-TIMESTAMP.0-below-the-range")
    assert code == 1 and 'answered "OK"' in err, err
    answered = sorted(line["case_frame"] for line in lines if line["kind"] == "answer")
    assert answered == [1, 2]  # the OK to the garbage is printed too, whenever it arrived


def test_send_returns_as_soon_as_the_verdict_is_known(edge: ReferenceEdge, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    code, _, err = send(capsys, "--connect", edge.url, "--case", "FRAME.json-array", "--timeout", "20")
    assert code == 0, err
    assert time.monotonic() - started < 10  # not the 20 s timeout


def test_a_file_is_sent_byte_for_byte(edge: ReferenceEdge, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = json.loads(Path("fixtures/conformant-request.json").read_text())
    text = "  " + json.dumps(request, indent=3) + "\n\n"  # odd whitespace stays as it is
    path = tmp_path / "request.json"
    path.write_bytes(text.encode())
    code, lines, _ = send(capsys, "--connect", edge.url, "--file", str(path), "--timeout", "0.3")
    assert code == 0 and lines[0]["message"]["content"] == "OK"
    assert edge.journal[-1].frame.data == text


def test_a_raw_text_frame_is_sent_as_given_and_no_answer_exits_1(edge: ReferenceEdge,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = send(capsys, "--connect", edge.url, "--frame", '{"header": 1}', "--timeout", "0.3")
    assert code == 1 and lines == [] and "no answer" in err
    assert edge.journal[-1].frame.data == '{"header": 1}'


@pytest.mark.e2e  # a subprocess
def test_the_edge_may_dial_in_with_listen(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "harness.cli", "send", "--listen", f"127.0.0.1:{port}", "--wait", "20",
               "--case", "EDGE-DOCUMENT-UPDATE", "--timeout", "0.5"]
    sender = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    edge = None
    try:
        deadline = time.monotonic() + 20
        while edge is None and time.monotonic() < deadline:
            try:
                edge = ReferenceEdge.start_dialling(f"ws://127.0.0.1:{port}/websocket/node-3/events",
                                                    keepalive_interval=None)
            except OSError:
                time.sleep(0.1)
            except Exception:  # ConnectFailed until the sender listens
                time.sleep(0.1)
        out, err = sender.communicate(timeout=30)
    finally:
        if edge is not None:
            edge.stop()
        if sender.poll() is None:
            sender.kill()
    assert sender.returncode == 0, err
    assert json.loads(out.splitlines()[0])["message"]["content"] == "OK"


@pytest.mark.parametrize(("args", "words"), [
    (["--connect", "ws://127.0.0.1:9/websocket/x/events", "--case", "FRAME.not-json"], "no edge reached"),
    (["--connect", "ws://127.0.0.1:9/websocket/x/events", "--case", "NO-SUCH-CASE"], "no case 'NO-SUCH-CASE'"),
    (["--connect", "ws://127.0.0.1:9/websocket/x/events", "--file", "/nonexistent/request.json"], "cannot read"),
    (["--listen", "127.0.0.1:0", "--wait", "0.2", "--frame", "x"], "no edge dialled in within 0.2 s"),
])
def test_no_edge_or_a_bad_message_exits_2_with_one_line(args: list[str], words: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = send(capsys, *args)
    assert code == 2 and lines == [] and words in err


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["send", "--case", "FRAME.not-json"]) == 2
    assert main(["send", "--connect", "ws://x/", "--case", "A", "--frame", "B"]) == 2
    capsys.readouterr()


# ------------------------------------------------------------------------------- reproducer


def test_the_reproducer_of_a_connect_or_listen_run_sends_the_case_to_the_same_edge() -> None:
    case = "META-NAME.a-name-of-129-characters"
    url = "ws://edge.lab:9000/websocket/node-1/events"
    assert reproducer(case, {"mode": "connect", "address": url}) == f"edgeconform send --connect {url} --case {case}"
    assert reproducer(case, {"mode": "listen", "address": "0.0.0.0:8443"}, profile="lenient") == (
        f"edgeconform send --listen 0.0.0.0:8443 --case {case} --profile lenient")
    assert reproducer(case, {"mode": "carrier-pigeon"}) == ""


def test_the_reproducer_of_a_vendor_run_serves_and_sends_under_the_vendor_profile() -> None:
    case = "META-CREATION-TIMESTAMP.a-number-instead-of-a-string"  # a case of the vendor profile only
    command = reproducer(case, {"mode": "reference", "defects": ["accepts-everything"]}, profile="vendor")
    assert "--defect accepts-everything --profile vendor >/dev/null &" in command
    assert f"--case {case} --profile vendor;" in command


def test_a_scenario_send_cannot_build_is_rerun_with_k_and_a_session_check_by_a_full_run() -> None:
    assert not sendable("EDGE-TWO-UPDATES-IN-A-ROW") and sendable("FRAME.binary") and sendable("EDGE-DOCUMENT-UPDATE")
    target = {"mode": "connect", "address": "ws://e:1/websocket/n/events"}
    assert reproducer("EDGE-TWO-UPDATES-IN-A-ROW", target) == (
        "edgeconform certify-edge --connect ws://e:1/websocket/n/events -k EDGE-TWO-UPDATES-IN-A-ROW")
    assert reproducer("EDGE-SESSION-ONLY-JSON", target) == "edgeconform certify-edge --connect ws://e:1/websocket/n/events"


def _shell(command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=60, env=env, check=False)


@pytest.mark.e2e  # a subprocess
def test_the_reproducer_of_a_reference_run_actually_replays_the_failure() -> None:
    command = reproducer("EDGE-DOCUMENT-UPDATE", {"mode": "reference", "defects": ["no-router"]},
                         reference_port=free_port())
    assert command.startswith("edgeconform serve-edge --listen 127.0.0.1:") and "--defect no-router" in command
    result = _shell(command)
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert answers and answers[0]["kind"] == "answer", result.stderr
    assert "router" not in answers[0]["message"]  # the planted defect, reproduced
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("defects", "status", "verdict"), [
    (["no-router"], 1, "FAIL: FRAME.not-json: the conformant update sent behind it"),
    ([], 0, "PASS: FRAME.not-json"),
])
@pytest.mark.e2e  # a subprocess
def test_the_reproducer_of_a_frame_case_replays_both_frames_and_exits_with_the_case_verdict(
        defects: list[str], status: int, verdict: str) -> None:
    command = reproducer("FRAME.not-json", {"mode": "reference", "defects": defects}, reference_port=free_port())
    result = _shell(command)
    assert result.returncode == status, result.stderr
    assert verdict in result.stderr and "2 frames" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.e2e  # a subprocess
def test_the_reproducer_of_a_session_case_of_a_reference_run_actually_fails_it() -> None:
    command = reproducer("EDGE-SESSION-ONLY-JSON", {"mode": "reference", "defects": ["non-json-after-answer"]})
    assert shlex.split(command) == ["edgeconform", "certify-edge", "--reference", "--rate", "0", "--defect",
                                    "non-json-after-answer"]
    result = _shell(command + " --report-dir " + shlex.quote(str(Path(os.environ.get("TMPDIR", "/tmp")) /
                                                                 f"edgeconform-repro-{os.getpid()}")))
    assert result.returncode == 1 and "EDGE-SESSION-ONLY-JSON" in result.stdout, result.stdout[-2000:]
