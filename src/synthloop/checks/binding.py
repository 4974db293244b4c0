"""Which words each number of a text is said of, so that a number real in the passages can be
caught said of the wrong thing.

Each sentence (or ``;`` clause, or line) is cut between its numbers at the first clause break
between them (", ", " and ", " but ", " compared with ", " than "...): "41% of the treated group
reached remission, compared with 18% of the placebo group" gives 41% the words "treated group
reached remission" and 18% "placebo group"; numbers with no break between them share their
piece ("2,470,000 visitors in 2014": the year names the count, and the count the year). A
number's *kind* says what it counts, so that only numbers of one kind are compared: a measure
("length", "money", from :data:`synthloop.checks.evidence.UNITS`), "%", a "year" (a whole number
from 1000 to 2100 with no unit: "calendar year"), or the stem of the word after it ("20,000
vehicles": "vehicl"), "clock" for a time of day ("8 a.m."); a bare number has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from synthloop.checks.comparison import DIRECTIONS, TEMPORAL, direction, extreme
from synthloop.checks.evidence import (
    MEASURES,
    names,
    METRIC,
    REPLY,
    STOP_WORDS,
    UNITS,
    content_words,
    numbers,
    spelled_as_digits,
    unaccented,
)
from synthloop.checks.evidence import stem as snowball

# Irregular plurals, which Snowball leaves whole: "a child's ticket" asks what "9 euros for
# children" gives
_PLURALS = {"children": "child", "women": "woman", "men": "man"}


def stem(word: str) -> str:
    """:func:`synthloop.checks.evidence.stem`, with the few irregular plurals of people as
    their singular ("children" is "child", as "child's" is): a number's qualifier is often
    whom it is for."""
    stemmed = snowball(word)
    return _PLURALS.get(stemmed, stemmed)


_CLAUSE = re.compile(r"(?<=[.!?;])\s+|\n")  # sentences, ";" clauses, lines (one quote each)
_BREAK = re.compile(r",\s|;\s|\s(?:and|but|while|whereas|compared with|against|than)\s",
                    re.IGNORECASE)
# not "1871,"; a time of day whole: "9:30" is one number (9.5), its minutes no number of their own
_NUMBER = re.compile(r"(?<![\w.:])(\$\s?)?(\d+(?:,\d{3})*(?:\.\d+)?)(?::([0-5]\d)(?![\d:]))?"
                     r"(\s*%)?")
# The content words on either side of a number that name what it is of: "of the placebo group",
# "the treated group's rate was".
_NEAR_BEFORE, _NEAR_AFTER = 3, 2
# A number given as an old value: "up from 2,900", "was 38", "2,900 before the closure".
_FROM = re.compile(r"\b(?:from|was|were|previously|formerly|originally)\s+(?:about\s+|around\s+|"
                   r"nearly\s+|some\s+)?\$?$", re.IGNORECASE)
_BEFORE = re.compile(r"(?:\s+[A-Za-z]+){0,3}?\s+(?:before|previously|earlier|formerly)\b",
                     re.IGNORECASE)
_AFTER = re.compile(r"\s+(per cent|[A-Za-z]+)")  # the word after a number: its unit or noun
_CLOCK = re.compile(r"\s*(?:[ap]\.\s?m\b|[ap]m\b|o'clock\b)", re.IGNORECASE)  # a time of day
# the kinds of a share in words ("two thirds"): how many parts, not how many things
_PARTS = frozenset(map(stem, "half halves third thirds quarter quarters fifth fifths tenth "
                                "tenths".split()))


@dataclass(frozen=True)
class Bound:
    """A number of a text: as written (with its unit), its value (a metric quantity in its
    measure's base unit: "4 km" is 4000), its kind, the words said of it (for a reason), their
    stems, and the stems of those next to it (the thing it is of: "18% of the placebo
    group")."""

    text: str
    value: float
    kind: str
    said_of: str
    words: frozenset[str]
    near: frozenset[str]
    names: frozenset[str] = frozenset()  # the names its piece says (:func:`evidence.names`)
    old: bool = False  # given as a value since replaced: "up from 2,900", "2,900 before"
    after: frozenset[str] = frozenset()  # the stems of its qualifier: "in summer"

    @property
    def counts(self) -> bool:
        """Whether it counts things ("120 goats"), not a measure, a share (in words too: "two
        thirds"), money or a year."""
        return self.kind not in ("", "%", "money", "calendar year") and \
            self.kind not in MEASURES.values() and self.kind not in UNITS.values() and \
            self.kind not in _PARTS

    def same(self, other: Bound) -> bool:
        """Whether two numbers of one kind are one value (the same unit, or metric units of one
        measure: "7.845 km" is "7,845 metres")."""
        return abs(self.value - other.value) <= 1e-9 * max(abs(self.value), 1.0)


def stems(text: str) -> frozenset[str]:
    """The stems of the content words of ``text``, accents dropped."""
    return frozenset(stem(w) for w in content_words(unaccented(text)))


def bound(text: str) -> list[Bound]:
    """Each number of ``text`` (numbers in words read as digits) with what it is said of."""
    return list(_bound(text))


# a stage reads one text with several checks: 20,824 reads of 3,863 texts on GSM8K test sentences
@lru_cache(maxsize=4096)
def _bound(text: str) -> tuple[Bound, ...]:
    out: list[Bound] = []
    for clause in _CLAUSE.split(spelled_as_digits(text)):
        found = list(_NUMBER.finditer(clause))
        if not found:
            continue
        cuts = [cut for a, b in zip(found, found[1:], strict=False)
                if (cut := _BREAK.search(clause, a.end(), b.start()))]
        here: list[Bound] = []
        for m in found:
            start = max((c.end() for c in cuts if c.end() <= m.start()), default=0)
            end = min((c.start() for c in cuts if c.start() >= m.end()), default=len(clause))
            after = _AFTER.match(clause, m.end())
            word = ("clock" if m.group(3) or _CLOCK.match(clause, m.end()) else
                    after.group(1) if after and after.end() <= end else "")
            said_of = " ".join(f"{clause[start:m.start()]} ... {clause[m.end():end]}".split())
            # after it, the words past its noun and units: "8 times a day in summer" is
            # said of the summer
            qualifier = [w for w in content_words(unaccented(clause[m.end():end]))
                         if w not in UNITS and w != word.lower()][:_NEAR_AFTER]
            near = content_words(unaccented(clause[start:m.start()]))[-_NEAR_BEFORE:] + qualifier
            old = bool(_FROM.search(clause, start, m.start())
                       or _BEFORE.match(clause, m.end(), end))
            read = replace(_read(m, word, said_of, frozenset(map(stem, near))),
                           names=_piece_names(clause, start, m, end), old=old,
                           after=frozenset(map(stem, qualifier)))
            counted = [b.kind for b in here if b.kind not in ("", "calendar year")]
            if not read.kind and counted:
                read = replace(read, kind=counted[-1])  # "5 apples and Bob 3": apples too
            here.append(read)
        out += here
    return tuple(out)


def _piece_names(clause: str, start: int, m: re.Match[str], end: int) -> frozenset[str]:
    """The names of the piece ``clause[start:end]`` around the number ``m``, its number and the
    two words after it aside (a unit's name: "84 degrees Celsius"); its first word counts, but
    for a function word ("Brandt keeps 45 cows", not "The judges tasted")."""
    after = clause[m.end():end].split()
    return names(f"x {clause[start:m.start()]} {' '.join(after[2:])}") - STOP_WORDS


def _read(m: re.Match[str], after: str, said_of: str, near: frozenset[str]) -> Bound:
    """One number, the word ``after`` it, the words said of it and those ``near`` it: its kind,
    and its value in its measure's base unit where metric. A year is written without a
    thousands comma and is followed by no noun ("in 1945", "in 2022, the firm"; a capitalised
    name may follow it: "In 1928 Alexander Fleming"), so "1,850 people" counts people."""
    words = stems(said_of)
    named = after[:1].isupper()
    after = after.lower()
    value = float(m.group(2).replace(",", "")) + int(m.group(3) or 0) / 60
    unit = UNITS.get(after)
    if m.group(1):
        kind = "money"
    elif m.group(4) or unit == "percent":
        kind = "%"
    elif unit in METRIC:
        kind, value = MEASURES[unit], value * METRIC[unit]
    elif unit is not None:  # feet and metres measure one thing, but in other values
        kind = "money" if unit == "dollar" else unit
    elif (value.is_integer() and 1000 <= value <= 2100 and "," not in m.group(2)
          and (named or after in STOP_WORDS or not after)):
        kind = "calendar year"  # a date, not a number of years
    elif after and after not in STOP_WORDS:
        kind = stem(after)
    else:
        kind = ""
    # a unit names no thing: "4 km" is not said of "km"
    unit_word = {stem(after)} if unit else set()
    return Bound(f"{m.group(0).strip()} {after if unit else ''}".strip(), value, kind, said_of,
                 words - unit_word, near - unit_word)


def stated(answer: str, evidence: list[Bound]) -> list[Bound]:
    """The numbers of ``answer``, each bare one ("1,850") with the kind of the number of the
    ``evidence`` it equals ("about 1,850 people")."""
    out = []
    for said in bound(answer):
        kind = said.kind or next((b.kind for b in evidence if b.same(said) and b.kind), "")
        out.append(replace(said, kind=kind))
    return out


def answers_another(question: str, answer: str, evidence: str
                    ) -> tuple[str, Bound, Bound] | None:
    """A word of the question that names one number of the evidence (a word next to it and
    said of no other number: "placebo" in "18% of the placebo group"), where the answer
    states another number of that kind and not it ("What share of the placebo group reached
    remission?" answered "41%", the treated group's): the word, the number it names and the
    evidence's number that the answer gives."""
    asked = {stem(w): w for w in reversed(content_words(unaccented(question)))}
    items = bound(evidence)
    given = stated(answer, items)
    for kind in dict.fromkeys(b.kind for b in items if b.kind):
        group = [b for b in items if b.kind == kind]
        # words next to this number and said of no other of the evidence, whatever its kind
        own = [b.near.difference(*(o.words for o in items if not o.same(b)), {kind})
               for b in group]  # nor the thing counted: "cars" in "900 cars ... from 600"
        named = [(b, sorted(words & asked.keys())) for b, words in zip(group, own, strict=True)
                 if words & asked.keys()]
        if len({b.value for b, _ in named}) > 1:  # the words before the first of a list are
            # all the list's ("sells 400 loaves in winter and 650 in summer"): its qualifiers
            named = [(b, sorted(words & b.after & asked.keys())) for b, words in
                     zip(group, own, strict=True) if words & b.after & asked.keys()]
        if len({b.value for b, _ in named}) != 1:
            continue
        target, words = named[0]
        said = [g for b in given if b.kind == kind for g in group if g.same(b)]
        if said and not any(b.same(target) for b in said):
            return asked[words[0]], target, said[0]
    return None


# Opening a question that asks to pick one of several things ("Which group ...?").
_PICK = re.compile(r"^\W*(?:which|who|whose|what)\b", re.IGNORECASE)


def turned_comparison(question: str, answer: str, evidence: str
                      ) -> tuple[str, Bound, Bound] | None:
    """The comparison word, the number the answer picks and the one the word picks, where the
    evidence's numbers pick another thing than the answer: the comparison of the answer ("the
    placebo group reached remission more often") or of a question that asks to pick ("Which
    group reached remission more often?" answered "The placebo group"), over numbers of one
    kind that the evidence says of two things or more (41% of the treated group, 18% of the
    placebo group); "earlier" and "later" compare years, every other word quantities. The
    answer picks the number it states, else the one whose own words it
    uses (words said of no other number of that kind: "placebo"), the first it names where it
    names several."""
    said = direction(answer)
    if said is None and _PICK.match(question):
        said = direction(question)
    if said is None:
        return None
    word, sign, _ = said
    named = [stem(w) for w in content_words(unaccented(answer))]
    items = bound(evidence)
    for kind in dict.fromkeys(b.kind for b in items if b.kind):
        group = [b for b in items if b.kind == kind]
        if len({b.value for b in group}) < 2 or (kind == "calendar year") != (word in TEMPORAL):
            continue
        own = [b.words.difference(*(o.words for o in group if o is not b)) for b in group]
        chosen = [group[n] for _, n in sorted(
            (min(named.index(w) for w in words if w in named), n)
            for n, words in enumerate(own) if words & set(named))]
        # a number the answer states is the thing it speaks of ("62%, more than the south")
        stated = [g for b in bound(answer) if b.kind == kind for g in group if g.same(b)]
        chosen = list(dict.fromkeys([*stated[:1], *chosen]))
        if not chosen:
            continue
        options = chosen if len(chosen) > 1 else group
        best = extreme((b.value for b in options), sign)
        if chosen[0].value != best:
            return word, chosen[0], next(b for b in options if b.value == best)
    return None


# What a question asks of a thing ("how long", "how many"), not the thing it asks about.
_ASKING = frozenset(stem(w) for w in "many much long far tall high old big large wide deep "
                                     "heavy often cost costs size number amount".split())
# the dimension a question asks ("how deep"): a number its evidence says with that word is one
_DIMENSIONS = frozenset(stem(w) for w in "long far tall high old wide deep heavy".split())
# a question that asks for a person: no number of the answer is what it asks
_WHO = re.compile(r"^\W*(?:who|whom|whose)\b", re.IGNORECASE)


def other_subject(question: str, answer: str, evidence: str, passages: list[str]
                  ) -> tuple[str, Bound, Bound] | None:
    """A word of the question about what the answer's number is said of, its evidence silent
    on it, that the passages say of another number of the answer's kind; with the answer's
    number and that other one. "How long is the tunnel?" answered "7,845 metres" from "It ...
    is 7,845 metres long" (the bridge), where the passages give "a 4 km tunnel": the quote is
    real, but its number is the bridge's. Only where the words said of that other number share
    more of the question than the whole evidence does: "it boils at about 84 degrees" on "the
    summit of Mont Blanc" answers "At what temperature does water boil on the summit of Mont
    Blanc?", though the passages say "Water boils at 100 degrees" at sea level. Not where the
    question asks "who": a year the answer tells beside the person is no answer to it."""
    if _WHO.match(question):
        return None
    quoted = stems(evidence) | stems(answer)
    topic = stems(question) - _ASKING
    asked: dict[str, str] = {}  # the question's words the evidence lacks, by stem
    for w in content_words(unaccented(question)):
        if stem(w) in topic - quoted and not w[0].isdigit():
            asked.setdefault(stem(w), w)
    if not asked:
        return None
    held = len(topic & stems(evidence))  # how far the evidence speaks of the thing asked
    given = [b for p in passages for b in bound(p)]
    answered = stated(answer, bound(evidence))
    dimension = stems(question) & _DIMENSIONS
    for said in (b for b in answered if b.kind):
        same = [b for b in given if b.kind == said.kind and b.same(said)]
        # another number of that kind, which the answer does not state too ("2013 to 2022"),
        # nor one said with another dimension where the answer's is said with the one asked
        # ("up to 96 metres deep" for "How deep is the lake?", not its "14 kilometres long")
        for other in (b for b in given if b.kind == said.kind
                      and not any(b.same(a) for a in answered)
                      and not (dimension & frozenset().union(*(a.near for a in same))
                               and b.near & _DIMENSIONS - dimension)):
            word = next((w for s, w in asked.items() if s in other.words
                         and not any(s in b.words for b in same)), None)
            shared = len(other.words & topic)
            if word is not None and shared > held:
                return word, said, other
    return None


def named_elsewhere(question: str, answer: str, evidence: str
                    ) -> tuple[str, Bound, Bound] | None:
    """A name of the question that the evidence says beside another number and not beside the
    answer's; with the answer's number and that other one. "How long was Olek Brandt's cheese
    aged?" answered "14 months" from "Maren Holt's dairy won ... with a goat cheese aged 14
    months, while the silver went to Olek Brandt, whose cow's-milk cheese was aged 9 months".
    Only where the other number counts what the answer's does (one kind, or things: "120
    goats", "45 cows"), or the answer's piece names someone else (a 35 percent of Sara Vik's,
    "of Uppsala", for Tomas Reyes): "84 degrees" on "the summit of Mont Blanc, at 4,808 metres"
    is not said of another than the summit."""
    items = bound(evidence)
    asked = names(question) & frozenset().union(*(b.names for b in items))
    given = stated(answer, items) if asked else []
    mine_all = [b for said in given for b in items if b.same(said) and b.kind == said.kind]
    if not mine_all or any(asked & b.names for b in mine_all):
        return None  # a number the answer gives is said beside the name asked
    for mine in mine_all:
        rival = mine.names - names(question)
        for other in items:
            if (not any(other.same(b) for b in given) and asked & other.names
                    and (other.kind == mine.kind or other.counts and mine.counts or rival)):
                return sorted(asked & other.names)[0], mine, other
    return None


# Where, inside a sentence, one claim ends and another, about another thing, begins.
_JOINT = re.compile(r";\s|,?\s+(?:while|whereas)\s|,\s+(?:but|and)\s")
# claims set against each other
_CONTRAST = re.compile(r";\s|,?\s+(?:while|whereas)\s|,\s+but\s")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")


# Words that open a claim linked to the one before it (its cause, its time, a relative
# clause): an answer may well come from such a claim ("smaller, but only because a frost came")
_LINKED = frozenset("because since as so after when due thanks which who where hence therefore "
                    "thus".split())
_LINK_AT = 3  # how far into a claim its link may stand: "but only because", "and so"


def named_apart(question: str, answer: str, evidence: str) -> tuple[str, str, str] | None:
    """A name of the answer (else, where it names no one, what it says: its content words
    beyond the question's) that its evidence says only in another claim than the one that
    says what the question asks; with that claim and the one the name is in. "Who rebuilt the
    Vorn viaduct?" answered "Jonas Pike" from "Ruth Amsel rebuilt the Vorn viaduct ..., while
    her deputy, Jonas Pike, oversaw the new Hallin tunnel"; "Why was the 2023 harvest smaller?"
    answered "Because it pressed 2.1 million litres in 2022" from "The cooperative pressed 2.1
    million litres in 2022, but a late frost cut the 2023 harvest". The claim the question asks
    about is the one that shares the most of its words (none where two share as many); claims
    are cut at ";", "while", "whereas", ", but" and ", and", and the answer must be in a claim
    of the same sentence: another sentence or quote may name those a claim speaks of ("the
    three men shared the Nobel Prize", Fleming, Florey and Chain named in the quotes before).
    What the answer says, unlike a name, must be in that other claim whole and in the asked
    one not at all, the two set against each other (not by ", and": "The bridge closed in
    May, and engineers found cracks" may give the cause), and that claim not linked to it
    ("but only because a frost came"). An answer that gives a number of the asked claim the
    question does not retells the sentence ("the mill, 200 years old, now houses the Brekk
    museum" for "What became of the mill?"): the other claim's name is more said, not another
    answer."""
    said = names(f"x {answer}") - names(question) - STOP_WORDS
    if not said:
        return _said_apart(stems(REPLY.sub("", answer)) - stems(question), question, evidence)
    asked = _asked_claim(question, evidence, _JOINT)
    if asked is None or said & names(f"x {asked[2]}") or (
            set(numbers(answer)) & set(numbers(asked[2])) - set(numbers(question))):
        return None
    parts, sentence, home = asked
    away = next((p for n, p in parts if n == sentence and said & names(f"x {p}")), None)
    return (sorted(said & names(f"x {away}"))[0], home, away) if away else None


def _asked_claim(question: str, evidence: str, joint: re.Pattern[str]
                 ) -> tuple[list[tuple[int, str]], int, str] | None:
    """The claims of ``evidence`` (cut at ``joint``) by sentence, and the sentence and text of
    the one that shares the most of the question's words (None where two share as many)."""
    parts = [(n, p.strip()) for n, sentence in enumerate(_SENTENCE.split(evidence))
             for p in joint.split(sentence) if p.strip()]
    topic = stems(question) - _ASKING
    scores = [len(topic & stems(p)) for _, p in parts]
    if len(parts) < 2 or max(scores) == 0 or scores.count(max(scores)) > 1:
        return None
    sentence, home = parts[scores.index(max(scores))]
    return parts, sentence, home


def _said_apart(said: frozenset[str], question: str, evidence: str
                ) -> tuple[str, str, str] | None:
    """:func:`named_apart` for an answer that names no one: what it ``said`` (stems), all in
    one other claim of the asked claim's sentence, set against it (:data:`_CONTRAST`), none in
    the asked one, that claim not linked to it; with the first word of it, the asked claim and
    that claim."""
    asked = _asked_claim(question, evidence, _CONTRAST)
    if not said or asked is None or said & stems(asked[2]):
        return None
    parts, sentence, home = asked
    away = next((p for n, p in parts if n == sentence and p != home and said <= stems(p)), None)
    if away is None or _LINKED & {w.lower() for w in re.findall(r"\w+", away)[:_LINK_AT]}:
        return None
    return next(w for w in content_words(unaccented(away)) if stem(w) in said), home, away


def done_by_another(question: str, answer: str, evidence: str) -> tuple[str, str, str] | None:
    """A claim of the answer that says of someone what its evidence says of another: with that
    someone, the claim of the evidence that says it (of another) and the claim of the same
    sentence that names the someone. Who a claim is about is the names it gives, else the
    question's ("Did Tomas Reyes keep his half?" answered "No, he gave it to his laboratory");
    what it says of them is its other content words, read twice: those the question asks with,
    where the answer names whom the question does not ("kept" in "Which of the two kept the
    money?" answered "Sara Vik kept her half"; of a name the question gives they repeat its
    premise, unless the answer says yes to it: "Did Lev Hart raise the roof?" answered "Yes"
    where "Ida Moss raised the roof"), and those the answer adds ("gave", "laboratory"; a
    leading yes or no aside). Where every word of one of
    them is in one claim of the evidence alone, and that claim names others but not them,
    while the claim beside it in that sentence names them ("Vik gave her half ... to her
    laboratory; Reyes ... kept his"), the answer turns round who did what. Claims are cut as
    :func:`named_apart` cuts them."""
    parts = [(n, p.strip()) for n, sentence in enumerate(_SENTENCE.split(evidence))
             for p in _JOINT.split(sentence) if p.strip()]
    asked, topic = names(f"x {question}") - STOP_WORDS, stems(question)
    for claim in (c for sentence in _SENTENCE.split(answer) for c in _JOINT.split(sentence)):
        body = REPLY.sub("", claim)
        who = names(f"x {body}") - STOP_WORDS or asked
        said = stems(body) - who
        premise = (said & topic if not who & asked else
                   topic - who - _ASKING if re.match(r"\W*yes\b", claim, re.I) else frozenset())
        for words in (premise, said - topic):
            holding = [(n, p) for n, p in parts if words and words <= stems(p)]
            if len(holding) != 1 or not names(f"x {holding[0][1]}") - STOP_WORDS or \
                    who & names(f"x {holding[0][1]}"):
                continue
            sentence, home = holding[0]
            away = next((p for n, p in parts if n == sentence and who & names(f"x {p}")), None)
            if away is not None:
                return sorted(who & names(f"x {away}"))[0], home, away
    return None


# A question that asks for the value before a change, or for the one after it.
_ASKS_OLD = re.compile(r"\b(?:before|previously|originally|formerly|used to|prior to)\b",
                       re.IGNORECASE)
_ASKS_NEW = re.compile(r"\b(?:now|currently|today|after)\b", re.IGNORECASE)


def other_time(question: str, answer: str, evidence: str) -> tuple[str, Bound, Bound] | None:
    """A value from the other side of a change than the one the question asks for: "How many
    passengers did the railway carry before the closure?" answered "4,500" from "carry about
    4,500 passengers a day, up from 2,900 before the closure". The word the question asks with,
    the number it asks for and the one the answer gives."""
    asks = [m for m in (_ASKS_OLD.search(question), _ASKS_NEW.search(question)) if m]
    if len(asks) != 1:
        return None
    old = asks[0].re is _ASKS_OLD
    items = bound(evidence)
    for said in stated(answer, items):
        given = next((b for b in items if b.same(said) and b.kind == said.kind), None)
        wanted = next((b for b in items if given is not None and b.kind == given.kind
                       and b.old == old != given.old), None)
        if given is not None and wanted is not None:
            return asks[0].group(0).lower(), wanted, given
    return None


# A question that asks of a change itself, or of what was meant before it
_ASKS_CHANGE = re.compile(r"\b(?:from|chang\w*|mov\w*|planned|scheduled|originally|original|"
                          r"initially|first)\b", re.IGNORECASE)
# a change said in one breath, "from 9:00 to 8:00" ("were $1.00" alone is no change)
_FROM_TO = re.compile(r"\bfrom\s+\.\.\.\s+to\b", re.IGNORECASE)


def replaced(question: str, answer: str, evidence: str) -> tuple[Bound, Bound] | None:
    """A value its evidence says was replaced ("moved the start from 9:00 to 8:00", the two in
    one claim), given alone where the question asks of no time nor of the change ("At what
    time did it start?" answered "9:00"): what holds is the new value. With the old value and
    the new one. An answer that gives both tells the change."""
    if _ASKS_OLD.search(question) or _ASKS_NEW.search(question) or _ASKS_CHANGE.search(
            question):
        return None
    items = bound(evidence)
    given = stated(answer, items)
    for said in given:
        old = next((b for b in items if b.old and b.same(said) and b.kind == said.kind
                    and _FROM_TO.search(b.said_of)), None)
        new = next((b for b in items if old is not None and not b.old and b.kind == old.kind
                    and not b.same(old) and b.text in old.said_of), None)
        if old is not None and new is not None and not any(new.same(g) for g in given):
            return old, new
    return None


# A question that asks for a whole ("combined", "in all"), and a number its evidence adds to
# another of its kind ("another 45 megawatts")
_TOTAL = re.compile(r"\b(?:combined|in total|in all|altogether|total|all)\b", re.IGNORECASE)
_ADDED = re.compile(r"\b(?:another|a further|an additional|an extra|additional)\s+\.\.\.",
                    re.IGNORECASE)


def one_part(question: str, answer: str, evidence: str) -> tuple[Bound, Bound] | None:
    """A whole the question asks for ("What is their combined output?") answered with one part
    of it alone, where its evidence adds another of that kind ("four produce 320 megawatts; a
    fifth produces another 45 megawatts" answered "320 megawatts"); with that part and the one
    added. An answer that gives the added part too, or the sum, is not one part."""
    if not _TOTAL.search(question):
        return None
    items = bound(evidence)
    given = stated(answer, items)
    for said in given:
        part = next((b for b in items if b.kind and b.same(said) and b.kind == said.kind), None)
        added = next((b for b in items if part is not None and b is not part
                      and b.kind == part.kind and _ADDED.search(b.said_of)), None)
        if part is not None and added is not None and not any(added.same(g) for g in given):
            return part, added
    return None


# A question that asks who holds a role now, or who held it before
_ASKS_NOW = re.compile(r"\b(?:now|currently|today|at present|presently|current|still)\b",
                       re.IGNORECASE)
_ASKS_THEN = re.compile(r"\b(?:formerly|former|previously|originally|before|used to|prior to)\b",
                        re.IGNORECASE)
# What says of a name that its role has ended: after it ("Ilse Marten retired", "was succeeded
# by ..."), or before it ("the late Ada Lind"); and that it holds it now. Not "left" ("left
# Google to found the firm she still runs") nor "former" ("former player Jonas Lie coaches
# the team"): they may end another role than the one asked about.
_ENDED_AFTER = re.compile(r"\b(?:retired|resigned|stepped down|died|was succeeded|was "
                          r"replaced|was dismissed|was ousted|until \d{4}|no longer)\b",
                          re.IGNORECASE)
_ENDED_BEFORE = re.compile(r"\blate\s*$", re.IGNORECASE)
_NOW = re.compile(r"\b(?:still|now|currently|today|at present|presently)\b", re.IGNORECASE)
_NAME_RUN = re.compile(r"\b[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*")


@dataclass(frozen=True)
class Holder:
    """A name of a text with what its sentence says of it: the words from the name before it
    (at most four) and those after it up to the next name, a ";" or the sentence's end."""

    name: str
    before: str
    after: str

    @property
    def ended(self) -> str | None:
        """The words that say its role is over ("retired", "the late"), or None (also where the
        text says it still holds it: "retired as editor, but still leads the board")."""
        if _NOW.search(self.after):
            return None
        found = _ENDED_AFTER.search(self.after) or _ENDED_BEFORE.search(self.before)
        return found.group(0) if found else None

    @property
    def said(self) -> str:
        """Its words in the text, for a reason."""
        return " ".join(f"{self.before} {self.name}{self.after}".split())

    @property
    def current(self) -> bool:
        """Whether the text says it holds its role now ("who still leads it")."""
        return bool(_NOW.search(self.after)) and self.ended is None


def holders(text: str) -> list[Holder]:
    """Each name of ``text`` (a run of capitalised words, not a sentence's opening word alone)
    with the words around it that say what its sentence says of it."""
    out = []
    for sentence in _SENTENCE.split(text):
        runs = [m for m in _NAME_RUN.finditer(sentence) if names(f"x {sentence[:m.end()]}")
                & names(f"x {m.group(0)}") - STOP_WORDS]
        for n, m in enumerate(runs):
            start = runs[n - 1].end() if n else 0
            end = runs[n + 1].start() if n + 1 < len(runs) else len(sentence)
            after = sentence[m.end():end].split(";")[0]
            out.append(Holder(m.group(0), " ".join(sentence[start:m.start()].split()[-4:]),
                              after))
    return out


def out_of_office(question: str, answer: str, evidence: str) -> tuple[str, Holder] | None:
    """A name the answer gives for who holds a role now where its evidence says that role is
    over ("Who leads the observatory today?" answered "Ilse Marten" from "Its first director,
    Ilse Marten, retired in 2009"), or for who held it before where its evidence says it holds
    it still: the word the question asks with and the evidence's name. Only where every name
    of the answer that the evidence says is so: a retelling that names the successor too
    ("Kofi Asante. He took over from Ilse Marten when she retired") answers with him."""
    now, then = _ASKS_NOW.search(question), _ASKS_THEN.search(question)
    if (now is None) == (then is None):
        return None
    given = names(f"x {answer}") - names(question) - STOP_WORDS
    found = [h for h in holders(evidence) if given & names(f"x {h.name}")]
    if not found or not all(h.ended if now else h.current for h in found):
        return None
    asked = now or then
    assert asked is not None
    return asked.group(0).lower(), found[0]


# Words that open a clause with its own subject: a quote that begins with one cut none off
_SUBJECTS = frozenset("he she they we i you it this that these those there".split())
# The function words a quote cut past its subject may open with ("was re-elected", "who still
# leads it", "and was succeeded by"); any other ("the team won", "in 2019 the ...") opens a
# subject or a phrase before one. A content word ("retired in 2009") is a verb as often as not.
_HEADLESS = frozenset("was were is are has have had will would can could did does do who which "
                      "and but".split())
_HEADLESS_GAP = 6  # words between a name and the quote it is the subject of, at most


def cut_subject(question: str, answer: str, quotes: list[str], cut: list[str]
                ) -> tuple[str, str, str] | None:
    """A name the answer gives for whoever did what the question asks, where the quote that
    says it begins past its subject and its passage gives another name there: the answer's
    name, the passage's, and the sentence. "Who was re-elected unopposed in May 2024?" answered
    "Kofi Asante" from "was succeeded by Kofi Asante, who still leads it" and "was re-elected
    unopposed in May 2024", cut from "Its chair, Britta Sand, was re-elected ...": two real
    fragments joined into a claim no passage makes. ``cut`` is what each quote cuts off of its
    sentence (:func:`synthloop.checks.evidence.sentence_before`). The quote that says what the
    question asks is the one that shares the most of its words (none where two share as many);
    not where it opens with its own subject ("he was re-elected", "the team won"), names the
    answer's name, or a pronoun stands between the passage's name and it ("In London, she
    won")."""
    # the answer's names that the evidence gives as names ("Thirty", "Summer:" and the "K" of
    # "K. Asante" open a sentence or a line)
    named = frozenset().union(*(names(f"{b}{q}") for q, b in zip(quotes, cut, strict=True)))
    given = names(f"x {answer}") & named - names(question) - STOP_WORDS
    topic = stems(question) - _ASKING
    scores = [len(topic & stems(q)) for q in quotes]
    if not given or not scores or max(scores) == 0 or scores.count(max(scores)) > 1:
        return None
    quote, before = quotes[scores.index(max(scores))], cut[scores.index(max(scores))]
    first = (quote.split() or [""])[0]
    if not first[:1].islower() or first in STOP_WORDS - _HEADLESS or first in _SUBJECTS \
            or given & names(f"x {quote}"):
        return None
    # the name nearest the cut is the subject ("Greta Lund opened the shop with her brother
    # Nils, who left in 2008": Nils left)
    runs = [m for m in _NAME_RUN.finditer(before)
            if names(before[:m.end()]) & names(f"x {m.group(0)}") - STOP_WORDS]
    if not runs or names(f"x {runs[-1].group(0)}") - STOP_WORDS <= given:  # "Nils Lund", not
        return None  # "Greta Lund"
    gap = re.findall(r"[\w'-]+", before[runs[-1].end():])
    if len(gap) > _HEADLESS_GAP or _SUBJECTS & {w.lower() for w in gap}:
        return None
    said = next((m.group(0) for m in _NAME_RUN.finditer(answer)
                 if names(f"x {m.group(0)}") & given), sorted(given)[0])
    return said, runs[-1].group(0), " ".join(f"{before}{quote}".split())


# "how many passengers": the question counts what follows
_HOW_MANY = re.compile(r"\bhow\s+many\s+([A-Za-z]+)", re.IGNORECASE)


def answered_in(question: str, passages: list[str]) -> tuple[str, Bound] | None:
    """A sentence of the passages that answers a question said to be unanswerable, with its
    number: the question asks for a number of a unit it names ("How long is the Lysø ferry
    crossing in kilometres?") or of a thing it counts ("How many passengers ...?"), and a
    sentence gives a number of that kind and every word of the question (by stem, the asking
    words aside) but those of a name and the word after it, which its passage gives ("The
    crossing takes 35 minutes and covers 11 kilometres", in the passage on the Lysø ferry). A
    question that adds what that sentence does not say ("on its first day", "when it opened")
    is left unanswerable."""
    units = [UNITS[w] for w in content_words(question) if w in UNITS]
    counted = _HOW_MANY.search(question)
    kinds = {MEASURES[u] if u in METRIC else u for u in units}
    if counted is not None and counted.group(1).lower() not in UNITS:
        kinds.add(stem(counted.group(1).lower()))
    # a name of the question and the word after it ("Lysø ferry"): what a sentence may say
    # as "the crossing" or "it"
    named = frozenset().union(*(stems(m.group(0)) for m in re.finditer(
        r"\b[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*(?:'s)?(?:\s+[a-z]+)?",
        question[1:])))
    topic = stems(question) - _ASKING
    for passage in passages if kinds else []:
        for sentence in _SENTENCE.split(passage):
            found = next((b for b in bound(sentence) if b.kind in kinds), None)
            if found is not None and topic - stems(sentence) <= named & stems(passage):
                return " ".join(sentence.split()), found
    return None


# A comparison an answer states of things: a comparative with its "than" ("higher than any
# other"), or a superlative after "the" ("the highest"); "most farms" and "more visitors"
# quantify, and are left to :func:`synthloop.checks.evidence.opposite`
_SUPERLATIVES = [w for w in DIRECTIONS if w.endswith("st")]
_COMPARES = re.compile(rf"\b({'|'.join(DIRECTIONS)})\b(?=(?:\s+[\w'-]+){{0,3}}?\s+than\b)|"
                       rf"\bthe\s+({'|'.join(_SUPERLATIVES)})\b", re.IGNORECASE)


def added_comparison(question: str, answer: str, evidence: str) -> str | None:
    """The comparative or superlative word of an answer that compares where neither its
    evidence nor its question does, nor could its evidence's numbers (no two of one kind, none
    of no kind): "2,340 metres above sea level, higher than any other observatory on the
    mountain" from "The observatory sits 2,340 metres above sea level". Support counts words,
    and that answer has most of its quote's."""
    said = next((m for m in _COMPARES.finditer(answer) if direction(answer[m.start():])), None)
    if said is None or direction(evidence) is not None or direction(question) is not None:
        return None
    word = (said.group(1) or said.group(2)).lower()
    kinds = [b.kind for b in bound(evidence)]
    if re.search(rf"\b{word}\b", evidence, re.IGNORECASE) or "" in kinds \
            or len(set(kinds)) < len(kinds):  # "50% more than"; numbers it could compare
        return None
    return word


def _year(b: Bound) -> bool:
    """Whether a number reads as a year: a whole number from 1000 to 2100 written without a
    thousands comma and without a unit, before a noun or not ("the 2010 freeze", "in 1987")."""
    return (b.value.is_integer() and 1000 <= b.value <= 2100 and "," not in b.text
            and b.kind not in ("%", "money") and b.kind not in MEASURES.values()
            and b.kind not in UNITS.values())


def other_year(question: str, answer: str, evidence: str) -> tuple[str, Bound, Bound] | None:
    """A year the question asks about that its evidence does not give, where the evidence says
    the answer's number beside another year: "How long did the 1987 freeze last?" answered "Six
    days" from "the 2010 freeze lasted only six days". The question's year, the answer's number
    as the evidence says it, and the evidence's year beside it."""
    items = bound(evidence)
    asked = [b for b in bound(question) if _year(b)]
    if not asked or any(a.same(b) for a in asked for b in items if _year(b)):
        return None
    for said in (s for s in stated(answer, items) if not _year(s)):
        mine = next((b for b in items if b.same(said) and not _year(b)), None)
        beside = next((b for b in items if _year(b) and mine is not None
                       and re.search(rf"\b{b.text}\b", mine.said_of)), None)
        if mine is not None and beside is not None:
            return asked[0].text, mine, beside
    return None


# A clause about a part of a group: "the rest grow ...", "half of them ...", "12 of them ..."
_PART = re.compile(r"^\W*(?:the rest|the others|others|half|most|some|a few|a (?:third|quarter|"
                   r"fifth)|(?:one|two|three|four|five|\d[\d,]*) of (?:them|these|those|the))\b",
                   re.IGNORECASE)


def part_for_whole(question: str, answer: str, evidence: str, passages: list[str]
                   ) -> tuple[str, str] | None:
    """A count the question asks of a part of a group, answered with the whole group's number:
    "How many member farms grow Rubinola?" answered "64 farms" from "The Vallmo cooperative
    has 64 member farms", where the passages say "the rest grow Aroma alongside Rubinola" (of
    the farms that do not grow only Aroma). The question's words its evidence lacks are all in
    one claim of the passages about a part ("the rest", "half of them", "12 of them"); with the
    first of those words and that claim."""
    if _HOW_MANY.search(question) is None or not stated(answer, bound(evidence)):
        return None
    missing = {stem(w): w for w in content_words(unaccented(question))
               if stem(w) not in stems(evidence) | stems(answer) | _ASKING
               and not w[0].isdigit()}
    if not missing:
        return None
    for passage in passages:
        for sentence in _SENTENCE.split(passage):
            for claim in (p.strip() for p in _JOINT.split(sentence)):
                if _PART.match(claim) and missing.keys() <= stems(claim):
                    return next(iter(missing.values())), claim
    return None
