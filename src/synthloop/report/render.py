"""Rich tables for the terminal: funnel, coverage, token usage, reports."""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from synthloop.counts import CoverageRow, FunnelRow
from synthloop.report.clip import clip


class FunnelView:
    """The funnel, laid out for the width it is given.

    Wide enough (a terminal), the top rejection reasons are a column of the table. Narrower
    (80 columns: pipes, CI logs), the table keeps the counts and the reasons follow it, one
    per line under their stage and clipped with an ellipsis, so nothing wraps word by word.
    """

    REASONS_MIN_WIDTH = 48  # below this a reasons column is unreadable

    def __init__(self, rows: list[FunnelRow]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        counts = self._table()
        # What is left for a reasons column, less its border and padding.
        room = options.max_width - Measurement.get(console, options, counts).maximum - 3
        if room >= self.REASONS_MIN_WIDTH:
            yield self._table(reasons_width=room)
            return
        yield counts
        if any(r.reasons for r in self.rows):
            yield Text("top rejection reasons (count, check: example)", style="bold")
        for r in self.rows:
            if r.reasons:
                yield _one_line(f"  {escape(r.stage)}")
            for line in self._reasons(r):
                yield _one_line(f"    {line}")

    def _table(self, reasons_width: int | None = None) -> Table:
        table = Table(title="Funnel", title_justify="left")
        table.add_column("stage", no_wrap=True)
        for col in ("in", "passed", "rejected", "failed", "modified"):
            table.add_column(col, justify="right", no_wrap=True)
        if reasons_width is not None:
            table.add_column("top rejection reasons (count, check: example)",
                             width=reasons_width, no_wrap=True, overflow="ellipsis")
        for r in self.rows:
            cells = [r.stage, f"{r.n_in:,}", f"{r.passed:,}",
                     f"[red]{r.rejected:,}[/]" if r.rejected else "0",
                     f"[yellow]{r.failed:,}[/]" if r.failed else "0",
                     f"[cyan]{r.modified:,}[/]" if r.modified else "0"]
            if reasons_width is not None:
                cells.append("\n".join(self._reasons(r)))
            table.add_row(*cells)
        return table

    @staticmethod
    def _reasons(r: FunnelRow) -> list[str]:
        return [f"{n:,} {escape(check.removeprefix(r.stage + '.'))}: "
                f"[dim]{escape(clip(' '.join((example or '').split()), 90))}[/]"
                for check, n, example in r.reasons]


def _one_line(markup: str) -> Text:
    """Markup rendered on one line, clipped with an ellipsis at the width it gets."""
    text = Text.from_markup(markup, overflow="ellipsis")
    text.no_wrap = True
    return text


def funnel_table(rows: list[FunnelRow]) -> FunnelView:
    return FunnelView(rows)


def coverage_table(rows: list[CoverageRow]) -> Table:
    table = Table(title="Coverage (accepted records vs target)", title_justify="left")
    for col, just in (("axis", "left"), ("value", "left"), ("target", "right"),
                      ("achieved", "right"), ("Δ points", "right"), ("count", "right")):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for r in rows:
        delta = r.delta_points
        style = "green" if abs(delta) <= 2 else "red"
        table.add_row(r.axis, r.value, f"{r.target_share:.1%}", f"{r.achieved_share:.1%}",
                      f"[{style}]{delta:+.1f}[/]", f"{r.achieved_count:,}/{r.target_count:,}")
    return table


def usage_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="Teacher usage", title_justify="left")
    for col in ("stage", "teacher", "requests", "prompt tokens", "completion tokens", "cost $"):
        table.add_column(col, justify="left" if col in ("stage", "teacher") else "right")
    for u in rows:
        table.add_row(u["stage"], u["teacher"], f"{u['requests']:,}", f"{u['prompt_tokens']:,}",
                      f"{u['completion_tokens']:,}", f"{u['cost']:.4f}")
    return table


