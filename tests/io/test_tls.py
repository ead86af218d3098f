"""TLS on the link (harness/tls.py, harness/transport.py): wss:// round trips, mutual TLS, and
each failure as one clear line naming its cause -- on the dialling side (``ConnectFailed``) and
on the listening side (``Listener.tls_failures``). Certificates are made on the fly by trustme;
everything talks to 127.0.0.1 on free ports."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme

from harness.message import answer_ok, decode, encode
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.roles.fake_controller import FakeController
from harness.tls import (
    MINIMUM_TLS_VERSION,
    TlsConfigError,
    client_context,
    server_context,
    tls_context,
)
from harness.transport import ConnectFailed, Link, Listener, describe_tls_failure, dial


@dataclass(frozen=True)
class Pki:
    """A CA, a second CA nobody trusts, and PEM files of the certificates the tests use."""

    directory: Path
    ca: trustme.CA
    stranger: trustme.CA

    def ca_file(self, which: str = "ca") -> Path:
        path = self.directory / f"{which}.pem"
        (self.ca if which == "ca" else self.stranger).cert_pem.write_to_path(str(path))
        return path

    def leaf(self, name: str, *identities: str, issuer: str = "ca",
             not_before: dt.datetime | None = None, not_after: dt.datetime | None = None) -> tuple[Path, Path]:
        ca = self.ca if issuer == "ca" else self.stranger
        cert = ca.issue_cert(*identities, not_before=not_before, not_after=not_after)
        cert_file, key_file = self.directory / f"{name}.crt", self.directory / f"{name}.key"
        cert.cert_chain_pems[0].write_to_path(str(cert_file))
        for extra in cert.cert_chain_pems[1:]:
            extra.write_to_path(str(cert_file), append=True)
        cert.private_key_pem.write_to_path(str(key_file))
        return cert_file, key_file

    def self_signed(self) -> tuple[Path, Path]:
        """A self-signed certificate (trustme's root: its own issuer)."""
        cert_file, key_file = self.directory / "self-signed.crt", self.directory / "self-signed.key"
        self.stranger.cert_pem.write_to_path(str(cert_file))
        self.stranger.private_key_pem.write_to_path(str(key_file))
        return cert_file, key_file


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return Pki(tmp_path_factory.mktemp("pki"), trustme.CA(), trustme.CA())


def _server(pki: Pki, *identities: str, require_client_cert: bool = False, not_before: dt.datetime | None = None,
            not_after: dt.datetime | None = None) -> ssl.SSLContext:
    name = "server-" + "-".join(identities) + ("-dated" if not_after else "")
    cert, key = pki.leaf(name, *(identities or ("127.0.0.1",)), not_before=not_before, not_after=not_after)
    return server_context(cert_file=cert, key_file=key,
                          client_ca_file=pki.ca_file() if require_client_cert else None)


async def _round_trip(listener: Listener, client: Link) -> Link:
    server = await listener.accept(5)
    assert server is not None
    await client.send_text("ping over TLS")
    frame = await server.receive(5)
    assert frame is not None and frame.data == "ping over TLS"
    return server


def _run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(scenario(), 30))


async def _listener_noticed(listener: Listener) -> str:
    """The listener's diagnosis, once its side of a failed handshake has ended (it ends just after the client's)."""
    for _ in range(100):
        if listener.tls_failures:
            break
        await asyncio.sleep(0.02)
    return listener.diagnosis()


async def _refused(listener: Listener, context: ssl.SSLContext | None, *, scheme: str = "wss") -> str:
    """Dial ``listener`` and return the ``ConnectFailed`` reason."""
    with pytest.raises(ConnectFailed) as failed:
        await dial(listener.url("node-1", scheme=scheme), ssl=context, open_timeout=5)
    return str(failed.value)


# ----------------------------------------------------------------------------- well-behaved peers


def test_a_wss_round_trip_works_when_the_client_trusts_the_servers_ca(pki: Pki) -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, ssl=_server(pki))
        client = await dial(listener.url("node-1", scheme="wss"), ssl=client_context(ca_file=pki.ca_file()))
        server = await _round_trip(listener, client)
        assert client.handshake.tls is not None and client.handshake.tls["version"] in ("TLSv1.2", "TLSv1.3")
        assert server.handshake.tls is not None and "peer_subject" not in server.handshake.tls
        assert client.handshake.to_jsonable()["tls"]["cipher"]
        assert listener.tls_failures == [] and listener.diagnosis() == ""
        await client.close()
        await listener.close()

    _run(scenario)


def test_mutual_tls_passes_a_client_certificate_signed_by_the_client_ca(pki: Pki) -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, ssl=_server(pki, require_client_cert=True))
        cert, key = pki.leaf("client", "edge-node-7")
        client = await dial(listener.url("node-1", scheme="wss"),
                            ssl=client_context(ca_file=pki.ca_file(), cert_file=cert, key_file=key))
        server = await _round_trip(listener, client)
        assert server.handshake.tls is not None and "peer_subject" in server.handshake.tls
        await client.close()
        await listener.close()

    _run(scenario)


