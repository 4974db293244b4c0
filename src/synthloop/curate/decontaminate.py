"""``curate.decontaminate``: reject records that reproduce benchmark items.

Phase 1 is n-gram overlap as in GPT-3 (Brown et al., 2020): a record that shares any word
``ngram``-gram (13 by default; 8 is stricter) with a benchmark item is contaminated. Text is
lower-cased, split on non-word characters and, with ``numbers: true``, every digit run becomes
``0``, so copies with changed case, spacing, punctuation or quantities still match; sentences
added around a copied item do not break its n-grams. Items shorter than ``ngram`` words (short
MBPP prompts) match whole when they have at least ``min_words`` words.

Phase 2 (``paraphrase_threshold``) embeds records and items with all-MiniLM-L6-v2 and flags a
record whose cosine similarity to an item reaches the threshold: rewordings that share no long
n-gram. It costs an embedding per record, so it is off by default. :data:`PARAPHRASE_THRESHOLD`
is the calibrated value: against GSM8K test, HumanEval and MBPP, the most similar of 12,490
clean texts (Banking77 train, Self-Instruct, HH-RLHF) reaches 0.733, and of GSM8K *train*
problems (the same kind of text, other problems) 0.878; so at 0.88 none of either is flagged.

Cosine alone cannot go lower: a test item retold in the first person scores 0.85, and other
problems of the same kind score as much. What makes a retelling the *same* problem is its
quantities, so a second, lower threshold (``paraphrase_numbers_threshold``,
:data:`NUMBERS_THRESHOLD`) flags a record only where it also states the item's numbers:
their agreement (:mod:`synthloop.curate.rarity`: values, so "sixty-eight" is "$68", weighted
by rarity in the reference set, Jaccard, so a record that adds its own numbers agrees less)
must reach :data:`NUMBER_AGREEMENT`, on two shared values at least (one shared number is a
coincidence). Both were calibrated on all 7,473 GSM8K train questions against GSM8K test, on a
grid (cosine 0.70-0.78, agreement 0.6-0.8): the loosest pair that flags about 0.1% of them
(7/7,473: other problems sharing a few numbers; cosine 0.70 with agreement 0.7 flags 27
without the two-value rule). ``benchmarks/decontam_eval.py --paraphrase`` measures both
settings on the attack suite and on clean real data. A record that carries its own worked
solution states more numbers than the item and agrees less: compare the question's field
only (``fields``). A record stating three of the item's numbers or more may be
:data:`MANY_NUMBERS_MARGIN` less near (a problem compressed into notation, "A_apples = J_apples
+ 8; ... A_apples = 52", is at 0.749) with agreement :data:`MANY_NUMBERS_AGREEMENT`: that rule
alone flags 2 of the 7,473 GSM8K train questions (at a margin of 0.10 and agreement 0.9, 13; of
0.15, 51). Agreement counts a record's own numbers against it, and a problem in notation adds
the constants of its arithmetic: GSM8K test line 1180 in LaTeX ("$t = 30$ teeth ... drills
$d = 4$ and caps $c = d + 7$", then the fixed teeth over t times 100%) states all three of
its numbers and 100 (agreement 0.70, at cosine 0.771). So a record at
:data:`NUMBERS_THRESHOLD` that states every one of an item's numbers, ``MANY_SHARED`` or
more, adding at most :data:`ADDED_NUMBERS` of its own, is flagged too: over all 7,473 GSM8K
train questions against GSM8K test, that flags one, which the numbers threshold flags already
(with two added: 2; at cosine 0.70 with one added: 17).

A retelling with *other* numbers keeps the item's story: its names, goods and units. A third
threshold (``paraphrase_template_threshold``, :data:`TEMPLATE_THRESHOLD`) flags a record that
shares the item's rare words (:func:`template_words`: content words, numbers dropped, weighted
by rarity in the reference set as the numbers are) with agreement :data:`WORD_AGREEMENT`, on
two shared words at least. GSM8K train problems are other problems in the same style, with the
same stock names and goods, so they bound it as they bound the numbers threshold: on a grid
(cosine 0.75-0.85, agreement 0.35-0.6) over all 7,473 of them against GSM8K test, cosine 0.80
with agreement 0.5 flags 5 beyond the numbers threshold, a test item's template with other
numbers (Bella's and Max's snowflake, truck and rose stamps; Chad's and Kimberly's cat and dog
food; two coaches' baseballs and basketballs) or close to it (a party's men and women, a
soccer match's halves); at cosine 0.75 it adds other problems (a classroom's girls, jars of
coins), at agreement 0.4 it flags 13 (same style, other problems: paint a house, a farmer's
milk). Against GSM8K test, HumanEval and MBPP together it flags 3 GSM8K train questions and 3
MBPP non-test problems more than the numbers threshold (``benchmarks/decontam_eval.py
--paraphrase``).

Names and units change too: "Keiko paid $4.50 for six lollipops and three candies" is GSM8K
test's Manolo with his five lollipops and four candies, at a cosine of 0.805 with rare-word
agreement 0.35. A record near an item (cosine >= :data:`SKELETON_FLOOR`) that nothing else
flags is compared by skeletons (:func:`synthloop.curate.skeleton.skeleton`: numbers, names and
units masked on both sides; each embedded once, an item's when first needed): a skeleton
cosine of ``paraphrase_skeleton_threshold`` (:data:`SKELETON_THRESHOLD`) flags it, or of
:data:`SKELETON_WORDS_THRESHOLD` with the story words' agreement at :data:`WORD_AGREEMENT`.
Over all 7,473 GSM8K train questions against GSM8K test it flags 13, 7 beyond the template
threshold (0.09%: the same templates, Bella's and Max's stamps, a party's men and women, or
close: ages in years, shirts at 40% off); 0.92 flags 25, 0.94 flags 10.

A code task restated as a plain request or a stub keeps few of its words; one that quotes the
item's tests is the item (:mod:`synthloop.curate.code_task`). A fourth threshold
(``paraphrase_code_threshold``, :data:`CODE_THRESHOLD`) flags a record that quotes a test
input of the item (``[15, -73, 14, -15]``, HumanEval/146's; one that more than ``max_items``
items have is boilerplate) at a cosine that says it is a request on that topic. No GSM8K train
question nor clean text quotes any item's test input, and one MBPP problem outside the test
split did, ``('a', 'b', 'c')``, before such small literals were dropped; so nothing bounds the
bar from below but what a request on the item's topic reaches: 0.5, above the 90th percentile
(0.40) of the cosines of MBPP's problems outside the test split to the 664 HumanEval and MBPP
test problems (median 0.24). Bare calls and results ("g(148, 412) = 16, g(2020, 1851) = 0",
HumanEval/97's) embed near no task (0.41 to their item, below others): a record quoting
``MIN_SHARED`` of one item's test inputs is that item at any cosine. Of MBPP's 474 problems
outside the test split, the 2,491 GSM8K train questions and 2,082 clean texts of
``decontam_eval.py --paraphrase``, it flags none more.

A stub defining the item's own function with a docstring of its own (``def is_happy(s)``,
HumanEval/80's, at 0.875) is flagged at :data:`FUNCTION_THRESHOLD` where the name is compound
and at most ``max_items`` items define it (:func:`item_names`): MBPP's problems outside the
test split reuse the test split's names for other tasks (``check_isosceles`` for a scalene
check), and at 0.85 none of the 474 is flagged more (0.80 flags 3 more, 0.75 flags 8).

The same function in another language's dress (``public static boolean cycPatternCheck(String
a, String b)`` for HumanEval/154's ``cycpattern_check(a, b)``, ``func AnyInt(x, y, z float64)``)
keeps the item's name in another identifier style and its parameters
(:mod:`synthloop.curate.entry_point`): at :data:`DECLARED_THRESHOLD` it is the item. In the
item's own spelling the rule is left to :data:`FUNCTION_THRESHOLD`: MBPP's problems outside the
test split reuse names and parameters for other tasks (6 of the 474 more at 0.65, at cosines
0.76-0.81); restyled, it flags none of them, nor any GSM8K train question or clean text (none
declares a benchmark function's name in any style with its parameters).

A plain request restating a HumanEval prompt is near its docstring's prose, not its signature
and examples (HumanEval/12 as a request: 0.79 to the prompt, 0.86 to its prose): a fifth
threshold (``paraphrase_docstring_threshold``, :data:`DOCSTRING_THRESHOLD`) compares each body
with each item's :func:`~synthloop.curate.code_task.docstring_prose` too. The highest such
cosine of any clean text, GSM8K train question or MBPP non-test problem is 0.78, so 0.80 flags
none of them.

Short task statements defeat cosine the other way: a minimal pair ("the sum of fifth powers of
the first n *odd* natural numbers" against "... *even* ...") embeds as near as a rewording
(0.900). No path flags an item that the record contradicts (:func:`synthloop.curate.contrast.
contrast`: a polar word, "odd", "right", "unset", where the item has its opposite, or "non"
on one side only). Of MBPP's 474 problems outside the test split, that drops 2 of the 11
flagged (the right-most against the left-most unset bit, 0.896; non-repeated against repeated
elements, 0.859); the cube sum of odd numbers is no longer flagged as the even numbers' (0.898)
but still as the natural numbers' (its story words, 0.856). Of the 9 left, 5 are the same task
reworded, 4 near tasks (from 1 to n against one number, fifth powers of n against the first n
even numbers).

The paraphrase pass compares a record's question, not its dress: :func:`question_bodies` reads
a JSON object's keys and values, keeps the asking turns of a chat or a few-shot prompt, and
cuts answer options, so each question a record asks is compared on its own; a problem split
across turns is compared joined, and one inside a longer document (a newsletter, a worksheet)
by the sentences that lead to its question. On GSM8K train these bodies flag no question more
(11/7473 before and after), nor any of the 12,490 clean texts. all-MiniLM-L6-v2 reads English
only: a record that no check flags and that is confidently in another language
(:func:`synthloop.checks.language.not_english`) is compared by what a translation keeps, its
digits and names (:mod:`synthloop.curate.fingerprint`: four shared, a name and two numbers
among them, weighted agreement >= :data:`TRANSLATION_AGREEMENT`), and otherwise passes with a
reason that says it was not checked for paraphrases, rather than silently clean.

Whatever its language or form (Spanish, spreadsheet cells, equations, a rhyme), a record that
states every one of an item's numbers, where they are many and rare (four or more, weighing
:data:`QUANTITIES_WEIGHT` together by rarity), is that item at any cosine
(:mod:`synthloop.curate.quantities`): over all 7,473 GSM8K train questions against GSM8K test,
HumanEval and MBPP test it flags 2, and none of the 12,490 clean texts nor of MBPP's 474
problems outside the test split.

The verdict names the benchmark, the item id and the overlapping span.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from pydantic import Field, field_validator, model_validator

from synthloop.curate.benchsets import (
    BUILTINS,
    Item,
    ReferenceSet,
    as_reference,
    check_reference,
    load_items,
)
from synthloop.checks.evidence import NUMBER_WORDS, content_words, stem
from synthloop.checks.numbers import values
from synthloop.curate.code_task import defined_names, docstring_prose, literals
from synthloop.curate.contrast import contrast
from synthloop.curate.dedup import compared_text
from synthloop.curate.entry_point import Function, declared, parameters, signatures
from synthloop.curate.fingerprint import FingerprintIndex
from synthloop.curate.form import question_bodies
from synthloop.checks.language import not_english
from synthloop.curate.rarity import Rarity, T
from synthloop.curate.overlap import OverlapIndex, Span, span_text
from synthloop.curate.quantities import QuantityIndex
from synthloop.curate.skeleton import skeleton
from synthloop.embed import EmbeddingCache
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import Pass, RecordStage, Reject, StageContext, StageParams


# Calibrated on clean data: the highest cosine of a clean text to a benchmark item is 0.878
# (see the module docstring)
PARAPHRASE_THRESHOLD = 0.88
# Below it, a record must also state the item's numbers (see the module docstring)
NUMBERS_THRESHOLD = 0.75
NUMBER_AGREEMENT = 0.75
# ... or a little less near, stating more of them (see the module docstring)
MANY_NUMBERS_MARGIN = 0.05
MANY_NUMBERS_AGREEMENT = 0.85
MANY_SHARED = 3
# ... or states every one of them (MANY_SHARED or more), adding at most this many of its own
# (see the module docstring)
ADDED_NUMBERS = 1
# Below it too, a record that tells the item's story with other numbers: its rare words
# (calibrated on GSM8K train against test, see the module docstring)
TEMPLATE_THRESHOLD = 0.80
WORD_AGREEMENT = 0.5
# One shared number (or word) is a coincidence, not an identity
MIN_SHARED = 2
# Below them all, a code task that quotes one of the item's test inputs (see the module
# docstring)
CODE_THRESHOLD = 0.5
# A code task defining the item's own function (a compound name at most max_items items
# define): the cosine that flags it (see the module docstring)
FUNCTION_THRESHOLD = 0.85
# ... in any identifier style (cycPatternCheck for cycpattern_check) with all its parameters:
# the lower cosine that flags it (see the module docstring)
DECLARED_THRESHOLD = 0.65
# Cosine to a code item's docstring prose: above the highest of any clean text, GSM8K train
# question or MBPP non-test problem (0.78; see the module docstring)
DOCSTRING_THRESHOLD = 0.8
# Skeletons (numbers, names and units masked) of a record this near an item: the cosine that
# flags it, and the lower one that does with the item's story words (see the module docstring)
SKELETON_FLOOR = 0.75
SKELETON_THRESHOLD = 0.93
SKELETON_WORDS_THRESHOLD = 0.88
# A text in another language: the digits and names it shares with an item (see
# synthloop.curate.fingerprint for the calibration on GSM8K train)
TRANSLATION_AGREEMENT = 0.75
TRANSLATION_SHARED = 4
# A record stating all of an item's numbers, this many and this rare, is the item at any cosine
# (see synthloop.curate.quantities for the calibration on GSM8K train)
QUANTITIES_SHARED = 4
QUANTITIES_WEIGHT = 12.0
QUANTITIES_MEAN = 2.5
QUANTITIES_AGREEMENT = 0.6


class DecontaminateParams(StageParams):
    """``against`` lists built-in benchmarks by name (gsm8k, humaneval, mbpp) or reference sets
    ``{name, path, fields, id_field}``; ``data_dir`` holds the built-ins' files."""

    against: list[str | ReferenceSet] = Field(min_length=1)
    data_dir: str | None = None
    fields: list[str] | None = None
    ngram: int = Field(default=13, ge=3, le=64)
    numbers: bool = True
    min_words: int = Field(default=8, ge=3)
    max_items: int = Field(default=5, ge=1, description="n-grams shared by more benchmark "
                           "items than this are boilerplate and ignored")
    paraphrase_threshold: float | None = Field(default=None, gt=0.0, le=1.0, description=(
        f"cosine to a benchmark item that flags a paraphrase (off when unset; "
        f"{PARAPHRASE_THRESHOLD} flags no clean text, see the stage's docs)"))
    paraphrase_numbers_threshold: float | None = Field(
        default=NUMBERS_THRESHOLD, gt=0.0, le=1.0, description=(
            "a lower cosine that flags a paraphrase stating the item's numbers (agreement >= "
            f"{NUMBER_AGREEMENT}); only with paraphrase_threshold; null turns it off"))
    paraphrase_template_threshold: float | None = Field(
        default=TEMPLATE_THRESHOLD, gt=0.0, le=1.0, description=(
            "a lower cosine that flags a paraphrase sharing the item's rare words, whatever "
            f"its numbers (agreement >= {WORD_AGREEMENT}); only with paraphrase_threshold; "
            "null turns it off"))

    paraphrase_code_threshold: float | None = Field(
        default=CODE_THRESHOLD, gt=0.0, le=1.0, description=(
            "a lower cosine that flags a code task quoting one of the item's test inputs (a list "
            "or dict literal of at most max_items items); only with paraphrase_threshold; null "
            "turns it off"))

    paraphrase_docstring_threshold: float | None = Field(
        default=DOCSTRING_THRESHOLD, gt=0.0, le=1.0, description=(
            "cosine to the prose of a code item's docstring (its examples and signature cut) "
            "that flags a plain request restating it; only with paraphrase_threshold; null "
            "turns it off"))

    paraphrase_skeleton_threshold: float | None = Field(
        default=SKELETON_THRESHOLD, gt=0.0, le=1.0, description=(
            "cosine of the skeletons (numbers, names and units masked) that flags a retelling "
            f"at a cosine of {SKELETON_FLOOR} or more; only with paraphrase_threshold; null "
            "turns it off"))

    @field_validator("against")
    @classmethod
    def _known(cls, value: list[str | ReferenceSet]) -> list[str | ReferenceSet]:
        for entry in value:
            check_reference(as_reference(entry))
        return value

    @model_validator(mode="after")
    def _data_dir(self) -> DecontaminateParams:
        builtins = [r.name for r in map(as_reference, self.against)
                    if r.path is None and r.name in BUILTINS]
        if builtins and not self.data_dir and not os.environ.get("SYNTHLOOP_BENCHMARK_DIR"):
            raise ValueError(f"built-in benchmark {builtins[0]!r} is read from local files: set "
                             f"data_dir (the folder holding {BUILTINS[builtins[0]].file}) or "
                             "$SYNTHLOOP_BENCHMARK_DIR")
        return self

    @model_validator(mode="after")
    def _thresholds(self) -> DecontaminateParams:
        high = self.paraphrase_threshold
        for name, what in (("paraphrase_numbers_threshold", "state the item's numbers"),
                           ("paraphrase_template_threshold", "share the item's rare words"),
                           ("paraphrase_code_threshold", "quote the item's test inputs")):
            low = getattr(self, name)
            if low is not None and high is not None and low > high:
                raise ValueError(f"{name} ({low}) must not exceed paraphrase_threshold "
                                 f"({high}): it is the lower bar, for records that also {what}")
        return self


