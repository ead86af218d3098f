"""The vocabulary of the rule table: Go types, constraints and rules.

A :class:`Rule` is one row of a message type's rule table (for Pod Update, a row of the
document's parameter table, or an envelope / cross-field rule read from its examples). Everything else in
edgeconform -- the validator, the JSON Schema export, the negative cases sent to an
edge and the coverage report -- is derived from these objects.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any, Literal

import orjson

from harness.rules.goregex import compile_go

JsonKind = Literal["string", "integer", "boolean", "object", "array", "quantity"]
Profile = Literal["strict", "lenient", "vendor"]
PROFILES: tuple[Profile, ...] = ("strict", "lenient", "vendor")

_INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_STRING_TYPES = {"string", "HostPathType", "Capability", "ResourceName"}


def short(value: Any, limit: int = 60) -> str:
    """A JSON rendering of ``value`` cut to ``limit`` characters for messages."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) > limit:
        return f"{text[: limit - 1]}… ({len(text)} characters)"
    return text


def json_type_name(value: Any) -> str:
    """How a person calls the JSON type of ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction" if not value.is_integer() else "a floating-point number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


@dataclass(frozen=True)
class GoType:
    """A Go type as the document writes it (``*int64``, ``[]Volume``, ``struct``)."""

    text: str

    @property
    def pointer(self) -> bool:
        return self.text.startswith("*")

    @property
    def base(self) -> str:
        return self.text.lstrip("*")

    @cached_property
    def kind(self) -> JsonKind:
        base = self.base
        if base.startswith("[]"):
            return "array"
        if base.startswith("map[") or base not in (_STRING_TYPES | set(_INT_BOUNDS) | {"bool"}):
            return "object"
        if base in _INT_BOUNDS:
            return "integer"
        if base == "bool":
            return "boolean"
        return "string"

    @property
    def int_bounds(self) -> tuple[int, int] | None:
        return _INT_BOUNDS.get(self.base)

    @property
    def nullable(self) -> bool:
        """Go decodes JSON ``null`` into a pointer, slice or map as nil (absent)."""
        return self.pointer or self.kind == "array" or self.base.startswith("map[")

    def fast_type(self, var: str) -> str:
        """A Python expression, true exactly when ``type_error(var)`` is None."""
        kind = self.kind
        if kind == "integer":
            lo, hi = self.int_bounds or (0, 0)
            return f"(type({var}) is int and {lo} <= {var} <= {hi})"
        python_type = {"string": "str", "boolean": "bool", "array": "list", "object": "dict"}[kind]
        return f"isinstance({var}, {python_type})"

    def zero_value(self) -> Any:
        """The value Go's ``encoding/json`` leaves in the field when the key is absent."""
        return {"string": "", "integer": 0, "boolean": False, "array": [], "object": {}}[self.kind]

    def type_error(self, value: Any) -> str | None:
        """A message when ``value`` is not of this JSON type, else None."""
        kind = self.kind
        if kind == "string":
            ok = isinstance(value, str)
        elif kind == "integer":
            if type(value) is int:
                lo, hi = self.int_bounds or (0, 0)
                if lo <= value <= hi:
                    return None
                return f"{value} does not fit in a Go {self.base} ({lo} to {hi})"
            ok = False
        elif kind == "boolean":
            ok = isinstance(value, bool)
        elif kind == "array":
            ok = isinstance(value, list)
        else:
            ok = isinstance(value, dict)
        if ok:
            return None
        want = {"string": "a string", "integer": "an integer", "boolean": "a boolean",
                "array": "an array", "object": "an object"}[kind]
        return f"expected {want} ({self.text}), got {json_type_name(value)} {short(value, 30)}"

    def wrong_type_examples(self) -> list[tuple[str, Any]]:
        """Values of the wrong JSON type, each one a negative case."""
        kind = self.kind
        if kind == "string":
            return [("a number instead of a string", 42)]
        if kind == "integer":
            hi = (self.int_bounds or (0, 0))[1]
            return [
                ("a string instead of an integer", "3"),
                ("a float instead of an integer", 3.5),
                ("a boolean instead of an integer", True),
                (f"an integer past the {self.base} range", hi + 1),
            ]
        if kind == "boolean":
            return [("a string instead of a boolean", "true")]
        if kind == "array":
            return [("an object instead of an array", {})]
        return [("a string instead of an object", "x")]

    def schema(self) -> dict[str, Any]:
        kind = self.kind
        if kind == "integer":
            lo, hi = self.int_bounds or (0, 0)
            return {"type": "integer", "minimum": lo, "maximum": hi}
        return {"type": kind}


