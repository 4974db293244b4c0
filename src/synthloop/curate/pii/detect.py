"""Regex recognisers for PII, each tightened by a validator where a checksum exists.

Patterns alone over-match (any 16 digits look like a card), so each recogniser may check what
it found: the Luhn checksum for credit cards, ISO 13616 mod-97 for IBANs, octet ranges and
``ipaddress`` for IPs, the SSA's never-issued ranges for SSNs, a digit count for phones. Each
also keeps what clean text is full of out: role mailboxes ("alerts@bank.com"), analogies
("Day :: Right"), ranges ("700-1000 calories"), sentence ends and dates inside an address
("550 calories. The 4", "18 December 2022"). Person names (and private persons' names):
:mod:`synthloop.curate.pii.names`;
Presidio with spaCy is the heavier option (:mod:`synthloop.curate.pii.presidio`).

Google's ``phonenumbers`` was measured in place of the phone pattern on Presidio's set: its
matcher with ``Leniency.VALID`` finds 54 of 92 phones over eight regions (Faker's numbers
use unassigned area codes), ``POSSIBLE`` adds 1,359 false ones; the pattern finds 83 with 4.

Numbers that are terms of arithmetic are never PII: next to an operator or "=", inside GSM8K's
``<<calculator>>`` annotations, or the digits after a decimal point. Phones need a phone's shape
(``+``, an area code in brackets, grouped digits, the North American 3-3-4) and a phone word
before numbers joined only by hyphens; an address without a street word is capitalised words
between two numbers that ends there ("80 Bonnie 80 toys" is no address). On GSM8K (train and
test) the default entities touched 2.7% of problems before, none after; on MBPP's test split 1.0%
before, none after (``benchmarks/pii_eval.py``).

Text is read in its NFKC form, character for character (:func:`folded`): a full-width "@" or
digit is the character it stands for; then as :mod:`synthloop.curate.pii.normalise` reads it
(invisible characters dropped, "&#64;" and "%40" decoded, an IP's spelled dots, digit groups
joined by underscores, a number broken over a line), spans mapped back to the original's
characters. A chat link carries its account: "wa.me/4915123456789" a phone number, and
"t.me/ingrid_holm" a handle (:func:`~synthloop.curate.pii.names.handle_spans`).
Identifiers written to dodge a pattern are matched too:
"anna.berg @ outlook.com", an IBAN in hyphenated groups, a card in dotted groups, an SSN as
nine digits after words that name one, a house number with a letter ("221B"), an address in
lower case where the evidence is strong ("42 wallaby way, sydney": a house number, name words,
a full street word ending the clause), a street without a house number where the sentence says
someone lives there ("lives on Cherry Tree Lane"), a Russian address ("ул. Тверская, д. 7"), a
phone number read out after a phone word ("call me on oh seven seven double oh, ...").

Addresses shared by everyone name no one: loopback, documentation ranges, public DNS
resolvers ("8.8.8.8") and a private network's gateway ("192.168.0.1"); nor does a public
place's address ("The city library is located at 12 Baker Street"), nor a run of a
mathematical constant's digits that happens to pass Luhn (the golden ratio's
"1618033988749894"). A mailbox named with its provider ("her gmail is mgonzalez87") is an
e-mail address, its domain unsaid.

A date of birth is one a label names ("DOB: 11/04/1987", ``"date_of_birth": "1990-02-17"``) or
one a person gives of their own ("I was born on 2 March 1994", "my son was born on ..."):
"Lincoln was born on February 12, 1809" is history, not a private datum, and "our puppy Rolo
was born on ..." an animal's. A full date written as the entry after a person's name in a
record ("Tomás Ruiz Herrera, 17.08.1979, Sevilla") is a date of birth too, where its year is an
adult's. A label of birth in French, Spanish, German, Italian, Portuguese, Dutch, Polish or
Russian counts as the English one, with those languages' month names. Dashes NFKC keeps (en,
em, minus) read as "-"; a number right after a catalogue's label ("part no. 407-21-3308") is a
thing's, not an SSN or a phone.

Overlapping matches are resolved by recogniser priority (the order of :data:`ENTITIES`), then
by length: a Luhn-valid card number is not also reported as a phone number.
"""

from __future__ import annotations

import datetime
import functools
import ipaddress
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from synthloop.checks.evidence import UNITS
from synthloop.curate.pii.names import (
    MONTHS,
    person_spans,
    private_person_spans,
    unnamed_private_spans,
)
from synthloop.curate.pii.normalise import normalised

ENTITIES = ("EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "US_SSN", "IP_ADDRESS",
            "STREET_ADDRESS", "DATE_OF_BIRTH", "PHONE_NUMBER", "PASSPORT", "PERSON",
            "PRIVATE_PERSON")
# what ``curate.pii`` looks for unless told: every name only on request, those the text marks as
# a private person's always (see its module docstring)
DEFAULT_ENTITIES = tuple(e for e in ENTITIES if e != "PERSON")


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


def iban_valid(iban: str, before: str = "", after: str = "") -> bool:
    """ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    compact = re.sub(r"[ .-]", "", iban).upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


_VERSION_BEFORE = re.compile(r"\b(?:version|ver\.?|release|build|firmware)\s*$", re.IGNORECASE)


# RFC 5737's and RFC 3849's ranges, reserved for examples in documentation
_DOCUMENTATION = tuple(ipaddress.ip_network(net) for net in (
    "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"))


# Public DNS resolvers (Cloudflare, Google, Quad9, OpenDNS), which help pages tell everyone to use
_PUBLIC_RESOLVERS = frozenset(ipaddress.ip_address(a) for a in (
    "1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4", "9.9.9.9", "149.112.112.112", "208.67.222.222",
    "208.67.220.220", "2606:4700:4700::1111", "2001:4860:4860::8888", "2620:fe::fe"))


def _shared_by_all(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address that names no one's device: loopback, unspecified, reserved (a netmask such
    as "255.255.255.0" parses as one), multicast (a group, "224.0.0.251"), documentation, a
    public DNS resolver, or the gateway of a private network (host 1 or 254 of an RFC 1918
    range, "192.168.0.1"), which routers ship with by the million; other private hosts
    ("10.0.0.12") stay a device's."""
    return (address.is_loopback or address.is_unspecified or address.is_reserved
            or address.is_multicast or address in _PUBLIC_RESOLVERS
            or any(address in net for net in _DOCUMENTATION)
            or (address.version == 4 and address.is_private
                and address.packed[-1] in (1, 254)))


