"""Step definitions and fixtures of the edge certification suite (``features/edge``).

edgeconform plays the controller (:class:`~harness.roles.controller.ControllerSession`)
against the edge under test: the reference edge started in-process, an edge that dials
in (``--edgeconform-edge-listen``), or one that listens (``--edgeconform-edge-connect``). Every Then step judges
and, on a non-conformance, raises :class:`~harness.verdict.NonConformance` with a
one-line reason, the details (the diff path by path) and the evidence attached to the
Allure results: the request, the answers, the diff and the case's wire log.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import allure
import pytest
from pytest_bdd import given, parsers, then, when

from harness.allure_view import pretty_json
from harness.compare import ANSWER_FAILED_GOLDEN, ANSWER_OK_GOLDEN, render
from harness.credentials import CredentialsError, basic_authorization, basic_checker, credentials_from_args
from harness.message import Envelope, pod_update
from harness.plugin import (
    case_identity,
    evidence_dir,
    no_peer_reached,
    record_observation,
    say,
    security_options,
    set_run_info,
)
from harness.roles.controller import ControllerSession, Exchange, compare_first_answer
from harness.roles.defects import Defect
from harness.roles.edge import ReferenceEdge
from harness.rules.cases import FRAME_CASES_BY_ID, cases_by_id
from harness.rules.model import Profile
from harness.rules.samples import conformant_pod, conformant_pod_of_at_least
from harness.rules.table import RULES, RULES_BY_ID
from harness.tls import TlsConfigError, tls_from_args
from harness.transport import (
    EVIDENCE_FRAME_CHARS,
    TransportError,
    WirePosition,
    parse_host_port,
    redact_url,
    wire_position,
    wire_since,
)
from harness.verdict import NonConformance

REFERENCE_NODE_ID = "edgeconform-reference"
ATTACHMENT_LIMIT = 64 * 1024
#: After the answer to a conformant update sent behind a garbage message, how long any
#: late answer to the garbage is still waited for (the edge answers a connection in order).
BARRIER_GRACE_S = 0.05


@dataclass(repr=False)
class EdgeUnderTest:
    """The session's connection to the edge under test, and what the suite learnt on the way."""

    session: ControllerSession | None
    reference: ReferenceEdge | None
    profile: Profile
    answer_timeout: float
    target: dict[str, Any]
    error: str = ""
    answer_ids: set[str] = field(default_factory=set)

    def require(self) -> ControllerSession:
        if self.session is None:
            pytest.fail(f"no edge reached: {self.error}", pytrace=False)
        return self.session

    def seen_ids(self) -> frozenset[str]:
        assert self.session is not None
        return frozenset(self.session.correlator.requests) | frozenset(self.answer_ids)

    def __repr__(self) -> str:  # Allure records step arguments by repr: keep it short
        return f"EdgeUnderTest({self.target.get('mode')} {self.target.get('address', '')})"

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
        if self.reference is not None:
            self.reference.stop()


def pytest_configure(config: pytest.Config) -> None:
    """Register ``rule.<ID>`` for every rule of the table (``pytest --markers`` lists them): here, where
    the suite's conftest loads, not in the plugin every pytest run of the environment imports."""
    for rule in RULES:
        config.addinivalue_line("markers", f"rule.{rule.id}: exercises rule {rule.id} ({rule.group})")


