from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from synthloop.curate.pii.detect import (
    DEFAULT_ENTITIES,
    ENTITIES,
    deobfuscated,
    detect,
    iban_valid,
    luhn_valid,
)
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
    "Upgrade to version 10.2.3.4 before Friday; build 192.168.1.20 is older.",
    "the war of 1939-1945 and 2019-2020",
    "We will meet in May with Grant money.",
    # flagged on the Self-Instruct seed tasks before: places, days, words, analogies, ranges
    "Qatar; the Arab world; Asia; South Korea; Japan",
    "China | Asia | 1.402 billion \nUS | North America | 329.5 million",
    "Mount Rainier is the second highest mountain in North America.",
    "whether it's a busy Monday or a relaxed Sunday",
    "    return sorted(lst, reverse=True)",
    "- Hard-Boiled Egg\n- Mac and Cheese",
    "Night : Day :: Right : Left",
    "has roughly 700-1000 calories?",
    "totalling about 550 calories. The 4 strips of bacon contains about 200 calories.",
    "from 20 November to 18 December 2022",
    "between August 21 and August 28.",
    "rang in at $1.7 billion. In 2006, $2.3 billion",
    "5x + 21 - 3x = 27\nSubtract 21 from both sides",
    "Amount: $3.50\nCard Ending In\n6211",
    "Sender: alerts@info6.citi.com",
    "Dr. No is the sixth novel",
    "An ATM took my card",
    "I live in South Carolina, near San Bernardino",
    "Stereotype? If so, explain it. Else, output no.",
    # probe B: thousands grouped by spaces, units and suites in prose, labels before numbers
    "The census counted 38 538 447 people, up from 38 115 641 ten years earlier.",
    "Unit 7 of the course covers fractions.",
    "Tonight the cellist plays Suite 2 in D minor.",
    "The proof is in Chapter 3 Section 2. Read it first.",
    "version 2.0 at python.org",
    # lower-case street words after numbers: a count, an article, a unit, no clause end
    "Plant 25 seeds per row.",
    "It is a 6 lane highway.",
    "The tile is 1 inch square.",
    "It is 400 miles one way.",
    "Still, 60 people drive to work.",
])
def test_lookalikes_are_not_pii(text: str) -> None:
    assert detect(text, ENTITIES) == []



@pytest.mark.parametrize("text", [
    # GSM8K answers the default entities rewrote: calculator annotations, subtraction chains,
    # multiplication signs, decimals
    "He has 120-30-15 = <<120-30-15=75>>75 left.",
    "The discount is $420 × 0.2 = $<<420*0.2=84>>84.",
    "The profit was 200,000-130,000=$<<200000-130000=70000>>70,000.",
    "It took him 180-85-36=<<180-85-36=59>>59 minutes.",
    "The number of blue pens is 6 × 9 = <<6*9=54>>54.",
    "Out of the 200 Grade 5 students, 2/5 are boys.",
    "Argo also gives 80 Bonnie 80 toys and receives 500 points and Paislee 3 stars.",
    "She ran 3 miles more than Andrew's 2 miles.",
    "4500/3= <<4500/3=1500>>1500\n1500/100= <<1500/100=15>>15",
    "The price fell from 25.50-13.50 to nothing.",
    # MBPP tests: floats whose digits pass Luhn, a decimal string
    "assert lateralsuface_cylinder(10,5)==314.15000000000003",
    "assert surfacearea_sphere(10)==1256.6370614359173",
    "assert is_decimal('123.1214') == False",
    "assert f(9,6)==[[(5.0, 2.5358983848622456), (5.0, 4.8)]]",
])
def test_arithmetic_and_code_are_not_pii(text: str) -> None:
    assert detect(text, DEFAULT_ENTITIES) == []

