"""Pure ASGI middleware: the request-body limit and the request metrics."""

from __future__ import annotations

import json
import time

from api.metrics import Metrics

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_DOC_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})  # the documentation's routes


def _too_large(limit: int) -> tuple[dict, dict]:
    body = json.dumps(
        {
            "error": {
                "code": "body_too_large",
                "message": f"request body over the limit of {limit:,} bytes (BRIEFS_API_MAX_BODY_BYTES)",
            }
        }
    ).encode()
    start = {
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


class BodyLimit:
    """Refuse a request body over `limit` bytes with 413, counting the bytes that arrive (a missing or
    false Content-Length does not get past it). The body is read before the app sees it."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await self._refuse(send)
                    return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send) -> None:
        start, body = _too_large(self.limit)
        await send(start)
        await send(body)


class RequestMetrics:
    """Count requests and time them, labelled by the route's template (/v1/articles/{article_id}),
    never by the raw path, so that the label set stays small."""

    def __init__(self, app, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or (scope["path"] if scope["path"] in _DOC_PATHS else "unmatched")
            self.metrics.observe_request(scope["method"], path, status, time.perf_counter() - started)


# Responses carry article text: never sniffed into another type, never framed, never scripted.
_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
_HTML_CSP = (
    b"content-security-policy",
    b"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    b"frame-ancestors 'none'",
)
_WITH_CSP = [*_SECURITY_HEADERS, _HTML_CSP]


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers every response to `path` gets (the CSP but on the documentation's pages)."""
    return _SECURITY_HEADERS if path in _DOC_PATHS else _WITH_CSP


class SecurityHeaders:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = security_headers(scope["path"])

        async def sending(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), *added]}
            await send(message)

        await self.app(scope, receive, sending)
