"""certify-edge over TLS and with Basic credentials, end to end: both dial directions pass a
well-configured reference edge, each misconfiguration is a one-line verdict (exit 2), and no
secret reaches any file of the report."""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import trustme

from harness.credentials import basic_authorization
from harness.roles.reference_edge import ReferenceEdge
from harness.tls import client_context, server_context
from tests.support import free_port as _free_port

PASSWORD = "s3cret-Pa55word"
SELECTION = ["-k", "EDGE-DOCUMENT-UPDATE or META-NAME"]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    paths = {"ca": folder / "ca.pem", "cert": folder / "server.pem", "key": folder / "server.key",
             "password": folder / "password"}
    ca.cert_pem.write_to_path(str(paths["ca"]))
    server.cert_chain_pems[0].write_to_path(str(paths["cert"]))
    server.private_key_pem.write_to_path(str(paths["key"]))
    paths["password"].write_text(PASSWORD + "\n")
    return paths


def _start_certify(report: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "harness.cli", "certify-edge", "--rate", "0", "--report-dir",
                             str(report), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("certify-edge never listened")


def _assert_no_secret(report: Path, output: str) -> None:
    secrets = [PASSWORD, base64.b64encode(f"vendor:{PASSWORD}".encode()).decode()]
    for path in [p for p in report.rglob("*") if p.is_file()]:
        text = path.read_text(errors="replace")
        assert not any(secret in text for secret in secrets), path
    assert not any(secret in output for secret in secrets)


def test_an_edge_dialling_in_over_tls_with_credentials_passes(tmp_path: Path, pki: dict[str, Path]) -> None:
    port, report = _free_port(), tmp_path / "report"
    harness = _start_certify(report, "--listen", f"127.0.0.1:{port}", "--wait", "20", "--cert", str(pki["cert"]),
                             "--key", str(pki["key"]), "--user", "vendor", "--password-file", str(pki["password"]),
                             *SELECTION)
    _wait_listening(port)
    context = client_context(ca_file=pki["ca"])
    with ReferenceEdge.start_dialling(f"wss://127.0.0.1:{port}/websocket/node-9/events", ssl=context,
                                      headers={"Authorization": basic_authorization("vendor", PASSWORD)}):
        output, _ = harness.communicate(timeout=60)
    assert harness.returncode == 0, output[-2000:]
    summary = json.loads((report / "summary.json").read_text())
    assert summary["target"]["tls"] and summary["target"]["credentials_required"]
    assert summary["target"]["handshakes"][0]["headers"]["Authorization"] == "Basic <redacted>"
    _assert_no_secret(report, output)


def test_an_edge_with_the_wrong_password_is_refused_and_the_run_says_why(tmp_path: Path,
                                                                          pki: dict[str, Path]) -> None:
    port, report = _free_port(), tmp_path / "report"
    harness = _start_certify(report, "--listen", f"127.0.0.1:{port}", "--wait", "3", "--user", "vendor",
                             "--password-file", str(pki["password"]), *SELECTION)
    _wait_listening(port)
    with pytest.raises(Exception, match=r"401|credentials"):
        ReferenceEdge.start_dialling(f"ws://127.0.0.1:{port}/websocket/node-9/events",
                                     headers={"Authorization": basic_authorization("vendor", "wrong")})
    output, _ = harness.communicate(timeout=60)
    assert harness.returncode == 2
    assert "no peer reached" in output and "401" in output
    _assert_no_secret(report, output)


def test_dialling_a_tls_edge_verifies_it_against_the_given_ca(tmp_path: Path, pki: dict[str, Path]) -> None:
    context = server_context(cert_file=pki["cert"], key_file=pki["key"])
    with ReferenceEdge.start_listening("127.0.0.1", 0, ssl=context) as edge:
        assert edge.url.startswith("wss://")
        good = _start_certify(tmp_path / "good", "--connect", edge.url, "--ca", str(pki["ca"]), *SELECTION)
        output, _ = good.communicate(timeout=60)
        assert good.returncode == 0, output[-2000:]
        unknown = _start_certify(tmp_path / "unknown", "--connect", edge.url, *SELECTION)
        output, _ = unknown.communicate(timeout=60)
    assert unknown.returncode == 2
    assert "certificate" in output.lower() and "Traceback" not in output


def test_unusable_tls_files_are_a_usage_error_before_any_case(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "harness.cli", "certify-edge", "--connect",
                             "wss://127.0.0.1:9/websocket/x/events", "--ca", str(tmp_path / "missing.pem"),
                             "--report-dir", str(tmp_path / "r")], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "missing.pem" in result.stdout + result.stderr and "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "r" / "summary.json").exists()


def test_certify_controller_dials_a_tls_controller_verified_against_the_given_ca(tmp_path: Path,
                                                                                pki: dict[str, Path]) -> None:
    from harness.roles.reference_controller import ReferenceController

    context = server_context(cert_file=pki["cert"], key_file=pki["key"])
    controller = ReferenceController.start_listening("127.0.0.1", 0, ssl=context, boundaries=False,
                                                     spec_maximal=False, rate=0)
    try:
        assert controller.url.startswith("wss://")
        result = subprocess.run([sys.executable, "-m", "harness.cli", "certify-controller", "--connect",
                                 controller.url, "--ca", str(pki["ca"]), "--idle", "2", "--report-dir",
                                 str(tmp_path / "r")], capture_output=True, text=True, timeout=60, check=False)
    finally:
        controller.stop()
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["counts"]["failed"] == 0 and summary["counts"]["passed"] >= 2
