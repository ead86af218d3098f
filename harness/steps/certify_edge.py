"""Step definitions and fixtures of the edge certification suite (``features/edge``).

edgeconform plays the controller (:class:`~harness.roles.fake_controller.ControllerSession`)
against the edge under test: the reference edge started in-process, an edge that dials
in (``--edgeconform-edge-listen``), or one that listens (``--edgeconform-edge-connect``). Every Then step judges
and, on a non-conformance, raises :class:`~harness.verdict.NonConformance` with a
one-line reason, the details (the diff path by path) and the evidence attached to the
Allure results: the request, the answers, the diff and the case's wire log.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import allure
import pytest
from pytest_bdd import given, parsers, then, when
from pytest_bdd.scenario import scenario_wrapper_template_registry

from harness.allure_view import pretty_json
from harness.compare import ANSWER_FAILED_GOLDEN, ANSWER_OK_GOLDEN, render
from harness.credentials import CredentialsError, basic_authorization, basic_checker
from harness.message import Envelope
from harness.messages import all_rules, cases_by_id, rule_by_id
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod, conformant_pod_of_at_least
from harness.plugin import (
    case_identity,
    evidence_dir,
    no_peer_reached,
    record_judged,
    record_observation,
    say,
    set_run_info,
)
from harness.plugin.options import credentials_of_options, tls_of
from harness.roles.controller import Exchange, Ticket, compare_first_answer
from harness.roles.defects import Defect
from harness.roles.fake_controller import ControllerSession
from harness.roles.reference_edge import ReferenceEdge
from harness.rules.cases import FRAME_CASES_BY_ID
from harness.rules.model import Profile
from harness.tls import TlsConfigError
from harness.transport import (
    EVIDENCE_FRAME_CHARS,
    TransportError,
    parse_host_port,
    redact_url,
    wire_of_case,
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
    #: The selected cases' requests, sent ahead at --rate in the order the cases run (by node id).
    plans: dict[str, CasePlan] = field(default_factory=dict)

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
    for rule in all_rules():
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
        context = tls_of(config, "listen" if listen else "dial") if not reference else None
        credentials = credentials_of_options(config)
    except (TlsConfigError, CredentialsError) as exc:
        raise pytest.UsageError(str(exc)) from None
    session = ControllerSession(rate=rate, in_flight=max(1, int(config.getoption("--edgeconform-in-flight"))))
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
    """The connection to the edge under test, opened once for the whole suite; the requests of
    every selected case are queued at once and go out ahead at --rate (pipelining), each case
    then judging only its own answers."""
    edge = _open(pytestconfig)
    try:
        if edge.session is not None:
            edge.plans = plan_cases(pytestconfig.stash.get(SELECTED_ITEMS, []), edge)
        yield edge
    finally:
        edge.close()


@pytest.fixture(autouse=True)
def edge_reached(edge_under_test: EdgeUnderTest, request: pytest.FixtureRequest) -> None:
    """Every case of the suite needs the edge: without one the first case is an error (in setup, not a
    failure) and the session ends there, NOT JUDGED (harness.plugin.no_peer_reached)."""
    if edge_under_test.session is None:
        no_peer_reached(request, f"no edge reached: {edge_under_test.error}")


# ----------------------------------------------------------------------------- pipelining

SELECTED_ITEMS = pytest.StashKey[list[pytest.Item]]()


def pytest_collection_finish(session: pytest.Session) -> None:
    """The cases this process runs, in order (known after collection and selection: -k, -m, --lf).
    A pytest-xdist worker is handed its cases one batch at a time: it sends none ahead."""
    if not hasattr(session.config, "workerinput"):
        session.config.stash[SELECTED_ITEMS] = list(session.items)


@dataclass
class CasePlan:
    """A case's requests (one per Given step) and tickets (per When step), submitted ahead."""

    requests: list[Any]
    tickets: list[list[Ticket]]
    given_taken: int = 0
    when_taken: int = 0


#: The Given steps' requests, built from a step's text (shared by the steps and the planner).
_GIVEN_CONFORMANT = parsers.parse("the conformant pod update")
#: Any message type: "the conformant pod update changed by case", "the conformant pod restart changed by case".
_GIVEN_CHANGED = parsers.parse('the conformant {message} changed by case "{case_id}"')
_GIVEN_FRAME = parsers.parse('the frame of case "{case_id}"')
_GIVEN_LARGE = parsers.parse("a conformant pod update of more than {size:d} KiB")
_GIVEN_TWO = parsers.parse("two conformant pod updates of different pods")
#: The When steps: what is sent (each request with or without waiting for its answer).
WHEN_SENDS_IT = "the controller sends it"
WHEN_SENDS_IT_THEN_A_CONFORMANT_UPDATE = "the controller sends it, followed by a conformant pod update"
WHEN_SENDS_BOTH = "the controller sends both without waiting"


