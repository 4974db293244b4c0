"""``generate.preference``: turn a prompt and scored candidate responses into a DPO pair.

Candidates come from a source (``simulator_vs_weakened``: the simulator's verified trace and
deterministically weakened copies of it, each with one wrong final step); a verifier scores
them (``answer_check`` re-derives every step, 1.0 for a pass, 0.0 for a failure) and a pairing
strategy picks chosen and rejected. A prompt whose candidates tie, or whose best and chosen
lower candidate differ by less than ``min_margin``, is rejected with a verdict that says so:
no prompt is dropped without a reason. The chosen/rejected length ratio is a record field and
part of the pairing verdict's reason, since DPO learns length when chosen answers run longer.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from synthloop.generate.math_problems import fmt
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import RecordStage, StageContext, StageParams
from synthloop.validate.answer_check import ANNOTATION, FINAL, AnswerCheck, AnswerCheckParams
from synthloop.validate.arithmetic import parse_number


@dataclass(frozen=True)
class Candidate:
    """One response and its verifier score, with the reason the verifier gave."""

    text: str
    score: float
    reason: str


def weaken(trace: str, variant: int) -> str:
    """The trace with its last computed value and final answer off by ``variant + 1``: a
    plausible solution with one arithmetic slip, so the verifier and the answer disagree."""
    steps = list(ANNOTATION.finditer(trace))
    finals = list(FINAL.finditer(trace))
    if not steps or not finals:
        raise ValueError("a trace with <<expr=value>> steps and a final '#### answer' line")
    last, final = steps[-1], finals[-1]
    value = parse_number(last.group(2))
    wrong = fmt(value + variant + 1)
    head = trace[:last.start()] + f"<<{last.group(1)}={wrong}>>"
    # the number written right after the annotation repeats its value; replace it too
    rest = re.sub(r"^\s*" + re.escape(last.group(2)), wrong, trace[last.end():final.start()],
                  count=1)
    return head + rest + f"#### {wrong}" + trace[final.end():]



def pair(candidates: list[Candidate], strategy: str, min_margin: float,
         rng: random.Random) -> tuple[Candidate, Candidate] | tuple[None, str, str]:
    """(chosen, rejected), or (None, reason, code) when no pair clears ``min_margin``."""
    ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
    best = ranked[0]
    lower = [c for c in ranked if best.score - c.score >= min_margin]
    if not lower:
        if ranked[-1].score == best.score:
            return None, (f"all {len(ranked)} candidates score {best.score:g}: a tie, no "
                          "preference"), "tie"
        return None, (f"best {best.score:g} and worst {ranked[-1].score:g} differ by less than "
                      f"min_margin {min_margin:g}"), "small_margin"
    rejected = lower[-1] if strategy == "best_vs_worst" else rng.choice(lower)
    return best, rejected


class PreferenceParams(StageParams):
    """Where candidates come from, how they are scored, how chosen and rejected are picked."""

    candidates: Literal["simulator_vs_weakened"] = "simulator_vs_weakened"
    weakened: int = Field(default=1, ge=1, le=8, description="weakened copies per prompt")
    verifier: Literal["answer_check"] = "answer_check"
    strategy: Literal["best_vs_worst", "best_vs_random_lower"] = "best_vs_worst"
    min_margin: float = Field(default=0.5, ge=0, description="least score gap of a pair")
    prompt_field: str = "question"
    response_field: str = "trace"
    answer_field: str = "answer"


@register
class Preference(RecordStage[PreferenceParams]):
    """Preference pairs (prompt, chosen, rejected) from verifier-scored candidates."""

    name = "generate.preference"
    batch_size = 512
    output_fields = ("prompt", "chosen", "rejected", "chosen_score", "rejected_score",
                     "length_ratio")

    def reads(self) -> tuple[str, ...]:
        p = self.params
        return (p.prompt_field, p.response_field, p.answer_field)

    def writes(self) -> tuple[str, ...]:
        return self.output_fields

    def describe(self) -> dict[str, object]:
        p = self.params
        return {"candidates": p.candidates, "verifier": p.verifier, "strategy": p.strategy,
                **super().describe()}

    def score(self, trace: str, answer: object) -> Candidate:
        verifier = AnswerCheck(AnswerCheckParams(answer_field="answer"))
        outcome = verifier.check(Record(id="candidate", data={"trace": trace, "answer": answer}))
        if outcome is True:
            return Candidate(trace, 1.0, "verified")
        assert isinstance(outcome, tuple)
        return Candidate(trace, 0.0, str(outcome[1]))

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        p = self.params
        for record in batch:
            prompt, trace = record.data.get(p.prompt_field), record.data.get(p.response_field)
            if not isinstance(prompt, str) or not isinstance(trace, str):
                record.add_verdict(ctx.stage, f"{ctx.stage}.no_prompt", False,
                                   f"needs text in {p.prompt_field!r} and {p.response_field!r}")
                continue
            try:
                texts = [trace, *(weaken(trace, i) for i in range(p.weakened))]
            except ValueError as exc:
                record.add_verdict(ctx.stage, f"{ctx.stage}.unweakenable", False,
                                   f"cannot weaken {p.response_field!r}: needs {exc}")
                continue
            answer = record.data.get(p.answer_field)
            scored = [self.score(t, answer) for t in texts]
            picked = pair(scored, p.strategy, p.min_margin, random.Random(record.id))
            if picked[0] is None:
                record.add_verdict(ctx.stage, f"{ctx.stage}.{picked[2]}", False, str(picked[1]))
                continue
            chosen, rejected = picked
            assert isinstance(chosen, Candidate) and isinstance(rejected, Candidate)
            ratio = round(len(chosen.text) / max(len(rejected.text), 1), 3)
            record.update(prompt=prompt, chosen=chosen.text, rejected=rejected.text,
                          chosen_score=chosen.score, rejected_score=rejected.score,
                          length_ratio=ratio)
            record.add_verdict(
                ctx.stage, f"{ctx.stage}.paired", True,
                f"chosen {chosen.score:g} vs rejected {rejected.score:g} ({rejected.reason}); "
                f"length ratio {ratio:g}", score=chosen.score - rejected.score)
        return batch
