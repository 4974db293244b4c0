"""Regex recognisers for PII, each tightened by a validator where a checksum exists.

Patterns alone over-match (any 16 digits look like a card), so each recogniser may check what
it found: the Luhn checksum for credit cards, ISO 13616 mod-97 for IBANs, octet ranges and
``ipaddress`` for IPs, the SSA's never-issued ranges for SSNs, a digit count for phones.
Person names come from a gazetteer of first names (Faker's, across locales) followed by
capitalised words, so no NER model is needed; Presidio with spaCy is the heavier option
(:mod:`synthloop.curate.pii.presidio`).

Overlapping matches are resolved by recogniser priority (the order of :data:`ENTITIES`), then
by length: a Luhn-valid card number is not also reported as a phone number.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

ENTITIES = ("EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "US_SSN", "IP_ADDRESS",
            "STREET_ADDRESS", "PHONE_NUMBER", "PERSON")


@dataclass(frozen=True, slots=True)
class Entity:
    """A detected span ``text[start:end]`` of type ``type``."""

    type: str
    start: int
    end: int
    text: str


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if not 12 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(iban: str, context: str = "") -> bool:
    """ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    compact = iban.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _ip_valid(text: str, context: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _ssn_valid(text: str, context: str) -> bool:
    digits = re.sub(r"\D", "", text)
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return (area not in ("000", "666") and not area.startswith("9") and group != "00"
            and serial != "0000")


_NOT_PHONE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}\b|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$"
                        r"|^(?:19|20)\d\d\s*-\s*(?:19|20)\d\d$"  # dates, year ranges
                        r"|^\d{3}-\d{2}-\d{4}$")  # SSN-shaped, even when not a valid SSN


_EXTENSION = re.compile(r"\s?(?:x|ext\.?)\s?\d{1,5}$")


def _phone_valid(text: str, context: str) -> bool:
    text = _EXTENSION.sub("", text)
    digits = sum(c.isdigit() for c in text)
    if not 7 <= digits <= 15 or _NOT_PHONE.match(text):
        return False
    groups = re.split(r"[\s.()-]+", text.strip("+() "))
    return text.startswith(("+", "(")) or len(groups) >= 3 or (
        len(groups) == 2 and len(groups[-1]) >= 4) or (
        len(groups) == 1 and digits in (10, 11) and bool(_PHONE_CONTEXT.search(context)))


_PHONE_CONTEXT = re.compile(r"\b(?:phone|tel|telephone|mobile|cell|desk|fax|call|office)\b",
                            re.IGNORECASE)


def _card_valid(text: str, context: str) -> bool:
    """Luhn, and a 12-digit number (Maestro) only when the text before it mentions a card."""
    digits = sum(c.isdigit() for c in text)
    return luhn_valid(text) and (digits > 12 or bool(_CARD_CONTEXT.search(context)))


_CARD_CONTEXT = re.compile(r"\b(?:card|cc|visa|mastercard|maestro|amex)\b", re.IGNORECASE)


_STREET_TYPES = (
    "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
    "Terrace|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Alley|Crescent|Close|Row")

_UNIT = r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|#)\.?\s*\w+)?"
_FOREIGN_STREET = ("(?:katu|tie|stra(?:ss|ß)e|straat|stræti|straeti|veien|vegen|vej|gatan|gata|"
                   "gade|weg|wei|laan|plein|gasse|allee|utca|tér|sokak|caddesi)")

_PATTERNS: dict[str, tuple[re.Pattern[str], Callable[[str, str], bool] | None]] = {
    "EMAIL_ADDRESS": (re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                                 r"\.[A-Za-z]{2,}\b"), None),
    "IBAN_CODE": (re.compile(r"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}"
                             r"(?: ?[A-Za-z0-9]{1,3})?\b"), iban_valid),
    "CREDIT_CARD": (re.compile(r"(?<![\w-])\d(?:[ -]?\d){11,18}(?![\d-])"), _card_valid),
    "US_SSN": (re.compile(r"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])"), _ssn_valid),
    "IP_ADDRESS": (re.compile(r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|"
                              r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w:]|\.\w)"),
                   _ip_valid),
    "STREET_ADDRESS": (re.compile(
        # 221 Baker Street, Apt 4 / 974 Via Roma 131 / Koskikatu 25 / Suite 680
        rf"\b\d{{1,6}}\s+(?:[A-Z][\w'-]*\.?\s+){{1,4}}(?:{_STREET_TYPES})\b\.?{_UNIT}"
        rf"|\b\d{{1,6}}\s+(?:(?:[^\W\d_][\w'-]*|ul|str)\.?\s+){{0,3}}"
        rf"[A-ZÀ-Þ][\w'-]*\s+\d{{1,5}}\b{_UNIT}"
        rf"|\b[^\W\d_]+{_FOREIGN_STREET}\s+\d{{1,5}}\b{_UNIT}"
        r"|\b(?:Apt|Apartment|Suite|Ste|Unit)\.?\s*#?\d{1,5}\b"), None),
    "PHONE_NUMBER": (re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?"
                                r"\d{2,6}(?:[\s.-]\d{2,6}){0,4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?"
                                r"(?![\w]|-\d)"), _phone_valid),
}

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Madam|Mx)\.?"
_CAPITALISED = re.compile(r"\b[A-Z][^\W\d_]+(?:[-'][A-Z][^\W\d_]+)?\b|\b[A-Z]\.?(?=\s)")
_TITLED = re.compile(rf"\b{_TITLES}\s+[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)?")