def _open(config: pytest.Config) -> EdgeUnderTest:
    listen = config.getoption("--edgeconform-edge-listen")
    connect = config.getoption("--edgeconform-edge-connect")
    reference = config.getoption("--edgeconform-edge-reference")
    if sum(bool(x) for x in (listen, connect, reference)) != 1:
        raise pytest.UsageError("give exactly one of --edgeconform-edge-reference, "
                                "--edgeconform-edge-listen HOST:PORT, --edgeconform-edge-connect URL")
    rate = float(config.getoption("--edgeconform-rate"))
    wait = float(config.getoption("--edgeconform-edge-wait"))
    edge = EdgeUnderTest(None, None, config.getoption("--edgeconform-profile"),
                         float(config.getoption("--edgeconform-answer-timeout")), {})
    try:
        security = security_options(config)
        context = tls_from_args(security, "listen" if listen else "dial") if not reference else None
        credentials = credentials_from_args(security)
    except (TlsConfigError, CredentialsError) as exc:
        raise pytest.UsageError(str(exc)) from None
    session = ControllerSession(rate=rate)
    try:
        if reference:
            port = session.listen("127.0.0.1", 0)
            defects = frozenset(Defect(name) for name in config.getoption("--edgeconform-edge-defect"))
            edge.target = {"mode": "reference", "address": f"127.0.0.1:{port}",
                           "defects": sorted(d.value for d in defects)}
            edge.reference = ReferenceEdge.start_dialling(session.url(REFERENCE_NODE_ID), defects=defects,
                                                          **({"profile": "vendor"} if edge.profile == "vendor" else {}))
            reached = session.wait_for_edge(10.0)
        elif listen:
            try:
                host, port = parse_host_port(listen)
            except ValueError as exc:
                raise pytest.UsageError(f"--edgeconform-edge-listen: {exc}") from None
            check = basic_checker(credentials.user, credentials.password) if credentials else None
            bound = session.listen(host, port, ssl=context, require_authorization=check)
            scheme = "wss" if context is not None else "ws"
            edge.target = {"mode": "listen", "address": f"{host}:{bound}", "tls": context is not None,
                           "credentials_required": credentials is not None}
            say(config, f"waiting up to {wait:g} s for an edge to dial {scheme}://{host}:{bound}/websocket/"
                        "<node_id>/events")
            reached = session.wait_for_edge(wait)
            if not reached:
                edge.error = session.last_failure
        else:
            edge.target = {"mode": "connect", "address": redact_url(connect), "tls": connect.startswith("wss:"),
                           "credentials_sent": credentials is not None}
            headers = {"Authorization": basic_authorization(credentials.user, credentials.password)} \
                if credentials else None
            session.connect(connect, headers=headers, ssl=context)
            reached = True
    except (TransportError, OSError, ValueError) as exc:
        reached, edge.error = False, redact_url(str(exc)) or type(exc).__name__
    if not reached:
        edge.error = edge.error or "no edge dialled in before --edgeconform-edge-wait ran out"
        session.close()
        if edge.reference is not None:
            edge.reference.stop()
            edge.reference = None
    else:
        edge.session = session
        edge.target["handshakes"] = [h.to_jsonable() for h in session.handshakes]
    set_run_info(config, role="controller", suite="edge", target=edge.target, peer_reached=reached,
                 **({"peer_error": edge.error} if not reached else {}))
    return edge


@pytest.fixture(scope="session")
def edge_under_test(pytestconfig: pytest.Config) -> Iterator[EdgeUnderTest]:
    """The connection to the edge under test, opened once for the whole suite."""
    edge = _open(pytestconfig)
    try:
        yield edge
    finally:
        edge.close()


@pytest.fixture(autouse=True)
def edge_reached(edge_under_test: EdgeUnderTest, request: pytest.FixtureRequest) -> None:
    """Every case of the suite needs the edge: without one the first case is an error (in setup, not a
    failure) and the session ends there, NOT JUDGED (harness.plugin.no_peer_reached)."""
    if edge_under_test.session is None:
        no_peer_reached(request, f"no edge reached: {edge_under_test.error}")


@dataclass(repr=False)
class CaseState:
    """What one scenario sent and received."""

    request: Any = None
    exchange: Exchange | None = None
    behind: Exchange | None = None
    handshakes_at_start: int = 0
    sent: list[Exchange] = field(default_factory=list)
    #: Where the session's wire traffic stood when the case began (its wire log starts there).
    wire_start: WirePosition | None = None
    #: The case's wire log, every frame both ways and the connections opened, once it ended.
    wire: list[dict[str, Any]] = field(default_factory=list)

    def __repr__(self) -> str:  # Allure records step arguments by repr: never the 4.5 MiB request
        return f"CaseState({len(self.sent)} exchange(s))"


@pytest.fixture
def case_state(edge_under_test: EdgeUnderTest, request: pytest.FixtureRequest) -> Iterator[CaseState]:
    session = edge_under_test.require()
    state = CaseState(handshakes_at_start=len(session.handshakes),
                      wire_start=wire_position(session.controller.links))
    case_id, rules = case_identity(request.node)
    _label(case_id, rules)
    yield state
    if state.wire_start is not None:
        state.wire = wire_since(session.controller.links, state.wire_start)
    _attach_evidence(state)
    _write_wire_log(request.config, case_id, state)


def _label(case_id: str, rules: list[str]) -> None:
    """Allure labels: rule ids as tags, story, severity (the case id, title, description and rule
    links: the plugin, harness.allure_view)."""
    dynamic: Any = allure.dynamic  # allure's API is untyped
    with contextlib.suppress(Exception):
        for group in sorted({RULES_BY_ID[r].group for r in rules if r in RULES_BY_ID}):
            dynamic.story(group)
        for rule in rules:
            dynamic.tag(rule)
        critical = any(RULES_BY_ID[r].group == "envelope" for r in rules if r in RULES_BY_ID)
        dynamic.severity(allure.severity_level.CRITICAL if critical else allure.severity_level.NORMAL)


