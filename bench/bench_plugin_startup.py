"""What the edgeconform pytest plugin adds to an unrelated pytest run (issue 11, "a good neighbour").

    python bench/bench_plugin_startup.py [--rounds N]

Times ``pytest --collect-only`` of a one-test suite unrelated to edgeconform, in a fresh process
each round, with the plugin (as every pytest run of the environment loads it) and without it
(``-p no:edgeconform``); prints the medians, the difference, the time of ``import harness.plugin``
alone, and the edgeconform, websockets and rule-table modules such a run has imported.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    """Wall time of one ``pytest --collect-only`` of ``folder`` in a fresh process."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *extra,
                    str(folder)], check=True, capture_output=True, cwd=folder)
    return time.perf_counter() - start


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
                                        text=True).stdout) for _ in range(args.rounds)]
        listing = subprocess.run([sys.executable, "-c", IMPORTED, str(folder)], check=True, capture_output=True,
                                 text=True, cwd=folder).stdout
    imported = next((line for line in listing.splitlines() if line.startswith("IMPORTED")), "IMPORTED ?")
    on, off = statistics.median(with_plugin), statistics.median(without_plugin)
    print(f"python {platform.python_version()}, {args.rounds} rounds, medians")
    print(f"pytest --collect-only, unrelated one-test suite, with edgeconform:    {on * 1000:7.1f} ms")
    print(f"pytest --collect-only, unrelated one-test suite, -p no:edgeconform:   {off * 1000:7.1f} ms")
    print(f"added by the plugin:                                                  {(on - off) * 1000:7.1f} ms")
    print(f"import harness.plugin (after import pytest):                          "
          f"{statistics.median(imports) * 1000:7.1f} ms")
    print(f"modules of interest imported by that run: {imported.removeprefix('IMPORTED ')}")


if __name__ == "__main__":
    main()