# languages and nationalities that are also first names in some locale ("into French")
_LANGUAGES = frozenset({
    "English", "French", "German", "Spanish", "Italian", "Dutch", "Danish", "Swedish", "Polish",
    "Russian", "Greek", "Turkish", "Arabic", "Hebrew", "Hindi", "Chinese", "Japanese", "Korean",
    "Irish", "Scottish", "Welsh", "British", "American", "Canadian", "Indian", "African",
    "Latin", "Roman", "Norman", "Celtic", "Czech", "Finnish", "Norwegian", "Portuguese"})


@cache
def first_names() -> frozenset[str]:
    """First names from Faker's person providers in every locale written in Latin script."""
    import importlib
    import pkgutil

    try:
        import faker.providers.person as providers
    except ImportError as exc:
        raise ImportError("PERSON detection reads first names from Faker: `pip install faker`"
                          ) from exc

    names: set[str] = set()
    for module in pkgutil.iter_modules(providers.__path__):
        provider = importlib.import_module(f"{providers.__name__}.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            found = getattr(provider, attr, ())
            if isinstance(found, dict | tuple | list):  # some locales compute them
                names.update(n for n in found if isinstance(n, str) and n.isalpha()
                             and n[0].isupper() and n[0] < "\u0250")
    # words that are first names somewhere but mostly ordinary English
    return frozenset(names - {"Will", "May", "June", "April", "August", "Mark", "Bill", "Art",
                              "Page", "Rose", "Grant", "Hope", "Faith", "Joy", "Summer",
                              "Autumn", "Dawn", "Guy", "Don", "Van", "Del", "The", "Can", "My",
                              "Princess", "Royal", "Hall", "Hill", "Sky", "Star", "Love"}
                         - _LANGUAGES)



# a capitalised run ending in one of these names an organisation or a place, not a person
_NOT_PERSON_END = frozenset({
    "Inc", "PLC", "LLC", "Ltd", "Co", "Corp", "Company", "Group", "Orchestra", "Band",
    "University", "College", "School", "Bank", "Hotel", "Street", "St", "Avenue", "Ave", "Road",
    "Rd", "Lane", "Hills", "Park", "Square", "Bridge", "River", "Lake", "Vue", "City"})


_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|[\"'(]\s*)$")


def _persons(text: str) -> list[Entity]:
    names = first_names()
    found = [Entity("PERSON", m.start(), m.end(), m.group()) for m in _TITLED.finditer(text)]
    tokens = list(_CAPITALISED.finditer(text))
    i = 0
    while i < len(tokens):
        if tokens[i].group() in names:
            j = i
            while (j + 1 < len(tokens) and j - i < 3
                   and text[tokens[j].end():tokens[j + 1].start()].strip() == ""):
                j += 1
            if j > i and tokens[j].group() not in _NOT_PERSON_END:
                # a first name followed by at least one more capitalised word
                start, end = tokens[i].start(), tokens[j].end()
                found.append(Entity("PERSON", start, end, text[start:end]))
                i = j + 1
                continue
            if j == i and not _SENTENCE_START.search(text[:tokens[i].start()]):
                # a lone first name inside a sentence ("Hi Christin,", "but Virpi just")
                found.append(Entity("PERSON", tokens[i].start(), tokens[i].end(),
                                    tokens[i].group()))
        i += 1
    return found


def detect(text: str, entities: tuple[str, ...] | list[str] = ENTITIES) -> list[Entity]:
    """Non-overlapping PII spans in ``text`` of the requested types, in text order."""
    found: list[tuple[int, Entity]] = []
    for priority, kind in enumerate(ENTITIES):
        if kind not in entities:
            continue
        if kind == "PERSON":
            found += [(priority, e) for e in _persons(text)]
            continue
        pattern, valid = _PATTERNS[kind]
        for m in pattern.finditer(text):
            if valid is None or valid(m.group(), text[max(0, m.start() - 40):m.start()]):
                found.append((priority, Entity(kind, m.start(), m.end(), m.group())))
    return resolve_overlaps(found)


def resolve_overlaps(found: list[tuple[int, Entity]]) -> list[Entity]:
    """Keep the higher-priority (then longer) of overlapping spans."""
    chosen: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for _, entity in sorted(found, key=lambda pe: (pe[0], -(pe[1].end - pe[1].start))):
        if all(entity.end <= s or entity.start >= e for s, e in taken):
            chosen.append(entity)
            taken.append((entity.start, entity.end))
    return sorted(chosen, key=lambda e: e.start)
