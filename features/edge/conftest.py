"""The edge certification suite: step definitions and fixtures come from harness.steps.edge."""

from harness.steps.edge import *  # noqa: F403  (pytest-bdd steps and fixtures)
