"""What a model judge is asked and how its answer is read: anchored rubrics, the prompts,
and the scores, parsed from text or taken as an expectation over the score tokens' log-probs.

An *anchored* rubric describes every score level, so "3" means the same thing to the judge on
every record (Prometheus, Kim et al. 2023; G-Eval, Liu et al. 2023). The judge writes the
score first, then one sentence of rationale, so the score is the first digit token: with
log-probs the score is ``sum(p(level) * level) / sum(p(level))`` over the levels among that
token's alternatives (G-Eval's expectation), a number that moves smoothly with the judge's
confidence instead of jumping between integers. Without log-probs it is the parsed digit.

A pairwise judge answers one letter, ``A`` or ``B``; it is always asked in both orders by its
caller, since position bias makes a single order unreliable (MT-Bench found GPT-4 consistent
under a swap only about 65% of the time).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from synthloop.teachers.answers import TokenLogprob
from synthloop.teachers.asking import template_hash

HELPFULNESS = {
    1: "Ignores the instruction: off-topic, empty, nonsensical, or a refusal.",
    2: "About the instruction but does not accomplish it, or is mostly wrong.",
    3: "Partly accomplishes the instruction, with clear errors or omissions.",
    4: "Accomplishes the instruction with minor issues.",
    5: "Fully and correctly accomplishes the instruction; nothing to improve.",
}

SYSTEM = "You are a careful, strict grader of answers written by AI assistants."

POINTWISE = """Grade how well the response answers the instruction. {criterion}

Score levels:
{levels}

[Instruction]
{instruction}
{reference}
[Response]
{response}

{reply}"""

TEXT_REPLY = """Reply in exactly this form:
Score: <a number from {low} to {high}>
Reason: <one sentence>"""

JSON_REPLY = """Reply with JSON only: {{"score": <a number from {low} to {high}>, \
"reason": "<one sentence>"}}"""

REFERENCE = """
[Reference answer, known to be correct]
{reference}
"""

PAIRWISE = """Which response answers the instruction better? {criterion}

[Instruction]
{instruction}
{reference}
[Response A]
{a}

[Response B]
{b}

Reply with one letter: A or B."""

Choice = Literal["A", "B"]


class Rubric(BaseModel):
    """What is judged (``criterion``) and what each score level means (``levels``, the
    consecutive integers from 1, each described)."""

    model_config = ConfigDict(extra="forbid")

    criterion: str = Field(default="Judge helpfulness: correctness, relevance and "
                           "completeness.", min_length=1)
    levels: dict[int, str] = Field(default_factory=lambda: dict(HELPFULNESS))

    @field_validator("levels")
    @classmethod
    def _anchored(cls, levels: dict[int, str]) -> dict[int, str]:
        if sorted(levels) != list(range(1, len(levels) + 1)) or not 2 <= len(levels) <= 9:
            raise ValueError("levels must be the consecutive scores 1..N (2 <= N <= 9), "
                             f"each described; got {sorted(levels)}")
        empty = [k for k, text in levels.items() if not text.strip()]
        if empty:
            raise ValueError(f"level(s) {empty} have no description: anchor every level")
        return levels

    @property
    def high(self) -> int:
        return len(self.levels)

    def prompt_hash(self) -> str:
        """Hash of the prompts and this rubric: what the judge's lineage names."""
        anchors = "\n".join(f"{k}: {v}" for k, v in sorted(self.levels.items()))
        return template_hash(SYSTEM, POINTWISE, TEXT_REPLY, JSON_REPLY, REFERENCE, PAIRWISE,
                             self.criterion, anchors)

    def answer_schema(self) -> dict[str, Any]:
        """The JSON answer: the score first (so its token is the first level digit), then a
        one-sentence reason. A local teacher turns it into a grammar, so even a small model
        answers in form."""
        return {"type": "object", "additionalProperties": False,
                "properties": {"score": {"type": "integer", "enum": sorted(self.levels)},
                               "reason": {"type": "string", "maxLength": 120}},
                "required": ["score", "reason"]}

    def pointwise(self, instruction: str, response: str, reference: str | None = None, *,
                  json: bool = False) -> list[dict[str, Any]]:
        """The grading request; ``json`` asks for :meth:`answer_schema`'s form, else for
        ``Score: N / Reason: ...`` text (:meth:`parse_score`)."""
        levels = "\n".join(f"{k}: {v}" for k, v in sorted(self.levels.items()))
        reply = (JSON_REPLY if json else TEXT_REPLY).format(low=1, high=self.high)
        text = POINTWISE.format(
            criterion=self.criterion, levels=levels, instruction=instruction,
            reference=REFERENCE.format(reference=reference) if reference else "",
            response=response, reply=reply)
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}]

    def pairwise(self, instruction: str, a: str, b: str,
                 reference: str | None = None) -> list[dict[str, Any]]:
        text = PAIRWISE.format(
            criterion=self.criterion, instruction=instruction, a=a, b=b,
            reference=REFERENCE.format(reference=reference) if reference else "")
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}]

    # -- reading answers -------------------------------------------------------------------
    def parse_score(self, text: str) -> tuple[int, str]:
        """(score, rationale) from ``Score: 4 / Reason: ...``; a lone leading digit also
        counts. ``ValueError`` (the teacher's repair turn, then quarantine) otherwise."""
        found = (re.search(r"score\s*[:=]?\s*\**\s*(\d+)", text, re.IGNORECASE)
                 or re.match(r"\W*(\d+)\b", text))
        if found is None:
            raise ValueError(f"no score found; start the answer with 'Score: <1-{self.high}>'")
        score = int(found.group(1))
        if score not in self.levels:
            raise ValueError(f"score {score} is not a level of the rubric (1 to {self.high})")
        rest = text[found.end():]
        reason = re.search(r"reason\s*[:=]\s*(.+)", rest, re.IGNORECASE | re.DOTALL)
        return score, (reason.group(1) if reason else rest).strip(" \n.:-*")