Example = tuple[str, Any]


class Constraint(ABC):
    """One clause of a rule, applied to a value already of the rule's JSON type."""

    @abstractmethod
    def check(self, value: Any) -> str | None:
        """A message a person understands when ``value`` breaks the clause."""

    @abstractmethod
    def schema(self) -> dict[str, Any]:
        """The clause as JSON Schema keywords."""

    @abstractmethod
    def describe(self) -> str:
        """The clause in a few words, for documentation."""

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        """A Python expression, true exactly when ``check(var)`` is None (for generated code).

        ``const`` registers an object in the generated code's namespace and returns its name.
        """
        return f"{const(self)}.check({var}) is None"

    def passing(self) -> list[Example]:
        """Values at the clause's documented boundaries that must pass."""
        return []

    def breaking(self) -> list[Example]:
        """Values just past the clause's boundaries that must fail."""
        return []


@dataclass(frozen=True)
class Pattern(Constraint):
    """Matches a Go regular expression (``regexp.MatchString``).

    ``meaning`` names a generated format pattern (``a valid IP address``) so that
    messages and docs say what it means instead of quoting a long expression.
    """

    go: str
    meaning: str = ""

    def check(self, value: Any) -> str | None:
        if compile_go(self.go).search(value) is None:
            if self.meaning:
                return f"{short(value)} is not {self.meaning}"
            return f"{short(value)} does not match {self.go}"
        return None

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        return f"{const(compile_go(self.go).search)}({var}) is not None"

    def schema(self) -> dict[str, Any]:
        return {"pattern": self.go}

    def describe(self) -> str:
        return self.meaning or f"matches `{self.go}`"


@dataclass(frozen=True)
class MaxLength(Constraint):
    """At most ``limit`` characters."""

    limit: int

    def check(self, value: Any) -> str | None:
        if len(value) > self.limit:
            return f"is {len(value)} characters long; at most {self.limit} allowed"
        return None

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        return f"len({var}) <= {self.limit}"

    def schema(self) -> dict[str, Any]:
        return {"maxLength": self.limit}

    def describe(self) -> str:
        return f"at most {self.limit} characters"


@dataclass(frozen=True)
class NoDoubleDot(Constraint):
    """Contains no ``..``."""

    def check(self, value: Any) -> str | None:
        if ".." in value:
            return f"{short(value)} contains two consecutive dots (..)"
        return None

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        return f"'..' not in {var}"

    def schema(self) -> dict[str, Any]:
        return {"not": {"pattern": r"\.\."}}

    def describe(self) -> str:
        return "no `..`"


@dataclass(frozen=True)
class OneOf(Constraint):
    """One of a closed set of values (compared exactly, case included)."""

    values: tuple[Any, ...]

    def check(self, value: Any) -> str | None:
        if value in self.values and all(type(value) is type(v) for v in self.values if v == value):
            return None
        allowed = ", ".join(short(v) for v in self.values)
        if len(self.values) == 1:
            return f"must be {allowed}; got {short(value)}"
        return f"must be one of {allowed}; got {short(value)}"

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        # The value's JSON type is checked first, so 1 == True cannot confuse the test.
        return f"{var} in {const(frozenset(self.values))}"

    def schema(self) -> dict[str, Any]:
        if len(self.values) == 1:
            return {"const": self.values[0]}
        return {"enum": list(self.values)}

    def describe(self) -> str:
        return " or ".join(f"`{json.dumps(v)}`" for v in self.values)

    def passing(self) -> list[Example]:
        return [(f"the allowed value {short(v)}", v) for v in self.values]

    def breaking(self) -> list[Example]:
        first = self.values[0]
        if isinstance(first, bool):
            return [(f"{short(not first)} instead of {short(first)}", not first)]
        if isinstance(first, int):
            return [(f"{first + 1} instead of {first}", first + 1)]
        if isinstance(first, str):
            if first == "":
                return [("a non-empty string", "x")]
            swapped = first.swapcase()
            cases = [(f"{short(swapped)}, the case changed", swapped)] if swapped not in self.values else []
            return [*cases, ("a value outside the set", first + "x")]
        return []


