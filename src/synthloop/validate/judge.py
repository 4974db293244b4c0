"""``validate.judge``: a model grades each record, pointwise against an anchored rubric or
pairwise (``chosen`` against ``rejected``, in both orders).

:class:`Judge` is the engine, also used by ``synthloop judge-eval``; :class:`JudgeStage` turns
its answers into verdicts:

- pointwise: the score (the log-prob expectation where the backend gives log-probs, else the
  parsed digit; the median of ``samples`` answers, with their spread) must reach
  ``threshold`` (``ok`` / ``low_score``); the rationale is in the verdict's reason;
- pairwise: the judge must prefer ``chosen`` in both orders (``agree``); preferring
  ``rejected`` in both is ``disagree``; an order-dependent answer is a ``tie``, rejected and
  counted under its own code;
- reference-guided when the record has a ``reference`` (``reference_field``);
- an answer that does not parse gets one repair turn from the teacher, then the record is
  quarantined with the raw text (``failed``): never dropped, never passed.

Each verdict's ``details`` hold the scores, the rationale and the judge (teacher backend,
model and sampling, the rubric's prompt hash, whether log-probs were used), so a verdict can
be traced to what produced it; the record's data is left as it was.
"""

from __future__ import annotations

import asyncio
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from synthloop.records import Record, exchange
from synthloop.registry import register
from synthloop.stages import (
    DEFAULT_TEACHER,
    Outcome,
    Pass,
    RecordStage,
    Reject,
    StageContext,
    StageParams,
)
from synthloop.teachers import Teacher, TeacherError
from synthloop.teachers.asking import AsksTeacher, gave_up
from synthloop.validate.family import self_preference
from synthloop.validate.rubric import (
    Choice,
    Rubric,
    choice_probability,
    expected_score,
    parse_choice,
    token_distribution,
)

if TYPE_CHECKING:
    from synthloop.spec import Spec

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


def reference_of(record: Record, field: str) -> str | None:
    """The record's reference answer for reference-guided judging, if it has a non-blank one."""
    value = record.data.get(field)
    return value if isinstance(value, str) and value.strip() else None


class JudgeParams(StageParams):
    """How the judge grades; see the module docstring."""

    mode: Literal["pointwise", "pairwise"] = "pointwise"
    rubric: Rubric = Field(default_factory=Rubric)
    threshold: float = Field(default=3.0, description="pointwise: the score a record needs")
    samples: int = Field(default=1, ge=1, le=9, description="pointwise answers per record; "
                         "the median decides (use a temperature above 0)")
    reference_field: str = "reference"
    logprobs: bool = Field(default=True, description="score from log-probs where the teacher "
                           "gives them")
    max_tokens: int = Field(default=160, ge=4, description="pointwise: room for the score and "
                            "a rationale (at most 120 characters in JSON answers)")
    answer: Literal["json", "text"] = Field(default="json", description=(
        "pointwise answer form: JSON {score, reason} (constrained by a grammar on local "
        "teachers, structured output on endpoints) or 'Score: N / Reason: ...' text"))


@register
class JudgeStage(AsksTeacher, RecordStage[JudgeParams]):
    """A model judge: pointwise rubric scores or pairwise preferences, as verdicts."""

    name = "validate.judge"
    needs_teacher = True
    batch_size = 32

    def judge(self, ctx: StageContext) -> Judge:
        p = self.params
        return Judge(self.teacher(ctx), ctx.stage, p.rubric, p.samples, p.logprobs,
                     p.max_tokens, p.answer == "json")

    def reads(self) -> tuple[str, ...]:
        return ("chosen", "rejected") if self.params.mode == "pairwise" else ()

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        teacher = spec.teachers.get(self.teacher_name or DEFAULT_TEACHER)
        if self.params.samples > 1 and teacher is not None and teacher.temperature == 0:
            return [("samples", f"{self.params.samples} samples from a teacher at temperature "
                     "0 are one answer repeated; give the judge's teacher a temperature above "
                     "0 or use samples: 1")]
        return []

    def parallelism(self, ctx: StageContext) -> int:
        return max(1, self.teacher(ctx).max_in_flight // self._calls())

    def _calls(self) -> int:
        return 2 if self.params.mode == "pairwise" else self.params.samples

    def teacher_calls(self) -> dict[str, int]:
        return {self.teacher_name or DEFAULT_TEACHER: self._calls()}

    def spec_warnings(self, spec: Spec) -> list[str]:
        return self_preference(spec, self.teacher_name or DEFAULT_TEACHER)

    def setup(self, ctx: StageContext) -> None:
        if ctx.spec is not None and ctx.store is not None:
            for warning in self.spec_warnings(ctx.spec):
                ctx.store.log_event("judge", f"{self.label}: {warning}", level="warning")

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        judge = self.judge(ctx)
        await asyncio.gather(*(self._one(record, judge, ctx) for record in batch))
        return batch

    async def _one(self, record: Record, judge: Judge, ctx: StageContext) -> None:
        reference = reference_of(record, self.params.reference_field)
        try:
            if self.params.mode == "pairwise":
                outcome = await self._pairwise(record, judge, reference)
            else:
                outcome = await self._pointwise(record, judge, reference)
        except TeacherError as exc:
            outcome = gave_up(exc)
        self.apply(record, outcome)

    async def _pointwise(self, record: Record, judge: Judge, reference: str | None) -> Outcome:
        asked = exchange(record.data)
        if asked.answer is None:
            return Reject("no_response", "the record has no response to judge")
        score = await judge.score(asked.prompt or "", asked.answer, reference)
        details = {"score": score.value, "samples": score.samples, "spread": score.spread,
                   "rationale": score.rationale, "written_score": score.written,
                   "reference_guided": reference is not None,
                   "from": "logprobs" if score.from_logprobs else "text",
                   "judge": judge.describe()}
        how = f"median of {len(score.samples)}: {score.samples}, spread {score.spread:g}" \
            if len(score.samples) > 1 else ("log-prob expectation" if score.from_logprobs
                                            else "parsed")
        t = self.params.threshold
        passed = score.value >= t
        wrote = "" if score.written == score.value else \
            f"; the rationale was written for {score.written:g}"
        reason = (f"score {score.value:g} {'>=' if passed else '<'} threshold {t:g} ({how}"
                  f"{wrote}): {score.rationale}")
        if passed:
            return Pass("ok", reason, score=score.value, details=details)
        return Reject("low_score", reason, score=score.value, details=details)

    async def _pairwise(self, record: Record, judge: Judge, reference: str | None) -> Outcome:
        chosen, rejected = record.data.get("chosen"), record.data.get("rejected")
        if not (isinstance(chosen, str) and isinstance(rejected, str)):
            return Reject("no_pair", "pairwise judging needs text fields 'chosen' and "
                          "'rejected'")
        result = await judge.compare(exchange(record.data).prompt or "", chosen, rejected,
                                     reference)
        details = {"winner": {"a": "chosen", "b": "rejected"}.get(result.winner, "tie"),
                   "orders": list(result.orders), "p_chosen": result.p_a,
                   "reference_guided": reference is not None, "judge": judge.describe()}
        orders = f"chosen shown first: {result.orders[0]}, shown second: {result.orders[1]}"
        if result.winner == "a":
            return Pass("agree", f"the judge prefers chosen in both orders ({orders})",
                        score=result.p_a, details=details)
        if result.winner == "b":
            return Reject("disagree", f"the judge prefers rejected in both orders ({orders})",
                          score=result.p_a, details=details)
        return Reject("tie", f"the judge's preference follows the order ({orders})",
                      score=result.p_a, details=details)
