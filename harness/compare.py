"""Golden comparison of an edge's answer, with matchers for the values that change per exchange.

A golden is JSON in which some values are *placeholders*: a string that is exactly
``{{...}}``. Each placeholder becomes a :class:`Matcher` when the golden is loaded
(:func:`load_golden`, :func:`compile_golden`); an unknown or malformed placeholder is a
:class:`GoldenError` then -- a bug in a fixture, never a verdict on an edge.

=============================  ===========================================================
``{{fresh_uuid}}``             a UUID (8-4-4-4-12 hex, either case) that is neither the
                               request's ``header.msg_id`` nor any ``seen_msg_ids``
``{{request.<dotted.path>}}``  equal (JSON types strict) to that field of the request,
                               read with Go's case-insensitive keys; digits index arrays
``{{timestamp_ms}}``           an integer (not bool, not float) of Unix milliseconds in
                               ``[window_start_ms - slack_ms, window_end_ms + slack_ms]``
``{{regex:PATTERN}}``          a string PATTERN matches, with Go ``regexp`` semantics
``{{one_of:a|b}}``             one of the listed strings
=============================  ===========================================================

:func:`compare` walks golden and actual with DeepDiff (golden is ``t1``, actual ``t2``).
Custom operators judge every placeholder wherever it stands (:class:`_MatcherOperator`)
and compare golden strings exactly (:class:`_StringOperator`, which also keeps DeepDiff's
line diff off huge strings). Nothing volatile is excluded by path: each volatile value is
judged by its rule. The result is a list of :class:`Mismatch` (empty: the answer matches),
ordered as the golden orders its keys; :func:`render` prints one line per mismatch.

Key case. The vendor's edge is Go, and Go's ``encoding/json`` matches keys
case-insensitively when it *decodes*. But the answer is *produced* by the edge, and the
document spells every key exactly, so keys are checked for their exact spelling. A key
that differs from a golden key only in case is one ``"key case"`` mismatch at the golden
key's path (its value is still compared under it), not a "missing key" plus an
"unexpected key". A second spelling of a key that is also present exactly (``msg_id`` and
``MSG_ID``) is a ``"key case"`` mismatch too, in both ``extra_keys`` modes: a Go reader
would take the last of them, so the answer is ambiguous.

``extra_keys="allow"`` tolerates keys the golden does not name, at every depth; missing
keys and array items are always reported. :func:`compare` never raises, whatever the
actual value is; only a broken golden raises (:class:`GoldenError`).

Paths are dotted, with array indices: ``header.msg_id``, ``a.b[0].c``; the root is ``$``;
a key that is not a plain name is quoted: ``header["odd.key"]``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import reprlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from deepdiff import DeepDiff
from deepdiff.helper import notpresent
from deepdiff.model import CUSTOM_FIELD
from deepdiff.operator import BaseOperator

from harness.json_keys import key_ci
from harness.resources import data_path
from harness.rules.goregex import GoPatternError, compile_go

#: The golden answers, relative to the shipped data (harness.resources).
ANSWER_OK_GOLDEN: Final = "fixtures/golden/answer-ok.json"
ANSWER_FAILED_GOLDEN: Final = "fixtures/golden/answer-failed.json"

#: Longest rendering of an actual (or expected) value in a message, in characters.
SHOWN_MAX: Final = 120

ExtraKeys = Literal["forbid", "allow"]

_PLACEHOLDER = re.compile(r"\{\{(.*)\}\}", re.DOTALL)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_$-]+")
_MATCHER_FAILED = "matcher_failed"
_DAY_MS = 86_400_000


class GoldenError(ValueError):
    """A golden fixture is broken (unknown placeholder, bad pattern, not JSON)."""


@dataclass(frozen=True)
class MatchContext:
    """What the matchers judge against: the request and the exchange's time window."""

    request: dict[str, Any]
    window_start_ms: int  # when the request was sent
    window_end_ms: int  # when the answer was received
    seen_msg_ids: frozenset[str] = frozenset()
    slack_ms: int = 1000

    @property
    def window(self) -> tuple[int, int]:
        """The accepted timestamp range, slack included (tolerates an end before the start)."""
        lo, hi = sorted((self.window_start_ms, self.window_end_ms))
        slack = abs(self.slack_ms)
        return lo - slack, hi + slack


