"""Hostile peers: whatever the other side does, the harness ends in a verdict within its timeouts,
with the frames as evidence -- never an exception, a hang, unbounded memory or a leaked task.

Both roles are attacked. Certifying an edge, edgeconform plays the controller
(:class:`FakeController`, :class:`ControllerSession`) against edges written by hand on asyncio
streams (:class:`RawEdge`), so they can break every rule: frames that are not JSON, binary
frames, a 50 MB frame, no websocket handshake, a drop in the middle of a case, reconnect
storms, answers to ids never sent, floods of keepalives. Playing the edge
(:class:`EdgeCore` / :func:`run_edge` behind a listener), it faces hostile controllers.
Each hostile behaviour is checked next to a well-behaved peer, so every check is shown both to
catch the fault and to pass the good peer. Everything talks to 127.0.0.1 on free ports.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import struct
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness.message import answer_ok, decode, encode, now_ms
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod, spec_maximal_pod
from harness.roles.controller import Exchange
from harness.roles.edge import EdgeCore, keepalive
from harness.roles.fake_controller import ControllerSession, FakeController
from harness.roles.reference_edge import EdgeOptions, EdgeService, ReferenceEdge, run_edge, serve_edge_listen
from harness.transport import DEFAULT_CLOSE_TIMEOUT, DEFAULT_MAX_SIZE, ConnectFailed, Link, LoopThread, dial

HUGE = 50_000_000  # a 50 MB frame
FLOOD = 10_000  # keepalives during one case
STORM = 50  # dials in a row
#: Peak Python memory allowed while a 50 MB frame is refused (it is refused from its header).
SINGLE_FRAME_BOUND = 8 * 1024 * 1024
#: ... and while a 50 MB message in 1 MiB fragments is refused (fragments are kept up to max_size).
FRAGMENTED_BOUND = 2 * DEFAULT_MAX_SIZE + 8 * 1024 * 1024
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
ZEROS = bytes(64 * 1024)
NO_MASK = b"\0\0\0\0"  # a zero masking key leaves the payload as it is (RFC 6455 5.3)
GARBAGE = ["<html><body>502 Bad Gateway</body></html>", '{"header": {"msg_id": ', "\x00\x01 not json"]

def _run(scenario: Callable[[], Coroutine[Any, Any, None]], limit: float = 60) -> None:
    asyncio.run(asyncio.wait_for(scenario(), limit))


# ============================================================================ raw websocket, by hand


def frame_header(opcode: int, length: int, *, fin: bool = True, masked: bool = False) -> bytes:
    first = (0x80 if fin else 0) | opcode
    mask_bit = 0x80 if masked else 0
    if length < 126:
        head = bytes([first, mask_bit | length])
    elif length < 1 << 16:
        head = bytes([first, mask_bit | 126]) + struct.pack("!H", length)
    else:
        head = bytes([first, mask_bit | 127]) + struct.pack("!Q", length)
    return head + (NO_MASK if masked else b"")


def frame(opcode: int, payload: bytes, *, masked: bool = False) -> bytes:
    return frame_header(opcode, len(payload), masked=masked) + payload


async def read_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    first, second = await reader.readexactly(2)
    length = second & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", await reader.readexactly(2))
    elif length == 127:
        (length,) = struct.unpack("!Q", await reader.readexactly(8))
    if length > 8 * 1024 * 1024:
        raise ValueError("a frame too big for a test peer")
    key = await reader.readexactly(4) if second & 0x80 else NO_MASK
    data = await reader.readexactly(length)
    if key != NO_MASK and length:
        mask = (key * (length // 4 + 1))[:length]
        data = (int.from_bytes(data, "big") ^ int.from_bytes(mask, "big")).to_bytes(length, "big")
    return first & 0x0F, data


async def stream_zeros(writer: asyncio.StreamWriter, size: int, *, opcode: int = 1, fragment: int | None = None,
                       masked: bool = False) -> int:
    """Send a ``size``-byte message of zero bytes (one frame, or ``fragment``-byte fragments) without
    holding it in memory; returns the bytes written before the other side stopped reading."""
    sent, part = 0, fragment or size
    try:
        while sent < size:
            length = min(part, size - sent)
            writer.write(frame_header(opcode if sent == 0 else 0, length, fin=sent + length >= size, masked=masked))
            written = 0
            while written < length:
                chunk = ZEROS[:length - written]
                writer.write(chunk)
                written += len(chunk)
                await writer.drain()
            sent += length
    except (ConnectionError, OSError):
        pass
    return sent


class RawConnection:
    """One connection of a :class:`RawEdge`: send anything, drop the TCP connection."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, number: int,
                 closing: asyncio.Event) -> None:
        self.reader, self.writer, self.number = reader, writer, number
        self._closing = closing

    async def hang(self) -> None:
        """Ignore everything (close frames included) until the test ends."""
        await self._closing.wait()

    async def send(self, opcode: int, payload: bytes) -> None:
        self.writer.write(frame(opcode, payload))
        await self.writer.drain()

    async def send_text(self, text: str) -> None:
        await self.send(1, text.encode("utf-8", "surrogatepass"))

    async def send_texts(self, texts: list[str]) -> None:
        self.writer.writelines(frame(1, text.encode()) for text in texts)
        await self.writer.drain()

    def drop(self) -> None:
        self.writer.transport.abort()


