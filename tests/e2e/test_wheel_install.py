"""edgeconform as a user installs it: a wheel built from the source, installed into a fresh virtual
environment outside the source tree (pip, from the package index pip is configured with), run from
a folder that is not the source tree. It certifies the reference edge, certifies the reference
controller, writes a bundle, reruns failed cases and prints reproducers; and an unrelated pytest
suite, with pytest-profiling installed beside it, runs untouched by the plugin (issue 11).

One wheel and one environment per test session (building and installing take about a minute).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SOURCE = Path(__file__).resolve().parents[2]
#: What a source checkout has that a wheel build must not see (environments, caches, earlier builds).
NOT_SOURCE = (".venv", ".git", ".tox", "build", "dist", "reports", "node_modules", "*.egg-info", "__pycache__",
              ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis")
UNRELATED_TESTS = '''
def test_arithmetic():
    assert 1 + 1 == 2


def test_text():
    assert "edge".upper() == "EDGE"
'''
PRODUCT_YAML = 'vendor: ACME\nproduct: Edge 9\nversion: "1.10"\ncontact: qa@acme.example\n'


@dataclass(frozen=True)
class Installation:
    """A virtual environment holding the wheel, and a working folder outside the source tree."""

    wheel: Path
    environment: Path
    work: Path
    install_seconds: float

    def command(self, name: str) -> str:
        return str(self.environment / ("Scripts" if os.name == "nt" else "bin") / name)

    def run(self, *command: str, timeout: float = 300, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """``command`` with the environment's executables, in the working folder, without this
        process's PYTHONPATH or virtual environment leaking in."""
        environment = {key: value for key, value in os.environ.items()
                       if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
        result = subprocess.run([self.command(command[0]), *command[1:]], capture_output=True, text=True,
                                timeout=timeout, cwd=cwd or self.work, env=environment, check=False)
        assert "Traceback" not in result.stdout + result.stderr, (result.stdout + result.stderr)[-3000:]
        return result


def _pip(python: Path | str, *arguments: str) -> None:
    """pip as the machine configures it (its package index, its cache); its own words when it fails."""
    result = subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "--quiet", *arguments],
                            capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, f"pip {' '.join(arguments[:1])} failed:\n{result.stderr[-3000:]}"


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    """The wheel, built from a copy of the source (nothing of a build, an environment or a cache in it),
    installed with pytest-profiling into a fresh virtual environment."""
    root = tmp_path_factory.mktemp("wheel-install")
    assert not root.resolve().is_relative_to(SOURCE)
    source = root / "source"
    shutil.copytree(SOURCE, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    _pip(sys.executable, "wheel", "--no-deps", "--wheel-dir", str(root / "dist"), str(source))
    shutil.rmtree(source)
    wheel = next((root / "dist").glob("edgeconform-*.whl"))
    environment = root / "environment"
    start = time.perf_counter()
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / ("Scripts" if os.name == "nt" else "bin") / "python"
    _pip(python, "install", str(wheel), "pytest-profiling")
    install_seconds = time.perf_counter() - start
    work = root / "work"
    work.mkdir()
    print(f"\nwheel {wheel.name}: {wheel.stat().st_size / 1024:.0f} KiB; fresh environment with it and its "
          f"dependencies installed in {install_seconds:.1f} s")
    yield Installation(wheel, environment, work, install_seconds)


def _summary(report: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    return loaded


def test_the_installed_package_is_the_wheel_not_the_source_tree(installed: Installation) -> None:
    result = installed.run("python", "-c", "import harness, harness.resources as r; print(harness.__file__); "
                                           "print(r.data_path('features/edge/session.feature').resolve())")
    module, session_feature = (Path(line) for line in result.stdout.split())
    assert module.is_relative_to(installed.environment) and session_feature.is_relative_to(installed.environment)
    assert session_feature.is_file()
    version = installed.run("edgeconform", "--version")
    assert version.returncode == 0 and version.stdout.startswith("edgeconform 0.") and "(rule set " in version.stdout


def test_a_wheel_install_certifies_the_reference_edge_from_any_folder(installed: Installation) -> None:
    report = installed.work / "edge-report"
    result = installed.run("edgeconform", "certify-edge", "--reference", "--rate", "0", "--report-dir", str(report),
                           "--bundle", str(installed.work / "cert.tgz"), "--product", str(_product(installed)))
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    summary = _summary(report)
    assert summary["complete"] and summary["counts"]["failed"] == 0 and summary["counts"]["total"] > 400
    assert summary["coverage"]["rules_covered"] == summary["coverage"]["rules_total"]
    assert (report / "junit.xml").is_file() and (report / "allure-results").is_dir()
    verified = installed.run("edgeconform", "verify-bundle", str(installed.work / "cert.tgz"))
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_wheel_install_reruns_failed_cases_and_prints_their_reproducers(installed: Installation) -> None:
    report = installed.work / "defect-report"
    first = installed.run("edgeconform", "certify-edge", "--reference", "--rate", "0", "--defect", "no-router",
                          "--report-dir", str(report), "-k", "EDGE- or META-NAME")
    assert first.returncode == 1
    failed = {c["id"]: c["reason"] for c in _summary(report)["cases"] if c["outcome"] == "failed"}
    assert "EDGE-DOCUMENT-UPDATE" in failed and "reproduce: " in failed["EDGE-DOCUMENT-UPDATE"]
    rerun_report = installed.work / "rerun-report"
    rerun = installed.run("edgeconform", "certify-edge", "--reference", "--rate", "0", "--defect", "no-router",
                          "--report-dir", str(rerun_report), "--rerun-failed", str(report / "summary.json"))
    assert rerun.returncode == 1
    rerun_cases = {c["id"]: c["outcome"] for c in _summary(rerun_report)["cases"]}
    assert set(failed) <= set(rerun_cases) and len(rerun_cases) < len(_summary(report)["cases"])
    assert all(rerun_cases[case] == "failed" for case in failed)


def test_a_wheel_install_certifies_the_reference_controller(installed: Installation) -> None:
    report = installed.work / "controller-report"
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    fake_edge = subprocess.Popen(
        [installed.command("edgeconform"), "certify-controller", "--listen", "127.0.0.1:0", "--idle", "10",
         "--report-dir", str(report)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=installed.work, env={**environment, "PYTHONUNBUFFERED": "1"})
    try:
        assert fake_edge.stderr is not None
        first = fake_edge.stderr.readline()
        assert "fake edge listening on ws://127.0.0.1:" in first, first
        url = first.split("listening on ", 1)[1].split(" ", 1)[0]
        controller = installed.run("edgeconform", "serve-controller", "--connect", url, "--rate", "0", timeout=120)
        out, err = fake_edge.communicate(timeout=120)
    finally:
        if fake_edge.poll() is None:
            fake_edge.kill()
    assert fake_edge.returncode == 0 and "Traceback" not in out + err, (out + err)[-3000:]
    assert controller.returncode == 0, controller.stdout[-2000:]
    summary = _summary(report)
    assert summary["complete"] and summary["counts"]["failed"] == 0 and summary["target"]["messages"] > 100


def test_an_unrelated_suite_runs_with_pytest_profiling_beside_the_plugin(installed: Installation) -> None:
    suite = installed.work / "unrelated"
    suite.mkdir()
    (suite / "test_unrelated.py").write_text(UNRELATED_TESTS, encoding="utf-8")
    plain = installed.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=suite)
    assert plain.returncode == 0 and "2 passed" in plain.stdout, plain.stdout + plain.stderr
    profiled = installed.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--profile", cwd=suite)
    assert profiled.returncode == 0 and "2 passed" in profiled.stdout, profiled.stdout + profiled.stderr
    assert (suite / "prof" / "combined.prof").is_file()
    plugins = installed.run("python", "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", "--trace-config",
                            cwd=suite)
    assert "harness.plugin" in plugins.stdout and "pytest_profiling" in plugins.stdout


def test_a_wheel_install_runs_the_shipped_suite_under_pytest(installed: Installation) -> None:
    result = installed.run("edgeconform", "pytest", "--edgeconform-edge-reference", "--edgeconform-rate", "0",
                           "-q", "-m", "rule.META-NAME")
    assert result.returncode == 0 and " passed" in result.stdout and "failed" not in result.stdout, result.stdout


def _product(installed: Installation) -> Path:
    path = installed.work / "product.yaml"
    path.write_text(PRODUCT_YAML, encoding="utf-8")
    return path
