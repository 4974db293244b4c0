"""The base of teacher-driven generation, in the manner of Curator's ``prompt``/``parse``.

A recipe writes two things: the request for the ``k``-th sample of a slot (``request``: the
messages, and a schema or parser for the answer) and what the answer becomes (``parse``: the
record's data and verdicts). The base owns the rest, so every recipe gets it the same way:

- the record, with a deterministic id and its lineage (recipe parameters, teacher backend,
  model and sampling, the hash of the prompt templates);
- the teacher calls of a batch, all in flight at once (the teacher's own concurrency limit
  paces them), each cached, budgeted and accounted by the teacher;
- quarantine: a request the teacher gives up on fails its record with the reason and keeps
  the raw text; a slot that cannot make a request (:class:`RecipeInputError`) fails with
  that reason. Nothing is dropped.
"""

from __future__ import annotations

import asyncio
import hashlib
from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from synthloop.records import Lineage, Record, Slot, make_id
from synthloop.stages import DEFAULT_TEACHER, GenerateStage, P, StageContext
from synthloop.teachers import Completion, Teacher, TeacherError
from synthloop.teachers.base import Messages, Parser


@dataclass
class Request:
    """One teacher call: messages, how the answer must parse, per-call sampling options
    (``seed``, ``max_tokens``, ...) and ``context`` the recipe wants back in ``parse``."""

    messages: Messages
    schema: dict[str, Any] | None = None
    parser: Parser | None = None
    options: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)


class RecipeInputError(ValueError):
    """A slot cannot become a request (a template variable it lacks, no label): its record
    fails with this message as the reason."""


def template_hash(*templates: str) -> str:
    return hashlib.sha256("\x1f".join(templates).encode()).hexdigest()[:16]


def quarantine(record: Record, stage: str, exc: TeacherError) -> None:
    """Fail ``record`` at ``stage`` because the teacher gave up, keeping its raw text."""
    record.data["raw"] = exc.raw_text
    record.fail(stage, f"teacher gave up: {exc}")


class AsksTeacher:
    """What every stage that asks a teacher about a record shares (recipes, judges): its
    teacher and the one way a call that the teacher gives up on quarantines the record."""

    teacher_name: str | None

    def teacher(self, ctx: StageContext) -> Teacher:
        teacher: Teacher = ctx.teacher(self.teacher_name or DEFAULT_TEACHER)
        return teacher

    async def ask(self, record: Record, request: Request, ctx: StageContext,
                  teacher: Teacher, k: int = 0) -> Completion | None:
        """One teacher call for ``record``; ``None`` (and the record quarantined with the
        teacher's reason and raw text) when the teacher gives up."""
        try:
            return await teacher.chat(request.messages, stage=ctx.stage, sample_index=k,
                                      schema=request.schema, parser=request.parser,
                                      **request.options)
        except TeacherError as exc:
            quarantine(record, ctx.stage, exc)
            return None


class TeacherRecipe(AsksTeacher, GenerateStage[P]):
    """Base of recipes that ask a teacher: implement ``request`` and ``parse``."""

    needs_teacher = True
    batch_size = 64
    templates: ClassVar[tuple[str, ...]] = ()  # prompt templates, hashed into the lineage
    requests_per_record: ClassVar[int] = 1  # for `run --dry-run`'s estimate

    # -- what a recipe writes --------------------------------------------------------------
    @abstractmethod
    def request(self, slot: Slot, k: int) -> Request:
        """The request for sample ``k`` of ``slot``; raise RecipeInputError if impossible."""

    @abstractmethod
    def parse(self, record: Record, answer: Completion, request: Request) -> None:
        """Fill ``record.data`` from the answer; add verdicts (a copied shot, ...)."""

    def samples(self) -> int:
        """Records per slot."""
        return 1

    def teacher_calls(self) -> dict[str, int]:
        return {self.teacher_name or DEFAULT_TEACHER: self.samples() * self.requests_per_record}

    def prompt_templates(self) -> tuple[str, ...]:
        """What the template hash in the lineage covers (class templates by default)."""
        return self.templates

    # -- what the base owns ----------------------------------------------------------------
    def parallelism(self, ctx: StageContext) -> int:
        return max(1, self.teacher(ctx).max_in_flight // self.samples())

    def producer(self, teacher: Teacher) -> dict[str, Any]:
        """The lineage's producer: recipe parameters, teacher and the templates' hash."""
        return {**self.describe(), "teacher": teacher.describe(),
                "template_hash": template_hash(*self.prompt_templates())}

    def new_record(self, ctx: StageContext, slot: Slot, k: int,
                   produced_by: dict[str, Any]) -> Record:
        """The ``k``-th record of ``slot``, with a deterministic id and empty data."""
        return Record(
            id=make_id(ctx.spec_hash, ctx.stage, slot.index, k), data={},
            attributes=dict(slot.attributes), slot=slot.index,
            lineage=Lineage(spec_hash=ctx.spec_hash, stage=ctx.stage, recipe=self.name,
                            seed=slot.seed, producer=produced_by))

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        teacher = self.teacher(ctx)
        made_by = self.producer(teacher)
        jobs = [(slot, k, self.new_record(ctx, slot, k, made_by))
                for slot in slots for k in range(self.samples())]
        await asyncio.gather(*(self.fill(slot, k, rec, ctx, teacher) for slot, k, rec in jobs))
        return [rec for _, _, rec in jobs]

    async def fill(self, slot: Slot, k: int, record: Record, ctx: StageContext,
                   teacher: Teacher) -> None:
        """One record: request, answer, parse. A recipe with more turns (repairs in a
        sandbox) extends this, using :meth:`ask` for calls that quarantine on failure."""
        try:
            request = self.request(slot, k)
        except RecipeInputError as exc:
            record.fail(ctx.stage, str(exc))
            return
        answer = await self.ask(record, request, ctx, teacher, k)
        if answer is not None:
            self.parse(record, answer, request)
