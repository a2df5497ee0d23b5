"""The API's pagination cursors: an opaque token for the row id a page continues after (the queries
themselves are the store's, `briefs.store.reports`)."""

from __future__ import annotations

import base64
import binascii


def encode_cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"i{row_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The row id after which the next page starts; ValueError for anything not made by encode_cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("not a cursor this API gave out") from None
    if not raw.startswith("i") or not raw[1:].isdigit() or len(raw) > 20:
        raise ValueError("not a cursor this API gave out")
    return int(raw[1:])
