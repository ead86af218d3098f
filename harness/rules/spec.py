"""A message type as one object: :class:`MessageSpec`.

Everything edgeconform derives -- the validator, the negative cases, the JSON Schema, the
generated feature files, coverage -- takes a spec, never a module-level table. A spec is
data: the route it travels on, its rule table, how to build a conformant request, its
hand-written cases, its golden answers and feature files, and the namespace its rule and
case ids live in. The specs themselves live in ``harness/messages/<name>/`` and the
registry (``harness/messages/__init__.py``) lists them; nothing here names one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from harness.rules.model import Profile, Rule

if TYPE_CHECKING:
    from harness.rules.cases import Case
    from harness.rules.validator import Violation
    from harness.rules.vendor_config import VendorConfig

#: Builds the request carrying ``content`` (``msg_id``/``timestamp`` fresh unless given).
RequestBuilder = Callable[..., dict[str, Any]]
#: Grows or cuts a list at a path to n elements, each one distinct (the spec knows its identities).
Grower = Callable[[str, list[Any], int], list[Any]]
#: Extends a list so every name in the second argument is declared in it (mounts naming volumes).
Declarer = Callable[[list[Any], list[Any]], list[Any]]
#: (setting id, path, message) for every configuration-dependent vendor check a message breaks.
SettingsCheck = Callable[[Any, "VendorConfig"], list[tuple[str, str, str]]]


def _no_growth(path: str, items: list[Any], n: int) -> list[Any]:
    import copy

    grown = [copy.deepcopy(item) for item in items[:n]]
    while items and len(grown) < n:
        grown.append(copy.deepcopy(items[-1]))
    return grown


def _no_declarations(items: list[Any], names: list[Any]) -> list[Any]:
    return items


@dataclass(frozen=True, eq=False)
class MessageSpec:
    """One message type: its route, its rule table and what the harness derives from it.

    ``key`` names it on the command line (``--message pod-update``); ``operation`` and
    ``resource_prefix`` are the route that selects it (``route.operation``, the start of
    ``route.resource``). ``rules`` is its table (profiles per rule, ``Rule.profiles``).
    ``sample`` returns a fresh conformant content and ``request`` wraps a content in the
    envelope. ``families`` are the case-id families the spec owns besides its rule ids (the
    part of a case id before its dot, e.g. ``POD`` of ``POD.spec-maximal``); ``namespace``,
    when set, is the prefix every one of its rule ids and case families carries (``RESTART``
    for ``RESTART-...``). ``special_cases`` are its hand-written cases. ``documented`` says
    whether the normative document describes the message: when not, every rule rests on the
    vendor's code only, and each derived case says so (``undocumented_why``: NON-STRICT under
    strict and lenient, never FAIL). ``golden`` names its golden answers (``fixtures/...``
    paths), ``features`` its feature files (relative to ``features/edge/``; the generated ones
    are listed in ``generated``).
    """

    key: str
    name: str
    operation: str
    resource_prefix: str
    rules: tuple[Rule, ...]
    ruleset: str
    sample: Callable[[], Any]
    request: RequestBuilder
    namespace: str = ""
    families: tuple[str, ...] = ()
    maximal: Callable[[], Any] | None = None
    grow: Grower = _no_growth
    declare: Declarer = _no_declarations
    special_cases: Callable[[MessageSpec], Sequence[Case]] = field(default=lambda spec: ())
    settings: SettingsCheck | None = None
    documented: bool = True
    undocumented_why: str = ""
    golden: tuple[tuple[str, str], ...] = ()
    features: tuple[str, ...] = ()
    generated: tuple[tuple[str, Callable[[MessageSpec], str]], ...] = ()
    #: Vendor source files the rules cite (for docs and reports).
    vendor_sources: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"MessageSpec({self.key!r})"

    # ------------------------------------------------------------------ the table, derived views

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @cached_property
    def envelope_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.group == "envelope")

    @cached_property
    def content_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.group != "envelope")

    @cached_property
    def envelope_rule_ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.envelope_rules)

    @cached_property
    def envelope_reads(self) -> tuple[str, ...]:
        """Every place an envelope rule reads (its own paths, and what its cross-field check reads)."""
        return tuple(sorted({p for r in self.envelope_rules for p in (*r.paths, *r.reads)}))

    def rules_for(self, profile: Profile) -> tuple[Rule, ...]:
        """The rules that apply under ``profile``."""
        return tuple(r for r in self.rules if r.applies_in(profile))

    @cached_property
    def case_families(self) -> frozenset[str]:
        """Every family (the part of a case id before its dot) this spec's cases may use."""
        return frozenset({r.id for r in self.rules} | set(self.families))

    def owns_family(self, family: str) -> bool:
        return family in self.case_families

    def matches_route(self, operation: Any, resource: Any) -> bool:
        """Whether a message on this route is of this type."""
        return (operation == self.operation and isinstance(resource, str)
                and resource.startswith(self.resource_prefix))

    # ------------------------------------------------------------------ derived artefacts

    def sample_request(self, *, msg_id: str | None = None, timestamp: int | None = None) -> dict[str, Any]:
        """The conformant request (fresh ``msg_id`` unless given)."""
        return self.request(self.sample(), msg_id=msg_id, timestamp=timestamp)

    def validate(self, message: Any, profile: Profile = "strict",
                 vendor_config: VendorConfig | None = None) -> list[Violation]:
        """Every violation of ``message`` under ``profile`` (harness.rules.validator.validate)."""
        from harness.rules.validator import validate

        return validate(message, profile, vendor_config, spec=self)

    def cases(self, profile: Profile = "strict") -> tuple[Case, ...]:
        """The derived cases whose expectation holds under ``profile`` (harness.rules.cases.cases_for)."""
        from harness.rules.cases import cases_for

        return cases_for(self, profile)

    def cases_by_id(self, profile: Profile = "strict") -> dict[str, Case]:
        return {c.id: c for c in self.cases(profile)}

    def all_cases(self) -> tuple[Case, ...]:
        """Every derived case, before profile filtering."""
        from harness.rules.cases import all_cases

        return all_cases(self)

    def schema(self, profile: Profile = "strict") -> dict[str, Any]:
        from harness.rules.schema import export_schema

        return export_schema(self, profile)


