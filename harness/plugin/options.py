"""The plugin's command-line options (rendered from the one options table, harness/options.py) and
the one check of their values before any case runs."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import ssl

    from harness.credentials import Credentials
    from harness.tls import Side

#: The rule profiles (``harness.rules.model.PROFILES``, not imported here: the plugin imports no
#: rule code when pytest starts; tests/test_plugin_neighbour.py checks the two agree).
PROFILE_NAMES = ("strict", "lenient", "vendor")


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("edgeconform", "edgeconform certification")
    group.addoption("--edgeconform-edge-listen", metavar="HOST:PORT", default=None,
                    help="play the controller: listen for an edge dialling ws://HOST:PORT/websocket/<node_id>/events")
    group.addoption("--edgeconform-edge-connect", metavar="URL", default=None,
                    help="play the controller: dial an edge at URL")
    group.addoption("--edgeconform-edge-reference", action="store_true", default=False,
                    help="start the bundled reference edge on 127.0.0.1 and certify it")
    group.addoption("--edgeconform-edge-defect", action="append", default=[], metavar="NAME",
                    help="with --edgeconform-edge-reference: plant this defect in the reference edge (repeatable)")
    group.addoption("--edgeconform-answer-timeout", type=float, default=10.0, metavar="SECONDS",
                    help="seconds to wait for each answer (default 10)")
    group.addoption("--edgeconform-rate", type=float, default=4.0, metavar="N",
                    help="messages per second sent to the edge (default 4: the vendor's edge drops above 5/s "
                         "burst 5); 0 = unpaced")
    group.addoption("--edgeconform-in-flight", type=int, default=256, metavar="N",
                    help="requests sent ahead without an answer yet, at most (default 256; 1 = one case at a time)")
    group.addoption("--edgeconform-edge-wait", type=float, default=60.0, metavar="SECONDS",
                    help="with --edgeconform-edge-listen: seconds to wait for the edge to dial in (default 60)")
    group.addoption("--edgeconform-profile", choices=PROFILE_NAMES, default="strict",
                    help="rule profile the cases are judged by (default strict; vendor: as the vendor's own edge "
                         "judges, docs/vendor-profile.md)")
    group.addoption("--edgeconform-summary-json", metavar="FILE", default=None,
                    help="write the machine-readable summary of the run to FILE (rewritten as cases finish); "
                         "per-case wire logs go to wire/ beside it")
    group.addoption("--edgeconform-progress", action="store_true", default=False,
                    help="print a live count (case n of N, failures so far)")
    group.addoption("--edgeconform-fail-on", metavar="GRADES", default="FAIL",
                    help="comma-separated grades that make the run's exit_status 1 in summary.json and junit.xml: "
                         "FAIL, NON-STRICT, INFORMATIONAL (default FAIL)")
    security = parser.getgroup("edgeconform-security", "edgeconform TLS and credentials (either role)")
    security.addoption("--edgeconform-tls-ca", metavar="FILE", default=None,
                       help="when dialling wss://: trust the peer only if its certificate chains to this CA")
    security.addoption("--edgeconform-tls-cert", metavar="FILE", default=None,
                       help="listening: serve wss:// with this certificate; dialling: present it (mutual TLS)")
    security.addoption("--edgeconform-tls-key", metavar="FILE", default=None,
                       help="the private key of --edgeconform-tls-cert")
    security.addoption("--edgeconform-tls-client-ca", metavar="FILE", default=None,
                       help="listening: require a client certificate signed by this CA")
    security.addoption("--edgeconform-tls-insecure", action="store_true", default=False,
                       help="dialling wss://: verify nothing (self-signed labs only)")
    security.addoption("--edgeconform-auth-user", metavar="NAME", default=None,
                       help="Basic credentials: sent when dialling, required of the peer when listening")
    security.addoption("--edgeconform-auth-password-file", metavar="FILE", default=None,
                       help="the password, from a file")
    security.addoption("--edgeconform-auth-password-env", metavar="VAR", default=None,
                       help="the password, from an environment variable")
    _add_controller_options(parser)


def _add_controller_options(parser: pytest.Parser) -> None:
    """The options of the controller suite, in their own group."""
    group = parser.getgroup("edgeconform-controller",
                            "edgeconform controller certification (edgeconform plays the edge)")
    group.addoption("--edgeconform-controller-connect", metavar="URL", default=None,
                    help="play the edge: dial the controller at URL (ws(s)://HOST:PORT/websocket/<node_id>/events), "
                         "as the vendor's edge does")
    group.addoption("--edgeconform-controller-listen", metavar="HOST:PORT", default=None,
                    help="play the edge: listen on HOST:PORT for a controller dialling "
                         "ws://HOST:PORT/websocket/<node_id>/events")
    group.addoption("--edgeconform-idle", type=float, default=30.0, metavar="SECONDS",
                    help="end the run when the controller sends nothing for SECONDS (default 30); with "
                         "--edgeconform-controller-listen also the time a controller has to dial in")
    group.addoption("--edgeconform-edge-header", action="append", default=[], metavar="NAME=VALUE",
                    help="a handshake header of the fake edge (repeatable; replaces a default of the same name)")
    group.addoption("--edgeconform-edge-user", metavar="USER", default=None,
                    help="the fake edge's user for the Basic Authorization header "
                         "(with --edgeconform-edge-password-file)")
    group.addoption("--edgeconform-edge-password-file", metavar="FILE", default=None,
                    help="a file holding the fake edge's password (never echoed, never reported)")
    group.addoption("--edgeconform-edge-password-env", metavar="VAR", default=None,
                    help="an environment variable holding the fake edge's password "
                         "(instead of --edgeconform-edge-password-file)")
    group.addoption("--edgeconform-edge-keepalive", type=float, default=15.0, metavar="SECONDS",
                    help="the fake edge's upstream keepalive period (default 15, as the vendor's edge; 0: none)")


def controller_option_problem(config: pytest.Config) -> str | None:
    """Why the controller suite's options make no run; ``None`` when they do or none was given."""
    connect = config.getoption("--edgeconform-controller-connect", None)
    listen = config.getoption("--edgeconform-controller-listen", None)
    if not connect and not listen:
        return None
    if connect and listen:
        return "give only one of --edgeconform-controller-connect URL or --edgeconform-controller-listen HOST:PORT"
    if listen:
        from harness.transport import parse_host_port

        try:
            parse_host_port(str(listen))
        except ValueError:
            return f"--edgeconform-controller-listen wants HOST:PORT, got {listen!r}"
    idle = float(config.getoption("--edgeconform-idle"))
    keepalive = float(config.getoption("--edgeconform-edge-keepalive"))
    if not idle > 0 or keepalive < 0:
        return "--edgeconform-idle must be above 0 and --edgeconform-edge-keepalive at least 0"
    user = config.getoption("--edgeconform-edge-user")
    password_file = config.getoption("--edgeconform-edge-password-file")
    password_env = config.getoption("--edgeconform-edge-password-env", None)
    if password_file is not None and password_env is not None:
        return "give only one of --edgeconform-edge-password-file FILE or --edgeconform-edge-password-env VAR"
    if (user is None) != (password_file is None and password_env is None):
        return ("--edgeconform-edge-user and --edgeconform-edge-password-file (or --edgeconform-edge-password-env) "
                "go together")
    if password_file is not None and not os.access(password_file, os.R_OK):
        return f"cannot read the password file {password_file}"
    from harness.roles.fake_edge import parse_header  # only when a controller run is asked for

    for text in config.getoption("--edgeconform-edge-header"):
        try:
            parse_header(text)
        except ValueError as exc:
            return f"--edgeconform-edge-header: {exc}"
    return None


