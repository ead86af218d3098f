"""Test cases derived from a message spec's rule table: values that must pass and values that must fail.

For every rule: its boundary values (the lowest and highest allowed integer, the
longest allowed string, a list at its maximum length, an optional field left out)
as *accept* cases, and the values just past them (one too many, one character too
long, the wrong JSON type, a required field left out, the rule's listed invalid
examples) as *reject* cases. Each case changes an otherwise conformant request (lists
grow with distinct elements), so a conformant edge must answer "OK" to the first kind
and "FAILED" to the second -- or, when the message as sent breaks the envelope, at
least never "OK". Each case also says how a wrong answer is graded (:class:`Case`):
FAIL where the document's words decide, NON-STRICT where we infer, INFORMATIONAL
where the document is silent.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from harness.rules.model import Count, Profile, Rule, Unique, short
from harness.rules.paths import locate

if TYPE_CHECKING:
    from harness.rules.spec import MessageSpec


class _Absent:
    """Marks a field left out of the message."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT: Any = _Absent()
Expectation = Literal["accept", "reject"]


@dataclass(frozen=True)
class Change:
    """Set (or, with :data:`ABSENT`, remove) the value at one concrete path."""

    path: str
    value: Any


@dataclass(frozen=True)
class Case:
    """One derived case: a conformant request with ``changes`` applied.

    How a wrong answer is graded is data of the case, never a decision of the steps:
    ``inference`` (non-empty) says which inference of ours the expectation rests on, so an
    edge that does otherwise is NON-STRICT, not FAIL; ``undecided`` says why the document's
    words do not decide the case at all (INFORMATIONAL: what the edge does is recorded);
    ``unanswered`` says why no answer at all is not judged (INFORMATIONAL when the edge
    stays silent and keeps its connection, e.g. a size the document sets no limit for).
    """

    id: str
    rule: str
    expect: Expectation
    label: str
    changes: tuple[Change, ...]
    inference: str = ""
    undecided: str = ""
    unanswered: str = ""
    #: The profiles the case is derived for (``None``: every profile whose validator agrees).
    profiles: tuple[Profile, ...] | None = None
    #: The message type the case changes a conformant request of (set by derivation).
    spec: MessageSpec | None = field(default=None, compare=False, repr=False)

    @property
    def message_spec(self) -> MessageSpec:
        """The case's message type (a case outside any spec cannot build a message)."""
        if self.spec is None:
            raise LookupError(f"case {self.id!r} belongs to no message spec")
        return self.spec

    @property
    def breaks_envelope(self) -> bool:
        """A reject case whose message as sent breaks an envelope rule: it changes a place an
        envelope rule reads (the header, the route, or the pod name that ``route.resource``
        carries). The edge may drop it unanswered, as envelope garbage."""
        if self.expect != "reject":
            return False
        reads = self.message_spec.envelope_reads
        return any(_touches(change.path, read) for change in self.changes for read in reads)

    def build(self, msg_id: str | None = None, timestamp: int | None = None) -> Any:
        """The request message of this case (a fresh ``msg_id`` unless given).

        A change at path ``""`` replaces the whole message (it may then not even be an
        object: envelope-level garbage).
        """
        for change in self.changes:
            if change.path == "":
                return copy.deepcopy(change.value)
        spec = self.message_spec
        holder: dict[str, Any] = {"content": spec.sample()}
        late: list[Change] = []
        for change in self.changes:
            if change.path == "content" or change.path.startswith("content."):
                _apply(holder, change)
            else:
                late.append(change)
        message = spec.request(holder.get("content"), msg_id=msg_id, timestamp=timestamp)
        if "content" not in holder:
            del message["content"]
        for change in late:
            _apply(message, change)
        return message

    @property
    def rules(self) -> tuple[str, ...]:
        return (self.rule,)


