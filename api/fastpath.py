"""A fast path for the commonest read: GET /v1/briefs/{date} whose brief is cached and whose key is known.

It runs before the whole FastAPI stack (`api.app.BriefsAPI` asks it first): when the request carries a
key already verified (KeyCache), within its rate, for a date and format whose rendered brief is
current (BriefCache.fresh), it answers with the route's own response (api.briefresponse), the
security headers the middleware adds and, when CORS is configured, through the same CORS middleware,
and counts the request in the metrics as the middleware would. None of the framework's layers runs
then (FastAPI's telemetry check alone read three environment variables per request). It only decides
whether it may answer: anything else (no key, an unknown key, a rate limit hit, a bad date, a stale or
missing brief, an Accept we cannot serve) goes to the app, whose route does the full work and the error
answers; so this adds no behaviour of its own.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from briefs.hashing import sha256_hex as key_digest

from api.briefcache import Rendered
from api.briefresponse import FORMATS, BriefFormat, brief_response, negotiate
from api.middleware import security_headers

_PATH = re.compile(r"/v1/briefs/(\d{4}-\d{2}-\d{2})")
_FORMAT_NAMED: dict[str, BriefFormat] = {name: name for name in FORMATS}

Scope = dict[str, Any]


ROUTE = "/v1/briefs/{day}"  # the metrics label, as the route's


@dataclass(frozen=True, slots=True)
class _Answer:
    rendered: Rendered
    if_none_match: str | None
    accept_encoding: str | None


_ANSWER = "briefs.fastpath.response"  # the scope key that hands the response to the sender


class BriefFastPath:
    def __init__(self, state: Any, cors: Callable[[Any], Any] | None = None) -> None:
        """`cors`: the CORS middleware, configured as the app's, to wrap an ASGI app (None when CORS is off)."""
        self.state = state
        self.hits = 0
        self._send: Any = cors(self._sent) if cors is not None else self._sent
        state.fastpath = self  # for the tests: how many answers came from here

    async def answer(self, scope: Scope, receive: Any, send: Any) -> bool:
        """Answer the request when this path may (True); else leave it untouched (False)."""
        if scope["method"] != "GET" or not (match := _PATH.fullmatch(scope["path"])):
            return False
        started = time.perf_counter()
        answer = self._may_answer(scope, match.group(1))
        if answer is None:
            return False
        self.hits += 1
        response = brief_response(answer.rendered, answer.if_none_match, answer.accept_encoding)
        response.raw_headers += security_headers(scope["path"])
        scope[_ANSWER] = response
        try:
            await self._send(scope, receive, send)
        finally:
            self.state.metrics.observe_request("GET", ROUTE, response.status_code, time.perf_counter() - started)
        return True

    @staticmethod
    async def _sent(scope: Scope, receive: Any, send: Any) -> None:
        await scope[_ANSWER](scope, receive, send)

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
