"""The event loop thread, and :class:`Running`: the ONE wrapper that runs an async service for
synchronous callers (pytest-bdd steps, tests, the CLI).

:class:`LoopThread` is a bare event loop in a daemon thread. :class:`Running` starts a service
on a loop thread of its own and owns it: started with :meth:`Running.start` (an object with
async methods: the fake controller, the reference edge's service) or :meth:`Running.spawn` (one
coroutine run as a task to its end: the reference controller, the fake edge), it exposes the
service, its ``url`` and ``port``, runs coroutines on its loop (:meth:`Running.call`), waits for a
spawned run (:meth:`Running.wait`), and stops idempotently (context manager); see its docstring.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

_T = TypeVar("_T")
_S = TypeVar("_S")


class LoopThread:
    """An asyncio event loop in a daemon thread, for synchronous callers (pytest-bdd steps).

    :meth:`call` runs a coroutine on it and blocks for the result; :meth:`stop` cancels
    whatever is left, closes the loop and joins the thread.
    """

    def __init__(self, name: str = "edgeconform-loop") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:
            tasks = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
            for task in tasks:
                task.cancel()
            if tasks:
                self.loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.run_until_complete(self.loop.shutdown_default_executor())
            self.loop.close()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def call(self, coroutine: Coroutine[Any, Any, _T] | Awaitable[_T], timeout: float | None = None) -> _T:
        """Run ``coroutine`` on the loop and wait for its result (its exception is re-raised)."""
        async def runner() -> _T:
            return await coroutine

        if not self.alive:
            if asyncio.iscoroutine(coroutine):
                coroutine.close()
            raise RuntimeError("the event loop thread is stopped")
        return asyncio.run_coroutine_threadsafe(runner(), self.loop).result(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel pending tasks, close the loop and join the thread (idempotent)."""
        if self.alive:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout)


#: Seconds :meth:`Running.stop` gives the service's own stop before the loop is stopped anyway.
STOP_TIMEOUT = 30.0
#: Seconds :meth:`Running.spawn` waits for a run to announce its URL.
READY_TIMEOUT = 30.0


class Running(Generic[_S]):
    """A service running on a loop thread of its own, for synchronous callers.

    Two ways to start one (either raises what the start raised, the thread already stopped)::

        # an object with async methods, made on the loop; ``stop`` is awaited by Running.stop()
        running = Running.start(make_controller(), name="edgeconform-controller", stop=FakeController.close)
        running.call(running.service.listen("127.0.0.1", 0))

        # one coroutine run as a task to its end; it may announce its URL through ``on_ready``
        running = Running.spawn(lambda on_ready: serve(on_ready=on_ready), name="...", announces_url=True)
        report = running.wait(60)        # the run's result (TimeoutError if not over in time)

    * ``service``: the object made (``start``) or the task (``spawn``);
    * ``url``: the URL the run announced, else the one given, else the service's own ``url``
      attribute ("" when none); ``port``: the port of ``url`` (``None`` when none);
    * :meth:`call`: run a coroutine on the loop and block for its result (its exception re-raised);
    * :meth:`wait`: the spawned run's result; :attr:`failure`: the exception it ended with, as a value;
    * :meth:`stop`: the service's stop (or the task cancelled), errors swallowed, then the loop
      thread stopped; idempotent; also on leaving a ``with`` block.
    """

    def __init__(self, thread: LoopThread, service: _S, *, url: str = "",
                 stop: Callable[[_S], Awaitable[object]] | None = None, label: str = "the service") -> None:
        self._thread = thread
        self.label = label
        self.service = service
        self._url = url
        self._stop = stop

    @classmethod
    def start(cls, make: Awaitable[_S], *, name: str, stop: Callable[[_S], Awaitable[object]] | None = None,
              url: str = "") -> Running[_S]:
        """Run ``make`` on a new loop thread named ``name``; its result is the service."""
        thread = LoopThread(name)
        try:
            service = thread.call(make)
        except BaseException:
            thread.stop()
            raise
        return cls(thread, service, url=url, stop=stop)

    @classmethod
    def spawn(cls, run: Callable[[Callable[[str], None]], Coroutine[Any, Any, _T]], *, name: str,
              announces_url: bool = False, url: str = "", label: str = "the service") -> Running[asyncio.Task[_T]]:
        """Run ``run(on_ready)`` as a task on a new loop thread named ``name``. With ``announces_url``,
        return once the run called ``on_ready(url)``, or raise what the run raised should it end first.
        ``label`` names the service in errors ("the reference controller did not finish within 60 s")."""
        thread = LoopThread(name)
        ready: asyncio.Future[str] = thread.loop.create_future()

        def on_ready(announced: str) -> None:
            if not ready.done():
                ready.set_result(announced)

        async def create() -> asyncio.Task[_T]:
            return asyncio.get_running_loop().create_task(run(on_ready))

        try:
            task = thread.call(create())
            if announces_url:
                url = thread.call(_first_of(ready, task, label), timeout=READY_TIMEOUT)
        except BaseException:
            thread.stop()
            raise
        return Running(thread, task, url=url, stop=_cancel, label=label)

    @property
    def alive(self) -> bool:
        return self._thread.alive

    @property
    def url(self) -> str:
        return self._url or str(getattr(self.service, "url", "") or "")

    @property
    def port(self) -> int | None:
        try:
            return urlsplit(self.url).port
        except ValueError:
            return None

    def call(self, coroutine: Coroutine[Any, Any, _T] | Awaitable[_T], timeout: float | None = None) -> _T:
        """Run ``coroutine`` on the service's loop and wait for its result."""
        return self._thread.call(coroutine, timeout)

    def wait(self: Running[asyncio.Task[_T]], timeout: float | None = 60.0) -> _T:
        """The spawned run's result once it is over (its exception re-raised); ``TimeoutError`` if
        it is not over within ``timeout`` seconds."""
        return self._thread.call(_wait(self.service, timeout, self.label))

    @property
    def failure(self: Running[asyncio.Task[_T]]) -> BaseException | None:
        """The exception the spawned run ended with (``None``: still running, cancelled or succeeded)."""
        task = self.service
        if not task.done() or task.cancelled():
            return None
        return task.exception()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop the service, then its loop thread (idempotent; the service's errors are swallowed)."""
        if self._thread.alive:
            if self._stop is not None:
                with contextlib.suppress(Exception):
                    self._thread.call(self._stop(self.service), timeout=timeout)
            self._thread.stop()

    def __enter__(self) -> Running[_S]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


async def _first_of(ready: asyncio.Future[str], run: asyncio.Task[Any], label: str) -> str:
    """The announced URL, or the run's own exception should it end first (a failed bind)."""
    waiting: set[asyncio.Future[Any]] = {ready, run}
    await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    if ready.done():
        return ready.result()
    run.result()  # raises the run's exception
    raise RuntimeError(f"{label} ended before it was ready")


async def _wait(task: asyncio.Task[_T], timeout: float | None, label: str) -> _T:
    await asyncio.wait({task}, timeout=timeout)
    if not task.done():
        raise TimeoutError(f"{label} did not finish within {timeout} s")
    return task.result()


async def _cancel(task: asyncio.Task[Any]) -> None:
    if not task.done():
        task.cancel()
    with contextlib.suppress(BaseException):
        await task