def edge_option_problem(config: pytest.Config) -> str | None:
    """Why the edge suite's options make no run (a bad address, a timeout of 0); ``None`` when they do
    or none was given. Checked before any case runs, so a typo is one usage error, not 490 failures."""
    listen = config.getoption("--edgeconform-edge-listen", None)
    connect = config.getoption("--edgeconform-edge-connect", None)
    reference = config.getoption("--edgeconform-edge-reference", False)
    if sum(bool(x) for x in (listen, connect, reference)) > 1:
        return ("give exactly one of --edgeconform-edge-reference, --edgeconform-edge-listen HOST:PORT, "
                "--edgeconform-edge-connect URL")
    if listen:
        from harness.transport import parse_host_port

        try:
            parse_host_port(str(listen))
        except ValueError as exc:
            return f"--edgeconform-edge-listen: {exc}"
    if connect and not str(connect).startswith(("ws://", "wss://")):
        return (f"--edgeconform-edge-connect wants ws://HOST:PORT/websocket/<node_id>/events or wss://..., "
                f"got {connect!r}")
    for option in ("--edgeconform-answer-timeout", "--edgeconform-edge-wait"):
        if not float(config.getoption(option, 1.0)) > 0:
            return f"{option} must be above 0 (seconds), got {config.getoption(option)}"
    if float(config.getoption("--edgeconform-rate", 0.0)) < 0:
        return f"--edgeconform-rate must be 0 (unpaced) or above, got {config.getoption('--edgeconform-rate')}"
    return None




def option_problem(config: pytest.Config) -> str | None:
    """Why the options make no run (one line), or ``None``."""
    return edge_option_problem(config) or controller_option_problem(config)


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
