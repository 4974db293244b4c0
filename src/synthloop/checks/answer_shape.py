"""Whether a response has the shape of answer its instruction asks for, read from the
instruction's words alone: a number, a year, a translation, the listed items sorted, the
conversion asked (not its reverse), a poem in lines, the name of whoever did a deed, a place,
a reason, a word, the words an acronym stands for, as many items as asked, the result of a
calculation, the relation asked of the thing asked.

An on-topic response that talks around its question ("The telephone was patented in 1876 and
changed how people communicated" for "Who invented the telephone?") shares the question's
words, so its embedding is close to the question's and a similarity check keeps it. What it
lacks is the kind of thing the question asks for; these rules name that kind where the words
of the question say it plainly, and leave every other response to the similarity check and
the judge.

The four last kinds were measured on real answers besides the Self-Instruct seed pairs (none
of whose 175 pairs they reject) and GSM8K's question/solution pairs (1/8792 rejected as
before): in HH-RLHF's harmless test dialogues, a human turn that asks "why" and its
assistant reply, 21 of 153 replies read as no reason, nearly all of them "That's a complicated
question" deflections; 1 of 4 "who did it" replies read as naming no one ("A helpful robot!").
"""

from __future__ import annotations

import re

from synthloop.checks.arithmetic import written_value
from synthloop.checks.evidence import STOP_WORDS, stem
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
# Capitalised words that name no one: articles and pronouns opening a sentence ("The", "It").
_NOT_NAMES = STOP_WORDS | {"it", "he", "she", "they", "this", "that", "these", "those"}
COMPUTATION = re.compile(r"\d\s*[-+*/×÷=]\s*\$?\(?\d")  # worked arithmetic: "4 - 3 = 1"
# A year as a date is written: no thousands comma ("1,500 people" is a count), maybe a decade.
_YEAR = re.compile(r"(?<![\d,.$])[1-9]\d{2,3}(?:s\b)?(?![\d%]|[.,]\d)")
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


# "Who invented the telephone?", "Name the author of ..." ask for whoever did a deed: a name,
# other than the prompt's, where a doer stands: opening the response or a clause of it, after
# "by" or a copula ("It was Bell"), or credited ("credited to Bell"). A name after a
# preposition or another verb is a place, a time or a thing ("patented in the United States",
# "followed Sense and Sensibility"). Only a deed done is read ("Who painted ...?", "Who was the
# first to ...?"): "Who should I ask?" may be answered "my mother".
_ASKS_WHO = re.compile(r"(?:^|[.?!]\s+)(?:who\s+(?:first\s+)?(?:[a-z]+ed|wrote|built|won|led|drew|"
                       r"sang|made|found|took|gave|began|ran|beat|shot|sold|said|became|came|"
                       r"(?:was|were) the (?:first|last|{0}))|name the (?:{0}))\b".format(
                           "inventor|author|founder|writer|painter|composer|director|creator|"
                           "discoverer|winner|leader"), re.IGNORECASE)
# A run of capitalised words, one name: "Alexander Graham Bell", "the United States".
_CAPITALISED = re.compile(r"(?<![\w'\u2019-])[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*")
_DOER_BEFORE = re.compile(r"(?:^|[.!?;:,\u2014(]\s*|\b(?:by|is|was|were|are|credited to|"
                          r"attributed to)\s+)$", re.IGNORECASE)
# "Where is the Eiffel Tower?" asks for a place: a name, other than the prompt's, opening the
# response or a clause of it or after a preposition of place ("in Paris", "near Lyon"), or a
# word that places ("north of", "on the coast"). Dates, counts and praise place nothing. Only
# a named thing's place is read ("Where is Machu Picchu?"): "Where can I buy ...?" may be
# answered "a pharmacy", "Where did it come from?" "bats".
_ASKS_WHERE = re.compile(r"(?:^|[.?!]\s+)[Ww]here\s+(?:is|are|was|were)\s+(?:the\s+)?[A-Z]")
_PLACE_BEFORE = re.compile(r"(?:^|[.!?;:,\u2014(]\s*|\b(?:in|at|near|on|from|off|across|outside|"
                           r"inside|within|between|to|into|of|is|was|are|were)\s+(?:the\s+)?)$",
                           re.IGNORECASE)
_PLACE_WORD = re.compile(r"\b(?:north|south|east|west|northern|southern|eastern|western|"
                         r"coast|border|downtown|abroad|overseas|here|there|nearby|underground|"
                         r"upstairs|downstairs|inside|outside)\b", re.IGNORECASE)
