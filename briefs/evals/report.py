"""A comparison for people and for CI: a terminal table (rich), Markdown, self-contained HTML, JUnit XML.

Every text that comes from a run (case ids, gold and extracted values, which hold article text) is
escaped in HTML and XML; the HTML page has no external asset (inline CSS, no script).
"""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

from rich.console import Console, Group
from rich.table import Column, Table
from rich.text import Text

from briefs.evals import metrics as m
from briefs.evals.compare import CompareReport, MetricDelta
from briefs.evals.records import RunRecord

_STYLE = {
    "better": "green",
    "same": "",
    "worse": "yellow",
    "within noise": "yellow",
    "regressed": "bold red",
    "n/a": "dim",
}
_MARK = {
    "better": "▲ better",
    "same": "= same",
    "worse": "▼ worse",
    "within noise": "▼ worse, within noise",
    "regressed": "✖ REGRESSED",
    "n/a": "n/a",
}


def _ci(d: MetricDelta) -> str:
    if d.ci_low is None or d.ci_high is None:
        return "—"
    metric = d.definition
    return f"[{m.fmt_value(metric, d.ci_low, signed=True)}, {m.fmt_value(metric, d.ci_high, signed=True)}]"


def _verdict(d: MetricDelta) -> str:
    """The verdict, saying when a change that decides nothing is inside the bootstrap interval of 0."""
    mark = _MARK[d.verdict]
    if (
        d.verdict in ("better", "worse")
        and d.ci_low is not None
        and d.ci_high is not None
        and d.ci_low <= 0 <= d.ci_high
    ):
        mark += " (CI holds 0)"
    return mark


def _gate(d: MetricDelta) -> str:
    if not d.gated:
        return ""
    return f"≤ {m.fmt_value(d.definition, d.threshold).replace('%', 'pp')} worse"


def _cell(value: str | None, width: int = 60) -> str:
    if value is None:
        return "—"
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def verdict_line(report: CompareReport) -> str:
    if report.failed:
        names = ", ".join(f"{d.name} ({m.fmt_value(d.definition, d.delta, signed=True)})" for d in report.regressions)
        return (
            f"FAIL: {len(report.regressions)} gated metric(s) of suite {report.suite} "
            f"regressed beyond their threshold: {names}"
        )
    noisy = [d.name for d in report.metrics if d.verdict == "within noise"]
    tail = f" ({', '.join(noisy)} worse beyond the threshold but within noise)" if noisy else ""
    return f"PASS: no gated metric of suite {report.suite} regressed{tail}"


def held_out_line(report: CompareReport) -> str:
    """The held-out splits' changes as counts only: their cases are never shown while tuning."""
    splits = "; ".join(f"{split}: {c.worse} worse, {c.better} better" for split, c in report.held_out.items())
    return f"held-out case fields that changed (not shown case by case): {splits}"


def _headline(report: CompareReport) -> list[str]:
    lines = []
    for summary in (report.baseline, report.run):
        commit = (summary.git_commit or "no commit")[:12]
        lines.append(
            f"{summary.label}: {summary.what}, {summary.cases} cases × {summary.repeat}, {commit}, "
            f"{summary.created_at:%Y-%m-%d %H:%M} UTC" + (f", {summary.errors} error(s)" if summary.errors else "")
        )
    rule = (
        "the threshold and a 95% bootstrap interval wholly on the worse side"
        if report.gate.require_ci
        else "the threshold alone"
    )
    lines.append(
        f"{report.cases_compared} cases compared; paired bootstrap over cases, {report.gate.bootstrap_samples} "
        f"resamples, seed {report.gate.seed}, {report.gate.confidence:.0%} intervals; a gated metric fails on {rule}"
    )
    if report.only_in_baseline:
        lines.append(f"only in the baseline: {', '.join(report.only_in_baseline)}")
    if report.only_in_run:
        lines.append(f"only in the run: {', '.join(report.only_in_run)}")
    lines += [f"warning: {w}" for w in report.warnings]
    return lines


# --------------------------------------------------------------------------------------------------
# Terminal
# --------------------------------------------------------------------------------------------------


