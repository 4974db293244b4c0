"""``synthloop run --dry-run``: what a spec would do, before it spends anything.

The plan's cells with their target counts and first-round slots; for each teacher-driven
generator the exact messages of its first request, rendered from the first slot; and, for
every stage that asks a teacher (judges, multi-turn recipes, preference writers), requests
in round 1 and a worst case over every top-up round (every request repaired once, every
completion at ``max_tokens``), so a user sees the bill's upper bound before the first call.
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
from synthloop.plan.sampler import cell_of, cell_text, first_round, make_plan, worst_top_up
from synthloop.spec import LocalTeacherSpec, Spec
from synthloop.stages import DEFAULT_TEACHER, Stage, StageContext

# A record stage's prompt beyond the record itself (rubric, instructions), for the estimate.
RECORD_STAGE_PROMPT = 1024


@dataclass
class StageEstimate:
    label: str
    teacher: str
    requests: int  # first round, no repairs
    worst_requests: int  # every round at its most, every request repaired once
    worst_tokens: int


def _bound_tokens(messages: list[dict[str, Any]]) -> int:
    """Upper bound on prompt tokens: UTF-8 bytes (as the teachers reserve budget)."""
    return sum(len(str(m.get("content") or "").encode()) + 8 for m in messages) + 8


def print_dry_run(spec: Spec, stages: list[Stage[Any]], console: Console) -> None:
    """The plan, the first request of each teacher-driven stage of ``stages`` (the spec's,
    built by the caller) and the requests and tokens to expect; nothing is run."""
    if spec.target is None:
        console.print(f"source: {spec.source.path if spec.source else ''} (no plan: the "
                      "records come from the file)")
        return
    plan = make_plan(spec.target)
    slots = first_round(plan, spec.target, spec.seed)
    per_cell = Counter(cell_of(s.attributes, plan.keys) for s in slots)
    table = Table("cell", "target", "first-round slots", title="Plan", box=None)
    for cell, want in sorted(plan.counts.items()):
        table.add_row(escape(cell_text(cell)), str(want), str(per_cell.get(cell, 0)))
    console.print(table)
    extra = (spec.target.max_rounds - 1) * worst_top_up(plan)
    console.print(f"{len(slots)} slots in round 1 for a target of {spec.target.size}; up to "
                  f"{spec.target.max_rounds - 1} top-up rounds replace rejected and quarantined "
                  f"records (at most {extra:,} more slots, if every record failed).")
    estimates = []
    ctx = StageContext(spec_hash=spec.content_hash(), stage="", stage_index=0, seed=spec.seed,
                       run_dir=Path("."), spec=spec)
    per_slot = 1  # records a slot becomes (the generator's samples)
    record_tokens = 0  # a generated record's size bound, part of a later stage's prompt
    for i, stage in enumerate(stages):
        calls = stage.teacher_calls()
        if not calls:
            continue
        ctx.stage, ctx.stage_index = stage.label, i
        is_recipe = False
        prompt = 0
        if isinstance(stage, TeacherRecipe):
            is_recipe = True
            stage.setup(ctx)
            per_slot = stage.samples()
            try:
                request = stage.request(slots[0], 0)
            except RecipeInputError as exc:
                console.print(f"[red]{stage.label}[/]: the first slot cannot make a request: "
                              f"{escape(str(exc))}")
                continue
            name = stage.teacher_name or DEFAULT_TEACHER
            console.print(f"[bold]{stage.label}[/] → teacher {name!r} "
                          f"({_teacher(spec, name).backend}): first request")
            for m in request.messages:
                console.print(f"  [cyan]{m['role']}[/]: {escape(str(m.get('content') or ''))}",
                              highlight=False)
            prompt = _bound_tokens(request.messages)
            tspec = _teacher(spec, name)
            record_tokens = int(request.options.get("max_tokens") or tspec.max_tokens) * tspec.n
        units = 1 if is_recipe else per_slot  # calls are per slot for a generator
        for name, n_calls in calls.items():
            tspec = _teacher(spec, name)
            per_request = (prompt or record_tokens + RECORD_STAGE_PROMPT) + tspec.max_tokens \
                * tspec.n
            first = len(slots) * units * n_calls
            worst = 2 * (len(slots) + extra) * units * n_calls
            estimates.append(StageEstimate(stage.label, name, first, worst, worst * per_request))
    if estimates:
        table = Table("stage", "teacher", "requests", "worst case", "worst-case tokens",
                      title="Estimate (requests: round 1; worst case: every round)", box=None)
        for e in estimates:
            table.add_row(e.label, e.teacher, f"{e.requests:,}", f"{e.worst_requests:,}",
                          f"{e.worst_tokens:,}")
        console.print(table)
        total = sum(e.worst_requests for e in estimates)
        console.print(f"worst case: {total:,} requests in all: every top-up round at its most, "
                      "every request repaired once, every answer at max_tokens (a record "
                      f"stage's prompt counted as the record plus {RECORD_STAGE_PROMPT} "
                      "tokens of instructions); answers already in the run's cache cost "
                      "nothing.")


def _teacher(spec: Spec, name: str) -> Any:
    return spec.teachers.get(name) or LocalTeacherSpec(backend="local")