def parse_choice(text: str) -> Choice:
    """The letter of a pairwise answer (``A``, ``B``, ``Response A``, ``**B**``)."""
    found = re.match(r"\W*(?:response\s*)?([AB])\b", text.strip(), re.IGNORECASE)
    if found is None:
        raise ValueError("answer with the single letter A or B")
    letter = found.group(1).upper()
    return "A" if letter == "A" else "B"


# -- log-probs ---------------------------------------------------------------------------------
def token_distribution(logprobs: Sequence[TokenLogprob] | None, labels: Sequence[str], *,
                       first: bool = False) -> dict[str, float] | None:
    """``{label: logprob}`` from the alternatives at the first generated token that is one of
    ``labels`` (ignoring surrounding spaces), or with ``first`` at the first token whatever
    was sampled there (a one-token answer: the model's odds of A against B even when it
    started to write something else); ``None`` when no label is found."""
    positions = list(logprobs or ())[:1] if first else \
        [p for p in logprobs or () if p.token.strip() in labels][:1]
    out: dict[str, float] = {}
    for position in positions:
        for alt in position.top:
            label = alt.token.strip()
            if label in labels:  # " 4" and "4": add their probabilities
                out[label] = math.log(math.exp(out[label]) + math.exp(alt.logprob)) \
                    if label in out else alt.logprob
    return out or None


def expected_score(distribution: Mapping[str, float], levels: Sequence[int]) -> float | None:
    """The expectation of the score under ``{token: logprob}`` restricted to the levels and
    renormalised; ``None`` when no level has any probability."""
    probs = {int(t): math.exp(lp) for t, lp in distribution.items()
             if t.isdigit() and int(t) in levels}
    mass = sum(probs.values())
    if mass <= 0:
        return None
    return sum(level * p for level, p in probs.items()) / mass


def choice_probability(distribution: Mapping[str, float]) -> float | None:
    """P(A) / (P(A) + P(B)) under ``{token: logprob}``; ``None`` without either letter."""
    a, b = (math.exp(distribution[k]) if k in distribution else 0.0 for k in ("A", "B"))
    return a / (a + b) if a + b > 0 else None
