"""What the plugin adds to the Allure results: results tidied for reading by case, each case named
and described by its id, rules and reproducer, and the run's environment.properties."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.plugin.identity import case_identity
from harness.plugin.summary import SUMMARY_KEY


def wanted(config: pytest.Config) -> bool:
    """Whether this run writes Allure results (``--alluredir``)."""
    return bool(config.getoption("allure_report_dir", default=None))


def tidy_results(config: pytest.Config) -> None:
    """Allure results read by case: errors without the exception's class path, steps without
    parameters (harness.allure_view.ResultTidier), for this run only."""
    import allure_commons

    from harness.allure_view import ResultTidier

    tidier = ResultTidier()
    allure_commons.plugin_manager.register(tidier)
    config.add_cleanup(lambda: allure_commons.plugin_manager.unregister(tidier))


def describe_case(request: pytest.FixtureRequest, scenario: Any) -> None:
    """Name the case's Allure result by its case id and change, describe it with its scenario's own
    description, its rules' words and its reproducer."""
    import allure

    from harness.allure_view import case_description, case_title, rule_link

    item = request.node
    case_id, rules = case_identity(item)
    example = getattr(getattr(item, "callspec", None), "params", {}).get("_pytest_bdd_example")
    change = str(example.get("change", "")) if isinstance(example, dict) else ""
    summary = request.config.stash.get(SUMMARY_KEY, None)
    command = summary.reproducer(case_id) if summary is not None else ""
    dynamic: Any = allure.dynamic  # allure's API is untyped
    with contextlib.suppress(Exception):  # reporting must never turn a verdict into an error
        dynamic.title(case_title(case_id, change=change, scenario=str(scenario.name), rules=rules))
        dynamic.description(case_description(case_id, change=change, scenario=str(scenario.name),
                                             scenario_description=str(getattr(scenario, "description", "") or ""),
                                             rules=rules, reproducer=command))
        dynamic.label("case_id", case_id)
        for rule in rules:
            link = rule_link(rule)
            if link is not None:
                dynamic.link(link, name=f"rule {rule}")


def write_environment(config: pytest.Config) -> None:
    """allure-results/environment.properties: target, profile, harness and Python versions."""
    folder = config.getoption("allure_report_dir", default=None)
    summary = config.stash.get(SUMMARY_KEY, None)
    if not folder or summary is None or not summary.writer:
        return
    from harness import __version__
    from harness.messages import RULESET_VERSION

    target = summary.run_info.get("target", {})
    lines = {
        "target": f"{target.get('mode', '?')} {target.get('address', '')}".strip(),
        "profile": config.getoption("--edgeconform-profile", default="strict"),
        "edgeconform": __version__,
        "ruleset": RULESET_VERSION,
        "python": sys.version.split()[0],
        **{f"edgeconform.{key}": property_text(value) for key, value in summary.facts().items()},
    }
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        text = "".join(f"{k}={v}\n" for k, v in lines.items())
        (Path(folder) / "environment.properties").write_text(text, encoding="utf-8")
    except OSError:
        pass


def property_text(value: Any) -> str:
    """A fact as junit and Allure properties write it: JSON's true/false/null, numbers, text."""
    return value if isinstance(value, str) else json.dumps(value)