def test_the_controller_role_certifies_an_edge_over_wss(pki: Pki) -> None:
    async def scenario() -> None:
        edge_side = await Listener.start("127.0.0.1", 0, ssl=_server(pki))
        controller = FakeController(rate=0)
        await controller.connect(edge_side.url("node-1", scheme="wss"), ssl=client_context(ca_file=pki.ca_file()))
        edge = await edge_side.accept(5)
        assert edge is not None

        async def answer() -> None:
            frame = await edge.receive(5)
            assert frame is not None and isinstance(frame.data, str)
            request = decode(frame.data)
            assert isinstance(request, dict)
            await edge.send_text(encode(answer_ok(request)))

        answering = asyncio.create_task(answer())
        exchange = await controller.exchange(pod_update(conformant_pod()), timeout=5)
        await answering
        assert exchange.outcome == "answered", exchange.reason
        await controller.close()
        await edge_side.close()

    _run(scenario)


def test_insecure_accepts_a_self_signed_server_that_verification_refuses(pki: Pki) -> None:
    async def scenario() -> None:
        cert, key = pki.self_signed()
        listener = await Listener.start("127.0.0.1", 0, ssl=server_context(cert_file=cert, key_file=key))
        reason = await _refused(listener, client_context(ca_file=pki.ca_file()))
        assert "certificate verify failed" in reason and "self-signed" in reason, reason
        client = await dial(listener.url("node-1", scheme="wss"), ssl=client_context(insecure=True))
        await _round_trip(listener, client)
        await client.close()
        await listener.close()

    _run(scenario)


# ----------------------------------------------------------------------------- each failure, named