@pytest.mark.parametrize(("text", "expected"), [
    ("Dear Olivia,\n\nThe conference went great", [("PERSON", "Olivia")]),
    ("I went to coffee with Sarah yesterday.", [("PERSON", "Sarah")]),
    ("A fine student. Jane has worked with me.", [("PERSON", "Jane")]),
    ("Mrs. Schwarz flew to Coles on Sunday morning.", [("PERSON", "Mrs. Schwarz")]),
    ("My name is Maria Garcia", [("PERSON", "Maria Garcia")]),
    ("Name: Ebony Moore\nPhone: (123) 456-7891",
     [("PERSON", "Ebony Moore"), ("PHONE_NUMBER", "(123) 456-7891")]),
    ("please call 555-0199 after six", [("PHONE_NUMBER", "555-0199")]),
    ("They're not answering at 374 780 163", [("PHONE_NUMBER", "374 780 163")]),
    ("write to e.moore@example.com", [("EMAIL_ADDRESS", "e.moore@example.com")]),
    ("the host fe80::1 and 192.168.0.7", [("IP_ADDRESS", "fe80::1"),
                                          ("IP_ADDRESS", "192.168.0.7")]),
    ("send it to 974 Via Roma 131, Apt 4", [("STREET_ADDRESS", "974 Via Roma 131, Apt 4")]),
    ("She lives at 1600 Pennsylvania Avenue.", [("STREET_ADDRESS", "1600 Pennsylvania Avenue")]),
    ("card 5500-0000-0000-0004 expired", [("CREDIT_CARD", "5500-0000-0000-0004")]),
    ("Phone:\n60-56-85-91", [("PHONE_NUMBER", "60-56-85-91")]),
    ("reach me at 905-674-3793 today", [("PHONE_NUMBER", "905-674-3793")]),
    ("Mobile: 03.93.92.16.85", [("PHONE_NUMBER", "03.93.92.16.85")]),
    ("Desk: (898)666-3621x0135", [("PHONE_NUMBER", "(898)666-3621x0135")]),
    ("6750 Koskikatu 25 Apt. 864\nHelsinki", [("STREET_ADDRESS", "6750 Koskikatu 25 Apt. 864")]),
    ("20789 Allika 46\nTallinn", [("STREET_ADDRESS", "20789 Allika 46")]),
    ("0304 Rua Cidade de Maracajá 468, Brazil",
     [("STREET_ADDRESS", "0304 Rua Cidade de Maracajá 468")]),
    # probe B: written to dodge a pattern
    ("Text me on 0 7 7 0 0 9 0 0 1 2 3 tonight.", [("PHONE_NUMBER", "0 7 7 0 0 9 0 0 1 2 3")]),
    ("Wire it to DE89-3704-0044-0532-0130-00 now.",
     [("IBAN_CODE", "DE89-3704-0044-0532-0130-00")]),
    ("Use card 4539.1488.0343.6467 for it.", [("CREDIT_CARD", "4539.1488.0343.6467")]),
    ("My social security number is 536221894.", [("US_SSN", "536221894")]),
    ("Send it to 221B Baker Street, London.", [("STREET_ADDRESS", "221B Baker Street")]),
    ("Send it to 42 wallaby way, sydney.", [("STREET_ADDRESS", "42 wallaby way")]),
    ("He lives at 9 old mill lane.", [("STREET_ADDRESS", "9 old mill lane")]),
    ("555 123 456 office", [("PHONE_NUMBER", "555 123 456")]),
])
def test_real_pii_is_still_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, ENTITIES)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Social: 536\u201322\u20131894, keep it safe.", [("US_SSN", "536\u201322\u20131894")]),
    ("Click mailto:anna.berg%40outlook.com?subject=Hi",
     [("EMAIL_ADDRESS", "anna.berg%40outlook.com")]),
    ("patient: dob 11/04/1987, allergic", [("DATE_OF_BIRTH", "11/04/1987")]),
    ('{"date_of_birth": "1990-02-17"}', [("DATE_OF_BIRTH", "1990-02-17")]),
    ("I was born on 2 March 1994 in Turin.", [("DATE_OF_BIRTH", "2 March 1994")]),
    ("My son was born on 3 May 2015.", [("DATE_OF_BIRTH", "3 May 2015")]),
    ("The king was born on February 12, 1809, in a cabin.", []),
    ("It opened on 3 May 2015; I was there.", []),
    ("Replace the filter (part no. 407-21-3308) every year.", []),
])
def test_dashes_percent_encoding_births_and_catalogue_numbers(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize(("text", "address"), [
    ("mail tom dot king at fastmail dot com today", "tom.king@fastmail.com"),
    ("Reach me: t.king[at]fastmail[.]com", "t.king@fastmail.com"),
    ("T.King (AT) uni (DOT) ac (DOT) uk, office hours only", "T.King@uni.ac.uk"),
    ("send it to tking {at} fastmail.net", "tking@fastmail.net"),
    # probe B: spaces round the @, a full-width @, a spelled at beside a mailbox's name
    ("My address is anna.berg @ outlook.com", "anna.berg @ outlook.com"),
    ("My address is anna.berg\uff20outlook.com", "anna.berg\uff20outlook.com"),
    ("Email: anna.berg at outlook.com", "anna.berg@outlook.com"),
])
def test_obfuscated_emails_are_found(text: str, address: str) -> None:
    found = detect(text, DEFAULT_ENTITIES)
    assert [e.type for e in found] == ["EMAIL_ADDRESS"]
    assert deobfuscated(found[0].text) == address


@pytest.mark.parametrize("text", [
    "find us at shopwise dot com for the sale",  # a site, not a mailbox
    "look at python dot org for the docs",
    "we met at noon. Dot brought the cake",
    "Tom works at fastmail.com",  # nothing hidden: an employer, not an address
    "support [at] fastmail [dot] com",  # a role mailbox
])
def test_prose_with_at_and_dot_is_not_an_email(text: str) -> None:
    assert detect(text, DEFAULT_ENTITIES) == []


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


def test_transform_rewrites_fields_and_messages_keeping_originals(ctx) -> None:
    messages = [{"role": "user", "content": "I am Maria Garcia"}]
    rec = _run({"entities": ["EMAIL_ADDRESS", "PERSON"]},
               {"instruction": "Email amy@example.org", "response": "Done.",
                "messages": messages}, ctx)
    assert rec.data["instruction"] == "Email [EMAIL_ADDRESS]"
    assert rec.data["messages"][0]["content"] == "I am [PERSON]"
    assert rec.originals == {
        "instruction": [{"by": "curate.pii", "value": "Email amy@example.org"}],
        "messages": [{"by": "curate.pii",
                      "value": [{"role": "user", "content": "I am Maria Garcia"}]}]}
    assert rec.modified_by == ["curate.pii"]
    assert rec.accepted
    assert rec.verdicts[-1].check == "curate.pii.redact"
    assert rec.verdicts[-1].reason == "redact: 1 EMAIL_ADDRESS, 1 PERSON"


def test_default_leaves_names_and_clean_records_unmodified(ctx) -> None:
    rec = _run({}, {"instruction": "Who is Michelle Obama?", "response": "An author."}, ctx)
    assert rec.data["instruction"] == "Who is Michelle Obama?"
    assert rec.originals == {} and rec.modified_by == []
    assert rec.verdicts[-1].check == "curate.pii.clean"


def test_reject_names_types_and_positions_not_values(ctx) -> None:
    rec = _run({"action": "reject", "entities": ["US_SSN"]},
               {"response": "My SSN is 123-45-6789, email a@b.co"}, ctx)
    assert rec.status_reason == "contains PII (1 US_SSN): response: US_SSN at 10-21"
    assert "123-45" not in rec.status_reason


def test_an_address_in_lower_case_is_rejected(ctx) -> None:
    """A house number, a name and a street word ending the clause are evidence in any case."""
    rec = _run({"action": "reject"}, {"response": "Send it to 42 wallaby way, sydney."}, ctx)
    assert rec.verdicts[-1].check == "curate.pii.contains_pii"
    assert rec.status_reason == "contains PII (1 STREET_ADDRESS): response: STREET_ADDRESS at 11-25"


def test_unknown_entity_is_a_spec_error() -> None:
    with pytest.raises(ValidationError, match="unknown entity US_PASSPORT"):
        PiiParams(entities=["US_PASSPORT"])


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


@pytest.mark.parametrize(("text", "expected"), [
    ("My neighbour Tomasz Wojcik from Gdansk owes me.", [("PRIVATE_PERSON", "Tomasz Wojcik")]),
    ("My landlord Pieter van der Berg keeps my deposit.", [("PRIVATE_PERSON", "Pieter")]),
    ("Hi, I'm Sofia Rossi.", [("PRIVATE_PERSON", "Sofia Rossi")]),
    ("DM me on Instagram: @maria.gonzalez.1987 tonight",
     [("PRIVATE_PERSON", "@maria.gonzalez.1987")]),
    ("@app.route('/')\ndef home(): ...", []),
    ("My favourite author is Jane Austen.", []),
    ("Neil Armstrong landed; I watched.", []),
])
def test_a_name_the_text_marks_as_a_private_person_s_is_found_by_default(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


def test_a_private_person_asked_for_as_person_too_is_a_person() -> None:
    assert [(e.type, e.text) for e in detect("Hi, I'm Sofia Rossi, @sofia.rossi.", ENTITIES)
            ] == [("PERSON", "Sofia Rossi"), ("PRIVATE_PERSON", "@sofia.rossi")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Olu lives in the yellow house, number 14, on Cherry Tree Lane in Reading.",
     [("STREET_ADDRESS", "Cherry Tree Lane")]),
    ("We moved to Elm Street last year.", [("STREET_ADDRESS", "Elm Street")]),
    ("\u041c\u043e\u0439 \u0430\u0434\u0440\u0435\u0441: \u0443\u043b. \u041b\u0435\u043d"
     "\u0438\u043d\u0430, \u0434. 5, \u043a\u0432. 3.",
     [("STREET_ADDRESS", "\u0443\u043b. \u041b\u0435\u043d\u0438\u043d\u0430, \u0434. 5, "
                         "\u043a\u0432. 3")]),
    ("Meet me at the caf\u00e9 on Abbey Road.", []),
    ("He lives well. The bus runs on Abbey Road.", []),
])
def test_a_street_where_someone_lives_and_a_russian_address(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Call me on oh seven seven double oh, nine double oh, one two three.",
     [("PHONE_NUMBER", "oh seven seven double oh, nine double oh, one two three")]),
    ("Count aloud: one two three four five six seven eight.", []),
    ("Call me at one two three.", []),
])
def test_a_phone_number_read_out_digit_by_digit(text: str,
                                                 expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("For the form: SSN is four eight one, two two, oh nine five seven.",
     [("US_SSN", "four eight one, two two, oh nine five seven")]),
    ("my social security number: three one seven double four six two oh eight",
     [("US_SSN", "three one seven double four six two oh eight")]),
    # never issued (area 9xx), and nine digits with no SSN word before them
    ("SSN is nine one two, three four, five six seven eight.", []),
    ("The social hour: one two three four five six seven eight nine, and go.", []),
])
def test_an_ssn_read_out_digit_by_digit(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Scan:\nP<CANOKAFOR<<ADAEZE<<<<<<<<<<<<<<<<<<<<<<<<<\n"
     "GA77319422CAN8806149F3302287<<<<<<<<<<<<<<06",
     [("PASSPORT", "P<CANOKAFOR<<ADAEZE<<<<<<<<<<<<<<<<<<<<<<<<<\n"
                   "GA77319422CAN8806149F3302287<<<<<<<<<<<<<<06")]),
    ("Her passport no. is K90211785 and it expires soon.", [("PASSPORT", "K90211785")]),
    ("Show your passport at the gate; passport control closes at noon.", []),
    # the zone's shape with a date of birth in month 14 is no passport
    ("GA77319422CAN8814149F3302287<<<<<<<<<<<<<<06", []),
])
def test_a_passport_number_labelled_or_in_its_machine_readable_zone(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize("text", [
    "Browse to 192.168.1.1 to open your router's settings.",  # a private network's gateway
    "The modem answers on 10.0.0.254 by default.",
    "Run the server on 127.0.0.1 and open it.",  # loopback
    "Replace 198.51.100.23 with your own host.",  # RFC 5737, for documentation
    "An example host is 2001:db8::8a2e:370:7334.",  # RFC 3849
])
def test_addresses_shared_by_everyone_are_not_pii(text: str) -> None:
    assert detect(text, DEFAULT_ENTITIES) == []


def test_a_private_network_host_that_is_no_gateway_is_still_an_address() -> None:
    assert [(e.type, e.text) for e in detect("ssh into 192.168.1.37", DEFAULT_ENTITIES)] == [
        ("IP_ADDRESS", "192.168.1.37")]


@pytest.mark.parametrize(("text", "expected"), [
    ("ask sam, his hotmail is skarter91, tonight", "skarter91"),
    ("Outlook: lena.fischer before noon", "lena.fischer"),
    ("my email address is j_okafor", "j_okafor"),
])
def test_a_mailbox_named_with_its_provider_is_an_email(text: str, expected: str) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == [
        ("EMAIL_ADDRESS", expected)]


@pytest.mark.parametrize("text", [
    "my email is below, so read it first",
    "Yahoo is older than Google.",
    "Check that the email: is it correct?",
])
def test_a_provider_named_without_a_mailbox_is_not_an_email(text: str) -> None:
    assert detect(text, DEFAULT_ENTITIES) == []


def test_a_mailbox_named_with_its_provider_is_rejected(ctx) -> None:
    rec = _run({"action": "reject"}, {"response": "her gmail is rkaur1988 now"}, ctx)
    assert rec.verdicts[-1].check == "curate.pii.contains_pii"
    assert rec.status_reason == ("contains PII (1 EMAIL_ADDRESS): response: EMAIL_ADDRESS "
                                 "at 13-22")


@pytest.mark.parametrize(("text", "expected"), [
    ("patient: amara okafor, allergic to latex", [("PRIVATE_PERSON", "amara okafor")]),
    ("please contact ingrid holm before noon", [("PRIVATE_PERSON", "ingrid holm")]),
    # a surname that reads as a verb is left off
    ("my flatmate tomasz owes me rent", [("PRIVATE_PERSON", "tomasz")]),
    # common words that are names somewhere stay words
    ("my student loan is due and i'm sad", []),
    ("my name is will and my friend said hi", []),
])
def test_a_private_person_s_name_in_lower_case(text: str,
                                               expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


def test_a_lower_case_private_name_is_found_with_person_asked_for_too() -> None:
    assert [(e.type, e.text) for e in detect("contact ingrid holm today", ENTITIES)] == [
        ("PRIVATE_PERSON", "ingrid holm")]


@pytest.mark.parametrize(("text", "expected"), [
    ("收件人：陈静，地址见附件", [("PRIVATE_PERSON", "陈静")]),  # recipient
    ("Добрый день, меня зовут Ольга Смирнова.", [("PRIVATE_PERSON", "Ольга Смирнова")]),
    ("北京是中国的首都。", []),  # Chinese with no label
    ("Москва — столица России.", []),
])
def test_a_name_in_another_script_after_a_label_or_an_introduction(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a listed given name and surname in their own script, after the writer's own word
    ("Η γιατρός μου, η Μαρία Παπαδοπούλου, είναι σε άδεια.",  # my doctor
     [("PRIVATE_PERSON", "Μαρία Παπαδοπούλου")]),
    ("Мой сосед Иван Петров опять шумит.", [("PRIVATE_PERSON", "Иван Петров")]),  # my neighbour
    ("私の上司の高橋直樹さんは今日休みです。", [("PRIVATE_PERSON", "高橋直樹")]),  # my boss
    ("저는 김민준입니다.", [("PRIVATE_PERSON", "김민준")]),  # I am
    # "my" and "my name is" in languages written in Latin script
    ("Mi casero, Juan García, no me devuelve la fianza.", [("PRIVATE_PERSON", "Juan García")]),
    ("Mein Nachbar Thomas Müller ist laut.", [("PRIVATE_PERSON", "Thomas Müller")]),
    ("Je m'appelle Claire Dubois.", [("PRIVATE_PERSON", "Claire Dubois")]),
    # the same names told as a public figure's, with no word of the writer's own, or the
    # writer's word far from the name, or an English text's "mine"
    ("Mon frère a vu Emmanuel Macron à Paris.", []),
    ("Mine and John Smith's reports are due.", []),
    ("高橋直樹さんは有名な俳優です。", []),
    ("Ο Νίκος Καζαντζάκης έγραψε τον Ζορμπά.", []),
    ("Лев Толстой родился 9 сентября 1828 года.", []),
])
def test_a_name_the_writer_marks_as_their_own_in_another_language(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a record's label names a private party: the name is private too
    ("Tenant: Anna Berg (03.04.1988), flat 2.", [("PRIVATE_PERSON", "Anna Berg"),
                                                 ("DATE_OF_BIRTH", "03.04.1988")]),
    ("Witness: Daniel Okoro, 2 March 1984, London.", [("DATE_OF_BIRTH", "2 March 1984")]),
    # a recent date after a name is a meeting's; a date after no name is no one's
    ("Meeting with John Smith, 12.03.2024, room 4.", []),
    ("Shipped on 17.08.1979, Sevilla.", []),
])
def test_a_full_date_as_the_entry_after_a_person_s_name_is_a_birth_date(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Date de naissance : 3 mars 1985", [("DATE_OF_BIRTH", "3 mars 1985")]),
    ("Fecha de nacimiento: 3 de marzo de 1985", [("DATE_OF_BIRTH", "3 de marzo de 1985")]),
    ("Geburtsdatum: 12. Mai 1985", [("DATE_OF_BIRTH", "12. Mai 1985")]),
    # a date in those languages with no label of birth is no one's
    ("Der Vertrag vom 12. Mai 1985 gilt.", []),
])
def test_a_birth_date_labelled_in_another_language(text: str,
                                                   expected: list[tuple[str, str]]) -> None:
    assert [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)] == expected


