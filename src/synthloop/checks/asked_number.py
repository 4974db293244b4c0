"""Whether a response gives the number, year or result its instruction asks for.

"How many moons does Mars have?", "In what year did Apollo 11 land?", "What is 15% of 80?":
the instruction's words say a number is asked. A response with no number besides the prompt's
own ("Apollo 11 landed on the Moon"), or with only the year of an event for a count, or a
method for a calculation ("multiply by the percentage and divide by 100") with no result,
answers around the question; its embedding is still close to the question's.
"""

from __future__ import annotations

import re

from synthloop.checks.arithmetic import written_value
from synthloop.checks.numbers import values

# A count, an amount or a measure: "how many", "how tall", "convert 5 km", a unit to answer in
# ("in Fahrenheit"), a calculation ("What is 15% of 80?").
_ASKS_AMOUNT = re.compile(
    r"\bhow (?:many|much|tall|high|far|old|deep|heavy|fast|long)\b|\bconvert\b[^.?!]*\d|"
    r"\bin (?:degrees )?(?:fahrenheit|celsius|kelvin|miles|kilomet(?:er|re)s|met(?:er|re)s|feet|"
    r"inches|pounds|kilograms|grams|lit(?:er|re)s|gallons|dollars|euros|percent)\b|"
    r"^\s*what(?:'s| is)\b[^?\n]*\d|"
    # a measure of a thing: "What is the boiling point of ethanol?", "the height of K2"
    r"^\s*what(?:'s| is| was| are)\s+the\s+(?:\w+\s+)?(?:(?:boiling|melting|freezing)\s+point|"
    r"population|height|length|width|depth|weight|mass|distance|speed|area|diameter|radius|"
    r"altitude|elevation|density|temperature)\s+(?:of|at|in)\b", re.IGNORECASE)
_ASKS_YEAR = re.compile(r"\b(?:what|which) year\b|(?:^|[.?!]\s+)when (?:did|was|were|is|does|do|"
                        r"will)\b", re.IGNORECASE)
# Words that give a quantity besides digits and number words (:func:`values` leaves out "one"
# and "zero"); "one of the most famous moments", "the only one to" state none.
_QUANTITY_WORD = re.compile(r"(?<!the )(?<!only )(?<!no )(?<!any )(?<!each )(?<!every )"
                            r"\b(?:one|zero|none|no|nil|nothing|dozens?)\b(?! of\b)|"
                            # a scale word as a quantity: "a thousand feet", "hundreds of"
                            # ("a share of a hundred" names a base, no quantity)
                            r"(?<!of )\b(?:an?|a few|several)\s+(?:dozen|hundred|thousand|million|"
                            r"billion)\b|\b(?:hundreds|thousands|millions|billions)\b",
                            re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
COMPUTATION = re.compile(r"\d\s*[-+*/×÷=]\s*\$?\(?\d")  # worked arithmetic: "4 - 3 = 1"
# A year as a date is written: no thousands comma ("1,500 people" is a count), maybe a decade,
# no unit of measure after it ("330 metres tall" is a height).
_YEAR = re.compile(r"(?<![\d,.$])[1-9]\d{2,3}(?:s\b)?(?![\d%]|[.,]\d)(?!\s*(?:k?m|cm|mm|"
                   r"met(?:er|re)s?|kilomet(?:er|re)s?|kg|g|grams?|kilograms?|feet|ft|inch(?:es)?|"
                   r"miles?|pounds?|lbs?|tons?|tonnes?|lit(?:er|re)s?|degrees)\b|\s*\u00b0)")
_DATE_WORDS = re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|"
                         r"october|november|december)\s+\d|\d\s+(?:january|february|march|"
                         r"april|may|june|july|august|september|october|november|december)\b|"
                         r"\b\d+\s*(?:bc|bce|ad|ce)\b", re.IGNORECASE)
# A year in Roman numerals, "MLXVI": a well-formed numeral of three letters or more, in capitals
# ("DC" or "MIX" in a sentence's case is a name or a word).
ROMAN_YEAR = re.compile(r"(?<![\w'])(?=[MDCLXVI]{3,}\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})"
                         r"(?:IX|IV|V?I{0,3})\b")
_CENTURY = re.compile(r"\b\w+(?:st|nd|rd|th) century\b", re.IGNORECASE)  # answers "when", no year
# A year after a preposition of time is when something happened, not how many there are.
_YEAR_OF_EVENT = re.compile(r"\b(?:in|since|from|until|by|around|circa)\s+([1-9]\d{3})\b",
                            re.IGNORECASE)
# "What is 15% of 80?", "Calculate 12 times 7.": a calculation whose result is known.
_CALCULATION = re.compile(r"^(?:what(?:'s| is)|calculate|compute|work out)\s+([^?]+?)\s*[?.]?$",
                          re.IGNORECASE)


def number_missing(response: str, instruction: str, prompt: str) -> tuple[str, str] | None:
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
        if years or _DATE_WORDS.search(response) or ROMAN_YEAR.search(response) or (
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



def result_missing(response: str, instruction: str) -> tuple[str, str] | None:
    """A calculation asked (:data:`_CALCULATION`, read by
    :func:`~synthloop.checks.arithmetic.written_value`) whose result the response never states
    and does not work out: a method described ("multiply by the percentage and divide by 100")
    states a number, but not the result."""
    asked = _CALCULATION.match(instruction.strip())
    if asked is None or COMPUTATION.search(response):
        return None
    try:
        result = float(written_value(asked.group(1)))
    except ValueError:
        return None
    if any(abs(v - result) <= 0.01 * max(1.0, abs(result)) for v in values(response)) or (
            result in (0.0, 1.0) and _QUANTITY_WORD.search(response)):
        return None
    return ("non_answer", f"the instruction asks to calculate {asked.group(1)} ({result:g}), "
            "and the response states no such result")
