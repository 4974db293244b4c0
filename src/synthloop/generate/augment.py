"""``generate.augment``: label-preserving variations of the user's real labelled examples.

A small teacher asked to invent an example of a label from its name drifts off the label (the
Banking77 5-shot experiment lost 1.8 points with such data); asked to *rewrite one real
example* (paraphrase it, change its register, add a realistic detail) it keeps the intent far
more often, because the source text carries it. This is the augmentation half of LAMBADA-style
pipelines; ``validate.label_consistency`` is the filtering half.

Slots name a label (the slot's ``skill`` by default: list the labels under
``target.taxonomy``), which real example of it to rewrite and how. Make both plan axes, so that
each real example gets each kind of variation once: ``target.attributes: {variation:
[paraphrase, register, detail], example: ["1", "2", "3", "4", "5"]}`` with ``size`` the product
of the axes (example ``n`` is the label's ``n``-th real example in file order, wrapping). A slot
without an ``example`` picks one by its seed; one without a ``variation`` takes the kinds in
turn.

Verbatim variations (``verbatim``: kind -> instruction) keep the real example word for word:
the teacher writes only a short clause of context (the writer's situation, a greeting, a
reason), which goes before the unchanged source. The label-bearing words cannot drift, so a
small teacher that often loses the intent of a free rewrite still adds usable variety.

Drift control: the cosine similarity of the bundled embeddings of variation and source must lie
in ``[min_similarity, max_similarity]``. Below, the rewrite has wandered from the example (and
likely from its label); above, it is the source with a word changed, which teaches nothing new.
A variation that repeats any real example is rejected as a copy. Every similarity is kept as
the verdict's score, so the bounds can be tuned from the report.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import numpy as np
from pydantic import Field, model_validator

from synthloop.errors import DataError
from synthloop.config.spec import slot_attribute_names
from synthloop.records import Record, Slot, Status
from synthloop.registry import register
from synthloop.spec import Spec
from synthloop.stages import (
    Fail,
    InputFile,
    Outcome,
    Pass,
    Reject,
    StageContext,
    StageParams,
)
from synthloop.tables import Table
from synthloop.teachers import Completion

from .labelled_examples import clean_example
from .recipe import RecipeInputError, Request, TeacherRecipe

SYSTEM = ("You rewrite examples for a text-classification dataset of {domain}. The rewrite must "
          "keep the example's meaning and intent. Reply with the rewritten text only: no quotes, "
          "no label, no explanation.")
ASK = "{instruction}\n\nText: {source}"
VERBATIM_SYSTEM = ("You add context to examples for a text-classification dataset of {domain}. "
                   "Write one short sentence that the same person might say just before the "
                   "text. Do not repeat the text and do not answer it. Reply with the sentence "
                   "only.")

#: a verbatim variation: the situation of the writer, put before the unchanged example
CONTEXT = ("Write one short sentence about the writer's situation that comes before this "
           "message.")

#: the kinds of variation and what the teacher is asked to do for each
VARIATIONS: dict[str, str] = {
    "paraphrase": "Say the same thing in different words.",
    "register": ("Rewrite it in a different tone: casual and short if it is formal, polite and "
                 "complete if it is casual."),
    "detail": ("Rewrite it adding one realistic detail, such as an amount, a date, a place or "
               "a product name."),
}


class Demonstration(StageParams):
    """A worked rewrite shown to the teacher before its own (as an earlier turn)."""

    variation: str
    text: str
    rewrite: str


class RealExamples(StageParams):
    """``examples``: the real labelled texts (CSV, JSONL, Parquet or a dataset folder) with
    ``text_field`` and ``label_field``; a slot's ``label_key`` attribute names its label and
    its ``example_key`` attribute which real example of it to vary."""

    examples: InputFile
    text_field: str = "text"
    label_field: str = "label"
    label_key: str = "skill"
    example_key: str = "example"
    min_similarity: float = Field(default=0.5, ge=-1, le=1, description=(
        "a variation less similar to its source than this has drifted (rejected)"))
    max_similarity: float = Field(default=0.97, ge=-1, le=1, description=(
        "a variation more similar to its source than this is a near copy (rejected)"))

    @model_validator(mode="after")
    def _similarity_bounds(self) -> RealExamples:
        if self.min_similarity >= self.max_similarity:
            raise ValueError("min_similarity must be below max_similarity")
        return self


class AugmentParams(RealExamples):
    """``variations``: kind -> instruction to the teacher."""

    variation_key: str = "variation"
    variations: dict[str, str] = Field(default_factory=lambda: dict(VARIATIONS))
    verbatim: dict[str, str] = Field(default_factory=dict, description=(
        "kind -> instruction of variations that keep the source word for word: the teacher's "
        "reply is a short clause put before it, so the label-bearing words cannot drift"))
    demonstrations: list[Demonstration] = Field(default_factory=list, description=(
        "worked rewrites shown before the request, those of the slot's variation only: a small "
        "teacher imitates a dialogue far better than it follows an instruction"))
    domain: str = "short messages written by users"

    @model_validator(mode="after")
    def _bounds(self) -> AugmentParams:
        if not self.variations and not self.verbatim:
            raise ValueError("variations: give at least one kind of variation")
        both = sorted(set(self.variations) & set(self.verbatim))
        if both:
            raise ValueError(f"{', '.join(both)}: a kind is either a variation or verbatim")
        unknown = sorted({d.variation for d in self.demonstrations} - set(self.kinds))
        if unknown:
            raise ValueError(f"demonstrations name unknown variations: {', '.join(unknown)}")
        return self

    @property
    def kinds(self) -> dict[str, str]:
        """Every kind of variation, rewrites and verbatim ones, with its instruction."""
        return {**self.variations, **self.verbatim}


def drift_outcome(similarity: float, lo: float, hi: float) -> tuple[bool, str, str]:
    """(passed, code, reason) of the drift control for one similarity."""
    if similarity < lo:
        return False, "drifted", (f"similarity {similarity:.2f} to its source is below "
                                  f"{lo:g}: the variation drifted from the example")
    if similarity > hi:
        return False, "near_copy", (f"similarity {similarity:.2f} to its source is above "
                                    f"{hi:g}: a near copy of the example")
    return True, "ok", f"similarity {similarity:.2f} to its source, within [{lo:g}, {hi:g}]"


@register
class Augment(TeacherRecipe[AugmentParams]):
    """Label-preserving variations of real labelled examples, with a control on drift."""

    name = "generate.augment"
    batch_size = 32
    templates = (SYSTEM, ASK)
    output_fields = ("label", "text", "source", "variation", "raw")

    def needs_embedder(self) -> bool:
        return True

    def prompt_templates(self) -> tuple[str, ...]:
        demos = [f"{d.variation}\x1f{d.text}\x1f{d.rewrite}" for d in self.params.demonstrations]
        return (*self.templates, *sorted(self.params.variations.values()), *demos,
                *(() if not self.params.verbatim else
                  (VERBATIM_SYSTEM, *sorted(f"{k}\x1f{v}" for k, v in
                                            self.params.verbatim.items()))))

    def setup(self, ctx: StageContext) -> None:
        p = self.params
        self.by_label = examples_by_label(ctx.resolve(p.examples), p.text_field, p.label_field)
        self.real_texts = {t.casefold() for texts in self.by_label.values() for t in texts}

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        return label_key_problems(spec, self.params.label_key)

    def request(self, slot: Slot, k: int) -> Request:
        p = self.params
        kinds = sorted(p.kinds)
        kind = str(slot.attributes.get(p.variation_key) or kinds[slot.index % len(kinds)])
        if kind not in p.kinds:
            raise RecipeInputError(f"unknown variation {kind!r}; the stage knows "
                                   f"{', '.join(kinds)} (set variations:)")
        rng = random.Random(f"{slot.seed}:{k}")
        label, source = pick_source(self.by_label, slot, p, rng)
        system = VERBATIM_SYSTEM if kind in p.verbatim else SYSTEM
        messages = [{"role": "system", "content": system.format(domain=p.domain)}]
        for demo in p.demonstrations:
            if demo.variation == kind:
                messages += [{"role": "user", "content": ASK.format(
                    instruction=p.kinds[kind], source=demo.text)},
                    {"role": "assistant", "content": demo.rewrite}]
        messages.append({"role": "user", "content": ASK.format(instruction=p.kinds[kind],
                                                               source=source)})
        return Request(messages, options={"seed": rng.getrandbits(31)},
                       context={"label": label, "source": source, "variation": kind})

    def parse(self, record: Record, answer: Completion, request: Request) -> Outcome | None:
        text = clean_example(answer.text)
        verbatim = request.context["variation"] in self.params.verbatim
        if text and verbatim:
            text = self.wrap(text, request.context["source"])
        record.data.update(label=request.context["label"], text=text,
                           source=request.context["source"],
                           variation=request.context["variation"], raw=answer.text)
        if not text:
            return Fail("the teacher's reply holds no clause besides the example" if verbatim
                        and answer.text.strip() else "the teacher's reply holds no text")
        if text.casefold() in self.real_texts:
            return Reject("copied", "the variation repeats a real example word for word")
        return None

    @staticmethod
    def wrap(clause: str, source: str) -> str:
        """The clause before the unchanged source; a clause that repeats the source (a small
        teacher often echoes its input) loses the repeat, and one that is nothing else gives
        ``""`` (no text)."""
        start = clause.casefold().find(source.casefold())
        if start >= 0:
            clause = (clause[:start] + clause[start + len(source):]).strip()
        clause = clause.strip(" \"'")
        if not clause:
            return ""
        if clause[-1] not in ".!?,;:":
            clause += "."
        return f"{clause} {source}"

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        records = await super().generate(slots, ctx)
        self.control_drift([r for r in records if r.status is Status.OK])
        return records

    def control_drift(self, records: list[Record]) -> None:
        """The drift verdict of each record: similarity to its source within the bounds."""
        for record, outcome in zip(records, drift_outcomes(
                records, self.params.min_similarity, self.params.max_similarity), strict=True):
            self.apply(record, outcome)


def drift_outcomes(records: list[Record], lo: float, hi: float) -> list[Outcome]:
    """The drift verdict of each record (its ``text`` against its ``source`` in the bundled
    embeddings), the similarity kept as the verdict's score."""
    if not records:
        return []
    from synthloop.embed import embed

    texts = embed([r.data["text"] for r in records])
    sources = embed([r.data["source"] for r in records])
    outcomes: list[Outcome] = []
    for sim in np.einsum("ij,ij->i", texts, sources):
        passed, code, reason = drift_outcome(float(sim), lo, hi)
        score = round(float(sim), 4)
        outcomes.append(Pass(code, reason, score) if passed else Reject(code, reason, score))
    return outcomes


