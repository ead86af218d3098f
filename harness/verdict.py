"""Verdicts: a case that fails does so with a one-line reason and its evidence.

Step code raises :class:`NonConformance` (an ``AssertionError``), never a bare assert
about its own state. The pytest plugin shows the reason and the evidence instead of a
traceback, puts the reason in summary.json and the evidence in the Allure results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class NonConformance(AssertionError):  # noqa: N818  (a verdict on the peer, not an error of ours)
    """The system under test broke a rule; ``reason`` says how in one line.

    ``unanswered``: the peer did not answer at all and kept its connection (a case whose
    data says silence is not judged is then INFORMATIONAL, see ``harness.plugin.grade_of``).
    ``malformed``: the peer decided as expected but its answer is not shaped as the golden
    answer (always a FAIL: it breaks the exchange, whatever the case rests on).
    """

    def __init__(self, reason: str, *, details: str = "", evidence: dict[str, Any] | None = None,
                 unanswered: bool = False, malformed: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason.splitlines()[0] if reason else "non-conformant"
        self.details = details
        self.evidence = evidence or {}
        self.unanswered = unanswered
        self.malformed = malformed

    def __str__(self) -> str:
        return self.reason if not self.details else f"{self.reason}\n{self.details}"


@dataclass
class CaseEvidence:
    """What one case sent and received, for reports (request, answers, diff, wire log)."""

    attachments: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, value: Any) -> None:
        self.attachments[name] = value
