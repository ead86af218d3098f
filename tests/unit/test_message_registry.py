"""The registry of message types: a message is dispatched by its route, and two specs may not share ids."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from harness.messages import (
    RESERVED_FAMILIES,
    case_spec,
    cases_by_id,
    envelope_rule_ids,
    rule_by_id,
    spec_by_key,
    spec_for_message,
    spec_for_route,
    specs,
)
from harness.messages.pod_update import POD_UPDATE
from harness.rules.model import GoType, Rule
from harness.rules.spec import MessageSpec, RegistryError, check_specs

CASE_IDS_ON_MAIN = Path(__file__).resolve().parents[1] / "data" / "pod_update_case_ids.json"


def _spec(key: str, operation: str, rule_ids: tuple[str, ...], *, namespace: str = "",
          families: tuple[str, ...] = (), prefix: str = "websocket/thing/") -> MessageSpec:
    rules = tuple(Rule(rule_id, ("content",), GoType("string"), spec="(test)", group="content") for rule_id in rule_ids)
    return MessageSpec(key=key, name=key, operation=operation, resource_prefix=prefix, rules=rules,
                       ruleset="test", sample=lambda: "", request=lambda content, **_: {"content": content},
                       namespace=namespace, families=families)


def test_the_pod_update_spec_is_registered_under_its_key() -> None:
    assert spec_by_key("pod-update") is POD_UPDATE
    assert POD_UPDATE in specs()


def test_an_unknown_key_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="pod-update"):
        spec_by_key("no-such-message")


def test_a_pod_update_route_selects_the_pod_update_spec() -> None:
    assert spec_for_route("update", "websocket/pod/root-test") is POD_UPDATE
    assert spec_for_message(POD_UPDATE.sample_request()) is POD_UPDATE


def test_a_route_no_spec_takes_selects_nothing_or_the_default() -> None:
    assert spec_for_route("update", "websocket/podstatus") is None
    assert spec_for_route("keepalive", "node") is None
    assert spec_for_route(None, None) is None
    keepalive = {"route": {"operation": "keepalive", "resource": "node"}}
    assert spec_for_message(keepalive, default=None) is None
    assert spec_for_message(keepalive) is POD_UPDATE  # judged as a pod update: its envelope rules then break
    assert spec_for_message("not an object") is POD_UPDATE


def test_every_spec_routes_its_own_conformant_request_to_itself() -> None:
    for spec in specs():
        assert spec_for_message(spec.sample_request()) is spec
        assert spec.validate(spec.sample_request()) == []


def test_the_registry_finds_rules_and_cases_of_every_spec() -> None:
    assert rule_by_id("META-NAME") is POD_UPDATE.rules_by_id["META-NAME"]
    assert rule_by_id("NO-SUCH-RULE") is None
    assert POD_UPDATE.envelope_rule_ids <= envelope_rule_ids()
    assert cases_by_id()["META-NAME.a-name-of-129-characters"].message_spec is POD_UPDATE
    assert case_spec("META-NAME.a-name-of-129-characters") is POD_UPDATE
    assert case_spec("POD.spec-maximal") is POD_UPDATE
    assert case_spec("FRAME.not-json") is None


def test_the_registered_specs_pass_the_registry_checks() -> None:
    check_specs(specs(), RESERVED_FAMILIES)


def test_two_specs_with_the_same_rule_id_are_refused() -> None:
    first = _spec("first", "update", ("THING-NAME",))
    second = _spec("second", "delete", ("THING-NAME",))
    with pytest.raises(RegistryError, match="THING-NAME"):
        check_specs((first, second))


def test_a_spec_reusing_a_pod_update_rule_id_is_refused() -> None:
    intruder = _spec("intruder", "restart", ("META-NAME",), prefix="websocket/pod/")
    with pytest.raises(RegistryError, match="META-NAME"):
        check_specs((POD_UPDATE, intruder), RESERVED_FAMILIES)


def test_a_spec_claiming_a_reserved_family_is_refused() -> None:
    with pytest.raises(RegistryError, match="FRAME"):
        check_specs((_spec("framer", "update", ("FRAME",)),), RESERVED_FAMILIES)


def test_a_rule_id_outside_the_spec_namespace_is_refused() -> None:
    with pytest.raises(RegistryError, match="outside its namespace"):
        check_specs((_spec("restart", "restart", ("RESTART-ROUTE", "ROUTE-X"), namespace="RESTART"),))


def test_another_spec_claiming_an_id_inside_a_namespace_is_refused() -> None:
    owner = _spec("restart", "restart", ("RESTART-ROUTE",), namespace="RESTART")
    squatter = _spec("squatter", "delete", ("RESTART-CONTENT",))
    with pytest.raises(RegistryError, match=r"inside the namespace RESTART-"):
        check_specs((owner, squatter))


def test_two_specs_on_one_route_or_under_one_key_are_refused() -> None:
    with pytest.raises(RegistryError, match="both take route"):
        check_specs((_spec("one", "update", ("ONE-A",)), _spec("two", "update", ("TWO-A",))))
    with pytest.raises(RegistryError, match="key"):
        check_specs((_spec("same", "update", ("ONE-A",)), _spec("same", "delete", ("TWO-A",))))


def test_a_spec_whose_special_case_leaves_its_families_is_refused_at_derivation() -> None:
    from harness.rules.cases import Case, all_cases

    stray = dataclasses.replace(_spec("stray", "update", ("STRAY-A",)),
                                special_cases=lambda spec: [Case("OTHER.x", "STRAY-A", "accept", "x", ())])
    with pytest.raises(ValueError, match=r"OTHER\.x"):
        all_cases(stray)


@pytest.mark.parametrize("profile", ["strict", "lenient", "vendor"])
def test_the_pod_update_spec_yields_the_same_case_ids_as_before_the_registry(profile: str) -> None:
    recorded = json.loads(CASE_IDS_ON_MAIN.read_text(encoding="utf-8"))
    assert [c.id for c in POD_UPDATE.cases(profile)] == recorded[profile]  # type: ignore[arg-type]
    assert [c.id for c in POD_UPDATE.all_cases()] == recorded["all"]


@pytest.mark.parametrize("profile", ["strict", "lenient", "vendor"])
def test_no_two_cases_of_a_run_send_the_same_msg_id(profile: str) -> None:
    """A session correlates answers by msg_id: a fixed msg_id two cases of one run share would hand one case
    the other's answer (a restart case once reused Pod Update's upper-case UUID, and got its "OK")."""
    from harness.messages import cases_for

    owners: dict[str, str] = {}
    for case in cases_for(profile):
        for change in case.changes:
            if change.path == "header.msg_id" and isinstance(change.value, str):
                owner = owners.setdefault(change.value.lower(), case.id)
                assert owner == case.id, f"{case.id} and {owner} both send msg_id {change.value!r}"
