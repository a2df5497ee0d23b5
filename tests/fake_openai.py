"""A local, scriptable OpenAI-compatible server for tests that must not touch the network.

The real ``openai`` client (and langchain's ``ChatOpenAI`` over it) talks HTTP to this server, so
request building, retries, error mapping and response parsing all run for real. Replies are scripted
per test, with injected latency and faults::

    with FakeOpenAI() as server:                       # or the ``fake_openai`` pytest fixture
        server.script(
            Reply.rate_limited(retry_after=1),         # 429 + Retry-After
            Reply.json({"incidents": []}, latency=0.3) # a JSON body as the message content
        )
        client = OpenAI(base_url=server.base_url, api_key="test", max_retries=0)
        ...
        assert len(server.requests) == 2
        assert server.messages(1)[-1]["role"] == "user"

Scripted replies are consumed one per ``POST /v1/chat/completions``. When the script is empty,
``server.default`` (a ``Reply`` or a callable ``request_json -> Reply``) answers; when that is unset
too, the server answers 500 with an error saying the script ran out, and remembers the request in
``server.exhausted`` (the pytest fixture fails the test at teardown if that list is not empty, unless
the test set ``server.fail_on_exhausted = False``).

The app is a small starlette ASGI app served by uvicorn in a background thread on 127.0.0.1 with a
port picked by the OS. Handlers are async, so latency does not serialize concurrent requests.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import json
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

__all__ = ["FakeOpenAI", "RecordedRequest", "Reply", "ServerProfile", "error_body"]

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_HANG_SECONDS = 30.0

# OpenAI's error "type"/"code" per status, and a default message, as the real API sends them.
_ERRORS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Bad request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("invalid_request_error", "unsupported_country_region_territory", "Forbidden."),
    404: ("invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."),
    408: ("timeout", None, "Request timed out."),
    409: ("conflict", None, "Conflict."),
    422: ("invalid_request_error", None, "Unprocessable entity."),
    429: (
        "requests",
        "rate_limit_exceeded",
        "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again later.",
    ),
    500: ("server_error", None, "The server had an error while processing your request. Sorry about that!"),
    502: ("server_error", None, "Bad gateway."),
    503: ("server_error", "service_unavailable", "The engine is currently overloaded, please try again later."),
    504: ("server_error", None, "Gateway timeout."),
}


def error_body(status: int, message: str | None = None, *, type: str | None = None, code: str | None = None) -> dict:
    """OpenAI's error shape: ``{"error": {"message", "type", "param", "code"}}``."""
    d_type, d_code, d_message = _ERRORS.get(
        status, ("server_error" if status >= 500 else "invalid_request_error", None, f"HTTP {status}")
    )
    return {
        "error": {
            "message": message or d_message,
            "type": type or d_type,
            "param": None,
            "code": code if code is not None else d_code,
        }
    }


def _to_jsonable(obj: Any) -> Any:
    if hasattr(obj, "model_dump"):  # a Pydantic model
        return obj.model_dump(mode="json")
    return obj


