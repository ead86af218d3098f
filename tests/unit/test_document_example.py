"""The document's verbatim example, judged under each profile as docs/errata.md says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.messages.pod_update import POD_UPDATE

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "document"


def _document_request_with_its_pod() -> dict[str, Any]:
    request: dict[str, Any] = json.loads((FIXTURES / "request.json").read_text())
    request["content"] = json.loads((FIXTURES / "pod.json").read_text())
    return request


def test_the_verbatim_example_breaks_exactly_the_errata_under_strict() -> None:
    violations = POD_UPDATE.validate(_document_request_with_its_pod(), "strict")
    assert sorted((v.rule, v.path) for v in violations) == sorted([
        ("VOL-EMPTYDIR-MEDIUM", "content.spec.Volumes[1].emptyDir.medium"),            # erratum 1
        ("MOUNT-READ-ONLY", "content.spec.containers[0].volumeMounts[1].readOnly"),      # erratum 2
        ("PROBE-HTTPGET-SCHEME", "content.spec.containers[0].readinessProbe.httpGet.Scheme"),  # erratum 3
        ("MOUNT-NAMES-VOLUME", "content.spec.containers[0].volumeMounts[0].name"),       # erratum 4
        ("PROBE-HTTPGET-HOST", "content.spec.containers[0].readinessProbe.httpGet.Host"),  # erratum 5
        ("PORT-HOST-IP", "content.spec.containers[0].ports[0].hostIP"),                  # erratum 5
        ("PORT-HOST-IP", "content.spec.containers[0].ports[1].hostIP"),                  # erratum 5
        ("ROUTE-RESOURCE", "route.resource"),                                            # erratum 5: {pod_name}
    ])


def test_the_verbatim_example_breaks_only_its_redactions_under_lenient() -> None:
    violations = POD_UPDATE.validate(_document_request_with_its_pod(), "lenient")
    assert sorted({v.rule for v in violations}) == ["PORT-HOST-IP", "PROBE-HTTPGET-HOST", "ROUTE-RESOURCE"]


def test_the_example_with_its_redactions_filled_passes_lenient_but_not_strict() -> None:
    request = _document_request_with_its_pod()
    request["route"]["resource"] = "websocket/pod/" + request["content"]["metadata"]["name"]
    container = request["content"]["spec"]["containers"][0]
    container["readinessProbe"]["httpGet"]["Host"] = "127.0.0.1"
    for port in container["ports"]:
        port["hostIP"] = "127.0.0.1"
    assert POD_UPDATE.validate(request, "lenient") == []
    assert len(POD_UPDATE.validate(request, "strict")) == 4


def test_the_bare_message_instance_misses_its_pod() -> None:
    request = json.loads((FIXTURES / "request.json").read_text())
    assert {v.rule for v in POD_UPDATE.validate(request)} == {"META", "SPEC"}


def test_the_documents_answer_is_the_shape_answer_ok_builds() -> None:
    from harness.message import answer_ok

    document_answer = json.loads((FIXTURES / "answer.json").read_text())
    built = answer_ok(_document_request_with_its_pod())

    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        return type(value).__name__

    assert shape(built) == shape(document_answer)
    assert list(built["header"]) == list(document_answer["header"])
