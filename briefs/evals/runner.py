"""Run a suite: every case, every repeat, scored; resumable; model calls kept for cassettes.

While a run goes, each finished case is appended to `<out>.partial.jsonl` (its first line says what
run it belongs to). `run_suite` on the same suite, extractor, model, prompt and repeat picks that file
up and runs only what is missing (cases that ended with an error are tried again); when every case is
done the run is written to `<out>` and the partial file removed.

The LLM extractor runs with the response cache off (a repeat must ask again) and no call log: its
calls come to a recorder through the extractor's hooks, and travel in the run file.
Latency per case is the wall time of one article's extraction (model calls, re-asks, repairs,
grounding); in a replay it is the latency the recording measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from briefs.config import Settings, get_settings
from briefs.domain import article_hash
from briefs.errors import BriefsError
from briefs.evals import metrics as m
from briefs.evals.cassette import Cassette, ReplayServer, article_key, load_cassette, request_hash
from briefs.evals.prices import price_of
from briefs.evals.records import CallRecord, CaseResult, RunRecord
from briefs.evals.suites import Suite, metric_names
from briefs.extract.base import Outcome
from briefs.extract.calls import ModelCallEntry
from briefs.extract.hooks import ArticleFailed, ArticleStarted, CallMade, Hooks
from briefs.hashing import content_hash
from briefs.inputs import ArticleText


@dataclass
class RunOptions:
    model: str | None = None
    prompt: str | None = None
    repeat: int | None = None
    out: Path | None = None
    replay: Path | None = None
    fresh: bool = False
    concurrency: int | None = None
    settings: Settings | None = None


class Progress:
    """What the runner tells its caller: the total, what was already done, each case as it ends."""

    def start(self, total: int, done: int, description: str) -> None: ...
    def advance(self, case: CaseResult) -> None: ...


# --------------------------------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------------------------------

# The fields a case needs besides its article, for each task.
_REQUIRED = {
    "extraction": ("id", "incidents"),
    "grounding": ("id", "summary", "numbers"),
    "names": ("id", "summary", "names"),
}


class SuiteSkipped(BriefsError):
    """The suite's data is not on this machine (a clone without ../shared): nothing to run or gate."""


def corpus_dir(suite: Suite) -> Path:
    """../shared/corpus beside the project whose evals hold the suite (BRIEFS_SHARED names another
    place for ../shared), or the directory the suite's `corpus_env` variable names."""
    if suite.corpus_env:
        return Path(os.environ.get(suite.corpus_env) or f"${suite.corpus_env} (unset)")
    return Path(os.environ.get("BRIEFS_SHARED") or suite.evals_dir.parent.parent / "shared") / "corpus"


def corpus_article(corpus: Path, file: str) -> str | None:
    """A real article of ../shared/corpus by its file name (ant-wide/019.txt): headline and body, without
    line 1 (where the corpus took it from) and the blank line after it; None where ../shared is absent.
    The text is read there, never copied into the project (the publishers keep their copyright)."""
    path = corpus / file
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8").split("\n", 2)[2]


# The field a case's article goes in, for each task; a case may instead name a real article by `file`.
_ARTICLE_FIELD = {"extraction": "text", "grounding": "source", "names": "source"}


def load_cases(suite: Suite, skipped: dict[str, str] | None = None) -> tuple[list[dict], str]:
    """The dataset's cases and the sha256 of the file; a bad line is a BriefsError naming it. A case
    on a real article (`file`) whose text is absent is left out, with the reason put in `skipped`; a
    suite left with no case at all is SuiteSkipped."""
    path = suite.dataset_path
    raw = path.read_bytes()
    cases, seen = [], set()
    skipped = {} if skipped is None else skipped
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as error:
            raise BriefsError(f"{path}:{number}: malformed JSON: {error.msg}") from None
        article_field = _ARTICLE_FIELD[suite.task]
        missing = [f for f in _REQUIRED[suite.task] if not isinstance(case, dict) or f not in case]
        if missing:
            raise BriefsError(
                f"{path}:{number}: missing field {missing[0]!r} "
                f"(a {suite.task} case needs {', '.join(_REQUIRED[suite.task])})"
            )
        if article_field not in case:
            if not isinstance(case.get("file"), str):
                raise BriefsError(
                    f"{path}:{number}: a {suite.task} case needs '{article_field}' (the article) "
                    "or 'file' (an article of ../shared/corpus)"
                )
            article = corpus_article(corpus_dir(suite), case["file"])
            if article is None:
                skipped[str(case["id"])] = (
                    f"{corpus_dir(suite) / case['file']} is absent (its corpus is not on this machine)"
                )
                continue
            case[article_field] = article
        case["id"] = str(case["id"])
        if case["id"] in seen:
            raise BriefsError(f"{path}:{number}: case id {case['id']!r} appears twice")
        seen.add(case["id"])
        cases.append(case)
    if not cases:
        if skipped:
            raise SuiteSkipped(f"its articles are read from {corpus_dir(suite)}, which is not on this machine")
        raise BriefsError(f"{path}: no cases")
    return cases, content_hash(raw.decode("utf-8"))


