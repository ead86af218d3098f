"""``edgeconform report``: the single-file HTML report of a failing run renders in headless
Chromium with its case count, every row named by its case id and change, and the failed case's
evidence (request, answers, diff, wire log: pretty-printed JSON), a readable error, its own
description with the reproducer, no Python reprs and no ``file:`` links; it loads nothing from
the network (Allure 3's analytics removed); an interrupted run's report says so in a banner and
is not all green.

Needs ``chromium`` (Debian package) and the Allure 3 CLI (``npm install --no-save allure@3``):
skipped without them, except when the environment variable CI is set (then they must be there).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from harness.cli import main
from harness.cli.report import ReportError, find_allure, remote_loads, run_warning, strip_analytics

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ATTACHMENTS = ("request", "answers", "diff", "wire log")


def _allure_missing() -> str:
    try:
        find_allure()
    except ReportError as exc:
        return str(exc)
    return ""


def _require_tools() -> None:
    missing = []
    if CHROMIUM is None:
        missing.append("chromium is not installed (apt-get install chromium)")
    if _allure_missing():
        missing.append(_allure_missing())
    if missing:
        if os.environ.get("CI"):
            pytest.fail("CI must render the HTML report: " + "; ".join(missing))
        pytest.skip("; ".join(missing))


class Browser:
    """Headless Chromium driven over the DevTools protocol; records every request the page makes."""

    def __init__(self, chromium: str, profile: Path) -> None:
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
             "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port = int(port_file.read_text().splitlines()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            page = next(t for t in json.load(answer) if t["type"] == "page")
        self.closing = contextlib.ExitStack()
        self.socket: ClientConnection = self.closing.enter_context(connect(page["webSocketDebuggerUrl"],
                                                                           max_size=None))
        self.ids = itertools.count(1)
        self.requests: list[str] = []
        self.call("Network.enable")
        self.call("Page.enable")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            if message.get("id") == number:
                result: dict[str, Any] = message.get("result", {})
                return result

    def evaluate(self, expression: str) -> Any:
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True).get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"the page never satisfied {expression}")

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def leaves(self, count: int, shown: str = "e.innerText") -> Any:
        """The report tree's leaves (``shown`` of each) once ``count`` are there, expanding the
        sections Allure keeps collapsed (those without a failed case)."""
        expand = ("document.querySelectorAll('[data-testid=tree-section]').forEach(s => {"
                  " const next = s.nextElementSibling;"
                  " if (!next || next.getAttribute('data-testid') !== 'tree-content') s.click() })")
        find = (f"(() => {{ const l = [...document.querySelectorAll('[data-testid=tree-leaf]')];"
                f" return l.length >= {count} ? l.map(e => {shown}) : null }})()")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = self.evaluate(find)
            if found:
                return found
            self.evaluate(expand)
            time.sleep(0.2)
        raise AssertionError(f"the report never showed {count} cases")

    def close(self) -> None:
        self.closing.close()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def browser() -> Iterator[Browser]:
    _require_tools()
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="edgeconform-chromium-", ignore_cleanup_errors=True) as profile:
        running = Browser(CHROMIUM, Path(profile))
        try:
            yield running
        finally:
            running.close()


#: The Examples row of the failing run, and its title in the report.
ROW_CASE = "SEC-PRIVILEGED.true-instead-of-false"
ROW_TITLE = f"{ROW_CASE}: true instead of false"


@pytest.fixture(scope="module")
def failing_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run against a reference edge without the answer's router: the document's update (failed)
    and one Examples row of a content rule (passed: a failure answer may carry any router)."""
    _require_tools()
    report = tmp_path_factory.mktemp("html") / "report"
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "certify-edge", "--reference", "--rate", "0", "--defect", "no-router",
         "-k", f"EDGE-DOCUMENT-UPDATE or {ROW_CASE}", "--report-dir", str(report)], capture_output=True, text=True,
        timeout=120, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    return report


