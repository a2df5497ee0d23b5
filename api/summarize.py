"""POST /v1/summaries: run an extractor on one text, synchronously, under a time limit."""

from __future__ import annotations

import asyncio
import re
import threading
from concurrent.futures import ThreadPoolExecutor

from briefs.config import Settings
from briefs.domain import GroundingRecord, collect_flags
from briefs.errors import BriefsError
from briefs.grounding import checker
from briefs.hashing import sha256_hex
from briefs.inputs import ArticleText

from api.errors import ApiError, field_error
from api.schemas import SummaryRequest, SummaryResponse

SENTENCES = {"short": 1, "medium": 3, "full": None}
PROMPT_ID = re.compile(r"[a-z][a-z0-9_-]{0,40}@v[0-9]{1,4}")


class Summarizer:
    def __init__(self, store, settings: Settings, metrics, hooks) -> None:
        self.store, self.settings, self.metrics, self.hooks = store, settings, metrics, hooks
        # Model work runs here, not in the request's thread pool: a request that times out answers 504
        # at once while its thread finishes (bounded by the model client's own timeout).
        self._pool: ThreadPoolExecutor | None = None
        self._lexicon = None
        self._lock = threading.Lock()

    @property
    def pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=max(4, self.settings.concurrency), thread_name_prefix="briefs-api-model"
                )
            return self._pool

    def allowed_models(self) -> list[str]:
        extra = [m.strip() for m in self.settings.api_models.split(",") if m.strip()]
        return list(dict.fromkeys(["lexicon", *([self.settings.model] if self.settings.model else []), *extra]))

    def close(self, wait: bool = False) -> None:
        """Stop taking model work; with `wait`, return once the calls under way have ended (each bounded by
        the model client's timeout), those a 504 gave up on included."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)

    def _lexicon_extractor(self):
        with self._lock:
            if self._lexicon is None:
                from briefs.extract.lexicon import LexiconExtractor

                self._lexicon = LexiconExtractor(threshold=self.settings.fuzzy_threshold)
            return self._lexicon

    def _run(self, model: str, prompt: str | None, article: ArticleText):
        if model == "lexicon":
            return self._lexicon_extractor().extract(article)
        from briefs.extract.calls import StoreCallLog
        from briefs.extract.prompts import load_prompt
        from briefs.extract.select import make_llm_extractor

        # The API's own limit answers 504 first; the model client gives up soon after, so a slow model
        # does not hold a thread for long.
        settings = self.settings.model_copy(
            update={"request_timeout": min(self.settings.request_timeout, self.settings.api_model_timeout + 1)}
        )
        extractor = make_llm_extractor(
            model,
            settings=settings,
            prompt=load_prompt(prompt or settings.prompt, _prompts_dir(settings)),
            calls=StoreCallLog(self.store),
            hooks=self.hooks,
        )
        try:
            return extractor.extract(article)
        finally:
            extractor.close()

    async def summarize(self, body: SummaryRequest) -> SummaryResponse:
        model = body.model or self.settings.model or "lexicon"
        allowed = self.allowed_models()
        if model not in allowed:
            raise field_error(
                422,
                "invalid_request",
                "body.model",
                f"model {model!r} is not offered by this server; choose one of: {', '.join(allowed)}",
            )
        if body.prompt is not None:
            if model == "lexicon":
                raise field_error(
                    422,
                    "invalid_request",
                    "body.prompt",
                    "the lexicon extractor takes no prompt; leave prompt out or pick a model",
                )
            if not PROMPT_ID.fullmatch(body.prompt):
                raise field_error(422, "invalid_request", "body.prompt", "a prompt id is task@version, e.g. extract@v1")
            from briefs.extract.prompts import load_prompt

            try:
                await asyncio.get_running_loop().run_in_executor(
                    self.pool, load_prompt, body.prompt, _prompts_dir(self.settings)
                )
            except BriefsError as error:
                raise field_error(422, "invalid_request", "body.prompt", str(error)) from None
        article = ArticleText(
            id=sha256_hex(body.text),
            text=body.text,
            title=body.title,
            published_at=body.published_at,
            outlet=body.outlet,
        )
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.pool, self._run, model, body.prompt, article)
        try:
            outcome = await asyncio.wait_for(future, timeout=self.settings.api_model_timeout)
        except TimeoutError:
            raise ApiError(
                504,
                "model_timeout",
                f"the model did not answer within {self.settings.api_model_timeout:g} s (BRIEFS_API_MODEL_TIMEOUT)",
            ) from None
        except BriefsError as error:
            raise ApiError(502, "model_failed", f"the model could not be used: {error}") from None
        if outcome.result is None:
            raise ApiError(502, "model_failed", f"the model gave no valid extraction: {outcome.failure}")
        result = outcome.result
        keep = SENTENCES[body.length]
        lines, grounding, flags = result.summary, result.grounding, result.flags
        if keep is not None and len(lines) > keep:
            lines = lines[:keep]
            text = " ".join(line.text_en for line in lines)
            grounding = GroundingRecord.from_checker(checker.check(body.text, text))
            own = {f.text() for f in collect_flags(result.incidents, result.summary, result.grounding)}
            extra = [f for f in result.flags if f not in own]
            flags = list(
                dict.fromkeys([*(f.text() for f in collect_flags(result.incidents, lines, grounding)), *extra])
            )
        self.metrics.observe_grounding("summary", grounding.model_dump(mode="json"))
        return SummaryResponse(
            article_hash=result.article_hash,
            extractor=result.extractor,
            model=result.model,
            prompt_id=result.prompt_id,
            summary=" ".join(line.text_en for line in lines),
            sentences=lines,
            incidents=result.incidents,
            grounding=grounding,
            flags=flags,
            attempts=outcome.attempts,
        )


def _prompts_dir(settings: Settings):
    from pathlib import Path

    return Path(settings.prompts_dir) if settings.prompts_dir else None