def examples_by_label(path: Path, text_field: str, label_field: str) -> dict[str, list[str]]:
    """The real examples' texts by label, in file order (example ``n`` is the ``n``-th)."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for row in Table(path).strict_rows():
        text, label = row.data.get(text_field), row.data.get(label_field)
        if text is None or label is None:
            raise DataError(f"{row.where}: needs the fields {text_field!r} and "
                            f"{label_field!r} (set text_field/label_field)")
        by_label[str(label)].append(str(text))
    return by_label


def label_key_problems(spec: Spec, label_key: str) -> list[tuple[str, str]]:
    """``check_spec``'s refusal of slots without the attribute that names their label."""
    have = slot_attribute_names(spec)
    if label_key in have:
        return []
    return [("label_key", f"slots have no {label_key!r} attribute to use as the label (they "
             f"have {', '.join(sorted(have)) or 'none'}); list the labels under "
             "target.taxonomy or set label_key")]


def pick_source(by_label: dict[str, list[str]], slot: Slot, p: RealExamples,
                rng: random.Random) -> tuple[str, str]:
    """(label, real example) of a slot: its ``example`` attribute's number (1 is the label's
    first example, wrapping), or a choice by ``rng`` without one."""
    label = str(slot.attributes.get(p.label_key, ""))
    pool = by_label.get(label)
    if not pool:
        raise RecipeInputError(f"no real example has the label {label!r} in {p.examples}; "
                               "augmentation varies real examples")
    which = slot.attributes.get(p.example_key)
    if which is None:
        return label, rng.choice(pool)
    if str(which).isdigit() and int(which) >= 1:
        return label, pool[(int(which) - 1) % len(pool)]
    raise RecipeInputError(f"slot attribute {p.example_key}={which!r} is not an example "
                           "number (1 is the label's first real example)")