@dataclass(frozen=True)
class IntRange(Constraint):
    """An integer from ``low`` to ``high`` inclusive."""

    low: int
    high: int

    def check(self, value: Any) -> str | None:
        if not self.low <= value <= self.high:
            return f"must be from {self.low} to {self.high}; got {value}"
        return None

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        return f"{self.low} <= {var} <= {self.high}"

    def schema(self) -> dict[str, Any]:
        return {"minimum": self.low, "maximum": self.high}

    def describe(self) -> str:
        return f"{self.low} to {self.high}"

    def passing(self) -> list[Example]:
        return [(f"the lowest value {self.low}", self.low), (f"the highest value {self.high}", self.high)]

    def breaking(self) -> list[Example]:
        return [(f"{self.low - 1}, below the range", self.low - 1),
                (f"{self.high + 1}, above the range", self.high + 1)]


@dataclass(frozen=True)
class Count(Constraint):
    """A list of ``low`` to ``high`` elements."""

    low: int
    high: int

    def check(self, value: Any) -> str | None:
        n = len(value)
        if n < self.low:
            return f"has {n} elements; at least {self.low} required"
        if n > self.high:
            return f"has {n} elements; at most {self.high} allowed"
        return None

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        return f"{self.low} <= len({var}) <= {self.high}"

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"maxItems": self.high}
        if self.low:
            out["minItems"] = self.low
        return out

    def describe(self) -> str:
        if self.low == self.high:
            return f"exactly {self.low} element(s)"
        return f"{self.low} to {self.high} elements" if self.low else f"at most {self.high} elements"


@dataclass(frozen=True)
class NotIn(Constraint):
    """None of the listed values."""

    values: tuple[str, ...]
    why: str

    def check(self, value: Any) -> str | None:
        if value in self.values:
            return f"{short(value)} is not allowed ({self.why})"
        return None

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        return f"{var} not in {const(frozenset(self.values))}"

    def schema(self) -> dict[str, Any]:
        return {"not": {"enum": list(self.values)}}

    def describe(self) -> str:
        return "not " + " nor ".join(f"`{v}`" for v in self.values)

    def breaking(self) -> list[Example]:
        return [(f"{v} ({self.why})", v) for v in self.values]


@dataclass(frozen=True)
class KeysIn(Constraint):
    """A map whose keys are all from a closed set (Go map keys compare exactly)."""

    keys: tuple[str, ...]

    def check(self, value: Any) -> str | None:
        bad = [k for k in value if k not in self.keys]
        if bad:
            return f"key(s) {', '.join(short(k) for k in bad)} not allowed; allowed: {', '.join(self.keys)}"
        return None

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        return f"{const(frozenset(self.keys))}.issuperset({var})"

    def schema(self) -> dict[str, Any]:
        return {"propertyNames": {"enum": list(self.keys)}}

    def describe(self) -> str:
        return "keys " + ", ".join(f"`{k}`" for k in self.keys)


@dataclass(frozen=True)
class NotPattern(Constraint):
    """Does not match a Go regular expression (a range of values refused, e.g. multicast)."""

    go: str
    meaning: str

    def check(self, value: Any) -> str | None:
        if compile_go(self.go).search(value) is not None:
            return f"{short(value)} is {self.meaning}, which is refused"
        return None

    def schema(self) -> dict[str, Any]:
        return {"not": {"pattern": self.go}}

    def describe(self) -> str:
        return f"not {self.meaning}"


