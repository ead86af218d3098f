"""junit.xml as edgeconform writes it: pytest's file, made to say what the other reports say.

pytest's junitxml plugin names each testcase after its test function and Examples row, names
the root "pytest tests", puts the whole failure text into the failure's message, and, after an
interrupt, leaves a nameless ``<testcase/>`` for the case the signal cut short. Once pytest has
written the file (the plugin's ``pytest_sessionfinish``), :func:`rewrite_junit`:

- names every testcase by its case id (``name``), keeping the pytest node as ``classname`` and
  the node id in a ``nodeid`` property;
- makes each failure's and error's ``message`` the case's one-line reason from summary.json,
  the reproducer command included;
- drops the nameless testcase of an interrupt and recounts ``tests``, ``failures``, ``errors``
  and ``skipped`` from the testcases that remain;
- names the root ``edgeconform`` (and a suite pytest left as "pytest" too);
- records the run's outcome as ``<properties>`` of each suite: ``edgeconform.exit_status``,
  ``edgeconform.verdict``, ``edgeconform.interrupted``, ``edgeconform.peer_reached`` and
  ``edgeconform.complete`` (JSON literals: ``true``, ``false``, ``null``, numbers).
"""

from __future__ import annotations

import contextlib
import json
import os
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUITE_NAME = "edgeconform"
PROPERTY_PREFIX = "edgeconform."


@dataclass(frozen=True)
class JunitFacts:
    """What junit.xml must agree with: the run's outcome and summary.json's case entries by node id."""

    properties: Mapping[str, Any]
    cases: Mapping[str, Mapping[str, Any]]


def _test_name(nodeid: str) -> str:
    """The ``name`` pytest's junitxml gives a node: the part after its last ``::``."""
    path, bracket, params = nodeid.partition("[")
    return path.split("::")[-1] + bracket + params


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def rewrite_junit(path: Path, facts: JunitFacts) -> bool:
    """Rewrite ``path`` in place as the module says; False when there is no readable file."""
    try:
        tree = ElementTree.parse(path)
    except (OSError, ElementTree.ParseError):
        return False
    root = tree.getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    if root.tag == "testsuites":
        root.set("name", SUITE_NAME)
    names: dict[str, list[Mapping[str, Any]]] = {}
    for nodeid, entry in facts.cases.items():
        names.setdefault(_test_name(nodeid), []).append({**entry, "nodeid": nodeid})
    for suite in suites:
        if suite.get("name") in (None, "", "pytest"):
            suite.set("name", SUITE_NAME)
        for case in list(suite.findall("testcase")):
            if not case.get("name"):
                suite.remove(case)  # the case a signal cut short: summary.json does not have it either
                continue
            matches = names.get(case.get("name", ""), [])
            if len(matches) == 1:
                _rename(case, matches[0])
        _recount(suite)
        _set_properties(suite, facts.properties)
    temporary = path.with_suffix(".xml.tmp")
    try:
        tree.write(temporary, encoding="utf-8", xml_declaration=True)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False
    return True


def _rename(case: ElementTree.Element, entry: Mapping[str, Any]) -> None:
    case.set("name", str(entry.get("id") or case.get("name")))
    properties = case.find("properties")
    if properties is None:
        properties = ElementTree.Element("properties")
        case.insert(0, properties)
    ElementTree.SubElement(properties, "property", name="nodeid", value=str(entry["nodeid"]))
    if entry.get("rules"):
        ElementTree.SubElement(properties, "property", name="rules", value=" ".join(entry["rules"]))
    if entry.get("grade"):
        ElementTree.SubElement(properties, "property", name="grade", value=str(entry["grade"]))
    reason = str(entry.get("reason") or "")
    for element in (*case.findall("failure"), *case.findall("error")):
        if reason:
            element.set("message", reason)


def _recount(suite: ElementTree.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    for attribute, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
        suite.set(attribute, str(sum(1 for case in cases if case.find(tag) is not None)))


def _set_properties(suite: ElementTree.Element, values: Mapping[str, Any]) -> None:
    properties = suite.find("properties")
    if properties is None:
        properties = ElementTree.Element("properties")
        suite.insert(0, properties)
    for element in list(properties):
        if element.get("name", "").startswith(PROPERTY_PREFIX):
            properties.remove(element)
    for key, value in values.items():
        ElementTree.SubElement(properties, "property", name=PROPERTY_PREFIX + key, value=_text(value))
