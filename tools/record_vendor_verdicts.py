"""Record the vendor oracle's verdicts on the seeded mutations (tests/data/vendor-oracle-verdicts.jsonl).

    bash /work/shared/vendor-oracle/build.sh        # once: builds the oracle (Debian's Go)
    python3 tools/record_vendor_verdicts.py [--oracle PATH]

The recording lets tests/unit/test_vendor_oracle.py compare ``validate --profile vendor`` with the
vendor's own checks where the oracle is not built. Exit 0 on success, 2 without an oracle.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import vendor_mutations as vm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", type=Path, default=None, help="the vendorcheck binary (default: $VENDORCHECK, "
                                                                  "else $VENDORCHECK_OUT/vendorcheck)")
    args = parser.parse_args()
    binary = args.oracle or vm.oracle_binary()
    if binary is None or not binary.is_file():
        print("no oracle: run `bash /work/shared/vendor-oracle/build.sh` or pass --oracle", file=sys.stderr)
        return 2
    verdicts = vm.run_oracle(binary, vm.mutations())
    vm.RECORDING.parent.mkdir(parents=True, exist_ok=True)
    vm.RECORDING.write_text(vm.recording_text(verdicts), encoding="utf-8")
    accepted = sum(1 for v in verdicts if v["accepted"])
    print(f"wrote {vm.RECORDING}: {len(verdicts)} mutations, {accepted} accepted by the vendor's checks")
    settings = vm.run_oracle(binary, vm.mutations(), vm.SETTINGS_OPTIONS)
    vm.SETTINGS_RECORDING.write_text(vm.recording_text(settings), encoding="utf-8")
    accepted = sum(1 for v in settings if v["accepted"])
    print(f"wrote {vm.SETTINGS_RECORDING}: the same mutations under {vm.SETTINGS.name}, {accepted} accepted")
    cases = case_verdicts(binary)
    vm.CASE_RECORDING.write_text(vm.recording_text(cases), encoding="utf-8")
    print(f"wrote {vm.CASE_RECORDING}: {len(cases)} derived cases of the vendor profile")
    return 0


def case_verdicts(binary: Path) -> list[dict[str, object]]:
    """The oracle's verdict on every derived case of the vendor profile (built with a fixed msg_id)."""
    from harness.messages.pod_update import POD_UPDATE

    cases = POD_UPDATE.cases("vendor")
    messages = [case.build(msg_id=vm.FIXED_MSG_ID, timestamp=vm.FIXED_TIMESTAMP) for case in cases]
    lines = vm.oracle_verdicts(binary, messages)
    return [{"case": case.id, "expect": case.expect, "accepted": line["accepted"], "error": line["error"],
             "vendor_action": line["vendor_action"].split(":")[0]}
            for case, line in zip(cases, lines, strict=True)]


if __name__ == "__main__":
    raise SystemExit(main())