@dataclass(frozen=True)
class ZeroOr(Constraint):
    """Go's ``omitempty``: the zero value (what an absent key leaves) passes, else ``clauses`` apply."""

    zero: Any
    clauses: tuple[Constraint, ...]

    def _is_zero(self, value: Any) -> bool:
        return bool(value == self.zero and type(value) is type(self.zero))

    def check(self, value: Any) -> str | None:
        if self._is_zero(value):
            return None
        problems = [p for c in self.clauses if (p := c.check(value)) is not None]
        return "; ".join(problems) or None

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        # The value's JSON type is checked first, so == against the zero of that type is exact.
        inner = " and ".join(f"({c.fast(var, const)})" for c in self.clauses) or "True"
        return f"{var} == {const(self.zero)} or ({inner})"

    def schema(self) -> dict[str, Any]:
        inner: dict[str, Any] = {}
        for clause in self.clauses:
            merge_schema(inner, clause.schema())
        return {"anyOf": [{"const": self.zero}, inner]}

    def describe(self) -> str:
        return f"{json.dumps(self.zero)} (left empty), or " + ", ".join(c.describe() for c in self.clauses)

    def passing(self) -> list[Example]:
        out: list[Example] = [(f"{short(self.zero)}, the zero value the vendor skips", self.zero)]
        for clause in self.clauses:
            out.extend(clause.passing())
        return out

    def breaking(self) -> list[Example]:
        return [(label, value) for clause in self.clauses for label, value in clause.breaking()
                if not self._is_zero(value)]


def get_ci(obj: dict[str, Any], key: str, default: Any = None) -> Any:
    """``obj[key]`` as Go's ``encoding/json`` finds it: case-insensitive, the last match wins."""
    found = default
    lowered = key.lower()
    for k, v in obj.items():
        if k.lower() == lowered:
            found = v
    return found


@dataclass(frozen=True)
class Unique(Constraint):
    """No two elements of a list carry the same ``key`` (compared exactly, as a Go map does)."""

    key: str

    def check(self, value: Any) -> str | None:
        seen: set[Any] = set()
        for index, element in enumerate(value):
            if not isinstance(element, dict):
                continue
            item = get_ci(element, self.key, "")
            if isinstance(item, dict | list):
                continue
            if item in seen:
                return f"[{index}].{self.key} {short(item)} repeats an earlier element's {self.key}"
            seen.add(item)
        return None

    def schema(self) -> dict[str, Any]:
        return {"x-edgeconform-unique-key": self.key}

    def describe(self) -> str:
        return f"no two elements with the same `{self.key}`"


@dataclass(frozen=True)
class Each(Constraint):
    """Every element of a list (or every value of a map) is a ``kind`` satisfying ``clauses``."""

    kind: Literal["string", "quantity"]
    clauses: tuple[Constraint, ...] = ()
    of_map: bool = False
    #: Go decodes a null element of a ``[]string`` as ``""`` (the vendor profile reads it so).
    null_is_zero: bool = False

    def _elements(self, value: Any) -> list[tuple[str, Any]]:
        if self.of_map:
            return [(f".{k}" if k.isidentifier() else f"[{json.dumps(k)}]", v) for k, v in value.items()]
        return [(f"[{i}]", v) for i, v in enumerate(value)]

    def element_problems(self, value: Any) -> list[tuple[str, str]]:
        """(path suffix, message) for every bad element."""
        out: list[tuple[str, str]] = []
        for suffix, element in self._elements(value):
            if element is None and self.null_is_zero:
                element = "" if self.kind == "string" else "0"
            if self.kind == "quantity":
                problem = quantity_problem(element)
                if problem:
                    out.append((suffix, problem))
                continue
            if not isinstance(element, str):
                out.append((suffix, f"expected a string, got {json_type_name(element)} {short(element, 30)}"))
                continue
            out.extend((suffix, p) for c in self.clauses if (p := c.check(element)))
        return out

    def element_ok(self, element: Any) -> bool:
        """The quick yes/no for one element (the generated code's fast path)."""
        if element is None and self.null_is_zero:
            element = "" if self.kind == "string" else "0"
        if self.kind == "quantity":
            if isinstance(element, str):
                return compile_go(QUANTITY_PATTERN).search(element) is not None
            return isinstance(element, int | float) and not isinstance(element, bool)
        return isinstance(element, str) and all(c.check(element) is None for c in self.clauses)

    def fast(self, var: str, const: Callable[[Any], str]) -> str:
        items = f"{var}.values()" if self.of_map else var
        return f"all(map({const(self.element_ok)}, {items}))"

    def check(self, value: Any) -> str | None:
        problems = self.element_problems(value)
        return "; ".join(f"{s}: {p}" for s, p in problems) or None

    def schema(self) -> dict[str, Any]:
        if self.kind == "quantity":
            element: dict[str, Any] = QUANTITY_SCHEMA
        else:
            element = {"type": "string"}
            for clause in self.clauses:
                merge_schema(element, clause.schema())
        return {"additionalProperties": element} if self.of_map else {"items": element}

    def describe(self) -> str:
        what = "each value" if self.of_map else "each element"
        if self.kind == "quantity":
            return f"{what} a Kubernetes quantity"
        return f"{what} " + ", ".join(c.describe() for c in self.clauses)


