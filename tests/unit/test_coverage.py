"""Rule coverage: every rule has a negative case in both profiles (the build fails otherwise), a
run covers a rule only when one of its negative cases ran, and ``edgeconform rules`` prints it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.coverage import coverage
from harness.messages import cases_for, specs
from harness.messages.pod_update import POD_UPDATE
from harness.rules.cases import FRAME_CASES
from harness.rules.model import PROFILES, Profile
from harness.rules.spec import MessageSpec


@pytest.mark.parametrize("profile", PROFILES)
def test_every_rule_has_a_negative_case(profile: Profile) -> None:
    report = coverage(profile=profile)
    assert report.total == sum(len(spec.rules_for(profile)) for spec in specs())
    assert coverage(profile=profile, spec=POD_UPDATE).total == len(POD_UPDATE.rules_for(profile))
    assert report.uncovered() == [], f"rules without a negative case ({profile}): {report.uncovered()}"


def test_a_rule_whose_negative_cases_are_gone_is_reported_uncovered(monkeypatch: pytest.MonkeyPatch) -> None:
    planted = tuple(c for c in POD_UPDATE.cases("strict") if not (c.rule == "META-NAME" and c.expect == "reject"))
    others = MessageSpec.cases
    monkeypatch.setattr(MessageSpec, "cases",
                        lambda self, profile="strict": planted if self is POD_UPDATE else others(self, profile))
    report = coverage(profile="strict")
    assert report.uncovered() == ["META-NAME"]
    assert report.line().startswith(f"{report.total - 1} of {report.total} rules covered")


def test_each_rule_lists_its_accept_cases_as_positive_and_reject_cases_as_negative() -> None:
    by_rule = {r.rule: r for r in coverage(profile="strict").rules}
    name = by_rule["META-NAME"]
    assert "META-NAME.a-name-of-128-characters" in name.positive
    assert "META-NAME.a-name-of-129-characters" in name.negative
    assert all(c.expect == "accept" for c in POD_UPDATE.cases("strict") if c.id in name.positive)
    assert {f.id for f in FRAME_CASES} <= set(by_rule["MESSAGE"].negative)


def _summary(outcomes: dict[str, str], profile: str = "strict") -> dict[str, Any]:
    return {"profile": profile, "cases": [{"id": case_id, "outcome": o} for case_id, o in outcomes.items()]}


def test_a_run_covers_a_rule_only_when_one_of_its_negative_cases_ran() -> None:
    report = coverage(_summary({
        "META-NAME.a-name-of-128-characters": "passed",   # positive only: not covered
        "META-UID.a-truncated-uid": "skipped",            # skipped: not covered
        "META-NAMESPACE.a-number-instead-of-a-string": "failed",  # ran (and failed): covered
    }))
    by_rule = {r.rule: r for r in report.rules}
    assert "META-UID.a-truncated-uid" in by_rule["META-UID"].negative
    assert "META-NAMESPACE.a-number-instead-of-a-string" in by_rule["META-NAMESPACE"].negative
    assert report.with_run and report.covered == 1
    assert [r for r in by_rule if by_rule[r].covered(True)] == ["META-NAMESPACE"]
    assert (by_rule["META-NAME"].passed, by_rule["META-NAMESPACE"].failed) == (1, 1)
    assert report.line() == f"1 of {report.total} rules covered by the run (a negative case ran) (strict profile)"


def test_a_case_that_failed_for_want_of_an_edge_covers_nothing() -> None:
    summary = _summary({"META-NAMESPACE.a-number-instead-of-a-string": "failed"})
    summary["cases"][0]["judged"] = False
    assert coverage(summary).covered == 0
    summary["cases"][0]["judged"] = True
    assert coverage(summary).covered == 1


def test_a_run_that_reached_no_edge_covers_nothing_and_says_so() -> None:
    outcomes = {c.id: "failed" for c in POD_UPDATE.cases("strict")} | {f.id: "failed" for f in FRAME_CASES}
    summary = _summary(outcomes) | {"peer_reached": False}
    report = coverage(summary)
    assert report.covered == 0 and len(report.uncovered()) == report.total
    assert report.line() == (f"0 of {report.total} rules covered by the run: no peer was reached, nothing was "
                             "judged (strict profile)")


def test_a_full_run_covers_every_rule() -> None:
    outcomes = {c.id: "passed" for c in cases_for("strict")} | {f.id: "passed" for f in FRAME_CASES}
    report = coverage(_summary(outcomes))
    assert report.covered == report.total and report.uncovered() == []


def test_as_dict_is_json_with_the_totals_for_summary_json() -> None:
    report = coverage(_summary({"META-NAME.a-name-of-129-characters": "failed"}))
    document = json.loads(json.dumps(report.as_dict()))
    assert (document["rules_total"], document["rules_covered"]) == (report.total, 1)
    entry = next(r for r in document["rules"] if r["id"] == "META-NAME")
    assert entry["covered"] and entry["failed"] == 1 and "negative_cases" not in entry
    detailed = report.as_dict(cases=True)["rules"]
    name = next(r for r in detailed if r["id"] == "META-NAME")
    assert {"id": "META-NAME.a-name-of-129-characters", "outcome": "failed"} in name["negative_cases"]


# ------------------------------------------------------------------------------- edgeconform rules


def _rules(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["rules", *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


def test_the_rules_command_prints_every_rule_and_the_n_of_m_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _rules(capsys)
    total = sum(len(spec.rules_for("strict")) for spec in specs())
    assert code == 0
    assert out.splitlines()[0].split() == ["rule", "group", "path", "+", "-"]
    assert any(line.startswith("META-NAME ") and "content.metadata.name" in line for line in out.splitlines())
    assert out.rstrip().endswith(f"{total} of {total} rules covered by derived negative cases (strict profile)")


def test_the_rules_command_with_a_summary_adds_outcomes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(_summary({"META-NAME.a-name-of-129-characters": "failed"}, "lenient")))
    code, out, _ = _rules(capsys, "--summary", str(path))
    assert code == 0
    assert out.splitlines()[0].split()[-3:] == ["passed", "failed", "covered"]
    row = next(line.split() for line in out.splitlines() if line.startswith("META-NAME "))
    assert row[-3:] == ["0", "1", "yes"]
    total = sum(len(spec.rules_for("lenient")) for spec in specs())
    assert f"1 of {total} rules covered by the run" in out and "(lenient profile)" in out
    code, out, _ = _rules(capsys, "--summary", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["rules_covered"] == 1


def test_the_rules_command_refuses_a_bad_summary_or_a_disagreeing_profile(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    assert _rules(capsys, "--summary", str(bad))[0] == 2
    assert _rules(capsys, "--summary", str(tmp_path / "missing.json"))[0] == 2
    lenient = tmp_path / "lenient.json"
    lenient.write_text(json.dumps(_summary({}, "lenient")))
    code, _, err = _rules(capsys, "--summary", str(lenient), "--profile", "strict")
    assert code == 2 and "lenient run" in err