@dataclass(frozen=True)
class Mismatch:
    """One difference between the actual answer and the golden one."""

    path: str
    expected: str
    actual: str
    kind: str  # value, type, missing key, unexpected key, missing item, unexpected item, matcher, key case
    #            (and "internal" should the walk itself fail: still a verdict, never an exception)
    detail: str = ""

    def __str__(self) -> str:
        return _line(self)


# --------------------------------------------------------------------------- matchers


class Matcher(ABC):
    """A golden value judged by rule, never by equality."""

    @property
    @abstractmethod
    def placeholder(self) -> str:
        """The matcher's text in a golden, ``{{...}}``."""

    def matches(self, actual: Any, context: MatchContext) -> bool:
        return self.reason(actual, context) is None

    @abstractmethod
    def reason(self, actual: Any, context: MatchContext) -> str | None:
        """Why ``actual`` does not match: None when it matches, "" when the values say it all."""

    @abstractmethod
    def expectation(self, context: MatchContext | None = None) -> str:
        """What the matcher expects, in words (with the context's values when given)."""

    def __repr__(self) -> str:
        return self.placeholder


class FreshUuid(Matcher):
    @property
    def placeholder(self) -> str:
        return "{{fresh_uuid}}"

    def reason(self, actual: Any, context: MatchContext) -> str | None:
        if not isinstance(actual, str):
            return f"{_json_type(actual)}, not a string"
        if not _UUID.fullmatch(actual):
            return "not a UUID (8-4-4-4-12 hex digits)"
        request_id = _lookup(context.request, ("header", "msg_id"))
        if isinstance(request_id, str) and actual.lower() == request_id.lower():
            return "reuses the request's msg_id"
        if actual.lower() in {seen.lower() for seen in context.seen_msg_ids}:
            return "reuses a msg_id already seen in this session"
        return None

    def expectation(self, context: MatchContext | None = None) -> str:
        if context is None:
            return "a fresh UUID"
        request_id = _lookup(context.request, ("header", "msg_id"))
        return f"a fresh UUID (not the request's msg_id {_show(request_id)})"


@dataclass(frozen=True, repr=False)
class RequestField(Matcher):
    path: tuple[str, ...]

    @property
    def placeholder(self) -> str:
        return "{{request." + ".".join(self.path) + "}}"

    def reason(self, actual: Any, context: MatchContext) -> str | None:
        expected = _lookup(context.request, self.path)
        if expected is _ABSENT:
            return f"the request has no {'.'.join(self.path)} to compare with"
        if not _json_equal(expected, actual):
            if _json_type(expected) != _json_type(actual):
                return f"{_json_type(actual)}, not {_json_type(expected)}"
            return ""  # expected and actual say it all
        return None

    def expectation(self, context: MatchContext | None = None) -> str:
        words = f"the request's {'.'.join(self.path)}"
        if context is None:
            return words
        expected = _lookup(context.request, self.path)
        return f"{words} {_show(expected)}" if expected is not _ABSENT else f"{words} (absent)"


class TimestampMs(Matcher):
    @property
    def placeholder(self) -> str:
        return "{{timestamp_ms}}"

    def reason(self, actual: Any, context: MatchContext) -> str | None:
        if type(actual) is not int:  # bool is an int subclass; a float is not an integer in Go
            if isinstance(actual, bool):
                return "a boolean, not an integer"
            if isinstance(actual, float):
                return "a number with a fraction or exponent, not an integer"
            return f"{_json_type(actual)}, not an integer"
        lo, hi = context.window
        if lo <= actual <= hi:
            return None
        unit = _unit_guess(actual, lo, hi)
        if unit is not None:
            return f"looks like Unix {unit}, not milliseconds"
        when = _utc(actual)
        distance = lo - actual if actual < lo else actual - hi
        side = "before" if actual < lo else "after"
        if distance > 10**15:
            return f"far {side} the exchange window"
        return f"{when}{distance} ms {side} the exchange window"

    def expectation(self, context: MatchContext | None = None) -> str:
        words = "an integer Unix timestamp in milliseconds"
        if context is None:
            return words + " within the exchange window"
        lo, hi = context.window
        return f"{words} within [{lo}, {hi}]"


