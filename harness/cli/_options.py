"""The suites' options on the certify commands' command lines: the one table (harness/options.py)
rendered to argparse as ``--<name>``, checked by the same function as the plugin's, and handed to
the suite as the plugin's ``--edgeconform-<name>`` options."""

from __future__ import annotations

import argparse
from collections.abc import Collection
from typing import Any

from harness.options import EXCLUSIVE, TARGETS, Option, cli_name, options_of, options_problem, parser_attributes


def argparse_attributes(option: Option) -> dict[str, Any]:
    """``add_argument``'s keyword arguments for ``option``."""
    return {"dest": option.key, **parser_attributes(option, cli_name)}


def add_suite_options(parser: argparse.ArgumentParser, command: str, *, security_title: str) -> None:
    """The options ``command`` offers; its peer's options exclusive and one required, the TLS and
    credential options in their own group titled ``security_title``."""
    offered = options_of(command)
    keys = {option.key for option in offered}
    security = parser.add_argument_group(security_title)
    containers: dict[str, Any] = {}
    for exclusive in EXCLUSIVE:
        if set(exclusive) & keys:
            where = security if all(o.group == "security" for o in offered if o.key in exclusive) else parser
            group = where.add_mutually_exclusive_group(required=set(exclusive) == set(TARGETS[command]))
            containers.update(dict.fromkeys(exclusive, group))
    for option in offered:
        container = containers.get(option.key) or (security if option.group == "security" else parser)
        container.add_argument(cli_name(option), **argparse_attributes(option))


def suite_values(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """The values of ``command``'s suite options, by key."""
    return {option.key: getattr(args, option.key, None) for option in options_of(command)}


def suite_options_problem(args: argparse.Namespace, command: str) -> str | None:
    """Why the options make no run (one line naming them as ``command`` spells them), or None."""
    return options_problem(suite_values(args, command), cli_name)


def plugin_arguments(args: argparse.Namespace, command: str, *, skip: Collection[str] = ()) -> list[str]:
    """The plugin options (``--edgeconform-<name>=VALUE``) that carry ``command``'s option values to the suite
    (a password never: only the file or variable that holds it)."""
    out: list[str] = []
    for option in options_of(command):
        value = getattr(args, option.key, None)
        if option.key in skip or value is None or value is False:
            continue
        if option.kind == "flag":
            out.append(option.plugin)
        elif option.kind == "list":
            out += [f"{option.plugin}={item}" for item in value]
        else:
            out.append(f"{option.plugin}={value}")
    return out
