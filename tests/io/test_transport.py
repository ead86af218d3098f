"""The websocket I/O layer: links, the wire log, the listener (127.0.0.1, free ports only)."""

from __future__ import annotations

import asyncio
import time

import pytest

from harness.transport import (
    LOGGED_FRAME_CHARS,
    ConnectFailed,
    ConnectionLost,
    Frame,
    Link,
    Listener,
    ListenFailed,
    LoopThread,
    WireLog,
    dial,
    wire_of_case,
)


async def _pair(max_size: int | None = 1 << 20, *, node_id: str = "node-1",
                headers: dict[str, str] | None = None) -> tuple[Listener, Link, Link]:
    listener = await Listener.start("127.0.0.1", 0, max_size=max_size)
    client = await dial(listener.url(node_id), headers=headers)
    server = await listener.accept(2)
    assert server is not None
    return listener, client, server


def test_a_dialled_link_and_an_accepted_link_exchange_text_both_ways() -> None:
    async def scenario() -> None:
        listener, client, server = await _pair(headers={"Authorization": "Basic ZWRnZTpzZWNyZXQ=",
                                                        "DevMgmtType": "AtlasEdge"})
        await client.send_text("hello")
        frame = await server.receive(2)
        assert frame is not None and (frame.kind, frame.data, frame.direction) == ("text", "hello", "received")
        await server.send_text("héllo back")
        back = await client.receive(2)
        assert back is not None and back.data == "héllo back" and back.size == len("héllo back".encode())
        assert [(f.direction, f.kind) for f in client.log.frames] == [("sent", "text"), ("received", "text")]
        assert [(f.direction, f.kind) for f in server.log.frames] == [("received", "text"), ("sent", "text")]
        assert server.handshake.node_id == "node-1"
        assert server.handshake.path == "/websocket/node-1/events"
        assert server.handshake.headers["Authorization"] == "Basic <redacted>"
        assert server.handshake.headers["DevMgmtType"] == "AtlasEdge"
        assert server.handshake.remote_address.startswith("127.0.0.1:")
        await client.close()
        await listener.close()

    asyncio.run(scenario())


def test_the_wire_log_records_close_codes_on_both_sides() -> None:
    async def scenario() -> None:
        listener, client, server = await _pair()
        await client.close(4000, "bye")
        end = await server.receive(2)
        assert end is not None and (end.kind, end.direction, end.close_code, end.close_reason) == (
            "close", "received", 4000, "bye")
        assert [(f.direction, f.close_code) for f in server.log.frames] == [("received", 4000), ("sent", 4000)]
        assert [(f.direction, f.close_code) for f in client.log.frames] == [("sent", 4000), ("received", 4000)]
        assert client.closed and server.closed
        assert await server.receive(0) == end, "a closed link keeps answering with its close frame"
        await listener.close()

    asyncio.run(scenario())


def test_a_case_wire_log_across_connections_shows_its_frames_the_close_and_the_re_handshake() -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0)
        await dial(listener.url("node-1"))
        first = await listener.accept(2)
        assert first is not None
        await first.send_text("before the case")
        since = time.time()
        await first.send_text("x" * 3000)
        await first.send_text("another case's request, sent meanwhile")
        await first.close(4001, "going away")
        await dial(listener.url("node-1"))
        second = await listener.accept(2)
        assert second is not None
        links = [first, second]
        await second.send_text("after")
        own = [f for link in links for f in link.log.since(0) if f.data in ("x" * 3000, "after")]
        wire = wire_of_case(links, own, since, time.time())
        shown = [f.get("event") or f"{f['direction']} {f['kind']}" for f in wire]
        assert shown == ["sent text", "sent close", "received close", "connection closed", "connection opened",
                         "sent text"]
        assert wire[0]["size"] == 3000 and len(wire[0]["data"]) == 3000 and "truncated" not in wire[0]
        assert (wire[3]["by"], wire[3]["close_code"], wire[3]["close_reason"]) == ("this side", 4001, "going away")
        assert wire[4]["path"] == "/websocket/node-1/events" and wire[4]["node_id"] == "node-1"
        assert wire_of_case(links, [], time.time() + 1, time.time() + 2) == []
        await second.close()
        await listener.close()

    asyncio.run(scenario())


