"""The certification bundle: one tar.gz holding a run's evidence, and its verification.

A bundle holds ``summary.json``, ``junit.xml``, every per-case wire log (``wire/...``),
``product.json`` (vendor, product, version, contact), ``run.json`` (run id, harness and
rule-set versions, start and end times) and ``MANIFEST.json`` with the sha256 of every
other member. :func:`write_bundle` makes one from a report directory;
:func:`verify_bundle` says, one line per problem, whether a bundle is complete,
unmodified, and shows a full certification run. The manifest proves integrity, not
authorship: whoever rewrites a member can rewrite the manifest too (sign the bundle
for that).

Nothing here raises for bad input: :func:`load_product` returns a :class:`ProductError`,
:func:`write_bundle` raises :class:`BundleError` with a one-line reason, and
:func:`verify_bundle` returns a :class:`BundleVerdict`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import sys
import tarfile
import tempfile
import uuid
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from harness import __version__
from harness.messages import RULESET_VERSION

#: The bundle layout version (``run.json`` and ``MANIFEST.json`` carry it).
BUNDLE_FORMAT = 1
MANIFEST = "MANIFEST.json"
SUMMARY = "summary.json"
JUNIT = "junit.xml"
PRODUCT = "product.json"
RUN = "run.json"
WIRE = "wire"
#: Members every bundle has (wire logs are optional: a report may have none).
REQUIRED_MEMBERS = (MANIFEST, SUMMARY, JUNIT, PRODUCT, RUN)
#: Keys product.yaml must give, each a non-empty string.
PRODUCT_KEYS = ("vendor", "product", "version", "contact")
#: The largest member, and the most in all, read into memory (a bigger bundle is refused, not read).
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_BUNDLE_BYTES = 1024 * 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BundleError(Exception):
    """A bundle could not be written; ``str()`` is a one-line reason."""


@dataclass(frozen=True)
class ProductError:
    """Why product.yaml cannot be used (one line)."""

    reason: str

    def __str__(self) -> str:
        return self.reason


# ------------------------------------------------------------------------------------ product metadata


def check_product(product: Mapping[str, Any], *, source: str = "product metadata") -> dict[str, str] | ProductError:
    """``product`` as ``{key: text}`` when it has every required key as a non-empty string."""
    missing = [key for key in PRODUCT_KEYS if key not in product]
    if missing:
        return ProductError(f"{source}: missing {', '.join(missing)} (needs {', '.join(PRODUCT_KEYS)})")
    out: dict[str, str] = {}
    for key, value in product.items():
        if not isinstance(key, str):
            return ProductError(f"{source}: key {key!r} is not a string")
        if not isinstance(value, str):
            hint = f' (quote it: {key}: "{value}")' if isinstance(value, int | float) else ""
            return ProductError(f"{source}: {key} must be a string, got {type(value).__name__}{hint}")
        if key in PRODUCT_KEYS and not value.strip():
            return ProductError(f"{source}: {key} is empty")
        out[key] = value
    return out


def load_product(path: Path) -> dict[str, str] | ProductError:
    """Read product.yaml: vendor, product, version and contact (strings), other string keys kept."""
    import yaml  # type: ignore[import-untyped]  # (no stubs; safe_load is all we use)

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return ProductError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}")
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        return ProductError(f"{path}: not valid YAML{at}: {getattr(exc, 'problem', None) or exc}")
    if not isinstance(loaded, dict):
        return ProductError(f"{path}: expected a mapping of {', '.join(PRODUCT_KEYS)}, got "
                            f"{type(loaded).__name__ if loaded is not None else 'an empty file'}")
    return check_product(loaded, source=str(path))


# ------------------------------------------------------------------------------------ writing


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
                "files": {name: _sha256(data) for name, data in sorted(members.items())}}
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


# ------------------------------------------------------------------------------------ verifying


@dataclass
class BundleVerdict:
    """The verdict on a bundle: ``problems`` (one line each) and, when readable, what it holds.

    ``unreadable`` is set when the file is not a gzip-compressed tar archive at all (exit 2).
    """

    path: Path
    problems: list[str] = field(default_factory=list)
    unreadable: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    product: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unreadable

    @property
    def exit_code(self) -> int:
        return 2 if self.unreadable else (1 if self.problems else 0)

    def add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)


def _unsafe_name(name: str) -> str:
    """Why a member name may not be in a bundle ('' when it is safe)."""
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "has an absolute path"
    if "\\" in name or "\x00" in name:
        return "has a backslash or NUL in its name"
    parts = name.split("/")
    if ".." in parts:
        return "escapes the bundle ('..' in its path)"
    if any(part in ("", ".") for part in parts[:-1]) or parts[-1] in ("", "."):
        return "has an empty or '.' path component"
    return ""


def _gzip_damage(path: Path) -> str:
    """Why the gzip stream of ``path`` is corrupt -- a CRC or length that does not match, a stream cut
    short, deflate data that does not inflate -- or '' when it reads whole (or is no gzip file at all:
    the tar reader says so). Read to the end, as tar stops at its end-of-archive blocks and would
    never reach gzip's CRC."""
    try:
        with gzip.open(path, "rb") as stream:
            total = 0
            while chunk := stream.read(1 << 20):
                total += len(chunk)
                if total > MAX_BUNDLE_BYTES:
                    return ""  # the tar reader refuses what is too large
    except gzip.BadGzipFile as exc:
        return "" if str(exc).startswith("Not a gzipped file") else f"gzip: {exc}"
    except EOFError as exc:
        return f"gzip: {exc}"
    except zlib.error as exc:
        return f"gzip: the compressed data is damaged ({exc})"
    except OSError:
        return ""  # missing, a directory, unreadable: the tar reader says which
    return ""