# "Give me a synonym for 'happy'": a word is asked for. A response offers one where it is a
# few words, a list of short items, a quoted or bold word the prompt lacks, or names the
# relation asked ("a close synonym is ..."); one that describes the prompt's word offers none.
_ASKS_WORD = re.compile(r"\b(?:synonyms?|antonyms?|opposite|another word|a word|rhymes?)\s+"
                        r"(?:for|of|to|with|that|meaning)\b", re.IGNORECASE)
_OFFERED = re.compile(r"['\"\u2018\u201c*_]([A-Za-z-]+)['\"\u2019\u201d*_]")
_RELATION_NAMED = re.compile(r"\b(?:synonym|antonym|opposite|rhymes?|another word|equivalent)",
                             re.IGNORECASE)
# "Why is the sky blue?", "Explain why ...": a reason is asked for. A response that talks about
# the question ("Why the sky is blue is one of the questions children ask most") and has no
# word that gives a reason ("because", "so", "due to", "causes", "when", "by ...ing") gives
# none; a reason may be told without such a word ("You were rude to her"), so a response that
# does not talk about the asking is left to the similarity check.
_ASKS_WHY = re.compile(r"^(?:why\b|(?:explain|tell me|describe)\s+(?:to me\s+)?why\b)",
                       re.IGNORECASE)
_REASON = re.compile(r"\b(?:because|since|due to|so|thus|therefore|hence|caus\w*|lead(?:s|ing)? to|"
                     r"result\w*|reasons?|owing to|thanks to|means?|makes?|allows?|when|based on|"
                     r"in order to|by \w+ing|as (?:a|the))\b", re.IGNORECASE)
_ABOUT_ASKING = re.compile(r"\b(?:why|questions?|ask(?:s|ed)?|wonder\w*|curious|myster\w+|"
                           r"puzzl\w+|debated?|discussed)\b", re.IGNORECASE)
# "What does DNA stand for?": the expansion of the letters asked.
_ASKS_EXPANSION = re.compile(r"\b([A-Z]{2,8})\W{0,2}\s+(?:stand|stands)\s+for\b|\b(?:full form|"
                             r"expansion|expand)\b\D{0,30}?\b([A-Z]{2,8})\b")
# "List two advantages of ...": as many items as asked, or at least not the category talked
# about in one sentence ("Electric cars have advantages and disadvantages ...").
_ASKS_ITEMS = re.compile(r"^(?:please\s+)?(?:list|give|name|suggest|provide|mention|share|"
                         r"offer|state)(?:\s+me)?\s+(two|three|four|five|six|seven|eight|nine|"
                         r"ten|[2-9])\s+([a-z]+)", re.IGNORECASE)
# "What is the capital of Australia?", "Give the chemical symbol for gold.": a relation (its
# head noun) of one thing. A response that gives the same relation of another thing ("the
# chemical symbol for silver") or another relation of the same thing ("the largest city in
# Australia"), and never names the one asked, answers a neighbouring question.
_FRAME_ASKED = re.compile(r"^(?:what(?:'s| is| was| are)|give|name|state|tell me)\s+the\s+"
                          r"((?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:of|for|in)\s+(?:the\s+)?([\w'-]+)",
                          re.IGNORECASE)
_FRAME = re.compile(r"\bthe\s+((?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:of|for|in)\s+(?:the\s+)?([\w'-]+)",
                    re.IGNORECASE)
# "What is 15% of 80?", "Calculate 12 times 7.": a calculation whose result is known.
_CALCULATION = re.compile(r"^(?:what(?:'s| is)|calculate|compute|work out)\s+([^?]+?)\s*[?.]?$",
                          re.IGNORECASE)
_ENUMERATOR = re.compile(r"(?:^|\s)(?:\d+[.)]|[-*\u2022])\s", re.MULTILINE)
_SEGMENT = re.compile(r"[,;]|\s+(?:and|or)\s+")
_COUNTS = {w: i for i, w in enumerate("two three four five six seven eight nine ten".split(), 2)}


def missing(response: str, instruction: str, prompt: str) -> tuple[str, str] | None:
    """(verdict code, reason) where ``response`` lacks the shape of answer ``instruction``
    asks for, else None; ``prompt`` is the instruction with its input, whose own numbers
    answer nothing."""
    return (_number_missing(response, instruction, prompt)
            or _translation_missing(response, instruction)
            or _sorted_list_missing(response, instruction)
            or _conversion_reversed(response, instruction)
            or _poem_missing(response, instruction)
            or _agent_missing(response, instruction)
            or _place_missing(response, instruction)
            or _reason_missing(response, instruction)
            or _word_missing(response, instruction)
            or _expansion_missing(response, instruction)
            or _items_missing(response, instruction)
            or _neighbouring_frame(response, instruction)
            or _result_missing(response, instruction))


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