def _write_wire_log(config: pytest.Config, case_id: str, state: CaseState) -> None:
    """wire/<case id>.json beside summary.json: every frame of the case both ways, with times, close
    frames (code, reason) and the connections opened during it (``wire``), and each exchange."""
    folder = evidence_dir(config)
    if folder is None or not state.sent:
        return
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        exchanges = [exchange.to_jsonable(EVIDENCE_FRAME_CHARS) for exchange in state.sent]
        safe = "".join(c if c.isalnum() or c in ".-_" else "_" for c in case_id)[:150]
        document = {"case": case_id, "wire": state.wire, "exchanges": exchanges}
        (folder / f"{safe}.json").write_text(json.dumps(document, indent=1, ensure_ascii=False, default=str),
                                             encoding="utf-8")


# ----------------------------------------------------------------------------- Given


@given("the conformant pod update")
def the_conformant_pod_update(case_state: CaseState) -> None:
    case_state.request = pod_update(conformant_pod())


@given(parsers.parse('the conformant pod update changed by case "{case_id}"'))
def the_conformant_pod_update_changed_by_case(case_state: CaseState, edge_under_test: EdgeUnderTest,
                                              case_id: str) -> None:
    case = cases_by_id(edge_under_test.profile).get(case_id) or cases_by_id("strict").get(case_id)
    if case is None:
        raise pytest.UsageError(f"no derived case {case_id!r}: run `edgeconform generate`")
    case_state.request = case.build()


@given(parsers.parse('the frame of case "{case_id}"'))
def the_frame_of_case(case_state: CaseState, case_id: str) -> None:
    case_state.request = FRAME_CASES_BY_ID[case_id].frame


@given(parsers.parse("a conformant pod update of more than {size:d} KiB"))
def a_conformant_pod_update_of_more_than(case_state: CaseState, size: int) -> None:
    case_state.request = pod_update(conformant_pod_of_at_least(size * 1024))


@given("two conformant pod updates of different pods")
def two_conformant_pod_updates(case_state: CaseState) -> None:
    first, second = conformant_pod(), conformant_pod()
    second["metadata"]["name"] = "second-" + second["metadata"]["name"][:100]
    case_state.request = [pod_update(first), pod_update(second)]


# ----------------------------------------------------------------------------- When


