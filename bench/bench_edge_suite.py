"""Edge-suite speed (issue: certify an edge, "Speed").

    python bench/bench_edge_suite.py [--rounds N]

1. The whole edge suite against the reference edge, unpaced: wall time and cases/s
   (``edgeconform certify-edge --reference --rate 0`` in a fresh process, as a user runs it).
2. The harness's per-case overhead: the conformant pod update sent N times through the
   fake controller (correlation, wire log, pacing off) against a bare ``websockets``
   round trip of the same message to the same reference edge.
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

from websockets.asyncio.client import connect

from harness.message import encode, pod_update
from harness.roles.controller import ControllerSession
from harness.roles.edge import ReferenceEdge
from harness.rules.samples import conformant_pod


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="whole-suite runs (default 3)")
    parser.add_argument("--exchanges", type=int, default=500, help="round trips per overhead figure (default 500)")
    args = parser.parse_args()
    whole_suite(args.rounds)
    per_case_overhead(args.exchanges)


if __name__ == "__main__":
    main()
