"""pytest-bdd step definitions and fixtures of the certification suites."""