def _dotted_quad(text: str) -> bool:
    """An IPv4 address, a phone's shape too: one :func:`_shared_by_all` is still no phone."""
    if text.count(".") != 3:  # most phones: no parse
        return False
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False


def _ip_valid(text: str, before: str, after: str) -> bool:
    """A parseable address that may be someone's (not :func:`_shared_by_all`); an IPv6 one
    needs two groups ("::" is an analogy, not a host); a dotted quad after "version" or
    "build" numbers a release, not a host."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    if _VERSION_BEFORE.search(before) or _shared_by_all(address):
        return False
    return "." in text or sum(1 for group in text.split(":") if group) >= 2


# RFC 2142's mailbox names and their kin: they reach a role, not a person ("alerts@bank.com")
_ROLE_MAILBOXES = frozenset({
    "abuse", "admin", "alerts", "billing", "contact", "help", "hostmaster", "info", "marketing",
    "news", "newsletter", "no-reply", "noc", "noreply", "notifications", "postmaster", "sales",
    "security", "support", "webmaster"})


# An address written to dodge scrapers: "jane dot roe at example dot org", "jane[at]example[.]com",
# "jane (at) example (dot) com". The "at" is bracketed, or spelled between spaces with the
# domain's dots spelled or bracketed too, and the name ends in a common top-level domain, so
# prose ("we met at noon. Dot ...", "find us at example.com") stays out.
_AT = r"(?:\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*|\s+at\s+)"
_DOT = r"(?:\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*|\s+dot\s+|\.)"
_TLD = (r"(?:com|org|net|edu|gov|mil|int|info|biz|io|co|ai|app|dev|me|uk|us|ca|au|nz|ie|de|fr|"
        r"es|it|nl|be|ch|at|se|no|dk|fi|pl|pt|cz|ru|jp|cn|in|br|mx|eu)")
_WORD = r"[a-z0-9_%+-]+"
_OBFUSCATED = rf"\b{_WORD}(?:{_DOT}{_WORD})*{_AT}{_WORD}(?:{_DOT}{_WORD})*{_DOT}{_TLD}\b"
# what "X at Y dot com" is when X is a pronoun or a verb: a place on the web, not a mailbox
_NOT_MAILBOX = frozenset({"i", "me", "us", "we", "you", "him", "her", "them", "it", "one",
                          "am", "is", "are", "was", "be", "look", "looking", "visit", "go",
                          "find", "online", "live", "here", "there", "available", "site",
                          "website", "page", "www"})


def deobfuscated(text: str) -> str:
    """``jane dot roe at example dot org`` -> ``jane.roe@example.org`` (plain ones unchanged)."""
    return re.sub(_DOT, ".", re.sub(_AT, "@", text, count=1, flags=re.IGNORECASE),
                  flags=re.IGNORECASE)


def _email_valid(text: str, before: str, after: str) -> bool:
    """Not a role mailbox; an obfuscated one must hide it (a bracketed "at", or a spelled or
    bracketed dot) or have a mailbox's name ("anna.berg at outlook.com": words joined by a dot
    or an underscore), and be no pronoun or verb "at" a site."""
    address = deobfuscated(text) if "@" not in text else text
    local = address.split("@")[0].strip().lower()
    if "@" in text:
        return local not in _ROLE_MAILBOXES
    hidden = re.search(r"[\[({<]|\bdot\b", text, re.IGNORECASE) is not None
    named = re.search(r"[a-z][._][a-z]", local) is not None
    return (hidden or named) and local not in _ROLE_MAILBOXES | _NOT_MAILBOX


# A mailbox's name given with its provider, the domain left unsaid ("her gmail is mgonzalez87",
# "Outlook: anna.berg"): an address all the same. Looked for only where a provider's name is.
_PROVIDERS = ("mail", "outlook", "yahoo", "icloud", "proton", "aol")
_MAILBOX_NAMED = re.compile(
    r"\b(?:[a-z]*mail|e-mail|outlook|yahoo|icloud|aol)(?:[ \t]+(?:address|account|id|"
    r"user[ \t]?name|handle|login))?[ \t]*(?:is|:|=)[ \t]*"
    r"(?P<value>[a-z][a-z0-9._-]*[a-z0-9])\b(?![@.]?\w)", re.IGNORECASE)


def _may_name_mailbox(text: str, low: str) -> bool:
    return any(word in low for word in _PROVIDERS)


def _mailbox_valid(text: str, before: str, after: str) -> bool:
    """A mailbox's shape: digits in it or words joined by a dot or an underscore
    ("mgonzalez87", "anna.berg"), so "my email is below" names none; no role mailbox."""
    local = text.lower()
    return (bool(re.search(r"\d|[a-z][._][a-z]", local))
            and local not in _ROLE_MAILBOXES | _NOT_MAILBOX)


_SSN_CONTEXT = re.compile(r"\b(?:ssn|social security(?: number| no\.?)?)\b[^.\n]{0,20}$",
                          re.IGNORECASE)


# a number a label gives to a thing, not a person: "part no. 407-21-3308", "order #555-0199"
_CATALOGUE = re.compile(r"\b(?:part|model|item|order|sku|serial|invoice|ticket|catalogue|"
                        r"catalog|product|lot|batch|ref|reference)\b\s*(?:no\.?|number|num\.?|"
                        r"#)?\s*:?\s*$", re.IGNORECASE)


def _ssn_valid(text: str, before: str, after: str) -> bool:
    """Never-issued ranges out; nine digits in a row or in groups split by slashes only after
    words that name an SSN; none
    after a catalogue's label ("part no.")."""
    if ((text.isdigit() or "/" in text) and not _SSN_CONTEXT.search(before)
            or _CATALOGUE.search(before)):
        return False
    return _issued(re.sub(r"\D", "", text))