@dataclasses.dataclass
class Reply:
    """One scripted answer to one chat-completions request.

    ``content``: a str is sent verbatim as ``message.content``; a dict or list is JSON-encoded.
    For an error ``status`` (>= 400) a non-empty str ``content`` becomes the error message.
    ``latency``: seconds from the request's arrival to the answer (an async sleep of what the server's
    own reading and parsing of the request leaves of it, as a server that "answers in 300 ms" does). ``status``/``headers``: the HTTP status
    and extra response headers. ``refusal``: sets ``message.refusal`` and ``content`` null.
    ``hang``: never answer (sleeps ``hang_seconds``, woken early by ``reset()``/shutdown) so the
    client times out. ``body``: raw bytes/str sent verbatim instead of a completion or error object.
    ``usage``: ``{"prompt_tokens", "completion_tokens"}`` (default: ~4 characters per token).
    ``finish_reason``: default "stop" (use "length" for a truncated generation).
    ``tool_arguments``: answer with a call of the requested function carrying these arguments
    (``content`` null, finish_reason "tool_calls"), as a server does in function-calling mode.
    ``trickle``: send the body in small pieces this many seconds apart (a slow server that keeps
    a read timeout from ever firing).
    ``crowd``: answer once this many requests have been in flight at once since ``reset()`` (``latency``
    becomes the longest wait): a test of concurrency that does not depend on how fast a loaded machine
    starts threads.
    """

    content: str | dict | list = ""
    latency: float = 0.0
    status: int = 200
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    refusal: str | None = None
    hang: bool = False
    hang_seconds: float = DEFAULT_HANG_SECONDS
    body: bytes | str | None = None
    usage: dict[str, int] | None = None
    finish_reason: str = "stop"
    tool_arguments: str | None = None
    trickle: float = 0.0
    crowd: int = 0

    # ---- helper constructors -------------------------------------------------------------------
    @classmethod
    def json(cls, obj: Any, **kw: Any) -> Reply:
        """``obj`` (dict, list, scalar or Pydantic model) JSON-encoded as the message content."""
        return cls(content=json.dumps(_to_jsonable(obj), ensure_ascii=False), **kw)

    @classmethod
    def rate_limited(cls, retry_after: float | int | None = 1, **kw: Any) -> Reply:
        """429 with OpenAI's rate-limit error and a ``Retry-After`` header (seconds)."""
        headers = dict(kw.pop("headers", {}))
        if retry_after is not None:
            headers.setdefault("Retry-After", _num(retry_after))
        return cls(status=429, headers=headers, **kw)

    @classmethod
    def server_error(cls, status: int = 500, **kw: Any) -> Reply:
        """500 (or another 5xx) with OpenAI's server-error body."""
        return cls(status=status, **kw)

    @classmethod
    def timeout(cls, seconds: float = DEFAULT_HANG_SECONDS, **kw: Any) -> Reply:
        """Never answer (within ``seconds``): the client's own timeout fires first."""
        return cls(hang=True, hang_seconds=seconds, **kw)

    @classmethod
    def malformed(cls, content: str = '{"incidents": [{"event_type": "Battles", "counts": [', **kw: Any) -> Reply:
        """A 200 completion whose message content is not valid JSON (truncated by default)."""
        return cls(content=content, **kw)

    @classmethod
    def refused(cls, refusal: str = "I can't help with that", **kw: Any) -> Reply:
        """A refusal: ``message.refusal`` set, ``message.content`` null."""
        return cls(refusal=refusal, **kw)


def _num(x: float | int) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


class RecordedRequest(dict):
    """A request's parsed JSON body (it *is* the dict) plus ``headers`` (lower-case keys),
    ``index`` (arrival order, from 0), ``path``, ``raw`` (the body bytes) and ``received_at``."""

    def __init__(self, body: dict, *, index: int, headers: dict[str, str], path: str, raw: bytes) -> None:
        super().__init__(body)
        self.index = index
        self.headers = headers
        self.path = path
        self.raw = raw
        self.received_at = time.monotonic()

    @property
    def messages(self) -> list[dict]:
        return self.get("messages") or []


ReplySource = Reply | Callable[[dict], Reply | Awaitable[Reply]]


class _Server(uvicorn.Server):
    # Running in a non-main thread, uvicorn already skips signal handlers; be explicit anyway.
    @contextlib.contextmanager
    def capture_signals(self):
        yield