def changed_by_case(profile: Profile, case_id: str) -> Any:
    case = cases_by_id(profile).get(case_id) or cases_by_id("strict").get(case_id)
    if case is None:
        raise pytest.UsageError(f"no derived case {case_id!r}: run `edgeconform generate`")
    return case.build()


def two_conformant_updates() -> list[dict[str, Any]]:
    first, second = conformant_pod(), conformant_pod()
    second["metadata"]["name"] = "second-" + second["metadata"]["name"][:100]
    return [pod_update(first), pod_update(second)]


def build_given(text: str, profile: Profile) -> tuple[bool, Any]:
    """The request a Given step's text builds (``(False, None)`` for a step that builds none)."""
    if _GIVEN_CONFORMANT.is_matching(text):
        return True, pod_update(conformant_pod())
    if _GIVEN_CHANGED.is_matching(text):
        return True, changed_by_case(profile, str(_GIVEN_CHANGED.parse_arguments(text)["case_id"]))
    if _GIVEN_FRAME.is_matching(text):
        case_id = str(_GIVEN_FRAME.parse_arguments(text)["case_id"])
        return case_id in FRAME_CASES_BY_ID, FRAME_CASES_BY_ID[case_id].frame if case_id in FRAME_CASES_BY_ID else None
    if _GIVEN_LARGE.is_matching(text):
        size = int(_GIVEN_LARGE.parse_arguments(text)["size"])
        return True, pod_update(conformant_pod_of_at_least(size * 1024))
    if _GIVEN_TWO.is_matching(text):
        return True, two_conformant_updates()
    return False, None


def sends_of(when: str, request: Any, timeout: float) -> list[tuple[Any, float]] | None:
    """What a When step sends, with each request's answer timeout (0: not waited for)."""
    if when == WHEN_SENDS_IT:
        return [(request, timeout)]
    if when == WHEN_SENDS_IT_THEN_A_CONFORMANT_UPDATE:
        return [(request, 0.0), (pod_update(conformant_pod()), timeout)]
    if when == WHEN_SENDS_BOTH and isinstance(request, list) and len(request) == 2:
        return [(request[0], 0.0), (request[1], timeout)]
    return None


def plan_cases(items: list[pytest.Item], edge: EdgeUnderTest) -> dict[str, CasePlan]:
    """Submit the requests of ``items`` in order; a case whose steps the planner does not know
    (or that builds nothing) is left to send its own when it runs."""
    session = edge.require()
    plans: dict[str, CasePlan] = {}
    for item in items:
        steps = _scenario_steps(item)
        if steps is None:
            continue
        requests: list[Any] = []
        whens: list[list[tuple[Any, float]]] = []
        for kind, text in steps:
            if kind == "given":
                known, request = build_given(text, edge.profile)
                if not known:
                    break
                requests.append(request)
            elif kind == "when":
                sends = sends_of(text, requests[-1] if requests else None, edge.answer_timeout)
                if sends is None:
                    break
                whens.append(sends)
        else:
            if not whens:
                continue
            label = case_identity(item)[0]
            tickets = [[session.submit(message, timeout=timeout, label=label) for message, timeout in sends]
                       for sends in whens]
            plans[item.nodeid] = CasePlan(requests, tickets)
    return plans


def _scenario_steps(item: pytest.Item) -> list[tuple[str, str]] | None:
    """A pytest-bdd item's steps (type, text), its Examples row filled in."""
    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
    if template is None:
        return None
    example = getattr(getattr(item, "callspec", None), "params", {}).get("_pytest_bdd_example") or {}
    try:
        return [(step.type, step.name) for step in template.render(example).steps]
    except Exception:  # a scenario the planner cannot read runs its own steps
        return None


@dataclass(repr=False)
class CaseState:
    """What one scenario sent and received."""

    request: Any = None
    exchange: Exchange | None = None
    behind: Exchange | None = None
    handshakes_at_start: int = 0
    sent: list[Exchange] = field(default_factory=list)
    #: When the case began (its wire log's window starts there, or at its first request sent ahead).
    started_at: float = 0.0
    #: The case's wire log, its own frames, the closes and the connections opened, once it ended.
    wire: list[dict[str, Any]] = field(default_factory=list)
    plan: CasePlan | None = None
    label: str = ""
    node: pytest.Item | None = None

    def planned_request(self) -> tuple[bool, Any]:
        """The next request this case's plan built ahead, if it has one."""
        if self.plan is None or self.plan.given_taken >= len(self.plan.requests):
            return False, None
        self.plan.given_taken += 1
        return True, self.plan.requests[self.plan.given_taken - 1]

    def planned_tickets(self) -> list[Ticket] | None:
        if self.plan is None or self.plan.when_taken >= len(self.plan.tickets):
            return None
        self.plan.when_taken += 1
        return self.plan.tickets[self.plan.when_taken - 1]

    def __repr__(self) -> str:  # Allure records step arguments by repr: never the 4.5 MiB request
        return f"CaseState({len(self.sent)} exchange(s))"