def _issued(digits: str) -> bool:
    """Nine digits outside the SSA's never-issued ranges."""
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return (len(digits) == 9 and area not in ("000", "666") and not area.startswith("9")
            and group != "00" and serial != "0000")


_NOT_PHONE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}\b|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$"
                        r"|^(?:19|20)\d\d\s*-\s*(?:19|20)\d\d$"  # dates, year ranges
                        r"|^\d{3}-\d{2}-\d{4}$")  # SSN-shaped, even when not a valid SSN


# a number grouped in thousands by spaces; followed by a word, it counts something
_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")
_EXTENSION = re.compile(r"[ \t]?(?:x|ext\.?)[ \t]?\d{1,5}$")
_NANP = re.compile(r"(?:1-|001-)?\d{3}-\d{3}-\d{4}")  # 905-674-3793


def _phone_valid(text: str, before: str, after: str) -> bool:
    """7 to 15 digits in a phone's shape, not a date. ``+`` or ``(area)`` is a phone; a
    decimal ("123.1214") or decimals subtracted ("25.50-13.50") are not; numbers joined only
    by hyphens read as subtraction or a range ("1200-400-300", "700-1000 calories") unless
    they have the North American shape, start with a trunk 0 (no quantity does), or a word
    such as "phone" or "call" comes before them (or "office" after); thousands grouped by
    spaces and followed by a word count something ("38 538 447 people") unless such a word
    says otherwise. Digits spaced one by one ("0 7 7 0 0 ...") are a phone hidden."""
    text = _EXTENSION.sub("", text)
    digits = sum(c.isdigit() for c in text)
    if (not 7 <= digits <= 15 or _NOT_PHONE.match(text) or _CATALOGUE.search(before)
            or _dotted_quad(text)):
        return False
    if text.startswith(("+", "(")):
        return True
    separators = set(re.findall(r"[ \t.-]", text))
    groups = re.split(r"[ \t.-]+", text)
    if _bits(text, before) or len(groups) == 5 and re.match(r"[ \t.-]\d", after):
        return False  # a sixth group follows: a list of numbers ("04 11 23 35 41 49")
    context = bool(_PHONE_CONTEXT.search(before) or _PHONE_AFTER.match(after))
    if _THOUSANDS.fullmatch(text) and not context and re.match(r"[ \t]+[a-z]", after):
        return False  # 38 538 447 people
    if separators >= {".", "-"} or (separators == {"."} and len(groups) == 2):
        return False
    if separators == {"-"} and not (_NANP.fullmatch(text) or text.startswith("0") or context):
        return False
    return len(groups) >= 3 or (len(groups) == 2 and len(groups[-1]) >= 4) or (
        len(groups) == 1 and digits in (10, 11) and context)


_PHONE_CONTEXT = re.compile(r"\b(?:phone|tel|telephone|mobile|cell|desk|fax|call|office|"
                            r"contact|reach|dial|answering)\b", re.IGNORECASE)
_PHONE_AFTER = re.compile(r"[ \t]*(?:office|fax|mobile|cell|home|work)\b", re.IGNORECASE)


# The leading digits of mathematical constants (pi, e, the square roots of 2 and 3, the golden
# ratio, ln 2, ln 10, Euler's gamma) to 42 places: a run of them is quoted as the constant, and
# one in ten such runs passes Luhn ("1618033988749894", the golden ratio's first sixteen).
CONSTANTS = {
    "pi": "314159265358979323846264338327950288419716",
    "e": "271828182845904523536028747135266249775724",
    "sqrt 2": "141421356237309504880168872420969807856967",
    "sqrt 3": "173205080756887729352744634150587236694280",
    "golden ratio": "161803398874989484820458683436563811772030",
    "ln 2": "0693147180559945309417232121458176568075500",
    "ln 10": "230258509299404568401799145468436420760110",
    "Euler's gamma": "0577215664901532860606512090082402431042159",
}


def _constant_digits(digits: str) -> bool:
    """Whether ``digits`` begin a constant of :data:`CONSTANTS`, whole or after its point."""
    return any(constant.startswith(digits) or constant[1:].startswith(digits)
               for constant in CONSTANTS.values())


def _card_valid(text: str, before: str, after: str) -> bool:
    """Luhn, and a 12-digit number (Maestro) only when the text before it mentions a card; no
    run of a mathematical constant's digits; no unit of two or four digits repeated ("4242
    4242 4242 4242", the test card payment processors publish for everyone to use)."""
    digits = re.sub(r"\D", "", text)
    repeated = any(digits == (digits[:n] * len(digits))[:len(digits)] for n in (2, 4))
    return (luhn_valid(digits) and not _constant_digits(digits) and not repeated
            and not _bits(text, before)
            and (len(digits) > 12 or bool(_CARD_CONTEXT.search(before))))


def _bits(text: str, before: str) -> bool:
    """Binary digits, not an account: groups of four or eight 0s and 1s ("0110 0101 1100"),
    or the rest of a number written with "0b" ("0b1011 0110")."""
    return (re.fullmatch(r"[01]{4}(?:[01]{4})?(?:[ \t_][01]{4}(?:[01]{4})?)+", text) is not None
            or re.search(r"\b0b[01_]+[ \t]?$", before) is not None)


_CARD_CONTEXT = re.compile(r"\b(?:card|cc|visa|mastercard|maestro|amex)\b", re.IGNORECASE)


# a full word ends before a full stop ("Pennsylvania Avenue."), an abbreviation takes it
_STREET_WORDS = ("Street|Avenue|Road|Boulevard|Lane|Drive|Court|Way|Place|Terrace|Circle|"
                 "Parkway|Highway|Square|Trail|Alley|Crescent|Close|Row")
