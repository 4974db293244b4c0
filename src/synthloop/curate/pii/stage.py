"""``curate.pii``: find personal data in records and de-identify it, or reject the record.

``action: transform`` (the default) rewrites each text field with the ``operator`` (redact,
mask, hash or fake; see :mod:`synthloop.curate.pii.operators`) through ``Record.rewrite``, so
the store keeps the original for ``show --original`` and the funnel counts the record as
modified, and leaves a passing verdict that counts what was replaced; ``action: reject``
rejects records that contain PII. Reasons name entity types and character positions, never
the values themselves.

PERSON is not looked for unless ``entities`` names it: a name pattern cannot tell a private
person from a public or a made-up one. On the Self-Instruct seed tasks, asking for PERSON
touches 21 of 175 records instead of 1: 13 name public figures or famous characters (Michelle
Obama, Neil Armstrong, Harry Potter), 8 made-up people in examples ("Roger has 5 tennis
balls"). ``benchmarks/pii_eval.py`` measures both sides. PRIVATE_PERSON, looked for by
default, is a name the text itself marks as a private person's: "my landlord Pieter", "I'm
Sofia Rossi", a handle "@maria.gonzalez" (:func:`synthloop.curate.pii.names.private_person_spans`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from pydantic import Field, field_validator

from synthloop.curate.pii import detect as regex_backend
from synthloop.curate.pii.detect import DEFAULT_ENTITIES, ENTITIES, Entity
from synthloop.curate.pii.operators import Operator, apply
from synthloop.records import TEXT_FIELDS, Record
from synthloop.registry import register
from synthloop.stages import Pass, RecordStage, Reject, Rewrite, StageContext, StageParams


class PiiParams(StageParams):
    """``entities`` to look for: EMAIL_ADDRESS, CREDIT_CARD, IBAN_CODE, US_SSN, IP_ADDRESS,
    PHONE_NUMBER, STREET_ADDRESS, DATE_OF_BIRTH, PASSPORT, PRIVATE_PERSON (the default), and
    PERSON when named. ``salt`` keys the hash and fake operators; keep it secret if hashed
    values must not be guessable."""

    action: Literal["transform", "reject"] = "transform"
    operator: Operator = "redact"
    entities: list[str] = Field(default_factory=lambda: list(DEFAULT_ENTITIES))
    backend: Literal["regex", "presidio"] = "regex"
    spacy_model: str | None = None
    fields: list[str] | None = None
    salt: str = "synthloop"

    @field_validator("entities")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [e for e in value if e not in ENTITIES]
        if unknown:
            raise ValueError(f"unknown entity {', '.join(unknown)}; known: {', '.join(ENTITIES)}")
        return value


def _summary(found: dict[str, list[Entity]]) -> str:
    counts = Counter(e.type for entities in found.values() for e in entities)
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))


@register
class Pii(RecordStage[PiiParams]):
    """Finds personal data (emails, phones, cards, addresses...) and redacts, masks, hashes or
    fakes it, or rejects the record."""

    name = "curate.pii"
    cpu_bound = True
    batch_size = 256

    def detect(self, text: str) -> list[Entity]:
        p = self.params
        if p.backend == "presidio":
            from synthloop.curate.pii import presidio

            return presidio.detect(text, p.entities, p.spacy_model)
        return regex_backend.detect(text, p.entities)

    def _scan(self, data: dict[str, Any]) -> dict[str, list[Entity]]:
        """Entities per field; chat messages appear as ``messages[i]``."""
        p = self.params
        found: dict[str, list[Entity]] = {}
        for key in p.fields or TEXT_FIELDS:
            value = data.get(key)
            if isinstance(value, str) and (entities := self.detect(value)):
                found[key] = entities
        messages = data.get("messages")
        if p.fields is None and isinstance(messages, list):
            for i, message in enumerate(messages):
                content = message.get("content") if isinstance(message, dict) else None
                if isinstance(content, str) and (entities := self.detect(content)):
                    found[f"messages[{i}]"] = entities
        return found

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        p = self.params
        for rec in batch:
            found = self._scan(rec.data)
            if not found:
                self.apply(rec, Pass("clean"))
            elif p.action == "reject":
                where = "; ".join(f"{key}: " + ", ".join(f"{e.type} at {e.start}-{e.end}"
                                                         for e in entities)
                                  for key, entities in found.items())
                self.apply(rec, Reject("contains_pii",
                                       f"contains PII ({_summary(found)}): {where}"))
            else:
                self.apply(rec, Rewrite(self._rewritten(rec.data, found), p.operator,
                                        f"{p.operator}: {_summary(found)}"))
        return batch

    def _rewritten(self, data: dict[str, Any],
                   found: dict[str, list[Entity]]) -> dict[str, Any]:
        """The new value of each field with PII; ``messages`` as a whole new list."""
        p = self.params
        changed: dict[str, Any] = {}
        for key, entities in found.items():
            if key.startswith("messages["):
                messages = changed.setdefault("messages", [dict(m) for m in data["messages"]])
                i = int(key[len("messages["):-1])
                messages[i]["content"] = apply(messages[i]["content"], entities, p.operator,
                                               p.salt)
            else:
                changed[key] = apply(data[key], entities, p.operator, p.salt)
        return changed
