"""``edgeconform rules``: the rule table with its coverage by derived cases (and by a run).

Contract::

    edgeconform rules [--message KEY] [--profile strict|lenient|vendor] [--summary FILE] [--format text|json]

Prints one row per rule of the profile: id, group, path, the number of positive
(accept) and negative (reject) derived cases, and with ``--summary`` how many of them
passed and failed in that run; then the line "N of M rules covered". ``--format
json`` prints :meth:`harness.coverage.Coverage.as_dict` with every case id (and its
outcome in the run). The profile defaults to the summary's, else strict; ``--message KEY``
keeps one message type's rules (default: every registered one). Exit 0;
2 on a usage error or a summary that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, cast

from harness.coverage import Coverage, coverage
from harness.messages import spec_by_key, specs
from harness.rules.model import PROFILES, Profile

PROG = "edgeconform rules"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rules", help="list the rules with the derived cases that exercise them (and a run's outcomes)",
        description="List every rule with its positive and negative derived cases; with --summary, how they "
                    "fared in that run, and how many rules the run covered.",
    )
    parser.add_argument("--profile", choices=PROFILES, default=None,
                        help="rule profile (default: the summary's, else strict)")
    parser.add_argument("--message", default=None, metavar="KEY", choices=[s.key for s in specs()],
                        help="only this message type's rules (default: every one: "
                             + ", ".join(s.key for s in specs()) + ")")
    parser.add_argument("--summary", type=Path, default=None, metavar="FILE",
                        help="summary.json of a run: add each rule's passed/failed counts")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def _read_summary(path: Path) -> dict[str, Any] | str:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror or exc}"
    except (UnicodeDecodeError, ValueError):
        return f"{path} is not JSON"
    if not isinstance(loaded, dict) or not isinstance(loaded.get("cases"), list):
        return f"{path} is not an edgeconform summary.json (no cases list)"
    return loaded


def text_table(report: Coverage) -> list[str]:
    """The rows of the text format, then the "N of M" line."""
    headers = ["rule", "group", "path", "+", "-"] + (["passed", "failed", "covered"] if report.with_run else [])
    rows: list[list[str]] = []
    for rule in report.rules:
        path = rule.paths[0] or "$"
        if len(rule.paths) > 1:
            path += f" (+{len(rule.paths) - 1})"
        row = [rule.rule, rule.group, path, str(len(rule.positive)), str(len(rule.negative))]
        if report.with_run:
            row += [str(rule.passed), str(rule.failed), "yes" if rule.covered(True) else "NO"]
        rows.append(row)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    numeric = {3, 4, 5, 6}

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                                 strict=True))).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows), ""]
    uncovered = report.uncovered()
    if uncovered:
        more = f" (+{len(uncovered) - 10} more)" if len(uncovered) > 10 else ""
        lines.append(f"{report.line()}; not covered: {', '.join(uncovered[:10])}{more}")
    else:
        lines.append(report.line())
    return lines


def run(args: argparse.Namespace) -> int:
    summary: dict[str, Any] | None = None
    if args.summary is not None:
        loaded = _read_summary(args.summary)
        if isinstance(loaded, str):
            print(f"{PROG}: {loaded}", file=sys.stderr)
            return 2
        summary = loaded
    run_profile = summary.get("profile") if summary is not None else None
    if args.profile is not None and run_profile in PROFILES and args.profile != run_profile:
        print(f"{PROG}: the summary is of a {run_profile} run; --profile {args.profile} disagrees", file=sys.stderr)
        return 2
    profile = cast(Profile, args.profile or (run_profile if run_profile in PROFILES else "strict"))
    report = coverage(summary, profile, spec_by_key(args.message) if args.message else None)
    if args.format == "json":
        print(json.dumps(report.as_dict(cases=True), indent=2, ensure_ascii=False))
    else:
        print("\n".join(text_table(report)))
    return 0
