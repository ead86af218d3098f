"""Verifying a bundle: complete, unmodified, and a full certification run. Nothing here raises
for bad input: :func:`verify_bundle` returns a :class:`BundleVerdict`, one line per problem."""

from __future__ import annotations

import gzip
import json
import re
import tarfile
import uuid
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from harness.bundle.layout import (
    BUNDLE_FORMAT,
    JUNIT,
    MANIFEST,
    MAX_BUNDLE_BYTES,
    MAX_MEMBER_BYTES,
    PRODUCT,
    REQUIRED_MEMBERS,
    RUN,
    SUMMARY,
    sha256,
)
from harness.bundle.product import ProductError, check_product
from harness.messages import RULESET_VERSION

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


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
        elif sha256(members[name]) != digest:
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


def verdict_lines(verdict: BundleVerdict) -> Iterable[str]:
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
