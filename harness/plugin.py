"""The edgeconform pytest plugin (entry point ``pytest11``): options for certification runs.

Loaded by every pytest run in an environment where edgeconform is installed, so it
stays cheap: options only; the fixtures live with the features' step definitions.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("edgeconform", "edgeconform certification")
    group.addoption("--edge-listen", metavar="HOST:PORT", default=None,
                    help="play the controller: listen for an edge dialling ws://HOST:PORT/websocket/<node_id>/events")
    group.addoption("--edge-connect", metavar="URL", default=None, help="play the controller: dial an edge at URL")
    group.addoption("--edge-reference", action="store_true", default=False,
                    help="start the bundled reference edge on 127.0.0.1 and certify it")
    group.addoption("--answer-timeout", type=float, default=10.0, metavar="SECONDS",
                    help="seconds to wait for each answer (default 10)")
    group.addoption("--rate", type=float, default=4.0, metavar="N",
                    help="messages per second sent to the edge (default 4: the vendor's edge drops above 5/s "
                         "burst 5); 0 = unpaced")
    group.addoption("--edge-wait", type=float, default=60.0, metavar="SECONDS",
                    help="with --edge-listen: seconds to wait for the edge to dial in (default 60)")
    group.addoption("--profile", choices=("strict", "lenient"), default="strict",
                    help="rule profile the cases are derived from (default strict)")
    group.addoption("--summary-json", metavar="FILE", default=None,
                    help="write the machine-readable summary of the run to FILE")