def _apply(message: dict[str, Any], change: Change) -> None:
    places = locate(message, change.path, create=change.value is not ABSENT)
    if not places:
        raise LookupError(f"no place {change.path!r} in the conformant request")
    place = places[0]
    if change.value is ABSENT:
        place.remove()
    else:
        place.set(copy.deepcopy(change.value))


def _touches(changed: str, read: str) -> bool:
    """Whether changing the value at ``changed`` changes the value at ``read`` (it is it, or holds it)."""
    template = re.sub(r"\[\d+\]", "[]", changed)
    return changed == "" or template == read or read.startswith(template + ".") or read.startswith(template + "[")


def _marked_optional(rule: Rule) -> bool:
    """The document itself says the field may be absent ("Optional field", or when it is carried)."""
    return rule.spec.startswith("Optional field") or bool(rule.optional_why)


def _inference(rule: Rule, path: str, expect: Expectation, label: str, value: Any) -> str:
    """The inference of ours a case's expectation rests on ("" when the document's words decide)."""
    inferred = dict(rule.inferred)
    if label in inferred:
        return inferred[label]
    where = re.sub(r"\[\d+\]", "[]", path)
    if value is ABSENT and expect == "reject" and rule.group != "envelope":
        return (f"the table never calls {where} optional; that it must be present is our inference: Go decodes "
                f"an absent key to the zero value {short(rule.go_type.zero_value())}, which breaks the row")
    if value is ABSENT and expect == "accept" and not _marked_optional(rule):
        why = (f"Go decodes an absent {rule.go_type.text} to nil" if rule.go_type.nullable
               else f"Go's zero value {short(rule.go_type.zero_value())} satisfies the row")
        return f"the table never calls {where} optional; that it may be left out is our inference ({why})"
    if (expect == "reject" and _marked_optional(rule) and not rule.go_type.pointer and value is not ABSENT
            and rule.go_type.type_error(value) is None and value == rule.go_type.zero_value()):
        return (f"{where} is optional and a plain {rule.go_type.text}: in Go an explicit {short(value)} cannot be "
                "told from an absent key, so refusing it is our inference")
    return ""


