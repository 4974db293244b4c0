"""Whether a response has the shape of answer its instruction asks for, read from the
instruction's words alone: a number, a year, a translation, the listed items sorted, the
conversion asked (not its reverse), a poem in lines.

An on-topic response that talks around its question ("The telephone was patented in 1876 and
changed how people communicated" for "Who invented the telephone?") shares the question's
words, so its embedding is close to the question's and a similarity check keeps it. What it
lacks is the kind of thing the question asks for; these rules name that kind where the words
of the question say it plainly, and leave every other response to the similarity check and
the judge.
"""

from __future__ import annotations

import re

from synthloop.checks.language import english_probability
from synthloop.checks.numbers import values

# A question answered by yes or no opens (or has a sentence open) with an auxiliary verb: "Is
# a tomato a fruit?", "Can penguins fly?" (the judge's surface probe and relevance's labels).
YES_NO_OPENING = (r"(?:^|[.?!:]\s+)(?:is|are|was|were|am|do|does|did|can|could|will|would|should|"
                  r"shall|has|have|had|may|might|must)(?:n't)?\b")
# A count, an amount or a measure: "how many", "how tall", "convert 5 km", a unit to answer in
# ("in Fahrenheit"), a calculation ("What is 15% of 80?").
_ASKS_AMOUNT = re.compile(
    r"\bhow (?:many|much|tall|high|far|old|deep|heavy|fast|long)\b|\bconvert\b[^.?!]*\d|"
    r"\bin (?:degrees )?(?:fahrenheit|celsius|kelvin|miles|kilomet(?:er|re)s|met(?:er|re)s|feet|"
    r"inches|pounds|kilograms|grams|lit(?:er|re)s|gallons|dollars|euros|percent)\b|"
    r"^\s*what(?:'s| is)\b[^?\n]*\d", re.IGNORECASE)
_ASKS_YEAR = re.compile(r"\b(?:what|which) year\b|(?:^|[.?!]\s+)when (?:did|was|were|is|does|do|"
                        r"will)\b", re.IGNORECASE)
# Words that give a quantity besides digits and number words (:func:`values` leaves out "one"
# and "zero"); "one of the most famous moments", "the only one to" state none.
_QUANTITY_WORD = re.compile(r"(?<!the )(?<!only )(?<!no )(?<!any )(?<!each )(?<!every )"
                            r"\b(?:one|zero|none|no|nil|nothing|dozens?)\b(?! of\b)",
                            re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
COMPUTATION = re.compile(r"\d\s*[-+*/×÷=]\s*\$?\(?\d")  # worked arithmetic: "4 - 3 = 1"
# A year as a date is written: no thousands comma ("1,500 people" is a count), maybe a decade.
_YEAR = re.compile(r"(?<![\d,.$])[1-9]\d{2,3}(?:s\b)?(?![\d%]|[.,]\d)")
_DATE_WORDS = re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|"
                         r"october|november|december)\s+\d|\d\s+(?:january|february|march|"
                         r"april|may|june|july|august|september|october|november|december)\b|"
                         r"\b\d+\s*(?:bc|bce|ad|ce)\b", re.IGNORECASE)
_CENTURY = re.compile(r"\b\w+(?:st|nd|rd|th) century\b", re.IGNORECASE)  # answers "when", no year
# A year after a preposition of time is when something happened, not how many there are.
_YEAR_OF_EVENT = re.compile(r"\b(?:in|since|from|until|by|around|circa)\s+([1-9]\d{3})\b",
                            re.IGNORECASE)
# "Translate ... into French": the language asked, and the parts of a response that may hold
# the translation (a quote, what follows a colon, each sentence, the whole).
_LANGUAGES = ("French", "Spanish", "German", "Italian", "Portuguese", "Dutch", "Russian",
              "Chinese", "Japanese", "Korean", "Arabic", "Hindi", "Turkish", "Polish",
              "Swedish", "Greek")
_TRANSLATE = re.compile(rf"\b[Tt]ranslat\w*\b.*\b(?:into|to|in)\s+({'|'.join(_LANGUAGES)})\b")
_QUOTED = re.compile(r"['\"\u2018\u201c\u00ab*]([^'\"\u2019\u201d\u00bb*\n]{2,})"
                     r"['\"\u2019\u201d\u00bb*]|:\s*([^\n]+)")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_ENGLISH = 0.5  # py3langid's probability of English above which a part is taken as English
# "Sort these numbers in ascending order: 9, 2, 7, 4": the items after the colon.
# Only as a command that opens a sentence: "order the following:" in a story is a purchase.
_SORT = re.compile(r"(?:^|[.!?]\s+)(?:please\s+)?(?:sort|order|arrange|rank)\b[^:\n]*:\s*"
                   r"([^\n]+)", re.IGNORECASE)
