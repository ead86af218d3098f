"""The edge certification suite: step definitions and fixtures come from harness.steps.edge."""

from harness.steps.edge import *  # noqa: F403  (pytest-bdd steps and fixtures)


def pytest_configure(config: object) -> None:
    """The edge suite's cases and expectations are those of strict and lenient; a vendor run would judge
    the vendor's edge by the strict feature files, so it is refused (the controller suite takes vendor)."""
    import pytest

    getoption = getattr(config, "getoption", None)
    if getoption is not None and getoption("--profile", default="strict") == "vendor":
        raise pytest.UsageError("the edge suite does not take --profile vendor yet; use `edgeconform validate "
                                "--profile vendor` or `serve-edge --profile vendor`")
