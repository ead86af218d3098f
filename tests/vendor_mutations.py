"""Seeded single-field mutations of fixtures/conformant-request.json, to compare the vendor
profile with the vendor's own checks (the oracle, ``/work/shared/vendor-oracle``).

Each mutation changes exactly one place of the conformant request: it removes a key, sets
``null``, gives a value of another JSON type, renames a key's case, or changes a value
(strings emptied, lengthened, case-swapped, replaced by a value another rule cares about;
integers moved across boundaries; booleans flipped; lists emptied, shortened or given a
repeated element). Nothing here imports the harness: the generator is the oracle's and the
validator's common input, so neither can shape it.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "conformant-request.json"
RECORDING = Path(__file__).resolve().parent / "data" / "vendor-oracle-verdicts.jsonl"
SEED = 20261201
#: The msg_id of every recorded case message (a lower-case UUID, as the vendor wants).
FIXED_MSG_ID = "00000000-0000-4000-8000-000000000000"
FIXED_TIMESTAMP = 1652168697
COUNT = 600

Step = str | int
#: Strings some rule of the table or of the vendor cares about.
STRING_POOL = (
    "0", "-", "a", "..", "/a", "/tmp/../etc", "Memory", "http", "HTTPS", "Default", "Never", "SCTP", "UDP",
    "::1", "fe80::1", "10.0.0.256", "224.0.0.1", "169.254.1.1", "0.0.0.0", "255.255.255.255", "127.0.0.01",
    "2022-05-10", "2022-02-30T07:44:54Z", "2024-02-29T23:59:59.999+08:00", "node.kubernetes.io/x",
    "kubernetes.io/x", "image-pull-secret", "root-test", "websocket/pod/root-test", "mef-user", "delete",
    "Exists", "Equal", "NoSchedule", "ClusterFirst", "default", "Always", "File", "npu",
    "85C67925-5768-4EDD-B40E-32CF106E07E8", "12345", "v1", "AB^C", "$HOME", "with space",
)


def conformant() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return loaded


def places(value: Any, path: tuple[Step, ...] = ()) -> Iterator[tuple[tuple[Step, ...], Any]]:
    """Every (path, value) below the root, parents before children."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key), child
            yield from places(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*path, index), child
            yield from places(child, (*path, index))


