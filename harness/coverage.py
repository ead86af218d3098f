"""Rule coverage: which derived cases exercise each rule, and (given a run) how they fared.

For every rule of a profile (of every registered message type, or of one), the derived cases
of its table (``harness.rules.cases``)
that exercise it positively (expect "accept") and negatively (expect "reject"); the
frames that are not pod updates (``FRAME_CASES``) are negative cases of the
``MESSAGE`` rule. With a run's summary, each of those cases gets its outcome there.
A rule is *covered* by a run when at least one of its negative cases was judged against what
the peer did (passed, or failed on its answer or its silence on an open connection -- not for
want of a peer: summary.json marks those ``"judged": false``); without a run, when it has a
negative case at all. A run that reached no peer covers nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.messages import RULESET_VERSION, specs
from harness.rules.cases import FRAME_CASES
from harness.rules.model import Profile
from harness.rules.spec import MessageSpec

#: Outcomes that count as "the case ran".
RAN = ("passed", "failed")


@dataclass(frozen=True)
class RuleCoverage:
    """One rule: its positive and negative case ids, and their outcomes in a run (if any)."""

    rule: str
    group: str
    paths: tuple[str, ...]
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    outcomes: Mapping[str, str] = field(default_factory=dict)

    def count(self, outcome: str, *, expect: str | None = None) -> int:
        """How many of the rule's cases (of one expectation, or both) had ``outcome`` in the run."""
        ids = self.positive if expect == "accept" else self.negative if expect == "reject" else (
            *self.positive, *self.negative)
        return sum(1 for case_id in ids if self.outcomes.get(case_id) == outcome)

    @property
    def passed(self) -> int:
        return self.count("passed")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def negative_ran(self) -> int:
        return sum(1 for case_id in self.negative if self.outcomes.get(case_id) in RAN)

    def covered(self, with_run: bool) -> bool:
        """At least one negative case ran (with a run), or exists (without)."""
        return self.negative_ran > 0 if with_run else bool(self.negative)

    def as_dict(self, *, with_run: bool, cases: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.rule, "group": self.group, "paths": list(self.paths),
            "positive": len(self.positive), "negative": len(self.negative), "covered": self.covered(with_run),
        }
        if with_run:
            out |= {"passed": self.passed, "failed": self.failed, "negative_ran": self.negative_ran}
        if cases:
            out["positive_cases"] = [self._case(c, with_run) for c in self.positive]
            out["negative_cases"] = [self._case(c, with_run) for c in self.negative]
        return out

    def _case(self, case_id: str, with_run: bool) -> dict[str, Any]:
        return {"id": case_id, "outcome": self.outcomes.get(case_id, "not run")} if with_run else {"id": case_id}


@dataclass(frozen=True)
class Coverage:
    """Every rule of ``profile`` with its cases; ``with_run`` when outcomes come from a summary."""

    profile: Profile
    rules: tuple[RuleCoverage, ...]
    with_run: bool
    peer_reached: bool = True

    @property
    def total(self) -> int:
        return len(self.rules)

    @property
    def covered(self) -> int:
        return sum(1 for r in self.rules if r.covered(self.with_run))

    def uncovered(self) -> list[str]:
        return [r.rule for r in self.rules if not r.covered(self.with_run)]

    def line(self) -> str:
        """``"N of M rules covered ..."``: by the run, or by the derived cases without one."""
        how = "by the run (a negative case ran)" if self.with_run else "by derived negative cases"
        if self.with_run and not self.peer_reached:
            how = "by the run: no peer was reached, nothing was judged"
        return f"{self.covered} of {self.total} rules covered {how} ({self.profile} profile)"

    def as_dict(self, *, cases: bool = False) -> dict[str, Any]:
        """JSON-ready: the totals and one entry per rule (with case ids and outcomes if ``cases``)."""
        return {
            "profile": self.profile, "ruleset_version": RULESET_VERSION, "with_run": self.with_run,
            "rules_total": self.total, "rules_covered": self.covered, "uncovered": self.uncovered(),
            "line": self.line(),
            "rules": [r.as_dict(with_run=self.with_run, cases=cases) for r in self.rules],
        }


#: The outcome a case gets in coverage when it failed for want of a peer (not judged): it did not run.
NOT_JUDGED = "not judged"


def _outcomes(summary: Mapping[str, Any]) -> dict[str, str]:
    """Case id -> outcome in the summary (a failed run of a case beats a passed one); a case that
    was not judged against the peer counts as not run, and so do all when no peer was reached."""
    out: dict[str, str] = {}
    cases = summary.get("cases")
    reached = summary.get("peer_reached") is not False
    for entry in cases if isinstance(cases, list) else []:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            continue
        outcome = str(entry.get("outcome", "")) if reached and entry.get("judged") is not False else NOT_JUDGED
        if out.get(entry["id"]) != "failed":
            out[entry["id"]] = outcome
    return out


def coverage(summary: Mapping[str, Any] | None = None, profile: Profile = "strict",
             spec: MessageSpec | None = None) -> Coverage:
    """The coverage of every rule of ``profile`` by its derived cases (and by the run in ``summary``),
    over every registered message type, or over ``spec``'s rules only."""
    chosen = (spec,) if spec is not None else specs()
    positive: dict[str, list[str]] = {}
    negative: dict[str, list[str]] = {}
    for case in (c for s in chosen for c in s.cases(profile)):
        if case.undecided:
            continue  # recorded, not judged: it covers nothing
        (positive if case.expect == "accept" else negative).setdefault(case.rule, []).append(case.id)
    negative.setdefault("MESSAGE", []).extend(f.id for f in FRAME_CASES)
    outcomes = _outcomes(summary) if summary is not None else {}
    rules = []
    for rule in (r for s in chosen for r in s.rules_for(profile)):
        plus, minus = tuple(positive.get(rule.id, ())), tuple(negative.get(rule.id, ()))
        ran = {case_id: outcomes[case_id] for case_id in (*plus, *minus) if case_id in outcomes}
        rules.append(RuleCoverage(rule.id, rule.group, rule.paths, plus, minus, ran))
    reached = summary is None or summary.get("peer_reached") is not False
    return Coverage(profile, tuple(rules), summary is not None, reached)
