"""The README's layer picture is complete and true: every harness module is in it, and no module
imports a module of a higher layer (imports inside functions and under TYPE_CHECKING count).

The picture is the ```text block of README.md's "## Layout" section: a line ``L<n> <name>`` opens a
layer, each indented line below it is a path or a glob (``*`` matches across folders) and a phrase.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

#: Imports against the direction tolerated for now (the importer, the imported): none. An entry is a debt
#: to name here, never a silent exception; each entry must still be needed: the test fails on an
#: allowance that no import uses any more.
KNOWN_UPWARD_IMPORTS: frozenset[tuple[str, str]] = frozenset()


class PictureError(ValueError):
    """The layer picture cannot be read."""


@dataclass(frozen=True)
class Entry:
    """One line of the picture: a path or glob of modules, its layer and its phrase."""

    pattern: str
    layer: int
    layer_name: str
    phrase: str
    line: int

    @property
    def is_glob(self) -> bool:
        return any(c in self.pattern for c in "*?[")

    def matches(self, module: str) -> bool:
        return fnmatch.fnmatchcase(module, self.pattern) if self.is_glob else module == self.pattern


@dataclass(frozen=True)
class Upward:
    """An import from a module of a lower layer of a module of a higher layer."""

    importer: str
    line: int
    imported: str
    importer_layer: str
    imported_layer: str

    def __str__(self) -> str:
        return (f"{self.importer}:{self.line} ({self.importer_layer}) imports {self.imported} "
                f"({self.imported_layer})")


_LAYER = re.compile(r"^L(\d+)\s+(\S+)")
_ENTRY = re.compile(r"^\s+(\S+)(?:\s+(.*))?$")


def picture_of(readme: str) -> list[Entry]:
    """The entries of the first ```text block after the ``## Layout`` heading."""
    found = re.search(r"^## Layout\n.*?^```text\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)
    if found is None:
        raise PictureError("README.md has no '## Layout' section with a ```text block")
    first_line = readme[:found.start(1)].count("\n") + 1
    entries: list[Entry] = []
    layer, layer_name = 0, ""
    for offset, text in enumerate(found.group(1).splitlines()):
        number = first_line + offset
        if not text.strip():
            continue
        if heading := _LAYER.match(text):
            if int(heading.group(1)) <= layer:
                raise PictureError(f"README.md:{number}: layer L{heading.group(1)} comes after L{layer}")
            layer, layer_name = int(heading.group(1)), f"L{heading.group(1)} {heading.group(2)}"
            continue
        entry = _ENTRY.match(text)
        if entry is None or not layer:
            raise PictureError(f"README.md:{number}: neither 'L<n> <name>' nor an indented module line: {text!r}")
        if not entry.group(2):
            raise PictureError(f"README.md:{number}: {entry.group(1)} has no phrase saying what it is")
        entries.append(Entry(entry.group(1), layer, layer_name, entry.group(2).strip(), number))
    return entries


def place(module: str, entries: list[Entry]) -> Entry | None:
    """The entry a module belongs to: an exact path before any glob, a longer glob before a shorter one."""
    matching = [e for e in entries if e.matches(module)]
    if not matching:
        return None
    return max(matching, key=lambda e: (not e.is_glob, len(e.pattern)))


def modules_under(root: Path) -> list[str]:
    """Every module of the package under ``root/harness``, as a path relative to ``root``."""
    return sorted(p.relative_to(root).as_posix() for p in (root / "harness").rglob("*.py")
                  if "_data" not in p.relative_to(root).parts)


def _module_file(dotted: str, root: Path) -> str | None:
    base = root.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate.relative_to(root).as_posix()
    return None


def imports_of(module: str, root: Path) -> list[tuple[int, str]]:
    """(line, module path) of every harness module that ``module`` imports, wherever the import is.

    ``from package import name`` depends on the module ``package.name`` when there is one, else on
    the package; importing a module is not counted as importing its parent packages.
    """
    path = root / module
    dotted = module.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
    package = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                parts = package.split(".")
                source = ".".join([*parts[:len(parts) - node.level + 1], *([source] if source else [])])
            targets = [f"{source}.{alias.name}" if _module_file(f"{source}.{alias.name}", root) else source
                       for alias in node.names]
        else:
            continue
        found += [(node.lineno, file) for target in targets
                  if target.split(".")[0] == "harness" and (file := _module_file(target, root))]
    return found


def upward_imports(root: Path, entries: list[Entry]) -> list[Upward]:
    """Every import, in every placed module under ``root``, of a module of a higher layer."""
    upward: list[Upward] = []
    for module in modules_under(root):
        own = place(module, entries)
        if own is None:
            continue
        for line, imported in sorted(set(imports_of(module, root))):
            theirs = place(imported, entries)
            if theirs is not None and theirs.layer > own.layer:
                upward.append(Upward(module, line, imported, own.layer_name, theirs.layer_name))
    return upward


