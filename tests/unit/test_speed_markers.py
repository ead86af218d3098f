"""Every test carries its speed (unit, io, e2e) from its folder, and a unit test does no I/O (tests/conftest.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest

from tests.conftest import TESTS, UnitTestIOError, pytest_collection_modifyitems


class _Item:
    """Just enough of a pytest item for the marking hook."""

    def __init__(self, path: Path, *markers: str) -> None:
        self.path, self.markers = path, list(markers)

    def get_closest_marker(self, name: str) -> Any:
        return name if name in self.markers else None

    def add_marker(self, name: str) -> None:
        self.markers.append(name)


def _mark(*items: _Item) -> None:
    pytest_collection_modifyitems(cast(pytest.Config, None), cast(list[pytest.Item], list(items)))


def test_a_unit_test_carries_the_unit_marker_and_only_it(request: pytest.FixtureRequest) -> None:
    assert [m.name for m in request.node.iter_markers() if m.name in {"unit", "io", "e2e"}] == ["unit"]


@pytest.mark.io
def test_a_test_marked_slower_than_its_folder_keeps_its_own_marker(request: pytest.FixtureRequest) -> None:
    assert [m.name for m in request.node.iter_markers() if m.name in {"unit", "io", "e2e"}] == ["io"]


def test_each_folder_gives_its_marker_and_an_explicit_marker_wins() -> None:
    items = [_Item(TESTS / "unit" / "test_a.py"), _Item(TESTS / "io" / "test_b.py"),
             _Item(TESTS / "e2e" / "test_c.py"), _Item(TESTS / "unit" / "test_d.py", "e2e")]
    _mark(*items)
    assert [item.markers for item in items] == [["unit"], ["io"], ["e2e"], ["e2e"]]


def test_a_test_file_outside_the_three_folders_is_a_usage_error_naming_it() -> None:
    with pytest.raises(pytest.UsageError, match=r"tests/unit/, tests/io/ or tests/e2e/.*tests/test_astray\.py"):
        _mark(_Item(TESTS / "unit" / "test_a.py"), _Item(TESTS / "test_astray.py"))


def test_a_unit_test_binding_or_connecting_a_socket_fails_saying_where_it_belongs() -> None:
    with socket.socket() as probe:
        with pytest.raises(UnitTestIOError, match="bound a socket: move it to tests/io/"):
            probe.bind(("127.0.0.1", 0))
        with pytest.raises(UnitTestIOError, match="connected a socket"):
            probe.connect(("127.0.0.1", 9))


def test_a_unit_test_starting_a_process_fails_saying_where_it_belongs() -> None:
    with pytest.raises(UnitTestIOError, match="started a process: move it to tests/io/ or tests/e2e/"):
        subprocess.run([sys.executable, "-c", "pass"], check=False)


@pytest.mark.io
def test_an_io_test_may_open_a_socket() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        assert probe.getsockname()[1] > 0


def test_a_misspelt_marker_is_an_error_not_a_new_marker() -> None:
    with pytest.raises(pytest.PytestUnknownMarkWarning, match=r"Unknown pytest\.mark\.uint"):
        pytest.mark.uint  # noqa: B018
    assert pytest.mark.unit.name == "unit"
