"""harness.transport.Running: the one wrapper that runs a service on its own loop thread for synchronous callers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from harness.transport import Running


class Counter:
    """A toy service: async methods, an async stop."""

    url = "ws://127.0.0.1:9123/websocket/node-1/events"

    def __init__(self) -> None:
        self.count = 0
        self.stopped = 0
        self.loop = asyncio.get_running_loop()

    async def add(self, n: int) -> int:
        await asyncio.sleep(0)
        self.count += n
        return self.count

    async def stop(self) -> None:
        self.stopped += 1


async def make_counter() -> Counter:
    return Counter()


def test_a_started_service_runs_on_its_own_loop_thread_and_stops_once() -> None:
    running = Running.start(make_counter(), name="edgeconform-test", stop=Counter.stop)
    assert running.alive
    assert running.call(running.service.add(2)) == 2
    assert running.call(running.service.add(3)) == 5
    assert not running.service.loop.is_closed()
    running.stop()
    running.stop()
    assert not running.alive and running.service.stopped == 1
    assert running.service.loop.is_closed()


def test_a_service_url_and_port_are_its_own_unless_given() -> None:
    with Running.start(make_counter(), name="edgeconform-test") as running:
        assert running.url == Counter.url and running.port == 9123
    with Running.start(make_counter(), name="edgeconform-test", url="ws://[::1]:7000/x") as given:
        assert given.url == "ws://[::1]:7000/x" and given.port == 7000
    assert not running.alive and not given.alive, "leaving the with block stopped both"


def test_a_service_that_fails_to_start_raises_and_leaves_no_thread() -> None:
    async def broken() -> Counter:
        raise OSError("address in use")

    with pytest.raises(OSError, match="address in use"):
        Running.start(broken(), name="edgeconform-test")


def test_a_spawned_run_announces_its_url_then_its_result_is_waited_for() -> None:
    release = asyncio.Event()

    async def serve(on_ready: Callable[[str], None]) -> str:
        on_ready("ws://127.0.0.1:8001/websocket/n/events")
        await release.wait()
        return "report"

    with Running.spawn(serve, name="edgeconform-test", announces_url=True, label="the toy") as running:
        assert running.url.endswith(":8001/websocket/n/events") and running.port == 8001
        with pytest.raises(TimeoutError, match=r"the toy did not finish within 0\.05 s"):
            running.wait(0.05)
        running.call(_set(release))
        assert running.wait(5) == "report"
        assert running.failure is None


async def _set(event: asyncio.Event) -> None:
    event.set()


def test_a_spawned_run_that_fails_before_it_is_ready_raises_its_own_error() -> None:
    async def serve(on_ready: Callable[[str], None]) -> str:
        raise OSError("cannot listen on 127.0.0.1:1: permission denied")

    with pytest.raises(OSError, match="cannot listen"):
        Running.spawn(serve, name="edgeconform-test", announces_url=True)


def test_a_spawned_run_that_failed_holds_its_error_as_a_value() -> None:
    async def serve(on_ready: Callable[[str], None]) -> str:
        raise ValueError("bad plan")

    with Running.spawn(serve, name="edgeconform-test", url="ws://h:1/") as running:
        with pytest.raises(ValueError, match="bad plan"):
            running.wait(5)
        assert isinstance(running.failure, ValueError)


def test_stopping_a_spawned_run_cancels_it() -> None:
    async def serve(on_ready: Callable[[str], None]) -> str:
        await asyncio.sleep(3600)
        return "never"

    running = Running.spawn(serve, name="edgeconform-test")
    task = running.service
    running.stop()
    assert task.cancelled() and not running.alive and running.failure is None
