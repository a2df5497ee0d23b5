"""Cassettes: a run's raw model replies, saved to a file and replayed offline.

A cassette (`evals/cassettes/*.json`) holds, per case and per repeat, every model call of the run in
order: the reply text (or refusal), its tokens and latency, and the hash of the request that got it.
Replay (`briefs eval run SUITE --replay CASSETTE`) starts `ReplayServer`, a small OpenAI-compatible
HTTP server on 127.0.0.1 inside the process, and points the ordinary LLM extractor at it: the real
openai client, the tolerant reading, strict validation, re-asks, grounding and repair all run
again on the recorded replies. So a change to scoring or grounding is gated offline, without a
network or a key, on what a real model once answered.

The server finds the case by the article inside the request's last `<article>` fence, and the call by
how many assistant turns follow it (the first call, the re-ask after one reply, ...). A request for a
call the recording does not have (the new code asks for a repair the old one did not) is answered
400 and the case ends with an error saying so. A request that differs from the recorded one (the
prompt or a repair message changed) is answered from the recording all the same and noted in the run.
"""

from __future__ import annotations

import json
import re
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefs.errors import InputError
from briefs.evals.records import CallRecord, RunRecord
from briefs.hashing import sha256_hex

FORMAT = 1
_ROLES = {"human": "user", "ai": "assistant", "system": "system", "user": "user", "assistant": "assistant"}
_FENCE = re.compile(r"<article>(.*)</article>", re.S)


class CassetteEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    repeat: int
    article_sha: str
    latency_ms: float | None = None
    calls: list[CallRecord]


class Cassette(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: int = FORMAT
    suite: str
    model: str
    prompt_id: str | None
    prompt_hash: str | None
    dataset_hash: str
    repeat: int
    settings: dict = Field(
        default_factory=dict, description="max_reasks and max_repairs of the recording: replay asks no more."
    )
    recorded_at: datetime
    git_commit: str | None = None
    note: str = ""
    entries: list[CassetteEntry]

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=1) + "\n", encoding="utf-8")
        return path


def request_hash(messages: list[dict]) -> str:
    """sha256 of (role, content) pairs, roles as OpenAI names them (langchain's human/ai mapped)."""
    pairs = [[_ROLES.get(m.get("role", ""), m.get("role", "")), m.get("content")] for m in messages]
    return sha256_hex(json.dumps(pairs, ensure_ascii=False, separators=(",", ":")))


def article_key(fenced_text: str) -> str:
    return sha256_hex(fenced_text.strip())


def cassette_from_run(run: RunRecord, article_shas: dict[str, str], note: str = "") -> Cassette:
    """The cassette of an LLM run; `article_shas` maps case id → article_key of its fenced text."""
    if run.extractor != "llm":
        raise InputError(
            f"run of suite {run.suite!r} used the {run.extractor} extractor: "
            "only an LLM run has model replies to record"
        )
    entries = []
    for case in sorted(run.cases, key=lambda c: (c.case_id, c.repeat)):
        if case.error and not case.calls:
            continue
        if case.case_id not in article_shas:
            raise InputError(
                f"case {case.case_id} of the run is not in the suite's dataset any more: run the suite again"
            )
        entries.append(
            CassetteEntry(
                case_id=case.case_id,
                repeat=case.repeat,
                article_sha=article_shas[case.case_id],
                latency_ms=case.values.get("latency_ms"),
                calls=case.calls,
            )
        )
    return Cassette(
        suite=run.suite,
        model=run.model or "",
        prompt_id=run.prompt_id,
        prompt_hash=run.prompt_hash,
        dataset_hash=run.dataset_hash,
        repeat=run.repeat,
        settings=run.settings,
        recorded_at=datetime.now(UTC),
        git_commit=run.git_commit,
        note=note,
        entries=entries,
    )


def load_cassette(path: Path) -> Cassette:
    if not path.is_file():
        raise InputError(f"{path}: no such cassette")
    try:
        cassette = Cassette.model_validate_json(path.read_bytes())
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(root)"
        raise InputError(f"{path}: not a cassette: {where}: {first['msg']}") from None
    if cassette.format != FORMAT:
        raise InputError(f"{path}: cassette format {cassette.format} is not supported (expected {FORMAT})")
    return cassette


class ReplayServer:
    """An OpenAI-compatible server on 127.0.0.1 answering from a cassette (see the module docstring).

    Set `repeat` before each pass over the cases; `served` records (case_id, repeat, attempt, drift)."""

    def __init__(self, cassette: Cassette, case_of_article: dict[str, str]) -> None:
        self.cassette = cassette
        self.case_of_article = case_of_article
        self.entries = {(e.case_id, e.repeat): e for e in cassette.entries}
        self.repeat = 1
        self.served: list[tuple[str, int, int, bool]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "ReplayServer is not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> ReplayServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, payload = server.answer(self.path, body)
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="replay-server", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def answer(self, path: str, body: bytes) -> tuple[int, dict]:
        if not path.rstrip("/").endswith("/chat/completions"):
            return 404, _error(f"replay serves POST /v1/chat/completions, not {path}")
        try:
            request = json.loads(body)
            messages = request["messages"]
        except (ValueError, KeyError, TypeError):
            return 400, _error("replay: the request is not a chat completion")
        last = max(
            (i for i, m in enumerate(messages) if isinstance(m.get("content"), str) and "<article>" in m["content"]),
            default=None,
        )
        fenced = _FENCE.search(messages[last]["content"]) if last is not None else None
        case_id = self.case_of_article.get(article_key(fenced.group(1))) if fenced else None
        if case_id is None or last is None:
            return 400, _error("replay: the request's article is not one of the suite's cases")
        attempt = 1 + sum(m.get("role") == "assistant" for m in messages[last + 1 :])
        entry = self.entries.get((case_id, self.repeat))
        if entry is None:
            return 400, _error(f"replay: the cassette has no recording of case {case_id} (repeat {self.repeat})")
        if attempt > len(entry.calls):
            return 400, _error(
                f"replay: the cassette has no reply for call {attempt} of case {case_id} (repeat {self.repeat}); "
                f"the recording made {len(entry.calls)}"
            )
        call = entry.calls[attempt - 1]
        drift = request_hash(messages) != call.request_hash
        with self._lock:
            self.served.append((case_id, self.repeat, attempt, drift))
        return 200, _completion(call, request.get("model", self.cassette.model))


def _error(message: str) -> dict:
    return {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": "replay_miss"}}


def _completion(call: CallRecord, model: str) -> dict:
    content = None if call.refusal is not None else call.content
    return {
        "id": f"chatcmpl-replay-{call.attempt}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": call.finish_reason,
                "logprobs": None,
                "message": {"role": "assistant", "content": content, "refusal": call.refusal},
            }
        ],
        "usage": {
            "prompt_tokens": call.input_tokens or 0,
            "completion_tokens": call.output_tokens or 0,
            "total_tokens": (call.input_tokens or 0) + (call.output_tokens or 0),
        },
    }
