"""``edgeconform serve-edge``: catalogue, usage errors, bind/dial failures, a real run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest

from harness.cli import main
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.roles.defects import Defect
from harness.roles.fake_controller import ControllerSession


def test_list_defects_prints_the_whole_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve-edge", "--list-defects"]) == 0
    out = capsys.readouterr().out
    assert all(defect.value in out for defect in Defect)
    assert len(out.splitlines()) == len(Defect)


@pytest.mark.parametrize("argv", [
    ["serve-edge"],
    ["serve-edge", "--listen", "no-port-here"],
    ["serve-edge", "--listen", "127.0.0.1:70000"],
    ["serve-edge", "--listen", "127.0.0.1:0", "--connect", "ws://127.0.0.1:1/websocket/n/events"],
    ["serve-edge", "--listen", "127.0.0.1:0", "--defect", "answers-thrice"],
    ["serve-edge", "--listen", "127.0.0.1:0", "--keepalive", "-1"],
])
def test_a_usage_error_exits_2_with_a_reason(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err


def test_a_port_already_in_use_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve-edge", "--listen", f"127.0.0.1:{port}"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and f"cannot listen on 127.0.0.1:{port}" in err


def test_an_edge_started_before_the_controller_keeps_dialling_until_it_listens() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve-edge", "--connect", f"ws://127.0.0.1:{port}/websocket/n/events",
         "--keepalive", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "not answering yet" in first and "re-dialling" in first, first
        with ControllerSession(rate=0) as session:
            session.listen("127.0.0.1", port)
            assert session.wait_for_edge(30), "the edge dialled again once the controller listened"
            exchange = session.exchange(pod_update(conformant_pod()), timeout=5)
        assert exchange.answer is not None and exchange.answer["content"] == "OK"
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=10)
    assert process.returncode == 0 and "Traceback" not in err, err


def test_serve_edge_serves_until_sigint_and_answers_a_controller() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve-edge", "--listen", "127.0.0.1:0", "--keepalive", "0",
         "--defect", "content-lowercase-ok"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "listening on ws://127.0.0.1:" in first and "content-lowercase-ok" in first
        url = first.split("listening on ", 1)[1].split(" ", 1)[0]
        with ControllerSession(rate=0) as session:
            session.connect(url)
            exchange = session.exchange(pod_update(conformant_pod()), timeout=5)
        assert exchange.answer is not None and exchange.answer["content"] == "ok"
        assert "ok (conformant) [defects: content-lowercase-ok]" in process.stdout.readline()
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=10)
        assert process.returncode == 130, err  # Ctrl-C: 130, as every edgeconform command
        assert "interrupted" in err
        assert "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
