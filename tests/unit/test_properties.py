"""Property-based tests: generated conformant pods pass; a single-rule mutation of one
fails naming that rule; the exported JSON Schema (run by an RE2-family engine) agrees
with the validator on both."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.messages.pod_update import POD_UPDATE, pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.rules.cases import Case
from harness.rules.goregex import translate
from harness.rules.model import Count, IntRange, MaxLength, OneOf, Pattern, Rule
from harness.rules.paths import locate
from tests.support import examples

FIXED_ID = "00000000-0000-4000-8000-000000000000"
SCHEMA_ENGINE = jsonschema_rs.validator_for(POD_UPDATE.schema("strict"))
CROSS_FIELD = {"MOUNT-NAMES-VOLUME"}


def _value_strategy(rule: Rule) -> st.SearchStrategy[Any] | None:
    """Values a rule accepts, drawn from its own constraints (None: leave the field alone)."""
    clauses = rule.constraints
    shared = any(set(other.paths) & set(rule.paths) for other in POD_UPDATE.rules if other is not rule)
    if rule.twin or rule.cross or shared or rule.group == "envelope":
        return None
    if len(clauses) == 1 and isinstance(clauses[0], OneOf):
        return st.sampled_from(clauses[0].values)
    if len(clauses) == 1 and isinstance(clauses[0], IntRange):
        return st.integers(clauses[0].low, clauses[0].high)
    patterns = [c for c in clauses if isinstance(c, Pattern)]
    if patterns and all(isinstance(c, Pattern | MaxLength) for c in clauses) and not patterns[0].meaning:
        limit = min((c.limit for c in clauses if isinstance(c, MaxLength)), default=10**6)
        strategy = st.from_regex(translate(patterns[0].go), fullmatch=True)
        return strategy.filter(lambda s: len(s) <= limit and all(p.check(s) is None for p in patterns))
    return None


VARIABLE = [(r, s) for r in POD_UPDATE.rules if (s := _value_strategy(r)) is not None]


@st.composite
def conformant_pods(draw: st.DrawFn) -> dict[str, Any]:
    """The conformant pod with any subset of its fields redrawn from their rules, and lists resized."""
    message: dict[str, Any] = {"content": conformant_pod()}
    for rule, strategy in VARIABLE:
        if draw(st.booleans()):
            for template in rule.paths:
                for place in locate(message, template):
                    if place.exists():
                        place.set(draw(strategy))
    for rule in POD_UPDATE.rules:
        counts = [c for c in rule.constraints if isinstance(c, Count)]
        if counts and rule.id not in {"VOL-LIST", "MOUNT-LIST"} and draw(st.booleans()):
            for place in locate(message, rule.paths[0]):
                items = place.get()
                if isinstance(items, list) and items:
                    n = draw(st.integers(max(counts[0].low, 1), min(counts[0].high, 4)))
                    place.set([copy.deepcopy(items[i % len(items)]) for i in range(n)])
    return message["content"]  # type: ignore[no-any-return]


REJECTS = [c for c in POD_UPDATE.cases("strict") if c.expect == "reject" and c.changes[0].path]


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pod=conformant_pods())
def test_a_generated_conformant_pod_passes_the_validator_and_the_exported_schema(pod: dict[str, Any]) -> None:
    request = pod_update(pod, msg_id=FIXED_ID)
    assert POD_UPDATE.validate(request) == []
    assert SCHEMA_ENGINE.is_valid(request)


def _mutate(pod: dict[str, Any], case: Case) -> dict[str, Any] | None:
    request = pod_update(pod, msg_id=FIXED_ID)
    for change in case.changes:
        places = locate(request, change.path, create=True)
        if not places:
            return None
        if change.value is _absent():
            places[0].remove()
        else:
            places[0].set(copy.deepcopy(change.value))
    if any(c.path.startswith("content.metadata.name") for c in case.changes):
        request = pod_update(request["content"], msg_id=FIXED_ID)
    return request


def _absent() -> Any:
    from harness.rules.cases import ABSENT

    return ABSENT


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pod=conformant_pods(), case=st.sampled_from(REJECTS))
def test_a_single_rule_mutation_fails_naming_that_rule(pod: dict[str, Any], case: Case) -> None:
    request = _mutate(pod, case)
    if request is None:
        return
    broken = {v.rule for v in POD_UPDATE.validate(request)}
    assert case.rule in broken, case.id
    assert broken - {case.rule} <= CROSS_FIELD | {"ROUTE-RESOURCE"}, case.id
    if not broken & (CROSS_FIELD | {"ROUTE-RESOURCE"}):
        assert not SCHEMA_ENGINE.is_valid(request), case.id
