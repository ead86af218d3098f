"""The one table of the certification suites' options, and their one check.

Each option is declared once (:data:`OPTIONS`): its key, its name as a pytest option of the plugin
(``--edgeconform-...``), its name on the ``certify-edge`` / ``certify-controller`` command line
(when it has one), kind, default, help, choices and the check of its value. The plugin renders
the table to pytest (harness/plugin/options.py), the CLI to argparse (harness/cli/_options.py),
and both judge the values with :func:`options_problem`, which names each option as the surface
that read it spells it. Importing this module imports neither pytest nor argparse, the rules or
the roles (the plugin loads it in every pytest run of the environment): checks that need the
transport, the roles or the credentials import them when a value is checked.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

#: The rule profiles (``harness.rules.model.PROFILES``, not imported here: the plugin imports no
#: rule code when pytest starts; tests/unit/test_options_table.py checks the two agree).
PROFILE_NAMES = ("strict", "lenient", "vendor")

Kind = Literal["text", "number", "count", "flag", "list"]
#: The commands that certify a peer by running a suite with the plugin.
CERTIFY_EDGE = "certify-edge"
CERTIFY_CONTROLLER = "certify-controller"
#: The plugin's option groups (pytest --help lists the options under these titles).
GROUPS = {
    "edge": ("edgeconform", "edgeconform certification"),
    "security": ("edgeconform-security", "edgeconform TLS and credentials (either role)"),
    "controller": ("edgeconform-controller", "edgeconform controller certification (edgeconform plays the edge)"),
}

#: A value's check: why it cannot be used (one line, after the option's name), or None.
Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Option:
    """One option of the suites. ``help`` may name other options as ``{key}``: each surface puts its
    own spelling there (:func:`help_text`)."""

    key: str
    plugin: str
    cli: str | None
    commands: tuple[str, ...]
    kind: Kind
    default: Any
    help: str
    group: str
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    check: Check | None = None

    def offered_by(self, command: str) -> bool:
        """Whether ``command``'s command line has this option."""
        return self.cli is not None and command in self.commands


# ----------------------------------------------------------------------------- value checks


def _number(value: Any) -> float:
    return float(value)


def _above_zero(value: Any) -> str | None:
    number = _number(value)
    return None if number > 0 and not math.isinf(number) else f"must be above 0 (seconds), got {value}"


def _zero_or_above(value: Any) -> str | None:
    number = _number(value)
    return None if number >= 0 else f"must be 0 or above, got {value}"


def _rate(value: Any) -> str | None:
    return None if _number(value) >= 0 else f"must be 0 (unpaced) or above, got {value}"


def _at_least_one(value: Any) -> str | None:
    return None if int(value) >= 1 else f"must be 1 or more, got {value}"


def _host_port(value: Any) -> str | None:
    from harness.transport import parse_host_port

    try:
        parse_host_port(str(value))
    except ValueError as exc:
        return str(exc)
    return None