def article_of(case: dict) -> ArticleText:
    return ArticleText(
        id=case["id"],
        text=case["text"],
        title=case.get("title"),
        published_at=case.get("published_at"),
        outlet=case.get("outlet"),
        url=case.get("url"),
    )


def fenced_key(case: dict) -> str:
    from briefs.extract.llm import fence_safe

    return article_key(fence_safe(case["text"]))


# --------------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------------


def git_commit(where: Path) -> str | None:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=5)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=5,
        )
        return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None


def run_suite(
    suite: Suite, options: RunOptions | None = None, progress: Progress | None = None
) -> tuple[RunRecord, Path]:
    """Run (or resume) a suite; returns the finished run and the file it was written to."""
    options = options or RunOptions()
    progress = progress or Progress()
    settings = options.settings or get_settings()
    skipped: dict[str, str] = {}
    cases, dataset_hash = load_cases(suite, skipped)
    cassette = load_cassette(options.replay) if options.replay else None
    header = _header(suite, options, settings, dataset_hash, cassette)
    fingerprint = content_hash(
        suite.file_hash,
        {k: v for k, v in header.model_dump(mode="json").items() if k not in ("created_at", "git_commit")},
        str(options.replay or ""),
    )
    out = (
        options.out
        or _resumable(suite, fingerprint)
        or suite.runs_dir / f"{suite.name}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    )
    partial = out.with_name(out.name + ".partial.jsonl")
    done = {} if options.fresh else _read_partial(partial, fingerprint)
    if not done or options.fresh:
        partial.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(
            json.dumps({"fingerprint": fingerprint, "header": header.model_dump(mode="json")}) + "\n", encoding="utf-8"
        )
    todo = [(case, r) for r in range(1, header.repeat + 1) for case in cases if (case["id"], r) not in done]
    progress.start(
        len(cases) * header.repeat,
        len(cases) * header.repeat - len(todo),
        f"{suite.name}: {header.extractor}"
        + (f" {header.model}" if header.model else "")
        + (f" {header.prompt_id}" if header.prompt_id else ""),
    )
    lock = threading.Lock()

    def finished(result: CaseResult) -> None:
        with lock:
            done[(result.case_id, result.repeat)] = result
            with partial.open("a", encoding="utf-8") as handle:
                handle.write(result.model_dump_json() + "\n")
        progress.advance(result)

    started = time.perf_counter()
    if todo:
        if header.extractor == "checker":
            _run_checker(todo, finished, m.score_names if suite.task == "names" else m.score_grounding)
        elif header.extractor == "lexicon":
            _run_lexicon(todo, settings, finished)
        else:
            _run_llm(suite, header, todo, settings, options, cassette, cases, finished)
    run = header.model_copy(
        update={
            "cases": [done[(case["id"], r)] for r in range(1, header.repeat + 1) for case in cases],
            "finished_at": datetime.now(UTC),
            "wall_seconds": round(time.perf_counter() - started, 3),
            "skipped": skipped,
            "case_splits": {case["id"]: case["split"] for case in cases if "split" in case},
        }
    )
    finalize(run, suite, cases)
    run.save(out)
    partial.unlink(missing_ok=True)
    return run, out


def _header(
    suite: Suite, options: RunOptions, settings: Settings, dataset_hash: str, cassette: Cassette | None
) -> RunRecord:
    extractor, model, prompt_id, prompt_hash = suite.extractor, suite.model, None, None
    repeat = options.repeat or suite.repeat
    if suite.task == "extraction":
        if cassette is not None:
            if options.model or options.prompt:
                raise BriefsError("--replay answers from the cassette: leave out --model and --prompt")
            if cassette.suite != suite.name:
                raise BriefsError(f"the cassette was recorded for suite {cassette.suite!r}, not {suite.name!r}")
            if cassette.dataset_hash != dataset_hash:
                raise BriefsError(
                    f"the cassette was recorded on another version of {suite.dataset_path.name}: record it again"
                )
            extractor, model, prompt_id, prompt_hash, repeat = (
                "llm",
                cassette.model,
                cassette.prompt_id,
                cassette.prompt_hash,
                cassette.repeat,
            )
        else:
            if options.model:
                extractor, model = ("lexicon", None) if options.model == "lexicon" else ("llm", options.model)
            if extractor == "llm":
                from briefs.extract.prompts import load_prompt

                model = model or settings.model
                if not model or model == "lexicon":
                    raise BriefsError(
                        f"suite {suite.name!r} runs the LLM extractor: give --model or set 'model' in the suite"
                    )
                prompt = load_prompt(options.prompt or suite.prompt or settings.prompt)
                prompt_id, prompt_hash = prompt.id, prompt.hash
            elif options.prompt:
                raise BriefsError("--prompt applies to the LLM extractor; the lexicon extractor has no prompt")
    elif options.model or options.prompt or cassette is not None:
        raise BriefsError("a grounding suite runs the checker: --model, --prompt and --replay do not apply")
    run_settings = {"fuzzy_threshold": settings.fuzzy_threshold}
    if extractor == "llm":
        run_settings |= {
            "max_reasks": settings.max_reasks,
            "max_repairs": settings.max_repairs,
            "concurrency": options.concurrency or settings.concurrency,
        }
        if cassette is not None:
            run_settings |= {k: cassette.settings[k] for k in ("max_reasks", "max_repairs") if k in cassette.settings}
    return RunRecord(
        suite=suite.name,
        suite_hash=suite.file_hash,
        suite_path=str(suite.path) if suite.path else None,
        task=suite.task,
        extractor=extractor,
        model=model,
        prompt_id=prompt_id,
        prompt_hash=prompt_hash,
        dataset=suite.dataset,
        dataset_hash=dataset_hash,
        git_commit=git_commit(suite.evals_dir),
        repeat=repeat,
        replay=str(options.replay) if options.replay else None,
        settings=run_settings,
        created_at=datetime.now(UTC),
    )


def _resumable(suite: Suite, fingerprint: str) -> Path | None:
    """The newest unfinished run of this exact configuration, if any."""
    if not suite.runs_dir.is_dir():
        return None
    for partial in sorted(suite.runs_dir.glob(f"{suite.name}-*.json.partial.jsonl"), reverse=True):
        try:
            first = json.loads(partial.open(encoding="utf-8").readline())
        except (OSError, ValueError):
            continue
        if first.get("fingerprint") == fingerprint:
            return partial.with_name(partial.name.removesuffix(".partial.jsonl"))
    return None


def _read_partial(partial: Path, fingerprint: str) -> dict[tuple[str, int], CaseResult]:
    if not partial.is_file():
        return {}
    lines = partial.read_text(encoding="utf-8").splitlines()
    try:
        first = json.loads(lines[0]) if lines else {}
    except ValueError:
        first = {}
    if first.get("fingerprint") != fingerprint:
        raise BriefsError(
            f"{partial} is an unfinished run of another configuration (suite, model, prompt or repeat); "
            "give another --out, or --fresh to start over"
        )
    done = {}
    for line in lines[1:]:
        try:
            result = CaseResult.model_validate_json(line)
        except ValueError:
            continue  # a line cut short when the run stopped
        if result.error is None:
            done[(result.case_id, result.repeat)] = result
    return done


def finalize(run: RunRecord, suite: Suite, cases: list[dict]) -> None:
    """Metrics and per-case labels from the run's cases."""
    categories = {c["category"] for case in cases for i in case.get("incidents", []) for c in i["counts"]}
    by_case = run.by_case()
    run.metrics = {name: m.aggregate(by_case, m.metric_def(name)) for name in metric_names(suite, categories)}
    run.case_labels = {case_id: m.case_label(results) for case_id, results in by_case.items()}
    splits: dict[str, list[str]] = {}
    for case_id, split in run.case_splits.items():
        splits.setdefault(split, []).append(case_id)
    run.split_metrics = {
        split: {name: m.aggregate(by_case, m.metric_def(name), ids) for name in run.metrics}
        for split, ids in sorted(splits.items())
    }


# --------------------------------------------------------------------------------------------------
# The three extractors
# --------------------------------------------------------------------------------------------------


def _run_checker(todo, finished, score) -> None:
    for case, repeat in todo:
        started = time.perf_counter()
        scores, checks = score(case)
        finished(
            CaseResult(
                case_id=case["id"],
                repeat=repeat,
                scores=scores,
                checks=checks,
                error=None,
                values={"latency_ms": _ms(started), "tokens": 0, "cost_usd": 0.0},
            )
        )


def _run_lexicon(todo, settings: Settings, finished) -> None:
    from briefs.extract.lexicon import LexiconExtractor

    extractor = LexiconExtractor(threshold=settings.fuzzy_threshold)
    for case, repeat in todo:
        started = time.perf_counter()
        outcome = extractor.extract(article_of(case))
        latency = _ms(started)
        scores, checks = m.score_extraction(case, outcome.result)
        finished(
            CaseResult(
                case_id=case["id"],
                repeat=repeat,
                scores=scores,
                checks=checks,
                attempts=outcome.attempts,
                flags=outcome.flags,
                error=None,
                values={"latency_ms": latency, "tokens": 0, "cost_usd": 0.0},
            )
        )


class CallRecorder:
    """Subscribes to the extractor's hooks: keeps each call by article, times each article and keeps
    the error of one that raised (a case's failure must not end the run)."""

    def __init__(self, hooks: Hooks) -> None:
        self._lock = threading.Lock()
        self._calls: dict[str, list[ModelCallEntry]] = defaultdict(list)
        self._started: dict[str, float] = {}
        self.errors: dict[str, str] = {}
        hooks.on(CallMade, self._call)
        hooks.on(ArticleStarted, self._start)
        hooks.on(ArticleFailed, self._fail)

    def _call(self, event: CallMade) -> None:
        with self._lock:
            self._calls[event.call.article_hash].append(event.call)

    def _start(self, event: ArticleStarted) -> None:
        self._started[event.article.id] = time.perf_counter()

    def _fail(self, event: ArticleFailed) -> None:
        self.errors[event.article.id] = _describe(event.error)

    def take(self, article_hash: str) -> list[ModelCallEntry]:
        with self._lock:
            return self._calls.pop(article_hash, [])

    def latency_ms(self, article_id: str) -> float | None:
        started = self._started.get(article_id)
        return None if started is None else _ms(started)


def _call_record(call: ModelCallEntry) -> CallRecord | None:
    if call.finish_reason is None:  # no reply came back (transport, quota, ...): nothing to replay
        return None
    return CallRecord(
        attempt=call.attempt,
        purpose=call.purpose,
        request_hash=request_hash(call.messages),
        content=call.raw_response or "",
        refusal=call.refusal,
        finish_reason=call.finish_reason,
        input_tokens=call.input_tokens,
        output_tokens=call.output_tokens,
        latency_ms=call.latency_ms,
    )


def _run_llm(
    suite: Suite,
    header: RunRecord,
    todo,
    settings: Settings,
    options: RunOptions,
    cassette: Cassette | None,
    cases: list[dict],
    finished: Callable[[CaseResult], None],
) -> None:
    """The LLM extractor with no call log or cache (a repeat must ask again): its calls, timings and
    errors come to a `CallRecorder` through its hooks, and travel in the run file."""
    from briefs.extract.calls import NoCallLog
    from briefs.extract.prompts import load_prompt
    from briefs.extract.select import make_llm_extractor

    price = price_of(header.model, suite.evals_dir / "prices.yaml")
    hooks = Hooks()
    recorder = CallRecorder(hooks)
    updates = {"max_reasks": header.settings["max_reasks"], "max_repairs": header.settings["max_repairs"]}
    if cassette is not None:  # the replay server is in this process: no retries, no quota to respect
        updates |= {"transport_retries": 0, "requests_per_minute": 1_000_000, "tokens_per_minute": 1_000_000_000}
    run_settings = settings.model_copy(update=updates)
    server = ReplayServer(cassette, {fenced_key(case): case["id"] for case in cases}) if cassette else None
    entries = {(e.case_id, e.repeat): e for e in cassette.entries} if cassette else {}

    with server if server else _nothing():
        environ = {"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "replay"} if server else None
        try:
            extractor = make_llm_extractor(
                header.model or "",
                settings=run_settings,
                prompt=_replay_prompt(cassette) if cassette is not None else load_prompt(header.prompt_id or ""),
                calls=NoCallLog(),
                hooks=hooks,
                use_cache=False,
                environ=environ,
            )
        except BriefsError:
            raise
        except Exception as error:  # noqa: BLE001 - a missing key or a bad model name is the user's to fix
            raise BriefsError(f"cannot start the LLM extractor for {header.model}: {_describe(error)}") from None
        try:
            for repeat in sorted({r for _, r in todo}):
                if server:
                    server.repeat = repeat
                pending = [case for case, r in todo if r == repeat]
                while pending:  # one article text at most once per batch: calls are told apart by article
                    batch: list[dict] = []
                    later: list[dict] = []
                    seen: set[str] = set()
                    for case in pending:
                        key = article_hash(case["text"])
                        (later if key in seen else batch).append(case)
                        seen.add(key)
                    by_id = {case["id"]: case for case in batch}

                    def on_done(article: ArticleText, outcome: Outcome, repeat=repeat, by_id=by_id) -> None:
                        case = by_id[article.id]
                        calls = [
                            c for c in map(_call_record, recorder.take(article_hash(article.text))) if c is not None
                        ]
                        notes: list[str] = []
                        latency = recorder.latency_ms(article.id)
                        entry = entries.get((article.id, repeat))
                        if entry is not None:
                            latency = entry.latency_ms
                            for call, recorded in zip(calls, entry.calls, strict=False):
                                call.latency_ms = recorded.latency_ms
                                if call.request_hash != recorded.request_hash:
                                    notes.append(
                                        f"call {call.attempt} ({call.purpose}) differs from the recorded request"
                                    )
                        scores, checks = m.score_extraction(case, outcome.result)
                        tokens = sum((c.input_tokens or 0) + (c.output_tokens or 0) for c in calls)
                        cost = (
                            None if price is None else sum(price.cost(c.input_tokens, c.output_tokens) for c in calls)
                        )
                        error = recorder.errors.pop(article.id, None)
                        finished(
                            CaseResult(
                                case_id=article.id,
                                repeat=repeat,
                                scores=scores,
                                checks=checks,
                                attempts=outcome.attempts,
                                flags=[f"error: {error}"] if error is not None else outcome.flags,
                                error=error,
                                calls=calls,
                                notes=notes,
                                values={"latency_ms": latency, "tokens": float(tokens), "cost_usd": cost},
                            )
                        )

                    extractor.extract_many(
                        [article_of(case) for case in batch],
                        concurrency=header.settings.get("concurrency"),
                        on_done=on_done,
                    )
                    pending = later
        finally:
            extractor.close()


def _replay_prompt(cassette: Cassette):
    """The recorded prompt when it still loads (its id and hash are the recording's either way)."""
    from briefs.extract.prompts import Prompt, PromptError, load_prompt

    try:
        prompt = load_prompt(cassette.prompt_id or "extract@v1")
    except PromptError:
        prompt = Prompt(
            id=cassette.prompt_id or "replay",
            hash=cassette.prompt_hash or "",
            system="(replay)",
            user="<article>\n{article}\n</article>",
            params={"temperature": 0},
            changelog="",
        )
    return Prompt(
        id=cassette.prompt_id or prompt.id,
        hash=cassette.prompt_hash or prompt.hash,
        system=prompt.system,
        user=prompt.user,
        params=prompt.params,
        changelog=prompt.changelog,
        examples=prompt.examples,
    )


@contextmanager
def _nothing():
    yield None


def _describe(error: Exception) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"]
    return f"{type(error).__name__}: {error}" if not isinstance(error, BriefsError) else str(error)


def _ms(started: float) -> float:
    return round(1000 * (time.perf_counter() - started), 3)
