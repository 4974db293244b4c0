"""What every stage that asks a teacher about a record shares (recipes, judges, the preference
stage): the request, its teacher, and the one outcome of a call the teacher gives up on.

It lives beside the teachers, below the stage folders, so a validator and a generator share
it without one stage folder importing another's internals.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from synthloop.records import Record
from synthloop.stages import DEFAULT_TEACHER, Fail, StageContext
from synthloop.teachers.base import Completion, Messages, Parser, Teacher, TeacherError

if TYPE_CHECKING:
    from synthloop.stages import Outcome


@dataclass
class Request:
    """One teacher call: messages, how the answer must parse, per-call sampling options
    (``seed``, ``max_tokens``, ...) and ``context`` the recipe wants back in ``parse``.

    ``teacher`` names another teacher of the spec than the stage's own (a red team's target);
    ``raw`` asks for a raw completion of that text instead of a chat (Magpie's pre-query
    template, rendered from ``messages``); ``sample`` is the sample index the call is cached
    under when it is not the record's own (several answers to one prompt)."""

    messages: Messages
    schema: dict[str, Any] | None = None
    parser: Parser | None = None
    options: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    teacher: str | None = None
    raw: str | None = None
    sample: int | None = None


def template_hash(*templates: str) -> str:
    """The short hash of prompt templates that a lineage or a judge's description carries."""
    return hashlib.sha256("\x1f".join(templates).encode()).hexdigest()[:16]


def gave_up(exc: TeacherError) -> Fail:
    """The outcome of a record whose teacher gave up: quarantined with the teacher's reason,
    its raw text kept."""
    return Fail(f"teacher gave up: {exc}", raw=exc.raw_text)


class AsksTeacher:
    """A stage mixin: its teacher, and :meth:`ask`, the call that quarantines the record (as
    :func:`gave_up`) when the teacher gives up."""

    teacher_name: str | None

    if TYPE_CHECKING:
        def apply(self, record: Record, *outcomes: Outcome) -> None: ...

    def teacher(self, ctx: StageContext) -> Teacher:
        teacher: Teacher = ctx.teacher(self.teacher_name or DEFAULT_TEACHER)
        return teacher

    def teacher_for(self, request: Request, ctx: StageContext) -> Teacher:
        """The teacher ``request`` goes to: the one it names, else the stage's."""
        if request.teacher is None:
            return self.teacher(ctx)
        named: Teacher = ctx.teacher(request.teacher)
        return named

    async def send(self, request: Request, ctx: StageContext, teacher: Teacher,
                   k: int = 0) -> Completion:
        """One teacher call (a chat, or a raw completion of ``request.raw``); raises
        :class:`TeacherError` when the teacher gives up."""
        if request.raw is not None:
            return await teacher.complete(request.raw, stage=ctx.stage, sample_index=k,
                                          **request.options)
        return await teacher.chat(request.messages, stage=ctx.stage, sample_index=k,
                                  schema=request.schema, parser=request.parser,
                                  **request.options)

    async def ask(self, record: Record, request: Request, ctx: StageContext,
                  teacher: Teacher, k: int = 0) -> Completion | None:
        """One teacher call for ``record``; ``None`` (and the record quarantined with the
        teacher's reason and raw text) when the teacher gives up."""
        try:
            return await self.send(request, ctx, teacher, k)
        except TeacherError as exc:
            self.apply(record, gave_up(exc))
            return None
