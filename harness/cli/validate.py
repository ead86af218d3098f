"""``edgeconform validate``: judge requests captured from the wire (pod updates, or any registered message type).

Contract (scripts and CI jobs depend on it)::

    edgeconform validate [--message KEY] [--profile strict|lenient|vendor] [--vendor-config FILE]
                         [--format text|json] FILE...

Each file is judged by the message type its route selects (harness/messages; a route no
type takes is judged as a pod update, whose envelope rules then say what is wrong), or by
``--message KEY``. Exit 0 when every file is a conformant request, 1 when at least one
breaks a rule, 2 on a usage error or a file that cannot be read or is not JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from harness.cli._args import vendor_config_of
from harness.message import DecodeError, parse
from harness.messages import DEFAULT_KEY, spec_by_key, spec_for_message, specs
from harness.rules.model import PROFILES


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate", help="judge pod update request files against the rule table",
        description="Judge pod update request files (JSON) against every rule of the table.",
    )
    parser.add_argument("--message", default=None, metavar="KEY", choices=[s.key for s in specs()],
                        help="judge every file as this message type (" + ", ".join(s.key for s in specs())
                             + "); default: the type each file's route selects, else " + DEFAULT_KEY)
    parser.add_argument("--profile", choices=PROFILES, default="strict",
                        help="strict follows the table as written (default); lenient also accepts "
                             "what the document's own example does; vendor judges as the vendor's own "
                             "edge does (docs/errata.md)")
    parser.add_argument("--vendor-config", default=None, metavar="FILE",
                        help="with --profile vendor: the edge's settings (YAML; docs/vendor-config.example.yaml) "
                             "that turn on its configuration-dependent checks (hostPath whitelist, security "
                             "switches, container count, node IPs and resources); without it they are off")
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="output_format",
                        help="text: one line per file and per violation (default); json: one array, one object "
                             "per file: {file, valid, violations: [{rule, path, message}]}")
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="a pod update request as captured from the wire (JSON), one message per file")
    parser.set_defaults(handler=run)


def _read(path: str) -> Any:
    """The JSON value in the file, or a :class:`DecodeError` saying why there is none."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return DecodeError(f"cannot read: {exc.strerror or exc}", 0)
    return parse(data)


def run(args: argparse.Namespace) -> int:
    config = vendor_config_of(args)
    if isinstance(config, str):
        print(f"edgeconform validate: {config}", file=sys.stderr)
        return 2
    results: list[dict[str, Any]] = []
    unreadable = False
    for path in args.files:
        loaded = _read(path)
        if isinstance(loaded, DecodeError):
            print(f"{path}: {loaded.reason}", file=sys.stderr)
            results.append({"file": path, "valid": False, "violations": [], "error": loaded.reason})
            unreadable = True
            continue
        spec = spec_by_key(args.message) if args.message else (spec_for_message(loaded) or spec_by_key())
        violations = spec.validate(loaded, args.profile, config)
        results.append({"file": path, "valid": not violations, "violations": [v.as_dict() for v in violations]})
    if args.output_format == "json":
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for result in results:
            for v in result["violations"]:
                print(f"{result['file']}: {v['path']}: {v['message']} [{v['rule']}]")
        broken = sum(1 for r in results if not r["valid"] and "error" not in r)
        unjudged = sum(1 for r in results if "error" in r)
        count = sum(len(r["violations"]) for r in results)
        print(f"{len(results) - unjudged} file(s) judged ({args.profile} profile): "
              f"{len(results) - unjudged - broken} conformant, {broken} not conformant, {count} violation(s)"
              + (f"; {unjudged} could not be judged" if unjudged else ""))
    if unreadable:
        return 2
    return 1 if any(not r["valid"] for r in results) else 0
