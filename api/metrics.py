"""Prometheus metrics, one registry per app: requests, latencies, model calls, tokens, grounding failures."""

from __future__ import annotations

from briefs.extract.calls import CallOutcome, ModelCallEntry
from briefs.extract.hooks import CallMade, CallServedFromCache, Hooks
from briefs.grounding.checker import FAILING
from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
disable_created_metrics()  # no *_created series: they double the output and say nothing here


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "briefs_http_requests_total",
            "HTTP requests, by method, route and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "briefs_http_request_duration_seconds",
            "HTTP request latency, by method and route.",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )
        self.model_calls = Counter(
            "briefs_model_calls_total",
            "Model calls, by model, purpose (extract, reask, repair) and outcome (ok, cached, error).",
            ["model", "purpose", "outcome"],
            registry=self.registry,
        )
        self.tokens = Counter(
            "briefs_model_tokens_total",
            "Model tokens, by model and direction (input, output).",
            ["model", "direction"],
            registry=self.registry,
        )
        self.grounding_checks = Counter(
            "briefs_grounding_checks_total",
            "Grounding checks, by origin (check, summary, article) and verdict.",
            ["origin", "verdict"],
            registry=self.registry,
        )
        self.grounding_failures = Counter(
            "briefs_grounding_failures_total",
            "Numbers found unsupported or misattributed, by origin and status.",
            ["origin", "status"],
            registry=self.registry,
        )
        self.articles = Counter(
            "briefs_articles_processed_total",
            "Articles processed by the API's background worker, by outcome.",
            ["outcome"],
            registry=self.registry,
        )
        # (method, route template, status): a bounded set, as the labels are
        self._request_series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        series = self._request_series.get((method, route, status))
        if series is None:  # labels() costs more than the count itself: each series is looked up once
            series = (self.requests.labels(method, route, str(status)), self.latency.labels(method, route))
            self._request_series[(method, route, status)] = series
        series[0].inc()
        series[1].observe(seconds)

    def subscribe(self, hooks: Hooks) -> None:
        """Count the model calls of every LLM extractor made with these hooks."""
        hooks.on(CallMade, lambda event: self.observe_call(event.call))
        hooks.on(CallServedFromCache, lambda event: self.observe_call(event.call))

    def observe_call(self, call: ModelCallEntry) -> None:
        outcome = "error" if call.outcome is not CallOutcome.OK else ("cached" if call.cached else "ok")
        self.model_calls.labels(call.model, call.purpose, outcome).inc()
        if not call.cached:
            for direction, tokens in (("input", call.input_tokens), ("output", call.output_tokens)):
                if tokens:
                    self.tokens.labels(call.model, direction).inc(tokens)

    def observe_grounding(self, origin: str, report: dict) -> None:
        """`report` is a grounding report as JSON ({"verdict", "numbers": [{"status"}...]})."""
        self.grounding_checks.labels(origin, report["verdict"]).inc()
        for number in report["numbers"]:
            if number["status"] in FAILING:
                self.grounding_failures.labels(origin, number["status"]).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