def websocket_url_problem(value: Any) -> str | None:
    """Why ``value`` is no ``ws://`` or ``wss://`` URL with a host (None when it is one)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(str(value))
        usable = parts.scheme in ("ws", "wss") and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # a port that is not a number or out of range
        usable = False
    return None if usable else f"expected ws://HOST:PORT/websocket/<node_id>/events or wss://..., got {value!r}"


def _defect(value: Any) -> str | None:
    from harness.roles.defects import Defect

    known = [d.value for d in Defect]
    return None if value in known else f"no defect {value!r} (one of: {', '.join(known)})"


def _header(value: Any) -> str | None:
    from harness.roles.fake_edge import parse_header

    try:
        parse_header(str(value))
    except ValueError as exc:
        return str(exc)
    return None


def _grades(value: Any) -> str | None:
    from harness.outcome import parse_fail_on

    try:
        parse_fail_on(str(value))
    except ValueError as exc:
        return str(exc)
    return None


# ----------------------------------------------------------------------------- the table

_EDGE = (CERTIFY_EDGE,)
_CONTROLLER = (CERTIFY_CONTROLLER,)
_BOTH = (CERTIFY_EDGE, CERTIFY_CONTROLLER)

OPTIONS: tuple[Option, ...] = (
    # certify an edge (features/edge): edgeconform plays the controller
    Option("edge_listen", "--edgeconform-edge-listen", "--listen", _EDGE, "text", None, metavar="HOST:PORT",
           group="edge", check=_host_port,
           help="play the controller: wait for the edge to dial ws://HOST:PORT/websocket/<node_id>/events"),
    Option("edge_connect", "--edgeconform-edge-connect", "--connect", _EDGE, "text", None, metavar="URL",
           group="edge", check=websocket_url_problem,
           help="play the controller: dial an edge that listens at URL (ws(s)://HOST:PORT/websocket/<node_id>/events)"),
    Option("edge_reference", "--edgeconform-edge-reference", "--reference", _EDGE, "flag", False, group="edge",
           help="start the bundled reference edge on 127.0.0.1 and certify it"),
    Option("edge_defect", "--edgeconform-edge-defect", "--defect", _EDGE, "list", (), metavar="NAME", group="edge",
           check=_defect, help="with {edge_reference}: plant this defect in the reference edge, to watch the "
                               "harness fail it (repeatable; serve-edge --list-defects lists them)"),
    Option("answer_timeout", "--edgeconform-answer-timeout", "--timeout", _EDGE, "number", 10.0, metavar="SECONDS",
           group="edge", check=_above_zero, help="seconds to wait for each answer (default 10)"),
    Option("rate", "--edgeconform-rate", "--rate", _EDGE, "number", 4.0, metavar="N", group="edge", check=_rate,
           help="messages per second sent to the edge (default 4: the vendor's edge drops above 5/s burst 5); "
                "0 = unpaced"),
    Option("in_flight", "--edgeconform-in-flight", "--in-flight", _EDGE, "count", 256, metavar="N", group="edge",
           check=_at_least_one, help="requests sent ahead while earlier ones wait for their answers, at most "
                                     "(default 256; 1 = one case at a time)"),
    Option("edge_wait", "--edgeconform-edge-wait", "--wait", _EDGE, "number", 60.0, metavar="SECONDS", group="edge",
           check=_above_zero, help="with {edge_listen}: seconds to wait for the edge to dial in (default 60)"),
    Option("profile", "--edgeconform-profile", "--profile", _BOTH, "text", "strict", group="edge",
           choices=PROFILE_NAMES,
           help="the rule profile the cases are judged by: strict follows the table as written (default); lenient "
                "also accepts what the document's own example does (docs/errata.md); vendor: as the vendor's own "
                "edge judges, its cases and answer shapes (docs/vendor-profile.md; certifying a controller, the "
                "fake edge also answers as the vendor's edge does)"),
    Option("summary_json", "--edgeconform-summary-json", None, (), "text", None, metavar="FILE", group="edge",
           help="write the machine-readable summary of the run to FILE (rewritten as cases finish); per-case wire "
                "logs go to wire/ beside it"),
    Option("progress", "--edgeconform-progress", None, (), "flag", False, group="edge",
           help="print a live count (case n of N, failures so far)"),
    Option("fail_on", "--edgeconform-fail-on", "--fail-on", _EDGE, "text", "FAIL", metavar="GRADES", group="edge",
           check=_grades, help="comma-separated grades that make the run's exit status 1 (summary.json, junit.xml, "
                               "the exit code): FAIL, NON-STRICT, INFORMATIONAL (default FAIL)"),
    # TLS and credentials, either role
    Option("tls_ca", "--edgeconform-tls-ca", "--ca", _BOTH, "text", None, metavar="FILE", group="security",
           help="when dialling wss://: trust the peer only if its certificate chains to this CA (PEM); default the "
                "system's roots"),
    Option("tls_cert", "--edgeconform-tls-cert", "--cert", _BOTH, "text", None, metavar="FILE", group="security",
           help="listening: serve wss:// with this certificate (PEM, chain included); dialling: present it as the "
                "client certificate (mutual TLS)"),
    Option("tls_key", "--edgeconform-tls-key", "--key", _BOTH, "text", None, metavar="FILE", group="security",
           help="the private key of {tls_cert} (PEM, unencrypted; default: in the certificate file)"),
    Option("tls_client_ca", "--edgeconform-tls-client-ca", "--client-ca", _BOTH, "text", None, metavar="FILE",
           group="security", help="listening: require a client certificate signed by this CA (mutual TLS)"),
    Option("tls_insecure", "--edgeconform-tls-insecure", "--insecure", _BOTH, "flag", False, group="security",
           help="dialling wss://: verify neither the peer's certificate nor its host name (self-signed labs only)"),
    Option("auth_user", "--edgeconform-auth-user", "--user", _EDGE, "text", None, metavar="NAME", group="security",
           help="Basic credentials: sent when dialling, required of the peer when listening (others get HTTP 401); "
                "the password comes from {auth_password_file} or {auth_password_env}"),
    Option("auth_password_file", "--edgeconform-auth-password-file", "--password-file", _EDGE, "text", None,
           metavar="FILE", group="security", help="the password, from a file (one trailing newline stripped)"),
    Option("auth_password_env", "--edgeconform-auth-password-env", "--password-env", _EDGE, "text", None,
           metavar="VAR", group="security", help="the password, from an environment variable"),
    # certify a controller (features/controller): edgeconform plays the edge
    Option("controller_connect", "--edgeconform-controller-connect", "--connect", _CONTROLLER, "text", None,
           metavar="URL", group="controller", check=websocket_url_problem,
           help="play the edge: dial the controller at URL (ws(s)://HOST:PORT/websocket/<node_id>/events), as the "
                "vendor's edge does"),
    Option("controller_listen", "--edgeconform-controller-listen", "--listen", _CONTROLLER, "text", None,
           metavar="HOST:PORT", group="controller", check=_host_port,
           help="play the edge: listen on HOST:PORT for a controller dialling "
                "ws://HOST:PORT/websocket/<node_id>/events"),
    Option("idle", "--edgeconform-idle", "--idle", _CONTROLLER, "number", 30.0, metavar="SECONDS",
           group="controller", check=_above_zero,
           help="end the run when the controller sends nothing for SECONDS (default 30); with "
                "{controller_listen} also the time a controller has to dial in"),
    Option("edge_header", "--edgeconform-edge-header", "--header", _CONTROLLER, "list", (), metavar="NAME=VALUE",
           group="controller", check=_header,
           help="a handshake header of the fake edge (repeatable; replaces a default of the same name; defaults: "
                "ProductName, SerialNumber, AssetTag, DevMgmtType: AtlasEdge)"),
    Option("edge_user", "--edgeconform-edge-user", "--user", _CONTROLLER, "text", None, metavar="USER",
           group="controller", help="the fake edge's user for the Basic Authorization header (with "
                                    "{edge_password_file} or {edge_password_env})"),
    Option("edge_password_file", "--edgeconform-edge-password-file", "--password-file", _CONTROLLER, "text", None,
           metavar="FILE", group="controller",
           help="a file holding the fake edge's password (never printed, never reported)"),
    Option("edge_password_env", "--edgeconform-edge-password-env", "--password-env", _CONTROLLER, "text", None,
           metavar="VAR", group="controller",
           help="an environment variable holding the fake edge's password (never printed, never reported)"),
    Option("edge_keepalive", "--edgeconform-edge-keepalive", None, (), "number", 15.0, metavar="SECONDS",
           group="controller", check=_zero_or_above,
           help="the fake edge's upstream keepalive period (default 15, as the vendor's edge; 0: none)"),
)
OPTIONS_BY_KEY: dict[str, Option] = {option.key: option for option in OPTIONS}
#: Options of which at most one may be given (certify commands: argparse's mutually exclusive groups).
EXCLUSIVE: tuple[tuple[str, ...], ...] = (
    ("edge_reference", "edge_listen", "edge_connect"),
    ("controller_connect", "controller_listen"),
    ("auth_password_file", "auth_password_env"),
    ("edge_password_file", "edge_password_env"),
)
#: Per certify command, the options naming its peer: exactly one is required.
TARGETS: dict[str, tuple[str, ...]] = {
    CERTIFY_EDGE: ("edge_reference", "edge_listen", "edge_connect"),
    CERTIFY_CONTROLLER: ("controller_connect", "controller_listen"),
}

Naming = Callable[[Option], str]


def plugin_name(option: Option) -> str:
    """The option as the plugin spells it (``--edgeconform-...``)."""
    return option.plugin


def cli_name(option: Option) -> str:
    """The option as the certify commands spell it (the plugin's spelling when they have none)."""
    return option.cli or option.plugin


def help_text(option: Option, naming: Naming) -> str:
    """The option's help, the options it names spelled by ``naming``."""
    return option.help.format(**{key: naming(other) for key, other in OPTIONS_BY_KEY.items()})


def parser_attributes(option: Option, naming: Naming) -> dict[str, Any]:
    """The keyword arguments both command-line parsers take for ``option`` (argparse's ``add_argument`` and
    pytest's ``addoption``): its help with the options it names spelled by ``naming``, action, default,
    type, metavar and choices."""
    attributes: dict[str, Any] = {"help": help_text(option, naming)}
    if option.kind == "flag":
        return {**attributes, "action": "store_true", "default": False}
    if option.kind == "list":
        attributes.update(action="append", default=list(option.default))
    else:
        attributes["default"] = option.default
    if option.kind == "number":
        attributes["type"] = float
    elif option.kind == "count":
        attributes["type"] = int
    if option.metavar is not None:
        attributes["metavar"] = option.metavar
    if option.choices is not None:
        attributes["choices"] = option.choices
    return attributes


def options_of(command: str) -> tuple[Option, ...]:
    """The options ``command``'s command line offers, in table order."""
    return tuple(option for option in OPTIONS if option.offered_by(command))


# ----------------------------------------------------------------------------- the one check


def options_problem(values: Mapping[str, Any], naming: Naming = plugin_name) -> str | None:
    """Why the options' ``values`` (by key; a missing key has its default) make no run, in one line
    naming the options as ``naming`` spells them; ``None`` when they make one (or name no peer:
    the suite then says it needs one, so another suite can run in the same pytest session).
    Checked before any case runs, so a typo is one usage error, not 490 failures."""
    def value(key: str) -> Any:
        got = values.get(key)
        return OPTIONS_BY_KEY[key].default if got is None else got

    def name(key: str) -> str:
        return naming(OPTIONS_BY_KEY[key])

    for option in OPTIONS:
        given = value(option.key)
        if option.choices is not None and given not in option.choices:
            return f"{naming(option)}: {given!r} is not one of {', '.join(option.choices)}"
        if option.check is None or given is None or given is False or given == option.default:
            continue  # (a default is a usable value: nothing to import to check it)
        for item in given if option.kind == "list" else [given]:
            problem = option.check(item)
            if problem is not None:
                # "--timeout must be above 0 ...", "--listen: expected HOST:PORT ..."
                return f"{naming(option)} {problem}" if problem.startswith("must") else f"{naming(option)}: {problem}"
    for exclusive in EXCLUSIVE:
        if sum(bool(value(key)) for key in exclusive) > 1:
            return _only_one(exclusive, name)
    if value("edge_defect") and not value("edge_reference"):
        return f"{name('edge_defect')} goes with {name('edge_reference')}"
    return _credentials_problem(value, name) or _tls_problem(value)


def _only_one(keys: tuple[str, ...], name: Callable[[str], str]) -> str:
    spelled = [f"{name(key)} {OPTIONS_BY_KEY[key].metavar or ''}".rstrip() for key in keys]
    if len(spelled) > 2:
        return f"give exactly one of {', '.join(spelled)}"
    return f"give only one of {' or '.join(spelled)}"


def _credentials_problem(value: Callable[[str], Any], name: Callable[[str], str]) -> str | None:
    keys = ("edge_user", "edge_password_file", "edge_password_env", "auth_user", "auth_password_file",
            "auth_password_env")
    if all(value(key) is None for key in keys):
        return None  # (an unrelated pytest run: nothing imported)
    from harness.credentials import CredentialsError, basic_authorization, credentials_of, read_password

    user, password_file, password_env = value("edge_user"), value("edge_password_file"), value("edge_password_env")
    if (user is None) != (password_file is None and password_env is None):
        return (f"{name('edge_user')} and {name('edge_password_file')} (or {name('edge_password_env')}) "
                "go together")
    try:
        if user is not None:
            basic_authorization(user, read_password(file=password_file, env=password_env))
        credentials_of(value("auth_user"), value("auth_password_file"), value("auth_password_env"))
    except CredentialsError as exc:
        return str(exc)
    return None


def _tls_problem(value: Callable[[str], Any]) -> str | None:
    """The TLS options on the side the run plays (none for the reference edge, or without a peer)."""
    side: Literal["dial", "listen"] | None = (
        "listen" if value("edge_listen") or value("controller_listen") else
        "dial" if value("edge_connect") or value("controller_connect") else None)
    if side is None:
        return None
    from harness.tls import TlsConfigError, tls_context

    try:
        tls_context(side, ca=value("tls_ca"), cert=value("tls_cert"), key=value("tls_key"),
                    client_ca=value("tls_client_ca"), insecure=bool(value("tls_insecure")))
    except TlsConfigError as exc:
        return str(exc)
    return None
