"""The base of teacher-driven generation, in the manner of Curator's ``prompt``/``parse``.

A one-turn recipe writes two things: the request for the ``k``-th sample of a slot
(``request``: the messages, and a schema or parser for the answer) and what the answer becomes
(``parse``: the record's data, and an :data:`~synthloop.stages.Outcome` when the answer is
rejected or fails). A recipe of many turns (repairs in a sandbox, rounds of rewriting, tool
calls acted out) writes ``converse`` instead: an async generator that yields each request (or
a list of requests to send at once) and receives its answer, so it states the turn-taking and
nothing else. The base owns the rest, so every recipe gets it the same way:

- the record, with a deterministic id and its lineage (recipe parameters, teacher backend,
  model and sampling, the hash of the prompt templates);
- the first request of every record of a batch, built before any answer arrives (batches
  overlap, so a recipe whose prompts read what it wrote earlier reads only what a slot's
  position allows: :mod:`~synthloop.generate.slot_order`);
- the teacher calls of a batch, all in flight at once (the teacher's own concurrency limit
  paces them), each cached, budgeted and accounted by the teacher, sent to the teacher a
  request names (a red team's target) or the stage's own;
- quarantine: a request the teacher gives up on is thrown into the conversation as a
  :class:`~synthloop.teachers.TeacherError`; unless the recipe catches it (a repair turn that
  keeps the last good attempt), the record fails with the reason and keeps the raw text. A
  slot that cannot make a request (:class:`RecipeInputError`) fails with that reason.
  Nothing is dropped;
- ``prepare`` before a batch (Magpie reads its teacher's chat template) and ``finish`` after
  it (a red team's archive of elites), for recipes whose state spans records.
"""

from __future__ import annotations

import asyncio
from abc import abstractmethod
from collections.abc import AsyncGenerator
from typing import Any, ClassVar

from synthloop.records import Lineage, Record, Slot, make_id
from synthloop.spec import LocalTeacherSpec, Spec
from synthloop.stages import DEFAULT_TEACHER, Fail, GenerateStage, Outcome, P, StageContext
from synthloop.teachers import Completion, Teacher, TeacherError
from synthloop.teachers.base import backends_with
from synthloop.teachers.asking import AsksTeacher, Request, gave_up, template_hash

__all__ = ["Conversation", "RecipeInputError", "Request", "TeacherRecipe", "needs_completion",
           "template_hash"]

Turn = Request | list[Request]
# What ``converse`` is: it yields a turn and is sent the turn's answer (a list for a list).
Conversation = AsyncGenerator[Turn, Any]


def needs_completion(spec: Spec, teacher_name: str | None, why: str) -> list[tuple[str, str]]:
    """``check_spec``'s refusal of a teacher whose backend only offers chat, for a recipe that
    continues raw text (``why`` says what it needs that for); empty when the backend can."""
    name = teacher_name or DEFAULT_TEACHER
    backend = (spec.teachers.get(name) or LocalTeacherSpec(backend="local")).backend
    able = backends_with("completion")
    if backend in able:
        return []
    return [("teacher", f"teacher {name!r} (backend {backend}) only offers chat; {why}, so "
             f"give this stage a teacher with backend {' or '.join(able)}")]


class RecipeInputError(ValueError):
    """A slot cannot become a request (a template variable it lacks, no label): its record
    fails with this message as the reason."""


class TeacherRecipe(AsksTeacher, GenerateStage[P]):
    """Base of recipes that ask a teacher: implement ``request`` and ``parse``, or
    ``converse`` for a recipe of many turns."""

    needs_teacher = True
    batch_size = 64
    templates: ClassVar[tuple[str, ...]] = ()  # prompt templates, hashed into the lineage
    requests_per_record: ClassVar[int] = 1  # for `run --dry-run`'s estimate

    # -- what a recipe writes --------------------------------------------------------------
    @abstractmethod
    def request(self, slot: Slot, k: int) -> Request:
        """The (first) request for sample ``k`` of ``slot``; raise RecipeInputError if
        impossible. Reports rebuild the prompt a record was sent from it."""

    def parse(self, record: Record, answer: Completion, request: Request) -> Outcome | None:
        """Fill ``record.data`` from the answer of a one-turn recipe; the outcome to write
        (a copied shot is rejected, an empty answer fails), or None."""
        raise NotImplementedError(f"{self.name} answers in turns: it writes converse")

    async def converse(self, slot: Slot, k: int, record: Record) -> Conversation:
        """The record's turns: yield a request (or a list sent at once), receive its answer.
        One turn by default: ``request``, then ``parse``."""
        request = self.request(slot, k)
        answer = yield request
        if (outcome := self.parse(record, answer, request)) is not None:
            self.apply(record, outcome)

    async def prepare(self, ctx: StageContext, teacher: Teacher) -> None:
        """Called before each batch, before the lineage is written. The executor keeps
        several batches in flight, so state set here for one batch is taken by its
        conversations before their first yield, which runs right after, for every record of
        the batch, with no other batch in between (``converse`` must not await before it)."""

    def finish(self, records: list[Record]) -> None:
        """Called after each batch with its records, in slot order."""

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
        await self.prepare(ctx, teacher)
        made_by = self.producer(teacher)
        jobs = [(slot, k, self.new_record(ctx, slot, k, made_by))
                for slot in slots for k in range(self.samples())]
        # every first request before any answer: the batch starts from one state
        talks = [(rec, k, self.converse(slot, k, rec)) for slot, k, rec in jobs]
        firsts = [await self._step(rec, talk, talk.asend(None)) for rec, _, talk in talks]
        await asyncio.gather(*(self._talk(rec, talk, first, ctx, k)
                               for (rec, k, talk), first in zip(talks, firsts, strict=True)
                               if first is not None))
        records = [rec for _, _, rec in jobs]
        self.finish(records)
        return records

    async def _talk(self, record: Record, talk: Conversation, turn: Turn, ctx: StageContext,
                    k: int) -> None:
        """Answer each turn of one record's conversation until it ends."""
        next_turn: Turn | None = turn
        while next_turn is not None:
            try:
                answer = await self._answer(next_turn, ctx, k)
            except TeacherError as exc:
                next_turn = await self._step(record, talk, talk.athrow(exc))
            else:
                next_turn = await self._step(record, talk, talk.asend(answer))

    async def _step(self, record: Record, talk: Conversation, step: Any) -> Turn | None:
        """The conversation's next turn, or None when it ended; an error it lets through
        fails the record (a teacher that gave up, a slot that makes no request)."""
        try:
            turn: Turn = await step
            return turn
        except StopAsyncIteration:
            return None
        except TeacherError as exc:
            self.apply(record, gave_up(exc))
        except RecipeInputError as exc:
            self.apply(record, Fail(str(exc)))
        return None

    async def _answer(self, turn: Turn, ctx: StageContext, k: int) -> Any:
        """The answer to a request, or the answers to a list of them sent at once (the first
        error raised once all are back)."""
        def call(r: Request) -> Any:
            return self.send(r, ctx, self.teacher_for(r, ctx), k if r.sample is None else r.sample)

        if isinstance(turn, Request):
            return await call(turn)
        answers = await asyncio.gather(*map(call, turn), return_exceptions=True)
        for answer in answers:
            if isinstance(answer, BaseException):
                raise answer
        return answers
