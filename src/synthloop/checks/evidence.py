"""The computable parts of a groundedness check: where a quote sits in its passages, whether an
answer's claims are carried by the evidence, whether two answers say the same thing.

- A quote is located exactly first, then with whitespace collapsed, then fuzzily: the best
  window of the quote's length (rapidfuzz ``partial_ratio_alignment``, 0-100, case-folded) at
  or above ``min_score``. Small models re-case and re-space what they copy; they also
  paraphrase, which the threshold is there to refuse. A fuzzy score is blind to what matters
  most in a copy: "45 metres" for "38 metres" scores 97. So the tokens a copy must keep
  exactly (numbers, number words, capitalised words: names, places, months) are compared with
  the located window, whatever the score.
- An answer is split into claims (sentences); a claim is lexically supported when at least
  ``min_support`` of its content words (no stop words, lowercase) appear in the evidence. This
  is the judge-free floor in the manner of Ragas' faithfulness (claims, then a verdict per
  claim); ``validate.grounded`` asks a judge per claim instead when one is named.
- Words are compared by stem where an inflection must not part them (:func:`stem`: "locks",
  "lock's" and "lock" are one word).
- Two answers match by SQuAD token F1 (or containment of the gold answer), the usual measure
  for short extractive answers.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz

from synthloop.checks.numbers import WORDS, joined_thousands, values

# typographic apostrophes and quotes (and primes) to their plain forms
PLAIN_QUOTES = str.maketrans(dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'")
                             | dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'))
_WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
# the dot of a title ("Mr. Dvorak", "St. Mary's"), which ends no sentence
_TITLE_DOT = r"(?:(?<=\bMr)|(?<=\bMs)|(?<=\bDr)|(?<=\bSt)|(?<=\bMrs)|(?<=\bProf))\."
_INITIAL_DOT = r"(?:(?<=\b[A-Z])\.(?=\s+[A-Z]))"  # an initial's ("K. Asante") ends no claim
# a claim: up to a sentence's end, which the dots of "$19.50", "p.m", "Mr." and "K." are not
_CLAIM = re.compile(rf"(?:[^.!?;\n]|\.(?=\w)|{_TITLE_DOT}|{_INITIAL_DOT})+[.!?]?")
_SPACE = re.compile(r"\s+")
_LETTERS = re.compile(r"[^\W\d_]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026)\s*")
MAX_ELIDED = 300  # characters an ellipsis may leave out of a quote: a clause, not a page
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
# The number words the reader knows, and "dozen"; "one" (a pronoun as often as a number) and
# "zero" are left out
NUMBER_WORDS = WORDS - {"zero", "one"} | {"dozen"}
_SPELLED_RUN = re.compile(rf"(?<![\d.,])\d+(?:,\d{{3}})*(?:\.\d+)?\s+(?:hundred|thousand|million|"
                          rf"billion)\b|\b(?:{'|'.join(sorted(WORDS))})"
                          rf"(?:[\s-]+(?:and\s+)?(?:{'|'.join(sorted(WORDS))}))*\b",
                          re.IGNORECASE)
# Month names, capitalised ("may" is a verb as often as a month).
_MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|"
                    r"November|December)\b")
# Snowball's English stemmer, in C (PyStemmer: 2.0 us a word against 179 for snowballstemmer's
# Python, on the 370k content words of GSM8K and HH-RLHF, load 5.8), its own cache off: the
# lru_cache on stem() does that job 4.6x faster (0.07 s rather than 0.33 s for those words, 20k
# distinct, with PyStemmer's 10,000-word cache; best of three, load 4.9).
_ENGLISH = Stemmer.Stemmer("english", 0)
_STEMMING = threading.Lock()  # a Stemmer keeps state: one call at a time


@dataclass(frozen=True, slots=True)
class Span:
    """Where a quote was found: passage index, character offsets in it, score (100: exact)."""

    passage: int
    start: int
    end: int
    score: float


# Forms of address a model puts before a name its passage gives bare ("Mr. Dvorak"): they name
# no one, nor carry a claim.
TITLES = frozenset("mr mrs ms miss mx dr prof professor sir dame".split())
# Function words carry no claim, nor do the meta words of a templated question ("what is the
# answer to the question"); a short list, so the check needs no scikit-learn or NLTK.
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just me more
most my no nor not now of off on once only or other our ours out over own same she should so
some such than that the their theirs them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you
your yours answer question passage
""".split())


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry a claim, lowercased; "1,850" is the word "1850" (an
    answer that drops the separator says the same number)."""
    return [w for w in _WORD.findall(_THOUSANDS.sub("", text.lower())) if w not in STOP_WORDS]


def unaccented(text: str) -> str:
    """``text`` without its accents ("Malmö" is "Malmo"): a model writing ASCII drops them."""
    return text if text.isascii() else "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The stem of a lowercase ``word`` (Snowball's English stemmer), so the checks that compare
    words see one word through its inflections and a possessive: "locks" and "lock's" are
    "lock", "looking" is "look", "eggs" "egg". Irregular forms stay apart ("fell", "fall"), and
    a stem need not be a word ("many" is "mani")."""
    with _STEMMING:
        stemmed: str = _ENGLISH.stemWord(word)
    return stemmed


def locate(quote: str, passages: list[str], min_score: float = 90.0) -> Span | None:
    """The best place of ``quote`` in ``passages``; None when no window scores ``min_score``.

    A quote shortened with an ellipsis ("Solberg ... said the shipyard") is found when each
    of its parts is, in order, in one passage, each gap at most ``MAX_ELIDED`` characters: its
    span runs from the first part to the last, scored by the weakest part."""
    parts = [part for part in _ELLIPSIS.split(quote.strip()) if part]
    if len(parts) > 1:
        return _locate_parts(parts, passages, min_score)
    quote = quote.strip()
    best: Span | None = None
    for i, text in enumerate(passages):
        at = text.find(quote)
        if at >= 0:
            return Span(i, at, at + len(quote), 100.0)
        squashed = _SPACE.sub(" ", quote)
        match = re.search(r"\s+".join(map(re.escape, squashed.split(" "))), text)
        if match:
            return Span(i, match.start(), match.end(), 100.0)
        found = fuzz.partial_ratio_alignment(quote.lower(), text.lower())
        if found is not None and (best is None or found.score > best.score):
            best = Span(i, found.dest_start, found.dest_end, round(found.score, 1))
    return best if best is not None and best.score >= min_score else None


