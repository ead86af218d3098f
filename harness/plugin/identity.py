"""Case identity: a test item's case id and rule ids (its Examples row and ``case.<ID>`` /
``rule.<ID>`` markers), scenario tags registered as markers, and ``-k`` selecting cases by id,
exactly (harness/selection.py)."""

from __future__ import annotations

import pytest

#: The ``-k`` expression the plugin selected by (summary.json echoes it).
SELECTION_KEY = pytest.StashKey[str]()


def case_identity(item: pytest.Item) -> tuple[str, list[str]]:
    """The case id and rule ids of a test item, from its markers and Examples row."""
    case_id = ""
    rules: list[str] = []
    example = getattr(getattr(item, "callspec", None), "params", {}).get("_pytest_bdd_example")
    if isinstance(example, dict):
        case_id = str(example.get("case", ""))
        if example.get("rule"):
            rules.append(str(example["rule"]))
    for mark in item.iter_markers():
        kind, separator, value = mark.name.partition(".")
        if not separator:
            kind, separator, value = mark.name.partition(":")
        if kind == "case" and value and not case_id:
            case_id = value
        elif kind == "rule" and value and value not in rules:
            rules.append(value)
    return case_id or item.nodeid, rules


def register_markers(config: pytest.Config) -> None:
    """The markers every edgeconform suite uses."""
    config.addinivalue_line("markers", "edge: a case of the edge certification suite")
    config.addinivalue_line("markers", "informational: the document is silent; the behaviour is recorded, not judged")


def register_tag(config: pytest.Config, tag: str) -> None:
    """A scenario's tag (``case.<ID>``, a feature tag) as a marker, so ``--strict-markers`` accepts it."""
    config.addinivalue_line("markers", f"{tag}: an edgeconform scenario tag")


def select_by_id(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``-k`` over edgeconform cases selects by id, exactly, instead of pytest's substring matching:
    ``-k META-NAME`` is not ``META-NAMESPACE``; a word naming no case, or an expression selecting
    none, is a usage error before any case runs. A run with other tests keeps pytest's own ``-k``."""
    expression = str(config.getoption("keyword", default="") or "")
    if not expression.strip() or not items:
        return
    identities = [case_identity(item) for item in items]
    if any(case_id == item.nodeid for item, (case_id, _) in zip(items, identities, strict=True)):
        return  # not only edgeconform cases: pytest's -k applies
    from harness.selection import SelectionError, compile_selection, names_of, unknown_words

    try:
        selection = compile_selection(expression)
    except SelectionError as exc:
        raise pytest.UsageError(f"-k {expression!r}: {exc}") from None
    names = [names_of(case_id, rules) for case_id, rules in identities]
    unknown = unknown_words(selection, names)
    if unknown:
        raise pytest.UsageError(f"-k {expression!r}: {', '.join(unknown)} names no case id or rule id of this "
                                "suite (-k takes case ids, rule ids and patterns such as META-*; see README)")
    keep = [item for item, item_names in zip(items, names, strict=True) if selection.selects(item_names)]
    if not keep:
        raise pytest.UsageError(f"-k {expression!r} matches no case")
    config.stash[SELECTION_KEY] = expression
    config.option.keyword = ""  # selected here: pytest's substring matching must not run on top
    if len(keep) < len(items):
        kept = set(keep)
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = keep
