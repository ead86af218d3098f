"""Step definitions and fixtures of the controller certification suite (``features/controller``).

edgeconform plays the edge (harness/roles/fake_edge.py): it dials the controller under
test (``--edgeconform-controller-connect URL``) or lets it dial in (``--edgeconform-controller-listen HOST:PORT``),
answers as a conformant edge does, and records every message until the controller closes
the connection or ``--edgeconform-idle`` seconds pass without one. The run happens once, when the
suite is collected (:func:`controller_run`, cached on ``config.stash``), because the
cases *are* the messages: :func:`pytest_generate_tests` makes one case per message
received (``CTRL-MSG-0001``...), marked ``case.<ID>`` and ``rule.<ID>`` for every rule
the message breaks. The session scenarios judge the run as a whole. Every failing step
raises :class:`~harness.verdict.NonConformance` naming the rule, the path and the message,
with every violation in the details and the frame and the answer sent attached to the
Allure results. Run the suite in one process (no xdist): a run is one connection.
"""

from __future__ import annotations

import contextlib
import json

import allure
import pytest
from pytest_bdd import given, then

from harness.allure_view import pretty_json
from harness.credentials import CredentialsError, read_password
from harness.plugin import no_peer_reached, say, set_run_info
from harness.plugin.options import option_problem, tls_of
from harness.roles.edge import violation_text
from harness.roles.fake_edge import (
    Aspect,
    FakeEdgeOptions,
    FakeEdgeRecord,
    Finding,
    ReceivedMessage,
    answers_handled,
    edge_headers,
    only_json_text,
    parse_header,
    pod_update_received,
    run_fake_edge,
    unique_msg_ids,
)
from harness.rules.model import Profile
from harness.tls import TlsConfigError
from harness.transport import frames_to_jsonable, parse_host_port
from harness.verdict import NonConformance

RUN_KEY = pytest.StashKey["FakeEdgeRecord | None"]()
#: The parameter that carries a received message's case id into the per-message scenario.
MESSAGE_PARAM = "controller_message_case"
NO_MESSAGE_CASE = "CTRL-MSG-NONE"
NOT_CONFIGURED = ("the controller suite needs --edgeconform-controller-connect URL or "
                  "--edgeconform-controller-listen HOST:PORT")
ATTACHMENT_LIMIT = 64 * 1024


class ControllerUsageError(ValueError):
    """The controller suite's options do not make a run."""


def fake_edge_setup(config: pytest.Config) -> tuple[str, str | tuple[str, int], FakeEdgeOptions] | None:
    """(mode, target, options) from the suite's options; ``None`` when neither target is given (the
    suite is skipped, so ``pytest features`` can run another suite); :class:`ControllerUsageError`
    when the options make no run."""
    problem = option_problem(config)
    if problem is not None:
        raise ControllerUsageError(problem)
    connect = config.getoption("--edgeconform-controller-connect")
    listen = config.getoption("--edgeconform-controller-listen")
    if not connect and not listen:
        return None
    user = config.getoption("--edgeconform-edge-user")
    password_file = config.getoption("--edgeconform-edge-password-file")
    extra = [parse_header(text) for text in config.getoption("--edgeconform-edge-header")]
    idle = float(config.getoption("--edgeconform-idle"))
    keepalive = float(config.getoption("--edgeconform-edge-keepalive"))
    try:
        password_env = config.getoption("--edgeconform-edge-password-env", None)
        password = read_password(file=password_file, env=password_env) \
            if password_file is not None or password_env is not None else None
        headers = edge_headers(user=user, password=password, extra=extra)
        context = tls_of(config, "dial" if connect else "listen")
    except (CredentialsError, TlsConfigError) as exc:
        raise ControllerUsageError(str(exc)) from None
    profile: Profile = config.getoption("--edgeconform-profile")
    options = FakeEdgeOptions(profile=profile, idle_s=idle, keepalive_interval=keepalive or None,
                              headers=headers, ssl=context)
    if connect:
        return "connect", str(connect), options
    return "listen", parse_host_port(str(listen)), options