def slug(text: str) -> str:
    """``"a name of 129 characters"`` -> ``"a-name-of-129-characters"``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].rstrip("-")


def _first_place(rule: Rule, base: dict[str, Any]) -> tuple[str, Any] | None:
    """The first concrete path of ``rule`` in ``base`` (its current value, or ABSENT)."""
    if rule.paths == ("",):
        return "", base
    for template in rule.paths:
        places = locate(base, template)
        if places:
            place = places[0]
            return place.path, place.get() if place.exists() else ABSENT
    return None


def _owns_type(rule: Rule, rules: tuple[Rule, ...]) -> bool:
    """Whether ``rule`` is the first rule of ``rules`` at its path (it reports the path's type)."""
    if rule.source == "cross-field":
        return False
    for other in rules:
        if other.source != "cross-field" and set(other.paths) & set(rule.paths):
            return other is rule
    return False


Derived = tuple[Expectation, str, Any, tuple[Profile, ...] | None]
#: The profiles of a case only the vendor profile derives.
VENDOR_ONLY: tuple[Profile, ...] = ("vendor",)
_VENDOR_ONLY = VENDOR_ONLY


def _values(spec: MessageSpec, rule: Rule, current: Any) -> Iterator[Derived]:
    """(expectation, label, value, profiles) for one rule, before profile filtering.

    The strict clauses come first (every profile); then what only the vendor profile
    adds: its own clauses, its boundary examples, and absence where only it allows it.
    """
    derived: set[str] = set()
    for expect, label, value in _values_of(spec, rule, current, rule.constraints, rule.valid, rule.invalid):
        derived.add(_key(expect, value))
        yield expect, label, value, rule.profiles
    vendor = rule.vendor
    if vendor is None or rule.profiles is not None:
        return
    if _owns_type(rule, spec.rules) and rule.paths[0] != "":
        others_require = _required_outside_vendor(rule)
        if others_require and "vendor" not in rule.required_in and current is not ABSENT:
            yield "accept", "the field left out, which the vendor allows", ABSENT, _VENDOR_ONLY
        if not others_require and "vendor" in rule.required_in:
            yield "reject", "the field left out, which the vendor refuses", ABSENT, _VENDOR_ONLY
    extra = tuple(c for c in rule.constraints_for("vendor") if c not in rule.constraints)
    for expect, label, value in _values_of(spec, rule, current, extra, vendor.valid, vendor.invalid, types=False):
        if _key(expect, value) not in derived:  # the same change is already a case of every profile
            derived.add(_key(expect, value))
            yield expect, label, value, _VENDOR_ONLY


def _key(expect: Expectation, value: Any) -> str:
    return expect + repr(value)


def _required_outside_vendor(rule: Rule) -> bool:
    """Whether the document's profiles (or, for a vendor-only rule, the vendor) require the field."""
    if rule.profiles is not None:
        return bool(rule.required_in)
    return any(p != "vendor" for p in rule.required_in)


def _values_of(spec: MessageSpec, rule: Rule, current: Any, clauses: tuple[Any, ...],
               valid: tuple[tuple[str, Any], ...], invalid: tuple[tuple[str, Any], ...],
               types: bool = True) -> Iterator[tuple[Expectation, str, Any]]:
    if types and _owns_type(rule, spec.rules):
        for label, value in rule.go_type.wrong_type_examples():
            yield "reject", label, value
        if _required_outside_vendor(rule):
            yield "reject", "the field left out", ABSENT
        elif current is not ABSENT and rule.paths[0] != "":
            yield "accept", "the optional field left out", ABSENT
        if rule.paths[0] == "":
            return
    for clause in clauses:
        if isinstance(clause, Unique):
            if isinstance(current, list) and current:
                yield "reject", f"the first element repeated ({clause.key} twice)", [*current, current[0]]
            continue
        if isinstance(clause, Count) and isinstance(current, list) and current:
            # Grow by copying the last element, made distinct (names, paths, ports), so every
            # element already there stays and the pod stays conformant in every other respect.
            def grown(n: int, items: list[Any] = current, path: str = rule.paths[0]) -> list[Any]:
                return spec.grow(path, items, n)

            yield "accept", f"{clause.high} elements, the most allowed", grown(clause.high)
            yield "reject", f"{clause.high + 1} elements, one too many", grown(clause.high + 1)
            if clause.low > 0:
                yield "reject", f"{clause.low - 1} elements, one too few", grown(clause.low - 1)
            continue
        for label, value in clause.passing():
            yield "accept", label, value
        for label, value in clause.breaking():
            yield "reject", label, value
    for label, value in valid:
        yield "accept", label, value
    for label, value in invalid:
        yield "reject", label, value


def _rule_cases(spec: MessageSpec, rule: Rule, base: dict[str, Any]) -> list[Case]:
    located = _first_place(rule, base)
    if located is None:
        return []
    path, current = located
    out: list[Case] = []
    seen: set[str] = set()
    twin = _twin_path(rule, base)
    undecided = dict(rule.undecided)
    for expect, label, value, profiles in _values(spec, rule, current):
        case_id = f"{rule.id}.{slug(label)}"
        while case_id in seen:
            case_id += "-2"
        seen.add(case_id)
        changes = [Change(path, value)]
        if twin is not None and expect == "accept" and isinstance(value, str):
            changes.append(Change(twin, value))
        if expect == "accept" and isinstance(value, list):
            changes += _declarations(spec, path, value, base)
        inference = _inference(rule, path, expect, label, value)
        if not spec.documented and not undecided.get(label):
            inference = spec.undocumented_why  # no words of the document: every expectation is the vendor's
        out.append(Case(case_id, rule.id, expect, label, tuple(changes),
                        inference=inference, undecided=undecided.get(label, ""),
                        profiles=profiles, spec=spec))
    return out


def _declarations(spec: MessageSpec, path: str, items: list[Any], base: dict[str, Any]) -> list[Change]:
    """For a list whose elements name elements of another list (a cross-field rule reads both,
    mounts naming volumes): that other list, declaring every name ``items`` uses."""
    template = re.sub(r"\[\d+\]", "[]", path)
    out: list[Change] = []
    for rule in spec.rules:
        if rule.source != "cross-field" or len(rule.reads) != 2 or rule.reads[1] != f"{template}[].name":
            continue
        declared = rule.reads[0].removesuffix("[].name")
        places = locate(base, declared)
        if places and isinstance(places[0].get(), list):
            names = [item.get("name") for item in items if isinstance(item, dict)]
            out.append(Change(places[0].path, spec.declare(places[0].get(), names)))
    return out


def _twin_path(rule: Rule, base: dict[str, Any]) -> str | None:
    """The first concrete place of ``rule.twin``: renamed with it, so accepted names stay paired."""
    if rule.twin is None:
        return None
    places = locate(base, rule.twin)
    return places[0].path if places else None


@cache
def all_cases(spec: MessageSpec) -> tuple[Case, ...]:
    """Every derived case of every rule of ``spec``, then its special cases, before profile filtering.

    Every case id's family (the part before its dot) is one the spec owns (a rule id of its
    table, or one of its declared families): ids never collide across specs.
    """
    base = spec.sample_request()
    out: list[Case] = []
    for rule in spec.rules:
        out.extend(_rule_cases(spec, rule, base))
    out.extend(dataclasses.replace(case, spec=spec) for case in spec.special_cases(spec))
    strays = [c.id for c in out if not spec.owns_family(c.id.split(".", 1)[0])]
    if strays:
        raise ValueError(f"{spec.key}: case ids outside the spec's families: {', '.join(strays[:5])}")
    return tuple(out)


@cache
def cases_for(spec: MessageSpec, profile: Profile = "strict") -> tuple[Case, ...]:
    """The cases of ``spec`` whose expectation holds under ``profile`` (judged by the validator).

    A reject case whose value the profile accepts (an erratum under ``lenient``) is
    left out; so is an accept case the profile rejects (removing every volume, say,
    also orphans the mounts: a special case removes both). A reject case may break a
    cross-field rule besides its own (a volume renamed past its pattern no longer
    matches its mount); its own rule is always among the violations.
    """
    from harness.rules.validator import validate

    kept: list[Case] = []
    for case in all_cases(spec):
        if case.profiles is not None and profile not in case.profiles:
            continue
        violations = validate(case.build(msg_id="00000000-0000-4000-8000-000000000000"), profile, spec=spec)
        broken = {v.rule for v in violations}
        if (case.expect == "accept" and not violations) or (case.expect == "reject" and case.rule in broken):
            kept.append(case)
    return tuple(kept)


def rule_of(case: Case) -> Rule:
    return case.message_spec.rules_by_id[case.rule]


def cases_by_id(spec: MessageSpec, profile: Profile = "strict") -> dict[str, Case]:
    return {c.id: c for c in cases_for(spec, profile)}


@dataclass(frozen=True)
class FrameCase:
    """A frame that is not a pod update at all (envelope-level garbage)."""

    id: str
    label: str
    frame: str | bytes


#: Frames an edge must never answer "OK" (the vendor's edge drops them unanswered).
FRAME_CASES: tuple[FrameCase, ...] = (
    FrameCase("FRAME.not-json", "a text frame that is not JSON", "this is not JSON"),
    FrameCase("FRAME.truncated-json", "a pod update cut off in the middle", '{"header": {"msg_id": "'),
    FrameCase("FRAME.empty-object", "an empty JSON object", "{}"),
    FrameCase("FRAME.json-array", "a JSON array", "[]"),
    FrameCase("FRAME.binary", "a binary frame", b"\x00\x01binary\xff"),
)
FRAME_CASES_BY_ID: dict[str, FrameCase] = {f.id: f for f in FRAME_CASES}
