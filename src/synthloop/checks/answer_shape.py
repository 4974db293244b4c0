"""Whether a response has the shape of answer its instruction asks for, read from the
instruction's words alone: a number, a year or a result (:mod:`synthloop.checks.asked_number`),
a translation, the listed items sorted, the conversion asked (not its reverse), a poem in
lines, as many items as asked, one of the choices offered (:mod:`synthloop.checks.choices`),
code for the kind of data named (:mod:`synthloop.checks.code_subject`),
and the kind of thing a question asks for: whoever did a deed, a place, a reason, a word, the
words an acronym stands for, the relation asked of the thing asked
(:mod:`synthloop.checks.asked_thing`).

An on-topic response that talks around its question ("The telephone was patented in 1876 and
changed how people communicated" for "Who invented the telephone?") shares the question's
words, so its embedding is close to the question's and a similarity check keeps it. What it
lacks is the kind of thing the question asks for; these rules name that kind where the words
of the question say it plainly, and leave every other response to the similarity check and
the judge.
"""

from __future__ import annotations

import re

from synthloop.checks.asked_number import number_missing, result_missing
from synthloop.checks.choices import choice_missing
from synthloop.checks.code_subject import other_kind
from synthloop.checks.asked_thing import (
    agent_missing,
    expansion_missing,
    neighbouring_frame,
    place_missing,
    reason_missing,
    word_missing,
)
from synthloop.checks.evidence import stem
from synthloop.checks.language import NAMES, english_probability, probabilities

# A question answered by yes or no opens (or has a sentence open) with an auxiliary verb: "Is
# a tomato a fruit?", "Can penguins fly?" (the judge's surface probe and relevance's labels).
YES_NO_OPENING = (r"(?:^|[.?!:]\s+)(?:is|are|was|were|am|do|does|did|can|could|will|would|should|"
                  r"shall|has|have|had|may|might|must)(?:n't)?\b")
# "Translate ... into French": the language asked, and the parts of a response that may hold
# the translation (a quote, what follows a colon, each sentence, the whole).
_CODES = {name: code for code, name in NAMES.items() if code != "en"}
_TRANSLATE = re.compile(rf"\b[Tt]ranslat\w*\b.*\b(?:into|to|in)\s+({'|'.join(_CODES)})\b")
_QUOTED = re.compile(r"['\"\u2018\u201c\u00ab*]([^'\"\u2019\u201d\u00bb*\n]{2,})"
                     r"['\"\u2019\u201d\u00bb*]|:\s*([^\n]+)")
