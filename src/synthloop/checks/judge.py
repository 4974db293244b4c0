"""The judge engine: a teacher grades a response pointwise against an anchored rubric, or
compares two responses in both orders. ``validate.judge`` turns its answers into verdicts;
``generate.preference`` and ``synthloop judge-eval`` use it directly."""

from __future__ import annotations

import asyncio
import statistics
from dataclasses import dataclass, field
from typing import Any, Literal

from synthloop.checks.rubric import (
    Choice,
    Rubric,
    choice_probability,
    expected_score,
    parse_choice,
    token_distribution,
)
from synthloop.records import Record
from synthloop.teachers import Teacher

TOP_LOGPROBS = 20  # alternatives per token: every level of a 9-point rubric, with room


def logprob_options(teacher: Teacher) -> dict[str, Any]:
    """The call options asking for log-probs, where the backend gives them."""
    if teacher.supports("logprobs"):
        return {"logprobs": True, "top_logprobs": TOP_LOGPROBS}
    return {}


@dataclass(frozen=True)
class Score:
    """A pointwise judgement: the median over samples, their spread and a rationale.

    The rationale was written with a score of its own (``written``, the digit the judge put
    in its answer), which differs from ``value`` when the log-prob expectation decides: a
    judge that writes "1: Off-topic" while its probabilities put the expectation above the
    threshold passes the record, and the rationale must say it was written for the 1."""

    value: float
    samples: list[float]
    rationale: str
    from_logprobs: bool
    written: float

    @property
    def spread(self) -> float:
        return max(self.samples) - min(self.samples)


@dataclass(frozen=True)
class Comparison:
    """A pairwise judgement in both orders: ``winner`` is ``a``, ``b`` or ``tie`` (the two
    orders disagree); ``orders`` the letters picked with ``a`` shown first, then second;
    ``p_a`` the probability that ``a`` is better, averaged over the orders (log-probs only)."""

    winner: Literal["a", "b", "tie"]
    orders: tuple[Choice, Choice]
    p_a: float | None = None


@dataclass
class Judge:
    """A teacher asked to grade with ``rubric``; ``samples`` answers per pointwise judgement
    (self-consistency). Methods raise :class:`TeacherError` when an answer does not parse
    after the teacher's one repair turn."""

    teacher: Teacher
    stage: str
    rubric: Rubric = field(default_factory=Rubric)
    samples: int = 1
    logprobs: bool = True
    max_tokens: int = 160
    json: bool = True  # pointwise answers as JSON (a grammar for local teachers)

    def options(self, max_tokens: int) -> dict[str, Any]:
        return {"max_tokens": max_tokens, **(logprob_options(self.teacher) if self.logprobs
                                             else {})}

    def describe(self) -> dict[str, Any]:
        """The judge, for the lineage of its verdicts."""
        return {"teacher": self.teacher.describe(), "prompt_hash": self.rubric.prompt_hash(),
                "samples": self.samples, "logprobs": bool(self.options(1).get("logprobs")),
                "answer": "json" if self.json else "text"}

    async def _score_once(self, instruction: str, response: str, reference: str | None,
                          k: int) -> tuple[float, int, str, bool]:
        """(score, the digit written, the rationale, whether the score is the log-prob
        expectation)."""
        messages = self.rubric.pointwise(instruction, response, reference, json=self.json)
        options = self.options(self.max_tokens)
        if self.json:
            answer = await self.teacher.chat(messages, stage=self.stage, sample_index=k,
                                             schema=self.rubric.answer_schema(), **options)
            parsed, rationale = int(answer.parsed["score"]), str(answer.parsed["reason"])
        else:
            answer = await self.teacher.chat(messages, stage=self.stage, sample_index=k,
                                             parser=self.rubric.parse_score, **options)
            parsed, rationale = answer.parsed
        levels = [str(level) for level in self.rubric.levels]
        distribution = token_distribution(answer.logprobs, levels)
        expected = expected_score(distribution, list(self.rubric.levels)) \
            if distribution else None
        return (expected, parsed, rationale.strip(), True) if expected is not None else \
            (float(parsed), parsed, rationale.strip(), False)

    async def score(self, instruction: str, response: str,
                    reference: str | None = None) -> Score:
        answers = await asyncio.gather(*(self._score_once(instruction, response, reference, k)
                                         for k in range(self.samples)))
        values = [round(value, 3) for value, _, _, _ in answers]
        median = statistics.median(values)
        closest = min(answers, key=lambda a: abs(a[0] - median))
        return Score(round(median, 3), values, closest[2], all(a[3] for a in answers),
                     closest[1])

    async def _choose(self, instruction: str, first: str, second: str,
                      reference: str | None, k: int) -> tuple[Choice, float | None]:
        """The letter picked, and P(A) against P(B) at the first token where log-probs
        give it; else the parsed letter (one repair turn, then TeacherError)."""
        messages = self.rubric.pairwise(instruction, first, second, reference)
        options = self.options(1)
        if options.get("logprobs"):
            answer = await self.teacher.chat(messages, stage=self.stage, sample_index=k,
                                             **options)
            p_first = choice_probability(
                token_distribution(answer.logprobs, ("A", "B"), first=True) or {})
            if p_first is not None:
                return ("A" if p_first >= 0.5 else "B"), p_first
        answer = await self.teacher.chat(messages, stage=self.stage, sample_index=k,
                                         parser=parse_choice, **self.options(4))
        return answer.parsed, None

    async def compare(self, instruction: str, a: str, b: str,
                      reference: str | None = None) -> Comparison:
        """Judge ``a`` against ``b`` shown first, then ``b`` against ``a``."""
        (one, p1), (two, p2) = await asyncio.gather(
            self._choose(instruction, a, b, reference, 0),
            self._choose(instruction, b, a, reference, 1))
        a_wins = (one == "A", two == "B")
        winner: Literal["a", "b", "tie"] = "a" if all(a_wins) else \
            "b" if not any(a_wins) else "tie"
        p_a = (p1 + (1 - p2)) / 2 if p1 is not None and p2 is not None else None
        return Comparison(winner, (one, two), p_a)


def padded(text: str, instruction: str, longer_than: int) -> str:
    """``text`` made longer than ``longer_than`` characters with nothing new in it: the
    question restated and the text said again, in turn (the "repetitive list" probe of
    verbosity bias, Zheng et al. 2023, "Judging LLM-as-a-judge"). A judge that weighs content
    likes it no better than ``text``; one that weighs length does."""
    again = (f"To restate the question: {instruction.strip()}", f"In short: {text.strip()}")
    parts = [text]
    while len("\n\n".join(parts)) <= longer_than:
        parts.append(again[len(parts) % 2 - 1])
    return "\n\n".join(parts)


def reference_of(record: Record, field: str) -> str | None:
    """The record's reference answer for reference-guided judging, if it has a non-blank one."""
    value = record.data.get(field)
    return value if isinstance(value, str) and value.strip() else None
