"""The second message type end to end: the edge suite certifies Pod Restart against the reference edge
(every RESTART- case passes), and an edge with a planted wrong answer is caught by its cases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def _certify(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    report = tmp_path / "report"
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "certify-edge", "--reference", "--rate", "0", "--report-dir",
         str(report), "-k", "RESTART-", *args], capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, json.loads((report / "summary.json").read_text())


def _failed(summary: dict[str, Any]) -> dict[str, str]:
    return {case["id"]: case["grade"] for case in summary["cases"] if case["outcome"] == "failed"}


def test_the_reference_edge_passes_every_pod_restart_case(tmp_path: Path) -> None:
    code, summary = _certify(tmp_path)
    assert code == 0
    ids = [case["id"] for case in summary["cases"]]
    assert len(ids) > 20 and all(case_id.startswith("RESTART-") for case_id in ids)
    assert summary["counts"]["failed"] == 0


def test_an_edge_accepting_a_restart_with_content_fails_under_vendor_and_is_non_strict_under_strict(
        tmp_path: Path) -> None:
    code, summary = _certify(tmp_path / "vendor", "--profile", "vendor", "--defect", "accepts-everything")
    assert code == 1
    assert _failed(summary) == {"RESTART-VENDOR-CONTENT.a-number-which-the-vendor-cannot-bind-as-a-pod": "FAIL",
                                "RESTART-VENDOR-CONTENT.a-string-that-is-not-json": "FAIL",
                                "RESTART-VENDOR-CONTENT.a-pod-whose-name-breaks-its-rule": "FAIL"}
    code, summary = _certify(tmp_path / "strict", "--defect", "accepts-everything")
    assert code == 0  # the document does not describe pod restart: NON-STRICT, never FAIL
    assert set(_failed(summary).values()) == {"NON-STRICT"} and len(_failed(summary)) == 2


def test_an_edge_that_does_not_copy_the_resource_fails_the_restart_it_accepts(tmp_path: Path) -> None:
    code, summary = _certify(tmp_path, "--profile", "vendor", "--defect", "resource-not-copied")
    assert code == 1
    assert _failed(summary)["RESTART-HDR-SYNC.the-allowed-value-true"] == "FAIL"