def _locate_parts(parts: list[str], passages: list[str], min_score: float) -> Span | None:
    for i in range(len(passages)):
        spans: list[Span] = []
        for part in parts:
            rest = passages[i][spans[-1].end:] if spans else passages[i]
            found = locate(part, [rest], min_score)
            if found is None or spans and found.start > MAX_ELIDED:
                break
            offset = spans[-1].end if spans else 0
            spans.append(Span(i, found.start + offset, found.end + offset, found.score))
        else:
            return Span(i, spans[0].start, spans[-1].end, min(s.score for s in spans))
    return None


# Units by what they measure the same in: "856 m" is "856 metres", "856 feet" is not; a
# currency by its name or code ("kroner", "NOK"). No one-letter names but "m": "5 in",
# "1990s" ("s") are not quantities.
UNITS = {name: unit for unit, names in {
    "metre": "m metre metres meter meters", "kilometre": "km kilometre kilometres kilometer "
    "kilometers", "centimetre": "cm centimetre centimetres centimeter centimeters",
    "millimetre": "mm millimetre millimetres millimeter millimeters", "foot": "ft foot feet",
    "inch": "inch inches", "mile": "mi mile miles", "yard": "yd yard yards",
    "kilogram": "kg kilogram kilograms kilo kilos", "gram": "gram grams",
    "pound": "lb lbs pound pounds", "tonne": "ton tons tonne tonnes",
    "litre": "litre litres liter liters", "millilitre": "ml millilitre millilitres",
    "gallon": "gallon gallons", "second": "sec second seconds", "minute": "min minute minutes",
    "hour": "hr hour hours", "day": "day days", "week": "week weeks",
    "month": "month months", "year": "yr year years", "dollar": "dollar dollars usd",
    "euro": "euro euros eur", "krone": "krone kroner kronor nok sek dkk", "yen": "yen jpy",
    "franc": "franc francs chf", "rupee": "rupee rupees inr", "cent": "cent cents",
    "percent": "percent", "degree": "degree degrees"}.items() for name in names.split()} | {"per cent": "percent"}
# "per cent" and "%" as the one word "percent" (:func:`unit_words`)
_PERCENT_WORDS = re.compile(r"\bper\s+cent\b|\s*%", re.IGNORECASE)
# a unit of area or volume by its power sign ("km\u00b3", "m2" after a number): its words
_POWERED = re.compile(r"(?<=\d)(\s*)([A-Za-z]+)([\u00b2\u00b3]|[23])(?!\w|[.,]\d)")
_POWERS = {"\u00b2": "square", "2": "square", "\u00b3": "cubic", "3": "cubic"}


# What each unit of UNITS measures: a number in another unit of the same measure is a
# conversion (right or wrong); one in a unit of another measure is another quantity.
MEASURES = {unit: measure for measure, units in {
    "time": "second minute hour day week month year", "money": "dollar cent",
    "mass": "gram kilogram pound tonne",
    "length": "millimetre centimetre metre kilometre inch foot yard mile",
    "volume": "millilitre litre gallon"}.items() for unit in units.split()}
TIMES = frozenset(unit for unit, measure in MEASURES.items() if measure == "time")
_PER = frozenset({"a", "an", "per", "each", "every"})


def quantities(text: str) -> dict[str, dict[str, str]]:
    """The units each number of ``text`` is given in, each with the words used ("856 metres":
    {"856": {"metre": "metres"}}); a rate of time after the unit is a unit of its own too
    ("1,200 litres a minute": {"1200": {"litre": "litres", "litre/minute": "litres a
    minute"}})."""
    tokens = _tokens(text)
    found: dict[str, dict[str, str]] = {}
    for i, (number, word) in enumerate(zip(tokens, tokens[1:], strict=False)):
        if number[0].isdigit() and word in UNITS:
            units = found.setdefault(number, {})
            units[UNITS[word]] = word
            per, time = (tokens[i + 2:i + 4] + ["", ""])[:2]
            if per in _PER and UNITS.get(time) in TIMES:
                units[f"{UNITS[word]}/{UNITS[time]}"] = f"{word} {per} {time}"
    return found


# Metric units' sizes in the base unit of their measure: "7.845 kilometres" is "7,845 metres"
METRIC = {"metre": 1.0, "kilometre": 1e3, "centimetre": 1e-2, "millimetre": 1e-3, "gram": 1.0,
          "kilogram": 1e3, "tonne": 1e6, "litre": 1.0, "millilitre": 1e-3}
# The units an answer may convert into its evidence's: metric ones and the fixed units of time
# in seconds ("half an hour" is "30 minutes"; a month or a year has no one length)
CONVERTIBLE = METRIC | {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0,
                        "week": 604800.0}
# Imperial units' sizes in the metric base unit: an approximate conversion of the evidence's
# metric quantity ("about 7,680 feet" beside "2,340 metres") reads as that quantity
IMPERIAL = {"inch": 0.0254, "foot": 0.3048, "yard": 0.9144, "mile": 1609.344,
            "pound": 453.59237, "gallon": 3.785411784}
APPROXIMATE = 0.01  # how far a hedged conversion may round: "about 7,680 feet" is 7,677.2
_HEDGED = re.compile(r"(?:about|approximately|roughly|around|nearly|almost|some|~|\u2248)\s*$",
                     re.IGNORECASE)