def _read_members(path: Path, verdict: BundleVerdict) -> dict[str, bytes] | None:
    """Every regular member's bytes (None when the file is no gzip'd tar, or a corrupt one:
    ``verdict.unreadable``, one line)."""
    members: dict[str, bytes] = {}
    total = 0
    damage = _gzip_damage(path)
    if damage:
        verdict.unreadable = f"{path}: the archive is corrupt ({damage}); nothing in it can be trusted"
        return None
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            for info in archive:
                name = info.name
                why = _unsafe_name(name)
                if why:
                    verdict.add(f"refused: member {name!r} {why}")
                    continue
                if info.isdir():
                    continue
                if not info.isfile():
                    verdict.add(f"refused: member {name!r} is not a regular file (link or device)")
                    continue
                if name in members:
                    verdict.add(f"tampered: member {name} appears more than once")
                    continue
                total += info.size
                if info.size > MAX_MEMBER_BYTES or total > MAX_BUNDLE_BYTES:
                    verdict.add(f"refused: member {name!r} is too large ({info.size} bytes)")
                    continue
                handle = archive.extractfile(info)
                if handle is None:  # pragma: no cover (a regular file always has data)
                    verdict.add(f"refused: member {name!r} has no data")
                    continue
                members[name] = handle.read()
    except FileNotFoundError:
        verdict.unreadable = f"no such file: {path}"
        return None
    except IsADirectoryError:
        verdict.unreadable = f"{path} is a directory, not a bundle"
        return None
    except PermissionError as exc:
        verdict.unreadable = f"cannot read {path}: {exc.strerror}"
        return None
    except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error) as exc:
        if members:
            verdict.unreadable = f"{path}: the archive is corrupt (tar: {exc}); nothing in it can be trusted"
            return None
        verdict.unreadable = f"{path} is not a certification bundle (not a gzip-compressed tar archive: {exc})"
        return None
    return members


def _load_json(members: Mapping[str, bytes], name: str, verdict: BundleVerdict) -> dict[str, Any]:
    data = members.get(name)
    if data is None:
        return {}
    try:
        loaded = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        verdict.add(f"damaged: {name} is not valid JSON")
        return {}
    if not isinstance(loaded, dict):
        verdict.add(f"damaged: {name} is not a JSON object")
        return {}
    return loaded


def _check_manifest(members: Mapping[str, bytes], manifest: Mapping[str, Any], verdict: BundleVerdict) -> None:
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, str) and _SHA256.match(v) for v in files.values()):
        verdict.add(f"damaged: {MANIFEST} has no valid 'files' map of sha256 hashes")
        return
    for name, digest in files.items():
        if name == MANIFEST:
            verdict.add(f"damaged: {MANIFEST} lists itself")
        elif name not in members:
            verdict.add(f"incomplete: {name} is in the manifest but not in the bundle")
        elif _sha256(members[name]) != digest:
            verdict.add(f"tampered: {name} hash differs")
    for name in members:
        if name != MANIFEST and name not in files:
            verdict.add(f"tampered: member {name} is not in the manifest")