_STREET_TYPES = rf"(?:{_STREET_WORDS})\b|(?:St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Cir|Pkwy|Hwy|Sq)\b\.?"
# Words that never name a street: a house number is followed by a name, not by "in each row",
# "per square" or a unit ("1 inch square", "400 miles one way").
_NOT_STREET_NAMES = "|".join(["the", "a", "an", "of", "on", "in", "at", "to", "per", "each",
                              "every", "one", "this", "that", "his", "her", "their", "its",
                              "my", "our", "your", "more", "and", "or", "for", "by", "with",
                              "from", *sorted(UNITS, key=len, reverse=True)])
# An address in any case ("42 wallaby way, sydney") only on strong evidence: a house number no
# article comes before ("a 6 lane highway."), one to three name words, and a full street word
# that ends the clause.
_ANY_CASE_STREET = (r"\b(?=\d)(?i:(?<!\ba[ \t])(?<!\ban[ \t])(?<!\bthe[ \t])\d{1,6}[a-z]?[ \t]+"
                    rf"(?:(?!(?:{_NOT_STREET_NAMES})\b)[a-z][\w'-]*[ \t]+){{1,3}}"
                    rf"(?:{_STREET_WORDS})\b(?=[ \t]*(?:[,.;:!?)\n]|$)))")

_UNIT = r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|#)\.?[ \t]*\w+)?"
_ABBREVIATION = r"(?:ul|str|u|al|av|avda|rr|pl)"  # ul. Jesionowa 127, Király u. 15
_MONTHS = f"(?:{'|'.join(MONTHS)})"
_CAPITAL = "[A-ZÀ-ÖØ-Þ]"  # not × (U+00D7), which sits among the accented capitals
_PARTICLE = r"(?:de|do|da|dos|das|del|della|delle|dei|di|du|des|la|le|los|las|z|ze|van|von|der)"
_FOREIGN_STREET = ("(?:katu|tie|stra(?:ss|ß)e|straat|stræti|straeti|veien|vegen|vej|gatan|gata|"
                   "gade|weg|wei|laan|plein|gasse|allee|utca|tér|sokak|caddesi)")

_PO_BOX = re.compile(r"P\.?[ \t]?O\.?[ \t]+Box\b")
_UNIT_ALONE = re.compile(r"(?:Apt|Apartment|Suite|Ste|Unit)\b")
_NAMED_STREET = re.compile(rf"(?:{_STREET_TYPES})|{_FOREIGN_STREET}")
_LABEL_BEFORE = re.compile(r"\b[A-Z][\w'-]*[ \t]+$")  # "Chapter 3", "Apollo 11"


_LIVES = r"\b(?:live|lives|lived|living|reside|resides|resided|moved)\b"
# a sentence that says where someone lives, up to the street it names
_RESIDENCE = re.compile(rf"{_LIVES}[^.!?\n]*$", re.IGNORECASE)
# Addresses of rarer forms, with a pattern of their own that runs only on text that may hold
# one (a word of residence, or Cyrillic letters): as alternatives of the main pattern they
# slowed it 1.7x (either) to 1.9x (both) on GSM8K test. A street where someone lives, without
# a house number ("lives on Cherry Tree Lane"); a Russian address ("ул. Тверская, д. 7, кв. 12").
_RARE_ADDRESS = re.compile(
    rf"(?<=\b(?:on|in|at|to)[ \t])(?:[A-Z][\w'-]*[ \t]+){{1,3}}(?:{_STREET_WORDS})\b"
    r"|\b(?:ул(?:ица)?|просп(?:ект)?|пер(?:еулок)?|наб|шоссе|бульвар)\.?[ \t]+"
    r"[А-ЯЁ][\w-]*(?:[ \t]+[А-ЯЁ][\w-]*)?,?[ \t]+(?:д|дом)\.?[ \t]*\d{1,4}\w?"
    r"(?:,?[ \t]+(?:кв|квартира)\.?[ \t]*\d{1,4})?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _may_hold_rare_address(text: str, low: str) -> bool:
    """A cheap test, by substrings: a regex of the words took 8x as long (0.07 s, 4% of the
    detection on GSM8K test's 2,638 texts; load 8)."""
    return (any(word in low for word in ("live", "resid", "moved"))
            or not text.isascii() and _CYRILLIC.search(text) is not None)


# A clause that gives a public place's or a business's address ("The Stadtmuseum is at", "the
# library is located on"): a place open to all, not where a person can be found. A word that
# names one counts alone or ending a compound ("Stadtmuseum"; "Stadtbibliothek" is not read).
_PUBLIC_PLACE = re.compile(
    r"\b\w*(?:museum|gallery|library|theat(?:re|er)|cinema|hotel|hostel|restaurant|caf[eé]|"
    r"bakery|shop|store|supermarket|market|mall|pharmacy|station|airport|hospital|clinic|"
    r"school|university|college|church|cathedral|mosque|temple|synagogue|embassy|consulate|"
    r"council|town[ \t]+hall|city[ \t]+hall|post[ \t]+office|bank|zoo|park|stadium|arena|"
    r"centre|center)s?\b[^.!?;\n]{0,40}?\b(?:is|are|was|were|sits|stands|lies|located|based|"
    r"situated|found|open|opens)\b[^.!?;\n]{0,20}?\b(?:at|on|in)[ \t]*$", re.IGNORECASE)
# a public office as the addressee ("write to the Prime Minister at", "the Mayor's office at"):
# its address is the office's, open to all
_OFFICE_ADDRESSEE = re.compile(
    r"\b(?:prime[ \t]+minister|president|mayor|governor|senator|parliament|congress|ministry|"
    r"government|white[ \t]+house)\b[^.!?;\n]{0,20}?\bat[ \t]*$", re.IGNORECASE)
# an address given as an example to copy its form ("e.g. 123 Main Street"): a placeholder
_EXAMPLE_BEFORE = re.compile(r"\b(?:e\.g\.|eg\.?|for[ \t]+example|for[ \t]+instance|"
                             r"such[ \t]+as)[ \t,:]*$", re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:i|me|my|our|we|his|her|their|home|flat|apartment|house)\b",
                       re.IGNORECASE)


