"""``validate.judge``: a model grades each record, pointwise against an anchored rubric or
pairwise (``chosen`` against ``rejected``, in both orders).

:class:`~synthloop.checks.judge.Judge` is the engine (also used by ``synthloop judge-eval``
and ``generate.preference``); :class:`JudgeStage` turns
its answers into verdicts:

- pointwise: the score (the log-prob expectation where the backend gives log-probs, else the
  parsed digit; the median of ``samples`` answers, with their spread) must reach
  ``threshold`` (``ok`` / ``low_score``); the rationale is in the verdict's reason;
- pairwise: the judge must prefer ``chosen`` in both orders (``agree``); preferring
  ``rejected`` in both is ``disagree``; an order-dependent answer is a ``tie``, rejected and
  counted under its own code. When the preferred response is the longer (by ``length_ratio``
  or more; 1.0 by default), a length probe asks again with the shorter one padded past the
  other's length with nothing new (:func:`~synthloop.checks.judge.padded`): a judge whose
  preference then moves to the padded one, or follows the order, was weighing length, and the
  record is rejected as ``length_bias`` rather than given a verdict that a long wrong answer
  can buy (two more calls, only for such pairs). Likewise, when the judge agrees and either
  response carries surface dressing (markdown, hedges, confident or cited phrasing, an opening
  "yes" or "you're right"), a surface probe asks again with both stripped of it
  (:func:`~synthloop.checks.surface.plain`): a judge that then prefers rejected, or follows
  the order, was weighing the form, and the record is rejected as ``surface_bias`` (two more
  calls; only after "agree", since a rejection cannot be bought);
- reference-guided when the record has a ``reference`` (``reference_field``);
- an answer that does not parse gets one repair turn from the teacher, then the record is
  quarantined with the raw text (``failed``): never dropped, never passed.

Each verdict's ``details`` hold the scores, the rationale and the judge (teacher backend,
model and sampling, the rubric's prompt hash, whether log-probs were used), so a verdict can
be traced to what produced it; the record's data is left as it was.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from synthloop.checks.judge import Judge, padded, reference_of
from synthloop.checks.rubric import Rubric
from synthloop.checks.surface import plain
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
from synthloop.teachers import TeacherError
from synthloop.teachers.asking import AsksTeacher, gave_up
from synthloop.validate.family import self_preference

if TYPE_CHECKING:
    from synthloop.spec import Spec


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
    length_probe: bool = Field(default=True, description=(
        "pairwise: when the preferred response is the longer, ask again with the shorter "
        "padded (no new content); a changed preference is length_bias"))
    surface_probe: bool = Field(default=True, description=(
        "pairwise: when the judge agrees and either response has markdown, hedges, confident "
        "or cited phrasing or an opening 'yes', ask again with both stripped of it; a changed "
        "preference is surface_bias"))
    # 1.0: any length advantage is probed. At the 1.5 this had before, a wrong answer 1.38
    # times longer bought a length-biased judge's "agree" (held-out JUDGE_2: 6/12 caught; at
    # 1.0 12/12, the fair judge keeps 10/10, with 66 judge calls for its 22 pairs against 50).
    length_ratio: float = Field(default=1.0, ge=1.0, description=(
        "pairwise: how many times longer the preferred response must be for the length probe "
        "(1.0: whenever it is the longer)"))
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
        if result.winner != "tie" and self.params.length_probe:
            biased = await self._length_probe(judge, exchange(record.data).prompt or "",
                                              (chosen, rejected), result.winner, reference)
            if biased is not None:
                return Reject("length_bias", biased[0], score=result.p_a,
                              details={**details, "length_probe": biased[1]})
        if result.winner == "a" and self.params.surface_probe:
            dressed = await self._surface_probe(judge, exchange(record.data).prompt or "",
                                                chosen, rejected, reference)
            if dressed is not None:
                return Reject("surface_bias", dressed[0], score=result.p_a,
                              details={**details, "surface_probe": dressed[1]})
        if result.winner == "a":
            return Pass("agree", f"the judge prefers chosen in both orders ({orders})",
                        score=result.p_a, details=details)
        if result.winner == "b":
            return Reject("disagree", f"the judge prefers rejected in both orders ({orders})",
                          score=result.p_a, details=details)
        return Reject("tie", f"the judge's preference follows the order ({orders})",
                      score=result.p_a, details=details)

    async def _length_probe(self, judge: Judge, instruction: str, pair: tuple[str, str],
                            winner: Literal["a", "b"], reference: str | None,
                            ) -> tuple[str, dict[str, Any]] | None:
        """(reason, details) when the judge preferred the longer response and, asked again
        with the shorter padded past it, no longer does; None when the lengths are close, the
        shorter won, or the preference held."""
        names = ("chosen", "rejected") if winner == "a" else ("rejected", "chosen")
        won, lost = pair if winner == "a" else pair[::-1]
        if len(won) <= len(lost) or len(won) < self.params.length_ratio * max(1, len(lost)):
            return None
        longer = padded(lost, instruction, len(won))
        probe = await judge.compare(instruction, won, longer, reference)
        if probe.winner == "a":
            return None
        after = f"preferred the padded {names[1]}" if probe.winner == "b" else \
            "let the order decide"
        return (f"the judge preferred the longer {names[0]} ({len(won)} characters against "
                f"{len(lost)}), and {after} once the {names[1]} was padded to {len(longer)} "
                "characters with nothing new: its preference follows length",
                {"padded_to": len(longer), "orders": list(probe.orders)})

    @staticmethod
    async def _surface_probe(judge: Judge, instruction: str, chosen: str, rejected: str,
                             reference: str | None) -> tuple[str, dict[str, Any]] | None:
        """(reason, details) when the judge preferred chosen and, asked again with both
        responses stripped of their surface dressing, no longer does; None when neither had
        any or the preference held."""
        bare = plain(chosen, instruction), plain(rejected, instruction)
        if bare == (chosen, rejected):
            return None
        probe = await judge.compare(instruction, *bare, reference)
        if probe.winner == "a":
            return None
        after = "preferred rejected" if probe.winner == "b" else "let the order decide"
        return (f"the judge preferred chosen, and {after} once both were stripped of markdown, "
                "hedges, confident or cited phrasing and agreement with the asker: its "
                "preference follows the form, not the content",
                {"stripped": [text != plain_ for text, plain_ in zip((chosen, rejected), bare,
                                                                      strict=True)],
                 "orders": list(probe.orders)})