_ITEM = re.compile(r"[^,;]+")
# "How do I convert Celsius to Fahrenheit?": the two ends of the conversion asked.
_CONVERSION = re.compile(r"\bconver(?:t|ts|ting|sion)\s+(?:from\s+)?(?:\d[\d.,]*\s*)?"
                         r"([a-z]+)\s+(?:to|into)\s+([a-z]+)", re.IGNORECASE)
# A poem of a named form, and the fewest lines it has.
_POEM = re.compile(r"\b(?:write|compose|create|give me)\b[^.?!\n]*?\b(limerick|haiku|sonnet|"
                   r"poem|verse|rhyme)\b", re.IGNORECASE)
_POEM_LINES = {"limerick": 5, "haiku": 3, "sonnet": 14, "poem": 2, "verse": 2, "rhyme": 2}


def missing(response: str, instruction: str, prompt: str) -> tuple[str, str] | None:
    """(verdict code, reason) where ``response`` lacks the shape of answer ``instruction``
    asks for, else None; ``prompt`` is the instruction with its input, whose own numbers
    answer nothing."""
    return (_number_missing(response, instruction, prompt)
            or _translation_missing(response, instruction)
            or _sorted_list_missing(response, instruction)
            or _conversion_reversed(response, instruction)
            or _poem_missing(response, instruction))


def _number_missing(response: str, instruction: str, prompt: str) -> tuple[str, str] | None:
    year_asked = _ASKS_YEAR.search(instruction)
    if year_asked is None and not _ASKS_AMOUNT.search(instruction):
        return None  # most instructions: no number read at all
    if COMPUTATION.search(response):
        return None  # worked out: "4 - 3 = 1 more egg" may end on a number the prompt states
    stated = values(response)
    new = stated - values(prompt)
    given = "only the prompt's own" if stated else "none"
    if year_asked is not None:
        years = {float(y.rstrip("s")) for y in _YEAR.findall(response)} & new
        if years or _DATE_WORDS.search(response) or (
                "year" not in year_asked.group(0).lower() and _CENTURY.search(response)):
            return None
        return ("non_answer", "the instruction asks for a number or a date, and the response "
                f"gives {given if not new else 'no year'}")
    if _QUANTITY_WORD.search(_DIGITS.sub("", response)):
        return None
    events = {float(y) for y in _YEAR_OF_EVENT.findall(response)}
    if new - events:
        return None
    return ("non_answer", "the instruction asks for a number or a date, and the response gives "
            f"{'only the year of an event' if new else given}")


def _translation_missing(response: str, instruction: str) -> tuple[str, str] | None:
    """Where every part of the response reads as English with some confidence (a short quote
    such as "Merci beaucoup" is read on its own, where the English around it would outvote
    it; one too short to tell may be the translation)."""
    asked = _TRANSLATE.search(instruction)
    if asked is None:
        return None
    parts = [response, *_SENTENCES.split(response),
             *(q for m in _QUOTED.finditer(response) for q in m.groups() if q)]
    if any(english_probability(part) < _ENGLISH for part in parts):
        return None
    return ("non_answer", f"the instruction asks for a translation into {asked.group(1)}, and "
            "no part of the response is in another language than English")


def asks_translation(instruction: str) -> bool:
    """Whether ``instruction`` asks for a translation into a language named in it: then a
    question in that language ("Wo ist der Bahnhof?") is the answer, not a question back."""
    return _TRANSLATE.search(instruction) is not None


def _sorted_list_missing(response: str, instruction: str) -> tuple[str, str] | None:
    asked = _SORT.search(instruction)
    if asked is None:
        return None
    items = [item.strip(" .").lower() for item in _ITEM.findall(asked.group(1))]
    items = [item for item in items if item]
    if len(items) < 2:
        return None
    absent = [item for item in items if item not in response.lower()]
    if not absent:
        return None
    return ("non_answer", f"the instruction asks for {len(items)} items in order, and the "
            f"response leaves out {len(absent)} of them ({', '.join(absent[:3])})")


def _conversion_reversed(response: str, instruction: str) -> tuple[str, str] | None:
    asked = _CONVERSION.search(instruction)
    if asked is None:
        return None
    pair = (asked.group(1).lower(), asked.group(2).lower())
    told = [(m.group(1).lower(), m.group(2).lower()) for m in _CONVERSION.finditer(response)]
    if not told or pair in told or pair[::-1] not in told:
        return None
    return ("off_topic", f"the instruction asks to convert {pair[0]} to {pair[1]}, and the "
            f"response converts {pair[1]} to {pair[0]}")


def _poem_missing(response: str, instruction: str) -> tuple[str, str] | None:
    asked = _POEM.search(instruction)
    if asked is None:
        return None
    form = asked.group(1).lower()
    lines = [line for line in re.split(r"\n|\s+/\s+", response.strip()) if line.strip()]
    if len(lines) >= _POEM_LINES[form]:
        return None
    return ("non_answer", f"the instruction asks for a {form}, and the response is "
            f"{len(lines)} line{'s' if len(lines) != 1 else ''} of text, not a {form}")