def _public_place(before: str) -> bool:
    """Whether ``before`` ends in a clause giving a public place's address, with no one's home
    or first person in it ("my flat near the station is at" stays someone's)."""
    clause = re.split(r"[.!?;\n]", before)[-1]
    public = _PUBLIC_PLACE.search(clause) or _OFFICE_ADDRESSEE.search(clause)
    return public is not None and _PERSONAL.search(clause) is None


# An address in the Romance order, the street word after the house number and a postcode after
# the street ("12 rue des tilleuls, 69003 lyon", "8 calle mayor, 28013 madrid"), in any case:
# the number, the street word and the postcode are the evidence. Street words that are English
# words too ("avenue", "boulevard", "place", "via") are left out: "5 avenue blocks, 12000 steps".
_ROMANCE_STREETS = ("rue", "chemin", "allée", "impasse", "quai", "calle", "avenida", "rua",
                    "viale", "piazza", "corso")
_ROMANCE_ADDRESS = re.compile(
    rf"\b\d{{1,4}}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?i:{'|'.join(_ROMANCE_STREETS)})[ \t]+"
    r"[^\W\d_][\w' -]{1,40}?,[ \t]*\d{5}[ \t]+[^\W\d_]+", re.IGNORECASE)


# and in the order of a street word, its name and then the house number ("calle de Mallorca 214",
# "rua das Flores 12"): the capitalised name between them is the evidence
_ROMANCE_STREET_FIRST = re.compile(
    rf"\b(?i:{'|'.join(_ROMANCE_STREETS)})[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAPITAL}[\w'-]*"
    rf"(?:[ \t]+{_CAPITAL}[\w'-]*){{0,2}},?[ \t]+\d{{1,5}}\b")
_ROMANCE_WORDS = tuple(f" {word} " for word in _ROMANCE_STREETS)


def _may_hold_romance_address(text: str, low: str) -> bool:
    return any(word in low for word in _ROMANCE_WORDS)


def _address_valid(text: str, before: str, after: str) -> bool:
    """A unit on its own followed by a lowercase word is prose ("Unit 7 of the course",
    "Suite 2 in D minor"); a number and capitalised words without a street word, right after
    a capitalised word, is a label's ("Chapter 3 Section 2", not a house number); a street
    without a house number is an address only where the sentence says someone lives there
    ("Olu lives in the yellow house on Cherry Tree Lane", not "the café on Abbey Road"); a
    public place's address is nobody's (:func:`_public_place`)."""
    if _public_place(before) or _EXAMPLE_BEFORE.search(before):
        return False
    if _PO_BOX.match(text):  # a business's box is on every invoice; one's own is private
        return _PERSONAL.search(re.split(r"[.!?;\n]", before)[-1]) is not None
    if not any(c.isdigit() for c in text):
        return _RESIDENCE.search(before) is not None
    if _UNIT_ALONE.match(text):
        return re.match(r"[ \t]+[a-z]", after) is None
    return _NAMED_STREET.search(text) is not None or _LABEL_BEFORE.search(before) is None


# A date of birth is one a label names ("DOB", "date_of_birth": ...) or that a person gives
# of themselves or their own ("I was born on", "my son Lukas was born on"): "Lincoln was born
# on February 12, 1809" is history, and a public figure's birthday is no private datum.
# The label in other languages too: French "date de naissance", Spanish "fecha de nacimiento",
# German "Geburtsdatum" or "geb." (geboren), Italian "data di nascita", Portuguese "data de
# nascimento", Dutch "geboortedatum", Polish "data urodzenia", Russian "дата рождения"
_BIRTH_LABEL = re.compile(r"\b(?:dob|d\.o\.b|date[ _-]of[ _-]birth|birth[ _-]?date|geb|"
                          r"date[ _-]de[ _-]naissance|fecha[ _-]de[ _-]nacimiento|"
                          r"geburtsdatum|data[ _-]di[ _-]nascita|data[ _-]de[ _-]nascimento|"
                          r"geboortedatum|data[ _-]urodzenia|дата[ _-]рождения)\b"
                          r"\.?[\"']?[ \t]*[:=]?[ \t]*[\"']?$", re.IGNORECASE)
_OWN_BIRTH = re.compile(r"\b(?:i|my|our)\b[^.!?\n]{0,40}\bborn(?:[ \t]+on)?[ \t]*$",
                        re.IGNORECASE)
_DAY = r"\d{1,2}(?:st|nd|rd|th|\.)?"  # "12th May", German "12. Mai"
# a birth date's month in the languages of its labels ("3 mars 1985", "3 de marzo de 1985")
_MONTHS_ANY = ("(?:" + "|".join(MONTHS) + "|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|"
               "ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|enero|febrero|marzo|abril|mayo|"
               "junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|januar|"
               "februar|m[äa]rz|juni|juli|oktober|dezember|gennaio|febbraio|aprile|maggio|"
               "giugno|luglio|settembre|ottobre|dicembre|janeiro|fevereiro|mar[çc]o|maio|junho|"
               "julho|setembro|outubro|dezembro|januari|februari|maart|mei|augustus)")
_DATE = (rf"\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
         rf"|{_DAY}[ \t]+(?:of[ \t]+|de[ \t]+)?{_MONTHS_ANY},?[ \t]+(?:de[ \t]+)?\d{{4}}"
         rf"|{_MONTHS}[ \t]+{_DAY},?[ \t]+\d{{4}})\b")


# what a date of birth needs before it (substrings): the date pattern runs on no other text
_BIRTH_WORDS = ("born", "birth", "dob", "d.o.b", "geb.", "naissance", "nacimiento", "geburt",
                "nascita", "nascimento", "geboorte", "urodzenia", "рождения")


