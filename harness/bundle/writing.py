"""Writing a bundle from a report directory: its members, run.json and MANIFEST.json."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tarfile
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from harness import __version__
from harness.bundle.layout import BUNDLE_FORMAT, JUNIT, MANIFEST, PRODUCT, RUN, SUMMARY, WIRE, sha256
from harness.bundle.product import ProductError, check_product, load_product


class BundleError(Exception):
    """A bundle could not be written; ``str()`` is a one-line reason."""


def bundle_request_problem(bundle: Path | None, product: Path | None) -> str | None:
    """Before a run: why ``--bundle``/``--product`` cannot make a bundle (one line), or None when
    they can (or none was asked for)."""
    if bundle is None and product is None:
        return None
    if bundle is None:
        return "--product goes with --bundle FILE"
    if product is None:
        return "--bundle needs --product product.yaml (vendor, product, version, contact)"
    loaded = load_product(product)
    return loaded.reason if isinstance(loaded, ProductError) else None


def _read_summary(report_dir: Path) -> tuple[bytes, dict[str, Any]]:
    path = report_dir / SUMMARY
    try:
        data = path.read_bytes()
        loaded = json.loads(data.decode("utf-8"))
    except FileNotFoundError:
        raise BundleError(f"no {SUMMARY} in {report_dir}: not a report directory") from None
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError):
        raise BundleError(f"{path} is not valid JSON") from None
    if not isinstance(loaded, dict):
        raise BundleError(f"{path} is not a summary (not a JSON object)")
    return data, loaded


def _wire_files(report_dir: Path) -> list[tuple[str, Path]]:
    folder = report_dir / WIRE
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append((PurePosixPath(WIRE, *path.relative_to(folder).parts).as_posix(), path))
    return found


def run_record(summary: Mapping[str, Any], run_id: str) -> dict[str, Any]:
    """run.json: the run's identity, taken from its summary."""
    return {
        "bundle_format": BUNDLE_FORMAT,
        "run_id": run_id,
        "harness_version": summary.get("harness_version"),
        "ruleset_version": summary.get("ruleset_version"),
        "suite": summary.get("suite"),
        "profile": summary.get("profile"),
        "started_at": summary.get("started_at"),
        "finished_at": summary.get("finished_at"),
        "bundled_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "bundled_by": f"edgeconform {__version__}",
    }


def _json_bytes(document: Any) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def _add(archive: tarfile.TarFile, name: str, data: bytes, mtime: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), mtime, 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    archive.addfile(info, io.BytesIO(data))


def write_bundle(report_dir: Path, bundle_path: Path, product: dict[str, str]) -> Path:
    """Write the bundle of the run in ``report_dir`` to ``bundle_path`` (tar.gz); returns its path.

    Raises :class:`BundleError` (one line) when the report lacks summary.json or junit.xml,
    the product metadata lacks a key, or the file cannot be written.
    """
    report_dir, bundle_path = Path(report_dir), Path(bundle_path)
    checked = check_product(product)
    if isinstance(checked, ProductError):
        raise BundleError(checked.reason)
    summary_bytes, summary = _read_summary(report_dir)
    try:
        junit_bytes = (report_dir / JUNIT).read_bytes()
    except OSError as exc:
        raise BundleError(f"cannot read {report_dir / JUNIT}: {exc.strerror or exc}") from None
    run_id = str(uuid.uuid4())
    members: dict[str, bytes] = {SUMMARY: summary_bytes, JUNIT: junit_bytes}
    try:
        for name, path in _wire_files(report_dir):
            members[name] = path.read_bytes()
    except OSError as exc:
        raise BundleError(f"cannot read a wire log: {exc}") from None
    members[PRODUCT] = _json_bytes(checked)
    members[RUN] = _json_bytes(run_record(summary, run_id))
    manifest = {"bundle_format": BUNDLE_FORMAT, "run_id": run_id, "algorithm": "sha256",
                "files": {name: sha256(data) for name, data in sorted(members.items())}}
    members[MANIFEST] = _json_bytes(manifest)
    mtime = int(dt.datetime.now(dt.UTC).timestamp())
    order = [MANIFEST, RUN, PRODUCT, SUMMARY, JUNIT, *sorted(n for n in members if n.startswith(WIRE + "/"))]
    try:
        bundle_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".bundle-", suffix=".tmp", dir=bundle_path.parent)
        try:
            with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                for name in order:
                    _add(archive, name, members[name], mtime)
            os.replace(temporary, bundle_path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BundleError(f"cannot write {bundle_path}: {exc.strerror or exc}") from None
    return bundle_path


