"""Benchmark of the grounding path: Arabic number finding, full checks, throughput, quote alignment.

Run with `make bench` (or `.venv/bin/python bench/bench_grounding.py`). It reads the 20 ANT corpus
articles from ../shared/corpus/ant (Chouigui, Ben Khiroun and Elayeb; antcorpus.github.io); where
../shared is absent it says so and exits 0. The English summaries in bench/summaries.jsonl are the
project's own text. No article text is stored by this benchmark: evidence quotes are derived from the
articles at run time.

What it measures, on one core of one process:
1. `find_numbers` on one article (median), and per 1,000 words.
2. A full `check(article, summary)` of one pair (median), scaled to a 1,000-word article and measured
   on a ~1,000-word composite of articles, against the 5 ms target.
3. Pairs checked per second (all 20 pairs in a loop, repeated).
4. Quote alignment: `briefs.grounding.align.align` (one call per quote) against langextract's
   deterministic resolver, `langextract.resolver.Resolver().align(extractions, source, 0, 0,
   enable_fuzzy_alignment=True)` (which runs `WordAligner.align_extractions`: exact matches by its
   order-preserving DP, then difflib blocks, then LCS fuzzy alignment), one call per article with all
   its quotes, as langextract's annotator does per chunk. Twice: with its defaults, and with
   `accept_match_lesser=False` so that every inexact quote goes to the fuzzy aligner. No model is
   called: langextract is used only for its alignment code. Quality is judged against the place each
   quote was cut from.

Every timed call gets a source string no call has seen before (the article plus a distinct short run
of trailing spaces and tabs), so a cache keyed on the source text cannot make a repeated check look free: the
figures are those of a first check of an article, which is what the service does.

5. Cold: the full check of ~1,000-word articles new to the process. A new Python process (so no
   word cache of the parser, the context reader or the English parser has seen anything but a
   one-sentence warm-up) checks ~1,000-word articles built from ../shared/corpus/ant-wide (229
   articles not used above; each goes into one article only), each against the English summaries of
   its parts from evals/datasets/grounding.jsonl (or the ant summaries), once. Reported apart:
   cold (that first check), warm (the same articles again after the per-source memos of numbers
   and names and the per-pair memo are cleared, so only the word caches are warm) and repeated
   (memoized). The check is the full one, numbers and names, as `briefs check` does. The cold
   pass is also timed by the process's CPU clock, and counted in Python function calls (cProfile,
   in one more process): work that the load of other processes on the machine does not change.

Options: --quick (fewer repeats, for a smoke run), --json FILE (write the figures as JSON).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.goals import Goal, record  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "ant"
WIDE = SHARED / "corpus" / "ant-wide"
GOLD = ROOT / "evals" / "datasets" / "grounding.jsonl"
SUMMARIES = Path(__file__).resolve().parent / "summaries.jsonl"

TARGET_MS_PER_1K_WORDS = 5.0
console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
perf = time.perf_counter_ns


# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------


@dataclass
class Article:
    name: str
    text: str  # headline + blank line + body
    summary: str
    words: int = 0
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Quote:
    text: str  # what is aligned (possibly perturbed)
    start: int  # where the unperturbed quote sits in the article (truth)
    end: int
    perturbation: str  # clean | hamza | ta_marbuta | word_dropped


def read_article(path: Path) -> str:
    """Line 1 the source, a blank line, the headline, a blank line, the body: keep headline + body."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rest = lines[1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    if not rest:
        return ""
    headline, body = rest[0].strip(), "\n".join(rest[1:]).strip()
    return f"{headline}\n\n{body}"


def load_articles() -> list[Article]:
    summaries: dict[str, str] = {}
    for line in SUMMARIES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            summaries[row["article"]] = row["summary"]
    articles = []
    for path in sorted(CORPUS.glob("*.txt")):
        if path.name not in summaries:
            console.print(f"[yellow]no summary for {path.name} in {SUMMARIES.name}; skipped[/]")
            continue
        text = read_article(path)
        articles.append(Article(path.name, text, summaries[path.name], words=len(text.split())))
    return articles


# --------------------------------------------------------------------------------------------------
# Evidence quotes, derived at run time
# --------------------------------------------------------------------------------------------------

# Number words (normalized: alef forms to bare alef, ta marbuta to ha, alef maqsura to ya). Used only
# to choose which sentences get a quote, independently of the parser under test.
_NUMBER_WORDS = frozenset(
    [
        "واحد",
        "واحده",
        "احد",
        "اثنان",
        "اثنين",
        "اثنتان",
        "اثنتين",
        "ثلاث",
        "ثلاثه",
        "اربع",
        "اربعه",
        "خمس",
        "خمسه",
        "ست",
        "سته",
        "سبع",
        "سبعه",
        "ثمان",
        "ثماني",
        "ثمانيه",
        "تسع",
        "تسعه",
        "عشر",
        "عشره",
        "عشرات",
        "عشرون",
        "عشرين",
        "ثلاثون",
        "ثلاثين",
        "اربعون",
        "اربعين",
        "خمسون",
        "خمسين",
        "ستون",
        "ستين",
        "سبعون",
        "سبعين",
        "ثمانون",
        "ثمانين",
        "تسعون",
        "تسعين",
        "مئه",
        "مائه",
        "مئات",
        "مئتين",
        "مائتين",
        "مئتان",
        "مائتان",
        "الف",
        "الفا",
        "الفين",
        "الاف",
        "الوف",
        "مليون",
        "ملايين",
        "مليار",
        "نصف",
        "ربع",
        "ثلث",
        "عاشر",
        "حادي",
        "ثاني",
        "ثالث",
        "رابع",
        "خامس",
        "سادس",
        "سابع",
        "ثامن",
        "تاسع",
    ]
)
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06F0-\u06F9]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u0640]")
_EDGE_PUNCT = "\"'«»“”()[]{}.,،؛;:!?؟-–—…*#"
_SENTENCE = re.compile(r"(?:[^\n.!?؟]|[.!?؟](?=\S))+[.!?؟]*")
_CLAUSE_END = re.compile(r"[،,؛;:]$")