def test_receive_returns_none_when_nothing_arrives_in_time() -> None:
    async def scenario() -> None:
        listener, client, _server = await _pair()
        assert await client.receive(0.05) is None
        await client.close()
        await listener.close()

    asyncio.run(scenario())


def test_a_peer_that_drops_the_connection_gives_a_close_frame_not_an_exception() -> None:
    async def scenario() -> None:
        listener, client, server = await _pair()
        await client.abort()
        end = await server.receive(2)
        assert end is not None and end.kind == "close" and end.close_code == 1006
        with pytest.raises(ConnectionLost):
            await server.send_text("anyone there?")
        await listener.close()

    asyncio.run(scenario())


def test_a_binary_frame_is_recorded_as_binary() -> None:
    async def scenario() -> None:
        listener, client, server = await _pair()
        await client.send_binary(b"\x00\x01{}")
        frame = await server.receive(2)
        assert frame is not None and (frame.kind, frame.data, frame.size) == ("binary", b"\x00\x01{}", 4)
        await client.close()
        await listener.close()

    asyncio.run(scenario())


def test_a_frame_above_max_size_is_a_recorded_close_1009_not_a_crash() -> None:
    async def scenario() -> None:
        listener, client, server = await _pair(max_size=1000)
        await client.send_text("x" * 2000)
        end = await server.receive(2)
        assert end is not None and (end.kind, end.direction, end.close_code) == ("close", "sent", 1009)
        client_end = await client.receive(2)
        assert client_end is not None and client_end.close_code == 1009
        await listener.close()

    asyncio.run(scenario())


def test_the_listener_accepts_an_edge_that_dials_again_after_a_drop() -> None:
    async def scenario() -> None:
        listener, client, server = await _pair()
        await client.abort()
        await server.wait_closed(2)
        again = await dial(listener.url("node-1"))
        second = await listener.accept(2)
        assert second is not None and second is not server and not second.closed
        await again.close()
        await listener.close()

    asyncio.run(scenario())


def test_dialling_a_port_where_nobody_listens_fails_with_a_reason() -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0)
        url = listener.url("n")
        await listener.close()
        with pytest.raises(ConnectFailed, match="cannot connect"):
            await dial(url, open_timeout=2)

    asyncio.run(scenario())


def test_dialling_a_path_other_than_the_events_path_is_refused_with_404() -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0)
        with pytest.raises(ConnectFailed, match="HTTP 404"):
            await dial(f"ws://127.0.0.1:{listener.port}/elsewhere")
        assert listener.http_requests[0].status == 404
        await listener.close()

    asyncio.run(scenario())


