"""``--bundle FILE`` and ``--product FILE`` of the certify commands (harness/bundle takes plain values)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness.bundle import BundleError, ProductError, bundle_request_problem, load_product, write_bundle


def add_bundle_arguments(parser: argparse.ArgumentParser) -> None:
    """``--bundle FILE`` and ``--product FILE`` (for certify-edge and certify-controller)."""
    parser.add_argument("--bundle", type=Path, default=None, metavar="FILE",
                        help="after the run, write the certification bundle (tar.gz) to FILE (needs --product)")
    parser.add_argument("--product", type=Path, default=None, metavar="FILE",
                        help="product.yaml: vendor, product, version, contact of the system under test")


def check_bundle_args(args: argparse.Namespace) -> str | None:
    """Before the run: a one-line usage error about --bundle/--product, or None when fine (or not asked)."""
    return bundle_request_problem(getattr(args, "bundle", None), getattr(args, "product", None))


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
