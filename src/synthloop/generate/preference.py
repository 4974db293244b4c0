"""``generate.preference``: a prompt's candidate responses, scored, become a DPO pair.

Candidates, for each record (at least two in all):

- ``response``: the record's own response (``response_field``), e.g. the math simulator's
  verified trace;
- ``weakened: N``: N programmatic copies of that response with one arithmetic slip in the last
  step (math traces): the deliberately weaker solver, so pairs have a known-correct side;
- ``writers`` x ``temperatures``: each named teacher answers the prompt at each temperature
  (several teachers, temperature variants, or the student itself served as a teacher).

Scoring, verifiable before plausible: ``verifier`` names a record stage (``validate.
answer_check`` re-derives the arithmetic, ``validate.execute`` runs code against the record's
tests, with ``verifier_params``) that judges each candidate as the record's response: 1 when all
its verdicts pass, else 0 with its reason. ``verifier: judge`` asks the stage's teacher for a
pairwise judgement of every two candidates, in both orders (:class:`~synthloop.validate.judge.
Judge`); a candidate's score is its share of order-consistent wins, an order-dependent answer
counts as a win for neither.

Pairing: chosen is the best candidate; rejected the worst (``best_vs_worst``) or a random one
(``best_vs_random_lower``, seeded by the record id) among those at least ``min_margin`` lower.
Nothing is dropped without a reason: a prompt whose candidates all score alike is rejected as
``tie``; one with no candidate ``min_margin`` below the best as ``small_margin``; under a
judge, a pair whose own comparison was order-dependent or went the other way (a cycle among
three or more) as ``inconsistent``. Each pair carries its chosen/rejected length ratio (DPO
learns length when chosen answers run longer); ``synthloop status`` reports its distribution
(:func:`length_report`). The pairing verdict's details hold every candidate with its source,
score, reason and text.
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationError

from synthloop.checks.arithmetic import ANNOTATION, FINAL, parse_number
from synthloop.checks.judge import Comparison, Judge, reference_of
from synthloop.generate.math_problems import fmt
from synthloop.records import Record, Status
from synthloop.registry import get_stage, register
from synthloop.stages import (
    DEFAULT_TEACHER,
    Fail,
    Pass,
    RecordStage,
    Reject,
    StageContext,
    StageParams,
)
from synthloop.teachers import TeacherError
from synthloop.teachers.asking import AsksTeacher, Request, gave_up
from synthloop.teachers.local import bundled_teacher_available

if TYPE_CHECKING:
    from synthloop.spec import Spec

JUDGE = "judge"  # the ``verifier`` value that asks the stage's teacher instead


@dataclass(frozen=True)
class Candidate:
    """One response, where it came from, its score and the reason behind the score."""

    source: str
    text: str
    score: float = 0.0
    reason: str = ""


@dataclass(frozen=True)
class Drop:
    """Why a prompt gives no pair: a verdict code and its reason."""

    code: str
    reason: str


def weaken(trace: str, variant: int) -> str:
    """The trace with its last computed value and final answer off by ``variant + 1``: a
    plausible solution with one arithmetic slip, so the verifier and the answer disagree."""
    steps = list(ANNOTATION.finditer(trace))
    finals = list(FINAL.finditer(trace))
    if not steps or not finals:
        raise ValueError("a trace with <<expr=value>> steps and a final '#### answer' line")
    last, final = steps[-1], finals[-1]
    wrong = fmt(parse_number(last.group(2)) + variant + 1)
    head = trace[:last.start()] + f"<<{last.group(1)}={wrong}>>"
    # the number written right after the annotation repeats its value; replace it too
    rest = re.sub(r"^\s*" + re.escape(last.group(2)), wrong, trace[last.end():final.start()],
                  count=1)
    return head + rest + f"#### {wrong}" + trace[final.end():]


def pair(candidates: list[Candidate], strategy: str, min_margin: float,
         rng: random.Random) -> tuple[Candidate, Candidate] | Drop:
    """(chosen, rejected), or the :class:`Drop` saying why no pair clears ``min_margin``."""
    ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
    best = ranked[0]
    lower = [c for c in ranked if best.score - c.score >= min_margin]
    if not lower:
        if ranked[-1].score == best.score:
            return Drop("tie", f"all {len(ranked)} candidates score {best.score:g}: a tie, "
                        "no preference")
        return Drop("small_margin", f"best {best.score:g} and worst {ranked[-1].score:g} "
                    f"differ by less than min_margin {min_margin:g}")
    rejected = lower[-1] if strategy == "best_vs_worst" else rng.choice(lower)
    return best, rejected


def round_robin(texts: list[str], results: dict[tuple[int, int], Comparison]) -> list[float]:
    """Each candidate's share of order-consistent wins over the others (a tie wins none)."""
    wins = [0] * len(texts)
    for (i, j), result in results.items():
        if result.winner != "tie":
            wins[i if result.winner == "a" else j] += 1
    return [w / max(len(texts) - 1, 1) for w in wins]


