"""What the edgeconform pytest plugin adds to an unrelated pytest run (issue 11, "a good neighbour").

    python bench/bench_plugin_startup.py [--rounds N]

Times ``pytest --collect-only`` of a one-test suite unrelated to edgeconform, in a fresh process
each round, with the plugin (as every pytest run of the environment loads it) and without it
(``-p no:edgeconform``), interleaved; prints the CPU time (user + system) of the pytest process,
which a busy machine disturbs less than wall time, as the minimum and the median of the rounds;
the difference; the time of ``import harness.plugin`` alone (a fresh process each round, pytest
imported first); and the edgeconform, websockets and rule-table modules such a run has imported.
On a shared machine the whole-run difference is within its noise; the import time and the
module list are the figures that move.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

#: Bytecode caching on, as in an installation (pip compiles the .pyc files): the figures are
#: the plugin's import and hooks, not the compiler's.
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
UNRELATED_TEST = "def test_arithmetic() -> None:\n    assert 1 + 1 == 2\n"
#: Run pytest in-process, then list the modules of interest it has imported.
IMPORTED = """
import sys, pytest
pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", sys.argv[1]])
watched = ("harness", "websockets", "deepdiff", "orjson", "yaml")
print("IMPORTED", sorted(m for m in sys.modules if m.split(".")[0] in watched))
"""
IMPORT_TIME = """
import time, pytest
start = time.perf_counter()
import harness.plugin
print(time.perf_counter() - start)
"""


def collect_seconds(folder: Path, *extra: str) -> float:
    """CPU time (user + system) of one ``pytest --collect-only`` of ``folder`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *extra,
                    str(folder)], check=True, capture_output=True, cwd=folder, env=ENVIRONMENT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="fresh processes per figure (default 15)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "test_unrelated.py").write_text(UNRELATED_TEST, encoding="utf-8")
        collect_seconds(folder)  # warm the file cache and the bytecode
        with_plugin: list[float] = []
        without_plugin: list[float] = []
        for _ in range(args.rounds):  # interleaved: a load change on the machine hits both alike
            with_plugin.append(collect_seconds(folder))
            without_plugin.append(collect_seconds(folder, "-p", "no:edgeconform"))
        imports = [float(subprocess.run([sys.executable, "-c", IMPORT_TIME], check=True, capture_output=True,
                                        text=True, env=ENVIRONMENT).stdout) for _ in range(args.rounds)]
        listing = subprocess.run([sys.executable, "-c", IMPORTED, str(folder)], check=True, capture_output=True,
                                 text=True, cwd=folder, env=ENVIRONMENT).stdout
    imported = next((line for line in listing.splitlines() if line.startswith("IMPORTED")), "IMPORTED ?")
    print(f"python {platform.python_version()}, {args.rounds} rounds; CPU ms of pytest --collect-only of an "
          "unrelated one-test suite: minimum, median")
    for label, times in (("with edgeconform", with_plugin), ("-p no:edgeconform", without_plugin)):
        print(f"  {label:<20} {min(times) * 1000:7.1f} {statistics.median(times) * 1000:7.1f}")
    added_min = (min(with_plugin) - min(without_plugin)) * 1000
    added_median = (statistics.median(with_plugin) - statistics.median(without_plugin)) * 1000
    print(f"  {'added by the plugin':<20} {added_min:7.1f} {added_median:7.1f}")
    print(f"import harness.plugin after import pytest (wall ms, minimum, median): {min(imports) * 1000:.1f} "
          f"{statistics.median(imports) * 1000:.1f}")
    print(f"modules of interest imported by that run: {imported.removeprefix('IMPORTED ')}")


if __name__ == "__main__":
    main()
