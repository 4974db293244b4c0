"""De-identification operators: what a detected PII span is replaced with.

- ``redact``: the entity type in brackets, ``[EMAIL_ADDRESS]``: readable, nothing left.
- ``mask``: every letter and digit becomes ``*``, except the last four digits of card and
  account numbers (as receipts print them); punctuation stays, so the shape survives.
- ``hash``: ``<EMAIL_ADDRESS:3f2a9c1e>``, a salted BLAKE2b of the value, so the same person or
  number is linkable across records without being readable.
- ``fake``: a realistic value of the same type from Faker, seeded by the salted hash of the
  original, so a value always maps to the same fake (consistent within and across runs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from typing import Any, Literal

from synthloop.curate.pii.detect import Entity

Operator = Literal["redact", "mask", "hash", "fake"]
_KEEP_LAST_DIGITS = {"CREDIT_CARD", "IBAN_CODE"}


def _digest(value: str, salt: str) -> bytes:
    return hashlib.blake2b(value.encode(), key=salt.encode()[:64], digest_size=8).digest()


def mask(entity: Entity) -> str:
    keep_from = len(entity.text)
    if entity.type in _KEEP_LAST_DIGITS:
        digits = [i for i, c in enumerate(entity.text) if c.isdigit()]
        keep_from = digits[-4] if len(digits) >= 4 else keep_from
    return "".join("*" if c.isalnum() and i < keep_from else c
                   for i, c in enumerate(entity.text))


@cache
def _faker() -> Any:
    from faker import Faker

    return Faker("en_US")


_FAKES: dict[str, Callable[[Any], str]] = {
    "EMAIL_ADDRESS": lambda f: f.email(),
    "CREDIT_CARD": lambda f: f.credit_card_number(),
    "IBAN_CODE": lambda f: f.iban(),
    "US_SSN": lambda f: f.ssn(),
    "IP_ADDRESS": lambda f: f.ipv4_public(),
    "PHONE_NUMBER": lambda f: f.phone_number(),
    "STREET_ADDRESS": lambda f: f.street_address(),
    "DATE_OF_BIRTH": lambda f: f.date_of_birth().isoformat(),
    "PASSPORT": lambda f: f.passport_number(),
    "PRIVATE_PERSON": lambda f: f.name(),
    "PERSON": lambda f: f.name(),
}


def fake(entity: Entity, salt: str) -> str:
    faker = _faker()
    faker.seed_instance(int.from_bytes(_digest(entity.text, salt), "big"))
    make = _FAKES.get(entity.type)
    return make(faker) if make else f"[{entity.type}]"


def replacement(entity: Entity, operator: Operator, salt: str) -> str:
    if operator == "redact":
        return f"[{entity.type}]"
    if operator == "mask":
        return mask(entity)
    if operator == "hash":
        return f"<{entity.type}:{_digest(entity.text, salt).hex()[:8]}>"
    return fake(entity, salt)


def apply(text: str, entities: list[Entity], operator: Operator, salt: str = "") -> str:
    """``text`` with each (non-overlapping) entity replaced."""
    out: list[str] = []
    pos = 0
    for entity in sorted(entities, key=lambda e: e.start):
        out.append(text[pos:entity.start])
        out.append(replacement(entity, operator, salt))
        pos = entity.end
    out.append(text[pos:])
    return "".join(out)

