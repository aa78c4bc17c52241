"""Checksum of an instrument version's content.

Plain Python. The checksum is the SHA-256 (hex) of the canonical JSON of the content
with the lifecycle-only keys removed, so publishing or retiring a version (a change
of ``status``) keeps its checksum, while any change to what the screening shows or
how it scores changes it. Exporting a version to JSON and loading it back gives the
same checksum: key order, whitespace and ``1`` vs ``1.0`` do not matter.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any

__all__ = ["CHECKSUM_EXCLUDED_KEYS", "canonical_json", "checksummed_content", "content_checksum"]

#: Top-level keys that describe the version's lifecycle, not its content.
CHECKSUM_EXCLUDED_KEYS: frozenset[str] = frozenset({"status"})


def _normalise(value: Any) -> Any:
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"object keys must be strings, got {type(key).__name__}")
            out[key] = _normalise(item)
        return out
    if isinstance(value, list | tuple):
        return [_normalise(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("content must not contain NaN or infinite numbers")
        return int(value) if value.is_integer() else value
    raise TypeError(f"content must be JSON data, got {type(value).__name__}")


def checksummed_content(content: Mapping[str, Any]) -> dict[str, Any]:
    """The part of ``content`` the checksum covers (lifecycle keys removed, normalised)."""
    if not isinstance(content, Mapping):
        raise TypeError("instrument content must be a JSON object")
    return {key: _normalise(value) for key, value in content.items() if key not in CHECKSUM_EXCLUDED_KEYS}


def canonical_json(content: Mapping[str, Any]) -> str:
    """Canonical JSON text: sorted keys, no whitespace, UTF-8 characters kept."""
    return json.dumps(
        checksummed_content(content),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def content_checksum(content: Mapping[str, Any]) -> str:
    """SHA-256 hex digest of :func:`canonical_json` (UTF-8 encoded)."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
