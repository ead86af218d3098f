"""The shipped suites run from any folder (``edgeconform pytest``), and QA keeps a copy of the features
in a repository of their own and extends it with their own scenario and golden answer
(docs/own-suite.md; the example is examples/own-suite/)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness import __version__
from harness.cli import main
from harness.cli.pytest_suite import pytest_arguments
from harness.messages import RULESET_VERSION
from harness.resources import data_path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "own-suite"
OWN_CASE = "OUR-LAB-DOCUMENT-UPDATE"
SHIPPED_CASE = "EDGE-DOCUMENT-UPDATE"


def run_own_suite(folder: Path, defect: str) -> dict[str, dict[str, Any]]:
    """The lab's copy of the edge suite, its own scenario and the shipped one, against the reference
    edge with ``defect`` planted: each case's summary entry by id."""
    summary_path = folder / "summary.json"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "features/edge", "-p", "no:cacheprovider", "--edgeconform-edge-reference",
         "--edgeconform-rate", "0", "--edgeconform-edge-defect", defect, "-k", f"{OWN_CASE} or {SHIPPED_CASE}",
         f"--edgeconform-summary-json={summary_path}"],
        capture_output=True, text=True, timeout=120, cwd=folder, check=False)
    assert "Traceback" not in result.stdout + result.stderr
    return {case["id"]: case for case in json.loads(summary_path.read_text())["cases"]}


@pytest.fixture
def own_repository(tmp_path: Path) -> Path:
    """A QA repository: the shipped suites copied with ``edgeconform features``, then the lab's own
    scenario, test module and golden answer added beside the edge suite."""
    assert main(["features", "--copy-to", str(tmp_path / "features")]) == 0
    shutil.copytree(EXAMPLE / "edge", tmp_path / "features" / "edge", dirs_exist_ok=True)
    return tmp_path


def test_an_own_scenario_with_its_own_golden_answer_passes_what_it_allows(own_repository: Path) -> None:
    cases = run_own_suite(own_repository, "route-source-edge")
    assert cases[OWN_CASE]["grade"] == "PASS", cases[OWN_CASE]
    assert cases[SHIPPED_CASE]["grade"] == "FAIL"  # the shipped golden answer still demands "controller"
    assert "route.source" in cases[SHIPPED_CASE]["reason"]


def test_an_own_scenario_fails_what_its_golden_answer_forbids(own_repository: Path) -> None:
    cases = run_own_suite(own_repository, "operation-update")
    assert cases[OWN_CASE]["grade"] == "FAIL"
    assert "answer-ok-any-source.json at route.operation" in cases[OWN_CASE]["reason"]


def test_copying_the_features_never_overwrites_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "features"
    (target / "edge").mkdir(parents=True)
    (target / "edge" / "conftest.py").write_text("# ours\n")
    assert main(["features", "--copy-to", str(target)]) == 1
    assert (target / "edge" / "conftest.py").read_text() == "# ours\n"
    assert not (target / "edge" / "session.feature").exists()
    assert "already has" in capsys.readouterr().err


def test_features_prints_the_folder_of_the_installed_suites(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["features"]) == 0
    folder = Path(capsys.readouterr().out.strip())
    assert (folder / "edge" / "session.feature").is_file() and (folder / "controller" / "conftest.py").is_file()


def test_the_shipped_data_is_found_through_the_package() -> None:
    assert (data_path("fixtures/golden/answer-ok.json")).is_file()
    assert (data_path("schema") / "pod-update-request.strict.schema.json").is_file()
    assert data_path("docs/rules.md").is_file()


@pytest.mark.parametrize(("arguments", "expected"), [
    ([], ("edge", [])),
    (["controller", "--", "-x"], ("controller", ["-x"])),
    (["--", "--lf", "-k", "META-NAME"], ("edge", ["--lf", "-k", "META-NAME"])),
    (["-m", "rule.META-NAME"], ("edge", ["-m", "rule.META-NAME"])),
])
def test_edgeconform_pytest_takes_a_suite_then_pytest_arguments(arguments: list[str],
                                                                expected: tuple[str, list[str]]) -> None:
    assert pytest_arguments(arguments) == expected


def test_edgeconform_pytest_runs_the_shipped_suite_from_any_folder_and_keeps_its_cache_there(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "harness.cli", "pytest", "--edgeconform-edge-reference", "--edgeconform-rate",
               "0", "-k", "META-NAME", "-q", "--edgeconform-edge-defect", "accepts-name-of-129"]
    first = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False)
    assert first.returncode == 1, first.stdout[-2000:]
    assert "META-NAME.a-name-of-129-characters" in first.stdout
    failed = re.search(r"(\d+) failed, \d+ passed", first.stdout)
    assert failed is not None, first.stdout[-2000:]
    rerun = subprocess.run([*command, "--lf"], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                           check=False)
    assert f"{failed[1]} failed in" in rerun.stdout and " passed" not in rerun.stdout, rerun.stdout[-2000:]
    assert (tmp_path / ".pytest_cache").is_dir()


def test_version_names_the_harness_and_the_rule_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"edgeconform {__version__} (rule set {RULESET_VERSION})"
