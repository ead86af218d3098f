"""The message model and codec."""

from __future__ import annotations

import uuid

import pytest

from harness.message import DecodeError, Envelope, answer_failed, answer_ok, decode, encode, parse
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod


def _request() -> dict:  # type: ignore[type-arg]
    return pod_update(conformant_pod())


def test_a_request_is_built_as_the_documents_message_instance() -> None:
    request = _request()
    assert list(request) == ["header", "route", "content"]
    assert request["header"]["parent_msg_id"] == "" and request["header"]["sync"] is True
    assert request["route"] == {"source": "controller", "group": "resource", "operation": "update",
                                "resource": "websocket/pod/root-test-6bf30364-3c62-493d-b3c1-848012fb8731"}
    uuid.UUID(request["header"]["msg_id"])


def test_the_ok_answer_copies_what_the_document_says_it_copies() -> None:
    request = _request()
    answer = answer_ok(request)
    assert answer["header"]["parent_msg_id"] == request["header"]["msg_id"]
    assert answer["header"]["msg_id"] != request["header"]["msg_id"]
    assert answer["header"]["timestamp"] > 10**12  # milliseconds
    assert answer["route"]["operation"] == "response" and answer["route"]["source"] == "controller"
    assert answer["route"]["resource"] == request["route"]["resource"]
    assert answer["router"] == {"source": "", "destination": "", "option": "", "resource": ""}
    assert answer["content"] == "OK"


def test_a_failed_answer_follows_the_vendors_feedback_error_by_default() -> None:
    request = _request()
    answer = answer_failed(request, "bad pod")
    assert answer["content"] == "FAILED: bad pod"
    assert (answer["route"]["source"], answer["route"]["operation"]) == ("metaManager", "error")
    guide_style = answer_failed(request, "bad pod", style="response")
    assert (guide_style["route"]["source"], guide_style["route"]["operation"]) == ("controller", "response")


@pytest.mark.parametrize(("frame", "reason"), [
    ("not json", "not JSON"), (b"\xff\xfe", "invalid UTF-8"), ("[1, 2]", "not a JSON object"),
    ("NaN", "not JSON"), ('{"a": 1', "not JSON"), ("", "not JSON"),
])
def test_decoding_malformed_input_gives_an_error_value_not_an_exception(frame: str | bytes, reason: str) -> None:
    result = decode(frame)
    assert isinstance(result, DecodeError)
    assert reason in result.reason


def test_integers_beyond_64_bits_are_still_json() -> None:
    assert parse('{"a": 123456789012345678901234567890}') == {"a": 123456789012345678901234567890}
    assert "123456789012345678901234567890" in encode({"a": 123456789012345678901234567890})


def test_a_deeply_nested_frame_is_an_error_value() -> None:
    assert isinstance(decode("[" * 100_000), DecodeError)


def test_the_envelope_reads_keys_case_insensitively_and_tolerates_garbage() -> None:
    view = Envelope({"HEADER": {"Parent_Msg_Id": "p"}, "route": "x", "content": "FAILED: no"})
    assert view.parent_msg_id == "p" and view.is_answer
    assert view.operation is None and view.is_failure and not view.is_ok
    assert Envelope({"route": {"operation": "keepalive"}}).is_keepalive