# A Kubernetes resource.Quantity in its serialized form (the document defers to Kubernetes).
QUANTITY_PATTERN = (
    r"^([+-]?[0-9]+(\.[0-9]*)?|[+-]?\.[0-9]+)"
    r"(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$"
)
QUANTITY_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "string", "pattern": QUANTITY_PATTERN}, {"type": "number"}]
}


def quantity_problem(value: Any) -> str | None:
    """Why ``value`` is not a Kubernetes quantity (string form, or a bare JSON number)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return f"expected a quantity (a string such as \"512Mi\"), got {json_type_name(value)}"
    if isinstance(value, str) and compile_go(QUANTITY_PATTERN).search(value) is None:
        return f"{short(value)} is not a Kubernetes quantity (such as \"0.25\", \"1\", \"512Mi\")"
    return None


_QUANTITY_SUFFIX = {
    "": Decimal(1), "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "k": Decimal("1e3"),
    "M": Decimal("1e6"), "G": Decimal("1e9"), "T": Decimal("1e12"), "P": Decimal("1e15"), "E": Decimal("1e18"),
    "Ki": Decimal(2**10), "Mi": Decimal(2**20), "Gi": Decimal(2**30), "Ti": Decimal(2**40),
    "Pi": Decimal(2**50), "Ei": Decimal(2**60),
}
_QUANTITY_PARTS = r"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([KMGTPE]i|[numkMGTPE])|[eE]([+-]?[0-9]+))?$"


def quantity_value(value: Any) -> Decimal | None:
    """The amount a Kubernetes quantity stands for (``"512Mi"`` -> 536870912), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    match = compile_go(_QUANTITY_PARTS).search(value)
    if match is None:
        return None
    number, suffix, exponent = match.groups()
    try:
        if exponent is not None:
            return Decimal(number).scaleb(int(exponent))
        return Decimal(number) * _QUANTITY_SUFFIX[suffix or ""]
    except (InvalidOperation, ValueError):
        return None


@dataclass(frozen=True)
class EncodedSize(Constraint):
    """The message, written as compact UTF-8 JSON, is at most ``limit`` bytes (a read cut)."""

    limit: int

    def check(self, value: Any) -> str | None:
        try:
            size = len(orjson.dumps(value))
        except (TypeError, orjson.JSONEncodeError):  # lone surrogates, integers past 64 bits
            size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
        if size > self.limit:
            return f"is {size} bytes as compact JSON; the vendor's edge reads at most {self.limit}"
        return None

    def schema(self) -> dict[str, Any]:
        return {"x-edgeconform-max-encoded-bytes": self.limit}

    def describe(self) -> str:
        return f"at most {self.limit} bytes as compact JSON"


def merge_schema(into: dict[str, Any], extra: dict[str, Any]) -> None:
    """Add ``extra``'s keywords to ``into``; repeated ``not``/``pattern`` go under ``allOf``."""
    for key, value in extra.items():
        if key in into:
            into.setdefault("allOf", []).append({key: value})
        else:
            into[key] = value


#: A cross-field check: given the values seen at the rule's ``reads`` paths during the
#: walk (``{template path: [(concrete path, value), ...]}``), the (path, message) of each violation.
CrossCheck = Callable[[dict[str, list[tuple[str, Any]]]], list[tuple[str, str]]]


