"""Whether a response names the kind of thing its instruction's question asks for: whoever
did a deed ("Who invented ...?"), a place ("Where is ...?"), a reason ("Why ...?"), a word ("a
synonym for ..."), the words an acronym stands for, the relation asked of the thing asked ("the
capital of Australia", not its largest city).

These were measured on real answers besides the Self-Instruct seed pairs (none of whose 175
pairs they reject) and GSM8K's question/solution pairs (1/8792 rejected as before): in
HH-RLHF's harmless test dialogues, a human turn that asks "why" and its assistant reply, 21 of
153 replies read as no reason, nearly all of them "That's a complicated question" deflections;
1 of 4 "who did it" replies read as naming no one ("A helpful robot!").
"""

from __future__ import annotations

import re

from synthloop.checks.asked_number import COMPUTATION
from synthloop.checks.evidence import STOP_WORDS

# Capitalised words that name no one: articles and pronouns opening a sentence ("The", "It").
_NOT_NAMES = STOP_WORDS | {"it", "he", "she", "they", "this", "that", "these", "those"}
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
# A run of capitalised words, one name: "Alexander Graham Bell", "the United States",
# "\u00c9mile Zola", "\u041b\u0435\u0432 \u0422\u043e\u043b\u0441\u0442\u043e\u0439" (Latin-1, Greek and Cyrillic capitals).
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0400-\u042f"
_CAPITALISED = re.compile(rf"(?<![\w'\u2019-])[{_UPPER}][\w'\u2019-]*"
                          rf"(?:\s+[{_UPPER}][\w'\u2019-]*)*")
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
# "What is the capital of Australia?", "Give the chemical symbol for gold.": a relation (its
# head noun) of one thing. A response that gives the same relation of another thing ("the
# chemical symbol for silver") or another relation of the same thing ("the largest city in
# Australia"), and never names the one asked, answers a neighbouring question.
_FRAME_ASKED = re.compile(r"^(?:what(?:'s| is| was| are)|give|name|state|tell me)\s+the\s+"
                          r"((?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:of|for|in)\s+(?:the\s+)?([\w'-]+)",
                          re.IGNORECASE)
_FRAME = re.compile(r"\bthe\s+((?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:of|for|in)\s+(?:the\s+)?([\w'-]+)",
                    re.IGNORECASE)


def agent_missing(response: str, instruction: str) -> tuple[str, str] | None:
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


def place_missing(response: str, instruction: str) -> tuple[str, str] | None:
    if _ASKS_WHERE.search(instruction) is None or _PLACE_WORD.search(response):
        return None
    asked = {w.lower() for w in re.findall(r"[\w'\u2019-]+", instruction)}
    for m in _CAPITALISED.finditer(response):
        words = set(m.group(0).lower().split()) - _NOT_NAMES - asked
        if words and _PLACE_BEFORE.search(response[:m.start()]):
            return None
    return ("non_answer", "the instruction asks where, and the response names no place")


def word_missing(response: str, instruction: str) -> tuple[str, str] | None:
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


def reason_missing(response: str, instruction: str) -> tuple[str, str] | None:
    if (_ASKS_WHY.search(instruction.strip()) is None or _REASON.search(response)
            or (about := _ABOUT_ASKING.search(response)) is None):
        return None
    return ("non_answer", f"the instruction asks why, and the response talks about the "
            f"question ({about.group(0)!r}) and gives no reason (no 'because', 'so', 'due to', "
            "'causes' or the like)")


def expansion_missing(response: str, instruction: str) -> tuple[str, str] | None:
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


def neighbouring_frame(response: str, instruction: str) -> tuple[str, str] | None:
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
