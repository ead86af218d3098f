"""product.yaml: the vendor, product, version and contact of the system under test."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.bundle.layout import PRODUCT_KEYS


@dataclass(frozen=True)
class ProductError:
    """Why product.yaml cannot be used (one line)."""

    reason: str

    def __str__(self) -> str:
        return self.reason




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

