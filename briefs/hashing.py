"""The one hash: SHA-256, as lowercase hex. Articles are named by the hash of their text, API keys are
stored as the hash of the key, and caches and fingerprints key on the hash of a canonical encoding."""

from __future__ import annotations

import hashlib
import json


def sha256_hex(data: str | bytes) -> str:
    """SHA-256 of `data` (text as UTF-8), as 64 hex digits."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def content_hash(*parts: object) -> str:
    """SHA-256 over a canonical JSON encoding of the parts (keys sorted, no spaces, text as is)."""
    return sha256_hex(json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str))