# Words that round a quantity, with the range of the true value over the said one they allow:
# "just over half an hour" is 30 to 36 minutes, "nearly 40" 32 to 40 (40 itself excluded:
# "nearly 38" denies 38, see :func:`changed_bound`), "roughly 50,000" 47,500 to 52,500 and only
# for a rounder number than the true one (52,000, not 50,001); an imperial conversion "about"
# rounds within :data:`APPROXIMATE`. A bare "over" or "under" is a bound, not a rounding: "over
# half a million" for 410,000 stays a number the evidence lacks.
ROUNDING, ROUGHLY = 0.2, 0.05
_LOOSE = {"over": "just over|just above|just more than|a little over|a little more than|"
                  "slightly over|slightly more than",
          "under": "just under|just below|just short of|a little under|a little less than|"
                   "slightly under|slightly less than|nearly|almost",
          "about": "about|around|roughly|approximately|an estimated|close to|circa"}
_SIDE = {" ".join(w.split()): side for side, ws in _LOOSE.items() for w in ws.split("|")}
# A fraction of a unit, in words: "half an hour", "three quarters of an hour"
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25}
# a quantity: a fraction of a unit, a number in words or digits, or (rounded) "an hour"
_QUANTITY = re.compile(r"(?:\b(?P<loose>%s)[ \t]+)?" % "|".join(
    w.replace(" ", r"[ \t]+") for w in sorted(_SIDE, key=len, reverse=True))
    + r"(?P<n>\b(?:(?:an?|one|two|three)[ \t]+)?(?:half|thirds?|quarters?)(?:[ \t]+(?:of[ \t]+)?"
    rf"an?)?\b|{_SPELLED_RUN.pattern}|\d[\d,]*(?:\.\d+)?|(?(loose)\ban?\b|(?!)))"
    r"[ \t-]*(?P<word>[A-Za-z]+)", re.IGNORECASE)
_COUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s+([A-Za-z]+)")  # "410,000 passengers"


def in_evidence_units(answer: str, evidence: str) -> str:
    """``answer`` with each quantity that the evidence gives in another metric unit or unit of
    time (:data:`CONVERTIBLE`) written as the evidence writes it ("7.845 kilometres" becomes
    "7845 metres" beside "7,845 metres", "every half hour" "every 30 minutes"; the number in
    digits, in words or as "half" or "a quarter of"), so that the checks on numbers, units and
    words read a right conversion as the evidence's quantity and a wrong one as a number the
    evidence lacks. An imperial quantity the answer hedges ("about 7,680 feet") reads as the
    evidence's metric one when it rounds it within :data:`APPROXIMATE`. A rounded quantity
    (:data:`_LOOSE`: "just over half an hour", "nearly 400,000 passengers", "roughly 50,000")
    reads, rounding words and all, as the one quantity of the evidence of that measure or noun
    that it rounds ("35 minutes", "380,000 passengers", "52,000"), which a capable writer
    rounds so."""
    given = [(UNITS[word], float(number), f"{number} {word}")
             for number, units in quantities(evidence).items() for word in units.values()
             if UNITS.get(word) in CONVERTIBLE]
    counts = [(stem(word.lower()), float(number.replace(",", "")), f"{number} {word}")
              for number, word in _COUNT.findall(spelled_as_digits(evidence))
              if word.lower() not in UNITS]

    def written(found: re.Match[str]) -> str:
        word = found.group("word")
        unit = UNITS.get(word.lower())
        said = found.group("n").lower()
        share = [_FRACTIONS[w] for w in said.split() if w in _FRACTIONS]
        read = ([min(values(said.split()[0]), default=1.0) * share[0]] if share
                else sorted(values(said)) or [1.0])  # "an hour"
        loose = found.group("loose")
        hedged = loose is not None or _HEDGED.search(answer, 0, found.start()) is not None
        sizes = CONVERTIBLE | IMPERIAL if hedged else CONVERTIBLE
        if len(read) != 1 or unit is not None and unit not in sizes:
            return found.group(0)
        if loose is not None:
            return _rounded(_SIDE[" ".join(loose.lower().split())], read[0], unit, word,
                            sizes, given, counts, evidence) or found.group(0)
        if unit is None:
            return found.group(0)
        size = sizes[unit]
        value = read[0] * size
        slack = APPROXIMATE if unit in IMPERIAL else 1e-9
        return next((text for other, v, text in given
                     if MEASURES[other] == MEASURES[unit] and CONVERTIBLE[other] != size
                     and abs(v * CONVERTIBLE[other] - value) <= slack * value), found.group(0))

    return _QUANTITY.sub(written, answer)


def _rounded(side: str, said: float, unit: str | None, word: str, sizes: dict[str, float],
             given: list[tuple[str, float, str]], counts: list[tuple[str, float, str]],
             evidence: str) -> str | None:
    """The one quantity of the evidence that ``said`` (in ``unit``, or counting ``word``, or
    bare where ``word`` is a function word: "roughly 50,000 a year") rounds to ``side``, as the
    evidence writes it; None when none or several do (:data:`_LOOSE`)."""
    slack = APPROXIMATE if unit in IMPERIAL else ROUGHLY
    low, high = {"over": (1.0, 1.0 + ROUNDING), "under": (1.0 - ROUNDING, 1.0),
                 "about": (1.0 - slack, 1.0 + slack)}[side]
    if unit is not None:
        value, options = said * sizes[unit], [
            (v * CONVERTIBLE[other], text) for other, v, text in given
            if MEASURES[other] == MEASURES[unit]]
    elif word.lower() in STOP_WORDS:  # "roughly 50,000 a year": any number of the evidence
        value, options = said, [(float(n), f"{n} {word}") for n in numbers(evidence)
                                if n[0].isdigit()]
    else:  # a count: "nearly 2,000 visitors" for "1,870 visitors"
        value, options = said, [(v, text) for kind, v, text in counts
                                if kind == stem(word.lower())]
    near = [text for v, text in options if low * value <= v <= high * value and v != value
            and (side != "about" or unit in IMPERIAL or _figures(said) < _figures(v))]
    return near[0] if len(near) == 1 else None


