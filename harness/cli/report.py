"""``edgeconform report``: one self-contained HTML file from a run's allure-results.

Contract::

    edgeconform report REPORT_DIR [--output FILE]

Builds a single-file HTML report (default ``REPORT_DIR/report.html``) from
``REPORT_DIR/allure-results`` with the Allure 3 generator (the npm package ``allure``:
``allure awesome --single-file``), found in ``node_modules/.bin/allure`` of the
repository or of the current directory, else on PATH. Exit 0 written, 2 on a usage
error, missing results, a missing or wrong allure, or a failed generation (one line).

No analytics: Allure 3's report template loads Google Analytics unconditionally (as of
3.18 it has no opt-out: allure-framework/allure3#476). The snippet is removed from the
page, and a page that still loads anything from the network is refused.

A run that is no verdict -- interrupted, or that reached no peer (summary.json's
``interrupted`` and ``peer_reached``) -- gets a banner at the top of the page and one
*broken* result saying so (:func:`run_warning`), so its totals are not all green.
"""

from __future__ import annotations

import argparse
import html as html_module
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROG = "edgeconform report"
INSTALL_HINT = "install it in this folder (or one above it) with: npm install --no-save allure@3 (needs Node.js 20+)"
#: Seconds the generator may take.
GENERATE_TIMEOUT_S = 600.0

_ANALYTICS = re.compile(
    r"[ \t]*<script[^>]*\bsrc=\"https://www\.googletagmanager\.com/[^\"]*\"[^>]*>\s*</script>\s*"
    r"(?:<script>\s*window\.dataLayer\b.*?</script>\s*)?", re.S)
_REMOTE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//", re.I)


class ReportError(Exception):
    """The report could not be built; ``str()`` is a one-line reason."""


@dataclass(frozen=True)
class Allure:
    """The allure command to run and its version."""

    command: tuple[str, ...]
    version: str


