"""`edgeconform validate`: the contract scripts and CI jobs depend on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli import main
from harness.messages.pod_update import pod_update
from harness.messages.pod_update.samples import spec_maximal_pod

ROOT = Path(__file__).resolve().parents[2]
CONFORMANT = str(ROOT / "fixtures" / "conformant-request.json")


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _broken(tmp_path: Path) -> str:
    request = json.loads(Path(CONFORMANT).read_text())
    request["content"]["spec"]["containers"][0]["ports"][0]["hostPort"] = 80
    request["header"]["sync"] = False
    return _write(tmp_path, "broken.json", json.dumps(request))


def test_a_conformant_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", CONFORMANT]) == 0
    assert "1 conformant, 0 not conformant" in capsys.readouterr().out


def test_a_broken_file_exits_1_with_one_line_per_violation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _broken(tmp_path)
    assert main(["validate", broken]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        f"{broken}: header.sync: must be true; got false [HDR-SYNC]",
        f"{broken}: content.spec.containers[0].ports[0].hostPort: must be from 1024 to 65535; got 80 [PORT-HOST-PORT]",
    ]
    assert "0 conformant, 1 not conformant, 2 violation(s)" in lines[-1]


def test_json_format_gives_one_object_per_file_in_argument_order(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    broken = _broken(tmp_path)
    assert main(["validate", "--format", "json", broken, CONFORMANT]) == 1
    result = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in result] == [broken, CONFORMANT]
    assert [r["valid"] for r in result] == [False, True]
    expected = {"rule": "HDR-SYNC", "path": "header.sync", "message": "must be true; got false"}
    assert result[0]["violations"][0] == expected
    assert set(result[1]) == {"file", "valid", "violations"}


@pytest.mark.parametrize(("content", "words"), [(None, "cannot read"), ("{nope", "not JSON")])
def test_an_unreadable_or_non_json_file_exits_2_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          content: str | None, words: str) -> None:
    path = str(tmp_path / "missing.json") if content is None else _write(tmp_path, "bad.json", content)
    assert main(["validate", path, CONFORMANT]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: {words}") and "Traceback" not in err


def test_json_that_is_not_an_object_is_a_broken_request_not_a_usage_error(tmp_path: Path) -> None:
    assert main(["validate", _write(tmp_path, "list.json", "[1, 2]")]) == 1


def test_the_lenient_profile_accepts_an_erratum_value(tmp_path: Path) -> None:
    request = json.loads(Path(CONFORMANT).read_text())
    request["content"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["Scheme"] = "http"
    path = _write(tmp_path, "erratum.json", json.dumps(request))
    assert main(["validate", path]) == 1
    assert main(["validate", "--profile", "lenient", path]) == 0


@pytest.mark.parametrize("argv", [["validate"], ["validate", "--profile", "loose", CONFORMANT], ["nonsense"]])
def test_a_usage_error_exits_2(argv: list[str]) -> None:
    assert main(argv) == 2


def test_a_spec_maximal_message_over_4_mib_is_handled(tmp_path: Path) -> None:
    text = json.dumps(pod_update(spec_maximal_pod()))
    assert len(text) > 4 * 1024 * 1024
    assert main(["validate", _write(tmp_path, "maximal.json", text)]) == 0


@pytest.mark.e2e  # a subprocess
def test_the_installed_console_script_keeps_the_contract(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "harness.cli", "validate", "--format", "json", _broken(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["valid"] is False
