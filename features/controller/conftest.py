"""The controller certification suite: step definitions, fixtures and the per-message
parametrization come from harness.steps.certify_controller."""

from harness.steps.certify_controller import *  # noqa: F403  (pytest-bdd steps, fixtures, pytest_generate_tests)
