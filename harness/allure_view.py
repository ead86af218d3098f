"""How a case reads in the Allure results (and so in the HTML report of ``edgeconform report``).

allure-pytest-bdd names a result after its scenario, describes it with its *feature*, records
every step function's arguments (fixtures included) as step parameters by ``repr`` and prefixes
errors with the exception's class path. For a conformance report that hides what matters, so:

- :func:`case_title`: every result is named by its case id and its change (an Examples row's
  ``change`` column), or the scenario's name for a scenario that is one case;
- :func:`case_description`: the case's own description -- the scenario's description, the
  spec's words of each rule it exercises, and the one command that replays it;
- :func:`rule_link`: a rule's link goes to ``$EDGECONFORM_DOCS_URL/rules.md#<RULE>``; without
  that documented base URL there is no link (never a ``file:///`` path of the machine that ran
  the suite), the rule's words being in the description anyway;
- :class:`ResultTidier` (an allure-commons plugin, run before the results are written): errors
  without the ``harness.verdict.NonConformance:`` prefix, and no step parameters (the step's
  title already carries its values; fixtures' reprs are noise, and a message fixture's repr put
  the 4.7 MB message in every step of a controller report).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import Any

import allure_commons

from harness.messages import rule_by_id

#: The base URL of the published docs/ folder (``.../docs``): rule links go to ``<base>/rules.md#<RULE>``.
DOCS_URL_ENV = "EDGECONFORM_DOCS_URL"
_EXCEPTION_PREFIX = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?NonConformance: ")


def readable(message: str) -> str:
    """An error message as a person reads it: without ``harness.verdict.NonConformance:``."""
    return _EXCEPTION_PREFIX.sub("", message, count=1)


def case_title(case_id: str, *, change: str = "", scenario: str = "", rules: Iterable[str] = ()) -> str:
    """``<case id>: <change>`` for an Examples row, ``<case id>: <scenario>`` for a scenario that is
    one case (with the rules it breaks, for a controller message)."""
    what = change or scenario
    breaks = [r for r in rules if r]
    if not change and breaks:
        what += f" (breaks {', '.join(breaks)})"
    return f"{case_id}: {what}" if what else case_id


def rule_link(rule_id: str) -> str | None:
    """The URL of ``rule_id``'s row in docs/rules.md under ``$EDGECONFORM_DOCS_URL``; None without it."""
    base = os.environ.get(DOCS_URL_ENV, "").strip().rstrip("/")
    if not base or base.startswith("file:"):
        return None
    return f"{base}/rules.md#{rule_id}"


def case_description(case_id: str, *, change: str = "", scenario: str = "", scenario_description: str = "",
                     rules: Iterable[str] = (), reproducer: str = "") -> str:
    """The case's own description (Markdown): what it changes, its scenario and the scenario's
    description, the spec's words of its rules, and the command that replays it."""
    parts = [f"**{case_id}**" + (f": {change}" if change else "")]
    if scenario:
        parts.append(f"Scenario: {scenario}")
    if scenario_description.strip():
        parts.append(" ".join(scenario_description.split()))
    for rule_id in rules:
        rule = rule_by_id(rule_id)
        if rule is None:
            continue
        where = ", ".join(f"`{path}`" for path in rule.paths if path) or "the whole message"
        link = rule_link(rule_id)
        name = f"[{rule_id}]({link})" if link else rule_id
        parts.append(f"Rule {name} ({where}): {rule.spec}")
    if reproducer:
        parts.append(f"Reproduce:\n\n    {reproducer}")
    return "\n\n".join(parts)


def pretty_json(text: str) -> str:
    """``text`` indented for reading when it is JSON (attachments shown in the report); else as it is."""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):
        return text


def _tidy_steps(steps: Iterable[Any]) -> None:
    for step in steps:
        step.parameters = []
        details = getattr(step, "statusDetails", None)
        if details is not None and isinstance(getattr(details, "message", None), str):
            details.message = readable(details.message)
        _tidy_steps(getattr(step, "steps", None) or [])


def tidy_result(result: Any) -> None:
    """Make an allure-commons test result readable in place (see the module's docstring)."""
    details = getattr(result, "statusDetails", None)
    if details is not None and isinstance(getattr(details, "message", None), str):
        details.message = readable(details.message)
    _tidy_steps(getattr(result, "steps", None) or [])


class ResultTidier:
    """An allure-commons plugin: :func:`tidy_result` on every test result before it is written."""

    @allure_commons.hookimpl(tryfirst=True)
    def report_result(self, result: Any) -> None:
        tidy_result(result)