# an animal's birth is no person's datum: "our puppy Rolo was born on ..."
_ANIMAL = re.compile(r"\b(?:pets?|cats?|kittens?|dogs?|pupp(?:y|ies)|pups?|horses?|pon(?:y|ies)|"
                     r"foals?|rabbits?|bunn(?:y|ies)|hamsters?|guinea[ \t]+pigs?|gerbils?|mice|"
                     r"ferrets?|parrots?|budgies?|birds?|fish|goldfish|tortoises?|turtles?|"
                     r"snakes?|lizards?|geckos?|goats?|lambs?|calf|calves|cows?|pigs?|piglets?)"
                     r"\b", re.IGNORECASE)


# A full date written as a person's record entry, right after their name: "Tomás Ruiz Herrera,
# 17.08.1979, Sevilla" or "Anna Berg (03.04.1988)". Such a date is a birth date where its year
# is an adult's: a date of this year after a name is a meeting's or a letter's.
_AFTER_NAME = re.compile(r"[,(][ \t]*(?:b\.[ \t]*)?$")
_NAME_DATE = re.compile(rf"[^\W\d_][ \t]*[,(][ \t]*(?:b\.[ \t]*)?{_DATE}", re.IGNORECASE)
ADULT_YEARS = 16


def _entry_of_person(date: str, before: str) -> bool:
    """Whether ``date`` follows a person's name as the next entry of a record, with an adult's
    year of birth (four digits, 1900 to :data:`ADULT_YEARS` before this year)."""
    entry, year = _AFTER_NAME.search(before), re.search(r"\b(?:19|20)\d\d\b", date)
    if entry is None or year is None:
        return False
    if not 1900 <= int(year.group()) <= datetime.date.today().year - ADULT_YEARS:
        return False
    name_end = len(before[:entry.start()].rstrip())
    return any(end == name_end for _, end in person_spans(before))


def _birth_valid(text: str, before: str, after: str) -> bool:
    """A date that a label on its line or a person's own birth comes right before, or that
    follows a person's name as a record's entry (:func:`_entry_of_person`); the birth of one's
    animal ("our puppy Rolo was born on") is no person's."""
    line = before.split("\n")[-1]
    if _BIRTH_LABEL.search(line) or _entry_of_person(text, line):
        return True
    own = _OWN_BIRTH.search(line)
    return own is not None and _ANIMAL.search(own.group()) is None


# A phone number read out digit by digit ("oh seven seven double oh, nine double oh, one two
# three"): seven to fifteen spoken digits ("double"/"triple" count twice/thrice) after a word
# such as "call" or "phone"; looked for only in text that has seven digit words and such a word.
_DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_DIGIT_WORDS = {"oh": "0", **{word: str(i) for i, word in enumerate(_DIGIT_NAMES)}}
_SPOKEN = "|".join(_DIGIT_WORDS)
# a run of six digit words or more, the form a phone number and an SSN are read out in
_SPOKEN_RUN = re.compile(rf"\b(?:(?:double|triple)[ \t-]+)?(?:{_SPOKEN})\b(?:[ \t,-]+"
                         rf"(?:(?:double|triple)[ \t-]+)?(?:{_SPOKEN})\b){{5,}}", re.IGNORECASE)


def _digit_word_count(low: str) -> int:
    """Digit words in lower-cased text, counted as substrings: cheap, before a regex runs."""
    return sum(low.count(word) for word in _DIGIT_WORDS)


def _may_hold_spoken_phone(text: str, low: str) -> bool:
    """Seven digit words (substrings, counted cheaply) before the phone-word regex."""
    return (_digit_word_count(low) >= 7
            and _PHONE_CONTEXT.search(text) is not None)


def _spoken_phone_valid(text: str, before: str, after: str) -> bool:
    return 7 <= len(_spoken_digits(text)) <= 15 and _PHONE_CONTEXT.search(before) is not None


def _spoken_digits(text: str) -> str:
    """The digits a run of digit words reads out ("double oh" is "00")."""
    out, times = [], 1
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in ("double", "triple"):
            times = 2 if word == "double" else 3
            continue
        out.append(_DIGIT_WORDS[word] * times)
        times = 1
    return "".join(out)


# An SSN read out ("my social is five two nine, four one, seven seven three six"): nine spoken
# digits outside the never-issued ranges, right after a label that names an SSN ("social" alone
# too, as people say it), with at most "is" or ":" between.
_SPOKEN_SSN_CONTEXT = re.compile(r"\b(?:ssn|social(?: security)?(?: number| no\.?| #)?)"
                                 r"(?:[ \t]+(?:is|was))?[ \t]*[:#]?[ \t]*$", re.IGNORECASE)


def _may_hold_spoken_ssn(text: str, low: str) -> bool:
    """Seven digit words ("double four" is one word for two digits) and an SSN word."""
    return ("ssn" in low or "social" in low) and _digit_word_count(low) >= 7


def _spoken_ssn_valid(text: str, before: str, after: str) -> bool:
    return _SPOKEN_SSN_CONTEXT.search(before) is not None and _issued(_spoken_digits(text))


# A passport's number: after a passport label ("passport no. 533380006", "my passport number
# is X4471203"; a digit in it), or in a passport's machine-readable zone (ICAO 9303, TD3: the
# data line's document number, nationality, date of birth, sex and expiry, and the name line
# before it when there). ID cards' three-line zones (TD1) are not read.
_PASSPORT_LABEL = re.compile(r"\bpassport(?:[ \t]+(?:no\.?|number|num\.?|#))?(?:[ \t]+(?:is|was))?"
                             r"[ \t]*[:#]?[ \t]*(?P<value>[A-Z0-9]{6,9})\b", re.IGNORECASE)
_MRZ = re.compile(r"(?:\bP[A-Z<][A-Z<]{3}[A-Z<]{39}[ \t]*\r?\n[ \t]*)?"
                  r"(?<![A-Z0-9<])[A-Z0-9<]{9}\d[A-Z<]{3}(?P<birth>\d{6})\d[MFX<]\d{6}\d"
                  r"[A-Z0-9<]{14}[\d<]\d(?![A-Z0-9<])")


def _passport_valid(text: str, before: str, after: str) -> bool:
    return any(c.isdigit() for c in text)


def _may_hold_mrz(text: str, low: str) -> bool:
    return "<<" in text