# "Translate into English: ...", "Write one sentence in French about ...": the language the
# text is asked in (a translation into English, or writing in a language named).
_INTO_ENGLISH = re.compile(r"\b[Tt]ranslat\w*\b.*\b(?:into|to)\s+English\b")
_WRITE_IN = re.compile(rf"^(?:please\s+)?(?:write|compose|answer|reply|respond)\b[^.?!\n]{{0,60}}?"
                       rf"\bin\s+({'|'.join(NAMES.values())})\b(?!\s+(?:grammar|spelling|"
                       r"history|culture|literature|words?|verbs?|nouns?))", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_ENGLISH = 0.5  # py3langid's probability of English above which a part is taken as English
# A part is in another language than the one asked where py3langid gives that one at least
# _NAMED and the one asked under _UNLIKE ("Muchas gracias." for Italian: Spanish 0.87, Italian
# under 0.01; "Grazie mille." reads as Italian at 0.67).
_NAMED, _UNLIKE = 0.6, 0.2
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
# "List two advantages of ...": as many items as asked, or at least not the category talked
# about in one sentence ("Electric cars have advantages and disadvantages ...").
_ASKS_ITEMS = re.compile(r"^(?:please\s+)?(?:list|give|name|suggest|provide|mention|share|"
                         r"offer|state)(?:\s+me)?\s+(two|three|four|five|six|seven|eight|nine|"
                         r"ten|[2-9])\s+([a-z]+)", re.IGNORECASE)
_ENUMERATOR = re.compile(r"(?:^|\s)(?:\d+[.)]|[-*\u2022])\s", re.MULTILINE)
_SEGMENT = re.compile(r"[,;]|\s+(?:and|or)\s+")
_COUNTS = {w: i for i, w in enumerate("two three four five six seven eight nine ten".split(), 2)}


def missing(response: str, instruction: str, prompt: str) -> tuple[str, str] | None:
    """(verdict code, reason) where ``response`` lacks the shape of answer ``instruction``
    asks for, else None; ``prompt`` is the instruction with its input, whose own numbers
    answer nothing."""
    return (number_missing(response, instruction, prompt)
            or _translation_missing(response, instruction)
            or _language_missing(response, instruction)
            or _sorted_list_missing(response, instruction)
            or _conversion_reversed(response, instruction)
            or _poem_missing(response, instruction)
            or agent_missing(response, instruction)
            or place_missing(response, instruction)
            or reason_missing(response, instruction)
            or word_missing(response, instruction)
            or expansion_missing(response, instruction)
            or _items_missing(response, instruction)
            or choice_missing(response, prompt)
            or other_kind(response, instruction)
            or neighbouring_frame(response, instruction)
            or result_missing(response, instruction))


def _translation_missing(response: str, instruction: str) -> tuple[str, str] | None:
    """Where every part of the response reads as English with some confidence (a short quote
    such as "Merci beaucoup" is read on its own, where the English around it would outvote
    it; one too short to tell may be the translation), or where no part reads as the language
    asked and some part reads as a third one (Spanish for Italian)."""
    asked = _TRANSLATE.search(instruction)
    if asked is None:
        return None
    parts = [response, *_SENTENCES.split(response),
             *(q for m in _QUOTED.finditer(response) for q in m.groups() if q)]
    if all(english_probability(part) >= _ENGLISH for part in parts):
        return ("non_answer", f"the instruction asks for a translation into {asked.group(1)}, "
                "and no part of the response is in another language than English")
    code = _CODES[asked.group(1)]
    read = [probabilities(part) for part in parts]
    if any(p.get(code, 0.0) >= _UNLIKE for p in read):
        return None
    other = next((language for p in read for language, chance in p.items()
                  if language not in ("en", code) and chance >= _NAMED), None)
    if other is None:
        return None
    return ("off_topic", f"the instruction asks for a translation into {asked.group(1)}, and "
            f"the response is in {NAMES[other]}")


def _language_missing(response: str, instruction: str) -> tuple[str, str] | None:
    """A response that reads as another language than the one its text is asked in: German
    for a translation into English, English for "Write one sentence in French" (py3langid's
    probability of the language read at least :data:`_NAMED`, of the one asked under
    :data:`_UNLIKE`)."""
    written = _WRITE_IN.search(instruction)
    asked = "English" if _INTO_ENGLISH.search(instruction) else (
        written.group(1).capitalize() if written else None)
    if asked is None or asked not in _CODES and asked != "English":
        return None
    code = _CODES.get(asked, "en")
    read = probabilities(response)
    other = max(read, key=lambda language: read[language])
    if other == code or read[other] < _NAMED or read.get(code, 0.0) >= _UNLIKE:
        return None
    return ("off_topic", f"the instruction asks for text in {asked}, and the response is in "
            f"{NAMES[other]}")


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


def _items_missing(response: str, instruction: str) -> tuple[str, str] | None:
    """Fewer items than asked: counted as lines, sentences or enumerated items; a single
    sentence counts its comma- or "and"-separated parts, unless it names the category asked
    ("tips", "advantages"), which a list of them has no need to."""
    asked = _ASKS_ITEMS.search(instruction.strip())
    if asked is None or ":" in response:
        return None
    wanted = _COUNTS.get(asked.group(1).lower()) or int(asked.group(1))
    text = response.strip()
    found = max(len([line for line in text.splitlines() if line.strip()]),
                len(_SENTENCES.split(text)), len(_ENUMERATOR.findall(text)))
    category = stem(asked.group(2).lower())
    if found < wanted and category not in {stem(w) for w in re.findall(r"[a-z]+", text.lower())}:
        found = max(found, len(_SEGMENT.split(text)))
    if found >= wanted:
        return None
    return ("non_answer", f"the instruction asks for {wanted} {asked.group(2)}, and the response "
            f"gives {found} item{'s' if found != 1 else ''}")