class FakeOpenAI:
    """An OpenAI-compatible HTTP server on 127.0.0.1 with scripted replies (see module docstring)."""

    def __init__(self, *, model: str = DEFAULT_MODEL, host: str = "127.0.0.1") -> None:
        self.model = model
        self.host = host
        self.port: int | None = None
        #: Answers when the script is empty: a ``Reply`` or a callable ``request_json -> Reply``.
        self.default: ReplySource | None = None
        #: The pytest fixture fails the test at teardown when a request found the script exhausted.
        self.fail_on_exhausted = True
        self._lock = threading.Lock()
        self._script: collections.deque[ReplySource] = collections.deque()
        self._requests: list[RecordedRequest] = []
        self._exhausted: list[int] = []
        self._errors: list[str] = []
        self._in_flight = 0
        self._max_in_flight = 0
        self._generation = 0
        self._ids = 0
        self._consumed = 0
        self._thread: threading.Thread | None = None
        self._server: _Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._closing = False
        self._thread_error: BaseException | None = None
        self.startup_seconds: float | None = None
        self.app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat_completions, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
                Route("/{path:path}", self._unknown, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
            ]
        )

    # ---- public API ---------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("FakeOpenAI is not started")
        return f"http://{self.host}:{self.port}/v1"

    def script(self, *replies: ReplySource | str | dict | list) -> FakeOpenAI:
        """Queue replies, consumed one per chat-completions request, in order. A ``Reply`` or a
        callable ``request_json -> Reply``; a bare str/dict/list is shorthand for ``Reply(content=...)``."""
        with self._lock:
            for r in replies:
                if not isinstance(r, Reply) and not callable(r):
                    r = Reply(content=r)
                self._script.append(r)
        return self

    @property
    def pending(self) -> int:
        """Scripted replies not yet consumed."""
        with self._lock:
            return len(self._script)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every chat-completions request so far, in arrival order (a snapshot copy)."""
        with self._lock:
            return list(self._requests)

    def messages(self, i: int) -> list[dict]:
        """Request ``i``'s ``messages`` list (negative ``i`` counts from the end)."""
        return self.requests[i].messages

    @property
    def exhausted(self) -> list[int]:
        """Indices of requests that found the script empty and no default (answered 500)."""
        with self._lock:
            return list(self._exhausted)

    @property
    def errors(self) -> list[str]:
        """Errors raised inside the server (e.g. by a ``default`` callable); each was answered 500."""
        with self._lock:
            return list(self._errors)

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    @property
    def max_in_flight(self) -> int:
        """The most chat-completions requests being handled at once since start/``reset()``."""
        with self._lock:
            return self._max_in_flight

    def socket_options(self, level: int, option: int) -> list[int]:
        """The value of one socket option on each connection the server holds open now (keep-alive)."""
        assert self._server is not None
        return [
            connection.transport.get_extra_info("socket").getsockopt(level, option)
            for connection in list(self._server.server_state.connections)
            if connection.transport is not None and not connection.transport.is_closing()
        ]

    def reset(self) -> None:
        """Forget the script, default, recordings and counters; wake any request still sleeping
        (a hang or latency left over from the previous test answers 503 to its departed client)."""
        with self._lock:
            self._script.clear()
            self._requests.clear()
            self._exhausted.clear()
            self._errors.clear()
            self._consumed = 0
            self._generation += 1
            self._in_flight = 0
            self._max_in_flight = 0
        self.default = None
        self.fail_on_exhausted = True
        self._wake_sleepers()

    def start(self, timeout: float = 10.0) -> FakeOpenAI:
        if self._thread is not None:
            raise RuntimeError("FakeOpenAI already started")
        t0 = time.perf_counter()
        # proto=IPPROTO_TCP matters: asyncio turns on TCP_NODELAY only for sockets whose proto says
        # TCP, and without it every response waits ~40 ms for the client's delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self.port,
            log_config=None,  # leave the test process's logging alone
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="none",
            timeout_graceful_shutdown=5,
        )
        self._server = _Server(config)
        self._closing = False
        self._thread_error = None
        self._thread = threading.Thread(target=self._run, args=(sock,), name=f"fake-openai-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not (self._server.started and self._port_answers()):
            if self._thread_error is not None or not self._thread.is_alive():
                self._thread.join(1)
                self._thread = None
                raise RuntimeError(f"FakeOpenAI failed to start: {self._thread_error!r}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"FakeOpenAI did not start within {timeout} s")
            time.sleep(0.001)
        self.startup_seconds = time.perf_counter() - t0
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread is None or self._server is None:
            return
        self._closing = True
        self._wake_sleepers()
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)
        alive = self._thread.is_alive()
        self._thread = None
        self._loop = None
        if alive:
            raise RuntimeError("FakeOpenAI server thread did not stop")
        if self._thread_error is not None:
            raise RuntimeError(f"FakeOpenAI server thread failed: {self._thread_error!r}")

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def client(self, **kw: Any):
        """A sync ``openai.OpenAI`` client for this server (no retries unless asked)."""
        from openai import OpenAI

        kw.setdefault("api_key", "test")
        kw.setdefault("max_retries", 0)
        return OpenAI(base_url=self.base_url, **kw)

    def env(self, api_key: str = "test") -> dict[str, str]:
        """Environment variables pointing the openai client (and langchain) at this server."""
        return {"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": api_key}

    # ---- server thread ------------------------------------------------------------------------------
    def _run(self, sock: socket.socket) -> None:
        try:
            asyncio.run(self._serve(sock))
        except BaseException as e:  # noqa: BLE001 - reported to the starting/stopping thread
            self._thread_error = e

    async def _serve(self, sock: socket.socket) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        assert self._server is not None
        await self._server.serve(sockets=[sock])

    def _port_answers(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def _wake_sleepers(self) -> None:
        """Set the current wake event and install a fresh one, on the server loop, and wait for it,
        so requests arriving after this call never see the old event."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return

        async def rotate() -> None:
            old, self._wake = self._wake, asyncio.Event()
            if old is not None:
                old.set()

        with contextlib.suppress(RuntimeError, TimeoutError):  # loop already stopping
            asyncio.run_coroutine_threadsafe(rotate(), loop).result(timeout=5)

    async def _sleep(self, seconds: float, wake: asyncio.Event) -> bool:
        """Sleep ``seconds``; True when woken early by ``reset()`` or shutdown."""
        if self._closing or wake.is_set():
            return True
        if seconds <= 0:
            return False
        try:
            await asyncio.wait_for(wake.wait(), timeout=seconds)
            return True
        except TimeoutError:
            return False

    async def _wait_for_crowd(self, reply: Reply, wake: asyncio.Event) -> bool:
        """Wait until ``reply.crowd`` requests have been in flight at once (the most so far, not the number now:
        the first to be answered leaves), at most ``reply.latency`` seconds; True when woken."""
        deadline = time.monotonic() + reply.latency
        while self.max_in_flight < reply.crowd and time.monotonic() < deadline:
            if await self._sleep(0.005, wake):
                return True
        return False

    # ---- handlers -----------------------------------------------------------------------------------
    async def _models(self, request: Request) -> Response:
        return JSONResponse(
            {
                "object": "list",
                "data": [{"id": self.model, "object": "model", "created": 1700000000, "owned_by": "fake-openai"}],
            }
        )

    async def _unknown(self, request: Request) -> Response:
        msg = (
            f"FakeOpenAI: no route for {request.method} {request.url.path}; it serves POST /v1/chat/completions "
            "and GET /v1/models (is base_url missing the /v1 suffix?)"
        )
        return JSONResponse(error_body(404, msg, code="unknown_url"), status_code=404)

    async def _chat_completions(self, request: Request) -> Response:
        arrived = time.monotonic()
        raw = await request.body()
        headers = {k.lower(): v for k, v in request.headers.items()}
        try:
            body = json.loads(raw)
            if not isinstance(body, dict):
                raise ValueError("the body is not a JSON object")
        except ValueError as e:
            rec = self._record({}, headers, request.url.path, raw)
            return self._error(400, f"FakeOpenAI: request {rec.index} body is not a JSON object: {e}")

        rec = self._record(body, headers, request.url.path, raw)
        wake = self._wake
        assert wake is not None
        with self._lock:
            generation = self._generation
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
        try:
            if body.get("stream"):
                return self._error(
                    400,
                    "FakeOpenAI does not support streaming: send stream=false (or omit it)",
                    code="stream_unsupported",
                )
            if not isinstance(body.get("messages"), list) or not body.get("model"):
                return self._error(400, "FakeOpenAI: a chat completion needs 'model' and a 'messages' list")

            reply = await self._next_reply(rec)
            if isinstance(reply, Response):
                return reply

            # The latency runs from the request's arrival: reading and parsing it is part of the server's time.
            waiting = (
                self._wait_for_crowd(reply, wake)
                if reply.crowd
                else self._sleep(reply.latency - (time.monotonic() - arrived), wake)
            )
            if await waiting:
                return self._error(503, "FakeOpenAI was reset or shut down while this request was pending")
            if reply.hang:
                woken = await self._sleep(reply.hang_seconds, wake)
                status = 503 if woken else 504
                return self._error(
                    status, f"FakeOpenAI: hung request {rec.index} released ({'reset' if woken else 'hang elapsed'})"
                )
            return self._render(reply, body, rec)
        finally:
            with self._lock:
                if generation == self._generation:
                    self._in_flight -= 1

    def _record(self, body: dict, headers: dict[str, str], path: str, raw: bytes) -> RecordedRequest:
        with self._lock:
            rec = RecordedRequest(body, index=len(self._requests), headers=headers, path=path, raw=raw)
            self._requests.append(rec)
            return rec

    async def _next_reply(self, rec: RecordedRequest) -> Reply | Response:
        with self._lock:
            source = self._script.popleft() if self._script else None
            if source is not None:
                self._consumed += 1
            consumed = self._consumed
        if source is None:
            source = self.default
        if source is None:
            with self._lock:
                self._exhausted.append(rec.index)
            return self._error(
                500,
                f"FakeOpenAI: the script ran out: request #{rec.index} has no scripted reply and no default is set "
                f"({consumed} scripted repl{'y' if consumed == 1 else 'ies'} consumed before it). "
                "Script more replies with server.script(...) or set server.default.",
                code="fake_script_exhausted",
            )
        if isinstance(source, Reply):
            return source
        try:
            reply = source(RecordedRequest(dict(rec), index=rec.index, headers=rec.headers, path=rec.path, raw=rec.raw))
            if asyncio.iscoroutine(reply) or isinstance(reply, Awaitable):
                reply = await reply
            if not isinstance(reply, Reply):
                reply = Reply(content=reply)
            return reply
        except Exception as e:  # noqa: BLE001 - reported as a 500 and in server.errors
            msg = f"FakeOpenAI: reply callable failed on request #{rec.index}: {type(e).__name__}: {e}"
            with self._lock:
                self._errors.append(msg)
            return self._error(500, msg, code="fake_reply_failed")

    def _error(
        self, status: int, message: str, *, code: str | None = None, headers: Mapping[str, str] | None = None
    ) -> Response:
        return JSONResponse(error_body(status, message, code=code), status_code=status, headers=self._headers(headers))

    def _headers(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        with self._lock:
            self._ids += 1
            n = self._ids
        headers = {"x-request-id": f"req_fake_{n}"}
        headers.update(extra or {})
        return headers

    def _render(self, reply: Reply, body: dict, rec: RecordedRequest) -> Response:
        headers = self._headers(reply.headers)
        if reply.body is not None:
            raw = reply.body.encode() if isinstance(reply.body, str) else reply.body
            return self._respond(raw, reply, headers)
        if reply.status >= 400:
            error_message = reply.content if isinstance(reply.content, str) and reply.content else None
            return self._respond(json.dumps(error_body(reply.status, error_message)).encode(), reply, headers)

        if reply.refusal is not None:
            content: str | None = None
        elif isinstance(reply.content, str):
            content = reply.content
        else:
            content = json.dumps(_to_jsonable(reply.content), ensure_ascii=False)

        usage: dict[str, Any] = dict(reply.usage or {})
        usage.setdefault("prompt_tokens", _estimate_prompt_tokens(body.get("messages") or []))
        usage.setdefault("completion_tokens", _estimate_tokens(content or reply.refusal or ""))
        usage.setdefault("total_tokens", usage["prompt_tokens"] + usage["completion_tokens"])
        usage.setdefault("prompt_tokens_details", {"cached_tokens": 0, "audio_tokens": 0})
        usage.setdefault(
            "completion_tokens_details",
            {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        )
        message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": reply.refusal, "annotations": []}
        finish_reason = reply.finish_reason
        if reply.tool_arguments is not None:
            name = ((body.get("tool_choice") or {}).get("function") or {}).get("name") or "tool"
            message["content"] = None
            message["tool_calls"] = [
                {
                    "id": f"call_fake{rec.index}",
                    "type": "function",
                    "function": {"name": name, "arguments": reply.tool_arguments},
                }
            ]
            finish_reason = "tool_calls" if finish_reason == "stop" else finish_reason
        completion = {
            "id": f"chatcmpl-fake{rec.index:06d}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or self.model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": finish_reason,
                }
            ],
            "usage": usage,
            "service_tier": "default",
            "system_fingerprint": "fp_fake",
        }
        return self._respond(json.dumps(completion, ensure_ascii=False).encode(), reply, headers)

    def _respond(self, raw: bytes, reply: Reply, headers: dict[str, str]) -> Response:
        if reply.trickle <= 0:
            return Response(raw, status_code=reply.status, headers=headers, media_type="application/json")
        wake = self._wake

        async def pieces():
            step = max(1, len(raw) // 20)
            for start in range(0, len(raw), step):
                yield raw[start : start + step]
                if wake is not None and await self._sleep(reply.trickle, wake):
                    return

        return StreamingResponse(pieces(), status_code=reply.status, headers=headers, media_type="application/json")


def _estimate_tokens(text: str) -> int:
    return max(1, (len(text) + 3) // 4) if text else 0


def _estimate_prompt_tokens(messages: Iterable[Any]) -> int:
    total = 0
    for m in messages:
        total += 4  # per-message overhead, roughly as OpenAI counts it
        content = m.get("content") if isinstance(m, dict) else m
        if isinstance(content, list):  # content parts
            content = " ".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
        total += _estimate_tokens(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False))
    return total + 3


# ---- server profiles ------------------------------------------------------------------------------
# The same model answer, served the way each kind of real server serves it, quirks included.

Answer = dict | str | Callable[[dict], dict | str]


@dataclasses.dataclass
class ServerProfile:
    """A kind of OpenAI-compatible server, as ``server.default``: given the model's ``answer`` (a dict
    sent as JSON, a str sent verbatim, or a callable ``request -> dict | str``), it answers each
    request as that server would: its model names, its key check, the output modes it refuses (400
    in its own words), how it wraps the content, how fast its body arrives.

    ``ServerProfile.openai``, ``.vllm_old``, ``.ollama``, ``.llama_cpp`` and ``.quota_exhausted``
    are the shipped ones; the fields make others.
    """

    name: str
    answer: Answer = dataclasses.field(default_factory=dict)
    models: tuple[str, ...] = ()  # the names it serves (empty: any); others are 404 in its words
    api_key: str | None = None  # the bearer key it requires (None: any)
    rejects: tuple[str, ...] = ()  # "json_schema", "json_object", "tools": 400 in its words
    wrap: str = "plain"  # plain | fence (```json … ```) | think (<think>…</think> first)
    trickle: float = 0.0  # seconds between pieces of the body
    out_of_quota: bool = False
    latency: float = 0.0

    # ---- the shipped profiles ------------------------------------------------------------------------
    @classmethod
    def openai(cls, answer: Answer, **kw: Any) -> ServerProfile:
        """OpenAI: strict json_schema and tools honoured, a key required, known model names only, and
        json_object refused unless the messages say "json"."""
        return cls("openai", answer, models=("gpt-4o-mini", "test-model"), api_key="test-key", **kw)

    @classmethod
    def vllm_old(cls, answer: Answer, **kw: Any) -> ServerProfile:
        """An older vLLM: response_format json_schema is a 400 naming the field (its pydantic error);
        json_object and tools are fine; one model, named as on Hugging Face."""
        return cls("vllm-old", answer, models=("Qwen/Qwen2.5-7B-Instruct",), rejects=("json_schema",), **kw)

    @classmethod
    def ollama(cls, answer: Answer, **kw: Any) -> ServerProfile:
        """Ollama with a release that does not enforce response_format: the answer comes in a ```json
        fence; models are bare tags (qwen2.5:7b); an unknown one is 'not found, try pulling it first'."""
        return cls("ollama", answer, models=("qwen2.5:7b", "llama3.1:8b"), wrap="fence", **kw)

    @classmethod
    def llama_cpp(cls, answer: Answer, **kw: Any) -> ServerProfile:
        """llama.cpp's server with a reasoning model: a <think> block before the JSON, the body trickled
        out as it is generated, no json_schema response_format (400), any model name."""
        return cls("llama.cpp", answer, rejects=("json_schema",), wrap="think", trickle=0.01, **kw)

    @classmethod
    def quota_exhausted(cls, answer: Answer = "", **kw: Any) -> ServerProfile:
        """An OpenAI account out of credit: every request is 429 insufficient_quota (retrying cannot help)."""
        return cls("quota-exhausted", answer, out_of_quota=True, **kw)

    # ---- answering ---------------------------------------------------------------------------------
    def __call__(self, request: RecordedRequest) -> Reply:
        if self.out_of_quota:
            return Reply(
                status=429,
                body=json.dumps(
                    {
                        "error": {
                            "message": "You exceeded your current quota, please check your plan and billing details. For more information on "
                            "this error, read the docs: https://platform.example.org/docs/guides/error-codes/api-errors.",
                            "type": "insufficient_quota",
                            "param": None,
                            "code": "insufficient_quota",
                        }
                    }
                ),
            )
        if self.api_key is not None and request.headers.get("authorization") != f"Bearer {self.api_key}":
            return Reply(
                status=401,
                body=json.dumps(
                    error_body(
                        401,
                        "Incorrect API key provided: ***. You can find your API key at "
                        "https://platform.example.org/account/api-keys.",
                    )
                ),
            )
        model = request.get("model")
        if self.models and model not in self.models:
            return self._not_found(model)
        mode = "tools" if request.get("tools") else (request.get("response_format") or {}).get("type")
        if mode in self.rejects:
            return self._rejected(mode)
        if (
            self.name == "openai"
            and mode == "json_object"
            and not any("json" in str(m.get("content") or "").lower() for m in request.messages)
        ):
            return Reply(
                status=400,
                body=json.dumps(
                    error_body(
                        400,
                        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
                    )
                ),
            )
        answer = self.answer(request) if callable(self.answer) else self.answer
        text = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
        if mode == "tools":
            return Reply(tool_arguments=text, latency=self.latency, trickle=self.trickle)
        if self.wrap == "fence":
            text = f"Here is the extraction:\n\n```json\n{text}\n```"
        elif self.wrap == "think":
            text = f"<think>\nThe report describes an attack; I code it as ACLED would.\n</think>\n\n{text}"
        return Reply(content=text, latency=self.latency, trickle=self.trickle)

    def _not_found(self, model: Any) -> Reply:
        body: dict[str, Any]
        if self.name.startswith("vllm"):
            body = {
                "object": "error",
                "message": f"The model `{model}` does not exist.",
                "type": "NotFoundError",
                "param": None,
                "code": 404,
            }
        elif self.name == "ollama":
            body = {
                "error": {
                    "message": f'model "{model}" not found, try pulling it first',
                    "type": "api_error",
                    "param": None,
                    "code": None,
                }
            }
        else:
            body = error_body(404, f"The model `{model}` does not exist or you do not have access to it.")
        return Reply(status=404, body=json.dumps(body))

    def _rejected(self, mode: str) -> Reply:
        if self.name.startswith("vllm"):
            message = (
                (
                    f"[{{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': \"Input should be 'text' or "
                    f"'json_object'\", 'input': '{mode}'}}]"
                )
                if mode != "tools"
                else '"auto" tool choice requires --enable-auto-tool-choice'
            )
            body: dict[str, Any] = {
                "object": "error",
                "message": message,
                "type": "BadRequestError",
                "param": None,
                "code": 400,
            }
        elif mode == "tools":
            body = {
                "error": {"code": 400, "message": "tools param requires --jinja flag", "type": "invalid_request_error"}
            }
        else:
            body = {
                "error": {
                    "code": 400,
                    "message": f'response_format type must be one of "text" or "json_object", but got: {mode}',
                    "type": "invalid_request_error",
                }
            }
        return Reply(status=400, body=json.dumps(body))