def _mrz_valid(text: str, before: str, after: str) -> bool:
    """The data line's date of birth a date (YYMMDD)."""
    birth = _MRZ.fullmatch(text)
    if birth is None:
        return False
    month, day = int(birth.group("birth")[2:4]), int(birth.group("birth")[4:])
    return 1 <= month <= 12 and 1 <= day <= 31


# A chat link that opens a conversation with a phone number ("wa.me/4915123456789", WhatsApp's
# click-to-chat, the number in international form without "+"): the number is the account, and
# the link is the span (its "/" before the digits is no division).
# A link that dials or texts a number ("tel:+353...", "sms:", "callto:") carries it the same way.
_CHAT_LINK_PHONE = re.compile(r"\b(?:wa\.me/|api\.whatsapp\.com/send\?phone=|"
                              r"viber://chat\?number=|(?:tel|sms|callto):)\+?\d{7,15}(?!\d)",
                              re.IGNORECASE)


def _may_hold_chat_link(text: str, low: str) -> bool:
    return any(word in low for word in ("wa.me", "whatsapp", "viber", "tel:", "sms:", "callto:"))


def _chat_number_valid(text: str, before: str, after: str) -> bool:
    return True  # the link's shape is the evidence; its digit count the pattern's


# A German, Austrian or Swiss number with a slash after the trunk 0 and area code
# ("0171/4839205", "089 / 12345678"): three to five digits before it, so no date ("05/2023").
_SLASH_PHONE = re.compile(r"(?<![\w/.])0\d{2,4}[ \t]?/[ \t]?\d{3,9}(?:[ -]\d{1,5})?"
                          r"(?![\w/]|[.,]\d)")


def _may_hold_slash_phone(text: str, low: str) -> bool:
    return "/" in text


def _slash_phone_valid(text: str, before: str, after: str) -> bool:
    return 8 <= sum(c.isdigit() for c in text) <= 13 and not _CATALOGUE.search(before)


_Validator = Callable[[str, str, str], bool]
_PATTERNS: dict[str, tuple[re.Pattern[str], _Validator | None]] = {
    "EMAIL_ADDRESS": (re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                                 rf"\.[A-Za-z]{{2,}}\b|{_OBFUSCATED}"
                                 # "anna.berg @ outlook.com": spaces round the @
                                 rf"|\b[a-z][a-z0-9_%+-]*(?:\.{_WORD})*[ \t]@[ \t]{_WORD}"
                                 rf"(?:\.{_WORD})*\.{_TLD}\b",
                                 re.IGNORECASE),
                      _email_valid),
    # a group after a separator starts with no two lower-case letters: the next word's
    # ("ES74.2100 ... 8845 please" ends before "plea")
    "IBAN_CODE": (re.compile(r"\b[A-Za-z]{2}\d{2}(?:(?:[ .-](?![a-z]{2}))?[A-Za-z0-9]{4}){2,7}"
                             r"(?:(?:[ .-](?![a-z]{2}))?[A-Za-z0-9]{1,3})?\b"), iban_valid),
    "CREDIT_CARD": (re.compile(r"(?<![\w-])\d(?:[ -]?\d){11,18}(?![\d-])"
                               r"|(?<![\w.])\d{4}(?:\.\d{4}){2}\.\d{1,7}(?![\w]|\.\d)"),
                    _card_valid),
    "US_SSN": (re.compile(r"(?<![\d/-])\d{3}([-/ ])\d{2}\1\d{4}(?![\d/-])"
                          r"|(?<![\w-])\d{9}(?![\w-])"),
               _ssn_valid),
    # an IPv4 address may have a port after it ("86.1.2.3:2222")
    "IP_ADDRESS": (re.compile(r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\w|:(?!\d{1,5}\b))|"
                              r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:]|\.\w))"),
                   _ip_valid),
    "STREET_ADDRESS": (re.compile(
        # 221 Baker Street, Apt 4 / 310 West 97th Street / 974 Via Roma 131 / Koskikatu 25 /
        # Suite 680; one line, no sentence end inside ("550 calories. The 4"), no date
        # ("18 December 2022")
        rf"\b\d{{1,6}}[A-Za-z]?[ \t]+(?:(?:[A-Z][\w'-]*|\d{{1,3}}(?:st|nd|rd|th))\.?[ \t]+){{1,4}}"
        rf"(?:{_STREET_TYPES}){_UNIT}"
        rf"|\b\d{{1,6}}[ \t]+(?:(?:{_CAPITAL}[\w'-]*|{_PARTICLE}|{_ABBREVIATION}\.)[ \t]+)"
        rf"{{0,3}}(?!{_MONTHS}\b){_CAPITAL}[\w'-]*[ \t]+\d{{1,5}}\b{_UNIT}(?![ \t]+[a-z])"
        rf"|\b[^\W\d_]+{_FOREIGN_STREET}[ \t]+\d{{1,5}}\b{_UNIT}"
        r"|\b(?:Apt|Apartment|Suite|Ste|Unit)\.?[ \t]*#?\d{1,5}[A-Za-z]?\b"
        r"|\bP\.?[ \t]?O\.?[ \t]+Box[ \t]+\d{1,6}\b"
        rf"|{_ANY_CASE_STREET}"), _address_valid),
    "DATE_OF_BIRTH": (re.compile(_DATE, re.IGNORECASE), _birth_valid),
    "PASSPORT": (_PASSPORT_LABEL, _passport_valid),
    "PHONE_NUMBER": (re.compile(r"(?<![\w+])(?:\+\d{1,3}[ \t.-]?)?(?:\(\d{1,4}\)[ \t.-]?)?"
                                r"\d{2,6}(?:[ \t.-]\d{2,6}){0,4}"
                                r"(?:[ \t]?(?:x|ext\.?)[ \t]?\d{1,5})?(?![\w]|-\d)"
                                # "0 7 7 0 0 9 0 0 1 2 3": every digit spaced, to dodge a pattern
                                r"|(?<![\w+.])\d(?:[ \t]\d){9,14}(?![\w.])"),
                     _phone_valid),
}

