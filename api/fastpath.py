"""A fast path for the commonest read: GET /v1/briefs/{date} whose brief is cached and whose key is known.

Plain ASGI just in front of the FastAPI app (inside the CORS and security-header middleware, as the
route is): when the request carries a key already verified (KeyCache), within its rate, for a date and
format whose rendered brief is current (BriefCache.fresh), it answers from here with the route's own
response (api.briefresponse). It only decides whether it may answer: anything else (no key, an unknown
key, a rate limit hit, a bad date, a stale or missing brief, an Accept we cannot serve) falls through
to the route, which does the full work and the error answers; so this adds no behaviour of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from briefs.hashing import sha256_hex as key_digest

from api.briefcache import Rendered
from api.briefresponse import FORMATS, BriefFormat, brief_response, negotiate

_PATH = re.compile(r"/v1/briefs/(\d{4}-\d{2}-\d{2})")
_FORMAT_NAMED: dict[str, BriefFormat] = {name: name for name in FORMATS}

Scope = dict[str, Any]


class _Route:
    path = "/v1/briefs/{day}"  # the metrics label, as the route's


ROUTE = _Route()


@dataclass(frozen=True, slots=True)
class _Answer:
    rendered: Rendered
    if_none_match: str | None
    accept_encoding: str | None


class BriefFastPath:
    def __init__(self, app: Any, state: Any) -> None:
        self.app, self.state = app, state
        self.hits = 0
        state.fastpath = self  # for the tests: how many answers came from here

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and (match := _PATH.fullmatch(scope["path"])):
            answer = self._may_answer(scope, match.group(1))
            if answer is not None:
                self.hits += 1
                scope["route"] = ROUTE
                await brief_response(answer.rendered, answer.if_none_match, answer.accept_encoding)(
                    scope, receive, send
                )
                return
        await self.app(scope, receive, send)

    def _may_answer(self, scope: Scope, day_text: str) -> _Answer | None:
        """The cached brief to send when every condition of answering here holds; else None (the route answers)."""
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name, value)  # the first of a repeated header, as the route reads it
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        principal = self.state.keys.cached(key_digest(token.strip()))
        if principal is None:
            return None
        fmt: BriefFormat | None
        if scope.get("query_string"):
            query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            if len(query) != 1 or query[0][0] != "format":
                return None
            fmt = _FORMAT_NAMED.get(query[0][1])
        else:
            fmt = negotiate(headers.get(b"accept", b"").decode("latin-1") or None)
        if fmt is None:
            return None
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            return None
        rendered = self.state.briefs.fresh((day, day, fmt))
        if rendered is None or self.state.limiter.take(principal.key_id) > 0:
            return None  # the route rebuilds, or answers 429 (the bucket is still empty then)
        return _Answer(rendered, _text(headers.get(b"if-none-match")), _text(headers.get(b"accept-encoding")))


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value is not None else None
