"""What the suites' steps tell the run: its facts for summary.json, whether a case was judged, what
an INFORMATIONAL case observed, where wire logs go, a line for the person running it, and that no
peer was reached."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest

from harness.plugin.summary import JUDGED_KEY, OBSERVATION_KEY, SUMMARY_KEY


def set_run_info(config: pytest.Config, **info: Any) -> None:
    """Record facts about the run (target, handshake, options) for summary.json."""
    config.stash[SUMMARY_KEY].run_info.update(info)


def evidence_dir(config: pytest.Config) -> Path | None:
    """Where per-case wire logs go: ``wire/`` beside summary.json (None without --edgeconform-summary-json)."""
    summary = config.stash.get(SUMMARY_KEY, None)
    return summary.path.parent / "wire" if summary is not None and summary.path is not None else None


def say(config: pytest.Config, text: str) -> None:
    """A line for the person running the suite (``edgeconform: <text>``, on stderr), past pytest's capture:
    e.g. that the harness waits for a peer to dial in."""
    capman: Any = config.pluginmanager.getplugin("capturemanager")
    guard = capman.global_and_fixture_disabled() if capman is not None else contextlib.nullcontext()
    with guard:
        print(f"edgeconform: {text}", file=sys.stderr, flush=True)


def no_peer_reached(request: pytest.FixtureRequest, reason: str) -> NoReturn:
    """End the session at the case being set up: without a peer no case can be judged. The case is
    an error (it fails in setup; grade ERROR; junit ``<error>``), no further case runs, and the
    run's exit_status is 2, NOT JUDGED (summary.json ``peer_reached: false``)."""
    request.session.shouldfail = reason
    pytest.fail(reason, pytrace=False)


def record_judged(item: pytest.Item, judged: bool) -> None:
    """Whether the case was judged against what the peer did (``False``: it failed for want of a
    peer -- none reached, or gone); summary.json says so and rule coverage counts only judged cases."""
    item.stash[JUDGED_KEY] = judged


def record_observation(item: pytest.Item, text: str) -> None:
    """For an INFORMATIONAL case: what the peer did, kept as the case's reason in summary.json."""
    item.stash[OBSERVATION_KEY] = text