def render_terminal(report: CompareReport, console: Console, *, max_cases: int = 25) -> None:
    console.rule(f"eval compare: suite {report.suite}")
    for line in _headline(report):
        console.print(Text(line, style="yellow" if line.startswith("warning") else ""))
    table = Table(
        "metric",
        "baseline",
        "run",
        "delta",
        "95% CI of delta",
        "gate",
        "verdict",
        title="metrics",
        title_justify="left",
    )
    for d in report.metrics:
        metric = d.definition
        table.add_row(
            d.name,
            m.fmt_value(metric, d.baseline),
            m.fmt_value(metric, d.run),
            m.fmt_value(metric, d.delta, signed=True),
            _ci(d),
            _gate(d),
            Text(_verdict(d), style=_STYLE[d.verdict]),
        )
    console.print(table)
    if report.transitions:
        cases = Table(
            "case",
            "field",
            "change",
            "gold",
            "baseline gave",
            "run gave",
            title=f"cases that changed: {len(report.regressed_cases)} worse, {len(report.improved_cases)} better",
            title_justify="left",
        )
        for t in report.transitions[:max_cases]:
            cases.add_row(
                t.case_id,
                t.key,
                Text(t.change, style="red" if t.regressed else "green"),
                _cell(t.gold, 30),
                _cell(t.before, 40),
                _cell(t.after, 40),
            )
        console.print(cases)
        if len(report.transitions) > max_cases:
            console.print(f"… and {len(report.transitions) - max_cases} more (see the Markdown or HTML report)")
    else:
        console.print("no case changed from pass to fail or back")
    if report.held_out:
        console.print(held_out_line(report))
    if report.flaky:
        console.print("flaky cases: " + ", ".join(f"{case} ({label})" for case, label in report.flaky.items()))
    console.print(Text(verdict_line(report), style="bold red" if report.failed else "bold green"))


# --------------------------------------------------------------------------------------------------
# A run's figures by split, with the counts and intervals behind them
# --------------------------------------------------------------------------------------------------

HELD_OUT = "held-out"
POOLED = "held-out (all)"
CONFIDENCE = 0.95


def wilson_interval(hits: float, total: float, confidence: float = CONFIDENCE) -> tuple[float, float] | None:
    """The Wilson score interval of hits/total (Wilson 1927; Newcombe 1998, method 3). Unlike p ± z·√(p(1−p)/n)
    it stays inside [0, 1] and is not zero-wide at 0/n or n/n: what a split of 3 to 20 items needs.
    It treats the items as independent (two incidents of one article are not quite)."""
    if total <= 0:
        return None
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = hits / total
    z2n = z * z / total
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / total + z2n / (4 * total))
    # At 0/n and n/n the bound is exactly 0 or 1 (rounding would leave it a hair inside)
    return (0.0 if hits <= 0 else centre - half), (1.0 if hits >= total else centre + half)


@dataclass(frozen=True)
class SplitFigure:
    value: float | None
    counts: m.Proportion | None  # k of n behind a proportion metric; None for latency and the like

    @property
    def interval(self) -> tuple[float, float] | None:
        return None if self.counts is None else wilson_interval(self.counts.hits, self.counts.total)


@dataclass(frozen=True)
class SplitColumn:
    name: str
    cases: int
    figures: dict[str, SplitFigure]


def split_columns(run: RunRecord) -> list[SplitColumn]:
    """The run's metrics over each split's cases, then, when there are two held-out splits or more, over
    all their cases pooled (`held-out (all)`: items summed, not the splits' rates averaged)."""
    groups: dict[str, list[str]] = {}
    for case_id, split in run.case_splits.items():
        groups.setdefault(split, []).append(case_id)
    held_out = [split for split in groups if split.startswith(HELD_OUT)]
    columns = sorted(groups.items())
    if len(held_out) >= 2:
        columns.append((POOLED, [case_id for split in sorted(held_out) for case_id in groups[split]]))
    by_case = run.by_case()

    def figure(name: str, case_ids: list[str]) -> SplitFigure:
        metric = m.metric_def(name)
        counts = m.proportion(by_case, metric, case_ids)
        return SplitFigure(counts.value if counts else m.aggregate(by_case, metric, case_ids), counts)

    return [
        SplitColumn(split, len(case_ids), {name: figure(name, case_ids) for name in run.metrics})
        for split, case_ids in columns
    ]


def _count(x: float) -> str:
    return f"{x:.0f}" if x == int(x) else f"{x:.1f}"


