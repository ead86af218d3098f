"""The whole edge suite, over websockets, against an edge whose every decision is the vendor's own.

The edge's decision for each frame (answer OK, answer ``FAILED: <the vendor's words>``, or drop
it unanswered) comes from the vendor oracle (``/work/shared/vendor-oracle``: the vendor's Go
checks, run as they are, permissive runtime settings); the rest (answer shape, connection) is the
reference edge's. Under strict such an edge FAILs only where the document's own words decide:
the true disagreements that tests/unit/test_vendor_strict_grades.py lists. Skipped where the oracle is
not built (``/work/shared/vendor-oracle/build.sh``).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.json_keys import get_ci
from harness.message import DecodeError, decode
from harness.roles.edge import EdgeCore, EdgeDecision, Judgement
from harness.roles.reference_edge import EdgeOptions, ReferenceEdge, serve_edge_listen
from tests.support import certify_edge as certify
from tests.unit.test_vendor_strict_grades import TRUE_DISAGREEMENTS

ORACLE = Path("/tmp/vendorcheck/vendorcheck")

pytestmark = pytest.mark.skipif(not ORACLE.exists(), reason="the vendor oracle is not built")


class VendorDecidingCore(EdgeCore):
    """The reference edge's protocol logic, with the vendor oracle's decision for every frame."""

    def on_frame(self, data: str | bytes, now: int, *, received_at: int | None = None) -> EdgeDecision:
        if isinstance(data, bytes):  # the vendor's edge ignores binary frames
            return EdgeDecision([], Judgement("dropped", "a binary frame"))
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as frame:
            frame.write(data)
            frame.flush()
            verdict = json.loads(subprocess.run([str(ORACLE), frame.name], capture_output=True, text=True,
                                                check=True).stdout)
        said = str(verdict.get("vendor_action") or "")
        message = decode(data)
        if isinstance(message, DecodeError) or not (said.startswith("FAILED") or verdict.get("accepted")):
            return EdgeDecision([], Judgement("dropped", f"the vendor drops it: {verdict.get('error')}"))
        request_id = get_ci(get_ci(message, "header"), "msg_id")
        judgement = Judgement("rejected", said.removeprefix("FAILED: ")) if said.startswith("FAILED") \
            else Judgement("ok", "the vendor accepts it")
        return self.answer(message, judgement, request_id if isinstance(request_id, str) else None, now)


@dataclass(frozen=True)
class VendorDecidingOptions(EdgeOptions):
    def make_core(self) -> EdgeCore:
        return VendorDecidingCore(self.profile, failure_style="error")


def test_an_edge_deciding_as_the_vendors_fails_under_strict_only_where_the_document_decides(tmp_path: Path) -> None:
    options = VendorDecidingOptions(max_size=None)
    edge = ReferenceEdge._start(serve_edge_listen("127.0.0.1", 0, options))  # a test-only core: no public hook
    with edge:
        code, summary, output = certify(tmp_path, "--connect", edge.url, "--timeout", "2", timeout=900)
    assert code == 1, output[-3000:]
    assert summary["complete"] and summary["counts"]["total"] > 480
    failed = {c["id"]: c["reason"] for c in summary["cases"] if c["grade"] == "FAIL"}
    assert set(failed) == TRUE_DISAGREEMENTS, sorted(failed)
    assert all("the document: " in reason for reason in failed.values())
    non_strict = [c for c in summary["cases"] if c["grade"] == "NON-STRICT"]
    assert non_strict and all("inference" in c["reason"] or "erratum" in c["reason"] for c in non_strict)
    informational = {c["id"] for c in summary["cases"] if c["grade"] == "INFORMATIONAL"}
    assert {"POD.spec-maximal", "HDR-MSG-ID.an-upper-case-uuid", "HDR-TIMESTAMP.0-below-the-range"} <= informational
