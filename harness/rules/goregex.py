"""Go ``regexp`` (RE2) semantics on top of Python's ``re``.

The vendor's edge checks every pattern with Go's ``regexp.MatchString``. For the
patterns of the Pod Update table the two engines differ in three places, which this
module closes:

* ``$`` in Go (no ``m`` flag) matches only at the very end of the text; Python's ``$``
  also matches before a final ``\\n``. Unescaped ``$`` outside a class becomes ``\\Z``.
* ``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII-only in Go; Python needs ``re.ASCII``.
* Go's ``\\z`` (end of text) is Python's ``\\Z``.

Constructs Go does not have (back-references, look-around) are refused, so a rule can
never silently use a feature the vendor's engine lacks.
"""

from __future__ import annotations

import re
from functools import cache

_UNSUPPORTED = ("(?=", "(?!", "(?<=", "(?<!", "(?P=")


class GoPatternError(ValueError):
    """The pattern uses a construct that Go's RE2 engine does not support."""


def translate(go_pattern: str) -> str:
    """Return a Python pattern that matches exactly the strings Go's regexp matches."""
    for construct in _UNSUPPORTED:
        if construct in go_pattern:
            raise GoPatternError(f"{construct!r} is not RE2 syntax: {go_pattern!r}")
    if re.search(r"\\[1-9]", go_pattern):
        raise GoPatternError(f"back-references are not RE2 syntax: {go_pattern!r}")
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(go_pattern):
        ch = go_pattern[i]
        if ch == "\\" and i + 1 < len(go_pattern):
            nxt = go_pattern[i + 1]
            out.append("\\Z" if nxt == "z" and not in_class else ch + nxt)
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            # A ']' right after '[' or '[^' is a literal member in both engines.
            if go_pattern[i + 1 : i + 2] == "^":
                out.append("[^")
                i += 2
                if go_pattern[i : i + 1] == "]":
                    out.append("\\]")
                    i += 1
                continue
            if go_pattern[i + 1 : i + 2] == "]":
                out.append("[\\]")
                i += 2
                continue
        elif ch == "$":
            out.append("\\Z")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@cache
def compile_go(go_pattern: str) -> re.Pattern[str]:
    """Compile a Go pattern for ``search`` with Go's matching semantics."""
    return re.compile(translate(go_pattern), re.ASCII)


def go_match(go_pattern: str, text: str) -> bool:
    """``regexp.MatchString(go_pattern, text)`` as Go evaluates it."""
    return compile_go(go_pattern).search(text) is not None
