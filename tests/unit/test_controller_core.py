"""The controller's pure protocol core (harness/roles/controller.py), without sockets or an event loop:
correlation by parent_msg_id, answers that come misnamed, timeouts that restart while the edge
makes progress, and what a close does to the requests waiting on it."""

from __future__ import annotations

from typing import Any, cast

from harness.message import answer_ok, encode
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.roles.controller import CLOSE_FOLLOWS_ANSWER_MS, ControllerCore, Ticket
from harness.transport import Frame, Handshake, Link, WireLog

T0 = 1_700_000_000_000  # ms


class PaperLink:
    """All the core reads of a connection: its wire log (and its identity)."""

    def __init__(self) -> None:
        self.log = WireLog()
        self.handshake = Handshake("/websocket/node-1/events", "node-1", {}, "127.0.0.1:50000")


def a_link(core: ControllerCore) -> Link:
    """A connection the edge opened, which ``core`` now uses."""
    link = cast(Link, PaperLink())
    core.adopt(link)
    return link


def send(core: ControllerCore, link: Link, message: dict[str, Any], at_ms: int, *, timeout: float = 2.0,
         wait_after_answer: float = 0.0) -> Ticket:
    """What the fake controller's sender does around the write of one request, at ``at_ms``."""
    ticket = core.enqueue(message, timeout=timeout, wait_after_answer=wait_after_answer)
    mark = link.log.mark()
    core.sending(ticket, link, mark, at_ms)
    link.log.append(Frame.message("sent", ticket.payload, at=at_ms / 1000))
    core.sent(ticket, link, mark)
    return ticket


def receive(core: ControllerCore, link: Link, message: dict[str, Any] | str, at_ms: int) -> None:
    data = message if isinstance(message, str) else encode(message)
    frame = Frame.message("received", data, at=at_ms / 1000)
    link.log.append(frame)
    core.route(frame, link)


def close(core: ControllerCore, link: Link, at_ms: int, code: int = 1011) -> None:
    frame = Frame.close("received", code, "edge closing", at=at_ms / 1000)
    link.log.append(frame)
    core.route(frame, link)


def an_update() -> dict[str, Any]:
    return pod_update(conformant_pod())


def test_an_answer_naming_its_request_answers_that_request_even_out_of_order() -> None:
    core = ControllerCore()
    link = a_link(core)
    first, second = an_update(), an_update()
    first_ticket = send(core, link, first, T0)
    second_ticket = send(core, link, second, T0 + 1)
    receive(core, link, answer_ok(second), T0 + 10)
    receive(core, link, answer_ok(first), T0 + 20)
    assert second_ticket.outcome == "answered" and first_ticket.outcome == "answered"
    assert core.exchange_of(first_ticket).latency_ms == 20
    assert core.exchange_of(second_ticket).latency_ms == 9
    assert core.correlator.answer_counts == {first["header"]["msg_id"]: 1, second["header"]["msg_id"]: 1}


def test_a_case_wire_log_holds_its_own_request_and_answer_not_the_other_cases() -> None:
    core = ControllerCore()
    link = a_link(core)
    first, second = an_update(), an_update()
    first_ticket = send(core, link, first, T0)
    send(core, link, second, T0 + 1)
    receive(core, link, answer_ok(second), T0 + 10)
    receive(core, link, answer_ok(first), T0 + 20)
    wire = core.exchange_of(first_ticket).wire
    assert [frame.direction for frame in wire] == ["sent", "received"]
    assert first["header"]["msg_id"] in str(wire[0].data) and first["header"]["msg_id"] in str(wire[1].data)


def test_a_case_wire_log_leaves_out_the_other_cases_frames_logged_but_not_yet_routed() -> None:
    """The link logs a frame as it arrives and the pump routes it later: a case that ends in between must
    not take another case's request (not yet marked sent) or its answer (not yet routed) as its own."""
    core = ControllerCore()
    link = a_link(core)
    first, second = an_update(), an_update()
    first_ticket = core.enqueue(first, timeout=2.0)
    second_ticket = core.enqueue(second, timeout=2.0)
    mark = link.log.mark()
    core.sending(first_ticket, link, mark, T0)
    link.log.append(Frame.message("sent", first_ticket.payload, at=T0 / 1000))
    core.sent(first_ticket, link, mark)
    core.sending(second_ticket, link, link.log.mark(), T0 + 1)
    link.log.append(Frame.message("sent", second_ticket.payload, at=(T0 + 1) / 1000))  # sent() not yet called
    link.log.append(Frame.message("received", encode(answer_ok(second)), at=(T0 + 5) / 1000))  # not yet routed
    receive(core, link, answer_ok(first), T0 + 10)
    wire = core.exchange_of(first_ticket).wire
    sent = [f.data for f in wire if f.direction == "sent"]
    received = [f.data for f in wire if f.direction == "received"]
    assert sent == [first_ticket.payload]
    assert len(received) == 1 and first["header"]["msg_id"] in str(received[0])


