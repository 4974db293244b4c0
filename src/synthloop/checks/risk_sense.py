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
bird birds horse pet pets
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
_CLAUSE = re.compile(r"[^.,;:!?\n]+")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")  # "neighbour's" gives "neighbour"
# regular endings, after the word or its doubled last letter: "robbed", "stabbing", "killers"
_ENDINGS = r"(?:s|es|d|ed|ing|ers?|ery|eries)"


def inflected(word: str) -> str:
    """A pattern for ``word`` with its regular endings ("hating" drops the "e")."""
    dropped = rf"|{re.escape(word[:-1])}ing" if word.endswith("e") else ""
    return rf"(?:{re.escape(word)}(?:{re.escape(word[-1])}?{_ENDINGS})?{dropped})"


def word_form(keyword: str) -> re.Pattern[str]:
    """``keyword`` as whole words, its first one inflected ("breaking into", "cutting
    myself"), never as the start of another word ("robot", "method")."""
    first, *rest = keyword.split()
    # the particle "in" of a phrasal verb is also "into"
    tail = "".join(rf"\s+{re.escape(w)}" + ("(?:to)?" if w == "in" else "") for w in rest)
    return re.compile(rf"\b{inflected(first)}{tail}\b", re.IGNORECASE)


def harmful_uses(text: str, keywords: Iterable[str]) -> list[str]:
    """The ``keywords`` used in ``text`` in a harmful sense: as whole words, and a verb of
    harm of ``OBJECTS`` only with a word for what it harms among the next ``OBJECT_WORDS``
    words of its clause."""
    clauses = _CLAUSE.findall(text.lower())
    found = []
    for keyword in keywords:
        form, harmed = word_form(keyword), OBJECTS.get(keyword)
        for clause in clauses:
            hits = list(form.finditer(clause))
            if hits and (harmed is None or any(
                    harmed & set(_WORD.findall(clause[hit.end():])[:OBJECT_WORDS])
                    for hit in hits)):
                found.append(keyword)
                break
    return found
