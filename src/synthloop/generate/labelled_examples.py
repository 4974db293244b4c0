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

import random
import re
from collections import defaultdict

from pydantic import Field

from synthloop.config.spec import slot_attribute_names
from synthloop.errors import DataError
from synthloop.records import Record, Slot
from synthloop.registry import register
from synthloop.spec import Spec
from synthloop.stages import Fail, OptionalInputFile, Reject, StageContext, StageParams
from synthloop.tables import Table
from synthloop.teachers import Completion

from .recipe import RecipeInputError, Request, TeacherRecipe

SYSTEM = ("You write realistic examples for a text-classification dataset of {domain}. "
          "Reply with the example text only: no quotes, no label, no explanation.")
ASK = "Write one new example with the label {label!r} ({description})."

_PREFIX = re.compile(r"^\s*(?:[-*\d.)]+\s+|(?:new\s+)?example\s*\d*\s*:\s*|text\s*:\s*)",
                     re.IGNORECASE)


class LabelledExamplesParams(StageParams):
    """``examples`` is a CSV/JSONL/Parquet file of real labelled texts (``text_field``,
    ``label_field``) to show as ``shots``; ``label_key`` is the slot attribute holding the
    label; ``domain`` says where the texts come from."""

    examples: OptionalInputFile = None
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
class LabelledExamples(TeacherRecipe[LabelledExamplesParams]):
    """New examples of a label, imitating real ones, for text-classification data."""

    name = "generate.labelled_examples"
    batch_size = 16
    templates = (SYSTEM, ASK)
    output_fields = ("label", "text", "raw")

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

    def samples(self) -> int:
        return self.params.per_slot

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        have = slot_attribute_names(spec)
        if self.params.label_key not in have:
            return [("label_key", f"slots have no {self.params.label_key!r} attribute to use as "
                     f"the label (they have {', '.join(sorted(have)) or 'none'}); list the "
                     "labels under target.taxonomy or set label_key")]
        return []

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

    def request(self, slot: Slot, k: int) -> Request:
        label = str(slot.attributes.get(self.params.label_key, ""))
        if not label:
            raise RecipeInputError(f"slot has no {self.params.label_key!r} attribute to use as "
                                   "the label; list the labels under target.taxonomy")
        pool = self.by_label.get(label, [])
        rng = random.Random(f"{slot.seed}:{k}")
        shots = rng.sample(pool, min(self.params.shots, len(pool)))
        return Request(self.prompt(label, shots), options={"seed": slot.seed + k},
                       context={"label": label, "shots": shots})

    def parse(self, record: Record, answer: Completion,
              request: Request) -> Fail | Reject | None:
        text = clean_example(answer.text)
        record.data.update(label=request.context["label"], text=text, raw=answer.text)
        if not text:
            return Fail("the teacher's reply holds no example text")
        if text.casefold() in {s.casefold() for s in request.context["shots"]}:
            return Reject("copied_shot", "the example repeats one of the real examples shown")
        return None
