"""The edge certification suite: step definitions and fixtures come from harness.steps.certify_edge."""

import pytest

from harness.features import DOCUMENT_CASE_TAGS, VENDOR_REPLACES, VENDOR_TAGS
from harness.plugin import case_identity
from harness.steps.certify_edge import *  # noqa: F403  (pytest-bdd steps and fixtures)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A profile runs its own derived rows: strict and lenient the document's feature files, vendor the
    vendor_*.feature files (and the frame cases and every scenario not derived from the table). The rows of
    the other profile are not collected at all (neither run nor deselected: they are not this run's cases)."""
    vendor = config.getoption("--edgeconform-profile", default="strict") == "vendor"

    def belongs(item: pytest.Item) -> bool:
        if any(item.get_closest_marker(tag) for tag in VENDOR_TAGS):
            return vendor
        if not vendor:
            return True
        case_id, _ = case_identity(item)
        if case_id in VENDOR_REPLACES:
            return False
        derived = any(item.get_closest_marker(tag) for tag in DOCUMENT_CASE_TAGS)
        return not derived or case_id.startswith("FRAME.")

    items[:] = [item for item in items if belongs(item)]