def length_report(records: Iterable[Record]) -> dict[str, Any] | None:
    """The chosen/rejected length ratio over preference pairs: median, mean and the share of
    pairs whose chosen side is longer (``None`` when no record holds a pair)."""
    ratios = [float(r.data["length_ratio"]) for r in records
              if isinstance(r.data.get("length_ratio"), int | float)]
    if not ratios:
        return None
    return {"pairs": len(ratios), "median_length_ratio": round(statistics.median(ratios), 3),
            "mean_length_ratio": round(statistics.fmean(ratios), 3),
            "chosen_longer": round(sum(x > 1 for x in ratios) / len(ratios), 3)}


class PreferenceParams(StageParams):
    """Where candidates come from, how they are scored, how chosen and rejected are picked."""

    prompt_field: str = "question"
    response_field: str = "trace"
    response: bool = Field(default=True, description="the record's response is a candidate")
    weakened: int = Field(default=0, ge=0, le=8, description=(
        "copies of the response with one arithmetic slip in the last step (math traces)"))
    writers: list[str] = Field(default_factory=list, description=(
        "teachers that each answer the prompt (one candidate per writer and temperature)"))
    temperatures: list[float] = Field(default_factory=list, description=(
        "sampling temperatures for each writer; empty: the teacher's own"))
    verifier: str = Field(default="validate.answer_check", description=(
        "a record stage that checks a candidate put in response_field (1 if it passes, else "
        "0), or 'judge': the stage's teacher compares candidates pairwise, in both orders"))
    verifier_params: dict[str, Any] = Field(default_factory=dict)
    reference_field: str = Field(default="reference", description=(
        "judge: a reference answer in this field guides every comparison"))
    judge_logprobs: bool = Field(default=True, description=(
        "judge: choose from log-probs where the teacher gives them"))
    strategy: Literal["best_vs_worst", "best_vs_random_lower"] = "best_vs_worst"
    min_margin: float = Field(default=0.5, ge=0, description="least score gap of a pair")