def _build(report: Path) -> Path:
    output = report / "report.html"
    result = subprocess.run([sys.executable, "-m", "harness.cli", "report", str(report), "--output",
                             str(output)], capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def page(failing_run: Path) -> Path:
    return _build(failing_run)


@pytest.fixture(scope="module")
def interrupted_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The report of a run stopped by Ctrl-C after a few cases (all passed), and its summary."""
    _require_tools()
    report = tmp_path_factory.mktemp("interrupted") / "report"
    run = subprocess.Popen([sys.executable, "-m", "harness.cli", "certify-edge", "--reference", "--rate", "20",
                            "--report-dir", str(report)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and run.poll() is None:
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                if json.loads((report / "summary.json").read_text())["counts"]["total"] >= 5:
                    break
            time.sleep(0.05)
        assert run.poll() is None, "the run ended before it could be interrupted"
        run.send_signal(signal.SIGINT)
        run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(10)
    summary = json.loads((report / "summary.json").read_text())
    assert summary["interrupted"] is True and summary["counts"]["failed"] == 0
    return _build(report), summary


def _local(url: str) -> bool:
    return url.startswith(("file:", "data:", "blob:", "about:"))


def test_the_report_is_one_self_contained_file_without_analytics(page: Path, failing_run: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert "googletagmanager" not in html and "gtag(" not in html
    assert remote_loads(html) == []
    assert not (failing_run / "index.html").exists()  # nothing but the one file was written beside it


def test_the_report_renders_the_case_count_and_the_failed_cases_evidence_offline(
        page: Path, failing_run: Path, browser: Browser) -> None:
    summary = json.loads((failing_run / "summary.json").read_text())
    failed = [c for c in summary["cases"] if c["outcome"] == "failed"]
    assert summary["counts"]["total"] == 2 and [c["id"] for c in failed] == ["EDGE-DOCUMENT-UPDATE"]
    browser.open(page.as_uri())
    leaves = browser.leaves(summary["counts"]["total"], "({id: e.id, text: e.innerText})")
    assert len(leaves) == summary["counts"]["total"]
    leaf = next(leaf for leaf in leaves if "EDGE-DOCUMENT-UPDATE" in leaf["text"])
    assert "EDGE-DOCUMENT-UPDATE: The document's pod update, made conformant, is answered OK" in leaf["text"]
    body = " ".join(browser.evaluate("document.body.innerText").split())
    assert "Total 2 Failed 1 Passed 1" in body

    browser.open(f"{page.as_uri()}#{leaf['id']}")
    names = browser.wait_for("(() => { const h = [...document.querySelectorAll("
                             "'[data-testid=test-result-attachment-header]')]; return h.length >= 4 ? "
                             "h.map(e => e.innerText) : null })()")
    assert all(any(f"\n{name}\n" in f"\n{header}\n" for header in names) for name in ATTACHMENTS), names
    browser.evaluate("[...document.querySelectorAll('[data-testid=test-result-attachment-header] > button')]"
                     ".forEach(b => b.click())")
    shown = browser.wait_for("(() => { const a = [...document.querySelectorAll('[data-testid=test-result-attachment]')]"
                             ".map(e => e.innerText); return a.every(t => t.split('\\n').length > 4) ? a : null })()")
    content = {name: next(t for t in shown if f"\n{name}\n" in f"\n{t}") for name in ATTACHMENTS}
    assert '"msg_id"' in content["request"] and '"operation":"update"' in content["request"].replace(" ", "")
    assert '\n  "header": {\n    "msg_id"' in content["request"]  # pretty-printed, not one line
    assert '"parent_msg_id"' in content["answers"] and "\n    " in content["answers"]
    assert "router" in content["diff"]
    assert '"direction"' in content["wire log"] and '"sent"' in content["wire log"]
    text = browser.evaluate("document.body.innerText")
    assert "the answer differs from answer-ok.json at router" in text and "NonConformance" not in text
    description = browser.wait_for("(() => { const f = document.querySelector("
                                   "'[data-testid=test-result-description-frame]'); const d = f && f.contentDocument;"
                                   " return d && d.body && d.body.innerText.includes('Reproduce') ? d.body.innerText"
                                   " : null })()")
    assert "EDGE-DOCUMENT-UPDATE" in description and "Scenario: The document's pod update" in description
    assert "--case EDGE-DOCUMENT-UPDATE" in description  # the reproducer
    assert "The controller pushes the document's pod update" not in description  # not its feature's
    assert "CaseState(" not in text and "EdgeUnderTest(" not in text  # steps without Python reprs
    assert browser.requests and all(_local(url) for url in browser.requests), \
        [u for u in browser.requests if not _local(u)]


def test_every_row_is_named_by_its_case_id_and_change_and_no_link_is_a_local_file(
        page: Path, failing_run: Path, browser: Browser) -> None:
    summary = json.loads((failing_run / "summary.json").read_text())
    browser.open(page.as_uri())
    titles = browser.leaves(len(summary["cases"]))
    for case in summary["cases"]:
        assert sum(case["id"] + ":" in title for title in titles) == 1, (case["id"], titles)
    assert any(ROW_TITLE in title for title in titles), titles
    assert "file:///" not in page.read_text(encoding="utf-8")


def test_an_interrupted_run_shows_a_banner_and_is_not_all_green(interrupted_page: tuple[Path, dict[str, Any]],
                                                              browser: Browser) -> None:
    page, summary = interrupted_page
    browser.open(page.as_uri())
    browser.wait_for("document.querySelectorAll('[data-testid=tree-leaf]').length")
    banner = browser.evaluate("(() => { const e = document.getElementById('edgeconform-banner'); if (!e) return null;"
                              " const r = e.getBoundingClientRect(); return {text: e.innerText, top: r.top,"
                              " height: r.height} })()")
    ran = summary["counts"]["total"]
    assert banner is not None and banner["top"] == 0 and banner["height"] > 20
    selected = summary["collected"] - summary["deselected"]
    assert selected > 500, "the whole strict suite was selected (519 cases: 490 of Pod Update, 29 of Pod Restart)"
    assert banner["text"].startswith(f"RUN INTERRUPTED: {ran} of {selected} cases ran")
    body = " ".join(browser.evaluate("document.body.innerText").split())
    assert f"Total {ran + 1} Broken 1 Passed {ran}" in body and "100%" not in body


def test_a_run_that_reached_no_edge_shows_a_banner_saying_so(tmp_path: Path, browser: Browser) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    report = tmp_path / "report"
    subprocess.run([sys.executable, "-m", "harness.cli", "certify-edge", "--connect",
                    f"ws://127.0.0.1:{port}/websocket/n/events", "-k", "EDGE-DOCUMENT-UPDATE", "--report-dir",
                    str(report)], capture_output=True, text=True, timeout=120, check=False)
    summary = json.loads((report / "summary.json").read_text())
    assert run_warning(summary).startswith("NO EDGE REACHED: ")
    assert "No case judged the edge" in run_warning(summary)
    assert run_warning({**summary, "peer_reached": True, "interrupted": False}) == ""
    browser.open(_build(report).as_uri())
    banner = browser.wait_for("(() => { const e = document.getElementById('edgeconform-banner');"
                              " return e ? e.innerText : null })()")
    assert banner.startswith("NO EDGE REACHED: ")
    body = " ".join(browser.wait_for("(() => { const t = document.body.innerText;"
                                     " return t.includes('Broken') ? t : null })()").split())
    # nothing judged, nothing green: the one result is broken (Allure: "1 broken (100% of all tests)")
    assert "Broken 1" in body and "Success rate: 0%" in body and "Success rate: 100%" not in body
    shutil.rmtree(report / "allure-results")  # a run that reached no edge may have run no case at all
    assert "NO EDGE REACHED" in _build(report).read_text(encoding="utf-8")


def test_the_network_check_catches_a_page_that_calls_home(page: Path, tmp_path: Path, browser: Browser) -> None:
    planted = tmp_path / "planted.html"
    snippet = '<script async src="https://www.googletagmanager.com/gtag/js?id=G-PLANTED"></script>'
    planted.write_text(page.read_text(encoding="utf-8").replace("</head>", snippet + "</head>", 1), encoding="utf-8")
    assert remote_loads(planted.read_text(encoding="utf-8"))
    assert "googletagmanager" not in strip_analytics(planted.read_text(encoding="utf-8"))
    browser.open(planted.as_uri())
    browser.wait_for("document.querySelectorAll('[data-testid=tree-leaf]').length")
    assert any("googletagmanager.com" in url for url in browser.requests), browser.requests


def test_a_missing_allure_is_one_line_saying_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "run" / "allure-results"
    results.mkdir(parents=True)
    (results / "x-result.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["report", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "npm install --no-save allure@3" in err


def test_a_directory_without_allure_results_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path)]) == 2
    assert "no Allure results" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing")]) == 2
    capsys.readouterr()
