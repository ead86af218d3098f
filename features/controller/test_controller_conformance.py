"""The controller certification suite: one case per message the controller pushed, then the session."""

from pytest_bdd import scenario, scenarios


@scenario("messages.feature", "A message the controller pushed is a conformant pod update")
def test_a_message_the_controller_pushed_is_a_conformant_pod_update(controller_message_case: str) -> None:
    """Parametrized by harness.steps.certify_controller.pytest_generate_tests: one case per message."""


scenarios("session.feature")
