"""The edge suite under pytest-xdist: one process (the controller) writes summary.json from the
reports the workers send, so a parallel run's summary holds every case exactly once, as junit.xml
does (workers writing the same file would each overwrite the others' cases)."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
#: 30 cases: enough that both workers run some of them.
SELECTION = "META-* or CTR-NAME or EDGE-"


def test_a_parallel_run_writes_one_summary_with_every_case_of_every_worker(tmp_path: Path) -> None:
    summary_path, junit_path = tmp_path / "summary.json", tmp_path / "junit.xml"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(REPOSITORY / "features" / "edge"), "--rootdir", str(REPOSITORY),
         "-p", "no:cacheprovider", "-n", "2", "--edgeconform-edge-reference", "--edgeconform-rate", "0",
         "--edgeconform-edge-defect", "accepts-everything", "-k", SELECTION,
         f"--edgeconform-summary-json={summary_path}", f"--junitxml={junit_path}",
         f"--alluredir={tmp_path / 'allure'}"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output[-3000:]  # the planted defect fails reject cases
    assert "Traceback" not in output

    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    junit = [f"{tc.get('classname')}::{tc.get('name')}" for tc in ET.parse(junit_path).getroot().iter("testcase")]
    nodeids = [case["nodeid"] for case in summary["cases"]]
    assert len(nodeids) == len(set(nodeids)) == len(junit) >= 30, "every case once, as in junit.xml"
    assert {case["id"] for case in summary["cases"]} == {j.split("::")[-1] for j in junit}, "junit names case ids"
    assert summary["complete"] is True and summary["interrupted"] is False
    assert summary["counts"]["total"] == summary["counts"]["passed"] + summary["counts"]["failed"] == len(nodeids)
    failed = [case for case in summary["cases"] if case["outcome"] == "failed"]
    # a name left out is NON-STRICT (that it is required is our inference); the rest are FAILs
    assert failed and all(case["grade"] in ("FAIL", "NON-STRICT") and case["reason"] for case in failed)
    assert {c["grade"] for c in failed} == {"FAIL", "NON-STRICT"}
    assert summary["suite"] == "edge" and summary["target"]["mode"] == "reference", "the workers' run facts"
    assert "2 workers" in output, "the run was parallel"
