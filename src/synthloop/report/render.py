"""Rich tables for the terminal: funnel, coverage, token usage, reports."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from synthloop.report.tables import CoverageRow, FunnelRow


def funnel_table(rows: list[FunnelRow]) -> Table:
    table = Table(title="Funnel", title_justify="left")
    table.add_column("stage", no_wrap=True)
    for col in ("in", "passed", "rejected", "failed"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("top rejection reasons (count, check: example)", ratio=1)
    for r in rows:
        reasons = "\n".join(
            f"{n:,} {check.removeprefix(r.stage + '.')}: [dim]{_clip(example, 90)}[/]"
            for check, n, example in r.reasons)
        table.add_row(r.stage, f"{r.n_in:,}", f"{r.passed:,}",
                      f"[red]{r.rejected:,}[/]" if r.rejected else "0",
                      f"[yellow]{r.failed:,}[/]" if r.failed else "0", reasons)
    return table


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


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