def _fold(word: str) -> str:
    return _DIACRITICS.sub("", word).translate(_FOLD)


def _is_number_word(token: str) -> bool:
    word = _fold(token.strip(_EDGE_PUNCT))
    if not word:
        return False
    if _DIGIT.search(word):
        return True
    candidates = [word]
    if word[:1] in "وف":
        candidates.append(word[1:])
    for w in list(candidates):
        if w[:1] in "بلك":
            candidates.append(w[1:])
    for w in list(candidates):
        if w.startswith("ال"):
            candidates.append(w[2:])
    return any(c in _NUMBER_WORDS for c in candidates)


def _pick_window(words: list[tuple[int, int, str]], k: int, target: int) -> tuple[int, int]:
    """Word indexes [a, b) of a 6-14 word clause around word k: its own clause when that fits, else a window."""
    n = len(words)
    a = k
    while a > 0 and not _CLAUSE_END.search(words[a - 1][2]):
        a -= 1
    b = k + 1
    while b < n and not _CLAUSE_END.search(words[b - 1][2]):
        b += 1
    if 6 <= b - a <= 14:
        return a, b
    size = min(target, n)
    if b - a > 14:  # a long clause: a window inside it
        start = min(max(a, k - size // 3), b - size)
        return start, start + size
    start = min(max(0, k - size // 3), n - size)  # a short clause: widen within the sentence
    return start, start + size


def _perturb(quote: str, kind_index: int) -> tuple[str, str]:
    """Perturb a quote the way a model copying Arabic does; cycles hamza, ta marbuta, dropped word."""
    order = ["hamza", "ta_marbuta", "word_dropped"]
    for step in range(3):
        kind = order[(kind_index + step) % 3]
        if kind == "hamza":
            m = re.search("[أإآؤئ]", quote)
            if m:
                plain = {"أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي"}[m.group()]
                return quote[: m.start()] + plain + quote[m.end() :], kind
        elif kind == "ta_marbuta":
            m = re.search(r"ة(?=\W|$)", quote) or re.search(r"ه(?=\s|$)", quote)
            if m:
                other = "ه" if m.group() == "ة" else "ة"
                return quote[: m.start()] + other + quote[m.end() :], kind
        else:
            words = quote.split(" ")
            # an inner word that carries no number, so the quote keeps its numbers and its two ends
            inner = [i for i in range(1, len(words) - 1) if not _is_number_word(words[i])]
            if len(words) >= 7 and inner:
                i = inner[len(inner) // 2]
                return " ".join(words[:i] + words[i + 1 :]), kind
    return quote, "clean"


def derive_quotes(text: str) -> list[Quote]:
    """One quote per sentence that states a number: a 6-14 word clause around its first number.

    Every third quote is perturbed (a dropped hamza, a swapped ta marbuta, or a dropped word) so that
    normalized and fuzzy matching are exercised.
    """
    quotes: list[Quote] = []
    for sentence in _SENTENCE.finditer(text):
        words = [
            (m.start() + sentence.start(), m.end() + sentence.start(), m.group())
            for m in re.finditer(r"\S+", sentence.group())
        ]
        if len(words) < 6:
            continue
        k = next((i for i, w in enumerate(words) if _is_number_word(w[2])), None)
        if k is None:
            continue
        target = 6 + (len(quotes) * 5) % 9  # 6..14 words, deterministic
        a, b = _pick_window(words, k, target)
        start, end = words[a][0], words[b - 1][1]
        while start < end and (text[start] in _EDGE_PUNCT or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in _EDGE_PUNCT or text[end - 1].isspace()):
            end -= 1
        clean = text[start:end]
        if len(clean.split()) < 5:
            continue
        index = len(quotes)
        quote, kind = (clean, "clean")
        if index % 3 == 2:
            quote, kind = _perturb(clean, (index // 3) % 3)
        quotes.append(Quote(quote, start, end, kind))
    return quotes


# --------------------------------------------------------------------------------------------------
# Timing helpers
# --------------------------------------------------------------------------------------------------


_serial = itertools.count(1)


def fresh(text: str) -> str:
    """The text with a trailing run of spaces and tabs never used before in this run (a binary serial
    number, a dozen characters at most): equal in content, but no cache keyed on the text has seen it."""
    return text + " " + format(next(_serial), "b").replace("0", " ").replace("1", "\t")


def variants(text: str, count: int) -> list[str]:
    """`count` fresh copies of a text (see `fresh`)."""
    return [fresh(text) for _ in range(count)]


def repeats_for(pass_ns: int, budget_s: float, low: int, high: int) -> int:
    if pass_ns <= 0:
        return high
    return max(low, min(high, int(budget_s * 1e9 / pass_ns)))


def ms(ns: float) -> str:
    value = ns / 1e6
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


# --------------------------------------------------------------------------------------------------
# Benchmarks
# --------------------------------------------------------------------------------------------------


def bench_per_article(fn: Callable[[Article, str], Any], articles: list[Article], budget_s: float, quick: bool) -> dict:
    """Time fn(article, source) per article, interleaving articles within each repeat. Medians per article."""
    for _ in range(3):  # warm up: imports, lexicons, regex compilation, word caches
        for art in articles:
            fn(art, art.text)
    t0 = perf()
    for art in articles:
        fn(art, fresh(art.text))
    one_pass = perf() - t0
    reps = repeats_for(one_pass, budget_s / (4 if quick else 1), 3 if quick else 7, 15 if quick else 60)
    sources = {art.name: variants(art.text, reps) for art in articles}
    samples: dict[str, list[int]] = {art.name: [] for art in articles}
    gc.collect()
    for r in range(reps):
        for art in articles:
            src = sources[art.name][r]
            t = perf()
            fn(art, src)
            samples[art.name].append(perf() - t)
    per_article = {name: median(s) for name, s in samples.items()}
    per_kword = [per_article[a.name] / a.words * 1000 for a in articles]
    return {
        "repeats": reps,
        "median_ns": median(per_article.values()),
        "per_1k_words_ns": median(per_kword),
        "per_article_ns": per_article,
    }


def composite_article(articles: list[Article], words: int = 1000) -> Article:
    """A ~1,000-word article: articles joined in order, cut at the sentence where it passes `words`."""
    parts, count = [], 0
    for art in articles:
        for sentence in _SENTENCE.finditer(art.text):
            parts.append(sentence.group().strip())
            count += len(sentence.group().split())
            if count >= words:
                break
        if count >= words:
            break
        parts.append("")
    text = "\n".join(parts)
    return Article("composite", text, articles[0].summary, words=len(text.split()))


def bench_throughput(check, articles: list[Article], budget_s: float, quick: bool) -> dict:
    for art in articles:
        check(art.text, art.summary)
    loops, rates = 0, []
    max_loops = 3 if quick else 200
    pool = {art.name: variants(art.text, max_loops) for art in articles}
    gc.collect()
    start = perf()
    while loops < max_loops and (loops < 3 or perf() - start < budget_s * 1e9):
        t = perf()
        for art in articles:
            check(pool[art.name][loops], art.summary)
        rates.append(len(articles) / ((perf() - t) / 1e9))
        loops += 1
    return {"loops": loops, "pairs_per_s": median(rates), "pairs_per_s_min": min(rates), "pairs_per_s_max": max(rates)}


def wide_articles(words: int = 1000) -> list[tuple[str, str, int]]:
    """(article, summary, words): ~1,000-word articles, each made of ant-wide articles in file order
    (cut at the end of the article that passes `words`), with the gold summaries of their parts."""
    gold: dict[str, list[str]] = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "file" in row and row.get("faithful"):
            gold.setdefault(row["file"].split("/")[-1], []).append(row["summary"])
    fallback = [
        json.loads(line)["summary"] for line in SUMMARIES.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    out: list[tuple[str, str, int]] = []
    parts: list[str] = []
    summaries: list[str] = []
    count = 0
    for path in sorted(WIDE.glob("*.txt")):
        text = read_article(path)
        parts.append(text)
        summaries += gold.get(path.name, [])
        count += len(text.split())
        if count >= words:
            summary = " ".join(summaries) or fallback[len(out) % len(fallback)]
            out.append(("\n\n".join(parts), summary, count))
            parts, summaries, count = [], [], 0
    return out


def cold_worker(count_calls: bool = False) -> None:
    """Runs in a new process: prints JSON timings of cold, warm and repeated checks (see item 5).
    The cold pass is timed by the wall clock and by the process's CPU clock (less swayed by other
    processes on a shared machine); with `count_calls`, it runs under cProfile instead and reports
    the Python function calls it makes, a measure of work that no load changes."""
    from briefs.grounding import checker, names

    checker.check("قتل 3 أشخاص.", "Three people were killed.")  # imports, regexes, lexicons: not word caches
    from briefs.arabic.normalize import normalize

    pairs = wide_articles()
    if count_calls:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(lambda: [checker.check(source, summary) for source, summary, _ in pairs])
        print(
            json.dumps(
                {
                    "articles": len(pairs),
                    "words": sum(w for _, _, w in pairs),
                    "calls": pstats.Stats(profile).total_calls,  # type: ignore[attr-defined]
                }
            )
        )
        return
    cold, cold_cpu, warm, repeat, floor = [], [], [], [], []
    for source, summary, _ in pairs:
        t, c = perf(), time.process_time_ns()
        checker.check(source, summary)
        cold.append(perf() - t)
        cold_cpu.append(time.process_time_ns() - c)
    checker.check.cache_clear()
    checker.source_numbers.cache_clear()
    names.source_names.cache_clear()  # the names part of the check is done again too
    for source, summary, _ in pairs:
        t = perf()
        checker.check(source, summary)
        warm.append(perf() - t)
    for source, summary, _ in pairs:
        t = perf()
        checker.check(source, summary)
        repeat.append(perf() - t)
    for source, _, _ in pairs:  # the baseline of the same run: one normalization pass over the article
        t = perf()
        normalize(source + " ")
        floor.append(perf() - t)
    words = [w for _, _, w in pairs]
    print(
        json.dumps(
            {
                "articles": len(pairs),
                "words": words,
                "cold_ns": cold,
                "cold_cpu_ns": cold_cpu,
                "warm_ns": warm,
                "repeat_ns": repeat,
                "floor_ns": floor,
            }
        )
    )


def stages_worker() -> None:
    """Runs in a new process: prints JSON, per 1,000 words, the CPU time of each stage of a check, each stage
    called on its own over the cold articles in the order the check calls them (a stage pays for the words
    it is the first to meet, as in the check): `stages`, disjoint; then `after`, the check's own steps
    called after them (the words seen, some results memoized), which overlap the stages."""
    from briefs.arabic.normalize import normalize
    from briefs.arabic.numbers import find_numbers
    from briefs.arabic.phrases import tokenize
    from briefs.grounding import checker, context, dates, names
    from briefs.grounding.english import find_english_numbers

    checker.check("قتل 3 أشخاص.", "Three people were killed.")
    pairs = wide_articles()
    spent: dict[str, int] = {}
    after: dict[str, int] = {}

    def timed(stage: str, call: Callable[..., Any], *args: Any, into: dict[str, int] = spent) -> Any:
        started = time.process_time_ns()
        result = call(*args)
        into[stage] = into.get(stage, 0) + time.process_time_ns() - started
        return result

    def english(summary: str) -> None:
        names.find_english_names(summary)
        dates.find_days(summary)

    for source, summary, _ in pairs:
        norm = timed("normalize", normalize, source)
        mentions = timed("number parser", find_numbers, source, norm)
        timed("context reader (Arabic)", context.annotate, mentions, source, "ar")
        timed("singular nouns", context.singular_counts, source)
        tokens = timed("tokenizer", tokenize, source, norm)
        timed("phrase matcher", names._dictionary().index.find, tokens)
        timed("day words", dates.source_days, source, tokens, mentions)
        claims = timed("English numbers", find_english_numbers, summary)
        timed("English context", context.annotate, claims, summary, "en")
        timed("English names and days", english, summary)
        timed("source numbers", checker.source_numbers, source, into=after)
        timed("source names", names.source_names, source, into=after)
        timed("check, the rest memoized", checker.check, source, summary, into=after)
    words = sum(w for _, _, w in pairs)
    print(
        json.dumps(
            {
                "stages": {stage: ns / words * 1000 for stage, ns in spent.items()},
                "after": {step: ns / words * 1000 for step, ns in after.items()},
            }
        )
    )


def bench_cold(quick: bool, root: Path = ROOT) -> dict | None:
    """Item 5, in a new process (two in the full run: the figures of each are reported); `root`: the tree
    whose code and worker run (another revision's, for --baseline)."""
    import subprocess

    if not WIDE.is_dir():
        return None
    worker = str(root / "bench" / "bench_grounding.py")
    runs = []
    for _ in range(1 if quick else 2):
        done = subprocess.run(
            [sys.executable, worker, "--cold-worker"], capture_output=True, text=True, check=True, cwd=root
        )
        runs.append(json.loads(done.stdout))
    per_k = lambda run, key: [ns / w * 1000 for ns, w in zip(run[key], run["words"], strict=True)]  # noqa: E731
    result = {"articles": runs[0]["articles"], "median_words": median(runs[0]["words"]), "processes": len(runs)}
    for key in ("cold_ns", "cold_cpu_ns", "warm_ns", "repeat_ns", "floor_ns"):
        values = [v for run in runs for v in per_k(run, key)]
        result[key.replace("_ns", "")] = {
            "median_per_1k_words_ns": median(values),
            "p90_per_1k_words_ns": sorted(values)[int(0.9 * (len(values) - 1))],
        }
    done = subprocess.run(
        [sys.executable, worker, "--cold-worker", "--count-calls"],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    calls = json.loads(done.stdout)
    result["calls_per_1k_words"] = calls["calls"] / calls["words"] * 1000
    if root == ROOT:  # where this tree's check spends its time (the worker is this tree's own)
        done = subprocess.run(
            [sys.executable, worker, "--stages-worker"], capture_output=True, text=True, check=True, cwd=root
        )
        result["stages_cpu_per_1k_words_ns"] = json.loads(done.stdout)
    return result


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float:
    """Intersection over union of two character spans."""
    if a is None or b is None:
        return 0.0
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _time_aligner(
    run: Callable[[Article, str], Any], articles: list[Article], budget_s: float, low: int, high: int
) -> dict:
    """Median time per article of run(article, source) over repeats (fresh source string each call)."""
    for _ in range(2):
        for art in articles:
            run(art, fresh(art.text))
    t0 = perf()
    for art in articles:
        run(art, fresh(art.text))
    reps = repeats_for(perf() - t0, budget_s, low, high)
    sources = {a.name: variants(a.text, reps) for a in articles}
    samples: dict[str, list[int]] = {a.name: [] for a in articles}
    gc.collect()
    for r in range(reps):
        for art in articles:
            src = sources[art.name][r]
            t = perf()
            run(art, src)
            samples[art.name].append(perf() - t)
    per_article = [median(s) for s in samples.values()]
    quotes = sum(len(a.quotes) for a in articles)
    return {
        "repeats": reps,
        "total_ns": sum(per_article),
        "median_article_ns": median(per_article),
        "per_quote_ns": sum(per_article) / max(1, quotes),
    }


def bench_alignment(align, articles: list[Article], lx: Any | None, budget_s: float, quick: bool) -> dict:
    """Align every quote of every article with briefs and with langextract's resolver; time and compare spans."""
    with_quotes = [a for a in articles if a.quotes]
    aligners: dict[str, Callable[[Article, str], list[tuple[tuple[int, int] | None, str]]]] = {}

    # briefs: one align() call per quote, as the checker does.
    def run_briefs(art: Article, source: str):
        out = []
        for q in art.quotes:
            al = align(q.text, source)
            status = str(getattr(al.status, "value", al.status))
            out.append(((al.start, al.end) if status != "not_found" and al.start is not None else None, status))
        return out

    aligners["briefs align()"] = run_briefs

    # langextract: one Resolver.align() call per article with all its quotes, as its annotator does for a
    # chunk: exact matches by its order-preserving DP, then difflib blocks, then fuzzy (LCS) for the rest.
    def lx_runner(**params):
        def run(art: Article, source: str) -> list[tuple[tuple[int, int] | None, str]]:
            assert lx is not None
            extractions = [lx.data.Extraction("evidence", q.text, extraction_index=i) for i, q in enumerate(art.quotes)]
            aligned = list(
                lx.resolver.Resolver().align(extractions, source, 0, 0, enable_fuzzy_alignment=True, **params)
            )
            by_index = {e.extraction_index: e for e in aligned}
            out: list[tuple[tuple[int, int] | None, str]] = []
            for i in range(len(art.quotes)):
                e = by_index.get(i)
                if e is None or e.char_interval is None or e.char_interval.start_pos is None:
                    out.append((None, "not_found"))
                else:
                    out.append(
                        (
                            (e.char_interval.start_pos, e.char_interval.end_pos),
                            e.alignment_status.value if e.alignment_status else "none",
                        )
                    )
            return out

        return run

    if lx:
        aligners["langextract (defaults)"] = lx_runner()
        aligners["langextract (accept_match_lesser=False)"] = lx_runner(accept_match_lesser=False)

    results: dict[str, Any] = {"quotes": sum(len(a.quotes) for a in with_quotes), "aligners": {}}
    groups = ("clean", "hamza", "ta_marbuta", "word_dropped", "all")
    found_by: dict[str, list] = {}
    for name, run in aligners.items():
        is_lx = name.startswith("langextract")
        scale = 1 / 4 if quick else 1
        if is_lx:
            timing = _time_aligner(run, with_quotes, budget_s * scale, 2 if quick else 3, 5 if quick else 20)
        else:
            timing = _time_aligner(run, with_quotes, budget_s * scale, 3 if quick else 7, 10 if quick else 50)
        spans = [pair for art in with_quotes for pair in run(art, art.text)]
        found_by[name] = spans
        quality = {g: dict.fromkeys(["n", "found", "exact", "near"], 0) for g in groups}
        statuses: dict[str, int] = {}
        for q, (span, status) in zip((q for a in with_quotes for q in a.quotes), spans, strict=True):
            statuses[status] = statuses.get(status, 0) + 1
            truth = (q.start, q.end)
            for g in (q.perturbation, "all"):
                row = quality[g]
                row["n"] += 1
                row["found"] += span is not None
                row["exact"] += span == truth
                row["near"] += _overlap(span, truth) >= 0.8
        results["aligners"][name] = timing | {"quality": quality, "statuses": statuses}

    base = found_by["briefs align()"]
    for name, spans in found_by.items():
        entry = results["aligners"][name]
        pairs = list(zip(base, spans, strict=True))
        entry["same_span_as_briefs"] = sum(1 for (a, _), (b, _) in pairs if a is not None and a == b)
        entry["overlap_with_briefs"] = sum(1 for (a, _), (b, _) in pairs if _overlap(a, b) >= 0.8)
    briefs_total = results["aligners"]["briefs align()"]["total_ns"]
    for entry in results["aligners"].values():
        entry["ratio_to_briefs"] = entry["total_ns"] / max(1, briefs_total)
    return results


# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------


def environment(lx_version: str | None) -> dict:
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = None
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": f"{platform.system()} {platform.machine()}",
        "cpu_count": os.cpu_count(),
        "cpus_usable": affinity,
        "langextract": lx_version,
        "briefs": _version("briefs") or getattr(sys.modules.get("briefs"), "__version__", None),
    }


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats: a smoke run in a few seconds")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--baseline", metavar="REV", help="also run the cold check of this git revision, in a temporary worktree"
    )
    parser.add_argument("--cold-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count-calls", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--stages-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stages_worker:
        stages_worker()
        return 0
    if args.cold_worker:
        cold_worker(args.count_calls)
        return 0
    started = perf()

    if not CORPUS.is_dir():
        console.print(
            f"[yellow]bench: the shared corpus is not at {CORPUS} (../shared beside the project); nothing to "
            "measure.[/]"
        )
        return 0

    missing: list[str] = []
    try:
        import briefs  # noqa: F401  (installed by `make bench`)
    except ImportError:
        sys.path.insert(0, str(ROOT))  # run from a checkout without installing

    def load(module: str, name: str):
        try:
            mod = __import__(module, fromlist=[name])
            return getattr(mod, name)
        except (ImportError, AttributeError) as exc:
            missing.append(f"{module}.{name} ({type(exc).__name__}: {exc})")
            return None

    find_numbers = load("briefs.arabic.numbers", "find_numbers")
    align = load("briefs.grounding.align", "align")
    check = load("briefs.grounding.checker", "check")

    lx = None
    lx_version = _version("langextract")
    try:
        import langextract.core.data as lx_data
        import langextract.resolver as lx_resolver

        class _Lx:  # the two modules used, nothing that talks to a model
            data = lx_data
            resolver = lx_resolver

        lx = _Lx
    except ImportError as exc:
        console.print(
            f"[yellow]langextract is not installed ({exc}); install the bench extra: pip install -e '.[bench]'[/]"
        )

    articles = load_articles()
    for art in articles:
        art.quotes = derive_quotes(art.text)
    env = environment(lx_version)
    total_words = sum(a.words for a in articles)

    console.print("[bold]Briefs grounding benchmark[/]")
    console.print(
        f"Python {env['python']} ({env['implementation']}, {env['machine']}) · CPUs {env['cpu_count']}"
        f" (usable {env['cpus_usable']}) · one process, one thread · briefs {env['briefs']} · langextract "
        f"{lx_version or 'absent'}"
    )
    console.print(
        f"Corpus: {len(articles)} ANT articles (antcorpus.github.io), {total_words:,} words,"
        f" median {median([a.words for a in articles]):.0f} words/article; summaries median"
        f" {median([len(a.summary.split()) for a in articles]):.0f} words; "
        f"{sum(len(a.quotes) for a in articles)} evidence quotes"
    )
    for item in missing:
        console.print(f"[red]missing API, section skipped: {item}[/]")

    out: dict[str, Any] = {"environment": env, "articles": len(articles), "words": total_words}
    budget = 1.0 if args.quick else 4.0

    table = Table(title="Speed (medians over repeats; cold source each call)", show_lines=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("note")

    if find_numbers:
        fn = bench_per_article(lambda art, src: find_numbers(src), articles, budget, args.quick)
        counts = [len(find_numbers(a.text)) for a in articles]
        out["find_numbers"] = {k: v for k, v in fn.items() if k != "per_article_ns"} | {"mentions": sum(counts)}
        table.add_row(
            "find_numbers, one article", ms(fn["median_ns"]), f"{fn['repeats']} repeats × {len(articles)} articles"
        )
        table.add_row("find_numbers per 1,000 words", ms(fn["per_1k_words_ns"]), f"{sum(counts)} mentions found in all")

    verdict_line = ""
    if check:
        ck = bench_per_article(lambda art, src: check(src, art.summary), articles, budget * 2, args.quick)
        warm = {}
        for art in articles:  # the same source again: whatever the library caches per source is hit
            check(art.text, art.summary)
            samples = []
            for _ in range(5 if args.quick else 15):
                t = perf()
                check(art.text, art.summary)
                samples.append(perf() - t)
            warm[art.name] = median(samples)
        warm_ns = median(warm.values())
        comp = composite_article(articles)
        comp_samples = []
        for _ in range(3):
            check(comp.text, comp.summary)
        for src in variants(comp.text, 5 if args.quick else 30):
            t = perf()
            check(src, comp.summary)
            comp_samples.append(perf() - t)
        comp_ns = median(comp_samples) / comp.words * 1000
        scaled = ck["per_1k_words_ns"]
        worst = max(scaled, comp_ns)
        verdict = "PASS" if worst / 1e6 <= TARGET_MS_PER_1K_WORDS else "MISS"
        reports = [check(a.text, a.summary) for a in articles]
        verdicts: dict[str, int] = {}
        number_status: dict[str, int] = {}
        for rep in reports:
            v = str(getattr(rep.verdict, "value", rep.verdict))
            verdicts[v] = verdicts.get(v, 0) + 1
            for num in getattr(rep, "numbers", []) or []:
                s = str(getattr(getattr(num, "status", None), "value", getattr(num, "status", None)))
                number_status[s] = number_status.get(s, 0) + 1
        out["check"] = {k: v for k, v in ck.items() if k != "per_article_ns"} | {
            "warm_median_ns": warm_ns,
            "composite_words": comp.words,
            "composite_ns": median(comp_samples),
            "composite_per_1k_words_ns": comp_ns,
            "target_ms_per_1k_words": TARGET_MS_PER_1K_WORDS,
            "verdict": verdict,
            "report_verdicts": verdicts,
            "number_statuses": number_status,
        }
        table.add_row(
            "check(article, summary), one pair", ms(ck["median_ns"]), f"{ck['repeats']} repeats × {len(articles)} pairs"
        )
        table.add_row(
            "check again, same pair (cached)", ms(warm_ns), "check() is memoized: a repeated pair costs a lookup"
        )
        table.add_row("check scaled to 1,000 words", ms(scaled), "median over pairs of time per word × 1,000")
        table.add_row(
            f"check on a {comp.words}-word composite", ms(median(comp_samples)), f"= {ms(comp_ns)} per 1,000 words"
        )
        style = "green" if verdict == "PASS" else "red"
        table.add_row(
            "target: 1,000-word check",
            f"≤ {TARGET_MS_PER_1K_WORDS:g} ms",
            f"measured {ms(worst)} (worse of the two) [{style}]{verdict}[/]",
        )
        tp = bench_throughput(check, articles, budget * 1.5, args.quick)
        out["throughput"] = tp
        table.add_row(
            "pairs per second",
            f"{tp['pairs_per_s']:,.0f}",
            f"{tp['loops']} loops of {len(articles)} pairs (min {tp['pairs_per_s_min']:,.0f}, max "
            f"{tp['pairs_per_s_max']:,.0f})",
        )
        cold = bench_cold(args.quick)
        if cold:
            out["cold"] = cold
            c, w, r = cold["cold"], cold["warm"], cold["repeat"]
            cold_verdict = "PASS" if c["median_per_1k_words_ns"] / 1e6 <= TARGET_MS_PER_1K_WORDS else "MISS"
            out["cold"]["verdict"] = cold_verdict
            where = (
                f"{cold['articles']} ant-wide articles of ~{cold['median_words']:,.0f} words, "
                f"new process ×{cold['processes']}"
            )
            table.add_row(
                "COLD check per 1,000 words (median)",
                ms(c["median_per_1k_words_ns"]),
                f"{where}; p90 {ms(c['p90_per_1k_words_ns'])}; target ≤ {TARGET_MS_PER_1K_WORDS:g} ms "
                f"[{'green' if cold_verdict == 'PASS' else 'red'}]{cold_verdict}[/]",
            )
            table.add_row(
                "  the same, CPU time of the process",
                ms(cold["cold_cpu"]["median_per_1k_words_ns"]),
                f"p90 {ms(cold['cold_cpu']['p90_per_1k_words_ns'])}; {cold['calls_per_1k_words']:,.0f} Python "
                "calls per 1,000 words (cProfile)",
            )
            table.add_row(
                "warm word caches, per 1,000 words",
                ms(w["median_per_1k_words_ns"]),
                f"the same articles again, memoized sources cleared; p90 {ms(w['p90_per_1k_words_ns'])}",
            )
            table.add_row("repeated pair (memoized), per 1,000 words", ms(r["median_per_1k_words_ns"]), "a lookup")
            if args.baseline:
                from bench.bench_lexicon import baseline_tree

                with baseline_tree(args.baseline) as tree:
                    before = out["cold_baseline"] = bench_cold(args.quick, tree)
                if before:
                    b = before["cold_cpu"]["median_per_1k_words_ns"]
                    table.add_row(
                        f"  baseline {args.baseline}, the same in CPU time",
                        ms(b),
                        f"same run and articles; this tree {cold['cold_cpu']['median_per_1k_words_ns'] / b:.2f}× "
                        f"its CPU, {cold['calls_per_1k_words'] / before['calls_per_1k_words']:.2f}× its "
                        f"{before['calls_per_1k_words']:,.0f} calls per 1,000 words",
                    )
            split = cold.get("stages_cpu_per_1k_words_ns", {})
            for stage, ns in split.get("stages", {}).items():
                table.add_row(f"  stage: {stage}", ms(ns), "CPU per 1,000 words, cold, each stage called alone")
            for step, ns in split.get("after", {}).items():
                table.add_row(f"  then: {step}", ms(ns), "CPU per 1,000 words, after the stages (words seen)")
            f = cold["floor"]["median_per_1k_words_ns"]
            table.add_row(
                "baseline: normalize() per 1,000 words",
                ms(f),
                f"same process and articles; cold check = {c['median_per_1k_words_ns'] / f:,.0f}× it, warm "
                f"{w['median_per_1k_words_ns'] / f:,.0f}×",
            )
        verdict_line = ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))
        table.add_row(
            "report verdicts on the 20 pairs",
            verdict_line,
            ", ".join(f"{k} {v}" for k, v in sorted(number_status.items())) + " numbers",
        )
    console.print(table)
    if "cold" in out:
        c = out["cold"]
        record(
            Goal(
                bench="bench_grounding.py",
                name="check per 1,000 words",
                target=TARGET_MS_PER_1K_WORDS,
                measured=round(c["cold"]["median_per_1k_words_ns"] / 1e6, 1),
                unit="ms",
                mode="cold",
                times=f"check (numbers, names) of {c['articles']} ant-wide articles, each once, new process",
                reason=f"CPU {c['cold_cpu']['median_per_1k_words_ns'] / 1e6:.0f} ms"
                + (
                    f" ({c['cold_cpu']['median_per_1k_words_ns'] / b['cold_cpu']['median_per_1k_words_ns']:.2f}× "
                    f"{args.baseline}'s in the same run)"
                    if (b := out.get("cold_baseline"))
                    else ""
                )
                + ", "
                f"{c['calls_per_1k_words']:,.0f} Python calls per 1,000 words; CPU by stage (cold, each alone): "
                + ", ".join(
                    f"{stage} {ns / 1e6:.1f}"
                    for stage, ns in sorted(
                        c.get("stages_cpu_per_1k_words_ns", {}).get("stages", {}).items(), key=lambda kv: -kv[1]
                    )[:5]
                )
                + f" ms; load average {os.getloadavg()[0]:.1f}",
            )
        )
    if "check" in out:
        c = out["check"]
        record(
            Goal(
                bench="bench_grounding.py",
                name="check per 1,000 words",
                target=TARGET_MS_PER_1K_WORDS,
                measured=round(max(c["per_1k_words_ns"], c["composite_per_1k_words_ns"]) / 1e6, 1),
                unit="ms",
                mode="new source, warm words",
                times="check of the 20 ANT pairs and a ~1,000-word composite, a new source each call",
                reason=f"the cold row's costs with the same words seen before; load average {os.getloadavg()[0]:.1f}",
            )
        )

    al = None
    if align:
        al = bench_alignment(align, articles, lx, budget * 2, args.quick)
        out["alignment"] = al
        n_all = al["quotes"]
        timing = Table(
            title=f"Quote alignment: time for {n_all} quotes from {len(articles)} articles (every third perturbed)"
        )
        for col in ("aligner", "total, all quotes", "median / article", "per quote", "× briefs", "repeats"):
            timing.add_column(col, justify="left" if col == "aligner" else "right")
        for name, e in al["aligners"].items():
            timing.add_row(
                name,
                ms(e["total_ns"]),
                ms(e["median_article_ns"]),
                ms(e["per_quote_ns"]),
                f"{e['ratio_to_briefs']:,.1f}×",
                str(e["repeats"]),
            )
        console.print(timing)

        first = next(iter(al["aligners"].values()))["quality"]
        q = Table(
            title="Alignment quality: quotes put exactly on their own place in the article "
            "(in brackets: overlapping it by ≥ 80%)"
        )
        q.add_column("aligner", no_wrap=True)
        for g in ("clean", "hamza", "ta_marbuta", "word_dropped", "all"):
            q.add_column(f"{g.replace('_', ' ')} ({first[g]['n']})", justify="right")
        q.add_column("located at all", justify="right")
        q.add_column("same span as briefs", justify="right")
        for name, e in al["aligners"].items():
            cells = [
                f"{e['quality'][g]['exact']} ({e['quality'][g]['near']})"
                for g in ("clean", "hamza", "ta_marbuta", "word_dropped", "all")
            ]
            q.add_row(name, *cells, f"{e['quality']['all']['found']}/{n_all}", f"{e['same_span_as_briefs']}/{n_all}")
        console.print(q)
        for name, e in al["aligners"].items():
            console.print(f"  {name} statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(e["statuses"].items())))

    elapsed = (perf() - started) / 1e9
    out["elapsed_s"] = elapsed
    parts = []
    if "find_numbers" in out:
        parts.append(
            f"find_numbers {ms(out['find_numbers']['median_ns'])}/article "
            f"({ms(out['find_numbers']['per_1k_words_ns'])}/1k words)"
        )
    if "check" in out:
        c = out["check"]
        parts.append(
            f"check {ms(c['median_ns'])}/pair, "
            f"{ms(max(c['per_1k_words_ns'], c['composite_per_1k_words_ns']))}/1k words "
            f"(target ≤{TARGET_MS_PER_1K_WORDS:g} ms: {c['verdict']})"
        )
        parts.append(f"{out['throughput']['pairs_per_s']:,.0f} pairs/s")
        if "cold" in out:
            parts.append(
                f"cold check {ms(out['cold']['cold']['median_per_1k_words_ns'])}/1k words ({out['cold']['verdict']}), "
                f"warm {ms(out['cold']['warm']['median_per_1k_words_ns'])}"
            )
    if al:
        entries = al["aligners"]
        b = entries["briefs align()"]
        n_all = al["quotes"]
        text = f"align {ms(b['total_ns'])} for {n_all} quotes, {b['quality']['all']['near']}/{n_all} at their place"
        lx_default = entries.get("langextract (defaults)")
        if lx_default:
            text += (
                f" vs langextract {ms(lx_default['total_ns'])} ({lx_default['ratio_to_briefs']:,.0f}× slower),"
                f" {lx_default['quality']['all']['near']}/{n_all} at their place, same span as briefs "
                f"{lx_default['same_span_as_briefs']}/{n_all}"
            )
        parts.append(text)
    if missing:
        parts.append(f"{len(missing)} API(s) missing")
    console.print("[bold]Summary:[/] " + " · ".join(parts) + f" · {elapsed:.0f} s")

    if args.json:
        args.json.write_text(json.dumps(out, indent=2, default=str), encoding="utf-8")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
