"""The plugin's command-line options, rendered from the one options table (harness/options.py), and
the one check of their values (:func:`harness.options.options_problem`) before any case runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from harness.options import GROUPS, OPTIONS, PROFILE_NAMES, Option, options_problem, parser_attributes, plugin_name

if TYPE_CHECKING:
    import ssl

    from harness.credentials import Credentials
    from harness.tls import Side

__all__ = ["PROFILE_NAMES", "add_options", "credentials_of_options", "option_problem", "option_values", "tls_of"]


def add_options(parser: pytest.Parser) -> None:
    """Every option of the table as ``--edgeconform-<name>``, in its group."""
    for option in OPTIONS:
        name, description = GROUPS[option.group]
        parser.getgroup(name, description).addoption(option.plugin, **pytest_attributes(option))


def pytest_attributes(option: Option) -> dict[str, Any]:
    """``addoption``'s keyword arguments for ``option``."""
    return parser_attributes(option, plugin_name)


def option_values(config: pytest.Config) -> dict[str, Any]:
    """The table's options as this run was given them, by key."""
    return {option.key: config.getoption(option.plugin, default=None) for option in OPTIONS}


def option_problem(config: pytest.Config) -> str | None:
    """Why the run's options make no run (one line naming the ``--edgeconform-*`` options), or ``None``."""
    return options_problem(option_values(config), plugin_name)


def tls_of(config: pytest.Config, side: Side) -> ssl.SSLContext | None:
    """The TLS context the ``--edgeconform-tls-*`` options ask for on ``side`` (harness.tls.tls_context)."""
    from harness.tls import tls_context

    get = config.getoption
    return tls_context(side, ca=get("--edgeconform-tls-ca", None), cert=get("--edgeconform-tls-cert", None),
                       key=get("--edgeconform-tls-key", None), client_ca=get("--edgeconform-tls-client-ca", None),
                       insecure=bool(get("--edgeconform-tls-insecure", False)))


def credentials_of_options(config: pytest.Config) -> Credentials | None:
    """The credentials of ``--edgeconform-auth-*`` (harness.credentials.credentials_of)."""
    from harness.credentials import credentials_of

    get = config.getoption
    return credentials_of(get("--edgeconform-auth-user", None), get("--edgeconform-auth-password-file", None),
                          get("--edgeconform-auth-password-env", None))