@dataclass(frozen=True, repr=False)
class GoRegex(Matcher):
    pattern: str

    def __post_init__(self) -> None:
        try:
            compile_go(self.pattern)
        except (GoPatternError, re.error) as exc:
            raise GoldenError(f"{self.placeholder}: not a valid Go pattern: {exc}") from exc

    @property
    def placeholder(self) -> str:
        return "{{regex:" + self.pattern + "}}"

    def reason(self, actual: Any, context: MatchContext) -> str | None:
        if not isinstance(actual, str):
            return f"{_json_type(actual)}, not a string"
        if compile_go(self.pattern).search(actual) is None:
            return "does not match the pattern"
        return None

    def expectation(self, context: MatchContext | None = None) -> str:
        return f"a string matching /{self.pattern}/ (Go regexp)"


@dataclass(frozen=True, repr=False)
class OneOfStrings(Matcher):
    options: tuple[str, ...]

    @property
    def placeholder(self) -> str:
        return "{{one_of:" + "|".join(self.options) + "}}"

    def reason(self, actual: Any, context: MatchContext) -> str | None:
        if not isinstance(actual, str):
            return f"{_json_type(actual)}, not a string"
        return None if actual in self.options else "not one of the listed values"

    def expectation(self, context: MatchContext | None = None) -> str:
        return "one of " + ", ".join(json.dumps(o, ensure_ascii=False) for o in self.options)


def parse_placeholder(text: str) -> Matcher | None:
    """The matcher a golden string stands for; None for a plain string; GoldenError if broken."""
    found = _PLACEHOLDER.fullmatch(text)
    if found is None:
        if "{{" in text or "}}" in text:
            raise GoldenError(f"{text!r}: a placeholder must be the whole string, exactly {{{{...}}}}")
        return None
    body = found.group(1)
    if body == "fresh_uuid":
        return FreshUuid()
    if body == "timestamp_ms":
        return TimestampMs()
    if body.startswith("request."):
        path = tuple(body[len("request."):].split("."))
        if any(not part or part != part.strip() for part in path):
            raise GoldenError(f"{text!r}: an empty or padded segment in the request path")
        return RequestField(path)
    if body.startswith("regex:"):
        pattern = body[len("regex:"):]
        if not pattern:
            raise GoldenError(f"{text!r}: an empty pattern")
        return GoRegex(pattern)
    if body.startswith("one_of:"):
        options = body[len("one_of:"):]
        if not options:
            raise GoldenError(f"{text!r}: no options")
        return OneOfStrings(tuple(options.split("|")))
    raise GoldenError(f"{text!r}: unknown placeholder (known: fresh_uuid, timestamp_ms, request.<path>, "
                      "regex:<pattern>, one_of:<a|b>)")


def compile_golden(golden: Any, _path: tuple[Any, ...] = ()) -> Any:
    """A copy of ``golden`` with every placeholder replaced by its :class:`Matcher`."""
    if isinstance(golden, Matcher):
        return golden
    if isinstance(golden, str):
        try:
            matcher = parse_placeholder(golden)
        except GoldenError as exc:
            raise GoldenError(f"{format_path(_path)}: {exc}") from None
        return golden if matcher is None else matcher
    if isinstance(golden, dict):
        out: dict[Any, Any] = {}
        for key, value in golden.items():
            if isinstance(key, str) and ("{{" in key or "}}" in key):
                raise GoldenError(f"{format_path((*_path, key))}: placeholders are values, never keys")
            out[key] = compile_golden(value, (*_path, key))
        return out
    if isinstance(golden, list):
        return [compile_golden(item, (*_path, i)) for i, item in enumerate(golden)]
    if golden is None or isinstance(golden, bool | int | float):
        return golden
    raise GoldenError(f"{format_path(_path)}: {type(golden).__name__} is not a JSON value")


@functools.cache
def golden(path: str) -> Any:
    """The golden fixture at ``path``, relative to the shipped data (e.g. :data:`ANSWER_OK_GOLDEN`) or an
    absolute path (a golden answer of one's own), loaded once."""
    return load_golden(path if Path(path).is_absolute() else data_path(path))