@dataclass(frozen=True)
class Vendor:
    """What the vendor's own edge does with a rule: the ``vendor`` profile's side of it.

    ``source`` is the vendor file the fact comes from (a path in the Ascend/MEF repository,
    read for facts, never copied), ``check`` the vendor's tag or check in its own terms. ``constraints`` replaces the
    rule's under the vendor profile (``None``: the same as strict; ``()`` on a
    cross-field or prose rule: not checked). ``present`` overrides derived presence
    (``True``: the vendor refuses the field absent, e.g. a nil ``*string`` under
    ``eq=``; ``False``: it checks nothing when absent). ``cross`` says whether the rule's
    cross-field check applies. ``valid``/``invalid`` are extra boundary examples that
    only the vendor profile judges this way.
    """

    source: str
    check: str = ""
    constraints: tuple[Constraint, ...] | None = None
    present: bool | None = None
    cross: bool = True
    valid: tuple[Example, ...] = ()
    invalid: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One rule: a row of the document's table, or an envelope / cross-field rule.

    ``paths`` name where the rule applies, ``content.spec.containers[].env[].name`` style
    (``[]`` = every element). ``spec`` holds the document's own words. ``lenient`` replaces
    ``constraints`` under the lenient profile where the document's example contradicts the
    table (``erratum`` gives the number in docs/errata.md); ``lenient=None`` means the same
    constraints in both profiles. ``valid``/``invalid`` are the row's boundary examples,
    ``longest`` its longest allowed value (for the spec-maximal pod), and ``twin`` the
    path of a field that must carry the same value (a mount and the volume it names).
    ``undecided`` names derived cases (by label) the document's words do not decide, with
    why: they are INFORMATIONAL. ``inferred`` names invalid examples (by label) whose
    rejection rests on an inference of ours, with the inference: failing them is NON-STRICT.
    """

    id: str
    paths: tuple[str, ...]
    go_type: GoType
    spec: str
    group: str
    constraints: tuple[Constraint, ...] = ()
    optional: bool | None = None
    optional_why: str = ""
    lenient: tuple[Constraint, ...] | None = None
    erratum: int | None = None
    source: Literal["table", "envelope", "cross-field", "prose", "vendor"] = "table"
    unless_sibling_empty: str | None = None
    cross: CrossCheck | None = None
    reads: tuple[str, ...] = ()
    valid: tuple[Example, ...] = ()
    invalid: tuple[Example, ...] = ()
    longest: Any = None
    twin: str | None = None
    note: str = ""
    undecided: tuple[tuple[str, str], ...] = ()
    inferred: tuple[tuple[str, str], ...] = ()
    vendor: Vendor | None = None
    profiles: tuple[Profile, ...] | None = None
    # Filled in by the table once all rules are known (derived presence, per profile).
    required_in: tuple[Profile, ...] = field(default=(), compare=False)

    def constraints_for(self, profile: Profile) -> tuple[Constraint, ...]:
        if profile == "lenient" and self.lenient is not None:
            return self.lenient
        if profile == "vendor" and self.vendor is not None and self.vendor.constraints is not None:
            return self.vendor.constraints
        return self.constraints

    def applies_in(self, profile: Profile) -> bool:
        """Off where ``profiles`` leaves the profile out, and a cross-field rule whose form
        under the profile is ``()`` (lenient, vendor) is off there."""
        if self.profiles is not None and profile not in self.profiles:
            return False
        if self.source not in ("cross-field", "prose"):
            return True
        if profile == "lenient":
            return self.lenient != ()
        if profile == "vendor":
            return self.vendor is None or self.vendor.constraints != ()
        return True

    def cross_applies_in(self, profile: Profile) -> bool:
        """Whether the rule's cross-field check runs under ``profile``."""
        if self.cross is None or not self.applies_in(profile):
            return False
        return not (profile == "vendor" and self.vendor is not None and not self.vendor.cross)

    def problems(self, value: Any, profile: Profile) -> list[tuple[str, str]]:
        """(path suffix, message) for every clause ``value`` breaks, type first."""
        type_problem = self.go_type.type_error(value)
        if type_problem:
            return [("", type_problem)]
        out: list[tuple[str, str]] = []
        for clause in self.constraints_for(profile):
            if isinstance(clause, Each):
                out.extend(clause.element_problems(value))
            elif (problem := clause.check(value)) is not None:
                out.append(("", problem))
        return out

    def zero_value_breaks(self, profile: Profile) -> bool:
        """Whether Go's zero value for the field breaks the rule under ``profile``."""
        return bool(self.problems(self.go_type.zero_value(), profile))


def rule_paths(rules: Sequence[Rule]) -> list[tuple[str, Rule]]:
    return [(p, r) for r in rules for p in r.paths]