def diversity_tables(label: str, report: dict[str, Any]) -> list[Table]:
    """The diversity report as a summary table and the generator's fingerprints."""
    summary = Table(title=f"Diversity ({label}, {report['records']:,} records)",
                    title_justify="left")
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    for name, value in report["distinct"].items():
        summary.add_row(name.replace("_", "-"), f"{value:.3f}")
    summary.add_row(f"self-BLEU (n={report['self_bleu']['sample']}, lower is more varied)",
                    f"{report['self_bleu']['score']:.3f}")
    if "vendi" in report:
        summary.add_row(f"Vendi score (n={report['vendi']['sample']}, effective distinct items)",
                        f"{report['vendi']['score']:.1f}")
    lengths = report.get("length_words") or {}
    if lengths:
        summary.add_row("length in words (median, p5-p95)",
                        f"{lengths['median']:.0f} ({lengths['p5']:.0f}-{lengths['p95']:.0f})")
    for axis, entry in report.get("attribute_balance", {}).items():
        if "total_variation" in entry:
            summary.add_row(f"balance vs target: {axis} (total variation)",
                            f"{entry['total_variation']:.3f}")
    prints = Table(title="Generator fingerprints: most repeated openings and phrases",
                   title_justify="left")
    prints.add_column("opening")
    prints.add_column("share", justify="right")
    prints.add_column("phrase")
    prints.add_column("share", justify="right")
    openings, phrases = report.get("top_openings", []), report.get("top_phrases", [])
    for i in range(min(max(len(openings), len(phrases)), 8)):
        o = openings[i] if i < len(openings) else None
        p = phrases[i] if i < len(phrases) else None
        none = "(none repeated)" if i == 0 else ""
        prints.add_row(o["text"] if o else none, f"{o['share']:.1%}" if o else "",
                       p["text"] if p else none, f"{p['share']:.1%}" if p else "")
    return [summary, prints]


def archive_tables(label: str, report: dict[str, Any]) -> list[Table]:
    """The red-team archive: best attack-success rate per cell (category x style), then the
    coverage, diversity, detector and over-refusal figures."""
    styles = sorted({style for row in report["best_asr"].values() for style in row})
    grid = Table(title=f"Red-team archive ({label}): best attack-success rate per cell",
                 title_justify="left")
    grid.add_column("category")
    for style in styles:
        grid.add_column(style, justify="right")
    for category, row in report["best_asr"].items():
        grid.add_row(escape(category), *(f"{row[s]:.0%}" if s in row else "-" for s in styles))
    facts = Table(title_justify="left", show_header=False)
    facts.add_column("metric")
    facts.add_column("value", justify="right")
    cells = report["cells"]
    facts.add_row("cells filled", f"{report['cells_filled']}" + (f" of {cells}" if cells else ""))
    facts.add_row("cells with a successful attack", str(report["cells_with_success"]))
    facts.add_row("candidates", f"{report['candidates']:,}")
    div = report["diversity"]
    facts.add_row("elites' diversity (1 - mean pairwise similarity)",
                  "-" if div is None else f"{div:.3f}")
    verdicts = ", ".join(f"{k} {v}" for k, v in sorted(report["detector_verdicts"].items()))
    facts.add_row("detector verdicts on target answers", verdicts or "-")
    over = report["over_refusal"]
    facts.add_row("over-refusal on benign look-alikes (95% CI)",
                  f"{over['rate']:.0%} [{over['low']:.0%}, {over['high']:.0%}] of {over['n']}"
                  if over["n"] else "-")
    return [grid, facts]


def evol_tables(label: str, report: dict[str, Any]) -> list[Table]:
    """Per Evol-Instruct stage: the funnel by round and the instructions' distinct-n."""
    out = []
    for stage, entry in report.items():
        funnel = Table(title=f"Evol-Instruct rounds ({escape(stage)})", title_justify="left")
        funnel.add_column("round")
        funnel.add_column("entered", justify="right")
        funnel.add_column("passed", justify="right")
        funnel.add_column("eliminated (why)")
        for row in entry["funnel"]:
            why = ", ".join(f"{k} {v}" for k, v in sorted(row["eliminated"].items()))
            funnel.add_row(str(row["round"]), str(row["entered"]), str(row["passed"]),
                           escape(why) or "-")
        div = Table(title="Instructions written per round (round 0: the seeds)",
                    title_justify="left")
        for col in ("round", "instructions", "distinct-1", "distinct-2"):
            div.add_column(col, justify="right")
        for row in entry["diversity"]:
            div.add_row(str(row["round"]), str(row["instructions"]),
                        f"{row['distinct_1']:.3f}", f"{row['distinct_2']:.3f}")
        out += [funnel, div]
    return out