@pytest.fixture
def case_state(edge_under_test: EdgeUnderTest, request: pytest.FixtureRequest) -> Iterator[CaseState]:
    record_judged(request.node, False)  # until what the edge did is known
    session = edge_under_test.require()
    case_id, rules = case_identity(request.node)
    state = CaseState(handshakes_at_start=len(session.handshakes),
                      plan=edge_under_test.plans.pop(request.node.nodeid, None),
                      label=case_id, node=request.node, started_at=time.time())
    _label(case_id, rules)
    yield state
    own = [frame for exchange in state.sent for frame in exchange.wire]
    since = min([state.started_at, *(frame.at for frame in own)])
    state.wire = wire_of_case(session.controller.links, own, since, time.time())
    _attach_evidence(state)
    _write_wire_log(request.config, case_id, state)


def _label(case_id: str, rules: list[str]) -> None:
    """Allure labels: rule ids as tags, story, severity (the case id, title, description and rule
    links: the plugin, harness.allure_view)."""
    dynamic: Any = allure.dynamic  # allure's API is untyped
    with contextlib.suppress(Exception):
        for group in sorted({found.group for r in rules if (found := rule_by_id(r)) is not None}):
            dynamic.story(group)
        for rule in rules:
            dynamic.tag(rule)
        critical = any(found.group == "envelope" for r in rules if (found := rule_by_id(r)) is not None)
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


def _given(case_state: CaseState, edge_under_test: EdgeUnderTest, text: str) -> None:
    planned, request = case_state.planned_request()
    case_state.request = request if planned else build_given(text, edge_under_test.profile)[1]


@given(_GIVEN_CONFORMANT)
def the_conformant_pod_update(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    _given(case_state, edge_under_test, "the conformant pod update")


@given(_GIVEN_CHANGED)
def the_conformant_pod_update_changed_by_case(case_state: CaseState, edge_under_test: EdgeUnderTest,
                                              case_id: str) -> None:
    _given(case_state, edge_under_test, f'the conformant pod update changed by case "{case_id}"')


@given(_GIVEN_FRAME)
def the_frame_of_case(case_state: CaseState, edge_under_test: EdgeUnderTest, case_id: str) -> None:
    _given(case_state, edge_under_test, f'the frame of case "{case_id}"')


@given(_GIVEN_LARGE)
def a_conformant_pod_update_of_more_than(case_state: CaseState, edge_under_test: EdgeUnderTest, size: int) -> None:
    _given(case_state, edge_under_test, f"a conformant pod update of more than {size} KiB")


@given(_GIVEN_TWO)
def two_conformant_pod_updates(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    _given(case_state, edge_under_test, "two conformant pod updates of different pods")


# ----------------------------------------------------------------------------- When


def _send(case_state: CaseState, edge: EdgeUnderTest, when: str) -> list[Exchange]:
    """The exchanges of a When step: its planned tickets' results, or (unplanned) sent now."""
    session = edge.require()
    tickets = case_state.planned_tickets()
    if tickets is None:
        sends = sends_of(when, case_state.request, edge.answer_timeout) or []
        tickets = [session.submit(message, timeout=timeout, label=case_state.label) for message, timeout in sends]
    exchanges = [session.result(ticket) for ticket in tickets]
    case_state.sent += exchanges
    if case_state.node is not None:  # judged on what the edge did only if every request reached it
        record_judged(case_state.node, all(exchange.sent_at_ms is not None for exchange in case_state.sent))
    return exchanges


@when(WHEN_SENDS_IT)
def the_controller_sends_it(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    case_state.exchange, = _send(case_state, edge_under_test, WHEN_SENDS_IT)


@when(WHEN_SENDS_IT_THEN_A_CONFORMANT_UPDATE)
def the_controller_sends_it_followed_by_a_conformant_update(case_state: CaseState,
                                                            edge_under_test: EdgeUnderTest) -> None:
    """Garbage may rightly get silence; a conformant update sent behind it is the barrier:
    once it is answered, an answer to the garbage would have come already."""
    case_state.exchange, case_state.behind = _send(case_state, edge_under_test,
                                                   WHEN_SENDS_IT_THEN_A_CONFORMANT_UPDATE)
    edge_under_test.require().observe(BARRIER_GRACE_S)


@when(WHEN_SENDS_BOTH)
def the_controller_sends_both_without_waiting(case_state: CaseState, edge_under_test: EdgeUnderTest) -> None:
    _send(case_state, edge_under_test, WHEN_SENDS_BOTH)
    edge_under_test.require().observe(BARRIER_GRACE_S)


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
def the_edge_is_still_on_the_same_connection(case_state: CaseState) -> None:
    connections = [exchange.connection for exchange in case_state.sent]
    if len(set(connections)) > 1:
        raise NonConformance(f"the edge reconnected during the case (its requests went over connections "
                             f"{', '.join(map(str, connections))} of the session) instead of keeping its connection")


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
