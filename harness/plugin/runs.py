"""The edgeconform runs in progress in this process, newest last (pytest inside pytest, as pytester
runs it, has two). Hooks that get no ``config`` (a tag applied, a report logged) act on the newest."""

from __future__ import annotations

import pytest

RUNS: list[pytest.Config] = []


def newest() -> list[pytest.Config]:
    """The run in progress (an empty list outside one)."""
    return RUNS[-1:]
