"""The edge certification suite, in the order it runs: session-wide checks last."""

from pytest_bdd import scenarios

scenarios("pod_update.feature")
scenarios("boundaries.feature")
scenarios("content_rules.feature")
scenarios("envelope.feature")
scenarios("vendor_boundaries.feature")  # --profile vendor only (conftest.py)
scenarios("vendor_content_rules.feature")
scenarios("vendor_envelope.feature")
scenarios("informational.feature")
scenarios("session.feature")
