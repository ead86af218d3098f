"""One options table (issue 13): each suite option is declared once (harness/options.py), the
plugin's ``--edgeconform-<name>`` and the certify commands' ``--<name>`` are rendered from it, and
one function judges the values of either."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path
from typing import Any, cast

import pytest

from harness import options as table
from harness.cli import build_parser, main
from harness.cli._options import plugin_arguments, suite_values
from harness.options import (
    CERTIFY_CONTROLLER,
    CERTIFY_EDGE,
    OPTIONS,
    cli_name,
    options_of,
    options_problem,
)
from harness.plugin.options import add_options

#: The certify commands' own options, not the suite's (the report, the selection, the bundle).
CLI_ONLY = {"-h", "--help", "--report-dir", "-k", "-m", "--rerun-failed", "--bundle", "--product"}


class PluginParser:
    """Stands in for pytest's parser: the plugin's options on an argparse parser, as pytest makes them."""

    def __init__(self) -> None:
        self.parser = argparse.ArgumentParser(add_help=False)
        self.names: list[str] = []

    def getgroup(self, name: str, description: str = "") -> PluginParser:
        return self

    def addoption(self, *names: str, **attributes: Any) -> None:
        self.names.extend(names)
        self.parser.add_argument(*names, dest=names[0].removeprefix("--").replace("-", "_"), **attributes)

    def values(self, argv: list[str]) -> dict[str, Any]:
        """The run's values by table key, as ``config.getoption`` would read them."""
        parsed = vars(self.parser.parse_args(argv))
        return {option.key: parsed[option.plugin.removeprefix("--").replace("-", "_")] for option in OPTIONS}


def command_option_names(command: str) -> set[str]:
    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    parser = subparsers.choices[command]
    return {name for action in parser._actions for name in action.option_strings}


def cli_values(command: str, argv: list[str]) -> dict[str, Any]:
    return suite_values(build_parser().parse_args([command, *argv]), command)


def test_the_plugin_adds_every_option_of_the_table_and_no_other() -> None:
    parser = PluginParser()
    add_options(cast(pytest.Parser, parser))
    assert parser.names == [option.plugin for option in OPTIONS]


@pytest.mark.parametrize("command", [CERTIFY_EDGE, CERTIFY_CONTROLLER])
def test_a_certify_command_offers_its_options_of_the_table_and_its_own(command: str) -> None:
    offered = {cli_name(option) for option in options_of(command)}
    assert command_option_names(command) - CLI_ONLY == offered
    assert offered, "the command offers no suite option"


def test_each_option_is_named_once_per_surface() -> None:
    plugin_names = [option.plugin for option in OPTIONS]
    assert len(set(plugin_names)) == len(plugin_names)
    assert all(name.startswith("--edgeconform-") for name in plugin_names)
    for command in (CERTIFY_EDGE, CERTIFY_CONTROLLER):
        names = [cli_name(option) for option in options_of(command)]
        assert len(set(names)) == len(names), command


@pytest.mark.parametrize(("command", "argv"), [
    (CERTIFY_EDGE, ["--reference"]),
    (CERTIFY_EDGE, ["--listen", "127.0.0.1:0", "--timeout", "2.5", "--rate", "0", "--in-flight", "1", "--wait", "9",
                    "--profile", "vendor", "--fail-on", "FAIL,NON-STRICT", "--cert", "c.pem", "--key", "k.pem",
                    "--client-ca", "ca.pem", "--user", "edge", "--password-env", "EDGE_PASSWORD"]),
    (CERTIFY_EDGE, ["--reference", "--defect", "accepts-everything", "--defect", "no-router"]),
    (CERTIFY_EDGE, ["--connect", "wss://edge.lab:9000/websocket/n/events", "--ca", "ca.pem", "--insecure"]),
    (CERTIFY_CONTROLLER, ["--connect", "ws://127.0.0.1:1/websocket/n/events", "--idle", "3", "--header", "A=b",
                          "--header", "C=d", "--user", "edge", "--password-file", "p.txt", "--profile", "lenient"]),
    (CERTIFY_CONTROLLER, ["--listen", "127.0.0.1:0", "--cert", "c.pem", "--client-ca", "ca.pem"]),
])
def test_the_suite_reads_every_value_a_command_was_given(command: str, argv: list[str]) -> None:
    given = cli_values(command, argv)
    plugin = PluginParser()
    add_options(cast(pytest.Parser, plugin))
    received = plugin.values(plugin_arguments(build_parser().parse_args([command, *argv]), command))
    assert {key: received[key] for key in given} == given


