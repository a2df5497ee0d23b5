"""The answer to GET /v1/briefs/{day}, built in one place for the route and the fast path alike.

`negotiate` picks the format from the Accept header; `brief_response` makes the response of a rendered
brief (200 with the body, gzip-compressed when Accept-Encoding takes it, or 304 when If-None-Match names
its ETag in either encoding). The route returns it; the fast path
(api.fastpath) sends the same object as an ASGI app, so the two cannot answer differently.
"""

from __future__ import annotations

import functools
from typing import Literal

from starlette.responses import Response

from api.briefcache import Rendered

BriefFormat = Literal["json", "md", "html"]
FORMATS: tuple[BriefFormat, ...] = ("json", "md", "html")
_ACCEPT: dict[str, BriefFormat] = {
    "application/json": "json",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "text/html": "html",
}
_WILDCARDS: dict[str, BriefFormat] = {"*/*": "json", "application/*": "json", "text/*": "html"}
_HEADERS = {"Cache-Control": "private, max-age=0, must-revalidate", "Vary": "Accept, Accept-Encoding, Authorization"}


def _weighted(header: str) -> list[tuple[str, float]]:
    """Each item of an Accept-style header, lower-cased, with its q (1 when absent, 0 when unreadable)."""
    items = []
    for part in header.split(","):
        name, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        items.append((name.lower(), q))
    return items


@functools.lru_cache(maxsize=256)  # clients send a few Accept headers again and again
def negotiate(accept: str | None) -> BriefFormat | None:
    """The format the Accept header prefers (by q, then order); None when it accepts none we make."""
    if not accept or not accept.strip():
        return "json"
    choices: list[tuple[float, int, BriefFormat]] = []
    for order, (media, q) in enumerate(_weighted(accept)):
        if q <= 0:
            continue
        if media in _ACCEPT:
            choices.append((-q, order, _ACCEPT[media]))
        elif media in _WILDCARDS:
            choices.append((-q, order, _WILDCARDS[media]))
    return min(choices)[2] if choices else None


@functools.lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether Accept-Encoding takes gzip: named (or as x-gzip), else by `*`, with a q above 0."""
    weights: dict[str, float] = {}
    for coding, q in _weighted(accept_encoding or ""):
        weights.setdefault(coding, q)
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0


def _matches(if_none_match: str, etags: tuple[str, ...]) -> bool:
    """If-None-Match's weak comparison (RFC 9110 13.1.2): `*`, or any listed tag, W/ or not, is ours."""
    if if_none_match.strip() == "*":
        return True
    listed = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return not listed.isdisjoint(etags)


_CACHING = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in _HEADERS.items()]
_GZIP = (b"content-encoding", b"gzip")


class BriefResponse(Response):
    """A response whose raw headers are made in full beforehand (no per-request header encoding)."""

    def __init__(self, status_code: int, raw_headers: list[tuple[bytes, bytes]], body: bytes = b"") -> None:
        self.status_code, self.raw_headers, self.body, self.background = status_code, raw_headers, body, None


def brief_response(rendered: Rendered, if_none_match: str | None, accept_encoding: str | None = None) -> BriefResponse:
    """The brief's response: its bytes (gzip-compressed when the client takes that) and media type, or
    304 when the client holds this version in either encoding."""
    compressed = rendered.gzipped is not None and accepts_gzip(accept_encoding)
    headers = [(b"etag", (rendered.gzip_etag if compressed else rendered.etag).encode("latin-1")), *_CACHING]
    if if_none_match is not None and _matches(if_none_match, (rendered.etag, rendered.gzip_etag)):
        return BriefResponse(304, headers)
    body = rendered.gzipped if compressed and rendered.gzipped is not None else rendered.body
    if compressed:
        headers.append(_GZIP)
    headers += [(b"content-length", str(len(body)).encode("latin-1")), (b"content-type", rendered.media_type_bytes)]
    return BriefResponse(200, headers, body)
