"""Golden comparison of answers: every check passes a conformant answer and catches its defect."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.compare import (
    ANSWER_FAILED_GOLDEN,
    ANSWER_OK_GOLDEN,
    SHOWN_MAX,
    FreshUuid,
    GoldenError,
    GoRegex,
    MatchContext,
    Mismatch,
    OneOfStrings,
    RequestField,
    TimestampMs,
    compare,
    compile_golden,
    load_golden,
    render,
)
from harness.message import answer_failed, answer_ok, now_ms
from tests.support import examples

ROOT = Path(__file__).resolve().parents[2]
OK_GOLDEN = load_golden(ROOT / ANSWER_OK_GOLDEN)
FAILED_GOLDEN = load_golden(ROOT / ANSWER_FAILED_GOLDEN)
OTHER_UUID = "0b0e3c1e-9a59-4c0c-8d7e-6f1f5f2c9a11"

Json = dict[str, Any]


def _request() -> Json:
    request: Json = json.loads((ROOT / "fixtures" / "conformant-request.json").read_text(encoding="utf-8"))
    return request


def _exchange(answer: Any = None, *, failed: bool = False) -> tuple[Json, Json, MatchContext]:
    """A request, the conformant answer to it, and the context of that exchange."""
    request = _request()
    sent = now_ms()
    made = answer_failed(request, "x") if failed else answer_ok(request)
    received = now_ms()
    return request, made, MatchContext(request, sent, received)


def _ok(answer: Any, context: MatchContext) -> list[Mismatch]:
    return compare(answer, OK_GOLDEN, context)


def _failed(answer: Any, context: MatchContext) -> list[Mismatch]:
    return compare(answer, FAILED_GOLDEN, context, extra_keys="allow")


def _only(mismatches: list[Mismatch], path: str, kind: str) -> Mismatch:
    assert [(m.path, m.kind) for m in mismatches] == [(path, kind)], render(mismatches)
    return mismatches[0]


# --------------------------------------------------------------------------- conformant answers pass


def test_a_conformant_ok_answer_matches_the_ok_golden() -> None:
    _, answer, context = _exchange()
    assert _ok(answer, context) == []


@pytest.mark.parametrize("style", ["error", "response"])
def test_a_conformant_failure_answer_in_either_style_matches_the_failed_golden(style: Any) -> None:
    request, _, context = _exchange()
    assert _failed(answer_failed(request, "x", style=style), context) == []


def test_the_documents_own_answer_matches_given_the_documents_request_and_time() -> None:
    request = json.loads((ROOT / "fixtures" / "document" / "request.json").read_text(encoding="utf-8"))
    answer = json.loads((ROOT / "fixtures" / "document" / "answer.json").read_text(encoding="utf-8"))
    context = MatchContext(request, 1652168718000, 1652168718500)
    assert _ok(answer, context) == []


def test_the_ok_golden_is_the_documents_answer_with_placeholders_only_where_values_vary() -> None:
    document = json.loads((ROOT / "fixtures" / "document" / "answer.json").read_text(encoding="utf-8"))
    raw = json.loads((ROOT / ANSWER_OK_GOLDEN).read_text(encoding="utf-8"))
    placeholders = {("header", "msg_id"), ("header", "parent_msg_id"), ("header", "timestamp"),
                    ("route", "resource")}
    assert {k: list(v) if isinstance(v, dict) else v for k, v in raw.items()} == \
        {k: list(v) if isinstance(v, dict) else v for k, v in document.items()}  # same keys, same order
    for section, fields in document.items():
        if not isinstance(fields, dict):
            assert raw[section] == fields
            continue
        for key, value in fields.items():
            if (section, key) in placeholders:
                assert raw[section][key].startswith("{{")
            else:
                assert raw[section][key] == value, (section, key)


def test_the_goldens_compile_to_the_documented_matchers() -> None:
    assert isinstance(OK_GOLDEN["header"]["msg_id"], FreshUuid)
    assert OK_GOLDEN["header"]["parent_msg_id"] == RequestField(("header", "msg_id"))
    assert isinstance(OK_GOLDEN["header"]["timestamp"], TimestampMs)
    assert OK_GOLDEN["route"]["resource"] == RequestField(("route", "resource"))
    assert FAILED_GOLDEN["route"]["operation"] == OneOfStrings(("response", "error"))
    assert FAILED_GOLDEN["content"] == GoRegex("^FAILED")
    assert "source" not in FAILED_GOLDEN["route"]


# --------------------------------------------------------------------------- each defect is caught


def test_a_wrong_parent_msg_id_is_caught_and_named_with_the_requests_msg_id() -> None:
    request, answer, context = _exchange()
    answer["header"]["parent_msg_id"] = OTHER_UUID
    found = _only(_ok(answer, context), "header.parent_msg_id", "matcher")
    assert render([found]) == (f'header.parent_msg_id: expected the request\'s header.msg_id '
                               f'"{request["header"]["msg_id"]}", got "{OTHER_UUID}"')


def test_an_answer_reusing_the_requests_msg_id_is_caught() -> None:
    request, answer, context = _exchange()
    answer["header"]["msg_id"] = request["header"]["msg_id"].upper()
    assert "reuses the request's msg_id" in _only(_ok(answer, context), "header.msg_id", "matcher").detail


def test_an_answer_reusing_a_msg_id_seen_earlier_in_the_session_is_caught() -> None:
    request, answer, context = _exchange()
    assert _ok(answer, context) == []
    later = MatchContext(request, context.window_start_ms, context.window_end_ms,
                         seen_msg_ids=frozenset({answer["header"]["msg_id"]}))
    assert "already seen" in _only(_ok(answer, later), "header.msg_id", "matcher").detail


@pytest.mark.parametrize("msg_id", ["not-a-uuid", "", "85c679255768-4edd-b40e-32cf106e07e8", 42, None])
def test_a_msg_id_that_is_not_a_uuid_is_caught(msg_id: Any) -> None:
    _, answer, context = _exchange()
    answer["header"]["msg_id"] = msg_id
    _only(_ok(answer, context), "header.msg_id", "matcher")


def test_a_timestamp_in_seconds_is_caught_and_said_to_look_like_seconds() -> None:
    _, answer, context = _exchange()
    answer["header"]["timestamp"] = int(time.time())
    assert "looks like Unix seconds" in _only(_ok(answer, context), "header.timestamp", "matcher").detail
    answer["header"]["timestamp"] = 1652168718  # the document's era, far outside the window
    assert "looks like Unix seconds" in _only(_ok(answer, context), "header.timestamp", "matcher").detail


@pytest.mark.parametrize("offset", [-1001 - 5000, +1001 + 5000])
def test_a_timestamp_outside_the_exchange_window_is_caught(offset: int) -> None:
    _, answer, context = _exchange()
    edge = context.window_start_ms if offset < 0 else context.window_end_ms
    answer["header"]["timestamp"] = edge + offset
    found = _only(_ok(answer, context), "header.timestamp", "matcher")
    assert "exchange window" in found.detail and "seconds" not in found.detail


def test_a_timestamp_within_the_slack_passes_and_the_slack_is_configurable() -> None:
    request, answer, context = _exchange()
    answer["header"]["timestamp"] = context.window_start_ms - 1000
    assert _ok(answer, context) == []
    tight = MatchContext(request, context.window_start_ms, context.window_end_ms, slack_ms=0)
    _only(_ok(answer, tight), "header.timestamp", "matcher")


@pytest.mark.parametrize("kind", ["bool", "float", "string"])
def test_a_timestamp_that_is_not_an_integer_is_caught(kind: str) -> None:
    _, answer, context = _exchange()
    stamp = answer["header"]["timestamp"]
    answer["header"]["timestamp"] = {"bool": True, "float": float(stamp), "string": str(stamp)}[kind]
    assert "not an integer" in _only(_ok(answer, context), "header.timestamp", "matcher").detail


def test_sync_true_is_caught() -> None:
    _, answer, context = _exchange()
    answer["header"]["sync"] = True
    found = _only(_ok(answer, context), "header.sync", "value")
    assert (found.expected, found.actual) == ("false", "true")


def test_sync_as_zero_is_a_type_mismatch() -> None:
    _, answer, context = _exchange()
    answer["header"]["sync"] = 0
    assert "not a boolean" in _only(_ok(answer, context), "header.sync", "type").detail


def test_a_missing_peer_info_is_caught() -> None:
    _, answer, context = _exchange()
    del answer["header"]["peerInfo"]
    assert render(_ok(answer, context)) == "header.peerInfo: missing key, expected {}"


def test_an_unexpected_key_is_caught_when_forbidden_and_passes_when_allowed() -> None:
    _, answer, context = _exchange()
    answer["header"]["extra"] = "x"
    _only(_ok(answer, context), "header.extra", "unexpected key")
    assert compare(answer, OK_GOLDEN, context, extra_keys="allow") == []


def test_a_missing_router_is_caught() -> None:
    _, answer, context = _exchange()
    del answer["router"]
    _only(_ok(answer, context), "router", "missing key")


def test_an_empty_router_reports_each_missing_key() -> None:
    _, answer, context = _exchange()
    answer["router"] = {}
    assert [m.path for m in _ok(answer, context)] == [
        "router.source", "router.destination", "router.option", "router.resource"]


def test_operation_update_is_caught() -> None:
    _, answer, context = _exchange()
    answer["route"]["operation"] = "update"
    found = _only(_ok(answer, context), "route.operation", "value")
    assert (found.expected, found.actual) == ('"response"', '"update"')


def test_a_resource_not_copied_from_the_request_is_caught() -> None:
    _, answer, context = _exchange()
    answer["route"]["resource"] = "websocket/pod/{pod_name}"
    _only(_ok(answer, context), "route.resource", "matcher")


def test_content_ok_in_lower_case_is_caught() -> None:
    _, answer, context = _exchange()
    answer["content"] = "ok"
    _only(_ok(answer, context), "content", "value")


def test_a_failure_answer_without_failed_is_caught() -> None:
    _, answer, context = _exchange(failed=True)
    assert _failed(answer, context) == []
    answer["content"] = "rejected: x"
    found = _only(_failed(answer, context), "content", "matcher")
    assert found.expected == "a string matching /^FAILED/ (Go regexp)"


def test_a_failure_answer_with_another_operation_or_group_is_caught() -> None:
    _, answer, context = _exchange(failed=True)
    answer["route"]["operation"] = "update"
    _only(_failed(answer, context), "route.operation", "matcher")
    answer["route"]["operation"] = "error"
    answer["route"]["group"] = "edge"
    _only(_failed(answer, context), "route.group", "matcher")


def test_an_ok_answer_does_not_match_the_failed_golden() -> None:
    _, answer, context = _exchange()
    _only(_failed(answer, context), "content", "matcher")


def test_a_key_differing_only_in_case_is_one_key_case_mismatch_and_its_value_is_still_judged() -> None:
    _, answer, context = _exchange()
    answer["header"]["Parent_Msg_Id"] = answer["header"].pop("parent_msg_id")
    found = _only(_ok(answer, context), "header.parent_msg_id", "key case")
    assert (found.expected, found.actual) == ('"parent_msg_id"', '"Parent_Msg_Id"')
    assert "only in case" in render([found])
    answer["header"]["Parent_Msg_Id"] = OTHER_UUID
    assert [(m.path, m.kind) for m in _ok(answer, context)] == [
        ("header.parent_msg_id", "key case"), ("header.parent_msg_id", "matcher")]


def test_a_second_spelling_of_a_present_key_is_a_key_case_mismatch_even_when_extra_keys_are_allowed() -> None:
    _, answer, context = _exchange(failed=True)
    answer["header"]["MSG_ID"] = OTHER_UUID
    assert "ambiguous" in _only(_failed(answer, context), "header.msg_id", "key case").detail


@pytest.mark.parametrize("actual", ["OK", [], None, 0, True, ["header"]])
def test_an_actual_that_is_not_an_object_is_one_type_mismatch_at_the_root(actual: Any) -> None:
    _, _, context = _exchange()
    found = _only(_ok(actual, context), "$", "type")
    assert found.expected == "an object with the keys header, router, route, content"


def test_a_huge_actual_value_is_truncated_in_the_message() -> None:
    _, answer, context = _exchange()
    answer["content"] = "A" * 5_000_000
    answer["router"] = {"source": [{"k": "v" * 1000}] * 5000, "destination": "", "option": "", "resource": ""}
    mismatches = _ok(answer, context)
    assert [(m.path, m.kind) for m in mismatches] == [("router.source", "type"), ("content", "value")]
    text = render(mismatches)
    assert "a string of 5000000 characters" in text and "an array of 5000 items" in text
    assert all(len(line) < 2 * SHOWN_MAX + 100 for line in text.splitlines())


def test_mismatches_come_in_the_goldens_order() -> None:
    _, answer, context = _exchange()
    answer["content"] = "ok"
    answer["route"]["group"] = "x"
    answer["header"]["sync"] = True
    answer["header"]["id"] = "1"
    assert [m.path for m in _ok(answer, context)] == ["header.id", "header.sync", "route.group", "content"]


def test_the_request_field_is_read_with_go_case_insensitive_keys() -> None:
    request, answer, context = _exchange()
    request["Header"] = request.pop("header")
    assert _ok(answer, MatchContext(request, context.window_start_ms, context.window_end_ms)) == []


# --------------------------------------------------------------------------- robustness and broken goldens


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)
_KEYS = st.sampled_from(["header", "route", "router", "content", "HEADER", "Route", "__x", ""])


@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(actual=_JSON, section=_KEYS, key=st.text(max_size=14) | st.sampled_from(
    ["msg_id", "MSG_ID", "timestamp", "parent_msg_id", "sync", "operation", "resource", "peerInfo"]),
       value=_JSON, allow=st.booleans())
def test_compare_never_raises_for_any_json_value(actual: Any, section: str, key: str, value: Any,
                                                 allow: bool) -> None:
    _, answer, context = _exchange()
    mutated = copy.deepcopy(answer)
    target = mutated.get(section)
    if isinstance(target, dict):
        target[key] = value
    else:
        mutated[section] = value
    for candidate in (actual, mutated):
        for golden in (OK_GOLDEN, FAILED_GOLDEN):
            mismatches = compare(candidate, golden, context, extra_keys="allow" if allow else "forbid")
            assert all(isinstance(m, Mismatch) and m.kind != "internal" for m in mismatches)
            render(mismatches)


def test_compare_never_raises_for_values_json_cannot_even_hold() -> None:
    _, answer, context = _exchange()
    answer["header"]["peerInfo"] = {1: {2, 3}, (4,): object()}
    answer["content"] = b"\xff"
    answer["header"]["timestamp"] = 10**5000
    answer["header"]["id"] = 10**5000
    mismatches = _ok(answer, context)
    assert sorted((m.path, m.kind) for m in mismatches) == sorted([
        ("header.id", "type"), ("header.timestamp", "matcher"), ("header.peerInfo[1]", "unexpected key"),
        ("header.peerInfo[[4]]", "unexpected key"), ("content", "type")]), render(mismatches)
    assert "<an integer of" in render(mismatches)


@pytest.mark.parametrize("text", ["{{fresh_uid}}", "{{timestamp}}", "{{regex:(?=x)}}", "{{regex:[}}",
                                  "{{one_of:}}", "{{request.}}", "{{request.header..msg_id}}",
                                  "pod-{{fresh_uuid}}", "{{ fresh_uuid }}"])
def test_a_broken_placeholder_in_a_golden_raises_when_it_is_loaded(tmp_path: Path, text: str) -> None:
    golden = tmp_path / "broken.json"
    golden.write_text(json.dumps({"header": {"msg_id": text}}), encoding="utf-8")
    with pytest.raises(GoldenError, match=r"header\.msg_id"):
        load_golden(golden)


def test_a_golden_that_is_not_json_raises_when_it_is_loaded(tmp_path: Path) -> None:
    golden = tmp_path / "broken.json"
    golden.write_text('{"a": NaN}', encoding="utf-8")
    with pytest.raises(GoldenError):
        load_golden(golden)


def test_a_placeholder_can_stand_anywhere_in_a_golden() -> None:
    request, _, context = _exchange()
    golden = compile_golden({"a": [{"b": "{{request.route.group}}"}, "{{one_of:x|y}}"], "c": "{{regex:^ab$}}"})
    assert compare({"a": [{"b": request["route"]["group"]}, "y"], "c": "ab"}, golden, context) == []
    # Go's $ does not match before a final newline, Python's does: the matcher follows Go.
    assert [(m.path, m.kind) for m in compare({"a": [{"b": 1}, "z"], "c": "ab\n"}, golden, context)] == [
        ("a[0].b", "matcher"), ("a[1]", "matcher"), ("c", "matcher")]