def _check_metadata(manifest: Mapping[str, Any], run: Mapping[str, Any], summary: Mapping[str, Any],
                    verdict: BundleVerdict) -> None:
    run_id = run.get("run_id")
    try:
        valid_id = isinstance(run_id, str) and uuid.UUID(run_id).version == 4
    except ValueError:
        valid_id = False
    if not valid_id:
        verdict.add(f"damaged: {RUN} has no valid run id (a uuid4)")
    if manifest.get("run_id") != run_id:
        verdict.add(f"tampered: the run id of {MANIFEST} differs from {RUN}")
    if manifest.get("bundle_format") != BUNDLE_FORMAT or run.get("bundle_format") != BUNDLE_FORMAT:
        verdict.add(f"unsupported: bundle format {manifest.get('bundle_format')!r} (this edgeconform reads "
                    f"{BUNDLE_FORMAT})")
    for key in ("harness_version", "ruleset_version", "suite", "profile", "started_at", "finished_at"):
        if run.get(key) != summary.get(key):
            verdict.add(f"tampered: {key} of {RUN} differs from {SUMMARY}")


def _check_product(product: Mapping[str, Any], verdict: BundleVerdict) -> None:
    checked = check_product(product, source=PRODUCT)
    if isinstance(checked, ProductError):
        verdict.add(f"incomplete: {checked.reason}")


def _check_junit(data: bytes, summary: Mapping[str, Any], verdict: BundleVerdict) -> None:
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        verdict.add(f"damaged: {JUNIT} is not valid XML")
        return
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    cases = sum(len(suite.findall("testcase")) for suite in suites)
    total = summary.get("counts", {}).get("total") if isinstance(summary.get("counts"), dict) else None
    if total is not None and cases != total:
        verdict.add(f"inconsistent: {JUNIT} has {cases} cases, {SUMMARY} {total}")


@cache
def feature_case_ids() -> tuple[str, ...]:
    """Every case id named by an Examples row of the generated edge feature files."""
    from harness.features import FEATURES

    ids: list[str] = []
    row = re.compile(r"^\s*\|\s*([^|\s]+)\s*\|\s*([^|\s]+)\s*\|")
    for make in FEATURES.values():
        for line in make().splitlines():
            match = row.match(line)
            if match and match.group(1) != "case":
                ids.append(match.group(1))
    return tuple(dict.fromkeys(ids))


def expected_edge_case_ids(profile: str) -> list[str]:
    """The derived case ids a full edge run of ``profile`` holds (those the generated features contain)."""
    from harness.messages import cases_for
    from harness.rules.cases import FRAME_CASES

    derived = {c.id for c in cases_for("lenient" if profile == "lenient" else "strict")}
    derived |= {f.id for f in FRAME_CASES}
    return [case_id for case_id in feature_case_ids() if case_id in derived]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def full_run_problems(summary: Mapping[str, Any]) -> list[str]:
    """Why ``summary`` is not a full certification run (empty when it is)."""
    problems: list[str] = []
    if summary.get("peer_reached") is False:
        problems.append("incomplete: no peer was reached")
    if summary.get("complete") is not True:
        problems.append("incomplete: the run did not complete (summary.json complete is not true)")
    if summary.get("interrupted"):
        problems.append("interrupted: the run was interrupted")
    options: dict[str, Any] = _mapping(summary.get("options"))
    if options.get("selection"):
        problems.append(f"selected: the run was limited with -k {options['selection']!r}; "
                        "a certification run runs every case")
    if options.get("markers"):
        problems.append(f"selected: the run was limited with -m {options['markers']!r}; "
                        "a certification run runs every case")
    deselected = summary.get("deselected") or 0
    if deselected:
        problems.append(f"deselected: {deselected} cases were deselected; a certification run runs every case")
    counts: dict[str, Any] = _mapping(summary.get("counts"))
    cases: list[Any] = summary["cases"] if isinstance(summary.get("cases"), list) else []
    skipped = [c for c in cases if isinstance(c, dict) and c.get("outcome") == "skipped"]
    if counts.get("skipped") or skipped:
        count = max(int(counts.get("skipped") or 0), len(skipped))
        problems.append(f"skipped: a certification run may not skip ({count} skipped)")
    odd = [c for c in cases if not isinstance(c, dict) or c.get("outcome") not in ("passed", "failed", "skipped")]
    if odd:
        problems.append(f"inconsistent: {len(odd)} cases have no outcome passed or failed")
    if counts.get("total") != len(cases):
        problems.append(f"inconsistent: counts.total is {counts.get('total')}, but {len(cases)} cases are listed")
    if summary.get("ruleset_version") != RULESET_VERSION:
        problems.append(f"ruleset: the run used rule-set {summary.get('ruleset_version')!r}, this edgeconform has "
                        f"{RULESET_VERSION}; verify with the edgeconform of the run")
    elif summary.get("suite") == "edge":
        ran = {c.get("id") for c in cases if isinstance(c, dict) and c.get("outcome") in ("passed", "failed")}
        missing = [case_id for case_id in expected_edge_case_ids(str(summary.get("profile"))) if case_id not in ran]
        if missing:
            problems.append(f"incomplete: {len(missing)} derived cases missing, e.g. {', '.join(missing[:3])}")
    elif summary.get("suite") not in ("controller",):
        problems.append(f"incomplete: unknown suite {summary.get('suite')!r}")
    return problems


