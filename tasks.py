#!/usr/bin/env python3
"""Set-up and run edgeconform with nothing but Python 3.11+ (standard library only).

    python3 tasks.py certify   # the main job: certify the bundled reference edge, write a report
    python3 tasks.py test      # the project's whole test suite (what CI runs)
    python3 tasks.py fast      # the developer's loop: unit and io tests, on two workers (under 30 s)
    python3 tasks.py lint      # ruff and mypy

Each command creates ``.venv`` on first use and installs edgeconform into it (editable,
with the development extras); later runs reuse it and reinstall only when
pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".edgeconform-installed"


#: The fast loop: tests/unit and tests/io without the tests there marked e2e, on two pytest-xdist workers,
#: the property tests with a fifth of their examples (tests/support.py: examples).
FAST = ("tests/unit", "tests/io", "-m", "unit or io", "-n", "2", "--dist", "worksteal",
        "--hypothesis-profile", "fast", "-q")


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"edgeconform needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and _python().exists():
        return
    if not _python().exists():
        print(f"creating {VENV.relative_to(ROOT)} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing edgeconform and its dependencies ...", flush=True)
    pip = [str(_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def run(*command: str) -> int:
    return subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "help"
    extra = argv[1:]
    if task not in {"certify", "test", "fast", "lint"}:
        print(__doc__)
        return 0 if task == "help" else 2
    ensure_environment()
    if task == "certify":
        return run("edgeconform", "certify-edge", "--reference", "--rate", "0", *extra)
    if task == "test":
        return run("python", "-m", "pytest", *extra)
    if task == "fast":
        return run("python", "-m", "pytest", *FAST, *extra)
    return run("ruff", "check", "harness", "tests", "bench", "tools", "tasks.py") or run("mypy")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
