"""Reading JSON objects the way Go's ``encoding/json`` does: keys match case-insensitively.

The vendor's edge decodes into Go structs, whose field lookup ignores ASCII case
(``Volumes`` = ``volumes``, ``ServiceAccountName`` = ``serviceAccountName``, erratum 6).
When several spellings are present, the last one in the object wins, as in Go.
"""

from __future__ import annotations

from typing import Any


def key_ci(obj: Any, key: str) -> str:
    """The spelling of ``key`` used in ``obj`` (the last match), or ``key`` itself."""
    if isinstance(obj, dict):
        if key in obj and not any(k.lower() == key.lower() and k != key for k in obj):
            return key
        wanted = key.lower()
        found = key
        for k in obj:
            if k.lower() == wanted:
                found = k
        return found
    return key


def get_ci(obj: Any, key: str) -> Any:
    """``obj[key]`` with Go's case-insensitive matching; None when absent or not an object."""
    if not isinstance(obj, dict):
        return None
    spelled = key_ci(obj, key)
    return obj.get(spelled)
