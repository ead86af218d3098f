"""argparse value types shared by the subcommands (errors become usage errors, exit 2)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

import yaml  # type: ignore[import-untyped]  # (no stubs; safe_load is all we use)

from harness.options import websocket_url_problem
from harness.rules.vendor_config import VendorConfig, VendorConfigError
from harness.transport import parse_host_port

T = TypeVar("T")


def host_port(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6; port 0 for a free port)."""
    try:
        return parse_host_port(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def non_negative(text: str) -> float:
    """A number >= 0 (seconds, messages per second)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a non-negative number, got {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"expected a non-negative number, got {text!r}")
    return value


def websocket_url(text: str) -> str:
    """A ``ws://`` or ``wss://`` URL with a host (``ws://HOST:PORT/websocket/<node_id>/events``)."""
    problem = websocket_url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def positive_int(text: str) -> int:
    """A whole number > 0 (bytes, counts)."""
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return int(text)


def checked(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse type from a parser that raises ``ValueError`` with a one-line message."""

    def convert(text: str) -> T:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = getattr(parse, "__name__", "value")
    return convert


def vendor_config_of(args: argparse.Namespace) -> VendorConfig | str | None:
    """The edge settings of ``--vendor-config`` (None when not given), or why they cannot be used."""
    if args.vendor_config is None:
        return None
    if args.profile != "vendor":
        return "--vendor-config needs --profile vendor"
    return load_vendor_config(args.vendor_config)


def load_vendor_config(path: str) -> VendorConfig | str:
    """The settings in the YAML file, or why they cannot be used."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror or exc}"
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return f"{path} is not YAML: {str(exc).splitlines()[0]}"
    try:
        return VendorConfig.from_mapping(data)
    except VendorConfigError as exc:
        return f"{path}: {exc}"
