"""``generate.magpie``: Magpie (Xu et al., 2024), instructions an aligned model writes itself.

An aligned model given its chat template only up to the user turn (the *pre-query template*,
e.g. ``<|im_start|>user\\n``) continues it with what a user would ask, because that is what
followed in its alignment data. So each record is two calls: a raw completion of the
pre-query template (:meth:`~synthloop.teachers.base.Teacher.complete`) gives the
instruction, a chat call answers it.

The pre-query template is rendered from the model's own chat template (a user turn holding a
marker, cut at the marker), so any template works; what followed the marker (the end of the
user turn) is the stop sequence. Only a backend that runs the chat template in this process
can do this (``local``, ``transformers``); an endpoint that only offers chat is refused by
``synthloop check``.

An instruction that is empty or that ``instruction_max_tokens`` cut off is rejected
(``<stage>.empty_instruction``, ``<stage>.truncated_instruction``) before it is answered.
"""

from __future__ import annotations

from pydantic import Field, PositiveInt

from synthloop.records import Record, Slot
from synthloop.registry import register
from synthloop.spec import Spec
from synthloop.stages import Reject, StageContext, StageParams
from synthloop.teachers import Completion, Teacher, TeacherUnsupported
from synthloop.teachers.base import Messages

from .recipe import Conversation, Request, TeacherRecipe, needs_completion

MARKER = "\x00synthloop-user-turn\x00"


class MagpieParams(StageParams):
    """Magpie; ``system`` replaces the template's default system turn (None keeps it)."""

    system: str | None = None
    instruction_max_tokens: PositiveInt = 128
    instruction_temperature: float = Field(1.0, ge=0.0)
    instruction_top_p: float = Field(1.0, gt=0.0, le=1.0)
    response_max_tokens: PositiveInt | None = None


async def pre_query_template(teacher: Teacher, before: Messages) -> tuple[str, list[str]]:
    """The chat template up to where the user's words start, and the stop sequence that ends
    the user turn (none when the template writes nothing after them)."""
    full = await teacher.render_chat([*before, {"role": "user", "content": MARKER}],
                                     add_generation_prompt=False)
    if full.count(MARKER) != 1:
        raise TeacherUnsupported(f"teacher {teacher.name!r}: its chat template does not show "
                                 "the user's message once, so it has no pre-query template")
    prefix, after = full.split(MARKER)
    return prefix, [after.strip()] if after.strip() else []


def check_instruction(text: str, finish_reason: str | None) -> Reject | None:
    """The elimination of the written instruction, or None."""
    if not text:
        return Reject("empty_instruction", "the model wrote no instruction after the "
                      "pre-query template")
    if finish_reason == "length":
        return Reject("truncated_instruction", "the instruction was cut off at "
                      "instruction_max_tokens")
    return None


@register
class Magpie(TeacherRecipe[MagpieParams]):
    """Magpie: the model writes the instruction from its pre-query template, then answers it."""

    name = "generate.magpie"
    requests_per_record = 2
    output_fields = ("instruction", "response")
    _pre_query: str = ""  # set per run from the teacher's chat template
    _stop: list[str]

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        """Refuse a teacher whose backend only offers chat."""
        return needs_completion(spec, self.teacher_name, "Magpie needs a raw completion of "
                                "the model's chat template up to the user turn")

    def before_user(self) -> Messages:
        system = self.params.system
        return [] if system is None else [{"role": "system", "content": system}]

    def request(self, slot: Slot, k: int) -> Request:
        """The conversation whose pre-query template the model continues as the user."""
        p = self.params
        return Request(self.before_user(), options={
            "seed": slot.seed, "max_tokens": p.instruction_max_tokens,
            "temperature": p.instruction_temperature, "top_p": p.instruction_top_p})

    def prompt_templates(self) -> tuple[str, ...]:
        return (self._pre_query,)

    async def prepare(self, ctx: StageContext, teacher: Teacher) -> None:
        self._pre_query, self._stop = await pre_query_template(teacher, self.before_user())

    async def converse(self, slot: Slot, k: int, record: Record) -> Conversation:
        """A raw completion of the pre-query template writes the instruction; unless it is
        eliminated, a chat call answers it."""
        first = self.request(slot, k)
        written = yield Request(first.messages, raw=self._pre_query,
                                options={"stop": self._stop or None, **first.options})
        instruction = written.text.strip()
        record.data = {"instruction": instruction}
        if problem := check_instruction(instruction, written.finish_reason):
            self.apply(record, problem)
            return
        answer = Request([*self.before_user(), {"role": "user", "content": instruction}],
                         options={"seed": slot.seed,
                                  "max_tokens": self.params.response_max_tokens})
        reply = yield answer
        self.parse(record, reply, answer)

    def parse(self, record: Record, answer: Completion, request: Request) -> None:
        record.data["response"] = answer.text.strip()