@pytest.mark.parametrize("text", [
    "Pay with 5454 5454 5454 5454 in the sandbox.",  # a unit repeated: a published test card
    "Set the subnet mask to 255.255.0.0 on the router.",  # reserved: a netmask
    "mDNS answers on 224.0.0.251 port 5353.",  # multicast: a group, no device
    "Write your address here, such as 42 Elm Road, Springfield.",  # an example to copy
    "Send it to the Mayor at 12 Harbour Road, Portsmouth.",  # a public office's address
    "the draw: 03 08 15 22 27 31 and 44",  # six groups: a list of numbers, not a phone
    "The register reads 0b1100 0011 1010 after reset.",  # binary digits after 0b
])
def test_shared_or_placeholder_values_name_no_one(text: str) -> None:
    assert detect(text, DEFAULT_ENTITIES) == []


def test_a_home_address_and_a_phone_stay_found_beside_those_rules() -> None:
    found = detect("My flat is at 42 Elm Road; call 020 7946 0958 or 06 12 34 56 78.",
                   DEFAULT_ENTITIES)
    assert [(e.type, e.text) for e in found] == [
        ("STREET_ADDRESS", "42 Elm Road"), ("PHONE_NUMBER", "020 7946 0958"),
        ("PHONE_NUMBER", "06 12 34 56 78")]


