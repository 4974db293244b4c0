"""``generate.labelled_examples``: new examples of a label for text-classification data.

Each plan slot names a label (by default its ``skill``: the taxonomy lists the labels, with
an optional ``description``). The teacher sees the label, what it means and a few real examples
of it (as earlier turns of the conversation), and writes one new example per sample;
``per_slot`` samples share a slot but get different real examples to imitate, which spreads
the outputs. A reply with no usable text is
kept as a failed record with the reason; a reply that repeats one of the examples it was shown
is rejected (copying is not generating).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from typing import Any

from pydantic import Field

from synthloop.errors import DataError
from synthloop.records import Lineage, Record, make_id
from synthloop.registry import register
from synthloop.stages import GenerateStage, StageContext, StageParams
from synthloop.store import Slot
from synthloop.tables import Table

SYSTEM = ("You write realistic examples for a text-classification dataset of {domain}. "
          "Reply with the example text only: no quotes, no label, no explanation.")
ASK = "Write one new example with the label {label!r} ({description})."
TEMPLATE_HASH = hashlib.sha256((SYSTEM + ASK).encode()).hexdigest()[:12]

_PREFIX = re.compile(r"^\s*(?:[-*\d.)]+\s+|(?:new\s+)?example\s*\d*\s*:\s*|text\s*:\s*)",
                     re.IGNORECASE)


class LabelledExamplesParams(StageParams):
    """``examples`` is a CSV/JSONL/Parquet file of real labelled texts (``text_field``,
    ``label_field``) to show as ``shots``; ``label_key`` is the slot attribute holding the
    label; ``domain`` says where the texts come from."""

    examples: str | None = None
    text_field: str = "text"
    label_field: str = "label"
    shots: int = Field(default=3, ge=0, le=20)
    per_slot: int = Field(default=1, ge=1, le=100)
    label_key: str = "skill"
    domain: str = "short messages written by users"


def clean_example(reply: str) -> str:
    """The example in a reply: its first non-empty line that is not a preamble ending in a
    colon, without list markers, ``Example:`` prefixes or surrounding quotes."""
    for line in reply.strip().splitlines():
        text = _PREFIX.sub("", line).strip().strip("\"'“”").strip()
        if text and not text.endswith(":"):
            return text
    return ""


@register
class LabelledExamples(GenerateStage):
    name = "generate.labelled_examples"
    Params = LabelledExamplesParams
    needs_teacher = True
    batch_size = 16
    params: LabelledExamplesParams

    def setup(self, ctx: StageContext) -> None:
        self.by_label: dict[str, list[str]] = defaultdict(list)
        self.descriptions: dict[str, str] = {}
        p = self.params
        if ctx.spec is not None and ctx.spec.target is not None:
            self.descriptions = {s.skill: s.description for s in ctx.spec.target.taxonomy
                                 if s.description}
        if p.examples is not None:
            path = ctx.resolve(p.examples)
            if not path.exists():
                raise DataError(f"{path}: no such examples file (stage {ctx.stage}, examples:)")
            for row in Table(path).strict_rows():
                if row.data.get(p.label_field) is None or row.data.get(p.text_field) is None:
                    raise DataError(f"{row.where}: needs the fields {p.text_field!r} and "
                                    f"{p.label_field!r} (set text_field/label_field)")
                self.by_label[str(row.data[p.label_field])].append(str(row.data[p.text_field]))

    def describe(self) -> dict[str, Any]:
        return {"template": TEMPLATE_HASH, **super().describe()}

    def prompt(self, label: str, shots: list[str]) -> list[dict[str, str]]:
        """The real examples are earlier turns of the conversation, each answering the same
        request: small models imitate a dialogue far better than they follow a list."""
        description = self.descriptions.get(label) or label.replace("_", " ")
        ask = ASK.format(label=label, description=description)
        messages = [{"role": "system", "content": SYSTEM.format(domain=self.params.domain)}]
        for shot in shots:
            messages += [{"role": "user", "content": ask}, {"role": "assistant", "content": shot}]
        messages.append({"role": "user", "content": ask})
        return messages

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        from synthloop.teachers.base import TeacherError

        teacher = ctx.teacher(self.teacher_name or "default")
        producer = {**self.describe(), "teacher": teacher.describe()}
        out: list[Record] = []
        for slot in slots:
            label = str(slot.attributes.get(self.params.label_key, ""))
            pool = self.by_label.get(label, [])
            for k in range(self.params.per_slot):
                rng = random.Random(f"{slot.seed}:{k}")
                shots = rng.sample(pool, min(self.params.shots, len(pool)))
                rec = Record(
                    id=make_id(ctx.spec_hash, ctx.stage, slot.index, k),
                    data={"label": label}, attributes=dict(slot.attributes),
                    lineage=Lineage(spec_hash=ctx.spec_hash, stage=ctx.stage, recipe=self.name,
                                    seed=slot.seed, producer=producer),
                    slot=slot.index,
                )
                out.append(rec)
                if not label:
                    rec.fail(ctx.stage, f"slot has no {self.params.label_key!r} attribute to "
                             "use as the label; list the labels under target.taxonomy")
                    continue
                try:
                    reply = await teacher.chat(self.prompt(label, shots), stage=ctx.stage,
                                               sample_index=k, seed=slot.seed + k)
                except TeacherError as exc:
                    rec.data["raw"] = exc.raw_text
                    rec.fail(ctx.stage, f"teacher gave up: {exc}")
                    continue
                text = clean_example(reply.text)
                rec.data.update(text=text, raw=reply.text)
                if not text:
                    rec.fail(ctx.stage, "the teacher's reply holds no example text")
                elif text.casefold() in {s.casefold() for s in shots}:
                    rec.add_verdict(ctx.stage, f"{ctx.stage}.copied_shot", False,
                                    "the example repeats one of the real examples shown")
        return out
