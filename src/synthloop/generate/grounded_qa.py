"""``generate.grounded_qa``: questions over a folder of documents, each with its answer and the
evidence it rests on.

Each slot takes one chunk (see :mod:`synthloop.generate.chunks`) and one kind, dealt in the
configured ``shares``:

- ``extractive``: the answer is stated in the chunk; ``evidence`` quotes the sentence;
- ``multi_hop``: the answer needs the chunk and the next one (in path order); ``evidence``
  quotes one sentence from each;
- ``unanswerable``: a question on the chunk's topic that the chunk does not answer; the
  answer is ``unanswerable`` and ``evidence`` is empty (an evaluation set needs items where the
  right answer is to decline).

The record keeps the passages it was written from (``context``, ``chunk_ids``), so
``validate.grounded`` checks the evidence against exactly what the teacher saw. Whether the
evidence is really there is that stage's job: this one keeps whatever the teacher wrote.

```yaml
stages:
  - use: generate.grounded_qa
    documents: docs/          # .txt .md .html .pdf
    shares: {extractive: 0.6, multi_hop: 0.2, unanswerable: 0.2}
  - use: validate.grounded
```
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, PositiveInt, field_validator

from synthloop.records import UNANSWERABLE, Record, Slot
from synthloop.registry import register
from synthloop.stages import StageContext
from synthloop.teachers import Completion

from .chunks import DocumentsParams, check_shares, deal, read_chunks
from .recipe import Request, TeacherRecipe

Kind = Literal["extractive", "multi_hop", "unanswerable"]

SYSTEM = ("You write reading-comprehension questions about the passages you are given. Reply "
          "with a JSON object with the keys question, answer and evidence (a list of exact "
          "quotes copied from the passages).")
ASK = {
    "extractive": ("Write one question whose answer is stated in the passage. The answer is a "
                   "short phrase from the passage; evidence is a list with the one sentence "
                   "of the passage, copied exactly, that states it."),
    "multi_hop": ("Write one question that can only be answered by combining a fact from "
                  "passage 1 with a fact from passage 2. Evidence is a list of two sentences "
                  "copied exactly: one from each passage."),
    "unanswerable": ("Write one question about the topic of the passage that the passage does "
                     f"NOT answer. The answer is exactly \"{UNANSWERABLE}\" and evidence is an "
                     "empty list."),
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"question": {"type": "string", "minLength": 1},
                   "answer": {"type": "string", "minLength": 1},
                   "evidence": {"type": "array", "items": {"type": "string"}}},
    "required": ["question", "answer", "evidence"],
}


def _default_shares() -> dict[Kind, float]:
    return {"extractive": 0.6, "multi_hop": 0.2, "unanswerable": 0.2}


class GroundedQAParams(DocumentsParams):
    """``shares`` of each kind (relative weights); ``max_tokens`` per answer."""

    shares: dict[Kind, float] = Field(default_factory=_default_shares)
    max_tokens: PositiveInt | None = 256

    @field_validator("shares")
    @classmethod
    def _shares(cls, value: dict[Kind, float]) -> dict[Kind, float]:
        check_shares(value)
        return value


def passages(texts: list[str]) -> str:
    if len(texts) == 1:
        return f"Passage:\n{texts[0]}"
    return "\n\n".join(f"Passage {i}:\n{t}" for i, t in enumerate(texts, start=1))


@register
class GroundedQA(TeacherRecipe[GroundedQAParams]):
    """Questions, answers and evidence quotes over chunks of a folder of documents."""

    name = "generate.grounded_qa"
    templates = (SYSTEM, *ASK.values())
    output_fields = ("question", "answer", "evidence", "kind", "chunk_ids", "context", "doc")

    def setup(self, ctx: StageContext) -> None:
        self._chunks = read_chunks(self.params, ctx)

    def request(self, slot: Slot, k: int) -> Request:
        n = len(self._chunks)
        kind = deal(slot.index, self.params.shares)
        first = self._chunks[slot.index % n]
        used = [first, self._chunks[(slot.index + 1) % n]] if kind == "multi_hop" else [first]
        texts = [c.text for c in used]
        messages = [{"role": "system", "content": SYSTEM},
                    {"role": "user", "content": f"{passages(texts)}\n\n{ASK[kind]}"}]
        return Request(messages, schema=SCHEMA,
                       options={"seed": slot.seed + k, "max_tokens": self.params.max_tokens},
                       context={"kind": kind, "chunk_ids": [c.id for c in used],
                                "context": texts, "doc": first.doc})

    def parse(self, record: Record, answer: Completion, request: Request) -> None:
        value = answer.parsed
        assert isinstance(value, dict)  # the schema made it an object
        record.data = {"question": value["question"].strip(), "answer": value["answer"].strip(),
                       "evidence": [e for e in value["evidence"] if e.strip()],
                       **request.context}
