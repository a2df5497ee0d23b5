"""Secrets never reach a log: the access log's request targets are redacted before they are written.

A key belongs in the Authorization header, and the API refuses it anywhere else; but a client that
puts it in the URL (`?key=brf_…`) still gets its request logged. The filter below rewrites the
target of every access-log record: the values of `key`, `api_key`, `apikey`, `token`,
`access_token`, `password` and `secret`, and any path segment or value that looks like a Briefs key,
become `[redacted]`.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

SECRET_PARAMETERS = frozenset({"key", "api_key", "apikey", "token", "access_token", "password", "secret"})
BRIEFS_KEY = re.compile(r"brf_[A-Za-z0-9_\-]{16,}")
REDACTED = "[redacted]"


def redact_target(target: str) -> str:
    """A request target (path?query) with every secret in it replaced by [redacted]."""
    path, mark, query = target.partition("?")
    path = "/".join(REDACTED if BRIEFS_KEY.search(unquote_plus(segment)) else segment for segment in path.split("/"))
    if not mark:
        return path
    pairs = []
    for pair in query.split("&"):
        name, equals, value = pair.partition("=")
        if unquote_plus(name).lower() in SECRET_PARAMETERS or BRIEFS_KEY.search(unquote_plus(value)):
            value = REDACTED
        if BRIEFS_KEY.search(unquote_plus(name)):
            name = REDACTED
        pairs.append(name + equals + value)
    return f"{path}?{'&'.join(pairs)}"


class RedactSecrets(logging.Filter):
    """For uvicorn's access log, whose records carry (client, method, target, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            record.args = (*record.args[:2], redact_target(record.args[2]), *record.args[3:])
        return True


def install() -> None:
    """Put the filter on uvicorn's access logger (once per process)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactSecrets) for f in access.filters):
        access.addFilter(RedactSecrets())