_NAMES = {"PERSON": person_spans, "PRIVATE_PERSON": private_person_spans}


# Per type, forms rare enough to look for only where a cheap test of the text (and of it
# lower-cased, once for all the tests) allows: (test, pattern, validator).
_Rare = tuple[Callable[[str, str], bool], re.Pattern[str], _Validator]
_RARE: dict[str, tuple[_Rare, ...]] = {
    "EMAIL_ADDRESS": ((_may_name_mailbox, _MAILBOX_NAMED, _mailbox_valid),),
    "STREET_ADDRESS": ((_may_hold_rare_address, _RARE_ADDRESS, _address_valid),
                       (_may_hold_romance_address, _ROMANCE_ADDRESS, _address_valid),
                       (_may_hold_romance_address, _ROMANCE_STREET_FIRST, _address_valid)),
    "US_SSN": ((_may_hold_spoken_ssn, _SPOKEN_RUN, _spoken_ssn_valid),),
    "PASSPORT": ((_may_hold_mrz, _MRZ, _mrz_valid),),
    "PHONE_NUMBER": ((_may_hold_spoken_phone, _SPOKEN_RUN, _spoken_phone_valid),
                     (_may_hold_chat_link, _CHAT_LINK_PHONE, _chat_number_valid),
                     (_may_hold_slash_phone, _SLASH_PHONE, _slash_phone_valid)),
}


def folded(text: str) -> str:
    """``text`` with each character that NFKC makes one other replaced by it (full-width
    "\uff20" and digits, "\u2024" for a dot...): written to dodge a pattern, read as meant. One
    character for one, so spans found in it index ``text``."""
    return text if text.isascii() else "".join(c if c.isascii() else _fold(c) for c in text)


# dashes NFKC keeps apart from "-" (en and em dash, minus sign): "536\u201322\u20131894" is an SSN
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


@functools.cache
def _fold(char: str) -> str:
    if char in _DASHES:
        return "-"
    nfkc = unicodedata.normalize("NFKC", char)
    return nfkc if len(nfkc) == 1 else char


def detect(text: str, entities: tuple[str, ...] | list[str] = ENTITIES) -> list[Entity]:
    """Non-overlapping PII spans in ``text`` of the requested types, in text order (found in
    its :func:`folded` form, read as :func:`~synthloop.curate.pii.normalise.normalised`)."""
    found: list[tuple[int, Entity]] = []
    original, reading = text, normalised(folded(text))
    text = reading.text
    low = text.lower()
    calculations = [m.span() for m in _CALCULATION.finditer(text)]
    for priority, kind in enumerate(ENTITIES):
        if kind not in entities:
            continue
        if kind in _NAMES:
            # with PERSON asked for, the names a text marks as private are PERSON spans already
            spans = (unnamed_private_spans if kind == "PRIVATE_PERSON" and "PERSON" in entities
                     else _NAMES[kind])(text)
            found += [(priority, _entity(kind, reading.original_span(start, end), original))
                      for start, end in spans]
            continue
        if (kind == "DATE_OF_BIRTH" and not any(word in low for word in _BIRTH_WORDS)
                and not _NAME_DATE.search(text)):
            continue
        pattern, valid = _PATTERNS[kind]
        matches = [(m, valid) for m in pattern.finditer(text)]
        matches += [(m, rare_valid) for may_hold, rare, rare_valid in _RARE.get(kind, ())
                    if may_hold(text, low) for m in rare.finditer(text)]
        for m, valid in matches:
            # a pattern that reads a label before the value names the value's group "value"
            start, end = m.span("value" if "value" in m.re.groupindex else 0)
            reach = 80 if kind == "STREET_ADDRESS" else 40  # where a sentence says someone lives
            before, after = text[max(0, start - reach):start], text[end:end + 40]
            if kind in NUMERIC and (_arithmetic(before, after)
                                    or _inside(start, end, calculations)):
                continue
            if valid is None or valid(text[start:end], before, after):
                found.append((priority, _entity(kind, reading.original_span(start, end),
                                                original)))
    return resolve_overlaps(found)


def _entity(kind: str, span: tuple[int, int], original: str) -> Entity:
    return Entity(kind, span[0], span[1], original[span[0]:span[1]])


# Entities made of numbers, which arithmetic and code are full of
NUMERIC = frozenset({"IBAN_CODE", "CREDIT_CARD", "US_SSN", "IP_ADDRESS", "STREET_ADDRESS",
                     "DATE_OF_BIRTH", "PHONE_NUMBER"})
_CALCULATION = re.compile(r"<<[^<>\n]*>>")  # GSM8K's calculator annotations: <<120-30-15=75>>
# an operator or "=" next to the match, a subtraction chain going on, or the match being the
# digits after a decimal point ("314.15000000000003", whose digits pass Luhn)
_OPERATOR_BEFORE = re.compile(r"(?:[=+*/×÷]|\d[ \t]*[-–−])[ \t]*$|\d[.,]$")
_OPERATOR_AFTER = re.compile(r"[ \t]*(?:[=+*/×÷]|[-–−][ \t]*\d)|[.,]\d")


# a URL query's or a form's key before the value ("?card=", "&phone="): "=" assigns, not equates
_QUERY_KEY = re.compile(r"[?&][\w.-]+=$")


def _arithmetic(before: str, after: str) -> bool:
    """Whether the numbers between ``before`` and ``after`` are a term of arithmetic."""
    return bool(_OPERATOR_BEFORE.search(before) and not _QUERY_KEY.search(before)
                or _OPERATOR_AFTER.match(after))


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def resolve_overlaps(found: list[tuple[int, Entity]]) -> list[Entity]:
    """Keep the higher-priority (then longer) of overlapping spans."""
    chosen: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for _, entity in sorted(found, key=lambda pe: (pe[0], -(pe[1].end - pe[1].start))):
        if all(entity.end <= s or entity.start >= e for s, e in taken):
            chosen.append(entity)
            taken.append((entity.start, entity.end))
    return sorted(chosen, key=lambda e: e.start)
