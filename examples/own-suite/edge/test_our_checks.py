"""Our lab's own scenarios; steps and fixtures come from the copied suite's conftest.py."""

from pytest_bdd import scenarios

scenarios("our_checks.feature")
