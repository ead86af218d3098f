"""The bundle's layout: its members, their limits and its format version."""

from __future__ import annotations

import hashlib

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


def sha256(data: bytes) -> str:
    """The hex sha256 of ``data``, as MANIFEST.json lists it."""
    return hashlib.sha256(data).hexdigest()