def _figures(value: float) -> int:
    """How many significant figures ``value`` is written with: 52,000 has 2, 50,000 1."""
    return len(digits(value).replace(".", "").strip("0"))


def other_unit(answer: str, evidence: str) -> tuple[str, str] | None:
    """The first quantity of ``answer`` whose number the evidence gives in other units only, or
    at another rate ("856 feet" for "856 metres", "1,200 litres an hour" for "1,200 litres a
    minute"), with the evidence's; None when there is none."""
    said = quantities(evidence)
    for number, units in quantities(answer).items():
        given = said.get(number, {})
        rates = ({k: v for k, v in given.items() if "/" in k},
                 {k: v for k, v in units.items() if "/" in k})
        for have, want in ((given, units), rates):
            if have and want and not want.keys() & have.keys():
                return (f"{number} {next(iter(want.values()))}",
                        f"{number} {next(iter(have.values()))}")
    return None


_PERCENT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(%|percent\b|per cent\b)?", re.IGNORECASE)


def lost_percent(answer: str, evidence: str) -> tuple[str, str] | None:
    """A number ``answer`` states as a plain count that ``evidence`` gives only as a
    percentage ("25 of the objects" for "25 percent"), with the evidence's; None when there is
    none, or when the answer is the bare number."""
    shares: dict[str, set[bool]] = {}
    for number, sign in _PERCENT.findall(evidence):
        shares.setdefault(number.replace(",", ""), set()).add(bool(sign))
    if len(content_words(answer)) < 2:
        return None
    for number, sign in _PERCENT.findall(answer):
        if not sign and shares.get(number.replace(",", "")) == {True}:
            return number, f"{number} percent"
    return None


def _tokens(text: str) -> list[str]:
    """Words and numbers, lowercased; a number without its thousands commas ("1,006": "1006");
    "per cent" and "%" as "percent" (:func:`unit_words`)."""
    return [t.replace(",", "") if t[0].isdigit() else t.lower()
            for t in _TOKEN.findall(unit_words(text))]


def unit_words(text: str) -> str:
    """``text`` with "per cent" and "%" written "percent", the one word a unit is read by, and
    a unit's power sign as its word ("1.2 km\u00b3" is "1.2 cubic km", as "1.2 cubic
    kilometres" is read), so a symbol and the words say the same quantity."""
    return _POWERED.sub(_powered, _PERCENT_WORDS.sub(" percent", text))


def _powered(found: re.Match[str]) -> str:
    """A unit with a power sign as :data:`_POWERS` says it, when it is a unit of UNITS."""
    space, unit, power = found.groups()
    if unit.lower() not in UNITS:
        return found.group(0)
    return f"{space or ' '}{_POWERS[power]} {unit}"


def numbers(text: str) -> list[str]:
    """The numbers and dates of ``text``, each number written as :func:`digits` writes its
    value (read by :func:`spelled_as_digits`: "forty-eight", "48.0" and "48" are "48", "2
    million" and "2,000,000" are "2000000", so an answer may give a number in another form
    than its evidence), the number words left (a bare "billion") and month names."""
    return ([digits(float(t)) if t[0].isdigit() else t for t in _tokens(spelled_as_digits(text))
             if t[0].isdigit() or t in NUMBER_WORDS]
            + [month.lower() for month in _MONTH.findall(text)])


def digits(value: float) -> str:
    """A number as this module writes it: "48" for 48.0, "4.5", "2000000" (never "2e+06")."""
    return str(int(value)) if value == int(value) else str(value)


def sums_and_differences(text: str) -> frozenset[str]:
    """The sums and differences of each two numbers of ``text``, written as :func:`numbers`
    writes a number: what a multi-hop answer computes from its two quotes ("nine years" from
    "in 2013" and "in 2022")."""
    values = {float(n) for n in numbers(text) if n[0].isdigit()}
    return frozenset(digits(v) for a in values for b in values if a != b
                     for v in (a + b, abs(a - b)))


def shown_computations(answer: str, evidence: str) -> frozenset[str]:
    """The sums and differences of each two numbers of ``evidence`` that ``answer`` states
    too: an answer that shows its operands ("310 of the 6,200 (5,890 finished)") shows its
    arithmetic, which this checks, in any kind of item; a bare result ("310 finished") is not
    shown and stays a number the evidence lacks."""
    shown = set(numbers(answer)) & set(numbers(evidence))
    return sums_and_differences(" and ".join(n for n in shown if n[0].isdigit()))


# A question that asks for a change, a difference or a total of what its evidence gives
_COMPUTED = re.compile(
    r"\b(?:by how much|difference|in total|altogether|combined|how (?:much|many) (?:more|less|"
    r"fewer)|how (?:long|many years) (?:after|before|between|since)|(?:did|has|have|had)\b[^?]*"
    r"\b(?:grow|rise|fall|drop|increase|decrease|change|climb|shrink|gain|lose)\b)",
    re.IGNORECASE)


def asks_computed(question: str) -> bool:
    """Whether ``question`` asks for a change, a difference or a total ("How much did the
    budget grow between 2015 and 2023?", "How many more seats ...?"): its answer may be the
    sum or difference of two numbers of its evidence (:func:`sums_and_differences`)."""
    return _COMPUTED.search(question) is not None


# a share said in words, with how many of it: "half", "a third", "two thirds", "three quarters"
# a fifth or a tenth only with its count: "the fifth day" is no share
_SHARE = re.compile(r"\b(?:(one|two|three)[ \t-]+)?(half|thirds?|quarters?)\b|\b(?:an?|(one|two|"
                    r"three|four))[ \t-]+(fifths?|tenths?)\b", re.IGNORECASE)