def fmt_figure(metric: m.MetricDef, figure: SplitFigure) -> str:
    """77.8% (14/18; 55–91): the rate, k/n, and its 95% Wilson interval in percent; other metrics as they are."""
    text = m.fmt_value(metric, figure.value)
    interval = figure.interval
    if figure.counts is None or interval is None:
        return text
    low, high = interval
    return f"{text} ({_count(figure.counts.hits)}/{_count(figure.counts.total)}; {100 * low:.0f}–{100 * high:.0f})"


class TargetVerdict(StrEnum):
    MET = "met"  # the whole interval clears the target
    WITHIN = "within interval"  # the target lies inside the interval: these items cannot tell
    NOT_MET = "not met"  # the whole interval falls short


@dataclass(frozen=True)
class TargetCheck:
    metric: m.MetricDef
    target: float
    figure: SplitFigure
    verdict: TargetVerdict | None  # None: no item to judge


def judge_target(metric: m.MetricDef, target: float, figure: SplitFigure) -> TargetCheck:
    """A rate against its target (at least it; at most where lower is better) by its 95% interval. A target
    of 0 where lower is better ("none allowed") is a count: met with none, not met with one."""
    counts, interval = figure.counts, figure.interval
    if counts is None or interval is None:
        verdict = None
    elif not metric.higher_is_better and target == 0:
        verdict = TargetVerdict.MET if counts.hits == 0 else TargetVerdict.NOT_MET
    else:
        low, high = interval
        clears, short = (low >= target, high < target) if metric.higher_is_better else (high <= target, low > target)
        verdict = TargetVerdict.MET if clears else TargetVerdict.NOT_MET if short else TargetVerdict.WITHIN
    return TargetCheck(metric, target, figure, verdict)


def target_checks(run: RunRecord, targets: Mapping[str, float]) -> tuple[str, list[TargetCheck]] | None:
    """Each target against the pooled held-out column (or the one held-out split), or None without one."""
    columns = [c for c in split_columns(run) if c.name.startswith(HELD_OUT)]
    column = next((c for c in columns if c.name == POOLED), columns[0] if len(columns) == 1 else None)
    if column is None:
        return None
    return column.name, [
        judge_target(m.metric_def(name), target, column.figures[name])
        for name, target in targets.items()
        if name in column.figures
    ]


def _target_text(check: TargetCheck) -> str:
    if not check.metric.higher_is_better and check.target == 0:
        return "none"
    return f"{'≥' if check.metric.higher_is_better else '≤'} {m.fmt_value(check.metric, check.target)}"


_TARGET_STYLE = {TargetVerdict.MET: "green", TargetVerdict.WITHIN: "yellow", TargetVerdict.NOT_MET: "red"}


def run_table(run: RunRecord, targets: Mapping[str, float] | None = None) -> Group:
    """A run's metrics, by split with counts and intervals, the targets when given (`briefs eval show
    --targets`) and its flaky cases, for `briefs eval run` and `briefs eval show`."""
    table = Table(
        "metric",
        "value",
        "what it measures",
        title=f"suite {run.suite}: {run.extractor}"
        + (f" {run.model}" if run.model else "")
        + (f" {run.prompt_id}" if run.prompt_id else "")
        + f", {len(run.case_ids)} cases × {run.repeat}",
        title_justify="left",
    )
    for name, value in run.metrics.items():
        metric = m.metric_def(name)
        table.add_row(name, m.fmt_value(metric, value), metric.description)
    parts: list = [table]
    columns = split_columns(run) if run.case_splits else []
    if columns:
        by_split = Table(
            Column("metric", no_wrap=True),
            *[f"{column.name}\n{column.cases} cases" for column in columns],
            title="by split: rate (k/n; its 95% Wilson interval in %)"
            + (f"; {POOLED}: the held-out splits' items pooled" if columns[-1].name == POOLED else ""),
            title_justify="left",
        )
        for name in run.metrics:
            metric = m.metric_def(name)
            by_split.add_row(name, *[fmt_figure(metric, column.figures[name]) for column in columns])
        parts.append(by_split)
    if targets:
        judged = target_checks(run, targets)
        if judged is None:
            parts.append(Text("targets: the run has no held-out split to judge them on", style="yellow"))
        else:
            split, checks = judged
            verdicts = Table(
                "metric",
                "target",
                split,
                "verdict",
                title=f"targets on {split}: met when its whole 95% interval clears the target",
                title_justify="left",
            )
            for check in checks:
                verdicts.add_row(
                    check.metric.name,
                    _target_text(check),
                    fmt_figure(check.metric, check.figure),
                    Text(check.verdict or "—", style=_TARGET_STYLE[check.verdict] if check.verdict else "dim"),
                )
            parts.append(verdicts)
    if run.skipped:
        parts.append(Text(f"{len(run.skipped)} case(s) skipped: " + next(iter(run.skipped.values())), style="yellow"))
    labels = list(run.case_labels.values())
    parts.append(
        Text(
            f"cases: {labels.count('consistent-pass')} consistent-pass, {labels.count('consistent-fail')} "
            f"consistent-fail, {labels.count('flaky')} flaky"
        )
    )
    flaky = [case for case, label in run.case_labels.items() if label == "flaky"]
    if flaky:
        parts.append(Text("flaky: " + ", ".join(flaky), style="yellow"))
    if run.errors:
        parts.append(
            Text(
                f"{len(run.errors)} case run(s) ended with an error: "
                + "; ".join(f"{c.case_id}: {c.error}" for c in run.errors[:5]),
                style="red",
            )
        )
    return Group(*parts)