@when("the controller sends it")
def the_controller_sends_it(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    session = edge_under_test.require()
    case_state.exchange = session.exchange(case_state.request, timeout=edge_under_test.answer_timeout)
    case_state.sent.append(case_state.exchange)


@when("the controller sends it, followed by a conformant pod update")
def the_controller_sends_it_followed_by_a_conformant_update(case_state: CaseState,
                                                            edge_under_test: EdgeUnderTest) -> None:
    """Garbage may rightly get silence; a conformant update sent behind it is the barrier:
    once it is answered, an answer to the garbage would have come already."""
    session = edge_under_test.require()
    case_state.exchange = session.exchange(case_state.request, timeout=0.0)
    case_state.behind = session.exchange(pod_update(conformant_pod()), timeout=edge_under_test.answer_timeout)
    session.observe(BARRIER_GRACE_S)
    case_state.sent += [case_state.exchange, case_state.behind]


@when("the controller sends both without waiting")
def the_controller_sends_both_without_waiting(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    session = edge_under_test.require()
    first, second = case_state.request
    case_state.sent.append(session.exchange(first, timeout=0.0))
    case_state.sent.append(session.exchange(second, timeout=edge_under_test.answer_timeout))
    session.observe(BARRIER_GRACE_S)


# ----------------------------------------------------------------------------- Then


def _answered(exchange: Exchange | None, what: str = "the request") -> tuple[dict[str, Any], int]:
    if exchange is None:
        raise NonConformance(f"{what} was never sent")
    if not exchange.answers:
        raise NonConformance(f"no answer to {what}: {exchange.outcome}: {exchange.reason}",
                             details=_others(exchange), unanswered=exchange.outcome == "timeout")
    return exchange.answers[0]


def _others(exchange: Exchange) -> str:
    notes = [f"  meanwhile: {c.kind} {c.note}".rstrip() for c in exchange.others[:10]]
    return "\n".join(notes)


def _judge_answer(edge: EdgeUnderTest, exchange: Exchange, golden_path: str, *, extra_keys: str,
                  what: str = "the answer") -> dict[str, Any]:
    answer, _ = _answered(exchange)
    edge.answer_ids.discard(str(Envelope(answer).msg_id))
    mismatches = compare_first_answer(exchange, golden_path, seen_msg_ids=edge.seen_ids(),
                                      extra_keys="allow" if extra_keys == "allow" else "forbid")
    if msg_id := Envelope(answer).msg_id:
        edge.answer_ids.add(msg_id)
    if mismatches:
        with contextlib.suppress(Exception):
            allure.attach(render(mismatches), name="diff", attachment_type=allure.attachment_type.TEXT)
        first = mismatches[0]
        raise NonConformance(f"{what} differs from {Path(golden_path).name} at {first.path}: "
                             f"expected {first.expected}, got {first.actual}",
                             details=render(mismatches), evidence={"diff": render(mismatches)}, malformed=True)
    return answer


@then("the edge answers exactly once")
def the_edge_answers_exactly_once(case_state: CaseState) -> None:
    _answered(case_state.exchange)
    assert case_state.exchange is not None
    if len(case_state.exchange.answers) != 1:
        raise NonConformance(f"the request was answered {len(case_state.exchange.answers)} times; exactly once "
                             "is conformant")


@then(parsers.parse('the answer matches the golden answer "{golden}"'))
def the_answer_matches_the_golden_answer(case_state: CaseState, edge_under_test: EdgeUnderTest,
                                         golden: str, request: pytest.FixtureRequest) -> None:
    """The golden answer is a file of that name beside the test module (a suite of one's own may bring
    its own, e.g. ``"golden/my-answer.json"``), else the shipped ``fixtures/golden/<name>``."""
    assert case_state.exchange is not None
    answer, _ = _answered(case_state.exchange)
    if Envelope(answer).is_failure:
        raise NonConformance(f"a conformant pod update was rejected: {str(Envelope(answer).content)[:200]}")
    own = request.node.path.parent / golden
    golden_path = str(own.resolve()) if own.is_file() else f"fixtures/golden/{golden}"
    _judge_answer(edge_under_test, case_state.exchange, golden_path, extra_keys="forbid")


@then("the edge answers with a failure")
def the_edge_answers_with_a_failure(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    assert case_state.exchange is not None
    answer, _ = _answered(case_state.exchange, "the pod that breaks the rule")
    if Envelope(answer).is_ok:
        raise NonConformance('a pod that breaks the rule was answered "OK"')
    _judge_answer(edge_under_test, case_state.exchange, ANSWER_FAILED_GOLDEN, extra_keys="allow",
                  what="the failure answer")


@then("the edge does not answer it OK")
def the_edge_does_not_answer_it_ok(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    session = edge_under_test.require()
    exchange = case_state.exchange
    assert exchange is not None
    answers = list(session.correlator.answers.get(exchange.request_id or "", []))
    answers += [c.message for c in _stray_answers(case_state) if c.message is not None]
    ok = [a for a in answers if Envelope(a).is_ok]
    if ok:
        raise NonConformance('a message the edge must drop was answered "OK"',
                             details=json.dumps(ok[0], ensure_ascii=False)[:2000])


def _stray_answers(case_state: CaseState) -> list[Any]:
    """Answers to ids never sent that arrived during this case (a non-JSON frame has no id)."""
    out = []
    for exchange in case_state.sent:
        out += [c for c in exchange.others if c.kind in ("unknown-answer", "binary")]
    return out


@then("the edge answers the conformant pod update behind it OK")
def the_edge_answers_the_update_behind_it_ok(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    if case_state.behind is None or not case_state.behind.answers:
        reason = case_state.behind.reason if case_state.behind is not None else "not sent"
        raise NonConformance(f"the connection did not survive: the conformant update sent behind it got no "
                             f"answer ({reason})")
    _judge_answer(edge_under_test, case_state.behind, ANSWER_OK_GOLDEN, extra_keys="forbid",
                  what="the answer to the conformant update behind it")


@then("the edge is still on the connection it started the session on")
def the_edge_is_still_on_the_same_connection(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    handshakes = len(edge_under_test.require().handshakes)
    if handshakes != case_state.handshakes_at_start:
        raise NonConformance(f"the edge reconnected during the case ({handshakes - case_state.handshakes_at_start} "
                             "new handshake(s)) instead of keeping its connection")


@then("each is answered once, and each answer names its own request")
def each_is_answered_once(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    session = edge_under_test.require()
    for index, exchange in enumerate(case_state.sent, start=1):
        answers = session.correlator.answers.get(exchange.request_id or "", [])
        if len(answers) != 1:
            raise NonConformance(f"update {index} of 2 was answered {len(answers)} times")
        if Envelope(answers[0]).resource != Envelope(exchange.request).resource:
            raise NonConformance(f"the answer to update {index} names {Envelope(answers[0]).resource!r}, "
                                 f"not its request's {Envelope(exchange.request).resource!r}")


@then("what the edge does is recorded")
def what_the_edge_does_is_recorded(case_state: CaseState, edge_under_test: EdgeUnderTest,
                                   request: pytest.FixtureRequest) -> None:
    """INFORMATIONAL: never fails; the observation becomes the case's reason in summary.json.

    Sent with a conformant update behind it, the answers are those the edge sent before
    answering that update (an edge answers a connection's messages in order)."""
    exchange = case_state.exchange
    assert exchange is not None
    size = len(exchange.request_text)
    late = edge_under_test.require().correlator.answers.get(exchange.request_id or "", [])
    if exchange.answers:
        view = Envelope(exchange.answers[0][0])
        content = str(view.content)[:120]
        observation = f"a {size:,}-byte update was answered {content!r} in {exchange.latency_ms} ms"
    elif case_state.behind is not None and late:
        observation = f"a {size:,}-byte update was answered {str(Envelope(late[0]).content)[:120]!r}"
    elif case_state.behind is not None:
        observation = f"a {size:,}-byte update got no answer before the conformant update behind it"
    else:
        observation = f"a {size:,}-byte update got no answer: {exchange.outcome}: {exchange.reason}"
    if case_state.behind is not None and not case_state.behind.answers:
        observation += f"; the conformant update behind it got none either ({case_state.behind.reason})"
    record_observation(request.node, observation)
    with contextlib.suppress(Exception):
        allure.attach(observation, name="observation", attachment_type=allure.attachment_type.TEXT)


@then("no request of the session was answered more than once")
def no_request_answered_more_than_once(edge_under_test: EdgeUnderTest) -> None:
    duplicates = edge_under_test.require().correlator.duplicate_answers()
    if duplicates:
        some = ", ".join(f"{rid} ({n} answers)" for rid, n in list(duplicates.items())[:5])
        raise NonConformance(f"{len(duplicates)} request(s) answered more than once: {some}")


@then("every frame the edge sent was a JSON object")
def every_frame_was_json(edge_under_test: EdgeUnderTest) -> None:
    correlator = edge_under_test.require().correlator
    bad = correlator.not_json + correlator.binary
    if bad:
        first = bad[0]
        raise NonConformance(f"the edge sent {len(bad)} frame(s) that are not JSON text, the first: "
                             f"{first.kind}: {first.note}")


@then("the edge sent no answer to an id the controller never sent")
def no_stray_answers(edge_under_test: EdgeUnderTest) -> None:
    stray = edge_under_test.require().correlator.unknown_answers
    if stray:
        raise NonConformance(f"{len(stray)} answer(s) to ids never sent, the first: {stray[0].note}")


# ----------------------------------------------------------------------------- evidence


def _attach_evidence(state: CaseState) -> None:
    """Attach the requests, the answers and the wire log of the case to the Allure results."""
    with contextlib.suppress(Exception):  # reporting must never turn a verdict into an error
        for index, exchange in enumerate(state.sent, start=1):
            prefix = f"exchange {index}: " if len(state.sent) > 1 else ""
            request = exchange.request_text
            text = request.decode("utf-8", "replace") if isinstance(request, bytes) else request
            kind = allure.attachment_type.JSON if len(text) <= ATTACHMENT_LIMIT else allure.attachment_type.TEXT
            allure.attach(_bounded(pretty_json(text)), name=f"{prefix}request", attachment_type=kind)
            if exchange.answers:
                answers = json.dumps([a for a, _ in exchange.answers], indent=2, ensure_ascii=False)
                allure.attach(_bounded(answers), name=f"{prefix}answers", attachment_type=allure.attachment_type.JSON)
        if state.sent:
            wire = json.dumps(state.wire, indent=2, ensure_ascii=False)
            allure.attach(_bounded(wire), name="wire log", attachment_type=allure.attachment_type.JSON)


def _bounded(text: str) -> str:
    if len(text) <= ATTACHMENT_LIMIT:
        return text
    return text[:ATTACHMENT_LIMIT] + f"\n… (cut: {len(text):,} characters in all)"