def load_golden(path: str | os.PathLike[str]) -> Any:
    """Read a golden JSON file and compile its placeholders (GoldenError when broken)."""
    try:
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle, parse_constant=_reject_constant)
    except (OSError, ValueError) as exc:
        raise GoldenError(f"{os.fspath(path)}: {exc}") from exc
    try:
        return compile_golden(raw)
    except GoldenError as exc:
        raise GoldenError(f"{os.fspath(path)}: {exc}") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# --------------------------------------------------------------------------- comparison


class _MatcherOperator(BaseOperator):
    """Judges a golden placeholder, wherever it stands, by its matcher."""

    def __init__(self, context: MatchContext) -> None:
        super().__init__()
        self.context = context

    def match(self, level: Any) -> bool:
        return isinstance(level.t1, Matcher)

    def give_up_diffing(self, level: Any, diff_instance: Any) -> bool:
        matcher: Matcher = level.t1
        why = matcher.reason(level.t2, self.context)
        if why is not None:
            diff_instance.custom_report_result(_MATCHER_FAILED, level, {"reason": why})
        return True


class _StringOperator(BaseOperator):
    """A golden string equals the actual string exactly (no line diff of huge strings)."""

    def match(self, level: Any) -> bool:
        return type(level.t1) is str and type(level.t2) is str

    def give_up_diffing(self, level: Any, diff_instance: Any) -> bool:
        if level.t1 != level.t2:
            diff_instance.custom_report_result("values_changed", level)
        return True


def compare(actual: Any, golden: Any, context: MatchContext, *,
            extra_keys: ExtraKeys = "forbid") -> list[Mismatch]:
    """Every way ``actual`` differs from ``golden`` (empty: it matches). Never raises for
    any ``actual``; raises :class:`GoldenError` only for a broken ``golden``."""
    compiled = compile_golden(golden)
    try:
        return _compare(actual, compiled, context, extra_keys)
    except Exception as exc:  # the contract: a verdict, never an exception, whatever the edge sent
        return [Mismatch("$", "a value the comparison can walk", _show(actual), "internal",
                         f"the comparison failed: {type(exc).__name__}: {exc}")]


def _compare(actual: Any, golden: Any, context: MatchContext, extra_keys: ExtraKeys) -> list[Mismatch]:
    found: list[tuple[tuple[Any, ...], Mismatch]] = []
    aligned = _align_key_case(golden, actual, (), found)
    diff = DeepDiff(
        golden, aligned,
        custom_operators=[_MatcherOperator(context), _StringOperator()],
        view="tree",
        threshold_to_diff_deeper=0,  # always report key by key, never a whole object as "changed"
        ignore_private_variables=False,  # "__x" is a key like any other
        zip_ordered_iterables=True,  # arrays compare index by index
        ignore_order=False,
        log_frequency_in_sec=0,
    )
    for report_type, levels in diff.tree.items():
        for level in levels:
            segments = tuple(level.path(output_format="list") or ())
            mismatch = _from_level(report_type, level, segments, context, extra_keys)
            if mismatch is not None:
                found.append((segments, mismatch))
    found.sort(key=lambda item: (_rank(golden, item[0]), item[1].kind))
    return [mismatch for _, mismatch in found]


def _from_level(report_type: str, level: Any, segments: tuple[Any, ...], context: MatchContext,
                extra_keys: ExtraKeys) -> Mismatch | None:
    path = format_path(segments)
    t1, t2 = level.t1, level.t2
    if report_type == _MATCHER_FAILED:
        extra = level.additional.get(CUSTOM_FIELD) or {}
        return Mismatch(path, t1.expectation(context), _show(t2), "matcher", str(extra.get("reason", "")))
    if report_type == "dictionary_item_added":
        if extra_keys == "allow":
            return None
        return Mismatch(path, "no such key", _show(t2), "unexpected key")
    if report_type == "dictionary_item_removed":
        return Mismatch(path, _expected(t1, context), "(absent)", "missing key")
    if report_type == "iterable_item_added":
        return Mismatch(path, "no such item", _show(t2), "unexpected item")
    if report_type == "iterable_item_removed":
        return Mismatch(path, _expected(t1, context), "(absent)", "missing item")
    if report_type == "type_changes":
        return Mismatch(path, _expected(t1, context), _show(t2), "type",
                        f"{_json_type(t2)}, not {_json_type(t1)}")
    if report_type == "values_changed":
        return Mismatch(path, _expected(t1, context), _show(t2), "value")
    t1_text = "(absent)" if t1 is notpresent else _expected(t1, context)
    t2_text = "(absent)" if t2 is notpresent else _show(t2)
    return Mismatch(path, t1_text, t2_text, report_type.replace("_", " "))


