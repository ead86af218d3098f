"""Edge-suite speed (issue: certify an edge, "Speed").

    python bench/bench_edge_suite.py [--rounds N]

1. The whole edge suite against the reference edge, unpaced: wall time and cases/s
   (``edgeconform certify-edge --reference --rate 0`` in a fresh process, as a user runs it).
2. The harness's per-case overhead: the conformant pod update sent N times through the
   fake controller (correlation, wire log, pacing off) against a bare ``websockets``
   round trip of the same message to the same reference edge.
3. Bounded runs (issue 10), one run each: the reference edge with ``drops-invalid-pods``
   (default ``--timeout 10``, ``--rate 0``), with ``leaves-for-good`` (``--rate 0``), and
   ``rate-limited`` as the vendor's edge is (5 msg/s, burst 5, excess dropped) with default
   options, next to its floor (messages / 4); a failing case's cost (``timestamp-in-seconds``,
   ``no-router``, unpaced) next to the passing run. Goals: every misbehaving-edge run within
   2 x timeout + messages / rate + 10 s; the rate-limited run within 10% of its floor with no
   message dropped by the edge.

    python bench/bench_edge_suite.py --bounded-only    # section 3 alone

Measured 2026-12-01 on the 2-core development machine (shared, loaded): unpaced 6.6 s all passing
(534 messages); timestamp-in-seconds 9.4 s (484 failed), no-router 10.7 s (188 failed);
drops-invalid-pods 24.8 s (goal 30 s); leaves-for-good 17.5 s (goal 30 s); rate-limited at the
default --rate 4: 133.3 s for 534 messages, floor 133.5 s, 0 failed (nothing dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

from harness.message import encode
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import conformant_pod
from harness.roles.fake_controller import ControllerSession
from harness.roles.reference_edge import ReferenceEdge


def whole_suite(rounds: int) -> None:
    times = []
    cases = 0
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "harness.cli", "certify-edge", "--reference", "--rate", "0",
                            "--report-dir", folder], check=True, capture_output=True)
            times.append(time.perf_counter() - start)
            summary = json.loads((Path(folder) / "summary.json").read_text())
            cases = summary["counts"]["total"]
            assert summary["counts"]["failed"] == 0
    best = min(times)
    print(f"whole edge suite, unpaced, reference edge: {cases} cases; wall time best {best:.2f} s, "
          f"median {statistics.median(times):.2f} s over {rounds} run(s); {cases / best:.0f} cases/s "
          "(process start, collection, reports included)")


async def bare_round_trips(url: str, text: str, count: int) -> float:
    async with connect(url, max_size=None) as websocket:
        start = time.perf_counter()
        for _ in range(count):
            await websocket.send(text)
            await websocket.recv()
        return (time.perf_counter() - start) / count


def per_case_overhead(count: int) -> None:
    request = pod_update(conformant_pod())
    text = encode(request)
    with ReferenceEdge.start_listening("127.0.0.1", 0) as edge:
        bare = asyncio.run(bare_round_trips(edge.url, text, count))
        with ControllerSession(rate=0) as session:
            session.connect(edge.url)
            session.exchange(pod_update(conformant_pod()), timeout=5)
            start = time.perf_counter()
            for _ in range(count):
                exchange = session.exchange(pod_update(conformant_pod()), timeout=5)
                assert exchange.answers
            harness = (time.perf_counter() - start) / count
    print(f"one exchange of the conformant update ({len(text):,} bytes), mean of {count}: bare websockets round "
          f"trip {bare * 1e3:.3f} ms; harness exchange {harness * 1e3:.3f} ms; overhead "
          f"{(harness - bare) * 1e3:.3f} ms per case ({harness / bare:.1f}x)")


def _run(*options: str) -> tuple[float, dict[str, Any], int]:
    """One certify-edge run against the reference edge: wall time, summary, messages sent."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "harness.cli", "certify-edge", "--reference", "--report-dir", folder,
                        *options], check=False, capture_output=True)
        elapsed = time.perf_counter() - start
        summary = json.loads((Path(folder) / "summary.json").read_text())
        sent = sum(1 for wire in (Path(folder) / "wire").glob("*.json")
                   for exchange in json.loads(wire.read_text())["exchanges"] if exchange["sent_at_ms"] is not None)
    return elapsed, summary, sent


def bounded_runs() -> None:
    passing, summary, messages = _run("--rate", "0")
    print(f"reference edge, unpaced: {passing:.1f} s, {summary['counts']['failed']} failed, {messages} messages")
    for defect in ("timestamp-in-seconds", "no-router"):
        elapsed, summary, _ = _run("--rate", "0", "--defect", defect)
        print(f"{defect}, unpaced: {elapsed:.1f} s ({summary['counts']['failed']} failed cases; the passing run "
              f"{passing:.1f} s)")
    for defect, timeout in (("drops-invalid-pods", 10.0), ("leaves-for-good", 10.0)):
        elapsed, summary, _ = _run("--rate", "0", "--defect", defect)
        goal = 2 * timeout + 10
        print(f"{defect}, --timeout {timeout:g} --rate 0: {elapsed:.1f} s, exit goal met: {elapsed <= goal} "
              f"(goal {goal:g} s; {summary['counts']['failed']} failed)")
    elapsed, summary, messages = _run("--defect", "rate-limited")
    floor = messages / 4
    print(f"rate-limited (5 msg/s burst 5), default options (--rate 4): {elapsed:.1f} s for {messages} messages; "
          f"floor {floor:.1f} s; {elapsed / floor - 1:+.1%} over it (goal within 10%); "
          f"{summary['counts']['failed']} failed (0: no message dropped by the edge)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="whole-suite runs (default 3)")
    parser.add_argument("--exchanges", type=int, default=500, help="round trips per overhead figure (default 500)")
    parser.add_argument("--bounded-only", action="store_true", help="only the bounded-run figures (section 3)")
    args = parser.parse_args()
    if not args.bounded_only:
        whole_suite(args.rounds)
        per_case_overhead(args.exchanges)
    bounded_runs()


if __name__ == "__main__":
    main()
