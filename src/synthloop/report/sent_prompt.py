"""The request a teacher-driven recipe sent for a record, rebuilt from the run's spec.

A recipe's ``request(slot, k)`` is a function of its parameters, the slot and the sample
index, so the messages are rebuilt, not stored: the stage is built from the run's stored spec,
set up, and asked for the record's slot and sample (the ``k`` whose ``make_id`` gives the
record's id). The rebuilt request's response-cache key is then looked up in the store: a hit
proves the teacher was sent exactly these messages (``verified``). A miss means the prompt
depends on more than the slot (self-instruct's task pool grows as the run goes), or the cache
was cleared: the messages are then what the stage would send now, and the note says so.
Only the first request is shown; a repair turn after an unparsable answer is not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from synthloop.errors import SynthloopError
from synthloop.generate.recipe import RecipeInputError, TeacherRecipe
from synthloop.records import Record, make_id
from synthloop.sources import SOURCE_LABEL
from synthloop.spec import SamplingSpec, Spec
from synthloop.stages import Stage, StageContext
from synthloop.store import RunStore
from synthloop.teachers.cache import cache_key


@dataclass
class SentPrompt:
    """``messages`` is None when no prompt was sent for the record (``note`` says why)."""

    stage: str
    messages: list[dict[str, Any]] | None = None
    options: dict[str, Any] = field(default_factory=dict)
    verified: bool = False
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "messages": self.messages, "options": self.options,
                "verified": self.verified, "note": self.note}


class PromptRebuilder:
    """Rebuilds prompts for records of one run; the stages are built (by ``build``, the
    caller's stage builder) when a record first needs one, and each is set up once."""

    def __init__(self, store: RunStore, spec: Spec, run_dir: Path,
                 build: Callable[[Spec], list[Stage[Any]]]) -> None:
        self.store, self.spec, self.run_dir, self.build = store, spec, run_dir, build
        self._built: list[Stage[Any]] | None = None
        self._stages: dict[str, tuple[Stage[Any], StageContext] | str] = {}

    def prompt(self, record: Record) -> SentPrompt:
        lineage = record.lineage
        if lineage is None or lineage.stage == SOURCE_LABEL:
            return SentPrompt(SOURCE_LABEL,
                              note="no prompt was sent: the record was read from the source")
        built = self._stage(lineage.stage, lineage.spec_hash)
        if isinstance(built, str):
            return SentPrompt(lineage.stage, note=built)
        stage, _ = built
        assert isinstance(stage, TeacherRecipe)
        k = next((k for k in range(stage.samples())
                  if make_id(lineage.spec_hash, lineage.stage, record.slot, k) == record.id),
                 None)
        slots = self.store.slots_by_index([record.slot]) if record.slot is not None else []
        if k is None or not slots:
            return SentPrompt(lineage.stage, note=f"no prompt can be rebuilt: the record is "
                              f"not sample 0-{stage.samples() - 1} of slot {record.slot}")
        try:
            request = stage.request(slots[0], k)
        except RecipeInputError as exc:
            return SentPrompt(lineage.stage, note=f"no prompt was sent: {exc}")
        teacher = lineage.producer.get("teacher", {})
        params = {key: teacher[key] for key in SamplingSpec.model_fields if key in teacher}
        params.update((key, v) for key, v in request.options.items() if v is not None)
        key = cache_key(teacher.get("backend", ""), teacher.get("model", ""),
                        request.messages, params, request.schema, k)
        verified = self.store.cache_get(key) is not None
        note = ("the teacher's response cache holds the answer to exactly these messages"
                if verified else
                "not found in the response cache: these are the messages the stage would send "
                "now (its prompt may depend on the run's history, e.g. a growing task pool)")
        options = {key: v for key, v in request.options.items() if v is not None}
        return SentPrompt(lineage.stage, request.messages, options, verified, note)

    def _stage(self, label: str, spec_hash: str) -> tuple[Stage[Any], StageContext] | str:
        """The set-up stage labelled ``label``, or why there is no prompt to rebuild."""
        if label not in self._stages:
            self._stages[label] = self._build(label, spec_hash)
        return self._stages[label]

    def _build(self, label: str, spec_hash: str) -> tuple[Stage[Any], StageContext] | str:
        offset = 1 if self.spec.source is not None else 0
        if self._built is None:
            self._built = self.build(self.spec)
        for i, stage in enumerate(self._built):
            if stage.label != label:
                continue
            if not isinstance(stage, TeacherRecipe):
                return (f"no prompt was sent: stage {label} ({stage.name}) is not a "
                        "teacher-driven recipe")
            ctx = StageContext(spec_hash=spec_hash, stage=label, stage_index=i + offset,
                               seed=self.spec.seed, run_dir=self.run_dir, spec=self.spec,
                               store=self.store)
            try:
                stage.setup(ctx)
            except (SynthloopError, OSError) as exc:
                return (f"no prompt can be rebuilt: setting up stage {label} failed: {exc} "
                        "(a file it reads has moved or changed since the run)")
            return stage, ctx
        return f"no prompt can be rebuilt: the run's spec has no stage {label!r}"