def test_the_listener_answers_the_account_check_pre_check_with_200() -> None:
    async def scenario() -> None:
        listener = await Listener.start("127.0.0.1", 0)
        reader, writer = await asyncio.open_connection("127.0.0.1", listener.port)
        writer.write(b"GET /websocket/node-1/AccountCheck HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 2)
        writer.close()
        await writer.wait_closed()
        assert status.startswith(b"HTTP/1.1 200")
        await listener.close()

    asyncio.run(scenario())


def test_a_bad_url_fails_to_dial_with_a_reason() -> None:
    async def scenario() -> None:
        with pytest.raises(ConnectFailed, match="not a websocket URL"):
            await dial("http://127.0.0.1:1/x")

    asyncio.run(scenario())


def test_listening_on_a_port_in_use_fails_with_a_reason() -> None:
    async def scenario() -> None:
        first = await Listener.start("127.0.0.1", 0)
        with pytest.raises(ListenFailed, match=f"127.0.0.1:{first.port}"):
            await Listener.start("127.0.0.1", first.port)
        await first.close()

    asyncio.run(scenario())


def test_the_wire_log_marks_slices_and_truncates_huge_frames_but_keeps_their_size() -> None:
    log = WireLog()
    log.append(Frame.message("sent", "a"))
    mark = log.mark()
    log.append(Frame.message("received", "b" * 100))
    log.append(Frame.message("received", b"\xff" * 100))
    log.append(Frame.close("received", 1000, "done"))
    assert [f.data for f in log.since(mark)][:1] == ["b" * 100]
    report = log.to_jsonable(max_chars_per_frame=8)
    assert report[1]["data"] == "b" * 8 and report[1]["size"] == 100 and report[1]["truncated"] is True
    assert report[2]["encoding"] == "base64" and report[2]["size"] == 100 and report[2]["truncated"] is True
    assert report[3] == {"direction": "received", "at": log.frames[3].at, "kind": "close", "size": 0,
                         "close_code": 1000, "close_reason": "done"}


def test_the_wire_log_keeps_a_huge_frame_cut_but_hands_the_whole_frame_to_the_receiver() -> None:
    async def scenario() -> None:
        listener, client, server = await _pair(max_size=4 << 20)
        huge = "x" * (3 << 20)
        await client.send_text(huge)
        frame = await server.receive(5)
        assert frame is not None and frame.data == huge, "the receiver judges the whole frame"
        logged = server.log.since(0)[-1]
        assert len(logged.data) == LOGGED_FRAME_CHARS and logged.size == 3 << 20 and logged.cut
        assert logged.to_jsonable(10 << 20)["truncated"] is True
        await client.close()
        await listener.close()

    asyncio.run(scenario())


def test_a_flood_keeps_the_wire_log_within_its_bounds_and_positions_stay_valid() -> None:
    log = WireLog(max_frames=100, max_bytes=10_000, max_frame_chars=500)
    for number in range(1000):
        log.append(Frame.message("received", f"{number:04d}" + "k" * 96))
        assert len(log.frames) <= 100 and sum(len(f.data) for f in log.frames) <= 10_000
    assert len(log) == 1000 and log.dropped == 1000 - len(log.frames)
    mark = log.mark()
    log.append(Frame.message("received", "after the mark"))
    assert [f.data for f in log.since(mark)] == ["after the mark"]
    assert [f["data"] for f in log.to_jsonable(start=mark)] == ["after the mark"]
    assert str(log.since(0)[0].data).startswith(f"{log.dropped:04d}"), "the oldest frames went first"
    for _ in range(30):
        log.append(Frame.message("received", "y" * 2000))  # cut to 500 chars each
    assert sum(len(f.data) for f in log.frames) <= 10_000 and log.frames[-1].cut


def test_a_loop_thread_runs_coroutines_for_synchronous_callers_and_stops_cleanly() -> None:
    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    async def forever() -> None:
        await asyncio.Event().wait()

    thread = LoopThread()
    assert thread.call(answer()) == 42
    thread.loop.call_soon_threadsafe(lambda: thread.loop.create_task(forever()))
    thread.stop()
    assert not thread.alive and thread.loop.is_closed()


def test_receive_with_no_time_left_still_returns_a_frame_already_received() -> None:
    async def scenario() -> None:
        listener, client, server = await _pair()
        await client.send_text("early")
        while not server.log.frames:
            await asyncio.sleep(0.01)
        frame = await server.receive(0)
        assert frame is not None and frame.data == "early"
        await client.close()
        again = await listener.accept(0)
        assert again is None
        await listener.close()

    asyncio.run(scenario())


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy"])
def test_a_dial_goes_straight_to_the_peer_whatever_proxy_the_environment_names(
        monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    async def scenario() -> None:
        # a proxy "address" nobody listens on (a port just freed): a dial through it would fail
        probe = await Listener.start("127.0.0.1", 0)
        dead = f"http://127.0.0.1:{probe.port}"
        await probe.close()
        monkeypatch.setenv(variable, dead)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        listener, client, server = await _pair()
        await client.send_text("direct")
        frame = await server.receive(2)
        assert frame is not None and frame.data == "direct"
        await client.close()
        await listener.close()

    asyncio.run(scenario())