def test_an_answer_naming_an_id_never_sent_ends_the_oldest_waiting_request_as_misanswered() -> None:
    core = ControllerCore()
    link = a_link(core)
    request = an_update()
    ticket = send(core, link, request, T0)
    stranger = answer_ok(an_update())
    receive(core, link, stranger, T0 + 30)
    assert ticket.outcome == "misanswered"
    assert ticket.reason.startswith(f"instead of an answer naming {request['header']['msg_id']}, an answer to ")
    assert ticket.reason.endswith("arrived after 30 ms")
    assert len(core.correlator.unknown_answers) == 1


def test_an_answer_with_an_empty_parent_id_ends_the_waiting_request_as_misanswered() -> None:
    core = ControllerCore()
    link = a_link(core)
    request = an_update()
    ticket = send(core, link, request, T0)
    answer = answer_ok(request)
    answer["header"]["parent_msg_id"] = ""
    receive(core, link, answer, T0 + 5)
    assert ticket.outcome == "misanswered"
    assert "an answer with an empty parent_msg_id" in ticket.reason


def test_keepalives_and_status_reports_neither_answer_nor_misanswer_a_request() -> None:
    core = ControllerCore()
    link = a_link(core)
    ticket = send(core, link, an_update(), T0)
    route = {"source": "edge", "group": "resource", "operation": "update", "resource": "websocket/podstatus"}
    status = {"header": {"msg_id": "x", "parent_msg_id": ""}, "route": route, "content": {}}
    receive(core, link, status, T0 + 5)
    receive(core, link, "not json", T0 + 6)
    assert not ticket.done
    assert [c.kind for c in ticket.others] == ["upstream", "not-json"]


def test_a_request_not_answered_in_its_timeout_ends_as_a_timeout() -> None:
    core = ControllerCore()
    link = a_link(core)
    request = an_update()
    ticket = send(core, link, request, T0, timeout=2.0)
    core.expire(T0 + 1999)
    assert not ticket.done
    core.expire(T0 + 2001)
    assert ticket.outcome == "timeout"
    assert ticket.reason == f"no answer with parent_msg_id {request['header']['msg_id']} within 2 s"


def test_a_waiting_request_gets_its_timeout_again_each_time_the_edge_answers_on_its_connection() -> None:
    core = ControllerCore()
    link = a_link(core)
    first, second = an_update(), an_update()
    send(core, link, first, T0, timeout=2.0)
    waiting = send(core, link, second, T0, timeout=2.0)
    receive(core, link, answer_ok(first), T0 + 1500)
    assert waiting.end_ms() == T0 + 1500 + 2000
    core.expire(T0 + 2500)
    assert not waiting.done, "the edge is working through the queue: its timeout restarted at the last answer"
    core.expire(T0 + 3501)
    assert waiting.outcome == "timeout"
    assert waiting.reason.endswith("within 2 s of the edge's last answer")


def test_an_answer_on_another_connection_does_not_restart_a_timeout() -> None:
    core = ControllerCore()
    old, new = a_link(core), a_link(core)
    first, second = an_update(), an_update()
    waiting = send(core, old, second, T0, timeout=2.0)
    send(core, new, first, T0, timeout=2.0)
    receive(core, new, answer_ok(first), T0 + 1500)
    assert waiting.end_ms() == T0 + 2000


def test_a_close_with_no_answer_behind_it_ends_the_oldest_waiting_request_as_disconnected() -> None:
    core = ControllerCore()
    link = a_link(core)
    ticket = send(core, link, an_update(), T0)
    close(core, link, T0 + 500)
    assert ticket.outcome == "disconnected"
    assert ticket.reason == "the edge closed the connection (1011 edge closing) before answering"


def test_a_close_right_after_an_answer_sends_the_waiting_request_again_and_sends_nothing_ahead() -> None:
    core = ControllerCore(in_flight=8)
    link = a_link(core)
    first, second = an_update(), an_update()
    answered = send(core, link, first, T0)
    waiting = send(core, link, second, T0 + 1)
    receive(core, link, answer_ok(first), T0 + 100)
    close(core, link, T0 + 100 + CLOSE_FOLLOWS_ANSWER_MS)
    assert answered.outcome == "answered"
    assert not waiting.done and waiting.sent_at_ms is None and waiting.strikes == 1
    assert core.queued()[0] is waiting, "it goes out again first, on the next connection"
    assert "did not come back" in waiting.lost
    assert core.window == 1, "an edge that drops connections loses what was sent ahead: no more of it"


def test_a_request_that_cannot_be_encoded_ends_not_sent_at_once() -> None:
    core = ControllerCore()
    ticket = core.enqueue({"header": {"msg_id": "x"}, "content": {1, 2}}, timeout=1.0)
    assert ticket.outcome == "not-sent" and ticket.reason.startswith("cannot encode the request as JSON")


def test_a_ticket_wakes_whoever_waits_on_it_when_it_changes() -> None:
    core = ControllerCore()
    link = a_link(core)
    request = an_update()
    ticket = core.enqueue(request, timeout=1.0)
    wakes: list[str | None] = []
    ticket.waker = lambda: wakes.append(ticket.outcome)
    mark = link.log.mark()
    core.sending(ticket, link, mark, T0)
    link.log.append(Frame.message("sent", ticket.payload, at=T0 / 1000))
    core.sent(ticket, link, mark)
    receive(core, link, answer_ok(request), T0 + 5)
    assert wakes == [None, "answered"]
