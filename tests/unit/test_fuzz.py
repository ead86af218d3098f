"""Fuzzing (hypothesis): whatever arrives from the wire, the codec, the validator, the golden
comparison and both roles' frame judges return a value -- a DecodeError, a list of violations,
a list of mismatches, a classification -- and never let an exception escape.

Budgets are fixed and runs are derandomized, so CI sees the same examples every time; the
whole file stays under about 20 seconds. The number of examples is in :data:`BUDGET`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.compare import ANSWER_FAILED_GOLDEN, ANSWER_OK_GOLDEN, MatchContext, Mismatch, compare, load_golden, render
from harness.message import DecodeError, answer_failed, answer_ok, decode, encode, parse
from harness.messages.pod_update import POD_UPDATE, pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.roles.controller import Correlator
from harness.roles.edge import EdgeCore
from harness.rules.validator import Violation
from harness.transport import Frame
from tests.support import examples

REPOSITORY = Path(__file__).resolve().parents[2]

FIXED_ID = "00000000-0000-4000-8000-000000000000"
SENT_MS, RECEIVED_MS = 1_700_000_000_000, 1_700_000_000_050
REQUEST = pod_update(conformant_pod(), msg_id=FIXED_ID, timestamp=1_700_000_000)
GOLDENS = {"ok": load_golden(REPOSITORY / ANSWER_OK_GOLDEN), "failed": load_golden(REPOSITORY / ANSWER_FAILED_GOLDEN)}
CONTEXT = MatchContext(request=REQUEST, window_start_ms=SENT_MS, window_end_ms=RECEIVED_MS)

#: Examples per test; their sum is the "bad inputs fuzzed" figure of docs/limits.md.
BUDGET = {
    "bytes": 1000, "text": 1500, "broken json": 500, "round trip": 400, "validate any": 500,
    "validate mutated": 700, "compare any": 250, "compare mutated": 400, "frames": 500,
}


def budget(name: str) -> settings:
    return settings(max_examples=examples(BUDGET[name]), deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ----------------------------------------------------------------------------- strategies

#: Any character, lone surrogates included (JSON's \ud800 escapes decode to them).
ANY_CHAR = st.characters(exclude_categories=())
#: Keys the validator and comparison look for, in several spellings, and any other key.
KNOWN_KEYS = ["header", "route", "content", "router", "msg_id", "MSG_ID", "parent_msg_id", "timestamp", "sync",
              "resourceversion", "source", "group", "operation", "resource", "metadata", "spec", "name", "Name",
              "namespace", "uid", "containers", "Volumes", "volumeMounts", "image", "ports", "securityContext",
              "privileged", "resources", "limits", "requests", "livenessProbe", "httpGet", "tolerations", "id"]
KEYS = st.sampled_from(KNOWN_KEYS) | st.text(ANY_CHAR, max_size=12)
SCALARS = (st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(ANY_CHAR, max_size=40) | st.sampled_from(["", "OK", "FAILED: x", FIXED_ID, "websocket/pod/a"]))
JSON = st.recursive(SCALARS, lambda children: st.lists(children, max_size=6)
                    | st.dictionaries(KEYS, children, max_size=6), max_leaves=25)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``value`` (dict keys and list indices), the root excluded."""
    out: list[tuple[Any, ...]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in items:
        out.append((*prefix, key))
        out += _paths(child, (*prefix, key))
    return out


def _replaced(document: Any, changes: list[tuple[tuple[Any, ...], Any]]) -> Any:
    out = copy.deepcopy(document)
    for path, value in changes:
        node = out
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
    return out


REQUEST_PATHS = _paths(REQUEST)
ANSWERS = {"ok": answer_ok(REQUEST, timestamp=SENT_MS + 10),
           "failed": answer_failed(REQUEST, "META-NAME at content.metadata.name: too long", timestamp=SENT_MS + 10)}
ANSWER_PATHS = {name: _paths(answer) for name, answer in ANSWERS.items()}


def mutations(paths: list[tuple[Any, ...]]) -> st.SearchStrategy[list[tuple[tuple[Any, ...], Any]]]:
    return st.lists(st.tuples(st.sampled_from(paths), JSON), min_size=1, max_size=3)


# ----------------------------------------------------------------------------- the codec


@budget("bytes")
@given(data=st.binary(max_size=300) | st.builds(lambda v: encode(v).encode("utf-8", "surrogatepass")[:-1], JSON))
def test_decoding_arbitrary_bytes_gives_an_object_or_a_decode_error(data: bytes) -> None:
    decoded = decode(data)
    assert isinstance(decoded, dict | DecodeError)
    if isinstance(decoded, DecodeError):
        assert decoded.reason and "\n" not in decoded.reason[:200]
    parse(data)


@budget("text")
@given(text=st.text(ANY_CHAR, max_size=300))
def test_decoding_arbitrary_text_lone_surrogates_included_never_raises(text: str) -> None:
    assert isinstance(decode(text), dict | DecodeError)
    parse(text)


@budget("broken json")
@given(value=JSON, cut=st.integers(0, 400), insert=st.text(ANY_CHAR, max_size=4), depth=st.integers(0, 3000))
def test_json_cut_short_spliced_or_nested_deeply_decodes_to_a_value_or_a_decode_error(
        value: Any, cut: int, insert: str, depth: int) -> None:
    text = encode(value)
    for candidate in (text[:cut], text[:cut] + insert + text[cut:], "[" * depth + text + "]" * depth,
                      '{"a":' * depth + text + "}" * depth):
        assert isinstance(decode(candidate), dict | DecodeError)


@budget("round trip")
@given(value=JSON)
def test_encoding_then_parsing_gives_the_same_json_value_back(value: Any) -> None:
    assert parse(encode(value)) == value


# ----------------------------------------------------------------------------- the validator


def _violations_are_well_formed(violations: Any) -> None:
    assert isinstance(violations, list)
    assert all(isinstance(v, Violation) and isinstance(v.rule, str) and isinstance(v.path, str) for v in violations)


@budget("validate any")
@given(value=JSON, profile=st.sampled_from(["strict", "lenient"]))
def test_validating_any_json_value_lists_violations_and_never_raises(value: Any, profile: str) -> None:
    violations = POD_UPDATE.validate(value, profile)  # type: ignore[arg-type]
    _violations_are_well_formed(violations)
    if not isinstance(value, dict):
        assert violations, "a value that is not an object is never a conformant request"


@budget("validate mutated")
@given(changes=mutations(REQUEST_PATHS), profile=st.sampled_from(["strict", "lenient"]))
def test_validating_the_conformant_request_with_subtrees_replaced_never_raises(
        changes: list[tuple[tuple[Any, ...], Any]], profile: str) -> None:
    _violations_are_well_formed(POD_UPDATE.validate(_replaced(REQUEST, changes), profile))  # type: ignore[arg-type]


def test_the_unchanged_conformant_request_has_no_violation() -> None:
    assert POD_UPDATE.validate(REQUEST, "strict") == [] and POD_UPDATE.validate(REQUEST, "lenient") == []


# ----------------------------------------------------------------------------- the comparison


def _mismatches_are_well_formed(mismatches: Any) -> None:
    assert isinstance(mismatches, list) and all(isinstance(m, Mismatch) for m in mismatches)
    assert all(m.kind != "internal" for m in mismatches), "the comparison failed internally"
    text = render(mismatches)
    assert isinstance(text, str)


@budget("compare any")
@given(value=JSON, golden=st.sampled_from(["ok", "failed"]), extra=st.sampled_from(["forbid", "allow"]))
def test_comparing_any_json_value_with_either_golden_answer_never_raises(value: Any, golden: str, extra: str) -> None:
    mismatches = compare(value, GOLDENS[golden], CONTEXT, extra_keys=extra)  # type: ignore[arg-type]
    _mismatches_are_well_formed(mismatches)
    assert mismatches, "an arbitrary value is never the golden answer"


@budget("compare mutated")
@given(data=st.data(), golden=st.sampled_from(["ok", "failed"]))
def test_comparing_a_golden_answer_with_subtrees_replaced_never_raises(data: st.DataObject, golden: str) -> None:
    changes = data.draw(mutations(ANSWER_PATHS[golden]))
    mutated = _replaced(ANSWERS[golden], changes)
    _mismatches_are_well_formed(compare(mutated, GOLDENS[golden], CONTEXT,
                                        extra_keys="forbid" if golden == "ok" else "allow"))


def test_the_unchanged_answers_match_their_golden_answers() -> None:
    assert compare(ANSWERS["ok"], GOLDENS["ok"], CONTEXT) == []
    assert compare(ANSWERS["failed"], GOLDENS["failed"], CONTEXT, extra_keys="allow") == []


# ----------------------------------------------------------------------------- both roles' frame judges


@budget("frames")
@given(payload=st.text(ANY_CHAR, max_size=200) | st.binary(max_size=200) | st.builds(encode, JSON)
       | st.builds(lambda c: encode(_replaced(ANSWERS["ok"], c)), mutations(ANSWER_PATHS["ok"])))
def test_each_role_judges_any_frame_without_raising(payload: str | bytes) -> None:
    correlator = Correlator()
    correlator.request_sent(FIXED_ID, SENT_MS)
    classified = correlator.classify(Frame.message("received", payload))
    assert classified.kind in ("answer", "unknown-answer", "keepalive", "upstream", "not-json", "binary")
    decision = EdgeCore().on_frame(payload, SENT_MS)
    assert decision.judgement.kind in ("ok", "rejected", "dropped")
    json.dumps([classified.to_jsonable(), decision.outgoing])
