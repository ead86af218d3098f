"""The certification bundle: one tar.gz holding a run's evidence, and its verification.

A bundle holds ``summary.json``, ``junit.xml``, every per-case wire log (``wire/...``),
``product.json`` (vendor, product, version, contact), ``run.json`` (run id, harness and
rule-set versions, start and end times) and ``MANIFEST.json`` with the sha256 of every
other member. :func:`write_bundle` (:mod:`.writing`) makes one from a report directory;
:func:`verify_bundle` (:mod:`.verifying`) says, one line per problem, whether a bundle is
complete, unmodified, and shows a full certification run. The manifest proves integrity,
not authorship: whoever rewrites a member can rewrite the manifest too (sign the bundle
for that). :mod:`.product` reads product.yaml; :mod:`.layout` names the members.

Nothing here raises for bad input: :func:`load_product` returns a :class:`ProductError`,
:func:`write_bundle` raises :class:`BundleError` with a one-line reason, and
:func:`verify_bundle` returns a :class:`BundleVerdict`.
"""

from __future__ import annotations

from harness.bundle.layout import (
    BUNDLE_FORMAT,
    JUNIT,
    MANIFEST,
    MAX_BUNDLE_BYTES,
    MAX_MEMBER_BYTES,
    PRODUCT,
    PRODUCT_KEYS,
    REQUIRED_MEMBERS,
    RUN,
    SUMMARY,
    WIRE,
)
from harness.bundle.product import ProductError, check_product, load_product
from harness.bundle.verifying import (
    BundleVerdict,
    expected_edge_case_ids,
    feature_case_ids,
    full_run_problems,
    verdict_lines,
    verify_bundle,
)
from harness.bundle.writing import BundleError, bundle_request_problem, run_record, write_bundle

__all__ = [
    "BUNDLE_FORMAT", "JUNIT", "MANIFEST", "MAX_BUNDLE_BYTES", "MAX_MEMBER_BYTES", "PRODUCT", "PRODUCT_KEYS",
    "REQUIRED_MEMBERS", "RUN", "SUMMARY", "WIRE", "BundleError", "BundleVerdict", "ProductError",
    "bundle_request_problem", "check_product", "expected_edge_case_ids", "feature_case_ids",
    "full_run_problems", "load_product", "run_record", "verdict_lines", "verify_bundle", "write_bundle",
]
