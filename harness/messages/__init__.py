"""The registry of message types: one line per spec (harness/rules/spec.py, ``MessageSpec``).

Adding a message type is its own folder ``harness/messages/<name>/`` (whose ``SPEC`` is its
:class:`~harness.rules.spec.MessageSpec`), one line in :data:`SPEC_MODULES` and its feature
file. A message is dispatched by its route (:func:`spec_for_route`). The registry refuses
two specs whose keys, routes, rule ids or case namespaces overlap. Specs load on first use,
so importing this package costs nothing.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from harness.message import Envelope
from harness.rules.cases import Case
from harness.rules.model import Profile, Rule
from harness.rules.spec import MessageSpec, RegistryError, check_specs

__all__ = ["DEFAULT_KEY", "RULESET_VERSION", "MessageSpec", "RegistryError", "all_cases", "all_rules",
           "case_spec", "cases_by_id", "cases_for", "envelope_rule_ids", "rule_by_id", "rules_by_id", "spec_by_key",
           "spec_for_message", "spec_for_route", "specs"]

#: The modules of the message types, one line each (each module's ``SPEC``), in the order the suite runs them.
SPEC_MODULES: tuple[str, ...] = (
    "harness.messages.pod_update",
    "harness.messages.pod_restart",
)
#: The version of the rule set as a whole (every spec's table): reports and ``--version`` carry it.
RULESET_VERSION = "2026.12.2"
#: The message type a command works on when ``--message`` is not given.
DEFAULT_KEY = "pod-update"
#: Case-id families owned by no spec: the frames that are no message at all (harness.rules.cases.FRAME_CASES).
RESERVED_FAMILIES = frozenset({"FRAME"})


@cache
def specs() -> tuple[MessageSpec, ...]:
    """Every registered spec, checked for overlaps (:class:`RegistryError`)."""
    loaded = tuple(importlib.import_module(name).SPEC for name in SPEC_MODULES)
    check_specs(loaded, RESERVED_FAMILIES)
    return loaded


def spec_by_key(key: str = DEFAULT_KEY) -> MessageSpec:
    """The spec named ``key`` (``pod-update``); KeyError naming the known keys otherwise."""
    for spec in specs():
        if spec.key == key:
            return spec
    raise KeyError(f"no message type {key!r}; known: {', '.join(s.key for s in specs())}")


def spec_for_route(operation: Any, resource: Any) -> MessageSpec | None:
    """The spec whose route ``operation`` + ``resource`` is (None: no registered message travels there)."""
    for spec in specs():
        if spec.matches_route(operation, resource):
            return spec
    return None


def spec_for_message(message: Any, default: str | None = DEFAULT_KEY) -> MessageSpec | None:
    """The spec a decoded message's route selects; a route no spec takes gets the ``default`` spec
    (whose envelope rules then name what is wrong with it), or None when ``default`` is None."""
    if isinstance(message, dict):
        view = Envelope(message)
        found = spec_for_route(view.operation, view.resource)
        if found is not None:
            return found
    return spec_by_key(default) if default is not None else None


def all_rules() -> tuple[Rule, ...]:
    """Every rule of every spec, spec by spec."""
    return tuple(rule for spec in specs() for rule in spec.rules)


@cache
def rules_by_id() -> dict[str, Rule]:
    """Rule id -> rule, across every spec (ids never repeat: the registry refuses it)."""
    return {rule.id: rule for rule in all_rules()}


def rule_by_id(rule_id: str) -> Rule | None:
    return rules_by_id().get(rule_id)


@cache
def envelope_rule_ids() -> frozenset[str]:
    """The ids of every spec's envelope rules (a message breaking one is dropped, not answered)."""
    return frozenset().union(*(spec.envelope_rule_ids for spec in specs()))


@cache
def cases_for(profile: Profile = "strict") -> tuple[Case, ...]:
    """Every spec's derived cases under ``profile``, spec by spec ."""
    return tuple(case for spec in specs() for case in spec.cases(profile))


def all_cases() -> tuple[Case, ...]:
    """Every spec's derived cases before profile filtering."""
    return tuple(case for spec in specs() for case in spec.all_cases())


@cache
def cases_by_id(profile: Profile = "strict") -> dict[str, Case]:
    """Case id -> derived case under ``profile``, across every spec."""
    return {case.id: case for case in cases_for(profile)}


def case_spec(case_id: str) -> MessageSpec | None:
    """The spec a case id belongs to (by its family, the part before its dot)."""
    family = case_id.split(".", 1)[0]
    for spec in specs():
        if spec.owns_family(family):
            return spec
    return None