@register
class Preference(AsksTeacher, RecordStage[PreferenceParams]):
    """Preference pairs (prompt, chosen, rejected) from verifier- or judge-scored candidates."""

    name = "generate.preference"
    batch_size = 64
    output_fields = ("prompt", "chosen", "rejected", "chosen_score", "rejected_score",
                     "length_ratio")

    @cached_property
    def verifier(self) -> RecordStage[Any] | None:
        """The record stage that scores candidates (``None`` under a judge)."""
        p = self.params
        if p.verifier == JUDGE:
            return None
        cls = get_stage(p.verifier)
        if not issubclass(cls, RecordStage):
            raise ValueError(f"verifier {p.verifier!r} is a {cls.kind} stage; it must look at "
                             "records one by one (validate.answer_check, validate.execute)")
        return cls(cls.Params.model_validate(p.verifier_params))

    def reads(self) -> tuple[str, ...]:
        p = self.params
        uses_response = p.response or p.weakened
        return (p.prompt_field, *([p.response_field] if uses_response else []))

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        p = self.params
        problems: list[tuple[str, str]] = []
        count = p.response + p.weakened + len(p.writers) * max(len(p.temperatures), 1)
        if count < 2:
            problems.append(("", f"{count} candidate(s) per prompt make no pair; add "
                             "`weakened: N`, `writers: [...]` or `temperatures: [...]`"))
        if p.weakened and not p.response:
            problems.append(("weakened", "weakened copies need the record's response as a "
                             "candidate (response: true)"))
        undefined = [w for w in p.writers if w not in spec.teachers and w != DEFAULT_TEACHER]
        if undefined:
            problems.append(("writers", f"teacher(s) {', '.join(map(repr, undefined))} not "
                             f"defined under `teachers:` (defined: "
                             f"{', '.join(sorted(spec.teachers)) or 'none'})"))
        if p.verifier == JUDGE and self.teacher_name is None \
                and DEFAULT_TEACHER not in spec.teachers:
            if not bundled_teacher_available():
                problems.append(("verifier", "a judge needs a teacher: name one with "
                                 "`teacher:` (defined under `teachers:`)"))
        try:
            _ = self.verifier
        except ValidationError as exc:
            problems.append(("verifier_params", f"not parameters of {p.verifier}: " + "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())))
        except (KeyError, ValueError) as exc:
            problems.append(("verifier", str(exc).strip("'\"")))
        return problems

    def setup(self, ctx: StageContext) -> None:
        if self.verifier is not None:
            self.verifier.setup(ctx)

    def teacher_calls(self) -> dict[str, int]:
        """Each writer once per temperature; a judge verifier compares every two candidates
        in both orders."""
        p = self.params
        per_writer = max(1, len(p.temperatures))
        calls = {w: per_writer for w in p.writers}
        if p.verifier == JUDGE:
            n = int(p.response) + p.weakened + len(p.writers) * per_writer
            judge = self.teacher_name or DEFAULT_TEACHER
            calls[judge] = calls.get(judge, 0) + n * (n - 1)
        return calls

    def parallelism(self, ctx: StageContext) -> int:
        p = self.params
        names = [*p.writers, *([self.teacher_name or DEFAULT_TEACHER]
                               if p.verifier == JUDGE else [])]
        return min((ctx.teacher(n).max_in_flight for n in names), default=1)

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        await asyncio.gather(*(self._one(record, ctx) for record in batch))
        return batch

    # -- one record ------------------------------------------------------------------------
    async def _one(self, record: Record, ctx: StageContext) -> None:
        p = self.params
        prompt = record.data.get(p.prompt_field)
        if not isinstance(prompt, str) or not prompt.strip():
            self.apply(record, Reject("no_prompt", f"no prompt text in {p.prompt_field!r}"))
            return
        candidates = await self._candidates(record, prompt, ctx)
        if candidates is None:
            return
        details: dict[str, Any] = {
            "writers": {w: ctx.teacher(w).describe() for w in p.writers}}
        rng = random.Random(record.id)
        if self.verifier is None:
            judge = Judge(self.teacher(ctx), ctx.stage, logprobs=p.judge_logprobs)
            details["judge"] = judge.describe()
            try:
                scored, picked = await self._judged(
                    judge, prompt, candidates, rng, reference_of(record, p.reference_field))
            except TeacherError as exc:
                self.apply(record, gave_up(exc))
                return
        else:
            verified = await self._verified(record, candidates, ctx)
            if verified is None:
                return
            scored, picked = verified, pair(verified, p.strategy, p.min_margin, rng)
        details["candidates"] = [vars(c) for c in scored]
        if isinstance(picked, Drop):
            self.apply(record, Reject(picked.code, picked.reason, details=details))
            return
        chosen, rejected = picked
        ratio = round(len(chosen.text) / max(len(rejected.text), 1), 3)
        record.update(prompt=prompt, chosen=chosen.text, rejected=rejected.text,
                      chosen_score=chosen.score, rejected_score=rejected.score,
                      length_ratio=ratio)
        self.apply(record, Pass(
            "paired", f"chosen {chosen.source} {chosen.score:g} vs rejected {rejected.source} "
            f"{rejected.score:g} ({rejected.reason}); length ratio {ratio:g}",
            score=round(chosen.score - rejected.score, 3), details=details))

    async def _candidates(self, record: Record, prompt: str,
                          ctx: StageContext) -> list[Candidate] | None:
        """The record's candidates (unscored); ``None`` when the record was rejected or
        quarantined on the way."""
        p = self.params
        out: list[Candidate] = []
        if p.response:
            response = record.data.get(p.response_field)
            if not isinstance(response, str) or not response.strip():
                self.apply(record, Reject("no_response",
                                          f"no response text in {p.response_field!r}"))
                return None
            out.append(Candidate("response", response))
            try:
                out += [Candidate(f"weakened-{i + 1}", weaken(response, i))
                        for i in range(p.weakened)]
            except ValueError as exc:
                self.apply(record, Reject("unweakenable",
                                          f"cannot weaken {p.response_field!r}: needs {exc}"))
                return None
        temperatures: list[float | None] = [*p.temperatures] or [None]
        jobs = [(w, t) for w in p.writers for t in temperatures]
        answers = await asyncio.gather(*(
            self.ask(record, Request([{"role": "user", "content": prompt}],
                                     options={"temperature": t}), ctx, ctx.teacher(w), k)
            for k, (w, t) in enumerate(jobs)))
        if record.status is Status.FAILED:
            return None
        out += [Candidate(w if t is None else f"{w}@{t:g}", a.text)
                for (w, t), a in zip(jobs, answers, strict=True) if a is not None]
        return out

    async def _judged(self, judge: Judge, prompt: str, candidates: list[Candidate],
                      rng: random.Random, reference: str | None
                      ) -> tuple[list[Candidate], tuple[Candidate, Candidate] | Drop]:
        """Candidates scored by a round robin of two-order comparisons, and the pair (or
        why none); a pair must also have won its own comparison (``inconsistent``)."""
        texts = [c.text for c in candidates]
        games = list(combinations(range(len(texts)), 2))
        results = dict(zip(games, await asyncio.gather(*(
            judge.compare(prompt, texts[i], texts[j], reference) for i, j in games)),
            strict=True))
        others = len(texts) - 1
        scored = [Candidate(c.source, c.text, round(s, 3), f"won {round(s * others)} of {others}")
                  for c, s in zip(candidates, round_robin(texts, results), strict=True)]
        picked = pair(scored, self.params.strategy, self.params.min_margin, rng)
        if isinstance(picked, Drop):
            ties = sum(r.winner == "tie" for r in results.values())
            return scored, Drop(picked.code, f"{picked.reason} ({ties} of {len(games)} "
                                "comparisons followed the order shown)")
        i, j = (next(k for k, c in enumerate(scored) if c is side) for side in picked)
        direct = results[(min(i, j), max(i, j))]
        if direct.winner == ("a" if i < j else "b"):
            return scored, picked
        went = "was an order-dependent tie" if direct.winner == "tie" else \
            f"went to {picked[1].source}"
        return scored, Drop("inconsistent", (
            f"{picked[0].source} ranks above {picked[1].source} overall, but their own "
            f"comparison {went} (judge's letter with {scored[min(i, j)].source} shown first: "
            f"{direct.orders[0]}, shown second: {direct.orders[1]})"))

    async def _verified(self, record: Record, candidates: list[Candidate],
                        ctx: StageContext) -> list[Candidate] | None:
        """Candidates scored 1 (every verdict of the verifier passes) or 0 (with the first
        failure's reason); ``None`` when the verifier quarantined the record."""
        scored = []
        for c in candidates:
            verdicts = await self._verify(record, c.text, ctx)
            if verdicts is None:
                return None
            failed = [v for v in verdicts if not v.passed]
            reason = (failed[0].reason or failed[0].check) if failed else "verified"
            scored.append(Candidate(c.source, c.text, 0.0 if failed else 1.0, reason))
        return scored

    async def _verify(self, record: Record, text: str, ctx: StageContext) -> list[Any] | None:
        """The verifier's verdicts on ``record`` with ``text`` as its response; ``None`` (and
        the record failed) when the verifier could not judge (a sandbox that did not start)."""
        assert self.verifier is not None
        trial = Record(id=record.id, data={**record.data, self.params.response_field: text})
        await self.verifier.process([trial], ctx)
        if trial.status is Status.FAILED:
            self.apply(record, Fail(f"verifier {self.verifier.name}: {trial.status_reason}"))
            return None
        return trial.verdicts