def _string_values(value: str, rng: random.Random) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [("empty", ""), ("swapcase", value.swapcase()), ("append-x", value + "x"),
                                  ("append-dash", value + "-"), ("pool", rng.choice(STRING_POOL))]
    if value:
        out.append(("truncate", value[: max(0, len(value) // 2)]))
    for n in (33, 64, 65, 129, 289, 513, 1025):
        out.append((f"long-{n}", (value or "a")[0] * n if not value.startswith("/") else "/" + "p" * (n - 1)))
    return out


def _int_values(value: int) -> list[tuple[str, Any]]:
    return [("zero", 0), ("minus-one", -1), ("plus-one", value + 1), ("minus-one-from", value - 1),
            ("65536", 65536), ("1023", 1023), ("int32-overflow", 2**31), ("float", value + 0.5),
            ("bool", True), ("string", str(value))]


def _options(path: tuple[Step, ...], value: Any, rng: random.Random) -> list[tuple[str, Any]]:
    """(operation, new value) pairs for one place; ``"<delete>"`` removes it, ``"<rename>"`` recases its key."""
    out: list[tuple[str, Any]] = []
    if isinstance(path[-1], str):
        out.append(("delete", "<delete>"))
        if path[-1].lower() != path[-1].upper():
            out.append(("rename-case", "<rename>"))
    out.append(("null", None))
    if isinstance(value, bool):
        out += [("flip", not value), ("string", str(value).lower())]
    elif isinstance(value, int):
        out += _int_values(value)
    elif isinstance(value, str):
        out += _string_values(value, rng)
        out.append(("number", 42))
    elif isinstance(value, list):
        out += [("empty", []), ("object", {})]
        if value:
            out += [("drop-last", value[:-1]), ("repeat-first", [*value, value[0]]), ("doubled", value + value)]
    elif isinstance(value, dict):
        out += [("empty", {}), ("string", "x"), ("extra-key", {**value, "extraKey": 1})]
    return out


def apply(message: dict[str, Any], path: list[Step], op: str, value: Any) -> dict[str, Any]:
    """A copy of ``message`` with the mutation applied."""
    out = copy.deepcopy(message)
    parent: Any = out
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if value == "<delete>":
        del parent[last]
    elif value == "<rename>":
        assert isinstance(last, str)
        parent[last.upper() if last != last.upper() else last.lower()] = parent.pop(last)
    else:
        parent[last] = copy.deepcopy(value)
    return out


def mutations(count: int = COUNT, seed: int = SEED) -> list[dict[str, Any]]:
    """``count`` distinct seeded mutations: ``{"id", "path", "op", "value"}`` (value may be a marker)."""
    rng = random.Random(seed)
    base = conformant()
    every = list(places(base))
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    while len(out) < count:
        path, value = rng.choice(every)
        op, new = rng.choice(_options(path, value, rng))
        key = json.dumps([list(path), op, new])
        if key in seen:
            continue
        seen.add(key)
        if op != "rename-case" and apply(base, list(path), op, new) == base:
            continue  # no change at all (an empty string emptied, a value replaced by itself)
        out.append({"id": f"m{len(out):04d}", "path": list(path), "op": op, "value": new})
    return out


def mutated(mutation: dict[str, Any]) -> dict[str, Any]:
    """The conformant request with ``mutation`` applied."""
    return apply(conformant(), mutation["path"], mutation["op"], mutation["value"])


ORACLE_DIR = Path("/work/shared/vendor-oracle")


def oracle_binary() -> Path | None:
    """The built oracle: $VENDORCHECK, else what ``build.sh`` printed into $VENDORCHECK_OUT (or /tmp/vendorcheck)."""
    import os

    named = os.environ.get("VENDORCHECK")
    if named:
        return Path(named) if Path(named).is_file() else None
    out = Path(os.environ.get("VENDORCHECK_OUT", "/tmp/vendorcheck")) / "vendorcheck"
    return out if out.is_file() else None


CASE_RECORDING = RECORDING.with_name("vendor-oracle-case-verdicts.jsonl")
#: Settings of one edge, in the oracle's state format (which --vendor-config's YAML mirrors): the
#: fixture's hostPaths whitelisted, capabilities allowed, every other switch off, one container,
#: two node addresses, a small node.
SETTINGS = RECORDING.with_name("vendor-oracle-settings.json")
SETTINGS_RECORDING = RECORDING.with_name("vendor-oracle-settings-verdicts.jsonl")


def oracle_verdicts(binary: Path, messages: list[Any], options: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The oracle's JSON line for each message, written as compact JSON (permissive profile, full mode:
    read cut + envelope allow-list + content checks)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="edgeconform-oracle-") as tmp:
        files = []
        for index, message in enumerate(messages):
            path = Path(tmp) / f"{index:05d}.json"
            path.write_text(json.dumps(message, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
            files.append(str(path))
        done = subprocess.run([str(binary), *options, *files], capture_output=True, text=True, timeout=300,
                              check=False)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(messages):
        raise RuntimeError(f"the oracle gave {len(lines)} verdicts for {len(messages)} files: {done.stderr[-500:]}")
    return lines


def run_oracle(binary: Path, batch: list[dict[str, Any]], options: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Each mutation with the oracle's verdict on it."""
    lines = oracle_verdicts(binary, [mutated(m) for m in batch], options)
    return [{**mutation, "accepted": line["accepted"], "envelope_ok": line["envelope_ok"],
             "vendor_action": line["vendor_action"], "error": line["error"]}
            for mutation, line in zip(batch, lines, strict=True)]


#: The oracle's options for the settings recording.
SETTINGS_OPTIONS = ("--profile", "shipped", "--config", str(SETTINGS))


def read_recording(path: Path = RECORDING) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def recording_text(verdicts: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(v, ensure_ascii=False, sort_keys=True) + "\n" for v in verdicts)
