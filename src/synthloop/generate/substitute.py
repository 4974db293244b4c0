"""``generate.substitute``: a real example with a word or two replaced by the teacher's choice.

A small teacher asked to rewrite a real example loses its intent about half the time (the
Banking77 passes of ``generate.augment``). Contextual augmentation (Kobayashi, 2018; Wu et al.,
2019) changes only single words, each replaced by one the language model finds likely in that
place, so the rest of the sentence, and with it most of what carries the label, stays.

For each slot (a label, one of its real examples and a ``variant`` number) the stage:

1. picks ``words`` content-word positions of the example (letters only, at least three, not a
   function word), in an order fixed by the example and the stage's seed, so that variant
   ``v`` takes positions the variants before it did not;
2. asks the teacher, as a raw completion with ``max_tokens: 1`` and ``top_logprobs``, for the
   next token after a header naming the label and the example up to that word; the
   candidates are whole alphabetic tokens led by a space, other than the original word;
3. rescores the ``rescore`` likeliest candidates on the right context: the text up to and
   including the candidate is sent again, and a candidate fits only where the example's next
   token (or the end of the text) is among the alternatives. Its score is the log-prob of the
   candidate plus that of the example's continuation; the best fitting one replaces the word.

The drift control of ``generate.augment`` follows (similarity to the source in
``[min_similarity, max_similarity]``), and ``validate.label_consistency`` can filter after it.
Raw completion with log-probs is asked of the teacher, so it needs a backend offering both
(the local llama.cpp teacher).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pydantic import Field

from synthloop.label_words import label_words
from synthloop.records import Record, Slot, Status
from synthloop.registry import register
from synthloop.spec import Spec
from synthloop.stages import DEFAULT_TEACHER, Fail, Reject, StageContext
from synthloop.teachers import Completion
from synthloop.teachers.base import backends_with

from .augment import (
    RealExamples,
    drift_outcomes,
    examples_by_label,
    label_key_problems,
    pick_source,
)
from .recipe import Conversation, RecipeInputError, Request, TeacherRecipe, needs_completion

#: the raw prompt before the example's prefix: the label's words give the teacher the topic
HEADER = "{domain}, each about {label}:\n-"
WORD = re.compile(r"[A-Za-z]{3,}")
CANDIDATE = re.compile(r" [A-Za-z]{2,}")
# Function words are not substituted: their replacements change the syntax, not the wording.
FUNCTION_WORDS = frozenset("""
about above after again against all also and any are because been before being below between
both but can cannot could did does doing down during each few for from further had has have
having her here hers herself him himself his how into its itself just let more most much must
myself nor not now off once only other ought our ours ourselves out over own same shall she
should some such than that the their theirs them themselves then there these they this those
through too under until very was were what when where which while who whom why will with
would you your yours yourself yourselves
""".split())
ENDINGS = ("\n", ".", "?", "!")


class SubstituteParams(RealExamples):
    """Which real examples to vary and how many of their words."""

    variant_key: str = "variant"
    words: int = Field(default=1, ge=1, le=2, description="words replaced per variation")
    top_logprobs: int = Field(default=20, ge=2, le=20, description=(
        "alternatives read at a word's position: the candidates"))
    rescore: int = Field(default=3, ge=1, description=(
        "likeliest candidates checked against the example's next token"))
    domain: str = "Messages that users write"
    header: str = Field(default=HEADER, description=(
        "the raw prompt before the example's prefix; {domain} and {label} (the label as "
        "words) are filled in"))
    max_similarity: float = Field(default=0.995, ge=-1, le=1, description=(
        "a variation more similar to its source than this is a near copy (rejected); one "
        "word in ten moves a sentence's embedding little"))


@dataclass(frozen=True)
class Spot:
    """A word of the example to replace: where it is and what it is."""

    start: int
    end: int
    word: str


def spots(text: str) -> list[Spot]:
    """The content words of ``text`` that can be replaced: three letters or more, not a
    function word, led by a space or the start (so the prefix ends where a token would) and
    not the first part of a contraction or a hyphenated word."""
    return [Spot(m.start(), m.end(), m.group()) for m in WORD.finditer(text)
            if m.group().casefold() not in FUNCTION_WORDS
            and (m.start() == 0 or text[m.start() - 1] == " ")
            and (m.end() == len(text) or text[m.end()] not in "'’-"
                 and not text[m.end()].isalpha())]


def candidates(answer: Completion, word: str) -> list[tuple[str, float]]:
    """(word, log-prob) of the alternatives at the answer's first token that are a whole
    alphabetic token led by a space and not ``word`` (in any case), likeliest first."""
    if not answer.logprobs:
        return []
    first = answer.logprobs[0]
    seen = {word.casefold()}
    out = []
    for alt in first.top:
        if CANDIDATE.fullmatch(alt.token) and alt.token[1:].casefold() not in seen:
            seen.add(alt.token[1:].casefold())
            out.append((alt.token[1:], alt.logprob))
    return out


def fit(answer: Completion, right: str) -> float | None:
    """The log-prob of the example's continuation ``right`` (its first token) among the
    answer's alternatives, or of an ending where nothing follows; None when it is absent."""
    if not answer.logprobs:
        return None
    first = answer.logprobs[0]
    ended = not right.strip()
    lps = [alt.logprob for alt in first.top
           if (alt.token.startswith(ENDINGS) if ended
               else alt.token.strip() and right.startswith(alt.token))]
    return max(lps, default=None)