def controller_run(config: pytest.Config) -> FakeEdgeRecord | None:
    """The run of the fake edge against the controller under test: done once, then cached
    (``None``: no controller given, the suite is skipped). Bad options end the session (exit 4)."""
    if RUN_KEY in config.stash:
        return config.stash[RUN_KEY]
    try:
        setup = fake_edge_setup(config)
    except ControllerUsageError as exc:
        raise pytest.UsageError(f"edgeconform: {exc}") from None
    if setup is None:
        config.stash[RUN_KEY] = None
        return None
    mode, target, options = setup

    def on_ready(url: str) -> None:
        say(config, f"fake edge listening on {url} (any node id); waiting up to {options.idle_s:g} s for a "
                     "controller to dial in")

    if mode == "connect":
        say(config, f"fake edge dialling the controller at {target}")
    record = run_fake_edge("connect" if mode == "connect" else "listen", target, options, on_ready=on_ready)
    say(config, f"{len(record.messages)} message(s) received; {record.end_text()}")
    config.stash[RUN_KEY] = record
    set_run_info(config, role="edge", suite="controller", target=record.to_jsonable(), peer_reached=record.reached,
                 **({"peer_error": record.error} if not record.reached else {}))
    return record


def _mark(config: pytest.Config, name: str) -> pytest.MarkDecorator:
    if name.startswith("case."):
        config.addinivalue_line("markers", f"{name}: a message the controller pushed")
    return getattr(pytest.mark, name)  # type: ignore[no-any-return]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One case per message the controller pushed, with ``case.<ID>`` and ``rule.<ID>`` markers."""
    if MESSAGE_PARAM not in metafunc.fixturenames:
        return
    config = metafunc.config
    record = controller_run(config)
    messages = record.messages if record is not None else []
    params = [pytest.param(m.case_id, id=m.case_id,
                           marks=[_mark(config, f"case.{m.case_id}"),
                                  *(_mark(config, f"rule.{rule}") for rule in m.verdict.rules)])
              for m in messages]
    if not params:
        why = NOT_CONFIGURED if record is None else "the controller pushed no message" if record.reached else \
            f"no controller reached: {record.error}"
        skip = [pytest.mark.skip(reason=why)] if record is None or record.reached else []  # else: an error, below
        params = [pytest.param(NO_MESSAGE_CASE, id=NO_MESSAGE_CASE,
                               marks=[_mark(config, f"case.{NO_MESSAGE_CASE}"), *skip])]
    metafunc.parametrize(MESSAGE_PARAM, params)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def controller_record(pytestconfig: pytest.Config) -> FakeEdgeRecord:
    """Everything the fake edge saw of the controller under test."""
    record = controller_run(pytestconfig)
    if record is None:
        pytest.skip(NOT_CONFIGURED)
    return record


@pytest.fixture(autouse=True)
def controller_reached(pytestconfig: pytest.Config, request: pytest.FixtureRequest) -> None:
    """Every case of the suite needs the controller: without one the first case is an error (in setup,
    not a failure) and the session ends there, NOT JUDGED (harness.plugin.no_peer_reached)."""
    record = controller_run(pytestconfig)
    if record is not None and not record.reached:
        no_peer_reached(request, f"no controller reached: {record.error}")


@pytest.fixture
def received(controller_record: FakeEdgeRecord, request: pytest.FixtureRequest) -> ReceivedMessage:
    """The message of this case."""
    case = str(request.getfixturevalue(MESSAGE_PARAM))
    message = controller_record.message(case)
    if message is None:
        pytest.fail(f"no message {case} in this run", pytrace=False)
    return message


# ----------------------------------------------------------------------------- per message


@given("a message the controller pushed")
def a_message_the_controller_pushed(received: ReceivedMessage) -> None:
    _attach_message(received)


def _judge(received: ReceivedMessage, aspect: Aspect) -> None:
    verdict = received.verdict
    violations = verdict.of(aspect)
    if violations:
        raise NonConformance(verdict.reason(violations), details=verdict.details(),
                             evidence={"frame": received.frame.to_jsonable(2048), "answer": received.answer,
                                       "violations": [v.as_dict() for v in verdict.all_violations]})


@then("it is a JSON object in a text frame")
def it_is_a_json_object_in_a_text_frame(received: ReceivedMessage) -> None:
    _judge(received, "frame")


@then("its header and route are those of a pod update request")
def its_header_and_route_are_those_of_a_pod_update(received: ReceivedMessage) -> None:
    _judge(received, "envelope")


