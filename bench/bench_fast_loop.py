"""How long the developer's fast loop takes (``python3 tasks.py fast``: tests/unit and tests/io on two workers).

    python bench/bench_fast_loop.py [--rounds N]

Runs the fast loop's pytest command (tasks.FAST) in a fresh process each round and prints, per
round and as the minimum and the median: the wall time, the CPU time (user + system) of pytest
and its xdist workers, and the load average before the round. The target is under 30 s of wall
time on an idle 2-core machine; on a shared machine the wall time follows the load and the CPU
time is the steadier figure (two workers: an idle machine needs about half of it, plus waits).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks import FAST, ROOT  # the same arguments as python3 tasks.py fast


def one_round() -> tuple[float, float, float, int]:
    """(wall s, CPU s of pytest and its workers, 1-minute load before, pytest's exit code)."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", *FAST], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, load, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    print(f"pytest {' '.join(FAST)}  ({os.cpu_count()} CPUs)")
    walls, cpus = [], []
    for number in range(1, rounds + 1):
        wall, cpu, load, code = one_round()
        walls.append(wall)
        cpus.append(cpu)
        print(f"round {number}: wall {wall:5.1f} s  CPU {cpu:5.1f} s  load before {load:4.1f}  exit {code}",
              flush=True)
    print(f"wall: min {min(walls):.1f} s, median {statistics.median(walls):.1f} s; "
          f"CPU: min {min(cpus):.1f} s, median {statistics.median(cpus):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