def verify_bundle(path: Path) -> BundleVerdict:
    """Whether the bundle at ``path`` is complete, unmodified and shows a full run."""
    verdict = BundleVerdict(Path(path))
    members = _read_members(Path(path), verdict)
    if members is None:
        return verdict
    for name in REQUIRED_MEMBERS:
        if name not in members:
            verdict.add(f"incomplete: missing member {name}")
    manifest = _load_json(members, MANIFEST, verdict)
    if manifest:
        _check_manifest(members, manifest, verdict)
    verdict.summary = _load_json(members, SUMMARY, verdict)
    verdict.product = _load_json(members, PRODUCT, verdict)
    verdict.run = _load_json(members, RUN, verdict)
    if PRODUCT in members and verdict.product:
        _check_product(verdict.product, verdict)
    if manifest and verdict.run and verdict.summary:
        _check_metadata(manifest, verdict.run, verdict.summary, verdict)
    if JUNIT in members and verdict.summary:
        _check_junit(members[JUNIT], verdict.summary, verdict)
    if verdict.summary:
        for problem in full_run_problems(verdict.summary):
            verdict.add(problem)
    return verdict


# ------------------------------------------------------------------------------------ for certify-* commands


def add_bundle_arguments(parser: argparse.ArgumentParser) -> None:
    """``--bundle FILE`` and ``--product FILE`` (for certify-edge and certify-controller)."""
    parser.add_argument("--bundle", type=Path, default=None, metavar="FILE",
                        help="after the run, write the certification bundle (tar.gz) to FILE (needs --product)")
    parser.add_argument("--product", type=Path, default=None, metavar="FILE",
                        help="product.yaml: vendor, product, version, contact of the system under test")


def check_bundle_args(args: argparse.Namespace) -> str | None:
    """Before the run: a one-line usage error about --bundle/--product, or None when fine (or not asked)."""
    bundle, product = getattr(args, "bundle", None), getattr(args, "product", None)
    if bundle is None and product is None:
        return None
    if bundle is None:
        return "--product goes with --bundle FILE"
    if product is None:
        return "--bundle needs --product product.yaml (vendor, product, version, contact)"
    loaded = load_product(product)
    return loaded.reason if isinstance(loaded, ProductError) else None


def bundle_from_args(args: argparse.Namespace, report_dir: Path, *, prog: str = "edgeconform") -> int:
    """After the run: write ``args.bundle`` from ``report_dir``; 0 done (or not asked), 2 with a one-line error."""
    if getattr(args, "bundle", None) is None:
        return 0
    problem = check_bundle_args(args)
    if problem is not None:
        print(f"{prog}: {problem}", file=sys.stderr)
        return 2
    product = load_product(args.product)
    assert not isinstance(product, ProductError)  # checked just above
    try:
        written = write_bundle(report_dir, args.bundle, product)
    except BundleError as exc:
        print(f"{prog}: no bundle written: {exc}", file=sys.stderr)
        return 2
    print(f"{prog}: certification bundle {written} (check it with: edgeconform verify-bundle {written})")
    return 0


def describe(verdict: BundleVerdict) -> Iterable[str]:
    """Human lines for a verdict: the problems, or one line saying what the good bundle holds."""
    if verdict.unreadable:
        yield verdict.unreadable
        return
    yield from verdict.problems
    if verdict.ok:
        summary, counts = verdict.summary, verdict.summary.get("counts", {})
        product = verdict.product
        outcome = "every case passed" if not counts.get("failed") else f"{counts.get('failed')} cases failed"
        yield (f"OK: complete, unmodified full run of the {summary.get('suite')} suite ({summary.get('profile')} "
               f"profile) for {product.get('vendor')} {product.get('product')} {product.get('version')}: "
               f"{counts.get('total')} cases, {outcome}; run {verdict.run.get('run_id')}")