def _agent_missing(response: str, instruction: str) -> tuple[str, str] | None:
    """A "who" question answered with no name where a doer stands (:data:`_DOER_BEFORE`):
    only the prompt's own names, names of places, times and things, capitalised function
    words."""
    if _ASKS_WHO.search(instruction) is None or COMPUTATION.search(response):
        return None
    asked = {w.lower() for w in re.findall(r"[\w'\u2019-]+", instruction)}
    for m in _CAPITALISED.finditer(response):
        words = set(m.group(0).lower().split()) - _NOT_NAMES - asked
        if words and _DOER_BEFORE.search(response[:m.start()]):
            return None
    return ("non_answer", "the instruction asks who, and the response names no one as the "
            "one who did it")


def _place_missing(response: str, instruction: str) -> tuple[str, str] | None:
    if _ASKS_WHERE.search(instruction) is None or _PLACE_WORD.search(response):
        return None
    asked = {w.lower() for w in re.findall(r"[\w'\u2019-]+", instruction)}
    for m in _CAPITALISED.finditer(response):
        words = set(m.group(0).lower().split()) - _NOT_NAMES - asked
        if words and _PLACE_BEFORE.search(response[:m.start()]):
            return None
    return ("non_answer", "the instruction asks where, and the response names no place")


def _word_missing(response: str, instruction: str) -> tuple[str, str] | None:
    if _ASKS_WORD.search(instruction) is None:
        return None
    asked = {w.lower() for w in re.findall(r"[\w-]+", instruction)}
    parts = [p for p in re.split(r"[,;/\n]|\bor\b", response) if p.strip()]
    if (len(response.split()) <= 4 or all(len(p.split()) <= 3 for p in parts)
            or any(w.lower() not in asked for w in _OFFERED.findall(response))
            or _RELATION_NAMED.search(response)):
        return None
    return ("non_answer", "the instruction asks for a word, and the response offers none: "
            "no short answer, list or quoted word besides the prompt's own")


def _reason_missing(response: str, instruction: str) -> tuple[str, str] | None:
    if (_ASKS_WHY.search(instruction.strip()) is None or _REASON.search(response)
            or (about := _ABOUT_ASKING.search(response)) is None):
        return None
    return ("non_answer", f"the instruction asks why, and the response talks about the "
            f"question ({about.group(0)!r}) and gives no reason (no 'because', 'so', 'due to', "
            "'causes' or the like)")


def _expansion_missing(response: str, instruction: str) -> tuple[str, str] | None:
    """Where no run of the response's words spells the letters asked, in order, from the first
    word's initial to the last's ("Deoxyribonucleic acid" for DNA)."""
    asked = _ASKS_EXPANSION.search(instruction)
    if asked is None:
        return None
    letters = (asked.group(1) or asked.group(2)).lower()
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", response) if w.lower() != letters]
    for i, first in enumerate(words):
        for j in range(i + 1, min(len(words), i + len(letters) + 2) + 1):
            if (first[0] == letters[0] and words[j - 1][0] == letters[-1]
                    and _spells("".join(words[i:j]), letters)):
                return None
    return ("non_answer", f"the instruction asks what {letters.upper()} stands for, and no "
            "words of the response spell it out")


def _spells(text: str, letters: str) -> bool:
    rest = iter(text)
    return all(letter in rest for letter in letters)


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


def _neighbouring_frame(response: str, instruction: str) -> tuple[str, str] | None:
    """The relation asked of another thing, or another relation of the thing asked, said in
    the response's first clause (its claim: "Ottawa, not Toronto, which is the largest city"
    says it only aside), where the response never names the thing (or every word of the
    relation) asked."""
    asked = _FRAME_ASKED.search(instruction.strip())
    if asked is None:
        return None
    relation, thing = asked.group(1).lower().split(), asked.group(2).lower()
    said = {w.lower() for w in re.findall(r"[\w'-]+", response)}
    for m in _FRAME.finditer(re.split(r"[,;:\u2014(]|\bwhich\b", response, maxsplit=1)[0]):
        other_relation, other_thing = m.group(1).lower().split(), m.group(2).lower()
        if (other_relation == relation and other_thing != thing and thing not in said
                or other_thing == thing and other_relation != relation
                and not set(relation) <= said):
            return ("off_topic", f"the instruction asks for the {asked.group(1)} of "
                    f"{asked.group(2)}, and the response gives the {m.group(1)} of "
                    f"{m.group(2)}")
    return None


def _result_missing(response: str, instruction: str) -> tuple[str, str] | None:
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
