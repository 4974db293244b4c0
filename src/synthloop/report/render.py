"""Rich tables for the terminal: funnel, coverage, token usage, reports."""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from synthloop.counts import CoverageRow, FunnelRow
from synthloop.clip import clip


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
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("axis", "left"), ("value", "left"), ("target", "right"), ("achieved", "right"),
        ("Δ points", "right"), ("count", "right"))
    for col, just in columns:
        table.add_column(col, justify=just)
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
