"""The test suite's shared set-up: a speed marker on every test, taken from its folder, and no I/O in unit tests.

    tests/unit/   no I/O: no sockets, no subprocesses                      marker ``unit``
    tests/io/     loopback sockets, threads, servers in this process        marker ``io``
    tests/e2e/    subprocesses, whole suites, wheel builds, Chromium        marker ``e2e``

A test slower than its folder says carries its own marker (``@pytest.mark.e2e``); that marker wins.
Markers are strict: one that pyproject.toml does not register is an error.
``python3 tasks.py fast`` runs ``-m "unit or io"``; ``python3 tasks.py test`` runs everything.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests.support import FAST_PROFILE

pytest_plugins = ("pytester",)

#: ``--hypothesis-profile fast`` (python3 tasks.py fast): property tests run a fifth of their examples
#: (tests.support.examples); without it they run their whole budget.
settings.register_profile(FAST_PROFILE, settings.get_profile("default"))

TESTS = Path(__file__).resolve().parent
SPEEDS = ("unit", "io", "e2e")


class UnitTestIOError(AssertionError):
    """A test in tests/unit/ opened a socket or started a process: it belongs in tests/io/ or tests/e2e/."""


def speed_of(item: pytest.Item) -> str | None:
    """The speed marker a test carries: its own, else its folder's; None for a test outside the three folders."""
    for speed in SPEEDS:
        if item.get_closest_marker(speed) is not None:
            return speed
    relative = item.path.resolve().relative_to(TESTS).parts
    return relative[0] if len(relative) > 1 and relative[0] in SPEEDS else None


def pytest_configure(config: pytest.Config) -> None:
    """Strict markers for the tests: a misspelt marker is an error, not a new marker.

    As pytest's unknown-marker warning made an error, not ``--strict-markers`` in pyproject.toml: that
    section also configures the certification suites run from a checkout, which must not change.
    """
    config.addinivalue_line("filterwarnings", "error::pytest.PytestUnknownMarkWarning")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/ with its speed; a test file outside unit/, io/ and e2e/ is a usage error."""
    astray: set[str] = set()
    for item in items:
        if not item.path.resolve().is_relative_to(TESTS):
            continue
        speed = speed_of(item)
        if speed is None:
            astray.add(item.path.resolve().relative_to(TESTS.parent).as_posix())
        elif item.get_closest_marker(speed) is None:
            item.add_marker(speed)
    if astray:
        raise pytest.UsageError("every test file belongs in tests/unit/, tests/io/ or tests/e2e/ (by its speed, see "
                                f"tests/conftest.py): {', '.join(sorted(astray))}")


def _refuse(what: str) -> Any:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise UnitTestIOError(f"a unit test {what}: move it to tests/io/ or tests/e2e/, or mark it @pytest.mark.io "
                           "or @pytest.mark.e2e")
    return refused


@pytest.fixture(autouse=True)
def _no_io_in_unit_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A unit test that binds or connects a socket, or starts a process, fails saying where it belongs."""
    if request.node.get_closest_marker("unit") is not None:
        monkeypatch.setattr(socket.socket, "bind", _refuse("bound a socket"))
        monkeypatch.setattr(socket.socket, "connect", _refuse("connected a socket"))
        monkeypatch.setattr(socket.socket, "connect_ex", _refuse("connected a socket"))
        monkeypatch.setattr(subprocess.Popen, "__init__", _refuse("started a process"))
    yield