_PARTS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
          "fifths": 5, "tenth": 10, "tenths": 10}


def shares_of(text: str, said: str) -> frozenset[str]:
    """What the shares ``said`` names make of ``text``'s numbers, written as :func:`numbers`
    writes a number, and each share as a percentage to a whole and to a tenth: "half of them"
    beside "64 member farms" gives 32, "one third (about 33%)" gives 33 and 33.3. An answer
    may state such a part in figures; a wrong one ("40, half of the 64"), or one of a share
    the evidence does not name, stays a number the evidence lacks."""
    shares = {(1 if (m.group(1) or m.group(3)) is None
               else float(min(values(m.group(1) or m.group(3)), default=1)))
              / _PARTS[(m.group(2) or m.group(4)).lower()] for m in _SHARE.finditer(said)}
    given = {float(n) for n in numbers(text) if n[0].isdigit()}
    return frozenset(digits(v) for share in shares for v in (
        *(round(share * n, 6) for n in given), round(100 * share), round(100 * share, 1)))


def spelled_as_digits(text: str) -> str:
    """``text`` with each run of number words written in digits ("Forty-eight metres": "48
    metres", "4.5 thousand": "4500", "2 340": "2340", read by
    :func:`synthloop.checks.numbers.values`); "one"
    alone, a pronoun as often as a number, and a bare scale word ("billion") are left as they
    are."""
    def written(run: re.Match[str]) -> str:
        return " ".join(map(digits, sorted(values(run.group(0))))) or run.group(0)

    return _SPELLED_RUN.sub(written, joined_thousands(text))  # "2\u202f340" is one number


def exact_tokens(text: str) -> list[str]:
    """What a copy of ``text`` must keep exactly: its numbers, capitalised words and the
    words that turn a claim round (:data:`MEANING_WORDS`: "before" for "after")."""
    caps = {t.lower() for t in _TOKEN.findall(text) if t[0].isupper()}
    return [t for t in _tokens(text)
            if t in caps or t[0].isdigit() or t in NUMBER_WORDS or t in MEANING_WORDS]


def window(passage: str, span: Span) -> str:
    """The text of ``span`` in ``passage``, widened to whole words (a fuzzy window may cut one)."""
    start, end = span.start, span.end
    while start > 0 and passage[start - 1].isalnum():
        start -= 1
    while end < len(passage) and passage[end].isalnum():
        end += 1
    return passage[start:end]


def altered(quote: str, copied: str) -> str | None:
    """The first number, name or meaning word of ``quote`` that the text it was ``copied``
    from lacks; None when the copy kept them all."""
    have = set(_tokens(copied))
    return next((t for t in exact_tokens(quote) if t not in have), None)


def reordered(quote: str, copied: str) -> tuple[str, str] | None:
    """Two numbers, names or meaning words of ``quote`` that it gives in the other order than
    the text it was ``copied`` from ("aged 9 months ... aged 14 months" copied from "aged 14
    months ... aged 9 months"): each is in the copy, so :func:`altered` passes it, and a fuzzy
    score barely moves; None when the quote keeps their order."""
    tokens = exact_tokens(quote)
    # the numbers alone first, so that a reason names the two numbers swapped
    for said in ([t for t in tokens if t[0].isdigit() or t in NUMBER_WORDS], tokens):
        order = iter([t for t in _tokens(copied) if t in set(said)])
        for before, token in zip(["", *said], said, strict=False):
            if token not in order:  # consumes the copy up to the token: order is kept
                return before, token
    return None


def dropped(quote: str, copied: str) -> str | None:
    """The first meaning word (:data:`MEANING_WORDS`) of the text a quote was ``copied`` from
    that the quote leaves out: an ellipsis over "none are" ("Most climbers ... are allowed")
    or a fuzzy copy without its "not" keeps every word it shows and says the opposite."""
    kept = Counter(t for t in _tokens(quote.translate(PLAIN_QUOTES)) if t in MEANING_WORDS)
    said = [t for t in _tokens(copied.translate(PLAIN_QUOTES)) if t in MEANING_WORDS]
    return next((t for t in said if kept[t] < said.count(t)), None)


# A sentence's end: not the dot of a title or an initial ("Dr. Amara Okafor", "John C. Williams")
_SENTENCE_END = re.compile(rf"(?!{_TITLE_DOT})(?<!\b[A-Z])[.!?][\"')\u201d]?\s+"
                           r"(?=[\"(\u201c]?[A-Z0-9])")


def joined_sentences(quote: str, copied: str) -> bool:
    """Whether an ellipsis in ``quote`` hides the end of a sentence of the text it was
    ``copied`` from: "Its engineer ... sold 18,500 pumps" joins a subject and a claim that two
    sentences make of two things."""
    return (_ELLIPSIS.search(quote) is not None
            and len(_SENTENCE_END.findall(copied)) > len(_SENTENCE_END.findall(quote)))


def echoes(answer: str, evidence: str, question: str) -> bool:
    """Whether ``evidence`` is no more than the answer's names and numbers: no lowercase word,
    every word of it in the answer and none the question asks about (a quote "Pavel Dvořák"
    for "Who founded the firm?" is in the passage and says nothing of who founded it; "Ali had
    $21" says what Ali had)."""
    said = {stem(w) for w in content_words(evidence)}
    return (not any(w.islower() for w in _LETTERS.findall(evidence))
            and said <= {stem(w) for w in content_words(answer)}
            and not said & {stem(w) for w in content_words(question)})


def best_score(quote: str, passages: list[str]) -> float:
    """The best fuzzy score of ``quote`` in any passage (for a reason that says how far)."""
    found = locate(quote, passages, min_score=0.0)
    return found.score if found else 0.0


