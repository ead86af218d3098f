"""The pytest plugin is a good neighbour in every pytest run of the environment (issue 11): each option
it adds starts with ``--edgeconform-``, and loading it imports neither the rule table nor websockets.
(tests/e2e/test_wheel_install.py runs an unrelated suite with pytest-profiling installed beside it.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import plugin

PREFIX = "--edgeconform-"
#: Imported only when one of edgeconform's suites runs.
HEAVY = ("harness.rules", "harness.messages.pod_update.table", "harness.transport", "harness.roles", "websockets",
         "deepdiff")


class RecordingParser:
    """Stands in for pytest's parser: records every option name a plugin adds."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def getgroup(self, name: str, description: str = "") -> RecordingParser:
        return self

    def addoption(self, *names: str, **attributes: Any) -> None:
        self.names.extend(names)


def options_without_the_prefix(add_options: Callable[[Any], None]) -> list[str]:
    """The option names an ``pytest_addoption`` hook adds that do not start with ``--edgeconform-``."""
    parser = RecordingParser()
    add_options(parser)
    assert parser.names, "the hook added no option"
    return [name for name in parser.names if not name.startswith(PREFIX)]


def test_every_option_of_the_plugin_starts_with_edgeconform() -> None:
    assert options_without_the_prefix(plugin.pytest_addoption) == []


def test_a_generic_option_name_would_be_caught() -> None:
    def planted(parser: Any) -> None:
        plugin.pytest_addoption(parser)
        parser.getgroup("edgeconform").addoption("--profile", default="strict")

    assert options_without_the_prefix(planted) == ["--profile"]


def heavy_imports_of_an_unrelated_run(folder: Path, *arguments: str) -> list[str]:
    """The modules of :data:`HEAVY` a pytest run of a one-test suite unrelated to edgeconform imported
    (the edgeconform plugin loaded, as in every run of the environment)."""
    (folder / "test_unrelated.py").write_text("def test_arithmetic():\n    assert 1 + 1 == 2\n")
    script = ("import json, sys, pytest\n"
              "code = pytest.main(['-q', '-p', 'no:cacheprovider', *sys.argv[1:]])\n"
              "print(json.dumps({'code': int(code), 'modules': sorted(sys.modules)}))\n")
    result = subprocess.run([sys.executable, "-c", script, *arguments, str(folder)], capture_output=True, text=True,
                            timeout=120, cwd=folder, env={**os.environ, "PYTHONPATH": str(folder)}, check=False)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, result.stdout
    assert "harness.plugin" in report["modules"]
    return [module for module in report["modules"] if module in HEAVY]


def test_an_unrelated_pytest_run_imports_neither_the_rule_table_nor_websockets(tmp_path: Path) -> None:
    assert heavy_imports_of_an_unrelated_run(tmp_path) == []


def test_a_plugin_importing_the_rule_table_and_websockets_would_be_caught(tmp_path: Path) -> None:
    (tmp_path / "planted_plugin.py").write_text("import harness.messages.pod_update.table\nimport websockets\n")
    assert {"harness.messages.pod_update.table", "websockets"} <= set(heavy_imports_of_an_unrelated_run(tmp_path, "-p",
                                                                                          "planted_plugin"))


def test_the_plugin_offers_exactly_the_rule_profiles_without_importing_them() -> None:
    from harness.rules.model import PROFILES

    assert plugin.PROFILE_NAMES == PROFILES
