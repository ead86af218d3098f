"""Credentials (harness/credentials.py): Basic headers, passwords from files or the environment
(never the command line), a listener that refuses other credentials with 401 before the upgrade,
and the proof that no secret reaches any report: a certification run whose edge dials in with
credentials, then every file it wrote is searched for the password in each of its forms."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.cli import build_parser
from harness.credentials import (
    Credentials,
    CredentialsError,
    basic_authorization,
    basic_checker,
    credentials_of,
    parse_basic_authorization,
    read_password,
)
from harness.roles.edge import VENDOR_LIKE_HEADERS
from harness.roles.reference_edge import ReferenceEdge
from harness.transport import ConnectFailed, Listener, dial, redact_url
from tests.support import free_port as _free_port

USER = "edge-admin"
PASSWORD = "Ex4mple-s3cret-9f1c"  # unique enough that finding it anywhere is a leak


def _secret_forms(user: str = USER, password: str = PASSWORD) -> list[str]:
    """Every form a leak could take: the password, its base64, and the Basic token."""
    return [password, base64.b64encode(password.encode()).decode().rstrip("="),
            base64.b64encode(f"{user}:{password}".encode()).decode().rstrip("="), f"{user}:{password}"]


# ----------------------------------------------------------------------------- headers and passwords


def test_basic_authorization_is_base64_of_user_colon_password_and_reads_back() -> None:
    assert basic_authorization("edge", "secret") == "Basic ZWRnZTpzZWNyZXQ="
    assert parse_basic_authorization(basic_authorization("ünïcode", "pa:ss wörd")) == ("ünïcode", "pa:ss wörd")
    for not_basic in (None, "", "Bearer abc", "Basic", "Basic !!!", "Basic " + base64.b64encode(b"nocolon").decode()):
        assert parse_basic_authorization(not_basic) is None
    with pytest.raises(CredentialsError, match="':'"):
        basic_authorization("user:name", "x")
    with pytest.raises(CredentialsError, match="control characters"):
        basic_authorization("user", "line\nbreak")


def test_the_check_accepts_exactly_the_configured_credentials() -> None:
    check = basic_checker(USER, PASSWORD)
    assert check(basic_authorization(USER, PASSWORD))
    assert check("basic " + basic_authorization(USER, PASSWORD).split()[1]), "the scheme is case-insensitive"
    for refused in (None, "", basic_authorization(USER, PASSWORD + "x"), basic_authorization("other", PASSWORD),
                    "Bearer " + PASSWORD, "Basic \udcff", "Basic " + "A" * 10_000):
        assert not check(refused)


def test_a_password_comes_from_a_file_with_one_trailing_newline_stripped(tmp_path: Path) -> None:
    for content, expected in ((b"pw\n", "pw"), (b"pw", "pw"), (b"pw\r\n", "pw"), (b"pw\n\n", "pw\n"),
                              (b" spaced pw \n", " spaced pw ")):
        path = tmp_path / "password"
        path.write_bytes(content)
        assert read_password(file=path) == expected


def test_a_password_comes_from_an_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGECONFORM_TEST_PASSWORD", PASSWORD)
    assert read_password(env="EDGECONFORM_TEST_PASSWORD") == PASSWORD


def test_an_unusable_password_source_is_a_one_line_error_that_never_shows_the_secret(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDGECONFORM_UNSET", raising=False)
    monkeypatch.setenv("EDGECONFORM_EMPTY", "")
    empty, binary = tmp_path / "empty", tmp_path / "binary"
    empty.write_text("\n")
    binary.write_bytes(b"\xff\xfe" + PASSWORD.encode())
    attempts = [dict(), dict(file=empty, env="X"), dict(file=tmp_path / "absent"), dict(file=empty),
                dict(file=binary), dict(env="EDGECONFORM_UNSET"), dict(env="EDGECONFORM_EMPTY")]
    for kwargs in attempts:
        with pytest.raises(CredentialsError) as error:
            read_password(**kwargs)  # type: ignore[arg-type]
        assert "\n" not in str(error.value) and PASSWORD not in str(error.value)


def test_the_credentials_options_take_no_password_on_the_command_line(tmp_path: Path) -> None:
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD + "\n")
    credentials = credentials_of(USER, password_file=str(password_file))
    assert credentials == Credentials(USER, PASSWORD)
    assert PASSWORD not in repr(credentials) and PASSWORD not in str(credentials)
    assert credentials.headers() == {"Authorization": basic_authorization(USER, PASSWORD)}
    assert credentials_of(None) is None
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["certify-edge", "--reference", "--password", PASSWORD])
    with pytest.raises(SystemExit):
        parser.parse_args(["certify-edge", "--reference", "--password-file", "a", "--password-env", "B"])
    for user, env in ((USER, None), (None, "X")):
        with pytest.raises(CredentialsError):
            credentials_of(user, password_env=env)


def test_a_password_in_a_url_is_redacted() -> None:
    assert redact_url(f"wss://{USER}:{PASSWORD}@127.0.0.1:8443/websocket/n/events") == \
        f"wss://{USER}:<redacted>@127.0.0.1:8443/websocket/n/events"
    assert redact_url("ws://127.0.0.1:1/x") == "ws://127.0.0.1:1/x"

    async def dial_nowhere() -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with pytest.raises(ConnectFailed) as failed:
            await dial(f"ws://{USER}:{PASSWORD}@127.0.0.1:{port}/websocket/n/events", open_timeout=2)
        return str(failed.value)

    reason = asyncio.run(dial_nowhere())
    assert "cannot connect" in reason and PASSWORD not in reason and "<redacted>" in reason


# ----------------------------------------------------------------------------- a listener requiring credentials


def test_a_listener_requiring_credentials_accepts_them_and_refuses_others_with_401() -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, require_authorization=basic_checker(USER, PASSWORD))
        url = listener.url("node-1")
        good = await dial(url, headers={"Authorization": basic_authorization(USER, PASSWORD)})
        accepted = await listener.accept(2)
        assert accepted is not None and accepted.handshake.headers["Authorization"] == "Basic <redacted>"
        for headers in ({}, {"Authorization": basic_authorization(USER, "wrong")},
                        {"Authorization": basic_authorization("intruder", PASSWORD)}):
            with pytest.raises(ConnectFailed, match=r"HTTP 401 \(credentials missing or refused\)"):
                await dial(url, headers=headers)
        with pytest.raises(ConnectFailed, match="HTTP 401"):  # the URL's user info is a Basic header too
            await dial(url.replace("ws://", f"ws://{USER}:wrong@"))
        assert await listener.accept(0.1) is None, "no refused handshake became a link"
        refused = [seen for seen in listener.http_requests if seen.status == 401]
        assert len(refused) == 4 and "handshake(s) refused with HTTP 401" in listener.diagnosis()
        assert all(PASSWORD not in json.dumps(seen.headers) for seen in listener.http_requests)
        await good.send_text("still served")
        frame = await accepted.receive(2)
        assert frame is not None and frame.data == "still served"
        await good.close()
        await listener.close()

    asyncio.run(scenario())


def test_the_account_check_pre_check_needs_the_credentials_too() -> None:
    async def get(port: int, headers: str) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET /websocket/node-1/AccountCheck HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
        status = await asyncio.wait_for(reader.readline(), 2)
        writer.close()
        return status

    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, require_authorization=basic_checker(USER, PASSWORD))
        assert b" 401 " in await get(listener.port, "")
        assert b" 200 " in await get(listener.port, f"Authorization: {basic_authorization(USER, PASSWORD)}\r\n")
        await listener.close()

    asyncio.run(scenario())


def test_a_check_that_raises_refuses_the_handshake_and_the_listener_keeps_serving() -> None:
    def broken(value: str | None) -> bool:
        raise RuntimeError("a bug in the check")

    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, require_authorization=broken)
        for _ in range(3):
            with pytest.raises(ConnectFailed, match="HTTP 401"):
                await dial(listener.url("node-1"), headers={"Authorization": "Basic eDp5"})
        await listener.close()

    asyncio.run(scenario())


# ----------------------------------------------------------------------------- no secret in any report


def _files(directory: Path) -> Iterator[Path]:
    return (path for path in sorted(directory.rglob("*")) if path.is_file())


@pytest.mark.e2e  # a subprocess
def test_a_certification_with_credentials_writes_no_secret_in_any_report_file(tmp_path: Path) -> None:
    port, report = _free_port(), tmp_path / "report"
    harness = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "certify-edge", "--listen", f"127.0.0.1:{port}", "--wait", "20",
         "--rate", "0", "--timeout", "2", "--report-dir", str(report), "-k", "EDGE- or FRAME"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and harness.poll() is None:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    headers = {**VENDOR_LIKE_HEADERS, "Authorization": basic_authorization(USER, PASSWORD)}
    assert any(form in headers["Authorization"] for form in _secret_forms()), "the search finds the header if leaked"
    edge = ReferenceEdge.start_dialling(f"ws://127.0.0.1:{port}/websocket/node-1/events", headers=headers)
    try:
        output, _ = harness.communicate(timeout=60)
    finally:
        edge.stop()
    assert harness.returncode == 0, output[-3000:]
    summary = json.loads((report / "summary.json").read_text())
    shake = summary["target"]["handshakes"][0]
    assert shake["headers"]["Authorization"] == "Basic <redacted>", "the handshake is recorded, its secret is not"
    files = list(_files(report))
    assert {p.name for p in files} >= {"summary.json", "junit.xml"}
    assert any(p.parent.name == "allure-results" for p in files)
    assert any(b'"direction"' in p.read_bytes() for p in files), "the wire logs are among the files searched"
    for path in files:
        content = path.read_bytes()
        for form in _secret_forms():
            assert form.encode() not in content, f"{form!r} leaked into {path.relative_to(report)}"
    for form in _secret_forms():
        assert form not in output