def _blocking_tls_client(port: int, context: ssl.SSLContext) -> None:
    """A TLS client on a plain socket, which (like Go's, unlike asyncio's) sends its alert before closing."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw, \
            contextlib.suppress(ssl.SSLError, OSError), context.wrap_socket(raw, server_hostname="127.0.0.1"):
        pass


def test_a_server_certificate_from_an_unknown_ca_is_refused_naming_the_unknown_ca(pki: Pki) -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, ssl=_server(pki))
        reason = await _refused(listener, client_context(ca_file=pki.ca_file("stranger")))
        assert reason.startswith(listener.url("node-1", scheme="wss") + ": TLS: certificate verify failed: unknown CA")
        assert "\n" not in reason and "Traceback" not in reason
        await asyncio.to_thread(_blocking_tls_client, listener.port, client_context(ca_file=pki.ca_file("stranger")))
        diagnosis = await _listener_noticed(listener)
        assert "TLS handshake(s) failed" in diagnosis and "does not trust this side's certificate" in diagnosis
        await listener.close()

    _run(scenario)


def test_a_server_certificate_for_another_host_name_is_refused_naming_the_mismatch(pki: Pki) -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, ssl=_server(pki, "edge.example"))
        reason = await _refused(listener, client_context(ca_file=pki.ca_file()))
        assert "host name mismatch" in reason and "127.0.0.1" in reason, reason
        await listener.close()

    _run(scenario)


def test_an_expired_server_certificate_is_refused_naming_the_expiry(pki: Pki) -> None:
    now = dt.datetime.now(dt.UTC)
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, ssl=_server(
            pki, "127.0.0.1", not_before=now - dt.timedelta(days=30), not_after=now - dt.timedelta(days=1)))
        reason = await _refused(listener, client_context(ca_file=pki.ca_file()))
        assert "certificate verify failed: the server's certificate has expired" in reason, reason
        await listener.close()

    _run(scenario)


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_2], ids=["TLS 1.3", "TLS 1.2"])
def test_a_missing_client_certificate_is_named_on_both_sides_when_the_server_requires_one(
        pki: Pki, version: ssl.TLSVersion) -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, ssl=_server(pki, require_client_cert=True))
        context = client_context(ca_file=pki.ca_file())
        context.maximum_version = version
        reason = await _refused(listener, context)
        diagnosis = await _listener_noticed(listener)
        assert "client certificate" in reason, reason
        assert "missing client certificate: the client presented none" in diagnosis, diagnosis
        await listener.close()

    _run(scenario)


def test_a_client_certificate_from_an_unknown_ca_is_named_by_the_listener(pki: Pki) -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, ssl=_server(pki, require_client_cert=True))
        cert, key = pki.leaf("stranger-client", "edge-node-9", issuer="stranger")
        reason = await _refused(listener, client_context(ca_file=pki.ca_file(), cert_file=cert,
                                                                    key_file=key))
        diagnosis = await _listener_noticed(listener)
        assert "client certificate" in reason, reason
        assert "unknown CA" in diagnosis and "--client-ca" in diagnosis, diagnosis
        await listener.close()

    _run(scenario)


def test_plain_ws_to_a_wss_port_is_named_on_both_sides(pki: Pki) -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, ssl=_server(pki))
        reason = await _refused(listener, None, scheme="ws")
        diagnosis = await _listener_noticed(listener)
        assert "plain ws:// on a TLS port" in reason and "dial wss://" in reason, reason
        assert "plain ws:// on a TLS port" in diagnosis, diagnosis
        await listener.close()

    _run(scenario)


def test_wss_to_a_plain_ws_port_is_named(pki: Pki) -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0)
        reason = await _refused(listener, client_context(ca_file=pki.ca_file()))
        assert "does not speak TLS" in reason, reason
        await listener.close()

    _run(scenario)


def test_a_client_that_offers_only_tls_1_1_is_refused_for_want_of_a_common_version(pki: Pki) -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0, ssl=_server(pki))
        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.load_verify_locations(cafile=str(pki.ca_file()))
        with pytest.warns(DeprecationWarning):
            old.minimum_version = ssl.TLSVersion.TLSv1
            old.maximum_version = ssl.TLSVersion.TLSv1_1
        reason = await _refused(listener, old)
        assert "TLS" in reason and ("no TLS version in common" in reason or "handshake failure" in reason), reason
        await listener.close()

    _run(scenario)


def test_a_client_tls_context_cannot_listen(pki: Pki) -> None:
    from harness.transport import ListenFailed

    async def scenario() -> None:
        with pytest.raises(ListenFailed, match="client TLS context"):
            await Listener.start("127.0.0.1", 0, ssl=client_context(ca_file=pki.ca_file()))

    _run(scenario)


def test_describe_tls_failure_gives_one_line_for_anything() -> None:
    for exc in (ValueError("odd"), ConnectionResetError(), TimeoutError(), ssl.SSLEOFError(8, "EOF"),
                ssl.SSLError(1, "[SSL: SOMETHING_NEW] new")):
        line = describe_tls_failure(exc)
        assert line and "\n" not in line


# ----------------------------------------------------------------------------- options


def test_contexts_require_tls_1_2_and_verify_unless_insecure(pki: Pki) -> None:
    cert, key = pki.leaf("opts", "127.0.0.1")
    default = client_context()
    assert default.verify_mode == ssl.CERT_REQUIRED and default.check_hostname
    assert default.minimum_version == MINIMUM_TLS_VERSION == ssl.TLSVersion.TLSv1_2
    insecure = client_context(insecure=True)
    assert insecure.verify_mode == ssl.CERT_NONE and not insecure.check_hostname
    server = server_context(cert_file=cert, key_file=key)
    assert server.minimum_version == ssl.TLSVersion.TLSv1_2 and server.verify_mode == ssl.CERT_NONE
    assert server_context(cert_file=cert, key_file=key, client_ca_file=pki.ca_file()).verify_mode == ssl.CERT_REQUIRED


def test_unusable_tls_files_and_contradictory_options_are_one_line_errors(pki: Pki, tmp_path: Path) -> None:
    cert, key = pki.leaf("mismatch-a", "a")
    other_cert, _ = pki.leaf("mismatch-b", "b")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: client_context(ca_file=tmp_path / "absent.pem"), "no such file"),
        (lambda: client_context(ca_file=garbage), "holds no PEM certificate"),
        (lambda: client_context(ca_file=pki.ca_file(), insecure=True), "--insecure"),
        (lambda: client_context(key_file=key), "--key needs --cert"),
        (lambda: server_context(cert_file=other_cert, key_file=key), "does not belong to"),
        (lambda: server_context(cert_file=garbage, key_file=key), "cannot load"),
    ]
    for make, words in cases:
        with pytest.raises(TlsConfigError) as error:
            make()
        assert words in str(error.value) and "\n" not in str(error.value)
    assert cert.exists()


def test_an_encrypted_key_is_refused_rather_than_prompting_for_its_passphrase(pki: Pki, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    cert, key = pki.leaf("encrypted", "127.0.0.1")
    loaded = serialization.load_pem_private_key(key.read_bytes(), None)
    locked = tmp_path / "locked.key"
    locked.write_bytes(loaded.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.BestAvailableEncryption(b"passphrase")))
    with pytest.raises(TlsConfigError, match="encrypted"):
        server_context(cert_file=cert, key_file=locked)


def test_the_tls_options_make_the_context_each_side_asks_for(pki: Pki) -> None:
    cert, key = pki.leaf("cli", "127.0.0.1")
    ca = str(pki.ca_file())
    assert tls_context("dial") is None
    assert tls_context("listen") is None
    dialled = tls_context("dial", ca=ca, cert=str(cert), key=str(key))
    assert dialled is not None and dialled.verify_mode == ssl.CERT_REQUIRED
    insecure = tls_context("dial", insecure=True)
    assert insecure is not None and insecure.verify_mode == ssl.CERT_NONE
    listening = tls_context("listen", cert=str(cert), key=str(key), client_ca=ca)
    assert listening is not None and listening.verify_mode == ssl.CERT_REQUIRED
    assert tls_context("listen", cert=str(cert), key=str(key)) is not None
    assert tls_context("dial", cert=str(cert), key=str(key)) is not None
    with pytest.raises(TlsConfigError, match="need --cert"):
        tls_context("listen", client_ca=ca)
    with pytest.raises(TlsConfigError, match="apply when dialling"):
        tls_context("listen", insecure=True, cert=str(cert))
    with pytest.raises(TlsConfigError, match="applies when listening"):
        tls_context("dial", client_ca=ca, cert=str(cert))
