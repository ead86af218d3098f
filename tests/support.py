"""Helpers shared by the test files: free loopback ports and the command line in a subprocess."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import settings

#: The hypothesis profile of ``python3 tasks.py fast`` (registered in tests/conftest.py).
FAST_PROFILE = "fast"

#: ``python -m harness.cli``: the edgeconform command of the environment running the tests.
CLI = (sys.executable, "-m", "harness.cli")


def examples(budget: int) -> int:
    """A property test's number of examples: its whole budget, or a fifth of it (at least 10) in the fast loop.

    The full budget runs in ``python3 tasks.py test`` (CI); the fast loop trades depth for a quick answer.
    """
    return max(10, budget // 5) if settings.get_current_profile_name() == FAST_PROFILE else budget


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_certify(command: str, report: Path, *args: str, timeout: float = 180,
                env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    """``edgeconform COMMAND --report-dir REPORT ARGS`` in a subprocess: its exit code, its summary.json
    (``{}`` when it wrote none) and its output (stdout then stderr), which never holds a traceback."""
    result = subprocess.run([*CLI, command, "--report-dir", str(report), *args], capture_output=True, text=True,
                            timeout=timeout, check=False, env=env)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    summary_path = report / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    return result.returncode, summary, output


def certify_edge(tmp_path: Path, *args: str, timeout: float = 60) -> tuple[int, dict[str, Any], str]:
    """``certify-edge --rate 0 ARGS`` with its report in ``tmp_path/report`` (see :func:`run_certify`)."""
    return run_certify("certify-edge", tmp_path / "report", "--rate", "0", *args, timeout=timeout)


def pod_update_with(**metadata: Any) -> dict[str, Any]:
    """The conformant pod update with ``metadata`` fields set (``None``: the field left out)."""
    from harness.messages.pod_update import pod_update
    from harness.messages.pod_update.samples import conformant_pod

    pod = conformant_pod()
    for key, value in metadata.items():
        if value is None:
            del pod["metadata"][key]
        else:
            pod["metadata"][key] = value
    return pod_update(pod)


def privileged_pod_update() -> dict[str, Any]:
    """The conformant pod update whose container asks to run privileged (SEC-PRIVILEGED)."""
    update = pod_update_with()
    update["content"]["spec"]["containers"][0]["securityContext"]["privileged"] = True
    return update
