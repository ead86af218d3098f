"""The interrupt gate: a case that has ended reaches every report before an interrupt ends the run."""

from __future__ import annotations

import contextlib
import signal
from typing import Any

import pytest


class InterruptGate:
    """Holds an interrupt (Ctrl-C; SIGTERM when the runner maps it) that arrives while a finished
    case is being written to the reports, until every report has it: summary.json records a case
    when its call ends, the Allure result is written after its teardown, and a case must never be in
    one and missing from the other. A second signal while one is held interrupts at once (a
    teardown that hangs cannot trap the user)."""

    def __init__(self) -> None:
        self.closing = False
        self.held: int | None = None

    def handler(self, signum: int, frame: object) -> None:
        """The signal handler: interrupt now, or once the case being written is written."""
        if self.closing and self.held is None:
            self.held = signum
            return
        raise KeyboardInterrupt(f"signal {signum}")

    def open(self) -> None:
        """The case is in every report: deliver a held interrupt now."""
        self.closing = False
        if self.held is not None:
            signum, self.held = self.held, None
            raise KeyboardInterrupt(f"signal {signum}")


INTERRUPT_GATE = InterruptGate()
_PREVIOUS_SIGINT = pytest.StashKey[Any]()


def install(config: pytest.Config) -> None:
    """Route Ctrl-C through the gate for a run that writes summary.json (Python's own handler only)."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        with contextlib.suppress(ValueError):  # not the main thread: Ctrl-C stays Python's own
            config.stash[_PREVIOUS_SIGINT] = signal.signal(signal.SIGINT, INTERRUPT_GATE.handler)


def uninstall(config: pytest.Config) -> None:
    """The run has ended whole: Ctrl-C's handler of before, nothing held."""
    previous = config.stash.get(_PREVIOUS_SIGINT, None)
    if previous is not None:
        signal.signal(signal.SIGINT, previous)
    INTERRUPT_GATE.closing, INTERRUPT_GATE.held = False, None