# Words that turn a claim round when changed or left out: each group holds alternatives that
# exclude one another ("all" or "most", "before" or "after"), so an answer that says one where
# its evidence says another says what the evidence does not. ("over" and "under" are left out:
# "took over" is no quantity.)
OPPOSITES = tuple(frozenset(group.split()) for group in (
    "all every most many some several few none", "before after", "ahead behind",
    "more less fewer", "above below", "higher lower", "earlier later",
    "first last", "increased decreased", "increase decrease", "rose fell", "won lost",
    "largest smallest", "longest shortest", "always usually often sometimes rarely never",
    "maximum minimum", "inside outside", "upstream downstream", "upriver downriver",
    "uphill downhill", "inbound outbound", "northbound southbound", "eastbound westbound"))
# "none" and "never" are negations too; "n't" contractions are read by :func:`negations`.
MEANING_WORDS = frozenset().union(*OPPOSITES) | frozenset(
    "not no never none nobody nothing neither nor cannot only".split())


def opposite(answer: str, evidence: str) -> tuple[str, str] | None:
    """A word of ``answer`` and the alternative its ``evidence`` says instead ("most", "all"),
    where the evidence has an alternative of that word and not the word itself; None when
    there is none. Support counts shared words, and "Most of the 80 galleries" shares all of
    its content words with "All 80 galleries"."""
    said = set(_WORD.findall(evidence.lower().translate(PLAIN_QUOTES)))
    for word in _WORD.findall(REPLY.sub("", answer).lower().translate(PLAIN_QUOTES)):
        for group in OPPOSITES:
            other = sorted(group & said - {word})
            if word in group and word not in said and other:
                return word, other[0]
    return None


# An answer that names one thing as the only one ("only Rubinola", "Rubinola alone"), and
# what joins two things in a text: any words of them, or "and" / "with" between two names
_ONLY = re.compile(r"\b(?:only|solely|exclusively)\s+(?:the\s+|an?\s+)?([A-Za-z][\w'-]*)"
                   r"|\b([A-Za-z][\w'-]*)\s+alone\b", re.IGNORECASE)
_RESTRICTS = re.compile(r"\b(?:only|solely|exclusively|alone)\b", re.IGNORECASE)
_ALONG = r"(?:alongside|as well as|together with|along with|besides|in addition to|plus)"
_ALONG_NAMES = r"(?:and|with|&)"


def exclusive(answer: str, evidence: str) -> tuple[str, str] | None:
    """A thing the answer says is the only one where its evidence gives it beside another, as
    the answer and the evidence word it ("only Rubinola", "Aroma alongside Rubinola"); None
    when there is none, or when the evidence restricts too. Support counts words: "Only
    Rubinola" has all of those of "the rest grow ... Rubinola", whose ellipsis hides "Aroma
    alongside"."""
    if _RESTRICTS.search(evidence):
        return None
    for m in _ONLY.finditer(REPLY.sub("", answer)):
        word = m.group(1) or m.group(2)
        if word.lower() in STOP_WORDS:
            continue
        name = r"(?-i:[A-Z])[\w'-]*"
        joins = [rf"[\w'-]+\s+{_ALONG}\s+(?:the\s+)?{re.escape(word)}\b",
                 rf"\b{re.escape(word)}\s+{_ALONG}\s+(?:the\s+)?[\w'-]+"]
        if word[0].isupper():
            joins += [rf"{name}\s+{_ALONG_NAMES}\s+{re.escape(word)}\b",
                      rf"\b{re.escape(word)}\s+{_ALONG_NAMES}\s+{name}"]
        for join in joins:
            found = re.search(join, evidence, re.IGNORECASE)
            if found is not None:
                return " ".join(m.group(0).split()), found.group(0).strip()
    return None


# How a number is bounded, by the words before it: "more than 38" says what "38" does not.
_BOUND_WORDS = {
    "more": "more than|greater than|higher than|over|above|upwards of|in excess of|exceeding",
    "less": "less than|fewer than|lower than|under|below",
    "least": "at least|no fewer than|no less than|a minimum of",
    "most": "at most|up to|no more than|a maximum of",
    "exact": "exactly|precisely",
    "nearly": "nearly|almost|just under|just below",
    "about": "about|around|roughly|approximately|some|circa|close to|an estimated"}
_BOUNDED = re.compile(r"(?:\b(?P<bound>%s)\s+)?\$?(?P<n>(?<![\w.,])\d[\d,]*(?:\.\d+)?)" % "|".join(
    sorted((w for ws in _BOUND_WORDS.values() for w in ws.split("|")), key=len, reverse=True)),
    re.IGNORECASE)
_BOUND_OF = {w: kind for kind, ws in _BOUND_WORDS.items() for w in ws.split("|")}
# The bounds of the evidence each bound of an answer agrees with (None: a number said bare,
# exactly): "about" never claims more than the evidence, "exactly" only what a bare number
# says, "at least 38" what "38" or "more than 38" says; "more than 38" and "nearly 38" deny 38.
_AGREES: dict[str | None, set[str | None]] = {
    "exact": {None, "exact"}, "more": {"more"}, "less": {"less"},
    "least": {None, "exact", "least", "more"}, "most": {None, "exact", "most", "less"},
    "nearly": {"nearly", "about", "less"}}


def bounds(text: str) -> Iterator[tuple[str, str | None, str]]:
    """Each number of ``text`` (as :func:`numbers` writes it) with how the text bounds it
    ("more", "less", "least", "most", "exact", "nearly", "about", or None: a bare number) and
    the words that say so ("more than 38")."""
    for m in _BOUNDED.finditer(unit_words(spelled_as_digits(text))):
        bound = m.group("bound")
        kind = _BOUND_OF[" ".join(bound.lower().split())] if bound else None
        yield digits(float(m.group("n").replace(",", ""))), kind, m.group(0)


