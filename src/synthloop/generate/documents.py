"""``generate.documents``: new domain documents, Cosmopedia-style: a seed passage x an audience
x a format.

Cosmopedia's diversity comes from crossing a seed (a web extract) with who the text is for and
what kind of text it is; the same passage becomes a textbook section for college students and a
blog post for children. Here slot ``i`` takes chunk ``i mod n`` of the documents folder as its
seed, and its audience and format from the slot's attributes when the plan has them (so the
plan balances them), else dealt by the golden-ratio sequence over the lists.

```yaml
target:
  size: 60
  attributes: {audience: [children, college students], format: [textbook section, blog post]}
stages:
  - {use: generate.documents, documents: docs/}
```
"""

from __future__ import annotations

from pydantic import Field, PositiveInt

from synthloop.records import Record, Slot
from synthloop.registry import register
from synthloop.stages import Fail, StageContext
from synthloop.teachers import Completion

from .chunks import DocumentsParams, deal, read_chunks
from .recipe import Request, TeacherRecipe

ASK = ("Here is an extract from a document:\n\n{seed}\n\nWrite a {format} for {audience} "
       "about the topic of the extract. Explain it in depth with concrete examples, in the "
       "style of a {format}; do not mention the extract.")


class DocumentsRecipeParams(DocumentsParams):
    """``audiences`` and ``formats`` to cross with the seed passages (slot attributes named
    ``audience`` and ``format`` win); ``max_tokens`` per document."""

    audiences: list[str] = Field(default_factory=lambda: [
        "young children", "high school students", "college students", "professionals"],
        min_length=1)
    formats: list[str] = Field(default_factory=lambda: [
        "textbook section", "blog post", "tutorial", "FAQ"], min_length=1)
    max_tokens: PositiveInt | None = 512


@register
class Documents(TeacherRecipe[DocumentsRecipeParams]):
    """New documents from seed passages crossed with audiences and formats (Cosmopedia)."""

    name = "generate.documents"
    templates = (ASK,)
    output_fields = ("text", "seed_chunk_id", "audience", "format", "prompt")

    def setup(self, ctx: StageContext) -> None:
        self._chunks = read_chunks(self.params, ctx)

    def request(self, slot: Slot, k: int) -> Request:
        p = self.params
        seed = self._chunks[slot.index % len(self._chunks)]
        audience = str(slot.attributes.get("audience") or deal(
            slot.index, dict.fromkeys(p.audiences, 1.0)))
        fmt = str(slot.attributes.get("format") or deal(
            slot.index * 7 + 3, dict.fromkeys(p.formats, 1.0)))
        prompt = ASK.format(seed=seed.text, audience=audience, format=fmt)
        return Request([{"role": "user", "content": prompt}],
                       options={"seed": slot.seed + k, "max_tokens": p.max_tokens},
                       context={"seed_chunk_id": seed.id, "audience": audience, "format": fmt,
                                "prompt": prompt})

    def parse(self, record: Record, answer: Completion, request: Request) -> Fail | None:
        text = answer.text.strip()
        if not text:
            return Fail("the teacher wrote an empty document")
        record.data = {"text": text, **request.context}
        return None
