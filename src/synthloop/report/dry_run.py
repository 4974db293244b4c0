"""``synthloop run --dry-run``: what a spec would do, before it spends anything.

The plan's cells with their target counts and first-round slots; for each teacher-driven
stage the exact messages of its first request, rendered from the first slot; and a
worst-case estimate of requests and tokens (every request repaired once, every completion
at ``max_tokens``), so a user sees the bill's upper bound before the first call.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from synthloop.generate.recipe import RecipeInputError, TeacherRecipe
from synthloop.plan.sampler import cell_of, first_round, make_plan
from synthloop.spec import LocalTeacherSpec, Spec
from synthloop.spec_check import build_stages
from synthloop.stages import DEFAULT_TEACHER, StageContext


@dataclass
class StageEstimate:
    label: str
    teacher: str
    requests: int  # first round, no repairs
    worst_requests: int  # first round, every request repaired once
    worst_tokens: int


def _bound_tokens(messages: list[dict[str, Any]]) -> int:
    """Upper bound on prompt tokens: UTF-8 bytes (as the teachers reserve budget)."""
    return sum(len(str(m.get("content") or "").encode()) + 8 for m in messages) + 8


def print_dry_run(spec: Spec, console: Console) -> None:
    if spec.target is None:
        console.print(f"source: {spec.source.path if spec.source else ''} (no plan: the "
                      "records come from the file)")
        return
    plan = make_plan(spec.target)
    slots = first_round(plan, spec.target, spec.seed)
    per_cell = Counter(cell_of(s.attributes, plan.keys) for s in slots)
    table = Table("cell", "target", "first-round slots", title="Plan", box=None)
    for cell, want in sorted(plan.counts.items()):
        text = ", ".join(f"{k}={v}" for k, v in cell) or "(all)"
        table.add_row(escape(text), str(want), str(per_cell.get(cell, 0)))
    console.print(table)
    console.print(f"{len(slots)} slots in round 1 for a target of {spec.target.size}; up to "
                  f"{spec.target.max_rounds - 1} top-up rounds replace rejected records.")
    estimates = []
    ctx = StageContext(spec_hash=spec.content_hash(), stage="", stage_index=0, seed=spec.seed,
                       run_dir=Path("."), spec=spec)
    for i, stage in enumerate(build_stages(spec)):
        if not isinstance(stage, TeacherRecipe):
            continue
        ctx.stage, ctx.stage_index = stage.label, i
        stage.setup(ctx)
        name = stage.teacher_name or DEFAULT_TEACHER
        tspec = spec.teachers.get(name) or LocalTeacherSpec(backend="local")
        try:
            request = stage.request(slots[0], 0)
        except RecipeInputError as exc:
            console.print(f"[red]{stage.label}[/]: the first slot cannot make a request: "
                          f"{escape(str(exc))}")
            continue
        console.print(f"[bold]{stage.label}[/] → teacher {name!r} ({tspec.backend}): first "
                      "request")
        for m in request.messages:
            console.print(f"  [cyan]{m['role']}[/]: {escape(str(m.get('content') or ''))}",
                          highlight=False)
        n = len(slots) * stage.samples() * stage.requests_per_record
        max_tokens = int(request.options.get("max_tokens") or tspec.max_tokens)
        per_request = _bound_tokens(request.messages) + max_tokens * tspec.n
        estimates.append(StageEstimate(stage.label, name, n, 2 * n, 2 * n * per_request))
    if estimates:
        table = Table("stage", "teacher", "requests", "worst case", "worst-case tokens",
                      title="Round 1 estimate", box=None)
        for e in estimates:
            table.add_row(e.label, e.teacher, f"{e.requests:,}", f"{e.worst_requests:,}",
                          f"{e.worst_tokens:,}")
        console.print(table)
        console.print("worst case: every request repaired once, every answer at max_tokens; "
                      "answers already in the run's cache cost nothing.")
