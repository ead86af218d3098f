"""A certification run's outcome: its one exit code and verdict (no I/O, no pytest).

The same code is written everywhere: the command's exit status, ``exit_status`` in
summary.json, the ``edgeconform.exit_status`` property of junit.xml and the Allure
environment. The contract (README, "Exit status"):

- 0 CONFORMANT: no case got a grade in ``--fail-on`` (default FAIL) and none is an ERROR;
- 1 NOT CONFORMANT: at least one did;
- 2 NOT JUDGED: a usage error (an option, a selection matching no case), no peer reached,
  or an internal error;
- 130 INTERRUPTED: Ctrl-C or SIGTERM; the cases finished before it are in every report.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

CONFORMANT, NOT_CONFORMANT, NOT_JUDGED, INTERRUPTED = 0, 1, 2, 130
#: pytest's exit statuses this module reads (pytest.ExitCode, without importing pytest).
PYTEST_OK, PYTEST_TESTS_FAILED, PYTEST_INTERRUPTED = 0, 1, 2
#: The grades ``--fail-on`` may name; ERROR (a case the harness could not judge) always counts.
FAIL_ON_CHOICES = ("FAIL", "NON-STRICT", "INFORMATIONAL")
ERROR_GRADE = "ERROR"
VERDICTS = {CONFORMANT: "CONFORMANT", NOT_CONFORMANT: "NOT CONFORMANT", NOT_JUDGED: "NOT JUDGED",
            INTERRUPTED: "INTERRUPTED"}


def parse_fail_on(text: str) -> frozenset[str]:
    """``FAIL,NON-STRICT`` -> the grades that make the exit code 1; ``ValueError`` with one line."""
    grades = frozenset(g.strip().upper() for g in text.split(",") if g.strip())
    unknown = grades - set(FAIL_ON_CHOICES)
    if unknown or not grades:
        raise ValueError(f"grades are {', '.join(FAIL_ON_CHOICES)}; got {text!r}")
    return grades


def exit_code(pytest_status: int, *, interrupted: bool, peer_reached: bool | None, grades: Iterable[str],
              fail_on: Collection[str]) -> int:
    """The run's exit code from pytest's status, the peer and the cases' grades."""
    if interrupted or pytest_status == PYTEST_INTERRUPTED:
        return INTERRUPTED
    if peer_reached is False or pytest_status not in (PYTEST_OK, PYTEST_TESTS_FAILED):
        return NOT_JUDGED
    tripped = any(grade in fail_on or grade == ERROR_GRADE for grade in grades)
    return NOT_CONFORMANT if tripped else CONFORMANT


def verdict(code: int) -> str:
    """The verdict word of an exit code (CONFORMANT, NOT CONFORMANT, NOT JUDGED, INTERRUPTED)."""
    return VERDICTS.get(code, "NOT JUDGED")