@register
class Substitute(TeacherRecipe[SubstituteParams]):
    """A real example with a word or two replaced by the teacher's likeliest fitting word."""

    name = "generate.substitute"
    batch_size = 32
    templates = (HEADER,)
    output_fields = ("label", "text", "source", "variation", "substitutions")

    def needs_embedder(self) -> bool:
        return True

    def prompt_templates(self) -> tuple[str, ...]:
        return (self.params.header,)

    def teacher_calls(self) -> dict[str, int]:
        return {self.teacher_name or DEFAULT_TEACHER:
                self.params.words * (1 + self.params.rescore)}

    def setup(self, ctx: StageContext) -> None:
        p = self.params
        self.by_label = examples_by_label(ctx.resolve(p.examples), p.text_field, p.label_field)
        self.real_texts = {t.casefold() for texts in self.by_label.values() for t in texts}
        self.seed = ctx.seed

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        problems = label_key_problems(spec, self.params.label_key)
        problems += needs_completion(spec, self.teacher_name, "it reads the next word's "
                                     "log-probs after a prefix of the example")
        backend = spec.teachers.get(self.teacher_name or DEFAULT_TEACHER)
        if backend is not None and backend.backend not in backends_with("logprobs"):
            problems.append(("teacher", f"teacher backend {backend.backend} gives no "
                             "log-probs; the candidates are the next word's likeliest tokens"))
        return problems

    def request(self, slot: Slot, k: int) -> Request:
        raise NotImplementedError("generate.substitute asks in turns: see converse")

    def chosen_spots(self, source: str, slot: Slot) -> list[Spot]:
        """The positions of this slot's variant: the example's content words in an order
        fixed by the example and the seed, ``words`` of them per variant, wrapping."""
        found = spots(source)
        if not found:
            raise RecipeInputError(f"no content word to replace in {source!r}")
        random.Random(f"{self.seed}:{source}").shuffle(found)
        variant = slot.attributes.get(self.params.variant_key, 1)
        if not str(variant).isdigit() or int(variant) < 1:
            raise RecipeInputError(f"slot attribute {self.params.variant_key}={variant!r} is "
                                   "not a variant number (1 is the first)")
        n = min(self.params.words, len(found))
        first = (int(variant) - 1) * n
        picked = {(first + i) % len(found) for i in range(n)}
        return sorted((found[i] for i in picked), key=lambda s: s.start)

    def next_word(self, label: str, text: str) -> Request:
        """The next-token request after ``text``, a prefix of a real example of ``label``
        (sample 0 and no seed: variants that share a prefix share its answer)."""
        p = self.params
        header = p.header.format(domain=p.domain, label=label_words(label))
        return Request([], raw=f"{header} {text}" if text else header, sample=0,
                       options={"max_tokens": 1, "logprobs": True,
                                "top_logprobs": p.top_logprobs})

    async def converse(self, slot: Slot, k: int, record: Record) -> Conversation:
        p = self.params
        label, source = pick_source(self.by_label, slot, p,
                                    random.Random(f"{slot.seed}:{k}"))
        chosen = self.chosen_spots(source, slot)
        record.data.update(label=label, text="", source=source, variation="substitute",
                           substitutions=[])
        nexts: list[Completion] = yield [self.next_word(label, source[:s.start].rstrip())
                                         for s in chosen]
        pairs = [(s, word, lp) for s, answer in zip(chosen, nexts, strict=True)
                 for word, lp in candidates(answer, s.word)[:p.rescore]]
        checks: list[Completion] = (yield [
            self.next_word(label, f"{source[:s.start]}{word}".strip())
            for s, word, _ in pairs]) if pairs else []
        best: dict[Spot, tuple[str, float]] = {}
        for (s, word, lp), answer in zip(pairs, checks, strict=True):
            right = fit(answer, source[s.end:])
            if right is not None and (s not in best or lp + right > best[s][1]):
                best[s] = (word, lp + right)
        if not best:
            self.apply(record, Fail("no candidate word fits the rest of the example at "
                                    + ", ".join(repr(s.word) for s in chosen)))
            return
        text = source
        for s in sorted(best, key=lambda s: -s.start):
            text = text[:s.start] + best[s][0] + text[s.end:]
        record.data.update(text=text, substitutions=[
            [s.word, best[s][0], round(best[s][1], 3)]
            for s in sorted(best, key=lambda s: s.start)])
        if text.casefold() in self.real_texts:
            self.apply(record, Reject("copied", "the variation repeats a real example word for "
                                      "word"))

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        records = await super().generate(slots, ctx)
        ok = [r for r in records if r.status is Status.OK]
        for record, outcome in zip(ok, drift_outcomes(
                ok, self.params.min_similarity, self.params.max_similarity), strict=True):
            self.apply(record, outcome)
        return records
