"""The validator: a message spec's rule table compiled, once per profile, into a tree of checks.

``validate(message, spec=...)`` walks a decoded message once and returns **every** violation,
each naming its rule id, the JSON path with list indices as spelled in the message
(``content.spec.containers[2].env[7].name``) and a message a person understands.
Wrong JSON types are violations, never exceptions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from harness.rules.model import Each, Profile, Rule, short
from harness.rules.paths import split_path

if TYPE_CHECKING:
    from harness.rules.spec import MessageSpec
    from harness.rules.vendor_config import VendorConfig


class Violation(NamedTuple):
    """One broken rule at one place of one message."""

    rule: str
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "path": self.path, "message": self.message}


@dataclass
class _Node:
    key: str
    rules: list[Rule] = field(default_factory=list)
    children: dict[str, _Node] = field(default_factory=dict)
    items: _Node | None = None
    list_rule: str = ""
    required: bool = False
    skip_if_empty: str | None = None
    reads: str | None = None


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def _lookup_ci(obj: dict[str, Any], lowered: tuple[str, ...]) -> list[Any]:
    """[key, value, key, value, ...] for each wanted key: Go's case-insensitive, last-wins match."""
    found: dict[str, tuple[str, Any]] = {}
    for key, value in obj.items():
        found[key.lower()] = (key, value)
    out: list[Any] = []
    for want in lowered:
        key, value = found.get(want, (want, _MISSING))
        out.extend((key, value))
    return out


