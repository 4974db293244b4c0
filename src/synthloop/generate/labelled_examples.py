"""``generate.labelled_examples``: new examples of a label for text-classification data.

Each plan slot names a label (by default its ``skill``: the taxonomy lists the labels, with
an optional ``description``). The teacher sees the label, what it means and a few real examples
of it (as earlier turns of the conversation), and writes one new example per sample;
``per_slot`` samples share a slot but get different real examples to imitate, which spreads
the outputs. A reply with no usable text is
kept as a failed record with the reason; a reply that repeats one of the examples it was shown
is rejected (copying is not generating), and so is one at least ``max_shot_similarity`` like
one (rapidfuzz's ``ratio``, case-folded, as the project's other text similarities; 1.0
rejects exact copies only).

``style: list`` asks differently, for small models: a raw completion (no chat template) of a
list. A header names the domain and the label, the shown examples follow as ``- `` items (in
a new random order per sample), and a last ``-`` is left for the model to continue; the item
ends at the line's end. A 135M instruct model told to "write an example" or "paraphrase this"
often answers as the support agent or drifts off the label (43 of 100 of its chat rewrites of
Banking77 were wrong), while continuing a list of same-kind items is what its pretraining
data is full of (GPT3Mix's prompting). It needs a backend that continues raw text
(``synthloop check`` refuses the others); an item the ``max_tokens`` limit cut before its
line ended is rejected (``<stage>.truncated``).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from typing import Literal

from pydantic import Field
from rapidfuzz import fuzz

from synthloop.config.spec import slot_attribute_names
from synthloop.errors import DataError
from synthloop.label_words import label_words
from synthloop.records import Record, Slot
from synthloop.registry import register
from synthloop.spec import Spec
from synthloop.stages import Fail, OptionalInputFile, Reject, StageContext, StageParams
from synthloop.tables import Table
from synthloop.teachers import Completion

from .recipe import RecipeInputError, Request, TeacherRecipe, needs_completion

SYSTEM = ("You write realistic examples for a text-classification dataset of {domain}. "
          "Reply with the example text only: no quotes, no label, no explanation.")
ASK = "Write one new example with the label {label!r} ({description})."
LIST_HEAD = "{domain}, each about {description}:"

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
    style: Literal["chat", "list"] = "chat"
    max_shot_similarity: float = Field(default=1.0, gt=0.0, le=1.0)


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
        problems = []
        if self.params.label_key not in have:
            problems.append(("label_key", f"slots have no {self.params.label_key!r} attribute "
                             f"to use as the label (they have {', '.join(sorted(have)) or 'none'})"
                             "; list the labels under target.taxonomy or set label_key"))
        if self.params.style == "list":
            problems += needs_completion(spec, self.teacher_name, "style: list continues a "
                                         "list of examples as raw text")
        return problems

    def prompt_templates(self) -> tuple[str, ...]:
        return (LIST_HEAD,) if self.params.style == "list" else self.templates

    def description(self, label: str) -> str:
        return self.descriptions.get(label) or label_words(label)

    def prompt(self, label: str, shots: list[str]) -> list[dict[str, str]]:
        """The real examples are earlier turns of the conversation, each answering the same
        request: instruct models imitate a dialogue better than they follow a list of
        instructions (``style: list`` is the other way round: see the module)."""
        ask = ASK.format(label=label, description=self.description(label))
        messages = [{"role": "system", "content": SYSTEM.format(domain=self.params.domain)}]
        for shot in shots:
            messages += [{"role": "user", "content": ask}, {"role": "assistant", "content": shot}]
        messages.append({"role": "user", "content": ask})
        return messages

    def list_prompt(self, label: str, shots: list[str]) -> str:
        """The header, the shots as ``- `` items, and a ``-`` to continue (no trailing space:
        the model's tokens carry their own leading space)."""
        domain = self.params.domain
        head = LIST_HEAD.format(domain=domain[:1].upper() + domain[1:],
                                description=self.description(label))
        items = "".join(f"- {' '.join(shot.split())}\n" for shot in shots)
        return f"{head}\n{items}-"

    def request(self, slot: Slot, k: int) -> Request:
        label = str(slot.attributes.get(self.params.label_key, ""))
        if not label:
            raise RecipeInputError(f"slot has no {self.params.label_key!r} attribute to use as "
                                   "the label; list the labels under target.taxonomy")
        pool = self.by_label.get(label, [])
        rng = random.Random(f"{slot.seed}:{k}")
        shots = rng.sample(pool, min(self.params.shots, len(pool)))
        context = {"label": label, "shots": shots}
        if self.params.style == "list":
            raw = self.list_prompt(label, shots)
            return Request([{"role": "user", "content": raw}], raw=raw, context=context,
                           options={"seed": slot.seed + k, "stop": ["\n"]})
        return Request(self.prompt(label, shots), options={"seed": slot.seed + k},
                       context=context)

    def parse(self, record: Record, answer: Completion,
              request: Request) -> Fail | Reject | None:
        list_style = request.raw is not None
        text = answer.text.strip().strip("\"'“”").strip() if list_style else clean_example(
            answer.text)
        record.data.update(label=request.context["label"], text=text, raw=answer.text)
        if not text:
            return Fail("the teacher's reply holds no example text")
        if list_style and answer.finish_reason == "length":
            return Reject("truncated", "the item was cut off at max_tokens before its line "
                          "ended")
        return copied(text, request.context["shots"], self.params.max_shot_similarity)


def copied(text: str, shots: list[str], max_similarity: float) -> Reject | None:
    """The rejection of an example that repeats a shot, or is at least ``max_similarity``
    like one (case-folded), or None."""
    folded = text.casefold()
    shown = [shot.casefold() for shot in shots]
    if folded in shown:
        return Reject("copied_shot", "the example repeats one of the real examples shown")
    if any(fuzz.ratio(folded, shot) >= 100 * max_similarity for shot in shown):
        return Reject("near_copy", f"the example is at least {max_similarity:g} like one of "
                      "the real examples shown")
    return None