@then("its route resource names the pod it carries")
def its_route_resource_names_the_pod(received: ReceivedMessage) -> None:
    _judge(received, "naming")


@then("its msg_id was not used before in the session")
def its_msg_id_was_not_used_before(received: ReceivedMessage) -> None:
    _judge(received, "repeat")


@then("its pod follows every content rule of the profile")
def its_pod_follows_every_content_rule(received: ReceivedMessage) -> None:
    _judge(received, "content")


# ----------------------------------------------------------------------------- the session


def _session(record: FakeEdgeRecord, finding: Finding | None) -> None:
    _attach_session(record)
    if finding is None:
        return
    if not record.reached:
        pytest.fail(finding.reason, pytrace=False)
    raise NonConformance(finding.reason, details=finding.details)


def _reached(record: FakeEdgeRecord) -> None:
    if not record.reached:
        pytest.skip(f"nothing to judge: no controller reached: {record.error}")


@then("at least one pod update was received")
def at_least_one_pod_update_was_received(controller_record: FakeEdgeRecord) -> None:
    _session(controller_record, pod_update_received(controller_record))


@then("no msg_id was used twice in the session")
def no_msg_id_was_used_twice(controller_record: FakeEdgeRecord) -> None:
    _reached(controller_record)
    _session(controller_record, unique_msg_ids(controller_record))


@then("every frame the controller sent was a JSON object in a text frame")
def every_frame_was_json_text(controller_record: FakeEdgeRecord) -> None:
    _reached(controller_record)
    _session(controller_record, only_json_text(controller_record))


@then("the controller kept the connection through the edge's answers")
def the_controller_kept_the_connection(controller_record: FakeEdgeRecord) -> None:
    _reached(controller_record)
    _session(controller_record, answers_handled(controller_record))


# ----------------------------------------------------------------------------- evidence


def _attach_message(received: ReceivedMessage) -> None:
    """The frame, the answer sent (or why none was) and the verdict, for the Allure results."""
    with contextlib.suppress(Exception):  # reporting must never turn a verdict into an error
        frame = received.frame
        data = frame.data.decode("utf-8", "replace") if isinstance(frame.data, bytes) else frame.data
        shown = pretty_json(data) if len(data) <= ATTACHMENT_LIMIT else data
        json_kind = received.verdict.of("frame") == [] and len(shown) <= ATTACHMENT_LIMIT
        kind = allure.attachment_type.JSON if json_kind else allure.attachment_type.TEXT
        allure.attach(_bounded(shown), name=f"frame ({frame.kind}, {frame.size:,} bytes)", attachment_type=kind)
        if received.answer is not None:
            allure.attach(_bounded(pretty_json(received.answer)), name="answer sent",
                          attachment_type=allure.attachment_type.JSON)
        else:
            allure.attach(received.answer_summary(), name="answer sent", attachment_type=allure.attachment_type.TEXT)
        lines = [violation_text(v) for v in received.verdict.all_violations] or ["conforms"]
        allure.attach("\n".join(lines), name="verdict", attachment_type=allure.attachment_type.TEXT)


def _attach_session(record: FakeEdgeRecord) -> None:
    with contextlib.suppress(Exception):
        allure.attach(json.dumps(record.to_jsonable(), indent=2, ensure_ascii=False), name="run",
                      attachment_type=allure.attachment_type.JSON)
        outline = [{"case": m.case_id, "kind": m.frame.kind, "size": m.frame.size, "msg_id": m.verdict.msg_id,
                    "edge": m.answer_summary()[:200],
                    "violations": [violation_text(v) for v in m.verdict.all_violations]}
                   for m in record.messages]
        allure.attach(_bounded(json.dumps(outline, indent=2, ensure_ascii=False)), name="messages",
                      attachment_type=allure.attachment_type.JSON)
        closing = [f for f in record.wire if f.kind == "close"]
        allure.attach(json.dumps(frames_to_jsonable(closing), indent=2), name="end of the connection",
                      attachment_type=allure.attachment_type.JSON)


def _bounded(text: str) -> str:
    if len(text) <= ATTACHMENT_LIMIT:
        return text
    return text[:ATTACHMENT_LIMIT] + f"\n… (cut: {len(text):,} characters in all)"