def problems(root: Path, entries: list[Entry], allowed: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    """Everything untrue about the picture of the modules under ``root``, one line each."""
    modules = modules_under(root)
    lines = [f"not in the picture: {m}" for m in modules if place(m, entries) is None]
    lines += [f"README.md:{e.line}: {e.pattern} names no module" for e in entries
              if not any(e.matches(m) for m in modules)]
    upward = upward_imports(root, entries)
    lines += [f"imports against the direction: {u}" for u in upward if (u.importer, u.imported) not in allowed]
    used = {(u.importer, u.imported) for u in upward}
    lines += [f"allowance no longer needed (remove it): {a[0]} -> {a[1]}" for a in sorted(allowed - used)]
    return lines


# ---------------------------------------------------------------------------------- the project

def test_every_harness_module_is_in_the_layer_picture_and_none_imports_against_the_direction() -> None:
    entries = picture_of((REPOSITORY / "README.md").read_text())
    found = problems(REPOSITORY, entries, KNOWN_UPWARD_IMPORTS)
    if found:
        pytest.fail("the README's layer picture (## Layout) is not true:\n  " + "\n  ".join(found), pytrace=False)


# ------------------------------------------------------------------- the check itself, on a toy tree

TOY_PICTURE = """# toy

## Layout

```text
L1 codec
  harness/__init__.py        the package
  harness/message.py         the codec
L2 rules
  harness/rules/*            the rules
L4 transport
  harness/transport/*        websockets I/O
```
"""


def _toy(root: Path, files: dict[str, str]) -> Path:
    defaults = {"harness/__init__.py": "", "harness/message.py": "import json\n",
                "harness/rules/__init__.py": "", "harness/rules/table.py": "from harness import message\n",
                "harness/transport/__init__.py": "from .link import Link\n",
                "harness/transport/link.py": "from ..rules.table import RULES\nclass Link: ...\n",
                "harness/_data/features/conftest.py": "import harness.transport\n"}
    for name, text in (defaults | files).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_a_conformant_toy_tree_has_no_problem(tmp_path: Path) -> None:
    assert problems(_toy(tmp_path, {}), picture_of(TOY_PICTURE)) == []


@pytest.mark.parametrize(("code", "line"), [
    ("from harness.transport import Link\n", 1),
    ("import harness.transport.link\n", 1),
    ("from .transport import link\n", 1),
    ("def later() -> None:\n    from harness.transport.link import Link\n", 2),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from harness.transport import Link\n", 3),
], ids=["from-import", "import", "relative", "inside-a-function", "under-TYPE_CHECKING"])
def test_a_codec_importing_the_transport_is_caught_however_it_imports(tmp_path: Path, code: str, line: int) -> None:
    found = problems(_toy(tmp_path, {"harness/message.py": code}), picture_of(TOY_PICTURE))
    assert len(found) == 1 and found[0].startswith(f"imports against the direction: harness/message.py:{line} "
                                                   "(L1 codec) imports harness/transport/")


def test_every_offending_import_is_reported_at_once(tmp_path: Path) -> None:
    tree = _toy(tmp_path, {"harness/message.py": "from harness.rules import table\n",
                           "harness/rules/cases.py": "import harness.transport\n"})
    found = problems(tree, picture_of(TOY_PICTURE))
    assert found == [
        "imports against the direction: harness/message.py:1 (L1 codec) imports harness/rules/table.py (L2 rules)",
        "imports against the direction: harness/rules/cases.py:1 (L2 rules) imports harness/transport/__init__.py "
        "(L4 transport)"]


def test_a_module_missing_from_the_picture_and_a_line_naming_no_module_are_reported(tmp_path: Path) -> None:
    tree = _toy(tmp_path, {"harness/plugin.py": "", "harness/transport/link.py": ""})
    (tree / "harness" / "rules" / "table.py").unlink()
    (tree / "harness" / "rules" / "__init__.py").unlink()
    found = problems(tree, picture_of(TOY_PICTURE))
    assert found == ["not in the picture: harness/plugin.py", "README.md:10: harness/rules/* names no module"]


def test_an_allowed_upward_import_passes_and_an_allowance_no_import_needs_is_reported(tmp_path: Path) -> None:
    tree = _toy(tmp_path, {"harness/message.py": "from harness.rules import table\n"})
    allowed = frozenset({("harness/message.py", "harness/rules/table.py")})
    assert problems(tree, picture_of(TOY_PICTURE), allowed) == []
    stale = allowed | {("harness/rules/table.py", "harness/transport/link.py")}
    assert problems(tree, picture_of(TOY_PICTURE), stale) == [
        "allowance no longer needed (remove it): harness/rules/table.py -> harness/transport/link.py"]


def test_an_exact_path_wins_over_a_glob_and_a_longer_glob_over_a_shorter_one() -> None:
    entries = picture_of(TOY_PICTURE.replace("L2 rules\n", "L2 rules\n  harness/rules/table*  the table\n")
                         .replace("L1 codec\n", "L1 codec\n  harness/rules/access.py  key access\n"))
    placed = {m: place(m, entries) for m in ("harness/rules/access.py", "harness/rules/table.py", "harness/rules/x.py")}
    assert {m: e.pattern for m, e in placed.items() if e} == {"harness/rules/access.py": "harness/rules/access.py",
                                                             "harness/rules/table.py": "harness/rules/table*",
                                                             "harness/rules/x.py": "harness/rules/*"}


@pytest.mark.parametrize(("picture", "words"), [
    ("# no layout here\n", "no '## Layout' section"),
    (TOY_PICTURE.replace("harness/message.py         the codec", "harness/message.py"), "has no phrase"),
    (TOY_PICTURE.replace("L4 transport", "L1 transport"), "comes after L2"),
    (TOY_PICTURE.replace("L1 codec", "codec layer"), "neither 'L<n> <name>'"),
], ids=["no-layout", "no-phrase", "layers-out-of-order", "a-line-that-is-neither"])
def test_a_picture_that_cannot_be_read_says_where(picture: str, words: str) -> None:
    with pytest.raises(PictureError, match=re.escape(words)):
        picture_of(picture)