def test_an_option_left_out_has_the_same_default_on_both_surfaces() -> None:
    plugin = PluginParser()
    add_options(cast(pytest.Parser, plugin))
    defaults = plugin.values([])
    for command, argv in ((CERTIFY_EDGE, ["--reference"]), (CERTIFY_CONTROLLER, ["--listen", "127.0.0.1:0"])):
        for key, value in cli_values(command, argv).items():
            if key not in ("edge_reference", "controller_listen"):
                assert value == defaults[key], key


def test_the_defaults_agree_with_the_modules_that_use_them() -> None:
    from harness.roles.fake_edge import DEFAULT_IDLE_S
    from harness.rules.model import PROFILES

    assert table.PROFILE_NAMES == PROFILES
    assert table.OPTIONS_BY_KEY["idle"].default == DEFAULT_IDLE_S


# --- the one check -------------------------------------------------------------------------------------------

#: A bad value of each checked option, and words its problem must hold.
PLANTED: list[tuple[dict[str, Any], str]] = [
    ({"answer_timeout": 0.0}, "--edgeconform-answer-timeout must be above 0"),
    ({"edge_wait": float("nan")}, "--edgeconform-edge-wait must be above 0"),
    ({"rate": -1.0}, "--edgeconform-rate must be 0 (unpaced) or above"),
    ({"in_flight": 0}, "--edgeconform-in-flight must be 1 or more"),
    ({"idle": 0.0}, "--edgeconform-idle must be above 0"),
    ({"edge_keepalive": -1.0}, "--edgeconform-edge-keepalive must be 0 or above"),
    ({"edge_listen": "9000"}, "--edgeconform-edge-listen: expected HOST:PORT"),
    ({"controller_listen": "nowhere"}, "--edgeconform-controller-listen: expected HOST:PORT"),
    ({"edge_connect": "http://edge/websocket/n/events"}, "--edgeconform-edge-connect: expected ws://"),
    ({"controller_connect": "ws://"}, "--edgeconform-controller-connect: expected ws://"),
    ({"edge_reference": True, "edge_defect": ["no-such-defect"]}, "no defect 'no-such-defect'"),
    ({"edge_defect": ["no-router"]}, "--edgeconform-edge-defect goes with --edgeconform-edge-reference"),
    ({"edge_header": ["no equals sign"]}, "--edgeconform-edge-header: expected NAME=VALUE"),
    ({"fail_on": "FAIL,SOMETIMES"}, "--edgeconform-fail-on: grades are"),
    ({"profile": "loose"}, "--edgeconform-profile: 'loose' is not one of strict, lenient, vendor"),
    ({"edge_reference": True, "edge_listen": "127.0.0.1:0"}, "give exactly one of --edgeconform-edge-reference, "
                                                             "--edgeconform-edge-listen HOST:PORT"),
    ({"controller_connect": "ws://h:1/websocket/n/events", "controller_listen": "127.0.0.1:0"}, "give only one of"),
    ({"controller_listen": "127.0.0.1:0", "edge_user": "edge"}, "go together"),
    ({"controller_listen": "127.0.0.1:0", "edge_user": "edge", "edge_password_file": "/nonexistent/password"},
     "cannot read the password file"),
    ({"auth_user": "edge"}, "--user needs --password-file FILE or --password-env VAR"),
    ({"edge_listen": "127.0.0.1:0", "tls_insecure": True}, "apply when dialling"),
    ({"edge_connect": "wss://h:1/websocket/n/events", "tls_cert": "/nonexistent/cert.pem"}, "no such file"),
]


@pytest.mark.parametrize(("values", "words"), PLANTED)
def test_a_bad_value_is_one_problem_naming_its_option(values: dict[str, Any], words: str) -> None:
    problem = options_problem(values)
    assert problem is not None and words in problem
    assert "\n" not in problem


