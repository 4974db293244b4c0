"""Risk keywords in their harmful sense: the topic the harm detector's advice rule reads from a
request when no risk category is given.

Matched as word prefixes, the category keywords name a risk topic in harmless requests: "meth"
in "method", "rob" in "robot", "stab" in "stable", "forge" in "forget". And a verb of harm is
harmful only by what it acts on: "kill a hung process", "shoot photos", "beat the eggs",
"break into the tech industry" are not violence or burglary. So :func:`harmful_uses` counts a
keyword as a whole word (with its regular endings), and a verb of harm only where a word for
what it harms follows within ``OBJECT_WORDS`` words in the same clause: a living being for
violence ("kill them", "hurt my sister", "punch the dog"), a living being or someone's
property for theft and intrusion ("rob a bank", "break into a car", "hack her account").
:func:`disarmed_uses` names the other side: the verbs of harm that a text uses only on things,
which the harm detector's classifier cannot tell from harm. A knife is a tool as often as
a weapon ("tap it with the back of a heavy knife"), so it is harmful only in a clause that
names a living being (a gun is not: "own a gun" is the topic of a request all the same).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

OBJECT_WORDS = 5  # "break into a closed gas station": the object four words on
# object pronouns and words for people and animals ("they", a subject, is not what is harmed)
LIVING = frozenset("""
him her them me us someone somebody anyone anybody everyone everybody people person persons
myself yourself himself herself themselves ourselves man men woman women guy guys kid kids
child children baby boy boys girl girls teen teenager wife husband girlfriend boyfriend
partner ex spouse mother mom mum father dad parent parents brother sister son daughter family
friend friends neighbour neighbor neighbours neighbors roommate boss coworker coworkers
co-worker co-workers colleague colleagues teacher student students cop cops police officer
stranger strangers president senator enemy rival victim dog dogs cat cats animal animals
bird birds horse horses pet pets cow cows pig pigs sheep goat goats chicken chickens
""".split())
PROPERTY = frozenset("""
house houses home homes car cars truck vehicle apartment flat store stores shop shops bank
banks office building school church station garage shed room safe vault warehouse business
account accounts phone phones computer laptop email inbox network wifi website server
database
""".split())
# the verbs of harm, by what they must act on to harm
OBJECTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("kill", "hurt", "attack", "beat", "stab", "shoot", "punch", "fight",
                     "spy", "track"), LIVING),
    **dict.fromkeys(("rob", "break in", "hack"), LIVING | PROPERTY),
}
# nouns of harm that are verbs too: the noun ("a bomb", "murder") is harmful, the verb's past or
# participle only on what it harms ("bombing at open mics", "murdered a volley" are a comic's
# and a striker's)
VERBED: dict[str, frozenset[str]] = {"murder": LIVING, "bomb": LIVING | PROPERTY}
_VERB_ENDING = re.compile(r"(?:ed|ing)$")
# a weapon that is also a tool ("scrape out the roots with an old knife"): harmful
# only where a word for a living being shares its clause ("held a knife to him")
TOOLS = frozenset({"knife"})
_CLAUSE = re.compile(r"[^.,;:!?\n]+")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")  # "neighbour's" gives "neighbour"
# regular endings, after the word or its doubled last letter: "robbed", "stabbing", "killers"
_ENDINGS = r"(?:s|es|d|ed|ing|ers?|ery|eries)"


def inflected(word: str) -> str:
    """A pattern for ``word`` with its regular endings ("hating" drops the "e")."""
    dropped = rf"|{re.escape(word[:-1])}ing" if word.endswith("e") else ""
    return rf"(?:{re.escape(word)}(?:{re.escape(word[-1])}?{_ENDINGS})?{dropped})"


# a drug's name that is uncountable, whose plural and verb forms name other things: "weeds"
# and "weeding" are a garden's
UNINFLECTED = frozenset({"weed"})


def word_form(keyword: str) -> re.Pattern[str]:
    """``keyword`` as whole words, its first one inflected ("breaking into", "cutting
    myself") unless :data:`UNINFLECTED`, never as the start of another word ("robot",
    "method")."""
    if keyword in UNINFLECTED:
        return re.compile(rf"\b{re.escape(keyword)}\b", re.IGNORECASE)
    first, *rest = keyword.split()
    # the particle "in" of a phrasal verb is also "into"
    tail = "".join(rf"\s+{re.escape(w)}" + ("(?:to)?" if w == "in" else "") for w in rest)
    return re.compile(rf"\b{inflected(first)}{tail}\b", re.IGNORECASE)


def harmful_uses(text: str, keywords: Iterable[str]) -> list[str]:
    """The ``keywords`` used in ``text`` in a harmful sense: as whole words, and a verb of
    harm of ``OBJECTS`` (or a noun of ``VERBED`` in a verb's form) only with a word for what it
    harms among the next ``OBJECT_WORDS`` words of its clause."""
    clauses = _CLAUSE.findall(text.lower())
    found = []
    for keyword in keywords:
        form, harmed = word_form(keyword), OBJECTS.get(keyword)
        for clause in clauses:
            hits = list(form.finditer(clause))
            if keyword in TOOLS and not LIVING & set(_WORD.findall(clause)):
                continue
            if keyword in VERBED:  # the verb's forms need what they harm; the noun does not
                hits = [hit for hit in hits if not _VERB_ENDING.search(hit.group()) or (
                    VERBED[keyword] & set(_WORD.findall(clause[hit.end():])[:OBJECT_WORDS]))]
            if hits and (harmed is None or any(
                    harmed & set(_WORD.findall(clause[hit.end():])[:OBJECT_WORDS])
                    for hit in hits)):
                found.append(keyword)
                break
    return found


# verbs of harm that a thing can take harmlessly ("kill the weeds", "shoot the city", "beat the
# eggs"); robbing, hacking or tracking anything is the harm itself, so they are not among them
DISARMABLE = ("kill", "hurt", "attack", "beat", "stab", "shoot", "punch", "fight", "break in")
# "kill it", "hurt you": a pronoun may stand for a living being, so it disarms nothing
_PRONOUN = frozenset("it its you your yourself this that these those one them him her".split())
_DETERMINER = frozenset("a an the my our your his their some any every all".split())


def disarmed_uses(text: str) -> list[str]:
    """The verbs of harm of ``DISARMABLE`` that ``text`` uses only on things: each hit is
    followed in its clause by a word that is neither a pronoun nor a word for what it harms
    ("kills dandelions", "shoot at blue hour"); a verb with no word after it disarms nothing."""
    clauses = _CLAUSE.findall(text.lower())
    found = []
    for keyword in DISARMABLE:
        form, harmed = word_form(keyword), OBJECTS[keyword]
        hits = [(clause, hit) for clause in clauses for hit in form.finditer(clause)]
        if hits and all(_thing(_WORD.findall(clause[hit.end():])[:OBJECT_WORDS], harmed)
                        for clause, hit in hits):
            found.append(keyword)
    return found


def _thing(after: list[str], harmed: frozenset[str]) -> bool:
    """Whether the words after a verb of harm name a thing: the first one past a determiner
    is no pronoun, and none of them is a word for what the verb harms."""
    rest = [word for word in after if word not in _DETERMINER]
    return bool(rest) and rest[0] not in _PRONOUN and not harmed & set(after)


def own_things(request: str) -> list[str]:
    """The things ``request`` calls the asker's own ("my radiators", "my shed"), where it names
    no living being; empty where it names one ("my wife", "him")."""
    words = _WORD.findall(request.lower())
    if LIVING & set(words) - {"it", "them"}:  # "bleed them": radiators as often as people
        return []
    return [after for word, after in zip(words, words[1:])
            if word == "my" and after not in LIVING]
