"""Go regexp semantics on Python's re."""

from __future__ import annotations

import pytest

from harness.rules.goregex import GoPatternError, go_match, translate


def test_dollar_matches_only_at_the_very_end_as_in_go() -> None:
    assert go_match("^[a-z]+$", "abc")
    assert not go_match("^[a-z]+$", "abc\n")


def test_a_dollar_inside_a_class_or_escaped_stays_literal() -> None:
    assert go_match("^[$]$", "$")
    assert go_match(r"^a\$$", "a$")
    assert translate("^[$a]$") == "^[$a]\\Z"


def test_digit_classes_are_ascii_only_as_in_go() -> None:
    assert go_match(r"^\d+$", "123")
    assert not go_match(r"^\d+$", "١٢٣")  # Arabic-Indic digits


def test_a_closing_bracket_first_in_a_class_is_literal() -> None:
    assert go_match("^[]a]+$", "]a")
    assert go_match("^[^]a]+$", "bc")


def test_the_documents_typo_patterns_behave_as_written() -> None:
    assert go_match("^^[a-zA-Z0-9-]{1,63}$", "vol-1")
    assert go_match("^[a-zA-Z][a-zA-z0-9._-]{0,30}[a-zA-Z0-9]$", "A[b")  # `A-z` admits '['


@pytest.mark.parametrize("pattern", ["(?=a)", "(?!a)", "(?<=a)b", r"(a)\1"])
def test_constructs_go_lacks_are_refused(pattern: str) -> None:
    with pytest.raises(GoPatternError):
        translate(pattern)
