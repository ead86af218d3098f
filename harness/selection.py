"""Selecting cases by id: what ``-k EXPR`` means for an edgeconform suite (no I/O, no pytest).

EXPR is words joined by ``and``, ``or``, ``not`` and parentheses, as pytest's ``-k``; but a
word matches a case *exactly*, never as a substring (``META-NAME`` does not select the
``META-NAMESPACE`` cases). A word matches a case when it is, ignoring case:

- the case id (``META-NAME.a-name-of-129-characters``), or the part before its first dot
  (``FRAME`` for every ``FRAME.…`` case, ``POD`` for ``POD.spec-maximal``);
- one of the case's rule ids (``META-NAME``);
- a shell pattern over those (``META-*``, ``*-of-129-characters``), or a word ending in ``-``
  or ``.``, which selects every id it begins (``EDGE-`` is ``EDGE-*``).

A word that matches no case of the suite is an error (a typo must not silently select
nothing, nor everything under ``not``).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\s*(\(|\)|[^\s()]+)")
_OPERATORS = ("and", "or", "not")
_PATTERN_CHARACTERS = frozenset("*?[")

Names = Collection[str]
Matcher = Callable[[Names], bool]


class SelectionError(ValueError):
    """The expression cannot be read (one line, for a usage error)."""


def names_of(case_id: str, rules: Iterable[str]) -> frozenset[str]:
    """What a case answers to: its id, its id's family (before the first dot) and its rule ids."""
    family = case_id.split(".", 1)[0]
    return frozenset(name.lower() for name in (case_id, family, *rules) if name)


def word_matches(word: str, names: Names) -> bool:
    """Whether one word of the expression names a case known by ``names`` (from :func:`names_of`)."""
    word = word.lower()
    if word.endswith(("-", ".")):
        word += "*"
    if _PATTERN_CHARACTERS & set(word):
        return any(fnmatch.fnmatchcase(name, word) for name in names)
    return word in names


@dataclass(frozen=True)
class Selection:
    """A compiled ``-k`` expression: its words, and whether it selects a case."""

    expression: str
    words: tuple[str, ...]
    _matcher: Matcher

    def selects(self, names: Names) -> bool:
        return self._matcher(names)


def compile_selection(expression: str) -> Selection:
    """Read ``expression``; :class:`SelectionError` when it is not words, and/or/not and parentheses."""
    tokens = _TOKEN.findall(expression)
    if "".join(tokens) != re.sub(r"\s+", "", expression) or not tokens:
        raise SelectionError("expected case ids or rule ids joined by and, or, not and parentheses")
    words: list[str] = []
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        token = peek()
        if token is None:
            raise SelectionError("the expression ends too early")
        position += 1
        return token

    def either() -> Matcher:
        parts = [both()]
        while peek() == "or":
            take()
            parts.append(both())
        return parts[0] if len(parts) == 1 else lambda names: any(part(names) for part in parts)

    def both() -> Matcher:
        parts = [negation()]
        while peek() == "and":
            take()
            parts.append(negation())
        return parts[0] if len(parts) == 1 else lambda names: all(part(names) for part in parts)

    def negation() -> Matcher:
        token = take()
        if token == "not":
            inner = negation()
            return lambda names: not inner(names)
        if token == "(":
            inner = either()
            if take() != ")":
                raise SelectionError("a parenthesis is not closed")
            return inner
        if token == ")" or token in _OPERATORS:
            raise SelectionError(f"{token!r} where a case id or rule id was expected")
        words.append(token)
        return lambda names: word_matches(token, names)

    matcher = either()
    if position != len(tokens):
        raise SelectionError(f"{tokens[position]!r} where and, or or the end was expected")
    return Selection(expression, tuple(words), matcher)


def unknown_words(selection: Selection, cases: Iterable[Names]) -> list[str]:
    """The words of ``selection`` that name no case at all (typos), in the order written."""
    every = list(cases)
    return [word for word in dict.fromkeys(selection.words) if not any(word_matches(word, names) for names in every)]
