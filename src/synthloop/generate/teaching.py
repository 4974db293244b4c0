"""What every teacher-driven recipe shares: finding its teacher, making a slot's record with
its lineage, quarantining a record the teacher gave up on, reading seed examples."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from synthloop.records import Lineage, Record, make_id
from synthloop.stages import Stage, StageContext
from synthloop.store import Slot
from synthloop.tables import Table
from synthloop.teachers import Teacher, TeacherError

DEFAULT_TEACHER = "local"  # the bundled model, used when a stage names no teacher


def teacher_of(stage: Stage, ctx: StageContext) -> Teacher:
    return ctx.teacher(stage.teacher_name or DEFAULT_TEACHER)


def template_hash(*templates: str) -> str:
    return hashlib.sha256("\x1f".join(templates).encode()).hexdigest()[:16]


def producer(stage: Stage, teacher: Teacher, templates: tuple[str, ...]) -> dict[str, Any]:
    """The lineage's producer: recipe parameters, teacher (backend, model, sampling) and the
    hash of the prompt templates."""
    return {**stage.describe(), "teacher": teacher.describe(),
            "template_hash": template_hash(*templates)}


def slot_record(stage: Stage, ctx: StageContext, slot: Slot, k: int,
                produced_by: dict[str, Any]) -> Record:
    """The ``k``-th record of ``slot``, with a deterministic id and empty data."""
    return Record(
        id=make_id(ctx.spec_hash, ctx.stage, slot.index, k),
        data={},
        attributes=dict(slot.attributes),
        lineage=Lineage(spec_hash=ctx.spec_hash, stage=ctx.stage, recipe=stage.name,
                        seed=slot.seed, producer=produced_by),
        slot=slot.index,
    )


def quarantine(record: Record, stage: str, error: TeacherError) -> None:
    """Mark the record failed with the teacher's reason, keeping whatever text it produced."""
    record.data["raw"] = error.raw_text
    record.fail(stage, str(error))


def read_examples(path: Path) -> list[dict[str, Any]]:
    """Rows of a table of seed examples (JSONL, CSV, Parquet, dataset directory); they must
    be well formed, so a bad row is a DataError naming its file and line."""
    return [row.data for row in Table(path).strict_rows()]
