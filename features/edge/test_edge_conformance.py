"""The edge certification suite, in the order it runs: every registered message type's feature files
(harness/messages, each spec's ``features``), then the session-wide checks last."""

from pytest_bdd import scenarios

from harness.messages import specs

for _spec in specs():
    for _feature in _spec.features:
        scenarios(_feature)
scenarios("session.feature")
