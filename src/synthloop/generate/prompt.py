"""``generate.prompt``: the generic recipe, a Jinja template in and a parsed answer out.

The template sees the slot's attributes (as ``attributes`` and by name: ``{{ skill }}``), a
seeded sample of seed ``examples`` (rows of a JSONL file), ``index`` and ``seed``. The answer is
kept as text, split into lines, parsed as JSON or validated against ``output_schema``; an
answer that does not parse gets one repair turn, then the record is quarantined with the raw
text.

```yaml
stages:
  - use: generate.prompt
    teacher: writer
    template: "Write one {{ difficulty }} question about {{ skill }}. Examples: ..."
    examples: seeds.jsonl
    output_schema:
      type: object
      properties: {instruction: {type: string}, response: {type: string}}
      required: [instruction, response]
```
"""

from __future__ import annotations

import asyncio
import random
from typing import Any, Literal

import jinja2
import orjson
from pydantic import Field, PositiveInt, field_validator

from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import GenerateStage, StageContext, StageParams
from synthloop.store import Slot
from synthloop.teachers import TeacherError

from .teaching import producer, quarantine, read_examples, slot_record, teacher_of

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                          autoescape=False)


class PromptParams(StageParams):
    """``template`` (Jinja) is the user turn, ``system`` an optional system turn.

    ``parser``: ``text`` keeps the answer, ``lines`` splits it into non-empty lines, ``json``
    parses it; ``output_schema`` (JSON schema) implies JSON and is sent to the endpoint as
    structured output. A JSON object answer becomes the record's data; anything else goes to
    ``output_field``. ``prompt_field`` keeps the rendered prompt in the data (null: don't).
    """

    template: str = Field(min_length=1)
    system: str | None = None
    examples: str | None = None
    n_examples: PositiveInt = 3
    parser: Literal["text", "lines", "json"] = "text"
    output_schema: dict[str, Any] | None = None
    output_field: str = "response"
    prompt_field: str | None = "prompt"
    samples: PositiveInt = 1
    max_tokens: PositiveInt | None = None

    @field_validator("template", "system")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                _ENV.parse(value)
            except jinja2.TemplateSyntaxError as exc:
                raise ValueError(f"template line {exc.lineno}: {exc.message}") from None
        return value


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError("the answer is empty")
    return lines


def _json(text: str) -> Any:
    try:
        return orjson.loads(text.strip())
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"answer is not JSON: {exc}") from None


@register
class PromptRecipe(GenerateStage):
    name = "generate.prompt"
    Params = PromptParams
    needs_teacher = True
    batch_size = 64

    def setup(self, ctx: StageContext) -> None:
        p: PromptParams = self.params  # type: ignore[assignment]
        self._template = _ENV.from_string(p.template)
        self._system = _ENV.from_string(p.system) if p.system else None
        self._examples = read_examples(ctx.resolve(p.examples)) if p.examples else []

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        p: PromptParams = self.params  # type: ignore[assignment]
        teacher = teacher_of(self, ctx)
        made_by = producer(self, teacher, (p.template, p.system or ""))
        jobs = [self._one(slot, k, ctx, teacher, made_by)
                for slot in slots for k in range(p.samples)]
        return list(await asyncio.gather(*jobs))

    async def _one(self, slot: Slot, k: int, ctx: StageContext, teacher: Any,
                   made_by: dict[str, Any]) -> Record:
        p: PromptParams = self.params  # type: ignore[assignment]
        record = slot_record(self, ctx, slot, k, made_by)
        rng = random.Random(slot.seed)
        examples = rng.sample(self._examples, min(p.n_examples, len(self._examples)))
        values = {**slot.attributes, "attributes": slot.attributes, "examples": examples,
                  "index": slot.index, "seed": slot.seed}
        try:
            prompt = self._template.render(values)
            messages = [{"role": "user", "content": prompt}]
            if self._system is not None:
                messages.insert(0, {"role": "system", "content": self._system.render(values)})
        except jinja2.UndefinedError as exc:
            record.fail(ctx.stage, f"template needs {exc.message}; the slot has attributes "
                        f"{sorted(slot.attributes)}")
            return record
        parser = {"text": None, "lines": _lines, "json": _json}[p.parser]
        try:
            answer = await teacher.chat(
                messages, stage=ctx.stage, sample_index=k, schema=p.output_schema,
                parser=None if p.output_schema else parser, seed=slot.seed + k,
                max_tokens=p.max_tokens)
        except TeacherError as exc:
            quarantine(record, ctx.stage, exc)
            return record
        value = answer.text if answer.parsed is None else answer.parsed
        record.data = dict(value) if isinstance(value, dict) else {p.output_field: value}
        if p.prompt_field:
            record.data.setdefault(p.prompt_field, prompt)
        return record
