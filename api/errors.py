"""One error shape for every failure: {"error": {"code", "message", "fields"?: [{"loc", "msg"}]}}.

Bad input is a 4xx whose message says what to fix; an internal error is a 500 that says nothing of
the internals (the traceback goes to the server log, never to the client).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("api")


class FieldError(BaseModel):
    loc: str = Field(description="Where the problem is: 'body.text', 'body[2].text', 'query.limit', 'path.date'.")
    msg: str = Field(description="What is wrong with it.")


class ErrorDetail(BaseModel):
    code: str = Field(
        description="A stable, machine-readable code: unauthorized, forbidden, not_found, invalid_request, "
        "no_arabic, too_long, body_too_large, rate_limited, model_timeout, not_ready, internal_error, ..."
    )
    message: str = Field(description="What went wrong and how to fix it, for a person.")
    fields: list[FieldError] | None = Field(None, description="For invalid input: every field at fault and why.")


class ErrorBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "code": "no_arabic",
                        "message": "body.text: no Arabic text found (fewer than 20 Arabic letters)",
                        "fields": [{"loc": "body.text", "msg": "no Arabic text found (fewer than 20 Arabic letters)"}],
                    }
                },
            ]
        }
    )

    error: ErrorDetail


class ApiError(Exception):
    """Raise anywhere in a request to answer with the common error body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields, self.headers = status, code, message, fields, headers


def field_error(status: int, code: str, loc: str, msg: str) -> ApiError:
    return ApiError(status, code, f"{loc}: {msg}", fields=[FieldError(loc=loc, msg=msg)])


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    fields: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = [f.model_dump() for f in fields]
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def dotted(loc: tuple | list) -> str:
    """('body', 0, 'text') → 'body[0].text'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "unavailable",
}


_BRANCHES = ("ArticleIn", "list[ArticleIn]")


def _validation_fields(error: RequestValidationError) -> list[FieldError]:
    # A union body (one article or a list) reports each branch it tried: keep the branch the body took.
    taken = "list[ArticleIn]" if isinstance(getattr(error, "body", None), list) else "ArticleIn"
    fields = []
    for item in error.errors():
        loc = list(item.get("loc", ()))
        if any(p in _BRANCHES and p != taken for p in loc):
            continue
        loc = [p for p in loc if not (isinstance(p, str) and (p.startswith("function-") or p in _BRANCHES))]
        msg = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        if item.get("type") == "json_invalid":  # loc is ('body', position)
            where = f" at character {loc[1]}" if len(loc) > 1 and isinstance(loc[1], int) else ""
            reason = (item.get("ctx") or {}).get("error")
            loc, msg = ["body"], f"malformed JSON{where}" + (f": {reason}" if reason else "")
        fields.append(FieldError(loc=dotted(loc), msg=msg))
    return list({(f.loc, f.msg): f for f in fields}.values())


def _unparsable(cause: BaseException | None) -> str:
    """Why a JSON body could not be parsed, when it is not a syntax error (those are json_invalid)."""
    if isinstance(cause, UnicodeDecodeError):
        return f"malformed JSON: not UTF-8 (byte {cause.start} cannot be decoded)"
    if isinstance(cause, RecursionError):
        return "malformed JSON: nested too deeply"
    return "malformed JSON: the body cannot be parsed"


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.message, fields=error.fields, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        fields = _validation_fields(error)
        shown = "; ".join(f"{f.loc}: {f.msg}" for f in fields[:5]) + ("; …" if len(fields) > 5 else "")
        return error_response(422, "invalid_request", f"invalid request: {shown}", fields=fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400:  # FastAPI's "error parsing the body": the documented 422, with the reason
            field = FieldError(loc="body", msg=_unparsable(error.__cause__))
            return error_response(422, "invalid_request", f"invalid request: body: {field.msg}", fields=[field])
        code = _CODES.get(error.status_code, "error")
        message = error.detail if isinstance(error.detail, str) else code.replace("_", " ")
        if error.status_code == 404 and message == "Not Found":
            message = "no such endpoint; see /docs for the API"
        return error_response(error.status_code, code, message, headers=getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(request: Request, error: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "internal error; the server log has the details")