def _align_key_case(golden: Any, actual: Any, path: tuple[Any, ...],
                    found: list[tuple[tuple[Any, ...], Mismatch]]) -> Any:
    """``actual`` with each key that differs from a golden key only in case renamed to the
    golden spelling, each such key reported as a "key case" mismatch, so that its value is
    still compared. Walks only as deep as the golden; returns ``actual`` itself if unchanged."""
    if isinstance(golden, dict) and isinstance(actual, dict):
        owners: dict[str, list[str]] = {}
        for key in golden:
            if isinstance(key, str):
                owners.setdefault(key.lower(), []).append(key)
        variants: dict[str, list[str]] = {}
        for key in actual:
            if isinstance(key, str) and key not in golden:
                candidates = owners.get(key.lower(), [])
                if len(candidates) == 1:  # a golden with two keys equal but for case: exact matching only
                    variants.setdefault(candidates[0], []).append(key)
        drop: set[str] = set()
        rename: dict[str, str] = {}
        for owner, spellings in variants.items():
            here = (*path, owner)
            shown = ", ".join(json.dumps(s, ensure_ascii=False) for s in spellings)
            if owner in actual:
                detail = "a second spelling of the key; a Go reader takes the last one, so the answer is ambiguous"
                drop.update(spellings)
            else:
                detail = "differs only in case: Go's decoder would accept it, but the document spells the key exactly"
                if len(spellings) > 1:
                    detail += "; several spellings, a Go reader takes the last one"
                drop.update(spellings[:-1])
                rename[spellings[-1]] = owner
            found.append((here, Mismatch(format_path(here), json.dumps(owner, ensure_ascii=False), shown,
                                         "key case", detail)))
        changed = bool(drop or rename)
        out: dict[Any, Any] = {}
        for key, value in actual.items():
            if key in drop:
                continue
            name = rename.get(key, key)
            if name in golden:
                inner = _align_key_case(golden[name], value, (*path, name), found)
                changed = changed or inner is not value
                value = inner
            out[name] = value
        return out if changed else actual
    if isinstance(golden, list) and isinstance(actual, list):
        items = [_align_key_case(g, a, (*path, i), found) for i, (g, a) in enumerate(zip(golden, actual, strict=False))]
        if all(new is old for new, old in zip(items, actual, strict=False)):
            return actual
        return items + actual[len(items):]
    return actual


# --------------------------------------------------------------------------- rendering


def format_path(segments: tuple[Any, ...] | list[Any]) -> str:
    """``header.msg_id``, ``a.b[0]``, ``header["odd.key"]``; ``$`` for the root."""
    out = ""
    for segment in segments:
        if isinstance(segment, int) and not isinstance(segment, bool):
            out += f"[{segment}]"
        elif isinstance(segment, str) and _PLAIN_KEY.fullmatch(segment):
            out += f".{segment}" if out else segment
        else:
            out += f"[{_show(segment, 60)}]"
    return out or "$"


def render(mismatches: list[Mismatch], *, limit: int = 100) -> str:
    """One line per mismatch (at most ``limit``, then a count of the rest); "" when none."""
    lines = [_line(m) for m in mismatches[:limit]]
    if len(mismatches) > limit:
        lines.append(f"... and {len(mismatches) - limit} more mismatches")
    return "\n".join(lines)


def _line(m: Mismatch) -> str:
    detail = f" ({m.detail})" if m.detail else ""
    if m.kind == "missing key":
        return f"{m.path}: missing key, expected {m.expected}{detail}"
    if m.kind == "unexpected key":
        return f"{m.path}: unexpected key, got {m.actual}{detail}"
    if m.kind == "missing item":
        return f"{m.path}: missing item, expected {m.expected}{detail}"
    if m.kind == "unexpected item":
        return f"{m.path}: unexpected item, got {m.actual}{detail}"
    if m.kind == "key case":
        return f"{m.path}: expected the key {m.expected}, got {m.actual}{detail}"
    return f"{m.path}: expected {m.expected}, got {m.actual}{detail}"