_FAMILY = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")


class RegistryError(ValueError):
    """Two specs claim the same key, route, rule id or case namespace (the message says which)."""


def check_specs(specs: Sequence[MessageSpec], reserved: frozenset[str] = frozenset()) -> None:
    """Refuse a set of specs whose keys, routes, rule ids or case families overlap.

    A spec's ``namespace`` (when set) must prefix every rule id and family it declares, and no
    other spec may own a family inside it; ``reserved`` are families owned by no spec (``FRAME``).
    """
    keys: dict[str, str] = {}
    owner: dict[str, str] = {f: "the registry" for f in reserved}
    routes: dict[tuple[str, str], str] = {}
    for spec in specs:
        if spec.key in keys:
            raise RegistryError(f"two message specs have the key {spec.key!r}")
        keys[spec.key] = spec.key
        route = (spec.operation, spec.resource_prefix)
        if route in routes:
            raise RegistryError(f"{spec.key} and {routes[route]} both take route {spec.operation} "
                                f"{spec.resource_prefix}…")
        routes[route] = spec.key
        for family in sorted(spec.case_families):
            if not _FAMILY.match(family):
                raise RegistryError(f"{spec.key}: {family!r} is not an upper-case id")
            if spec.namespace and not family.startswith(spec.namespace + "-"):
                raise RegistryError(f"{spec.key}: {family} is outside its namespace {spec.namespace}-")
            if family in owner:
                raise RegistryError(f"{spec.key} and {owner[family]} both claim the id {family}")
            owner[family] = spec.key
    for spec in specs:
        if not spec.namespace:
            continue
        inside = sorted(f for f, k in owner.items() if k != spec.key and f.startswith(spec.namespace + "-"))
        if inside:
            raise RegistryError(f"{owner[inside[0]]} claims {inside[0]}, inside the namespace "
                                f"{spec.namespace}- of {spec.key}")
