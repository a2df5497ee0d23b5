"""A fast path for the commonest read: GET /v1/briefs/{date} whose brief is cached and whose key is known.

Plain ASGI in front of FastAPI: when the request carries a key already verified (KeyCache), within
its rate, for a date and format whose rendered brief is current (BriefCache.fresh), the answer is
sent from here, byte for byte what the FastAPI route sends. Anything else (no key, an unknown key, a
rate limit hit, a bad date, a stale or missing brief, an Accept we cannot serve) falls through to
the route, which does the full work and the error answers; so this adds no behaviour of its own.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qsl

from api.routes import negotiate
from briefs.hashing import sha256_hex as key_digest

_PATH = re.compile(r"/v1/briefs/(\d{4}-\d{2}-\d{2})")
_FORMATS = ("json", "md", "html")


class _Route:
    path = "/v1/briefs/{day}"  # the metrics label, as the route's


ROUTE = _Route()


class BriefFastPath:
    def __init__(self, app, state) -> None:
        self.app, self.state = app, state
        self.hits = 0
        state.fastpath = self  # for the tests: how many answers came from here

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and (match := _PATH.fullmatch(scope["path"])):
            if await self._serve(scope, match.group(1), send):
                return
        await self.app(scope, receive, send)

    async def _serve(self, scope, day_text: str, send) -> bool:
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name, value)  # the first of a repeated header, as the route reads it
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return False
        principal = self.state.keys.cached(key_digest(token.strip()))
        if principal is None:
            return False
        fmt = None
        if scope.get("query_string"):
            query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            if len(query) != 1 or query[0][0] != "format" or query[0][1] not in _FORMATS:
                return False
            fmt = query[0][1]
        fmt = fmt or negotiate(headers.get(b"accept", b"").decode("latin-1") or None)
        if fmt is None:
            return False
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            return False
        rendered = self.state.briefs.fresh((day, day, fmt))
        if rendered is None or self.state.limiter.take(principal.key_id) > 0:
            return False  # the route rebuilds, or answers 429 (the bucket is still empty then)
        self.hits += 1
        scope["route"] = ROUTE
        common = [
            (b"etag", rendered.etag.encode()),
            (b"cache-control", b"private, max-age=0, must-revalidate"),
            (b"vary", b"Accept, Authorization"),
        ]
        if headers.get(b"if-none-match", b"").decode("latin-1") == rendered.etag:
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return True
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-length", str(len(rendered.body)).encode()),
                    (b"content-type", rendered.media_type.encode()),
                    *common,
                ],
            }
        )
        await send({"type": "http.response.body", "body": rendered.body})
        return True
