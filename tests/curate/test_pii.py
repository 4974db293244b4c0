from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from synthloop.curate.pii.detect import detect, iban_valid, luhn_valid
from synthloop.curate.pii.operators import apply
from synthloop.curate.pii.stage import Pii, PiiParams
from synthloop.records import Record

from .conftest import statuses

TEXT = ("Contact Maria Garcia at maria.garcia@example.com or +1 415-555-0199. Card "
        "4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789, "
        "server 10.0.0.12, office 221 Baker Street, Apt 4.")


def test_checksums() -> None:
    assert luhn_valid("4111 1111 1111 1111") and not luhn_valid("4111 1111 1111 1112")
    assert iban_valid("GB82 WEST 1234 5698 7654 32") and not iban_valid("GB83WEST12345698765432")


def test_detects_every_entity_type() -> None:
    found = {(e.type, e.text) for e in detect(TEXT)}
    assert found == {
        ("PERSON", "Maria Garcia"), ("EMAIL_ADDRESS", "maria.garcia@example.com"),
        ("PHONE_NUMBER", "+1 415-555-0199"), ("CREDIT_CARD", "4111 1111 1111 1111"),
        ("IBAN_CODE", "GB82 WEST 1234 5698 7654 32"), ("US_SSN", "123-45-6789"),
        ("IP_ADDRESS", "10.0.0.12"), ("STREET_ADDRESS", "221 Baker Street, Apt 4")}


@pytest.mark.parametrize("text", [
    "Order 4111 1111 1111 1112 shipped",  # fails Luhn
    "SSN 000-12-3456 is never issued",
    "version 300.1.2.3 of the tool",  # not an IP
    "the war of 1939-1945 and 2019-2020",
    "We will meet in May with Grant money.",
])
def test_lookalikes_are_not_pii(text: str) -> None:
    assert detect(text) == []


@pytest.mark.parametrize(("operator", "expected"), [
    ("redact", "Mail [EMAIL_ADDRESS], card [CREDIT_CARD]."),
    ("mask", "Mail ***@*******.***, card **** **** **** 1111."),
])
def test_operators(operator: str, expected: str) -> None:
    text = "Mail bob@example.com, card 4111 1111 1111 1111."
    assert apply(text, detect(text), operator, "salt") == expected  # type: ignore[arg-type]


def test_hash_and_fake_are_consistent_per_value() -> None:
    text = "bob@example.com wrote to bob@example.com and amy@example.org"
    hashed = apply(text, detect(text), "hash", "s1")
    tags = hashed.split()
    assert tags[0] == tags[3] != tags[5] and tags[0].startswith("<EMAIL_ADDRESS:")
    assert apply(text, detect(text), "hash", "s2") != hashed  # the salt matters
    faked = apply(text, detect(text), "fake", "s1")
    words = faked.split()
    assert words[0] == words[3] != "bob@example.com" and "@" in words[0]


def _run(params: dict, data: dict, ctx) -> Record:
    rec = Record(id="r", data=data)
    asyncio.run(Pii(PiiParams(**params)).process([rec], ctx("curate.pii")))
    return rec


def test_transform_rewrites_fields_and_messages(ctx) -> None:
    rec = _run({}, {"instruction": "Email amy@example.org", "messages": [
        {"role": "user", "content": "I am Maria Garcia"}]}, ctx)
    assert rec.data["instruction"] == "Email [EMAIL_ADDRESS]"
    assert rec.data["messages"][0]["content"] == "I am [PERSON]"
    assert rec.changed and rec.accepted
    assert rec.verdicts[-1].check == "curate.pii.redact"
    assert rec.verdicts[-1].reason == "redact: 1 EMAIL_ADDRESS, 1 PERSON"


def test_reject_names_types_and_positions_not_values(ctx) -> None:
    rec = _run({"action": "reject", "entities": ["US_SSN"]},
               {"response": "My SSN is 123-45-6789, email a@b.co"}, ctx)
    assert rec.status_reason == "contains PII (1 US_SSN): response: US_SSN at 10-21"
    assert "123-45" not in rec.status_reason


def test_unknown_entity_is_a_spec_error() -> None:
    with pytest.raises(ValidationError, match="unknown entity PASSPORT"):
        PiiParams(entities=["PASSPORT"])


def test_pii_from_a_source_spec(run_source) -> None:
    rows = [{"instruction": "Write to bob@example.com", "response": "Done."},
            {"instruction": "Nothing private here", "response": "Fine."}]
    with run_source(rows, [{"use": "curate.pii", "operator": "mask"}]) as run:
        got = statuses(run)
        assert {r.data["instruction"] for r in run.records()} == {
            "Write to ***@*******.***", "Nothing private here"}
    assert got["Nothing private here"] == ("accepted", None)


def test_languages_are_not_people() -> None:
    from synthloop.curate.pii.detect import detect

    assert detect("Translate the sentence into French.") == []
    assert [e.type for e in detect("I will visit the museum with Grace tomorrow.")] == ["PERSON"]
