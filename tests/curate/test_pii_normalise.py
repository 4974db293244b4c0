"""The text PII detection reads (:mod:`synthloop.curate.pii.normalise`) and what it finds there."""

from __future__ import annotations

import asyncio
import decimal

import pytest

from synthloop.curate.pii.detect import CONSTANTS, DEFAULT_ENTITIES, detect
from synthloop.curate.pii.normalise import normalised
from synthloop.curate.pii.stage import Pii, PiiParams
from synthloop.records import Record


@pytest.mark.parametrize(("text", "read"), [
    ("ola.nyberg\u200b@\u200cmail.se", "ola.nyberg@mail.se"),  # zero-width space and non-joiner
    ("ola.nyberg&#64;mail.se", "ola.nyberg@mail.se"),
    ("ola.nyberg&commat;mail&period;se", "ola.nyberg@mail.se"),
    ("ola.nyberg%40mail.se", "ola.nyberg@mail.se"),
    ("host 10 dot 4 dot 77 dot 203 is up", "host 10.4.77.203 is up"),
    ("host 10.4.77[.]203 is up", "host 10.4.77.203 is up"),
    ("pay 4024_0071_5336_1885 now", "pay 4024 0071 5336 1885 now"),
    ("ssn 219-09-\n9999 ok", "ssn 219-09-9999 ok"),
    ("iban DE89 3704 0044\n0532 0130 00", "iban DE89 3704 0044 0532 0130 00"),
    # tricks combined: decoded first, then joined
    ("pay 4024_0071\u200b_5336_1885", "pay 4024 0071 5336 1885"),
    ("host 10\u200b dot 4 dot 77 dot 203", "host 10.4.77.203"),
])
def test_dress_is_read_off(text: str, read: str) -> None:
    assert normalised(text).text == read


@pytest.mark.parametrize("text", [
    "Tom &amp; Jerry scored 3 dot 5 points",  # "&" decodes to no identifier's punctuation
    "a 50%20 share",  # "%20" is a space, not a joiner
    "we met at 5 dot 30, then dot 2",  # no four numbers of an IP's shape
    "x = 1_000_000 and test_4_5",  # thousands, and digits inside a name
    "Total: 12\n34 apples",  # a line break after a lone number
])
def test_clean_text_reads_as_written(text: str) -> None:
    assert normalised(text).text == text


def test_spans_map_back_to_the_original_characters() -> None:
    text = "mail a.b\u200b@c.se or x&#64;y.se"
    reading = normalised(text)
    start = reading.text.index("x@y.se")
    assert reading.original_span(start, start + len("x@y.se")) == (text.index("x&"), len(text))
    assert reading.original_span(5, 12) == (5, 13)  # "a.b@c.se" spans the zero-width space


@pytest.mark.parametrize(("text", "expected"), [
    ("Write to ola.nyberg&#64;mail.se today.", [("EMAIL_ADDRESS", "ola.nyberg&#64;mail.se")]),
    ("Write to ola.nyberg\u200b@mail.se today.", [("EMAIL_ADDRESS", "ola.nyberg\u200b@mail.se")]),
    ("my router is 77 dot 12 dot 9 dot 200", [("IP_ADDRESS", "77 dot 12 dot 9 dot 200")]),
    ("card 4024_0071_5336_1885, exp 11/26", [("CREDIT_CARD", "4024_0071_5336_1885")]),
    ("card 4024_0071\u200b_5336_1885.", [("CREDIT_CARD", "4024_0071\u200b_5336_1885")]),
    ("my ssn is 219-09-\n9999.", [("US_SSN", "219-09-\n9999")]),
    ("text me on wa.me/4915123456789 later", [("PHONE_NUMBER", "wa.me/4915123456789")]),
    ("find me at t.me/ingrid_holm anytime", [("PRIVATE_PERSON", "t.me/ingrid_holm")]),
])
def test_dressed_identifiers_are_found_at_their_original_span(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize("text", [
    "The channel t.me/chess_news posts daily.",  # a handle that spells no first name
    "phi begins 1618033988749894, then 82",  # a constant's digits (Luhn-valid)
    "the decimals of e: 7182818284590452",  # after its point
    "Use 9.9.9.9 or 8.8.4.4 as your resolver.",
    "Our puppy Rolo was born on 5 May 2021.",
    "The city library is located at 12 Baker Street.",
    "The Stadtmuseum is at Kirchgasse 4, open daily.",
])
def test_look_alikes_are_clean(text: str) -> None:
    assert detect(text, DEFAULT_ENTITIES) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a constant's digits changed are a number again (Luhn-valid, no constant begins so)
    ("card 1618033988749811", [("CREDIT_CARD", "1618033988749811")]),
    ("My son Rolo was born on 5 May 2021.", [("DATE_OF_BIRTH", "5 May 2021")]),
    ("my flat near the library is at 12 Baker Street.",
     [("STREET_ADDRESS", "12 Baker Street")]),
    ("server 9.9.9.10 is mine", [("IP_ADDRESS", "9.9.9.10")]),
])
def test_the_rules_for_look_alikes_stay_narrow(text: str,
                                               expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


def test_constants_are_their_digits() -> None:
    """The table against the standard library's arithmetic, where it computes the constant."""
    decimal.getcontext().prec = 50
    two, three, five, ten = (decimal.Decimal(n) for n in (2, 3, 5, 10))
    computed = {"e": decimal.Decimal(1).exp(), "sqrt 2": two.sqrt(), "sqrt 3": three.sqrt(),
                "golden ratio": (1 + five.sqrt()) / 2, "ln 2": two.ln(), "ln 10": ten.ln()}
    for name, value in computed.items():
        digits = CONSTANTS[name]
        assert str(value).replace(".", "").startswith(digits), name


def test_a_dressed_email_is_redacted_whole(ctx) -> None:
    rec = Record(id="r", data={"response": "Mail ola.nyberg&#64;mail.se now."})
    asyncio.run(Pii(PiiParams()).process([rec], ctx("curate.pii")))
    assert rec.data["response"] == "Mail [EMAIL_ADDRESS] now."
    assert rec.verdicts[-1].reason == "redact: 1 EMAIL_ADDRESS"


def test_a_dressed_card_is_rejected_with_its_original_span(ctx) -> None:
    rec = Record(id="r", data={"response": "card 4024_0071_5336_1885"})
    asyncio.run(Pii(PiiParams(action="reject")).process([rec], ctx("curate.pii")))
    assert rec.verdicts[-1].check == "curate.pii.contains_pii"
    assert rec.status_reason == "contains PII (1 CREDIT_CARD): response: CREDIT_CARD at 5-24"


@pytest.mark.parametrize(("text", "expected"), [
    ("nous habitons au 7 rue des tilleuls, 69003 lyon.",
     [("STREET_ADDRESS", "7 rue des tilleuls, 69003 lyon")]),
    ("Vivo en 8 Calle Mayor, 28013 Madrid.", [("STREET_ADDRESS", "8 Calle Mayor, 28013 Madrid")]),
    # a street word English shares, and no postcode, read nothing
    ("He ran 5 avenue blocks, 12000 steps.", []),
    ("Turn at 3 rue signs and walk on.", []),
])
def test_an_address_in_the_romance_order(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected
