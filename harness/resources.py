"""The data a run needs, shipped inside the package: the feature files, the golden answers and
other fixtures, the exported schemas and the documents the reports link to.

The source tree keeps them at its top (``features/``, ``fixtures/``, ``schema/``, ``docs/``);
``harness/_data/`` holds a symlink to each, so an editable install reads the source tree's files
and a wheel carries copies (pyproject.toml, ``package-data``). Everything is found with
:mod:`importlib.resources`, never from where the source tree happens to be.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


class ResourceError(RuntimeError):
    """edgeconform's data is not where the installed package should have it (one line)."""


def data_path(relative: str = "") -> Path:
    """The shipped file or folder at ``relative`` (``"features/edge"``, ``"fixtures/golden/answer-ok.json"``);
    the data root itself for ``""``. A real path: pytest collects the feature folders from it."""
    root = files("harness").joinpath("_data")
    if not isinstance(root, Path) or not root.is_dir():
        raise ResourceError(f"edgeconform's data is missing from its installation ({root}); reinstall edgeconform")
    return root / relative if relative else root
