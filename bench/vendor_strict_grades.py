"""How an edge that decides exactly as the vendor's would be graded under strict (issue 9).

    python bench/vendor_strict_grades.py                        # run every case through the oracle
    python bench/vendor_strict_grades.py --record FILE          # ... and record the vendor's actions
    python bench/vendor_strict_grades.py --recorded FILE        # use recorded actions (no oracle needed)

Sends nothing over a network: each derived case's request (exactly as the edge suite builds
it) is given to the vendor oracle (``/work/shared/vendor-oracle``, ``vendorcheck``: the
vendor's own Go checks), whose answer -- accepted, ``FAILED: ...``, or dropped unanswered --
is judged the way the edge suite's steps judge an edge's, and graded by the plugin's
:func:`harness.plugin.grade_of`. Prints every case such an edge would not PASS, FAIL first,
each with the vendor's action and the grade's reason (the inference, or the document's words).
The answer's shape is not simulated: the vendor's ``FAILED`` answers (operation ``error``,
source ``metaManager``) are what the golden failure answer allows.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from harness.message import encode
from harness.messages.pod_update import POD_UPDATE
from harness.plugin import grade_of, grade_reason
from harness.rules.cases import Case

ORACLE = Path("/tmp/vendorcheck/vendorcheck")
Action = Literal["accepted", "failed", "dropped"]
FIXED_MSG_ID = "6f1c1b1e-8d0b-4f5e-9a51-0c9a3f1e2d4b"


@dataclass(frozen=True)
class VendorAction:
    """What the vendor's edge does with one case's request, and its words for it."""

    action: Action
    words: str


@dataclass(frozen=True)
class Graded:
    case: Case
    vendor: VendorAction
    grade: str
    reason: str


def oracle_actions(cases: tuple[Case, ...], oracle: Path = ORACLE) -> dict[str, VendorAction]:
    """Each case's request through ``vendorcheck`` (full mode: read cut, envelope allow-list, content)."""
    with tempfile.TemporaryDirectory(prefix="edgeconform-vendor-") as folder:
        files = []
        for index, case in enumerate(cases):
            path = Path(folder) / f"{index:04d}.json"
            message = case.build(msg_id=FIXED_MSG_ID)
            path.write_text(message if isinstance(message, str) else encode(message), encoding="utf-8")
            files.append(str(path))
        result = subprocess.run([str(oracle), *files], capture_output=True, text=True, check=True)
    out: dict[str, VendorAction] = {}
    for line in result.stdout.splitlines():
        verdict = json.loads(line)
        case = cases[int(Path(verdict["file"]).stem)]
        said = str(verdict.get("vendor_action") or "")
        if said.startswith("FAILED"):
            out[case.id] = VendorAction("failed", said)
        elif verdict.get("accepted"):
            out[case.id] = VendorAction("accepted", said)
        else:
            out[case.id] = VendorAction("dropped", f"dropped unanswered: {verdict.get('error') or ''}".rstrip(": "))
    return out


def judge(case: Case, vendor: VendorAction) -> Graded:
    """The suite's verdict and the plugin's grade for an edge that does what the vendor's does."""
    if case.undecided:
        return Graded(case, vendor, "INFORMATIONAL", f"recorded, not judged: {case.undecided}")
    failure, unanswered = "", False
    if case.expect == "accept":
        if vendor.action == "failed":
            failure = f"a conformant pod update was rejected: {vendor.words}"
        elif vendor.action == "dropped":
            failure, unanswered = f"no answer to the request: {vendor.words}", True
    elif vendor.action == "accepted":
        failure = 'a pod that breaks the rule was answered "OK"'
    elif vendor.action == "dropped" and not case.breaks_envelope:
        failure, unanswered = f"no answer to the pod that breaks the rule: {vendor.words}", True
    if not failure:
        return Graded(case, vendor, "PASS", "")
    grade = grade_of(case.id, "failed", informational=False, profile="strict", unanswered=unanswered)
    return Graded(case, vendor, grade, failure + grade_reason(case.id, grade, "strict", unanswered=unanswered))


def grade_all(actions: dict[str, VendorAction]) -> list[Graded]:
    return [judge(case, actions[case.id]) for case in POD_UPDATE.cases("strict") if case.id in actions]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oracle", type=Path, default=ORACLE, help=f"the vendorcheck binary (default {ORACLE})")
    parser.add_argument("--record", type=Path, help="write the vendor's action for every case to this JSON file")
    parser.add_argument("--recorded", type=Path, help="read the vendor's actions from this JSON file")
    args = parser.parse_args(argv)
    if args.recorded:
        raw = json.loads(args.recorded.read_text(encoding="utf-8"))["actions"]
        actions = {k: VendorAction(v["action"], v["words"]) for k, v in raw.items()}
    else:
        if not args.oracle.exists():
            print(f"no oracle at {args.oracle}: build it with /work/shared/vendor-oracle/build.sh", file=sys.stderr)
            return 2
        actions = oracle_actions(POD_UPDATE.cases("strict"), args.oracle)
    if args.record:
        record = {"about": "the vendor oracle's action on every strict case's request "
                           "(bench/vendor_strict_grades.py --record; permissive oracle profile)",
                  "actions": {k: {"action": v.action, "words": v.words} for k, v in sorted(actions.items())}}
        args.record.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    graded = grade_all(actions)
    order = {"FAIL": 0, "NON-STRICT": 1, "INFORMATIONAL": 2}
    for entry in sorted((g for g in graded if g.grade != "PASS"), key=lambda g: order.get(g.grade, 3)):
        print(f"{entry.grade:13} {entry.case.id}\n              {entry.reason}")
    counts = {grade: sum(1 for g in graded if g.grade == grade) for grade in ("PASS", *order)}
    print(f"{len(graded)} cases: " + ", ".join(f"{n} {grade}" for grade, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