@pytest.mark.parametrize("values", [
    {},
    {"edge_reference": True, "edge_defect": ["no-router"], "answer_timeout": 0.5, "rate": 0.0, "in_flight": 1},
    {"edge_listen": "127.0.0.1:0", "edge_wait": 5.0, "fail_on": "fail,non-strict", "profile": "vendor"},
    {"edge_connect": "wss://edge.lab:9000/websocket/n/events", "tls_insecure": True},
    {"controller_listen": "[::1]:0", "idle": 1.0, "edge_keepalive": 0.0, "edge_header": ["SerialNumber=42"]},
    {"controller_connect": "ws://127.0.0.1:1/websocket/n/events", "edge_user": "edge", "edge_password_env": "PATH"},
])
def test_values_that_make_a_run_have_no_problem(values: dict[str, Any]) -> None:
    assert options_problem(values) is None


def test_the_problem_names_an_option_as_the_command_line_spells_it() -> None:
    assert options_problem({"answer_timeout": 0.0}, cli_name) == "--timeout must be above 0 (seconds), got 0.0"
    assert options_problem({"edge_defect": ["no-router"]}, cli_name) == "--defect goes with --reference"


@pytest.mark.parametrize(("argv", "words"), [
    (["--reference", "--timeout", "0"], "--timeout must be above 0"),
    (["--reference", "--in-flight", "0"], "--in-flight must be 1 or more"),
    (["--listen", "9000"], "--listen: expected HOST:PORT"),
    (["--connect", "http://edge/websocket/n/events"], "--connect: expected ws://"),
    (["--listen", "127.0.0.1:0", "--defect", "no-router"], "--defect goes with --reference"),
    (["--reference", "--fail-on", "SOMETIMES"], "--fail-on: grades are"),
])
def test_certify_edge_refuses_a_bad_value_with_one_line_and_exit_2(argv: list[str], words: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certify-edge", *argv]) == 2
    err = capsys.readouterr().err
    assert f"edgeconform certify-edge: error: {words}" in err and "Traceback" not in err


def test_the_table_imports_neither_pytest_nor_argparse_nor_the_rules() -> None:
    tree = ast.parse(Path(table.__file__).read_text(encoding="utf-8"))
    top = [alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names]
    top += [node.module or "" for node in tree.body if isinstance(node, ast.ImportFrom)]
    assert not [name for name in top if name.split(".")[0] in ("pytest", "argparse", "websockets")
                or name.startswith(("harness.rules", "harness.roles", "harness.transport"))]


def test_docs_own_suite_maps_every_plugin_option_to_its_command_line_option() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "own-suite.md").read_text(encoding="utf-8")
    rows = {cells[1].strip().strip("`").split()[0]: cells for line in text.splitlines()
            if line.startswith("| `--edgeconform-") for cells in [re.split(r"(?<!\\)\|", line)]}
    assert set(rows) == {option.plugin for option in OPTIONS}
    for option in OPTIONS:
        if option.cli is not None:
            assert f"`{option.cli}" in rows[option.plugin][2], option.plugin
            assert all(command in rows[option.plugin][2] for command in option.commands), option.plugin


def test_reading_the_command_line_imports_neither_pytest_nor_the_plugin() -> None:
    cli = Path(table.__file__).parent / "cli"
    top: dict[str, list[str]] = {}
    for path in sorted(cli.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module or "" for node in tree.body if isinstance(node, ast.ImportFrom)]
        top[path.name] = [name for name in names if name.split(".")[0] == "pytest"
                          or name.startswith(("harness.plugin", "harness.steps"))]
    assert {name: found for name, found in top.items() if found} == {}


def test_checking_the_options_of_an_unrelated_run_imports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    lazy = ("harness.credentials", "harness.tls", "harness.transport", "harness.roles.defects",
            "harness.roles.fake_edge", "harness.outcome")
    for module in lazy:
        monkeypatch.delitem(sys.modules, module, raising=False)
    assert options_problem({}) is None
    assert [module for module in lazy if module in sys.modules] == []
    assert options_problem({"edge_user": "edge"}) is not None
    assert "harness.credentials" in sys.modules  # (the check above would see an import)


def test_every_default_passes_its_own_check() -> None:
    for option in OPTIONS:
        if option.check is not None and option.default not in (None, False, ()):
            assert option.check(option.default) is None, option.key
        if option.choices is not None:
            assert option.default in option.choices, option.key