@dataclass
class Reference:
    """Loaded items of every reference set with their n-gram index."""

    items: list[Item]
    sets: list[str]  # reference-set name of each item
    index: OverlapIndex
    vectors: np.ndarray | None = None
    # of the embedded text of each item: its numbers and story words, and their rarity
    numbers: list[frozenset[float]] = field(default_factory=list)
    weights: Rarity[float] = field(default_factory=lambda: Rarity([]))
    words: list[frozenset[str]] = field(default_factory=list)
    word_weights: Rarity[str] = field(default_factory=lambda: Rarity([]))
    embedded: list[str] = field(default_factory=list)  # the text embedded of each item
    # of each item's texts and tests: the test inputs that name it (see quoted_inputs)
    inputs: list[frozenset[str]] = field(default_factory=list)
    # of each item's texts: the functions it defines that name it (see item_names)
    names: list[frozenset[str]] = field(default_factory=list)
    # of each item's texts: the functions it defines, by name in any style (see item_functions)
    functions: list[dict[str, Function]] = field(default_factory=list)
    # of each item's docstring prose, zeros where it has none
    prose: np.ndarray | None = None
    # of each item's embedded text: its digits and names, for texts in other languages
    fingerprints: FingerprintIndex | None = None
    # of each item's embedded text: its numbers, where they are many and rare enough
    quantities: QuantityIndex | None = None
    # each item's skeleton embedded, filled when a record is first near the item
    skeletons: dict[int, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Paraphrase:
    """The item a record paraphrases; ``agreement`` is set when its numbers or, with the
    rarest of them in ``words``, its story words decided, ``test_input`` when a test input
    of the item that the record quotes did (at a cosine that says it is a request on the
    item's topic), ``test_inputs`` when several did (at any cosine), ``docstring`` when the
    cosine is to the item's docstring prose; ``language`` when the text is in that language and
    its digits and names (``words``) decided; ``skeleton`` when the skeletons' cosine did (with
    ``agreement`` and ``words`` where the story words did too); ``added`` when the record states
    every one of the item's numbers (``words``) and this many of its own; ``retold`` when it
states all of them, many and rare, at any cosine (``words``, ``agreement``)."""

    item: int
    cosine: float
    agreement: float | None = None
    words: tuple[str, ...] = ()
    test_input: str | None = None
    test_inputs: tuple[str, ...] = ()
    docstring: bool = False
    function: str | None = None
    language: str | None = None
    skeleton: float | None = None
    added: int | None = None
    retold: bool = False
    declared: Function | None = None


def template_words(text: str) -> frozenset[str]:
    """The words that make a problem's story rather than its numbers: the stems of content
    words without digits or number words ("Janet's eggs" is "janet", "egg")."""
    stems = (stem(w) for w in content_words(text) if w not in NUMBER_WORDS)
    return frozenset(s for s in stems if s.isalpha())


def find_paraphrase(sims: np.ndarray, prose: np.ndarray, text: str, ref: Reference,
                    params: DecontaminateParams) -> Paraphrase | None:
    """The paraphrased item given a record's text and its cosine to every item: the most
    similar item at ``paraphrase_threshold``, or at a lower threshold whose numbers the text
    states (``MIN_SHARED`` of them or more, agreement >= ``NUMBER_AGREEMENT``), whose rare
    words it shares (``MIN_SHARED`` or more, agreement >= ``WORD_AGREEMENT``) or one of whose
    test inputs it quotes; or whose docstring prose it restates (``prose``: its cosine to
    each item's, at ``paraphrase_docstring_threshold``); never an item the text contradicts
    (:func:`contrast`: "odd" where the item says "even"). The text's numbers and words are
    read only when an item is that near."""
    numbers_bar = _many_numbers_bar(params)
    bars = [t for t in (params.paraphrase_threshold, numbers_bar,
                        params.paraphrase_template_threshold, params.paraphrase_code_threshold,
                        _function_bar(params), _declared_bar(params))
            if t is not None]
    if params.paraphrase_threshold is None:
        return None
    restated = params.paraphrase_docstring_threshold
    inputs = literals(text)
    quoting = _quoting(inputs, ref) if params.paraphrase_code_threshold is not None else []
    near = np.union1d(np.flatnonzero((sims >= min(bars)) | (prose >= (restated or np.inf))),
                      np.array(quoting, dtype=np.intp))
    if not len(near):
        return None
    numbers, words, names = values(text), template_words(text), defined_names(text)
    said = signatures(text)
    for i in near[np.argsort(-np.maximum(sims[near], prose[near]))]:
        found = _paraphrase(int(i), float(sims[i]), numbers, words, (inputs, names), ref,
                            params)
        if found is None and _reaches(float(sims[i]), _declared_bar(params)) and (
                function := declared(said, ref.functions[i])) is not None:
            found = Paraphrase(int(i), float(sims[i]), declared=function)
        if found is None and _reaches(float(prose[i]), restated):
            found = Paraphrase(int(i), float(prose[i]), docstring=True)
        if found is not None and contrast(text, ref.embedded[i]) is None:
            # story words as the text spells them; numbers as they are
            spell = found.words and found.added is None
            return replace(found, words=spelled(found.words, text)) if spell else found
    return None


def spelled(stems: tuple[str, ...], text: str) -> tuple[str, ...]:
    """``stems`` as ``text`` spells them (each stem's first word there, without a possessive):
    a reason names words a person reads, "many" rather than its stem "mani"."""
    words: dict[str, str] = {}
    for word in content_words(text):
        words.setdefault(stem(word), word.split("'")[0])
    return tuple(words.get(s, s) for s in stems)


def _paraphrase(i: int, cosine: float, numbers: frozenset[float], words: frozenset[str],
                code: tuple[frozenset[str], frozenset[str]], ref: Reference,
                params: DecontaminateParams) -> Paraphrase | None:
    """Whether a text this near item ``i`` paraphrases it, by the first signal that decides;
    ``code`` is the text's test inputs and the functions it defines."""
    inputs, names = code
    if _reaches(cosine, params.paraphrase_threshold):
        return Paraphrase(i, cosine)
    if _reaches(cosine, params.paraphrase_numbers_threshold) and (agreement := _agreement(
            numbers, ref.numbers[i], ref.weights, NUMBER_AGREEMENT)) is not None:
        return Paraphrase(i, cosine, agreement)
    if _reaches(cosine, _many_numbers_bar(params)) and (agreement := _agreement(
            numbers, ref.numbers[i], ref.weights, MANY_NUMBERS_AGREEMENT, MANY_SHARED)
            ) is not None:
        return Paraphrase(i, cosine, agreement)
    if _reaches(cosine, params.paraphrase_numbers_threshold) and (
            added := _adding(numbers, ref.numbers[i])) is not None:
        return Paraphrase(i, cosine, words=tuple(_number(n) for n in sorted(ref.numbers[i])),
                          added=added)
    if _reaches(cosine, params.paraphrase_template_threshold) and (agreement := _agreement(
            words, ref.words[i], ref.word_weights, WORD_AGREEMENT)) is not None:
        return Paraphrase(i, cosine, agreement, _rarest(words, i, ref))
    if _reaches(cosine, params.paraphrase_code_threshold) and (quoted := inputs & ref.inputs[i]):
        return Paraphrase(i, cosine, test_input=min(quoted, key=lambda q: (-len(q), q)))
    if _reaches(cosine, _function_bar(params)) and (named := names & ref.names[i]):
        return Paraphrase(i, cosine, function=min(named))
    if params.paraphrase_code_threshold is not None and len(
            quoted := inputs & ref.inputs[i]) >= MIN_SHARED:
        return Paraphrase(i, cosine, test_inputs=tuple(sorted(quoted)))
    return None


def _quoting(inputs: frozenset[str], ref: Reference) -> list[int]:
    """The items ``MIN_SHARED`` or more of whose test inputs a text quotes, however far its
    wording: bare calls and results ("g(148, 412) = 16, g(19, 28) = 72") embed near no task."""
    if len(inputs) < MIN_SHARED:
        return []
    return [i for i, theirs in enumerate(ref.inputs) if len(inputs & theirs) >= MIN_SHARED]


def _declared_bar(params: DecontaminateParams) -> float | None:
    """The cosine at which a record declaring an item's function with its parameters, in any
    identifier style, is that item: with the code signals on."""
    return None if params.paraphrase_code_threshold is None else DECLARED_THRESHOLD


def _retold_numbers(text: str, sims: np.ndarray, ref: Reference) -> Paraphrase | None:
    """The item all of whose numbers, many and rare (:class:`QuantityIndex`), ``text``
    states, at any cosine (``sims``, to every item): retold in another language or form."""
    found = None if ref.quantities is None else ref.quantities.find(values(text))
    if found is None:
        return None
    return Paraphrase(found.item, float(sims[found.item]), found.agreement,
                      tuple(_number(n) for n in found.shared), retold=True)


def _function_bar(params: DecontaminateParams) -> float | None:
    """The cosine at which a code task defining an item's function is that item: with the
    code signals on (``paraphrase_code_threshold``)."""
    return None if params.paraphrase_code_threshold is None else FUNCTION_THRESHOLD


def _retold(i: int, cosine: float, skeleton_cosine: float, words: frozenset[str],
            ref: Reference, bar: float) -> Paraphrase | None:
    """Whether a text whose skeleton is this near item ``i``'s retells it: at ``bar``, or
    at ``SKELETON_WORDS_THRESHOLD`` sharing its story words."""
    if skeleton_cosine >= bar:
        return Paraphrase(i, cosine, skeleton=skeleton_cosine)
    if skeleton_cosine >= SKELETON_WORDS_THRESHOLD and (agreement := _agreement(
            words, ref.words[i], ref.word_weights, WORD_AGREEMENT)) is not None:
        return Paraphrase(i, cosine, agreement, _rarest(words, i, ref),
                          skeleton=skeleton_cosine)
    return None


def _rarest(words: frozenset[str], i: int, ref: Reference) -> tuple[str, ...]:
    """The four rarest of the story words ``words`` shares with item ``i``: what a reason
    names."""
    rarest = sorted(words & ref.words[i], key=lambda w: (-ref.word_weights.weight([w]), w))
    return tuple(rarest[:4])


def _many_numbers_bar(params: DecontaminateParams) -> float | None:
    """The cosine at which a record stating ``MANY_SHARED`` of an item's numbers is compared
    by them."""
    low = params.paraphrase_numbers_threshold
    return None if low is None else low - MANY_NUMBERS_MARGIN


def _nearer(found: Paraphrase | None, best: Paraphrase | None) -> Paraphrase | None:
    """Of a record's question bodies, the paraphrase at the higher cosine."""
    return found if found is not None and (best is None or found.cosine > best.cosine) else best


def _reaches(cosine: float, threshold: float | None) -> bool:
    return threshold is not None and cosine >= threshold


def _adding(mine: frozenset[float], theirs: frozenset[float]) -> int | None:
    """How many numbers of its own a record adds to all of an item's (``MANY_SHARED`` or
    more), where that is at most ``ADDED_NUMBERS``; None where it misses one of the item's."""
    added = len(mine - theirs)
    if len(theirs) < MANY_SHARED or not theirs <= mine or added > ADDED_NUMBERS:
        return None
    return added


def _number(value: float) -> str:
    """A number as a reason names it: 30 rather than 30.0."""
    return f"{value:g}"


def _agreement(mine: frozenset[T], theirs: frozenset[T], rarity: Rarity[T], bar: float,
               shared: int = MIN_SHARED) -> float | None:
    """The weighted agreement of a record's values with an item's where it reaches ``bar``
    on ``shared`` shared values or more, else None."""
    if len(mine & theirs) < shared:
        return None
    agreement = rarity.agreement(mine, theirs)
    return agreement if agreement >= bar else None


def item_names(items: list[Item], max_items: int) -> list[frozenset[str]]:
    """The functions each item's texts define (:func:`defined_names`) that at most
    ``max_items`` items define (more, and the name is boilerplate)."""
    found = [defined_names("\n".join(item.texts)) for item in items]
    count = Counter(n for names in found for n in names)
    return [frozenset(n for n in names if count[n] <= max_items) for names in found]


def item_functions(items: list[Item], max_items: int) -> list[dict[str, Function]]:
    """The functions each item's texts define (:func:`parameters`: by name in any style)
    that at most ``max_items`` items define."""
    found = [parameters("\n".join(item.texts)) for item in items]
    count = Counter(k for functions in found for k in functions)
    return [{k: f for k, f in functions.items() if count[k] <= max_items} for functions in found]


def quoted_inputs(items: list[Item], max_items: int) -> list[frozenset[str]]:
    """Each item's test inputs (:func:`literals` of its texts and tests) that at most
    ``max_items`` items have (more, and it is boilerplate, as an n-gram is): an input two
    items share (MBPP 200's and 322's, the positions of the largest and of the smallest
    value) names the nearer of them."""
    found = [literals("\n".join(item.texts + item.tests)) for item in items]
    count = Counter(q for quoted in found for q in quoted)
    return [frozenset(q for q in quoted if count[q] <= max_items) for quoted in found]


def build_reference(refs: list[ReferenceSet], *, base: Path, data_dir: str | None,
                    index: OverlapIndex) -> Reference:
    items: list[Item] = []
    sets: list[str] = []
    for ref in refs:
        loaded = load_items(ref, base=base, data_dir=data_dir)
        items += loaded
        sets += [ref.name] * len(loaded)
    texts = [t for item in items for t in item.texts]
    owners = [i for i, item in enumerate(items) for _ in item.texts]
    index.build(texts, owners)
    return Reference(items, sets, index)


@register
class Decontaminate(RecordStage[DecontaminateParams]):
    """Rejects records that reproduce benchmark items (n-gram overlap, optionally embedding
    similarity), naming the benchmark item."""

    name = "curate.decontaminate"
    batch_size = 1024

    _ref: Reference | None = None

    def needs_embedder(self) -> bool:
        return self.params.paraphrase_threshold is not None

    def setup(self, ctx: StageContext) -> None:
        p = self.params
        base = ctx.base_dir
        index = OverlapIndex(p.ngram, numbers=p.numbers, min_words=p.min_words,
                             max_items=p.max_items)
        self._ref = build_reference([as_reference(e) for e in p.against], base=base,
                                    data_dir=p.data_dir, index=index)
        if p.paraphrase_threshold is not None:
            from synthloop.embed import embed

            embedded = [" ".join(item.texts[:1]) for item in self._ref.items]
            self._ref.embedded = embedded
            self._ref.inputs = quoted_inputs(self._ref.items, p.max_items)
            self._ref.names = item_names(self._ref.items, p.max_items)
            self._ref.functions = item_functions(self._ref.items, p.max_items)
            self._ref.vectors = embed(embedded)
            self._ref.prose = self._prose_vectors(embedded)
            self._ref.numbers = [values(text) for text in embedded]
            self._ref.weights = Rarity(self._ref.numbers)
            self._ref.words = [template_words(text) for text in embedded]
            self._ref.word_weights = Rarity(self._ref.words)
            self._ref.fingerprints = FingerprintIndex(
                embedded, min_shared=TRANSLATION_SHARED, min_names=1, bar=TRANSLATION_AGREEMENT)
            self._ref.quantities = QuantityIndex(
                self._ref.numbers, self._ref.weights, min_shared=QUANTITIES_SHARED,
                min_weight=QUANTITIES_WEIGHT, min_mean=QUANTITIES_MEAN, bar=QUANTITIES_AGREEMENT)

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        if self._ref is None:
            self.setup(ctx)
        texts = [compared_text(r, self.params.fields) for r in batch]
        for rec, outcome in zip(batch, self.decide(texts), strict=True):
            self.apply(rec, outcome)
        return batch

    def decide(self, texts: list[str], cache: EmbeddingCache | None = None
               ) -> list[Pass | Reject]:
        """The verdict on each text; a ``cache`` shared by calls embeds each text once (a
        benchmark that compares settings)."""
        ref = self._ref
        assert ref is not None, "setup() first"
        spans = ref.index.find(texts)
        similar, unread = self._paraphrases(texts, spans, cache)
        out: list[Pass | Reject] = []
        for text, found, near, language in zip(texts, spans, similar, unread, strict=True):
            if found:
                top = found[0]
                item = ref.items[top.item]
                more = f" (+{len(found) - 1} more spans)" if len(found) > 1 else ""
                out.append(Reject("ngram_overlap", f"overlaps {ref.sets[top.item]} item "
                                  f"{item.id} on {top.words} words: "
                                  f"\"{span_text(text, top)}\"{more}"))
            elif near is not None:
                out.append(Reject("paraphrase", f"paraphrases {ref.sets[near.item]} item "
                                  f"{ref.items[near.item].id} ({self._why(near)})",
                                  score=near.cosine))
            elif language is not None:
                out.append(Pass("clean", f"not checked for paraphrases: written in "
                                f"{language!r}, and the paraphrase pass reads English only",
                                details={"language": language}))
            else:
                out.append(Pass("clean"))
        return out

    @staticmethod
    def _prose_vectors(embedded: list[str]) -> np.ndarray:
        """Each item's docstring prose embedded; a zero row (cosine 0) where it has none."""
        from synthloop.embed import DIMENSION, embed

        prose = [docstring_prose(text) for text in embedded]
        out = np.zeros((len(embedded), DIMENSION), dtype=np.float32)
        rows = [i for i, text in enumerate(prose) if text]
        if rows:
            out[rows] = embed([prose[i] or "" for i in rows])
        return out

    def _why(self, near: Paraphrase) -> str:
        p = self.params
        if near.language is not None:
            return (f"written in {near.language!r}, and states its numbers and names: "
                    f"{', '.join(near.words)}; agreement {near.agreement:.2f} >= "
                    f"{TRANSLATION_AGREEMENT}")
        if near.retold:
            return (f"states all {len(near.words)} of its numbers, {', '.join(near.words)}, in "
                    f"whatever words (cosine {near.cosine:.3f}): agreement "
                    f"{near.agreement:.2f} >= {QUANTITIES_AGREEMENT}")
        if near.skeleton is not None:
            bar = p.paraphrase_skeleton_threshold if near.agreement is None else (
                SKELETON_WORDS_THRESHOLD)
            words = ("" if near.agreement is None else
                     f", with its rare words {', '.join(near.words)}; agreement "
                     f"{near.agreement:.2f} >= {WORD_AGREEMENT}")
            return (f"cosine {near.cosine:.3f} >= {SKELETON_FLOOR} and retells it: skeleton "
                    f"(numbers, names and units masked) cosine {near.skeleton:.3f} >= {bar}"
                    f"{words}")
        if near.docstring:
            return (f"cosine {near.cosine:.3f} >= {p.paraphrase_docstring_threshold} to its "
                    "docstring's prose")
        if near.declared is not None:
            return (f"cosine {near.cosine:.3f} >= {DECLARED_THRESHOLD} and declares its function "
                    f"{near.declared.name} (in any identifier style) with its parameters "
                    f"{', '.join(sorted(near.declared.parameters))}")
        if near.function is not None:
            return (f"cosine {near.cosine:.3f} >= {FUNCTION_THRESHOLD} and defines its function "
                    f"{near.function}")
        if near.test_inputs:
            return (f"quotes {len(near.test_inputs)} of its test inputs, "
                    f"{', '.join(near.test_inputs)}, at cosine {near.cosine:.3f}")
        if near.test_input is not None:
            return (f"cosine {near.cosine:.3f} >= {p.paraphrase_code_threshold} and quotes its "
                    f"test input {near.test_input}")
        if near.added is not None:
            return (f"cosine {near.cosine:.3f} >= {p.paraphrase_numbers_threshold} and states "
                    f"all {len(near.words)} of its numbers, {', '.join(near.words)}, adding "
                    f"{near.added} of its own")
        if near.agreement is None:
            return f"cosine {near.cosine:.3f} >= {p.paraphrase_threshold}"
        if near.words:
            return (f"cosine {near.cosine:.3f} >= {p.paraphrase_template_threshold} and tells "
                    f"its story: rare words {', '.join(near.words)}; agreement "
                    f"{near.agreement:.2f} >= {WORD_AGREEMENT}")
        if near.cosine < (p.paraphrase_numbers_threshold or 0.0):
            return (f"cosine {near.cosine:.3f} >= {_many_numbers_bar(p):.2f} and states "
                    f"{MANY_SHARED} or more of its numbers: agreement {near.agreement:.2f} >= "
                    f"{MANY_NUMBERS_AGREEMENT}")
        return (f"cosine {near.cosine:.3f} >= {p.paraphrase_numbers_threshold} and states its "
                f"numbers: agreement {near.agreement:.2f} >= {NUMBER_AGREEMENT}")

    def _paraphrases(self, texts: list[str], spans: list[list[Span]],
                     cache: EmbeddingCache | None) -> tuple[list[Paraphrase | None],
                                                         list[str | None]]:
        """The item each text paraphrases, and the language of each text the pass could not
        read (not English, no paraphrase found). A text is compared by its question bodies
        (:func:`question_bodies`): the nearest paraphrase of any of them counts."""
        p = self.params
        ref = self._ref
        out: list[Paraphrase | None] = [None] * len(texts)
        unread: list[str | None] = [None] * len(texts)
        if p.paraphrase_threshold is None or ref is None or ref.vectors is None:
            return out, unread
        from synthloop.embed import embed

        todo = [i for i, found in enumerate(spans) if not found]
        if not todo or len(ref.vectors) == 0:
            return out, unread
        bodies = [(body, i) for i in todo for body in question_bodies(texts[i])]
        vectors = embed([body for body, _ in bodies], cache=cache)
        sims = vectors @ ref.vectors.T
        prose = vectors @ ref.prose.T if ref.prose is not None else np.zeros_like(sims)
        rows: dict[int, list[int]] = {}
        for row, (body, i) in enumerate(bodies):
            rows.setdefault(i, []).append(row)
            found = find_paraphrase(sims[row], prose[row], body, ref, p)
            out[i] = _nearer(found or _retold_numbers(body, sims[row], ref), out[i])
        if p.paraphrase_skeleton_threshold is not None:
            rest = [row for row, (_, i) in enumerate(bodies) if out[i] is None]
            for row, found in zip(rest, self._retellings(
                    [bodies[row][0] for row in rest], sims[rest], cache), strict=True):
                i = bodies[row][1]
                out[i] = _nearer(found, out[i])
        for i in todo:
            if out[i] is None:
                unread[i] = not_english(texts[i])
            if (language := unread[i]) is not None and ref.fingerprints is not None:
                out[i] = self._translated(texts[i], language, ref, vectors[rows.get(i, [])])
        return out, unread

    def _retellings(self, bodies: list[str], sims: np.ndarray, cache: EmbeddingCache | None
                    ) -> list[Paraphrase | None]:
        """The item each body retells with other numbers, names or units (its cosine to
        every item in ``sims``), by skeletons: the nearest item stating ``MIN_SHARED`` numbers
        or more, at ``SKELETON_FLOOR`` or more, whose skeleton's cosine reaches
        ``paraphrase_skeleton_threshold``, or ``SKELETON_WORDS_THRESHOLD`` with the story
        words' agreement; never one the body contradicts."""
        from synthloop.embed import embed

        ref, bar = self._ref, self.params.paraphrase_skeleton_threshold
        assert ref is not None and bar is not None
        # an item with fewer than MIN_SHARED numbers has no story of quantities to retell
        told = np.array([len(numbers) >= MIN_SHARED for numbers in ref.numbers])
        near = [np.flatnonzero((row >= SKELETON_FLOOR) & told) for row in sims]
        out: list[Paraphrase | None] = [None] * len(bodies)
        asked = [n for n, items in enumerate(near) if len(items)]
        if not asked:
            return out
        new = sorted({int(k) for n in asked for k in near[n]} - ref.skeletons.keys())
        ref.skeletons.update(zip(new, embed([skeleton(ref.embedded[k]) for k in new])))
        mine = embed([skeleton(bodies[n]) for n in asked], cache=cache)
        for n, vector in zip(asked, mine, strict=True):
            words = template_words(bodies[n])
            for k in near[n][np.argsort(-sims[n][near[n]])]:
                found = _retold(int(k), float(sims[n][k]), float(vector @ ref.skeletons[int(k)]),
                                words, ref, bar)
                if found is not None and contrast(bodies[n], ref.embedded[k]) is None:
                    out[n] = replace(found, words=spelled(found.words, bodies[n]))
                    break
        return out

    @staticmethod
    def _translated(text: str, language: str, ref: Reference, vectors: np.ndarray
                    ) -> Paraphrase | None:
        """The item a text in ``language`` translates, by its digits and names; its cosine
        the highest of the text's question bodies (``vectors``) to that item."""
        assert ref.fingerprints is not None and ref.vectors is not None
        found = ref.fingerprints.find(text)
        if found is None:
            return None
        cosine = float(np.max(vectors @ ref.vectors[found.item], initial=0.0))
        return Paraphrase(found.item, cosine, found.agreement, found.shared, language=language)