Behaviour = Callable[[RawConnection, bytes], Awaitable[None]]


class RawEdge:
    """An edge that listens on 127.0.0.1, written on asyncio streams so it can break every rule.

    ``handshake``: ``complete`` (a proper 101), ``silent`` (accept TCP, never answer),
    ``http-500``, ``garbage`` (not HTTP at all). After the handshake each text or binary
    frame is handed to ``behaviour``; pings get pongs, a close gets its echo.
    """

    def __init__(self, behaviour: Behaviour, *, handshake: str = "complete") -> None:
        self.behaviour, self.handshake = behaviour, handshake
        self.connections = 0
        self.requests: list[bytes] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._closing = asyncio.Event()

    async def start(self) -> RawEdge:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"ws://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/websocket/node-1/events"

    async def _upgrade(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        if self.handshake == "silent":
            await self._closing.wait()
            return False
        if self.handshake == "http-500":
            writer.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
            return False
        if self.handshake == "garbage":
            writer.write(b"SSH-2.0-OpenSSH_9.6\r\n\x00\xff garbage")
            return False
        key = next(line.split(b":", 1)[1].strip() for line in head.split(b"\r\n")
                   if line.lower().startswith(b"sec-websocket-key:"))
        accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        await writer.drain()
        return True

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        connection = RawConnection(reader, writer, self.connections, self._closing)
        self.connections += 1
        try:
            if not await self._upgrade(reader, writer):
                return
            while True:
                opcode, data = await read_frame(reader)
                if opcode == 8:
                    writer.write(frame(8, data[:2]))
                    return
                if opcode == 9:
                    writer.write(frame(10, data))
                elif opcode in (1, 2):
                    self.requests.append(data)
                    await self.behaviour(connection, data)
        except (asyncio.IncompleteReadError, ConnectionError, OSError, ValueError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()
            self._tasks.discard(task)
            self._writers.discard(writer)

    async def close(self) -> None:
        """Stop listening, end every connection and wait for their handlers (none is cancelled:
        Python 3.11's stream server logs a cancelled handler as an error)."""
        if self._server is not None:
            self._server.close()
        self._closing.set()
        for writer in list(self._writers):
            writer.transport.abort()
        await asyncio.wait_for(asyncio.gather(*self._tasks, return_exceptions=True), 10)


def _request(data: bytes) -> dict[str, Any]:
    decoded = decode(data)
    return decoded if isinstance(decoded, dict) else {}


async def well_behaved(connection: RawConnection, data: bytes) -> None:
    await connection.send_text(encode(answer_ok(_request(data))))


async def answers_not_json(connection: RawConnection, data: bytes) -> None:
    for text in GARBAGE:
        await connection.send_text(text)


async def answers_in_binary(connection: RawConnection, data: bytes) -> None:
    await connection.send(2, encode(answer_ok(_request(data))).encode())


async def answers_50_mb(connection: RawConnection, data: bytes) -> None:
    """Streams a 50 MB frame, then ignores everything -- the close frame included."""
    await stream_zeros(connection.writer, HUGE)
    await connection.hang()


async def answers_50_mb_in_fragments(connection: RawConnection, data: bytes) -> None:
    await stream_zeros(connection.writer, HUGE, fragment=1024 * 1024)


async def sends_4_5_mib_then_answers(connection: RawConnection, data: bytes) -> None:
    await connection.send_text(encode(pod_update(spec_maximal_pod())))  # upstream traffic of spec-maximal size
    await well_behaved(connection, data)


def _stray() -> str:
    return encode(answer_ok(pod_update(conformant_pod())))  # answers a request nobody sent


async def answers_ids_never_sent(connection: RawConnection, data: bytes) -> None:
    await connection.send_texts([_stray() for _ in range(3)])


async def answers_ids_never_sent_then_the_right_one(connection: RawConnection, data: bytes) -> None:
    await answers_ids_never_sent(connection, data)
    await well_behaved(connection, data)


async def floods_keepalives_then_answers(connection: RawConnection, data: bytes) -> None:
    now = now_ms()
    await connection.send_texts([keepalive(now) for _ in range(FLOOD)] + [encode(answer_ok(_request(data)))])


async def drops_the_first_connection_mid_case(connection: RawConnection, data: bytes) -> None:
    if connection.number == 0:
        connection.drop()
    else:
        await well_behaved(connection, data)


async def drops_every_connection_mid_case(connection: RawConnection, data: bytes) -> None:
    connection.drop()


# ============================================================================ the controller role


@dataclass
class Certified:
    """One exchange with an edge, and what it cost."""

    exchange: Exchange
    controller: FakeController
    seconds: float
    peak_bytes: int = 0


async def _exchange_with(behaviour: Behaviour, *, timeout: float, measure_memory: bool = False) -> Certified:
    edge = await RawEdge(behaviour).start()
    controller = FakeController(rate=0, open_timeout=2, redial_wait_s=2)
    try:
        await controller.connect(edge.url)
        if measure_memory:
            tracemalloc.start()
        started = time.monotonic()
        exchange = await controller.exchange(pod_update(conformant_pod()), timeout=timeout)
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] if measure_memory else 0
        return Certified(exchange, controller, seconds, peak)
    finally:
        if measure_memory:
            tracemalloc.stop()
        await controller.close()
        await edge.close()


def _received(exchange: Exchange) -> list[Any]:
    return [f.data for f in exchange.wire if f.direction == "received" and f.kind != "close"]


def test_an_edge_answering_with_frames_that_are_not_json_times_out_naming_them_with_the_frames_as_evidence() -> None:
    async def scenario() -> None:
        hostile = await _exchange_with(answers_not_json, timeout=0.5)
        assert hostile.exchange.outcome == "timeout"
        assert "3 frame(s) that are not JSON arrived" in hostile.exchange.reason
        assert _received(hostile.exchange) == GARBAGE, "the wire log holds the frames"
        assert [c.kind for c in hostile.exchange.others] == ["not-json"] * 3
        assert len(hostile.controller.correlator.not_json) == 3 and hostile.seconds < 0.5 + 1
        good = await _exchange_with(well_behaved, timeout=5)
        assert good.exchange.outcome == "answered" and good.controller.correlator.not_json == []

    _run(scenario)


def test_an_edge_answering_in_a_binary_frame_times_out_saying_a_binary_frame_carried_the_answer() -> None:
    async def scenario() -> None:
        hostile = await _exchange_with(answers_in_binary, timeout=0.5)
        assert hostile.exchange.outcome == "timeout"
        assert "a binary frame carried an answer to it" in hostile.exchange.reason
        assert [f.kind for f in hostile.exchange.wire if f.direction == "received"] == ["binary"]
        assert len(hostile.controller.correlator.binary) == 1
        good = await _exchange_with(well_behaved, timeout=5)
        assert good.exchange.outcome == "answered" and good.controller.correlator.binary == []

    _run(scenario)


def test_a_50_mb_frame_from_an_edge_is_refused_from_its_header_and_memory_stays_bounded() -> None:
    async def scenario() -> None:
        before = _tasks_now()
        hostile = await _exchange_with(answers_50_mb, timeout=10, measure_memory=True)
        exchange = hostile.exchange
        assert exchange.outcome == "disconnected" and "1009" in exchange.reason, exchange.reason
        assert f"exceeds limit of {DEFAULT_MAX_SIZE} bytes" in exchange.reason
        assert hostile.peak_bytes < SINGLE_FRAME_BOUND, f"peak {hostile.peak_bytes:,} bytes"
        assert hostile.seconds < DEFAULT_CLOSE_TIMEOUT, "the peer ignores the close frame: the verdict did not wait"
        assert next((f.direction, f.close_code) for f in exchange.wire if f.kind == "close") == ("sent", 1009)
        good = await _exchange_with(sends_4_5_mib_then_answers, timeout=10)
        assert good.exchange.outcome == "answered", "a spec-maximal 4.5 MiB frame is still accepted"
        assert max(f.size for f in good.exchange.wire) > 4 * 1024 * 1024
        await asyncio.sleep(DEFAULT_CLOSE_TIMEOUT + 0.3)
        assert _tasks_now() - before == set(), "the half-closed link was dropped after the close timeout"

    _run(scenario)


def test_a_50_mb_message_in_1_mib_fragments_is_refused_once_past_the_limit_with_memory_bounded() -> None:
    async def scenario() -> None:
        hostile = await _exchange_with(answers_50_mb_in_fragments, timeout=10, measure_memory=True)
        assert hostile.exchange.outcome == "disconnected" and "1009" in hostile.exchange.reason
        assert hostile.peak_bytes < FRAGMENTED_BOUND, f"peak {hostile.peak_bytes:,} bytes"

    _run(scenario)


def test_dialling_an_edge_that_never_completes_the_handshake_fails_within_the_open_timeout() -> None:
    async def scenario() -> None:
        for handshake, words in (("silent", "no websocket handshake within 0.5 s"),
                                 ("http-500", "refused the websocket handshake with HTTP 500"),
                                 ("garbage", "websocket handshake failed")):
            edge = await RawEdge(well_behaved, handshake=handshake).start()
            controller = FakeController(rate=0, open_timeout=0.5)
            started = time.monotonic()
            with pytest.raises(ConnectFailed, match=words):
                await controller.connect(edge.url)
            assert time.monotonic() - started < 0.5 + 1
            await controller.close()
            await edge.close()
        edge = await RawEdge(well_behaved).start()
        link = await dial(edge.url, open_timeout=0.5)  # the same dial serves the edge role
        assert link.handshake.response_status == 101
        await link.close()
        await edge.close()

    _run(scenario)


def test_a_listening_controller_is_not_blocked_by_a_client_that_never_sends_its_handshake() -> None:
    async def scenario() -> None:
        controller = FakeController(rate=0, open_timeout=0.5)
        port = await controller.listen()
        reader, silent = await asyncio.open_connection("127.0.0.1", port)  # connects, says nothing
        edge = await dial(controller.url("node-1"))
        serving = asyncio.create_task(run_edge(edge, EdgeCore()))
        exchange = await controller.exchange(pod_update(conformant_pod()), timeout=5)
        assert exchange.outcome == "answered"
        try:
            rest = await asyncio.wait_for(reader.read(), 3)
        except ConnectionError:
            rest = b""
        assert rest == b"", "the silent client was dropped after the open timeout"
        silent.close()
        await controller.close()
        await serving

    _run(scenario)


def test_a_connection_dropped_mid_case_is_a_disconnected_outcome_and_the_redialled_edge_is_used_after() -> None:
    async def scenario() -> None:
        # listen mode: the edge dials, drops the link when the request arrives, then dials again
        controller = FakeController(rate=0, redial_wait_s=3)
        await controller.listen()
        url = controller.url("node-1")

        async def edge_that_drops_then_redials() -> None:
            first = await dial(url)
            assert await first.receive(5) is not None
            await first.abort()
            second = await dial(url)
            await run_edge(second, EdgeCore())

        edge = asyncio.create_task(edge_that_drops_then_redials())
        assert await controller.wait_for_edge(5)
        dropped = await controller.exchange(pod_update(conformant_pod()), timeout=5)
        assert dropped.outcome == "disconnected" and "1006" in dropped.reason, dropped.reason
        assert dropped.wire[0].direction == "sent" and dropped.wire[-1].kind == "close"
        later = await controller.exchange(pod_update(conformant_pod()), timeout=5)
        assert later.outcome == "answered" and len(controller.links) == 2
        await controller.close()
        await edge

        # connect mode: the controller dials the edge again
        hostile = await RawEdge(drops_the_first_connection_mid_case).start()
        dialler = FakeController(rate=0, redial_wait_s=2)
        await dialler.connect(hostile.url)
        first = await dialler.exchange(pod_update(conformant_pod()), timeout=5)
        second = await dialler.exchange(pod_update(conformant_pod()), timeout=5)
        assert first.outcome == "disconnected" and second.outcome == "answered" and hostile.connections == 2
        await dialler.close()
        await hostile.close()

    _run(scenario)


def _tasks_now() -> set[asyncio.Task[Any]]:
    return {t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()}


def test_an_edge_dialling_50_times_in_a_row_leaves_the_controller_on_the_newest_link_with_no_leaked_task() -> None:
    async def scenario() -> None:
        before = _tasks_now()
        controller = FakeController(rate=0, redial_wait_s=2)
        await controller.listen()
        url = controller.url("node-1")
        storm: list[Link] = []
        for number in range(STORM):
            link = await dial(url)
            if number % 2 == 0:
                await link.abort()  # half the storm drops at once, half lingers (the newest among them)
            storm.append(link)
        newest = storm[-1]
        serving = asyncio.create_task(run_edge(newest, EdgeCore()))
        exchange = await controller.exchange(pod_update(conformant_pod()), timeout=5)
        assert exchange.outcome == "answered", exchange.reason
        assert controller.link is controller.links[-1], "the newest link (only it answers)"
        superseded = [text for _, text in controller.events if "superseded by a newer one" in text]
        assert len(superseded) == STORM // 2 - 1, "each older link still open was closed"
        await asyncio.sleep(0.1)
        assert [link for link in storm if not link.closed] == [newest]
        again = await controller.exchange(pod_update(conformant_pod()), timeout=5)
        assert again.outcome == "answered", "the controller stays usable"
        await controller.close()
        for link in storm:
            await link.close()
        await serving
        await asyncio.sleep(0.1)
        assert _tasks_now() - before == set(), "no task outlives the session"

    _run(scenario)


async def _deaf_client(port: int) -> asyncio.StreamWriter:
    """Completes the websocket handshake, then never reads again (a close frame is never answered)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /websocket/node-1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                 b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 b"Sec-WebSocket-Version: 13\r\n\r\n")
    await reader.readuntil(b"\r\n\r\n")
    return writer


def test_links_superseded_by_a_redial_do_not_stall_the_exchange_when_the_edge_ignores_close_frames() -> None:
    async def scenario() -> None:
        controller = FakeController(rate=0, redial_wait_s=2)
        port = await controller.listen()
        deaf = [await _deaf_client(port) for _ in range(3)]
        good = await dial(controller.url("node-1"))
        serving = asyncio.create_task(run_edge(good, EdgeCore()))
        try:
            exchange = await asyncio.wait_for(controller.exchange(pod_update(conformant_pod()), timeout=5),
                                              1.5 * DEFAULT_CLOSE_TIMEOUT)
            assert exchange.outcome == "answered"
        finally:
            for writer in deaf:
                writer.transport.abort()
            await controller.close()
            await good.close()
            await serving

    _run(scenario)


def test_answers_to_ids_never_sent_are_counted_end_the_wait_at_once_and_never_fake_the_real_answer() -> None:
    async def scenario() -> None:
        only_strays = await _exchange_with(answers_ids_never_sent, timeout=5)
        assert only_strays.exchange.outcome == "misanswered" and only_strays.seconds < 2
        assert "never sent" in only_strays.exchange.reason and not only_strays.exchange.answers
        assert len(only_strays.controller.correlator.unknown_answers) >= 1
        with_answer = await _exchange_with(answers_ids_never_sent_then_the_right_one, timeout=5)
        assert with_answer.exchange.outcome == "misanswered" and not with_answer.exchange.answers
        assert [c.kind for c in with_answer.exchange.others] == ["unknown-answer"]
        good = await _exchange_with(well_behaved, timeout=5)
        assert good.exchange.outcome == "answered" and good.controller.correlator.unknown_answers == []

    _run(scenario)


def test_the_answer_is_found_within_the_timeout_behind_a_flood_of_10000_keepalives() -> None:
    async def scenario() -> None:
        flood = await _exchange_with(floods_keepalives_then_answers, timeout=10)
        assert flood.exchange.outcome == "answered" and flood.seconds < 10
        assert [c.kind for c in flood.exchange.others] == ["keepalive"] * FLOOD
        assert len(flood.exchange.wire) == FLOOD + 2, "the wire log holds every frame"

    _run(scenario)


def test_a_controller_session_ends_each_hostile_exchange_in_a_verdict_and_closes_cleanly() -> None:
    thread = LoopThread("hostile-edges")
    edges = [thread.call(RawEdge(b).start()) for b in (answers_not_json, drops_every_connection_mid_case,
                                                        answers_50_mb)]
    try:
        for edge, outcome in zip(edges, ("timeout", "disconnected", "disconnected"), strict=True):
            with ControllerSession(rate=0, redial_wait_s=1, open_timeout=2) as session:
                session.connect(edge.url)
                exchange = session.exchange(pod_update(conformant_pod()), timeout=0.5)
                assert exchange.outcome == outcome, exchange.reason
    finally:
        for edge in edges:
            thread.call(edge.close())
        thread.stop()


# ============================================================================ the edge role


async def _serve_edge() -> EdgeService:
    return await serve_edge_listen("127.0.0.1", 0, EdgeOptions(node_id="node-1"))


async def _answer_to(link: Link, request: dict[str, Any], timeout: float = 5) -> dict[str, Any] | None:
    await link.send_text(encode(request))
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        frame = await link.receive(remaining)
        if frame is None or frame.kind == "close":
            return None
        answer = decode(frame.data)
        if isinstance(answer, dict) and answer.get("header", {}).get("parent_msg_id") == request["header"]["msg_id"]:
            return answer
    return None


def test_the_edge_drops_whatever_a_hostile_controller_sends_and_still_answers_a_conformant_update() -> None:
    async def scenario() -> None:
        service = await _serve_edge()
        controller = await dial(service.url)
        await controller.send_text(GARBAGE[0])
        await controller.send_text(GARBAGE[1])
        await controller.send_binary(b"\xff\xfe\x00 not utf-8")
        await controller.send_binary(encode(pod_update(conformant_pod())).encode()[:100])
        await controller.send_text("[" * 100_000 + "]" * 100_000)  # nesting deeper than any parser's stack
        await controller.send_text(_stray())  # an answer to a request the edge never sent
        answer = await _answer_to(controller, pod_update(conformant_pod()))
        assert answer is not None and answer["content"] == "OK", "the well-behaved request is answered"
        received = [f for f in controller.log.frames if f.direction == "received"]
        assert len(received) == 1, "nothing but the one answer came back"
        kinds = [event.decision.judgement.kind for event in service.journal]
        assert kinds == ["dropped"] * 6 + ["ok"], kinds
        await controller.close()
        await service.stop()

    _run(scenario)


def test_a_50_mb_frame_to_the_edge_is_refused_with_memory_bounded_and_the_edge_keeps_serving() -> None:
    async def scenario() -> None:
        service = await _serve_edge()
        port = int(service.url.split(":")[2].split("/")[0])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /websocket/node-1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     b"Sec-WebSocket-Version: 13\r\n\r\n")
        assert b" 101 " in await reader.readuntil(b"\r\n\r\n")
        tracemalloc.start()
        try:
            await stream_zeros(writer, HUGE, masked=True)
            opcode, data = await asyncio.wait_for(read_frame(reader), 5)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert opcode == 8 and struct.unpack("!H", data[:2])[0] == 1009
        assert peak < SINGLE_FRAME_BOUND, f"peak {peak:,} bytes"
        writer.close()  # a hostile controller never answers the close frame
        assert service.journal == [], "the huge frame was never judged: it was refused from its header"
        controller = await dial(service.url)
        answer = await _answer_to(controller, pod_update(conformant_pod()))
        assert answer is not None and answer["content"] == "OK"
        await controller.close()
        await service.stop()

    _run(scenario)


def test_a_controller_dropping_the_link_mid_case_leaves_the_edge_serving_and_a_dialling_edge_redials() -> None:
    async def scenario() -> None:
        service = await _serve_edge()
        dropper = await dial(service.url)
        await dropper.send_text(encode(pod_update(conformant_pod())))
        await dropper.abort()
        controller = await dial(service.url)
        answer = await _answer_to(controller, pod_update(conformant_pod()))
        assert answer is not None and answer["content"] == "OK"
        await controller.close()
        await service.stop()

        # the edge dials (as the vendor's does); the controller drops the link with a request pending
        listening = FakeController(rate=0, redial_wait_s=5)
        await listening.listen()
        edge = await asyncio.to_thread(ReferenceEdge.start_dialling, listening.url("node-1"),
                                       redial_backoff_s=(0.05, 0.2))
        try:
            assert await listening.wait_for_edge(5)
            await listening.exchange(pod_update(conformant_pod()), timeout=0)
            assert listening.link is not None
            await listening.link.abort()
            later = await listening.exchange(pod_update(conformant_pod()), timeout=5)
            assert later.outcome == "answered" and len(listening.links) == 2, later.reason
        finally:
            await listening.close()
            await asyncio.to_thread(edge.stop)

    _run(scenario)


def test_the_edge_answers_within_the_timeout_behind_a_flood_of_10000_keepalives() -> None:
    async def scenario() -> None:
        service = await _serve_edge()
        controller = await dial(service.url)
        started = time.monotonic()
        for _ in range(FLOOD):
            await controller.send_text(keepalive(now_ms()))
        answer = await _answer_to(controller, pod_update(conformant_pod()), timeout=10)
        assert answer is not None and answer["content"] == "OK" and time.monotonic() - started < 10
        assert len(service.journal) == FLOOD + 1
        await controller.close()
        await service.stop()

    _run(scenario)


def test_a_controller_dialling_the_edge_50_times_in_a_row_is_served_each_time_with_no_leaked_task() -> None:
    async def scenario() -> None:
        before = _tasks_now()
        service = await _serve_edge()
        first = await dial(service.url)
        assert await _answer_to(first, pod_update(conformant_pod())) is not None
        await first.close()
        await asyncio.sleep(0.1)
        baseline = len(_tasks_now())
        storm = [await dial(service.url) for _ in range(STORM)]
        answers = await asyncio.gather(*(_answer_to(link, pod_update(conformant_pod())) for link in storm))
        assert all(a is not None and a["content"] == "OK" for a in answers)
        for link in storm:
            await link.close()
        await asyncio.sleep(0.2)
        assert len(_tasks_now()) == baseline, "every connection's tasks ended with it"
        await service.stop()
        await asyncio.sleep(0.1)
        assert _tasks_now() - before == set()

    _run(scenario)


# ============================================================================ through the command line


HOSTILE_EDGES: dict[str, tuple[Behaviour, str, tuple[int, ...]]] = {
    "answers with frames that are not JSON": (answers_not_json, "complete", (1,)),
    "answers in binary frames": (answers_in_binary, "complete", (1,)),
    "answers with a 50 MB frame": (answers_50_mb, "complete", (1,)),
    "drops every connection mid-case": (drops_every_connection_mid_case, "complete", (1,)),
    "answers ids never sent": (answers_ids_never_sent, "complete", (1,)),
    "never completes the handshake": (well_behaved, "silent", (2,)),
    "refuses the handshake with HTTP 500": (well_behaved, "http-500", (2,)),
    "answers the handshake with garbage": (well_behaved, "garbage", (2,)),
}


@pytest.fixture
def hostile_edges() -> Iterator[dict[str, RawEdge]]:
    thread = LoopThread("hostile-edges")
    edges = {name: thread.call(RawEdge(behaviour, handshake=handshake).start())
             for name, (behaviour, handshake, _) in HOSTILE_EDGES.items()}
    try:
        yield edges
    finally:
        for edge in edges.values():
            thread.call(edge.close())
        thread.stop()


@pytest.mark.e2e  # a subprocess
def test_certify_edge_against_each_hostile_edge_exits_1_or_2_without_a_traceback(
        tmp_path: Path, hostile_edges: dict[str, RawEdge]) -> None:
    runs = {}
    for number, (name, edge) in enumerate(hostile_edges.items()):
        report = tmp_path / f"report-{number}"
        runs[name] = (report, subprocess.Popen(
            [sys.executable, "-m", "harness.cli", "certify-edge", "--connect", edge.url, "--rate", "0",
             "--timeout", "0.5", "--report-dir", str(report),
             "-k", "EDGE-DOCUMENT-UPDATE or FRAME.not-json or EDGE-SESSION-*"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    for name, (report, process) in runs.items():
        output, _ = process.communicate(timeout=90)
        expected = HOSTILE_EDGES[name][2]
        assert "Traceback" not in output, f"{name}:\n{output[-3000:]}"
        assert process.returncode in expected, f"{name}: exit {process.returncode}\n{output[-3000:]}"
        summary = json.loads((report / "summary.json").read_text())
        if process.returncode == 2:
            assert summary["peer_reached"] is False and "no peer reached" in output
        else:
            assert summary["counts"]["failed"] >= 1 and summary["complete"] is True