def changed_bound(answer: str, evidence: str) -> tuple[str, str] | None:
    """A number the answer bounds otherwise than its evidence does, as the answer and the
    evidence word it ("more than 38" where the evidence says "38", "Exactly 4,500" where it
    says "about 4,500"); None when there is none. Support counts words, and "more than 38
    metres high" has all of those of "38 metres high"; a number the evidence lacks is left to
    the check on numbers, and words copied from the evidence to the judgement of support ("more
    than 5000 pounds", the end of "no more than 5000 pounds")."""
    said: dict[str, dict[str | None, str]] = {}
    for number, kind, words in bounds(evidence):
        said.setdefault(number, {}).setdefault(kind, words)
    copied = " ".join(unit_words(spelled_as_digits(evidence)).lower().split())
    for number, kind, words in bounds(answer):
        if kind in _AGREES and number in said and not said[number].keys() & _AGREES[kind] \
                and " ".join(words.lower().split()) not in copied:
            return words, next(iter(said[number].values()))
    return None


# Words that turn a claim into its denial. A bare "no"/"yes" opening an answer is its reply to a
# yes/no question, not a denial of the quote, so it is left out of the count.
NEGATIONS = frozenset("not no never none nobody nothing neither nor cannot false untrue".split())
REPLY = re.compile(r"^\W*(?:yes|no)\b\W*", re.IGNORECASE)
_NO = re.compile(r"\W*no\b", re.IGNORECASE)
# a negated clause: the negation and the words after it up to the clause's end
_NEGATED = re.compile(r"\b(?:not|never|\w+n[\'\u2019]t)\b([^.;:,!?\n\u2013\u2014]*)",
                      re.IGNORECASE)


def restated_no(answer: str, question: str, evidence: str) -> str:
    """``answer`` without the negated clauses that restate its opening "No": a clause whose
    words all come from the ``question``, the first of them one the evidence lacks ("Do members
    pay at the door? No, members don't pay at the door; entry is free" reads "No, members ;
    entry is free"). It denies the question, not the quote, and claims nothing to support."""
    if not _NO.match(answer):
        return answer
    asked, quoted = set(content_words(question)), set(content_words(evidence))

    def restated(clause: re.Match[str]) -> str:
        words = content_words(clause.group(1))
        return "" if words and words[0] not in quoted and set(words) <= asked \
            else clause.group(0)

    return _NEGATED.sub(restated, answer)


def negations(text: str) -> list[str]:
    """The negating words of ``text``, "n't" contractions included ("isn't")."""
    return [w for w in _WORD.findall(text.lower().translate(PLAIN_QUOTES))
            if w in NEGATIONS or w.endswith("n't")]


def added_negation(answer: str, evidence: str) -> str | None:
    """The first negating word of ``answer`` beyond those its ``evidence`` has: an answer that
    denies what it quotes ("it is not true that ...") shares every content word with its
    quote, so support alone keeps it."""
    said = negations(REPLY.sub("", answer))
    extra = Counter(said) - Counter(negations(evidence))
    return next((w for w in said if extra[w] > 0), None)


_NAME = re.compile(r"(?<![.!?:;]\s)(?<![.!?:;])(?<!^)\b[A-Z][\w'-]*")
_POSSESSIVE = re.compile(r"'s?\b")


def _name_tokens(text: str) -> list[str]:
    """:func:`_tokens` of ``text`` as names compare: accents dropped ("Dvořák" is "dvorak", as
    a model writing ASCII copies it) and a possessive's "'s" gone ("Fleming's" is "fleming")."""
    return _tokens(_POSSESSIVE.sub("", unaccented(text.translate(PLAIN_QUOTES))))


def unsupported_name(answer: str, given: str) -> str | None:
    """The first capitalised word of ``answer`` (a name, a nationality, a unit such as
    "Fahrenheit"), not opening a sentence nor a title ("Mr."), that ``given`` (the evidence and
    the question) lacks, accents and possessives aside; None when there is none. A name carries
    the claim however few words it is: "the French architects Cruz y Ortiz" has the support of
    "the Spanish architects Cruz y Ortiz"."""
    have = set(_name_tokens(given))
    return next((name for name, words in _names(answer) if not all(t in have for t in words)),
                None)


def names(text: str) -> frozenset[str]:
    """The name tokens of ``text``: its capitalised words, not opening a sentence nor a title,
    as names compare (lowercase, accents and possessives dropped: "Brandt's" is "brandt")."""
    return frozenset(t for _, words in _names(text) for t in words)


