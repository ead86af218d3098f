"""argparse lives under harness/cli only (issue 13): the other modules take plain values, so the
plugin, the roles and the reports read no command line of their own."""

from __future__ import annotations

import ast
from pathlib import Path

import harness

PACKAGE = Path(harness.__file__).parent


def modules_importing(name: str, root: Path) -> list[str]:
    """The modules under ``root`` (relative paths) that import ``name`` or anything from it."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            imported = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(module == name or module.startswith(f"{name}.") for module in imported):
                found.append(path.relative_to(root).as_posix())
                break
    return found


def test_no_module_outside_the_cli_imports_argparse() -> None:
    outside = [module for module in modules_importing("argparse", PACKAGE) if not module.startswith("cli/")]
    assert outside == []


def test_the_cli_does_import_argparse() -> None:
    assert "cli/__init__.py" in modules_importing("argparse", PACKAGE)


def test_a_module_importing_argparse_would_be_caught(tmp_path: Path) -> None:
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "main.py").write_text("import argparse\n")
    (tmp_path / "tls.py").write_text("from argparse import Namespace\n")
    (tmp_path / "clean.py").write_text("import argparser_lookalike\n")
    assert modules_importing("argparse", tmp_path) == ["cli/main.py", "tls.py"]