@pytest.mark.parametrize(("text", "expected"), [
    # a backslash escape for the @, in a JSON string or a Python one
    ('{"owner": "lars.eklund\\x40posteo.de"}', ("EMAIL_ADDRESS", "lars.eklund\\x40posteo.de")),
    # a link that texts a number
    ('<a href="sms:+4915112345678">Text Jonas</a>', ("PHONE_NUMBER", "sms:+4915112345678")),
    # a card number as a form's value in a URL's query: "=" assigns, it is no arithmetic
    ("GET /checkout?cc=4539148803436467&cvv=123", ("CREDIT_CARD", "4539148803436467")),
    # an IBAN in dotted groups, a word after it
    ("Pay into GB82.WEST.1234.5698.7654.32 today.", ("IBAN_CODE", "GB82.WEST.1234.5698.7654.32")),
    # an SSN split by slashes after a word that names one
    ("Her social security number 536/22/1894 is on file.", ("US_SSN", "536/22/1894")),
    # German "geb." (born) before a date
    ("Kunde: Lena Hoff, geb. 04.11.1985, Bremen", ("DATE_OF_BIRTH", "04.11.1985")),
    # a device's public IP with a port after it
    ("My Plex box answers on 81.2.69.142:32400 from outside.", ("IP_ADDRESS", "81.2.69.142")),
])
def test_identifiers_in_dress_that_hid_them(text: str, expected: tuple[str, str]) -> None:
    assert expected in [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)]


