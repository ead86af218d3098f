"""How a case reads in the Allure results: titled by case id and change, errors without the
exception's class path, steps without parameters, rule links only under a documented base URL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from harness.allure_view import (
    DOCS_URL_ENV,
    case_description,
    case_title,
    pretty_json,
    readable,
    rule_link,
    tidy_result,
)


def test_an_examples_row_is_titled_by_its_case_id_and_change_a_scenario_by_its_name() -> None:
    assert case_title("META-NAME.too-long", change="a name of 129 characters",
                      scenario="A pod that breaks a content rule is rejected") == \
        "META-NAME.too-long: a name of 129 characters"
    assert case_title("EDGE-DOCUMENT-UPDATE", scenario="The document's pod update is answered OK") == \
        "EDGE-DOCUMENT-UPDATE: The document's pod update is answered OK"
    assert case_title("CTRL-MSG-0003", scenario="A message is conformant", rules=["META-NAME"]) == \
        "CTRL-MSG-0003: A message is conformant (breaks META-NAME)"


def test_a_verdict_reads_without_the_exception_class_path() -> None:
    assert readable("harness.verdict.NonConformance: the answer differs") == "the answer differs"
    assert readable("NonConformance: x") == "x"
    assert readable("AssertionError: a bug of ours") == "AssertionError: a bug of ours"


def test_tidying_a_result_drops_step_parameters_and_the_prefix_of_step_errors() -> None:
    huge = SimpleNamespace(name="message", value="x" * 5_000_000)
    inner = SimpleNamespace(parameters=[huge], statusDetails=SimpleNamespace(
        message="harness.verdict.NonConformance: no answer"), steps=[])
    result = SimpleNamespace(statusDetails=SimpleNamespace(message="harness.verdict.NonConformance: no answer"),
                             steps=[SimpleNamespace(parameters=[huge], statusDetails=None, steps=[inner])])
    tidy_result(result)
    assert result.statusDetails.message == "no answer" and inner.statusDetails.message == "no answer"
    assert result.steps[0].parameters == [] and inner.parameters == []


def test_rule_links_need_a_documented_base_url_and_are_never_local_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DOCS_URL_ENV, raising=False)
    assert rule_link("META-NAME") is None
    monkeypatch.setenv(DOCS_URL_ENV, "file:///home/qa/edgeconform/docs")
    assert rule_link("META-NAME") is None
    monkeypatch.setenv(DOCS_URL_ENV, "https://docs.example/edgeconform/docs/")
    assert rule_link("META-NAME") == "https://docs.example/edgeconform/docs/rules.md#META-NAME"
    assert "(https://docs.example/edgeconform/docs/rules.md#META-NAME)" in case_description("X", rules=["META-NAME"])


def test_a_case_description_holds_its_change_scenario_rule_words_and_reproducer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DOCS_URL_ENV, raising=False)
    text = case_description("META-NAME.x", change="a name of 129 characters", scenario="A pod is rejected",
                            rules=["META-NAME"], reproducer="edgeconform send --case META-NAME.x")
    assert text.startswith("**META-NAME.x**: a name of 129 characters")
    assert "Scenario: A pod is rejected" in text and "`content.metadata.name`" in text and "pod name" in text
    assert text.endswith("    edgeconform send --case META-NAME.x") and "file:" not in text


def test_json_attachments_are_indented_and_other_text_is_left_alone() -> None:
    assert pretty_json('{"a":{"b":1}}') == '{\n  "a": {\n    "b": 1\n  }\n}'
    assert pretty_json("not json") == "not json"