def _names(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each capitalised word of ``text`` that is not "I", a title, nor a sentence's first word,
    with its name tokens."""
    for line in re.sub(_TITLE_DOT, "", text.translate(PLAIN_QUOTES)).splitlines():
        for found in _NAME.finditer(line.strip()):
            words = _name_tokens(found.group(0))
            if words not in (["i"], []) and words[0] not in TITLES:
                yield found.group(0), words


# a Markdown table's header row and the rule under it: they name its columns, claiming nothing
_TABLE_HEAD = re.compile(r"^[ \t]*\|.*\|[ \t]*\n[ \t]*\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*$",
                         re.MULTILINE)


def claims(answer: str) -> list[str]:
    """The answer's sentences that carry a content word (a table's header row claims
    nothing: its rows say what the table claims)."""
    return [c.strip() for c in _CLAIM.findall(_TABLE_HEAD.sub("", answer)) if content_words(c)]


# Words that hedge a number, and claim nothing of their own
HEDGES = frozenset("around roughly approximately circa estimated".split())


def support(claim: str, evidence: str, computed: frozenset[str] = frozenset()) -> float:
    """Share of the claim's content words that occur in ``evidence`` (or are ``computed``
    numbers), numbers spelled out read as digits ("forty-eight metres" is carried by "48
    metres"), a unit by its name in :data:`UNITS` ("35 per cent" by "35%", "410 m" by "410
    metres"), accents dropped ("Malmo" by "Malmö"), titles and hedges left out ("Mr.",
    "roughly": :func:`changed_bound` reads how a number is bounded)."""
    words = [w for w in _claim_words(claim) if w not in TITLES | HEDGES]
    have = set(_claim_words(evidence)) | computed
    return sum(w in have for w in words) / len(words) if words else 1.0


def _claim_words(text: str) -> list[str]:
    """The content words :func:`support` compares: numbers in digits, units by their name."""
    return [UNITS.get(w, w) for w in content_words(unaccented(unit_words(spelled_as_digits(
        text))))]


def token_f1(gold: str, said: str) -> float:
    """SQuAD token F1 over content words; 1.0 when the gold answer's words all appear in order
    inside ``said`` (a correct answer in a longer sentence)."""
    g, s = content_words(gold), content_words(said)
    if not g or not s:
        return 0.0
    if f" {' '.join(g)} " in f" {' '.join(s)} ":
        return 1.0
    common = sum((Counter(g) & Counter(s)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(s), common / len(g)
    return 2 * precision * recall / (precision + recall)


# A share in words as an answer writes it ("one third", "a quarter", "two-thirds"), and a
# percentage, hedged or not ("about 33%", "33 per cent")
_SHARE_SAID = re.compile(r"\b(?:(an?|one|two|three)[ \t-]+)?(half|thirds?|quarters?)\b|"
                         r"\b(an?|one|two|three|four)[ \t-]+(fifths?|tenths?)\b", re.IGNORECASE)
_RATIO = re.compile(r"\b(one|two|three|four|\d+)[ \t]+(?:in|out[ \t]+of)[ \t]+(two|three|four|five|"
                    r"six|seven|eight|nine|ten|\d+)\b", re.IGNORECASE)  # "one in three"
_PERCENT_SAID = re.compile(r"(?:\b(?:about|around|roughly|approximately|nearly|almost|some)"
                           r"[ \t]+|~[ \t]*)?(\d+(?:\.\d+)?)[ \t]*(?:%|per[ \t]?cent\b)",
                           re.IGNORECASE)


def _share(found: re.Match[str]) -> float:
    """The value of a share :data:`_SHARE_SAID` found: "two thirds" is 2/3, "a half" 1/2."""
    count = min(values(found.group(1) or found.group(3) or ""), default=1.0)
    return count / _PARTS[(found.group(2) or found.group(4)).lower()]


def in_evidence_shares(answer: str, evidence: str) -> str:
    """``answer`` with each share written as its evidence writes that share: a percentage that
    rounds a share the evidence says in words ("about 33%" beside "a third"), and a share in
    words that the evidence says otherwise ("one third" or "one in three" for "a third", "two
    thirds" for "67%"), so that support reads "By one third (about 33%)" as the evidence's "by
    a third" and a share the evidence does not give ("a quarter" for "a third") as words it
    lacks."""
    said = {round(_share(m), 3): m.group(0) for m in _SHARE_SAID.finditer(evidence)}
    cents = {float(m.group(1)): m.group(0) for m in _PERCENT_SAID.finditer(evidence)}

    def as_said(value: float, own: str) -> str:
        return said.get(round(value, 3)) or next(
            (text for p, text in cents.items() if p in (round(100 * value), round(100 * value, 1))),
            own)

    answer = _RATIO.sub(lambda m: as_said(min(values(m.group(1)), default=1.0)
                                          / min(values(m.group(2))), m.group(0)), answer)
    answer = _SHARE_SAID.sub(lambda m: as_said(_share(m), m.group(0)), answer)
    return _PERCENT_SAID.sub(lambda m: next(
        (text for v, text in said.items()
         if float(m.group(1)) in (round(100 * v), round(100 * v, 1))), m.group(0)), answer)


def complement_share(question: str, answer: str, evidence: str) -> tuple[str, str] | None:
    """A share of ``answer`` that its evidence gives, where the question asks of the rest
    (negated: "What share of the loans are not novels?" over "two thirds of them novels"), with
    the evidence's words for it; None when there is none. Half is its own rest; an evidence
    that negates may give the rest itself."""
    if not negations(question) or negations(evidence):
        return None
    given = {round(_share(m), 3): m.group(0) for m in _SHARE_SAID.finditer(evidence)}
    given |= {round(float(m.group(1)) / 100, 3): m.group(0)
              for m in _PERCENT_SAID.finditer(evidence)}
    said = [(round(_share(m), 3), m.group(0)) for m in _SHARE_SAID.finditer(answer)]
    said += [(round(float(m.group(1)) / 100, 3), m.group(0))
             for m in _PERCENT_SAID.finditer(answer)]
    return next(((text, given[v]) for v, text in said if v != 0.5 and v in given), None)


def sentence_before(passage: str, at: int) -> str:
    """The text of ``passage`` from the start of the sentence (or line) that holds offset ``at``
    up to it: what a quote that begins there cuts off of its sentence ("Its chair, Britta Sand,
    " before "was re-elected unopposed")."""
    ends = [m.end() for m in _SENTENCE_END.finditer(passage) if m.end() <= at]
    return passage[max([0, passage.rfind("\n", 0, at) + 1, *ends]):at]


_DOTTED = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?!\d|[.,]\d)")  # "1.200", "2.340.000"


def dotted_thousands(answer: str, evidence: str) -> str:
    """``answer`` with each number grouped by dots ("1.200 habitantes", as German, Spanish and
    Italian write 1,200) written without them where its evidence gives that whole number and
    not the decimal one."""
    said = set(numbers(evidence))

    def whole(found: re.Match[str]) -> str:
        text = found.group(0)
        decimal = text.count(".") == 1 and digits(float(text)) in said
        return text.replace(".", "") if digits(float(text.replace(".", ""))) in said \
            and not decimal else text

    return _DOTTED.sub(whole, answer)
