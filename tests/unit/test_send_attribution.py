"""edgeconform send: every frame that arrives between a case's requests is printed under the request it
followed, however the threads interleave (the answer to a request sent without waiting may land just after
that request's exchange returned, before the next one goes out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from harness.cli.send import _exchange_all


@dataclass
class _Controller:
    between: list[Any] = field(default_factory=list)
    between_mark: int = 0


class _Session:
    """A session whose every request goes out, then (the edge being quick) is answered at once into
    ``between``: after the exchange returned, before the caller looks."""

    def __init__(self) -> None:
        self.controller = _Controller()
        self.sent = 0

    def exchange(self, message: Any, *, timeout: float) -> Any:
        self.sent += 1
        self.controller.between_mark = len(self.controller.between)  # the request goes out
        self.controller.between.append(f"answer to request {self.sent}")  # its answer lands right after
        return SimpleNamespace(outcome="timeout" if timeout == 0 else "answered")

    def observe(self, seconds: float) -> Any:
        frames = self.controller.between[self.controller.between_mark:]
        return SimpleNamespace(frames=frames)


def test_an_answer_that_lands_between_two_requests_is_kept_under_the_first() -> None:
    session = _Session()
    _, after = _exchange_all(session, ({"a": 1}, {"b": 2}), timeout=1.0)  # type: ignore[arg-type]
    assert [list(map(str, frames)) for frames in after] == [["answer to request 1"], ["answer to request 2"]]


def test_three_requests_each_keep_what_followed_them_once() -> None:
    session = _Session()
    _, after = _exchange_all(session, ({"a": 1}, {"b": 2}, {"c": 3}), timeout=1.0)  # type: ignore[arg-type]
    assert [list(map(str, frames)) for frames in after] == [["answer to request 1"], ["answer to request 2"],
                                                     ["answer to request 3"]]