def _expected(golden: Any, context: MatchContext) -> str:
    if isinstance(golden, Matcher):
        return golden.expectation(context)
    shown = _show(golden)
    if isinstance(golden, dict) and len(shown) > SHOWN_MAX:  # truncated: name the keys instead
        return "an object with the keys " + ", ".join(format_path((k,)) for k in golden)
    return shown


_REPR = reprlib.Repr()
_REPR.maxstring = SHOWN_MAX
_REPR.maxother = SHOWN_MAX
_REPR.maxlevel = 3


def _show(value: Any, limit: int = SHOWN_MAX) -> str:
    """``value`` as JSON text, cut at ``limit`` characters (saying how big it was)."""
    if isinstance(value, Matcher):
        return value.placeholder
    text = ""
    try:
        for chunk in _chunks(value):
            text += chunk
            if len(text) > limit:
                return text[:limit] + "…" + _size(value)
    except Exception:  # not JSON, circular, too deep, too long an integer, a failing __iter__ ...
        text = _fallback_repr(value)
        if len(text) > limit:
            return text[:limit] + "…" + _size(value)
    return text


def _fallback_repr(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 10_000:
        return f"<an integer of {value.bit_length()} bits>"
    try:
        return _REPR.repr(value)
    except Exception:  # a repr that fails is still no reason to raise
        return f"<{type(value).__name__}>"


def _chunks(value: Any) -> Iterator[str]:
    encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=True, check_circular=True)
    return encoder.iterencode(value)  # the pure-Python encoder: lazy, so a 5 MB value is never built


def _size(value: Any) -> str:
    if isinstance(value, str):
        return f" (truncated: a string of {len(value)} characters)"
    if isinstance(value, Mapping):
        return f" (truncated: an object of {len(value)} keys)"
    if isinstance(value, list | tuple):
        return f" (truncated: an array of {len(value)} items)"
    return " (truncated)"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__} (not JSON)"


def _unit_guess(value: int, lo: int, hi: int) -> str | None:
    """The unit an out-of-window timestamp looks like it was written in, if any."""
    as_ms = (("seconds", value * 1000), ("microseconds", value // 1000), ("nanoseconds", value // 1_000_000))
    for unit, ms in as_ms:
        if lo - _DAY_MS <= ms <= hi + _DAY_MS:  # rescaled, it falls near the exchange
            return unit
    for unit, low, high in (("seconds", 10**9, 10**11), ("microseconds", 10**15, 10**17),
                            ("nanoseconds", 10**18, 10**20)):
        if low <= value < high:  # the magnitude of that unit today (2001 to 5138 in seconds)
            return unit
    return None


def _utc(ms: int) -> str:
    try:
        stamp = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return ""
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z") + ", "


def _rank(golden: Any, segments: tuple[Any, ...]) -> tuple[tuple[int, str], ...]:
    """Sort key: the golden's own key order, then unknown keys by name."""
    rank: list[tuple[int, str]] = []
    node = golden
    for segment in segments:
        if isinstance(node, dict) and segment in node:
            rank.append((list(node).index(segment), ""))
            node = node[segment]
        elif isinstance(segment, int) and isinstance(node, list) and 0 <= segment < len(node):
            rank.append((segment, ""))
            node = node[segment]
        else:
            rank.append((1 << 30, str(segment)))
            node = None
    return tuple(rank)


# --------------------------------------------------------------------------- JSON helpers


class _Absent:
    def __repr__(self) -> str:
        return "(absent)"


_ABSENT: Final = _Absent()


def _lookup(obj: Any, path: tuple[str, ...]) -> Any:
    """The request's field at ``path`` (Go's case-insensitive keys; digits index arrays)."""
    node = obj
    for segment in path:
        if isinstance(node, dict):
            key = key_ci(node, segment)
            if key not in node:
                return _ABSENT
            node = node[key]
        elif isinstance(node, list) and segment.isascii() and segment.isdigit() and int(segment) < len(node):
            node = node[int(segment)]
        else:
            return _ABSENT
    return node


def _json_equal(a: Any, b: Any) -> bool:
    """JSON equality with strict types: ``true`` is not ``1``, ``1`` is not ``1.0``."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