class _Generator:
    """Writes the tree out as one Python function of straight-line checks.

    Each node becomes a type test, then one fast boolean expression per clause whose
    failure branch asks the clause itself for the message. Objects read their known
    keys with ``dict.get`` and fall back to Go's case-insensitive lookup only when the
    object holds a key outside the canonical spellings. Paths are formatted only when
    a violation is recorded.
    """

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {"_V": Violation, "_M": _MISSING, "_ci": _lookup_ci}
        self._names: dict[int, str] = {}
        self._keep: list[Any] = []
        self._counter = 0

    def const(self, obj: Any) -> str:
        key = id(obj)
        if key not in self._names:
            name = f"_c{len(self._names)}"
            self._names[key] = name
            self._keep.append(obj)
            self.namespace[name] = obj
        return self._names[key]

    def var(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def function(self, root: _Node) -> str:
        self.lines = ["def _validate(m, _out, _seen):"]
        self.value(root, "m", "$", 1, top=True)
        return "\n".join(self.lines) + "\n"

    def value(self, node: _Node, var: str, path: str, depth: int, top: bool = False) -> None:
        """Checks for ``var`` at ``path`` (an f-string body); emits at least one line."""
        start = len(self.lines)
        if node.reads is not None:
            self.emit(depth, f"_seen[{node.reads!r}].append((f{path!r}, {var}))")
        if node.rules:
            owner = node.rules[0]
            gotype = owner.go_type
            if gotype.nullable:
                self.emit(depth, f"if {var} is not None:")
                depth += 1
            self.emit(depth, f"if not {gotype.fast_type(var)}:")
            self.emit(depth + 1, f"_out.append(_V({owner.id!r}, f{path!r}, {self.const(gotype)}.type_error({var})))")
            if top:
                self.emit(depth + 1, "return")
            else:
                self.emit(depth, "else:")
                depth += 1
            body = len(self.lines)
            for rule in node.rules:
                for clause in rule.constraints_for(self.profile):
                    name = self.const(clause)
                    self.emit(depth, f"if not ({clause.fast(var, self.const)}):")
                    if isinstance(clause, Each):
                        self.emit(depth + 1, f"_out.extend(_V({rule.id!r}, f{path!r} + s, t) "
                                             f"for s, t in {name}.element_problems({var}))")
                    else:
                        self.emit(depth + 1, f"_out.append(_V({rule.id!r}, f{path!r}, {name}.check({var})))")
            self.children(node, var, path, depth)
            if len(self.lines) == body and not top:
                self.emit(depth, "pass")
        else:
            self.children(node, var, path, depth, untyped=True)
        if len(self.lines) == start:
            self.emit(depth, "pass")

    def children(self, node: _Node, var: str, path: str, depth: int, untyped: bool = False) -> None:
        if node.children:
            if untyped:
                self.emit(depth, f"if not isinstance({var}, dict):")
                self.emit(depth + 1, f"_out.append(_V({node.list_rule!r}, f{path!r}, "
                                     f"'expected an object, got ' + {self.const(short)}({var}, 30)))")
                self.emit(depth, "else:")
                depth += 1
            self.object(node, var, path, depth)
        if node.items is not None:
            index, item = self.var("i"), self.var("v")
            if untyped:
                self.emit(depth, f"if isinstance({var}, list):")
                depth += 1
            self.emit(depth, f"for {index}, {item} in enumerate({var}):")
            if self.profile == "vendor" and node.items.children:
                # Go decodes a null element of a list of structs as the zero struct.
                self.emit(depth + 1, f"if {item} is None: {item} = {{}}")
            self.value(node.items, item, f"{path}[{{{index}}}]", depth + 1)

    def object(self, node: _Node, var: str, path: str, depth: int) -> None:
        children = list(node.children.values())
        names = [(self.var("k"), self.var("v")) for _ in children]
        canonical = frozenset(c.key for c in children)
        for (key_var, value_var), child in zip(names, children, strict=True):
            self.emit(depth, f"{key_var} = {child.key!r}; {value_var} = {var}.get({child.key!r}, _M)")
        self.emit(depth, f"if not {self.const(canonical)}.issuperset({var}):")
        targets = ", ".join(f"{k}, {v}" for k, v in names)
        lowered = tuple(c.key.lower() for c in children)
        self.emit(depth + 1, f"{targets}, = _ci({var}, {lowered!r})")
        by_key = {c.key.lower(): names[i][1] for i, c in enumerate(children)}
        prefix = "" if path == "$" else path + "."
        for (key_var, value_var), child in zip(names, children, strict=True):
            inner = depth
            if child.skip_if_empty is not None:
                sibling = by_key[child.skip_if_empty]
                # "If the value is empty, probe parameters are not verified."
                self.emit(depth, f"if not ({sibling} is _M or {sibling} is None or {sibling} == ''):")
                inner += 1
            if self.profile == "vendor":
                # Go's encoding/json leaves a field untouched on null: as if the key were absent.
                self.emit(inner, f"if {value_var} is None: {value_var} = _M")
            self.emit(inner, f"if {value_var} is _M:")
            if child.required:
                owner = child.rules[0]
                if owner.go_type.base == "struct":
                    why = "it holds required fields"
                elif owner.go_type.pointer:
                    why = "absent, Go reads it as nil, which the vendor's check refuses"
                else:
                    why = f"absent, Go reads it as {short(owner.go_type.zero_value())}, which breaks the rule"
                self.emit(inner + 1, f"_out.append(_V({owner.id!r}, f{prefix + child.key!r}, "
                                     f"{'is missing (' + why + ')'!r}))")
            else:
                self.emit(inner + 1, "pass")
            self.emit(inner, "else:")
            self.value(child, value_var, f"{prefix}{{{key_var}}}", inner + 1)


class Validator:
    """All the path rules and cross-field rules of one profile, ready to run."""

    def __init__(self, rules: Iterable[Rule], profile: Profile) -> None:
        self.profile: Profile = profile
        self.root = _Node("")
        self.cross_rules: list[Rule] = []
        for rule in rules:
            if rule.cross is not None:
                self.cross_rules.append(rule)
            if rule.source == "cross-field":
                continue
            for path in rule.paths:
                node = self._node_at(path)
                node.rules.append(rule)
                node.required = node.required or profile in rule.required_in
                if rule.unless_sibling_empty:
                    node.skip_if_empty = rule.unless_sibling_empty.lower()
        #: (rule id, check) of the cross-field rules this profile applies.
        self._cross_checks = [(rule.id, rule.cross) for rule in self.cross_rules
                              if rule.cross is not None and rule.cross_applies_in(profile)]
        self.reads: set[str] = {path for rule in self.cross_rules for path in rule.reads}
        for path in self.reads:
            self._node_at(path).reads = path
        generator = _Generator(profile)
        #: The generated checking function's source, for the curious and for debugging.
        self.source = generator.function(self.root)
        namespace = generator.namespace
        exec(compile(self.source, f"<edgeconform validator: {profile}>", "exec"), namespace)
        self._check: Callable[[Any, list[Violation], dict[str, list[tuple[str, Any]]]], None] = (
            namespace["_validate"])

    def _node_at(self, path: str) -> _Node:
        node = self.root
        parent_rule = ""
        for segment in split_path(path):
            if segment == "[]":
                if node.items is None:
                    node.items = _Node("[]", list_rule=node.rules[0].id if node.rules else parent_rule)
                node = node.items
            else:
                node = node.children.setdefault(segment.lower(), _Node(segment))
            parent_rule = node.rules[0].id if node.rules else parent_rule
        return node

    def validate(self, message: Any) -> list[Violation]:
        """Every violation of ``message`` (a decoded JSON value), in document order."""
        out: list[Violation] = []
        seen: dict[str, list[tuple[str, Any]]] = {path: [] for path in self.reads}
        self._check(message, out, seen)
        for rule_id, cross in self._cross_checks:
            for path, text in cross(seen):
                out.append(Violation(rule_id, path, text))
        return out


@cache
def validator_for(spec: MessageSpec, profile: Profile = "strict") -> Validator:
    """The compiled validator of ``spec`` under ``profile`` (built once per process)."""
    return Validator(spec.rules_for(profile), profile)


def validate(message: Any, profile: Profile = "strict", vendor_config: VendorConfig | None = None, *,
             spec: MessageSpec) -> list[Violation]:
    """Every violation of a decoded request of message type ``spec`` under ``profile``.

    Under the vendor profile, ``vendor_config`` turns on the checks that depend on the
    edge's configuration (harness/rules/vendor_config.py, the spec's ``settings``); without it they are off.
    """
    violations = validator_for(spec, profile).validate(message)
    if profile == "vendor" and vendor_config is not None and spec.settings is not None:
        violations.extend(Violation(*found) for found in spec.settings(message, vendor_config))
    return violations