def test_a_date_in_a_figure_and_a_ratio_with_slashes_are_no_ssn() -> None:
    assert detect("The ratio 123/45/6789 in the table has no label.", DEFAULT_ENTITIES) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a Swiss number with a slash after the trunk 0 and the area code
    ("Erreichbar unter 044/2518833 ab acht Uhr.", ("PHONE_NUMBER", "044/2518833")),
    # an ordinal street's name, a unit with a letter
    ("Ship to Unit 12B, 455 East 23rd Street, Chicago.", ("STREET_ADDRESS",
                                                          "455 East 23rd Street")),
    # one's own PO box
    ("Forward my post to PO Box 918, Hobart TAS 7001.", ("STREET_ADDRESS", "PO Box 918")),
    # the street word, its name, then the number (Portuguese)
    ("Moro na rua das Flores 127, em Lisboa.", ("STREET_ADDRESS", "rua das Flores 127")),
    # a capitalised name after a record's label
    ("Tenant: Oskar Lindqvist, flat 4, rent overdue.", ("PRIVATE_PERSON", "Oskar Lindqvist")),
])
def test_private_addresses_phones_and_names_in_other_forms(
        text: str, expected: tuple[str, str]) -> None:
    assert expected in [(e.type, e.text) for e in detect(text, DEFAULT_ENTITIES)]


@pytest.mark.parametrize("text", [
    "Send payments to Acme Ltd, PO Box 4471, Leeds.",  # a business's box, no one's own
    "Sales fell in 05/2023 and rose in 06/2023.",  # months, not a slashed phone
    "The customer: a woman in her thirties.",  # a label without a name
])
def test_a_business_box_months_and_a_bare_label_stay_clean(text: str) -> None:
    assert detect(text, DEFAULT_ENTITIES) == []
