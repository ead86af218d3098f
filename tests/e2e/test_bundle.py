"""The certification bundle: a full run's bundle verifies, and every check catches its planted
problem (a tampered member, a member outside the manifest, a missing member, a skipped case,
a deselected or selected run, missing derived cases, a path-traversal member, a file that is no
archive) with a one-line reason and no traceback."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import shutil
import tarfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.bundle import (
    MANIFEST,
    BundleError,
    ProductError,
    expected_edge_case_ids,
    load_product,
    verify_bundle,
    write_bundle,
)
from harness.cli import main
from harness.cli._bundle import bundle_from_args, check_bundle_args
from tests.support import run_certify

PRODUCT = {"vendor": "ACME", "product": "Edge 9", "version": "1.10", "contact": "qa@acme.example"}
PRODUCT_YAML = 'vendor: ACME\nproduct: Edge 9\nversion: "1.10"\ncontact: qa@acme.example\n'

Members = dict[str, bytes]


def _certify(report: Path, *args: str) -> int:
    return run_certify("certify-edge", report, "--reference", "--rate", "0", *args, timeout=120)[0]


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report directory of a full certification run of the reference edge."""
    report = tmp_path_factory.mktemp("full") / "report"
    assert _certify(report) == 0
    return report


@pytest.fixture(scope="module")
def good_bundle(full_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bundle(full_run, tmp_path_factory.mktemp("bundle") / "cert.tar.gz", PRODUCT)


def read_members(path: Path) -> Members:
    with tarfile.open(path, "r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive if m.isfile()}  # type: ignore[union-attr]


def write_members(path: Path, members: Members, *, extra: Callable[[tarfile.TarFile], None] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if extra is not None:
            extra(archive)
    return path


def remanifest(members: Members) -> Members:
    """Members with MANIFEST.json recomputed (so only the content checks can object)."""
    manifest = json.loads(members[MANIFEST])
    manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in members.items() if n != MANIFEST}
    return {**members, MANIFEST: json.dumps(manifest).encode()}


def with_summary(members: Members, change: Callable[[dict[str, Any]], None]) -> Members:
    summary = json.loads(members["summary.json"])
    change(summary)
    return remanifest({**members, "summary.json": json.dumps(summary).encode()})


def verify_cli(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["verify-bundle", str(path)])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return code, output


# ----------------------------------------------------------------------------------------- a good bundle


def test_a_bundle_of_a_full_run_verifies(good_bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = verify_cli(good_bundle, capsys)
    assert code == 0, output
    assert output.startswith("OK: complete, unmodified full run of the edge suite")
    assert "ACME Edge 9 1.10" in output


def test_the_bundle_holds_the_report_product_run_metadata_and_a_manifest_of_every_other_member(
        good_bundle: Path, full_run: Path) -> None:
    members = read_members(good_bundle)
    wire = sorted(n for n in members if n.startswith("wire/"))
    assert wire and len(wire) == len(list((full_run / "wire").iterdir()))
    assert {"summary.json", "junit.xml", "product.json", "run.json", MANIFEST} <= set(members)
    manifest = json.loads(members[MANIFEST])
    assert set(manifest["files"]) == set(members) - {MANIFEST}
    assert all(hashlib.sha256(members[n]).hexdigest() == h for n, h in manifest["files"].items())
    run = json.loads(members["run.json"])
    summary = json.loads((full_run / "summary.json").read_text())
    assert uuid.UUID(run["run_id"]).version == 4 and run["run_id"] == manifest["run_id"]
    assert (run["started_at"], run["finished_at"]) == (summary["started_at"], summary["finished_at"])
    assert (run["harness_version"], run["ruleset_version"]) == (summary["harness_version"], summary["ruleset_version"])
    assert json.loads(members["product.json"]) == PRODUCT
    assert members["junit.xml"] == (full_run / "junit.xml").read_bytes()


def test_each_bundle_gets_a_fresh_run_id(full_run: Path, tmp_path: Path) -> None:
    first = json.loads(read_members(write_bundle(full_run, tmp_path / "a.tar.gz", PRODUCT))["run.json"])
    second = json.loads(read_members(write_bundle(full_run, tmp_path / "b.tar.gz", PRODUCT))["run.json"])
    assert first["run_id"] != second["run_id"]


def test_a_report_without_wire_logs_still_makes_a_bundle_that_verifies(full_run: Path, tmp_path: Path) -> None:
    report = tmp_path / "report"
    report.mkdir()
    for name in ("summary.json", "junit.xml"):
        shutil.copy(full_run / name, report / name)
    bundle = write_bundle(report, tmp_path / "cert.tar.gz", PRODUCT)
    assert not [n for n in read_members(bundle) if n.startswith("wire/")]
    assert verify_bundle(bundle).ok, verify_bundle(bundle).problems


def test_the_derived_cases_expected_come_from_the_table_and_the_generated_features() -> None:
    from harness.messages import cases_for
    from harness.rules.cases import FRAME_CASES

    strict = expected_edge_case_ids("strict")
    assert "META-NAME.a-name-of-129-characters" in strict and "FRAME.not-json" in strict
    assert set(strict) == {c.id for c in cases_for("strict")} | {f.id for f in FRAME_CASES}
    assert set(expected_edge_case_ids("lenient")) <= {c.id for c in cases_for("lenient")} | {f.id for f in
                                                                                          FRAME_CASES}


# ----------------------------------------------------------------------------------------- tampering


def test_a_member_changed_after_bundling_is_tampered(good_bundle: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    members = read_members(good_bundle)
    members["junit.xml"] = members["junit.xml"].replace(b"edgeconform", b"edgeconfirm", 1)
    code, output = verify_cli(write_members(tmp_path / "t.tar.gz", members), capsys)
    assert code == 1
    assert "tampered: junit.xml hash differs" in output.splitlines()


def test_a_member_outside_the_manifest_is_tampered(good_bundle: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    members = {**read_members(good_bundle), "wire/extra.json": b"{}"}
    code, output = verify_cli(write_members(tmp_path / "t.tar.gz", members), capsys)
    assert code == 1 and "tampered: member wire/extra.json is not in the manifest" in output


def test_a_summary_rewritten_with_a_new_manifest_no_longer_matches_the_run_metadata(
        good_bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    members = with_summary(read_members(good_bundle), lambda s: s.update(started_at="2020-01-01T00:00:00.000Z"))
    code, output = verify_cli(write_members(tmp_path / "t.tar.gz", members), capsys)
    assert code == 1 and "tampered: started_at of run.json differs from summary.json" in output


def test_a_manifest_of_another_run_is_tampered(good_bundle: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    members = read_members(good_bundle)
    manifest = json.loads(members[MANIFEST])
    manifest["run_id"] = str(uuid.uuid4())
    members[MANIFEST] = json.dumps(manifest).encode()
    code, output = verify_cli(write_members(tmp_path / "t.tar.gz", members), capsys)
    assert code == 1 and "tampered: the run id of MANIFEST.json differs from run.json" in output


def test_a_member_appearing_twice_is_tampered(good_bundle: Path, tmp_path: Path) -> None:
    members = read_members(good_bundle)

    def second_summary(archive: tarfile.TarFile) -> None:
        info = tarfile.TarInfo("summary.json")
        info.size = 2
        archive.addfile(info, io.BytesIO(b"{}"))

    verdict = verify_bundle(write_members(tmp_path / "t.tar.gz", members, extra=second_summary))
    assert "tampered: member summary.json appears more than once" in verdict.problems


# ----------------------------------------------------------------------------------------- missing members


def test_a_missing_required_member_makes_the_bundle_incomplete(good_bundle: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    members = read_members(good_bundle)
    del members["junit.xml"]
    code, output = verify_cli(write_members(tmp_path / "t.tar.gz", remanifest(members)), capsys)
    assert code == 1 and "incomplete: missing member junit.xml" in output


def test_a_wire_log_listed_in_the_manifest_but_missing_makes_the_bundle_incomplete(good_bundle: Path,
                                                                                  tmp_path: Path) -> None:
    members = read_members(good_bundle)
    gone = sorted(n for n in members if n.startswith("wire/"))[0]
    del members[gone]
    verdict = verify_bundle(write_members(tmp_path / "t.tar.gz", members))
    assert f"incomplete: {gone} is in the manifest but not in the bundle" in verdict.problems


def test_product_metadata_without_a_contact_makes_the_bundle_incomplete(good_bundle: Path, tmp_path: Path) -> None:
    members = read_members(good_bundle)
    members["product.json"] = json.dumps({k: v for k, v in PRODUCT.items() if k != "contact"}).encode()
    verdict = verify_bundle(write_members(tmp_path / "t.tar.gz", remanifest(members)))
    assert any(p.startswith("incomplete: product.json: missing contact") for p in verdict.problems), verdict.problems


# ----------------------------------------------------------------------------------------- not a full run


def _skip_one(summary: dict[str, Any]) -> None:
    summary["cases"][5]["outcome"] = "skipped"
    summary["counts"]["passed"] -= 1
    summary["counts"]["skipped"] = 1


PLANTED: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "skipped": (_skip_one, "skipped: a certification run may not skip (1 skipped)"),
    "deselected": (lambda s: s.update(deselected=12), "deselected: 12 cases were deselected"),
    "selected-k": (lambda s: s["options"].update(selection="META"), "selected: the run was limited with -k 'META'"),
    "selected-m": (lambda s: s["options"].update(markers="rule.META-NAME"), "selected: the run was limited with -m"),
    "interrupted": (lambda s: s.update(interrupted=True, complete=False), "interrupted: the run was interrupted"),
    "not-complete": (lambda s: s.update(complete=False), "incomplete: the run did not complete"),
    "no-peer": (lambda s: s.update(peer_reached=False), "incomplete: no peer was reached"),
    "other-ruleset": (lambda s: s.update(ruleset_version="1999.1.1"), "ruleset: the run used rule-set '1999.1.1'"),
}


@pytest.mark.parametrize("planted", list(PLANTED))
def test_a_run_that_is_not_a_full_certification_run_fails_verification(
        planted: str, good_bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change, expected = PLANTED[planted]
    members = read_members(good_bundle)
    members = with_summary(members, change)
    if planted == "other-ruleset":  # keep run.json consistent, so only the rule-set check objects
        run = json.loads(members["run.json"])
        run["ruleset_version"] = "1999.1.1"
        members = remanifest({**members, "run.json": json.dumps(run).encode()})
    code, output = verify_cli(write_members(tmp_path / "t.tar.gz", members), capsys)
    assert code == 1
    assert any(line.startswith(expected) for line in output.splitlines()), output


def test_a_run_missing_derived_cases_is_incomplete_and_names_some(good_bundle: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    derived = set(expected_edge_case_ids("strict"))
    dropped: list[str] = []

    def drop_twelve(summary: dict[str, Any]) -> None:
        dropped.extend([c["id"] for c in summary["cases"] if c["id"] in derived][100:112])
        summary["cases"] = [c for c in summary["cases"] if c["id"] not in dropped]
        summary["counts"]["total"] -= len(dropped)
        summary["counts"]["passed"] -= len(dropped)

    members = with_summary(read_members(good_bundle), drop_twelve)
    code, output = verify_cli(write_members(tmp_path / "t.tar.gz", members), capsys)
    assert code == 1
    line = next(line for line in output.splitlines() if "derived cases missing" in line)
    assert line.startswith("incomplete: 12 derived cases missing, e.g. ")
    assert set(line.split("e.g. ")[1].split(", ")) <= set(dropped)


def test_a_real_run_selected_with_k_fails_verification(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report"
    assert _certify(report, "-k", "META-NAME") == 0
    code, output = verify_cli(write_bundle(report, tmp_path / "cert.tar.gz", PRODUCT), capsys)
    assert code == 1
    lines = output.splitlines()
    assert "selected: the run was limited with -k 'META-NAME'; a certification run runs every case" in lines
    assert any(line.startswith("incomplete: ") and "derived cases missing" in line for line in lines)


def test_a_run_with_failed_cases_still_verifies_as_a_full_run(good_bundle: Path, tmp_path: Path) -> None:
    def fail_one(summary: dict[str, Any]) -> None:
        summary["cases"][0].update(outcome="failed", reason="planted")
        summary["counts"].update(passed=summary["counts"]["passed"] - 1, failed=1)

    verdict = verify_bundle(write_members(tmp_path / "t.tar.gz", with_summary(read_members(good_bundle), fail_one)))
    assert verdict.ok, verdict.problems


# ----------------------------------------------------------------------------------------- hostile files


@pytest.mark.parametrize("name", ["../evil.json", "/etc/evil.json", "wire/../../evil.json", "C:/evil.json"])
def test_a_member_whose_path_escapes_the_bundle_is_refused_and_never_written(
        name: str, good_bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    members = {**read_members(good_bundle), name: b"{}"}
    code, output = verify_cli(write_members(tmp_path / "t.tar.gz", members), capsys)
    assert code == 1
    assert any(line.startswith(f"refused: member {name!r}") for line in output.splitlines()), output
    assert not (tmp_path / "a" / "evil.json").exists() and not (tmp_path / "evil.json").exists()


def test_a_symlink_member_is_refused(good_bundle: Path, tmp_path: Path) -> None:
    def link(archive: tarfile.TarFile) -> None:
        info = tarfile.TarInfo("wire/passwd")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(info)

    verdict = verify_bundle(write_members(tmp_path / "t.tar.gz", read_members(good_bundle), extra=link))
    assert "refused: member 'wire/passwd' is not a regular file (link or device)" in verdict.problems


@pytest.mark.parametrize("content", [b"not an archive", gzip.compress(b"gzip, but no tar inside" * 40), b""])
def test_a_file_that_is_not_a_bundle_exits_2_with_one_line(content: bytes, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.tar.gz"
    path.write_bytes(content)
    code, output = verify_cli(path, capsys)
    assert code == 2
    assert len(output.strip().splitlines()) == 1 and "not a certification bundle" in output


def test_a_truncated_bundle_is_damaged_or_unreadable_never_a_traceback(good_bundle: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    data = good_bundle.read_bytes()
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(data[: len(data) // 2])
    code, output = verify_cli(path, capsys)
    assert code == 2 and len(output.strip().splitlines()) == 1 and "the archive is corrupt" in output


@pytest.mark.parametrize("where", [0.3, 0.6, 0.9])
def test_a_bundle_with_one_flipped_byte_is_corrupt_in_one_line(where: float, good_bundle: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(good_bundle.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    path = tmp_path / "flipped.tar.gz"
    path.write_bytes(bytes(data))
    code, output = verify_cli(path, capsys)
    assert code != 0
    assert len(output.strip().splitlines()) == 1, output[:2000]
    assert "the archive is corrupt" in output and ("gzip" in output or "tar" in output)


def test_a_missing_file_and_a_missing_argument_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = verify_cli(tmp_path / "nope.tar.gz", capsys)
    assert code == 2 and "no such file" in output
    assert main(["verify-bundle"]) == 2


# ----------------------------------------------------------------------------------------- product.yaml


@pytest.mark.parametrize(("text", "words"), [
    (None, "cannot read"),
    ("vendor: [unclosed\n", "not valid YAML"),
    ("- a list\n", "expected a mapping"),
    ("", "an empty file"),
    ("vendor: ACME\nproduct: Edge\nversion: '1'\n", "missing contact"),
    ("vendor: ACME\nproduct: Edge\nversion: 1.10\ncontact: x\n", 'quote it: version: "1.1"'),
    ("vendor: ''\nproduct: Edge\nversion: '1'\ncontact: x\n", "vendor is empty"),
])
def test_a_bad_product_file_is_a_one_line_error_value(text: str | None, words: str, tmp_path: Path) -> None:
    path = tmp_path / "product.yaml"
    if text is not None:
        path.write_text(text)
    loaded = load_product(path)
    assert isinstance(loaded, ProductError)
    assert words in loaded.reason and "\n" not in loaded.reason


def test_a_good_product_file_loads_as_strings(tmp_path: Path) -> None:
    path = tmp_path / "product.yaml"
    path.write_text(PRODUCT_YAML + "serial: 'SN-1'\n")
    assert load_product(path) == {**PRODUCT, "serial": "SN-1"}


def test_write_bundle_refuses_a_directory_without_a_summary_or_incomplete_product(full_run: Path,
                                                                                   tmp_path: Path) -> None:
    with pytest.raises(BundleError, match=r"no summary\.json"):
        write_bundle(tmp_path, tmp_path / "x.tar.gz", PRODUCT)
    with pytest.raises(BundleError, match="missing contact"):
        write_bundle(full_run, tmp_path / "x.tar.gz", {k: v for k, v in PRODUCT.items() if k != "contact"})
    assert not (tmp_path / "x.tar.gz").exists()


# ----------------------------------------------------------------------------------------- certify-* helpers


def test_the_bundle_arguments_are_checked_before_the_run_and_the_bundle_written_after(
        full_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    product = tmp_path / "product.yaml"
    product.write_text(PRODUCT_YAML)
    bundle = tmp_path / "out" / "cert.tar.gz"
    ns = argparse.Namespace
    assert check_bundle_args(ns(bundle=None, product=None)) is None
    assert check_bundle_args(ns(bundle=bundle, product=None)) == ("--bundle needs --product product.yaml (vendor, "
                                                                  "product, version, contact)")
    assert check_bundle_args(ns(bundle=None, product=product)) == "--product goes with --bundle FILE"
    assert "cannot read" in str(check_bundle_args(ns(bundle=bundle, product=tmp_path / "none.yaml")))
    assert check_bundle_args(ns(bundle=bundle, product=product)) is None
    assert bundle_from_args(ns(bundle=None, product=None), full_run) == 0
    assert bundle_from_args(ns(bundle=bundle, product=product), full_run) == 0
    assert verify_bundle(bundle).ok
    assert bundle_from_args(ns(bundle=tmp_path / "b.tar.gz", product=product), tmp_path / "no-report") == 2
    assert "no bundle written" in capsys.readouterr().err

