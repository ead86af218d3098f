"""Validation throughput (issue: foundation, "Speed").

    python bench/bench_validate.py [--seconds S]

Messages per second, for the conformant fixture and for the spec-maximal pod, of:
``json.loads`` alone; edgeconform's decode (to an object or an error value); its validator (every
violation reported) on a decoded message; decode + validate; Python ``jsonschema``
validating the exported schema (all errors, as edgeconform reports all); and
``jsonschema_rs`` on the same schema, for reference; and the validator under the vendor profile
(its read cut serializes the message once more). Best of several timed rounds.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import jsonschema
import jsonschema_rs

from harness.message import decode, encode
from harness.messages.pod_update import POD_UPDATE, pod_update
from harness.messages.pod_update.samples import conformant_pod, spec_maximal_pod


def rate(work: Callable[[], Any], seconds: float) -> float:
    """Best messages/second over five rounds of about ``seconds / 5`` each."""
    work()
    best = 0.0
    for _ in range(5):
        count, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds / 5:
            work()
            count += 1
        best = max(best, count / elapsed)
    return best


def _decode_and_validate(text: str) -> Any:
    return POD_UPDATE.validate(decode(text))


def _all_errors(validator: Any, message: Any) -> list[Any]:
    return list(validator.iter_errors(message))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement (default 2)")
    args = parser.parse_args()
    schema = POD_UPDATE.schema("strict")
    python_jsonschema = jsonschema.Draft202012Validator(schema)
    rust_jsonschema = jsonschema_rs.validator_for(schema)
    print(f"python {platform.python_version()} on {platform.machine()}, {args.seconds:.0f} s per figure")
    for name, pod in (("conformant fixture", conformant_pod()), ("spec-maximal pod", spec_maximal_pod())):
        text = encode(pod_update(pod))
        message = json.loads(text)
        assert POD_UPDATE.validate(message) == [] and rust_jsonschema.is_valid(message)
        figures = {
            "json.loads alone": rate(partial(json.loads, text), args.seconds),
            "edgeconform decode": rate(partial(decode, text), args.seconds),
            "edgeconform validate": rate(partial(POD_UPDATE.validate, message), args.seconds),
            "edgeconform validate, vendor profile": rate(partial(POD_UPDATE.validate, message, "vendor"),
                                                         args.seconds),
            "edgeconform decode + validate": rate(partial(_decode_and_validate, text), args.seconds),
            "jsonschema (Python), all errors": rate(partial(_all_errors, python_jsonschema, message), args.seconds),
            "jsonschema_rs is_valid (reference)": rate(partial(rust_jsonschema.is_valid, message), args.seconds),
        }
        loads = figures["json.loads alone"]
        validate_rate = figures["edgeconform validate"]
        print(f"\n{name}: {len(text.encode()):,} bytes")
        for label, value in figures.items():
            print(f"  {label:38} {value:12,.1f} msg/s   ({1e6 / value:10,.1f} µs/msg)")
        print(f"  POD_UPDATE.validate costs {loads / validate_rate:.2f}x json.loads; "
              f"runs {validate_rate / figures['jsonschema (Python), all errors']:.0f}x Python jsonschema")


if __name__ == "__main__":
    main()