def find_allure(search: tuple[Path, ...] | None = None) -> Allure:
    """The Allure 3 CLI: ``node_modules/.bin/allure`` of the current directory or the nearest folder above
    it that has one (as npm resolves it), else ``allure`` on PATH."""
    places = search if search is not None else (Path.cwd(), *Path.cwd().parents)
    candidates = [str(p / "node_modules" / ".bin" / "allure") for p in places]
    on_path = shutil.which("allure")
    if on_path:
        candidates.append(on_path)
    found = [c for c in dict.fromkeys(candidates) if Path(c).is_file()]
    if not found:
        raise ReportError(f"the Allure 3 report generator (npm package allure) is not installed; {INSTALL_HINT}")
    if shutil.which("node") is None:
        raise ReportError(f"Node.js (node) is not on PATH; the Allure 3 generator needs it; {INSTALL_HINT}")
    problems = []
    for candidate in found:
        try:
            done = subprocess.run([candidate, "--version"], capture_output=True, text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.append(f"{candidate}: {exc}")
            continue
        version = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
        if done.returncode == 0 and version.startswith("3."):
            return Allure((candidate,), version)
        problems.append(f"{candidate} is not Allure 3 ({version or done.stderr.strip()[:80] or 'no version'})")
    raise ReportError(f"{'; '.join(problems)}; {INSTALL_HINT}")


def strip_analytics(html: str) -> str:
    """The page without Allure's Google Analytics snippet."""
    return _ANALYTICS.sub("", html)


def remote_loads(html: str) -> list[str]:
    """Tags of the page that would load something from the network (empty for a self-contained page)."""
    return [m.group(0)[:120] for m in _REMOTE.finditer(html)]


def _title(report_dir: Path) -> str:
    try:
        summary: Any = json.loads((report_dir / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "edgeconform report"
    if not isinstance(summary, dict):
        return "edgeconform report"
    target: dict[str, Any] = summary["target"] if isinstance(summary.get("target"), dict) else {}
    where = " ".join(str(x) for x in (target.get("mode"), target.get("address")) if x)
    suite = summary.get("suite") or "edgeconform"
    return f"edgeconform {suite} certification" + (f": {where}" if where else "")


def _summary(report_dir: Path) -> dict[str, Any]:
    try:
        summary: Any = json.loads((report_dir / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return summary if isinstance(summary, dict) else {}


def run_warning(summary: dict[str, Any]) -> str:
    """One line saying why the run is no verdict -- it was interrupted, or reached no peer -- or ''."""
    counts = summary.get("counts") if isinstance(summary.get("counts"), dict) else {}
    ran = counts.get("total", 0) if isinstance(counts, dict) else 0
    selected = summary.get("collected", 0) - summary.get("deselected", 0) \
        if isinstance(summary.get("collected"), int) and isinstance(summary.get("deselected"), int) else 0
    if summary.get("peer_reached") is False:
        peer = "controller" if summary.get("suite") == "controller" else "edge"
        why = f": {summary['peer_error']}" if summary.get("peer_error") else ""
        return f"NO {peer.upper()} REACHED{why}. No case judged the {peer}: this report is no verdict on it."
    if summary.get("interrupted") is True:
        of = f" of {selected}" if selected > ran else ""
        return (f"RUN INTERRUPTED: {ran}{of} cases ran; the rest never did. This report is not a certification: "
                "run the suite whole.")
    return ""


def _banner(text: str) -> str:
    return ('<div id="edgeconform-banner" role="alert" style="position:sticky;top:0;z-index:2147483647;'
            'background:#b3261e;color:#fff;padding:12px 20px;font:600 16px/1.4 system-ui,sans-serif">'
            f"{html_module.escape(text)}</div>")


def _with_banner(page: str, text: str) -> str:
    """``page`` with a banner saying ``text`` at the top of its body."""
    match = re.search(r"<body\b[^>]*>", page)
    if match is None:
        return _banner(text) + page
    return page[:match.end()] + _banner(text) + page[match.end():]


def _warning_result(folder: Path, text: str) -> None:
    """A *broken* Allure result standing for the run's problem, so the report's totals are not all green."""
    now = int(time.time() * 1000)
    result = {"uuid": str(uuid.uuid4()), "historyId": "edgeconform-run-warning", "testCaseId": "edgeconform-run",
              "name": text.split(":")[0].split(".")[0], "fullName": "edgeconform run", "status": "broken",
              "stage": "finished", "statusDetails": {"message": text}, "description": text, "start": now,
              "stop": now, "labels": [{"name": "suite", "value": "edgeconform run"}], "steps": [],
              "attachments": [], "parameters": []}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")


def build_report(report_dir: Path, output: Path, *, allure: Allure | None = None) -> Path:
    """Write the single-file HTML report of ``report_dir`` to ``output``; raises :class:`ReportError`.

    A run that is no verdict (:func:`run_warning`) gets its page even without a case result (a
    run that reached no peer may have run none): the banner and the broken result say why."""
    results = report_dir / "allure-results"
    warning = run_warning(_summary(report_dir))
    has_results = results.is_dir() and any(results.glob("*-result.json"))
    if not has_results and not warning:
        raise ReportError(f"no Allure results in {results} (run certify-edge with --report-dir {report_dir})")
    tool = allure or find_allure()
    env = {**os.environ, "ALLURE_NO_ANALYTICS": "true"}  # Allure 2's opt-out; harmless, should 3 honour it later
    with tempfile.TemporaryDirectory(prefix="edgeconform-report-") as work:
        out = Path(work) / "out"
        sources = [str(results.resolve())] if has_results else []
        if warning:
            _warning_result(Path(work) / "run-warning", warning)
            sources.append(str(Path(work) / "run-warning"))
        command = [*tool.command, "awesome", *sources, "--single-file", "--output", str(out),
                   "--name", _title(report_dir), "--lang", "en"]
        try:
            done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True,
                                  timeout=GENERATE_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise ReportError(f"allure did not finish within {GENERATE_TIMEOUT_S:g} s") from None
        except OSError as exc:
            raise ReportError(f"cannot run {tool.command[0]}: {exc.strerror or exc}") from None
        page = out / "index.html"
        if done.returncode != 0 or not page.is_file():
            lines = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()
            raise ReportError(f"allure {tool.version} failed (exit {done.returncode}): {lines[-1][:200]}")
        html = strip_analytics(page.read_text(encoding="utf-8"))
        if warning:
            html = _with_banner(html, warning)
    remote = remote_loads(html)
    if remote:
        raise ReportError(f"the generated page would load from the network ({remote[0]}); not written")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary = output.with_name(output.name + ".tmp")
        temporary.write_text(html, encoding="utf-8")
        os.replace(temporary, output)
    except OSError as exc:
        raise ReportError(f"cannot write {output}: {exc.strerror or exc}") from None
    return output


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report", help="build a single-file HTML report from a run's allure-results (Allure 3)",
        description="Build one self-contained HTML file from REPORT_DIR/allure-results with the Allure 3 "
                    f"generator (npm package allure; {INSTALL_HINT}). No analytics: the page loads nothing "
                    "from the network.",
    )
    parser.add_argument("report_dir", type=Path, metavar="REPORT_DIR",
                        help="a certify-edge/certify-controller report directory")
    parser.add_argument("--output", type=Path, default=None, metavar="FILE",
                        help="the HTML file to write (default REPORT_DIR/report.html)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    report_dir: Path = args.report_dir
    if not report_dir.is_dir():
        print(f"{PROG}: no report directory {report_dir}", file=sys.stderr)
        return 2
    output = args.output or report_dir / "report.html"
    try:
        written = build_report(report_dir, output)
    except ReportError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    print(f"{PROG}: wrote {written} ({written.stat().st_size // 1024} KiB, one self-contained file; open it in a "
          "browser)")
    return 0
