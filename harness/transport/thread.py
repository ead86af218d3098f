"""The event loop thread: async services run for synchronous callers (pytest-bdd steps, tests)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Coroutine
from typing import Any, TypeVar

_T = TypeVar("_T")


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
