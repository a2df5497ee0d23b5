"""The answer to GET /v1/briefs/{day}, built in one place for the route and the fast path alike.

`negotiate` picks the format from the Accept header; `brief_response` makes the response of a rendered
brief (200 with the body, or 304 when If-None-Match names its ETag). The route returns it; the fast path
(api.fastpath) sends the same object as an ASGI app, so the two cannot answer differently.
"""

from __future__ import annotations

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
_HEADERS = {"Cache-Control": "private, max-age=0, must-revalidate", "Vary": "Accept, Authorization"}


def negotiate(accept: str | None) -> BriefFormat | None:
    """The format the Accept header prefers (by q, then order); None when it accepts none we make."""
    if not accept or not accept.strip():
        return "json"
    choices: list[tuple[float, int, BriefFormat]] = []
    for order, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        media = media.lower()
        if q <= 0:
            continue
        if media in _ACCEPT:
            choices.append((-q, order, _ACCEPT[media]))
        elif media in _WILDCARDS:
            choices.append((-q, order, _WILDCARDS[media]))
    return min(choices)[2] if choices else None


def brief_response(rendered: Rendered, if_none_match: str | None) -> Response:
    """The brief's response: its bytes and media type, or 304 when the client holds this version."""
    headers = {"ETag": rendered.etag, **_HEADERS}
    if if_none_match == rendered.etag:
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, media_type=rendered.media_type, headers=headers)