# --------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------


def _md(text: str | None) -> str:
    return "—" if text is None else " ".join(str(text).split()).replace("|", "\\|")


def render_markdown(report: CompareReport) -> str:
    out = [f"## eval compare: suite `{report.suite}`", ""]
    out += [f"- {_md(line)}" for line in _headline(report)]
    out += [
        "",
        "| metric | baseline | run | delta | 95% CI of delta | gate | verdict |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for d in report.metrics:
        metric = d.definition
        verdict = f"**{_MARK[d.verdict]}**" if d.verdict == "regressed" else _verdict(d)
        out.append(
            f"| {d.name} | {m.fmt_value(metric, d.baseline)} | {m.fmt_value(metric, d.run)} | "
            f"{m.fmt_value(metric, d.delta, signed=True)} | {_ci(d)} | {_gate(d)} | {verdict} |"
        )
    out.append("")
    if report.transitions:
        out += [
            f"### Cases that changed: {len(report.regressed_cases)} worse, {len(report.improved_cases)} better",
            "",
            "| case | field | change | gold | baseline gave | run gave |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            f"| {_md(t.case_id)} | {_md(t.key)} | {t.change} | {_md(t.gold)} | {_md(t.before)} | {_md(t.after)} |"
            for t in report.transitions
        ]
        out.append("")
    else:
        out += ["No case changed from pass to fail or back.", ""]
    if report.held_out:
        out += [held_out_line(report), ""]
    if report.flaky:
        out += ["Flaky cases: " + ", ".join(f"{_md(c)} ({label})" for c, label in report.flaky.items()), ""]
    out.append(f"**{verdict_line(report)}**")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1200px;color:#1b1f24;
padding:0 1em}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.6em 0}
th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.better{color:#1a7f37}.worse,.within-noise{color:#9a6700}.regressed{color:#cf222e;font-weight:bold}
.n-a,.same{color:#57606a}
.verdict{padding:.6em 1em;border-radius:6px;font-weight:bold}.pass{background:#dafbe1}.fail{background:#ffebe9}
.meta{color:#57606a}[dir=auto]{unicode-bidi:plaintext}
"""


def render_html(report: CompareReport) -> str:
    e = html.escape
    rows = []
    for d in report.metrics:
        metric = d.definition
        cls = d.verdict.replace(" ", "-").replace("/", "-")
        rows.append(
            f'<tr><td title="{e(d.description)}">{e(d.name)}</td>'
            f"<td class=num>{e(m.fmt_value(metric, d.baseline))}</td>"
            f"<td class=num>{e(m.fmt_value(metric, d.run))}</td>"
            f"<td class=num>{e(m.fmt_value(metric, d.delta, signed=True))}</td>"
            f'<td class=num>{e(_ci(d))}</td><td>{e(_gate(d))}</td><td class="{cls}">{e(_verdict(d))}</td></tr>'
        )
    cases = [
        f"<tr><td>{e(t.case_id)}</td><td>{e(t.key)}</td>"
        f'<td class="{"regressed" if t.regressed else "better"}">{e(t.change)}</td>'
        f"<td dir=auto>{e(t.gold or '—')}</td><td dir=auto>{e(t.before or '—')}</td>"
        f"<td dir=auto>{e(t.after or '—')}</td></tr>"
        for t in report.transitions
    ]
    verdict = verdict_line(report)
    parts = [
        "<!DOCTYPE html>",
        "<html lang=en><head><meta charset=utf-8>",
        f"<title>eval compare: {e(report.suite)}</title><style>{_CSS}</style></head><body>",
        f"<h1>eval compare: suite {e(report.suite)}</h1>",
        f'<p class="verdict {"fail" if report.failed else "pass"}">{e(verdict)}</p>',
        "<ul class=meta>" + "".join(f"<li>{e(line)}</li>" for line in _headline(report)) + "</ul>",
        "<h2>Metrics</h2><table><thead><tr><th>metric</th><th>baseline</th><th>run</th><th>delta</th>"
        "<th>95% CI of delta</th><th>gate</th><th>verdict</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>",
        f"<h2>Cases that changed: {len(report.regressed_cases)} worse, {len(report.improved_cases)} better</h2>",
    ]
    if cases:
        parts.append(
            "<table><thead><tr><th>case</th><th>field</th><th>change</th><th>gold</th><th>baseline gave</th>"
            "<th>run gave</th></tr></thead><tbody>" + "".join(cases) + "</tbody></table>"
        )
    else:
        parts.append("<p>No case changed from pass to fail or back.</p>")
    if report.held_out:
        parts.append(f"<p>{e(held_out_line(report))}</p>")
    if report.flaky:
        parts.append(
            "<h2>Flaky cases</h2><p>" + e(", ".join(f"{c} ({label})" for c, label in report.flaky.items())) + "</p>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------------------------------
# JUnit XML
# --------------------------------------------------------------------------------------------------


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    """Text that XML 1.0 can hold (ElementTree escapes the rest)."""
    return _NOT_XML.sub("\ufffd", text)


def render_junit(reports: Sequence[CompareReport]) -> str:
    """One testsuite of gated metrics and one of regressed cases per comparison. A gated metric that
    regressed is a failure; a case that went worse is a failure when its metric regressed, else
    skipped (tolerated by the gate), so the XML fails exactly when the gate does."""
    root = ET.Element("testsuites", name="briefs eval")
    total = failed = 0
    for report in reports:
        gates = ET.SubElement(root, "testsuite", name=f"eval.{report.suite}.gates")
        n = f = 0
        for d in report.metrics:
            if not d.gated:
                continue
            n += 1
            case = ET.SubElement(gates, "testcase", classname=f"eval.{report.suite}", name=d.name)
            metric = d.definition
            detail = (
                f"baseline {m.fmt_value(metric, d.baseline)}, run {m.fmt_value(metric, d.run)}, delta "
                f"{m.fmt_value(metric, d.delta, signed=True)}, 95% CI {_ci(d)}, gate {_gate(d)}: {_MARK[d.verdict]}"
            )
            if d.verdict == "regressed":
                f += 1
                ET.SubElement(case, "failure", message=f"{d.name} regressed", type="MetricRegression").text = (
                    detail + "\n" + verdict_line(report)
                )
            else:
                ET.SubElement(case, "system-out").text = detail
        gates.set("tests", str(n))
        gates.set("failures", str(f))
        total, failed = total + n, failed + f
        regressed_metrics = {d.name for d in report.regressions}
        worse = report.regressed_cases
        cases = ET.SubElement(root, "testsuite", name=f"eval.{report.suite}.cases", tests=str(len(worse)))
        cf = 0
        for t in worse:
            case = ET.SubElement(
                cases, "testcase", classname=f"eval.{report.suite}.cases", name=_x(f"{t.case_id} {t.key}")
            )
            detail = _x(f"{t.change}; gold: {t.gold}; baseline gave: {t.before}; run gave: {t.after}")
            if t.metric in regressed_metrics or (t.metric.startswith("counts.") and "counts" in regressed_metrics):
                cf += 1
                ET.SubElement(
                    case, "failure", message=_x(f"{t.key} went {t.change}"), type="CaseRegression"
                ).text = detail
            else:
                ET.SubElement(
                    case, "skipped", message=_x(f"{t.key} went {t.change}, tolerated by the gate")
                ).text = detail
        cases.set("failures", str(cf))
        cases.set("skipped", str(len(worse) - cf))
        total, failed = total + len(worse), failed + cf
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
