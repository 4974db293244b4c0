"""``generate.evol_instruct``: WizardLM's Evol-Instruct (Xu et al., 2023), one lineage per slot.

Each slot starts from a seed instruction (the ``instruction_field`` of ``seed_tasks``, a table
read with :func:`~synthloop.generate.teaching.read_examples`, cycled by slot index) and is
rewritten for ``rounds`` rounds, each with an operation drawn from the slot's seed: the
in-depth ones (add constraints, deepen, concretize, increase reasoning steps, complicate
input) or in-breadth (a new, rarer instruction of the same domain). Then the teacher answers
the last instruction.

The paper's elimination step becomes verdicts, one code each, and stops the lineage at the
round that fails (``data.eliminated_at``), so :func:`round_funnel` can count every round:

- ``no_new_information``: the rewrite's ROUGE-L F1 with its parent is >= ``rouge_threshold``
  (the paper asks an LLM whether the two are equal: ``equality_judge: true`` adds that call,
  with the paper's prompt, after the cheap check);
- ``copied_prompt``: it copies the rewriting prompt's words ("#Rewritten Prompt#", "given
  prompt", "rewritten prompt");
- ``stop_words_only``: the rewrite or the response is only punctuation and stop words;
- ``refusal``: the response says sorry (or cannot) in fewer than 80 words, the paper's rule;
- ``too_short``: the response is under ``min_response_chars`` characters.

Every round's instruction, its parent and the operation are kept in ``data.evolution``.
``curate.evol_rounds`` reports the funnel and the distinct-n of each round.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal, get_args

from pydantic import Field, PositiveInt

from synthloop.checks.evidence import STOP_WORDS
from synthloop.checks.ngrams import distinct_n, words
from synthloop.errors import DataError
from synthloop.records import Record, Slot
from synthloop.registry import register
from synthloop.stages import InputFile, Pass, Reject, ReportStage, StageContext, StageParams
from synthloop.teachers import Completion

from .novelty import rouge_l, tokenize
from .recipe import Conversation, Request, TeacherRecipe
from .teaching import read_examples

Operation = Literal["add_constraints", "deepen", "concretize", "increase_reasoning",
                    "complicate_input", "breadth"]

# The prompts of WizardLM's Evol_Instruct/depth.py and breadth.py (line breaks tidied).
_DEPTH = """\
I want you act as a Prompt Rewriter.
Your objective is to rewrite a given prompt into a more complex version to make those famous \
AI systems (e.g., chatgpt and GPT4) a bit harder to handle.
But the rewritten prompt must be reasonable and must be understood and responded by humans.
Your rewriting cannot omit the non-text parts such as the table and code in \
#The Given Prompt#:. Also, please do not omit the input in #The Given Prompt#.
You SHOULD complicate the given prompt using the following method:
{method}
You should try your best not to make the #Rewritten Prompt# become verbose, \
#Rewritten Prompt# can only add 10 to 20 words into #The Given Prompt#.
'#The Given Prompt#', '#Rewritten Prompt#', 'given prompt' and 'rewritten prompt' are not \
allowed to appear in #Rewritten Prompt#
#The Given Prompt#:
{instruction}
#Rewritten Prompt#:
"""
_BREADTH = """\
I want you act as a Prompt Creator.
Your goal is to draw inspiration from the #Given Prompt# to create a brand new prompt.
This new prompt should belong to the same domain as the #Given Prompt# but be even more rare.
The LENGTH and complexity of the #Created Prompt# should be similar to that of the \
#Given Prompt#.
The #Created Prompt# must be reasonable and must be understood and responded by humans.
'#Given Prompt#', '#Created Prompt#', 'given prompt' and 'created prompt' are not allowed to \
appear in #Created Prompt#
#Given Prompt#:
{instruction}
#Created Prompt#:
"""
_EQUAL = """\
Here are two Instructions to ChatGPT AI, do you think they are equal to each other, which \
meet the following requirements:
1. They have same constraints and requirments.
2. They have same depth and breadth of the inquiry.
The First Prompt: {parent}
The Second Prompt: {child}
Your Judgement (Just answer: Equal or Not Equal. No need to explain the reason.):"""
METHODS: dict[str, str] = {
    "add_constraints": "Please add one more constraints/requirements into #The Given Prompt#",
    "deepen": "If #The Given Prompt# contains inquiries about certain issues, the depth and "
              "breadth of the inquiry can be increased.",
    "concretize": "Please replace general concepts with more specific concepts.",
    "increase_reasoning": "If #The Given Prompt# can be solved with just a few simple thinking "
                          "processes, you can rewrite it to explicitly request multiple-step "
                          "reasoning.",
    # the paper's "complicate input" (its depth.py has no prompt for it)
    "complicate_input": "Please add a concrete input (a table, code, a list or data) that "
                        "#The Given Prompt# must work on.",
}
COPIED_PHRASES = ("#the given prompt#", "#given prompt#", "#rewritten prompt#", "#created prompt#",
                  "given prompt", "rewritten prompt", "created prompt")
_REFUSAL = re.compile(r"\b(sorry|i can(?:no|')t|i am unable|i'm unable|as an ai)\b",
                      re.IGNORECASE)
REFUSAL_MAX_WORDS = 80  # the paper: "contains 'sorry' and is relatively short (< 80 words)"
_WORD = re.compile(r"[a-z0-9']+")


class EvolInstructParams(StageParams):
    """Evol-Instruct; every ``seed_tasks`` row needs a non-empty ``instruction_field``."""

    seed_tasks: InputFile
    instruction_field: str = "instruction"
    rounds: PositiveInt = 2
    operations: list[Operation] = Field(
        default_factory=lambda: list(get_args(Operation)), min_length=1)
    rouge_threshold: float = Field(0.9, gt=0.0, le=1.0)
    equality_judge: bool = False
    min_response_chars: PositiveInt = 80
    rewrite_max_tokens: PositiveInt | None = None
    response_max_tokens: PositiveInt | None = None


def rewrite_prompt(operation: str, instruction: str) -> str:
    if operation == "breadth":
        return _BREADTH.format(instruction=instruction)
    return _DEPTH.format(method=METHODS[operation], instruction=instruction)


def only_stop_words(text: str) -> bool:
    """True when ``text`` has no word outside the stop words (punctuation is no word)."""
    return all(w in STOP_WORDS for w in _WORD.findall(text.lower()))


def check_rewrite(parent: str, child: str, threshold: float) -> tuple[str, str] | None:
    """The elimination of a rewritten instruction: ``(code, reason)`` or None."""
    low = child.lower()
    if copied := [p for p in COPIED_PHRASES if p in low]:
        return "copied_prompt", f"copies the rewriting prompt's words {copied[0]!r}"
    if only_stop_words(child):
        return "stop_words_only", "the instruction is only punctuation and stop words"
    score = rouge_l(tokenize(parent), tokenize(child))
    if score >= threshold:
        return "no_new_information", f"ROUGE-L {score:.2f} >= {threshold} with its parent"
    return None


def judged_equal(answer: str) -> bool:
    """The equality judge's answer ("Equal" / "Not Equal"); ValueError when it is neither."""
    low = answer.strip().lower()
    if low.startswith("not equal"):
        return False
    if low.startswith("equal"):
        return True
    raise ValueError('answer "Equal" or "Not Equal" only')


def check_response(response: str, min_chars: int) -> tuple[str, str] | None:
    """The elimination of a response: ``(code, reason)`` or None."""
    if only_stop_words(response):
        return "stop_words_only", "the response is only punctuation and stop words"
    hit = _REFUSAL.search(response)
    if hit and len(response.split()) < REFUSAL_MAX_WORDS:
        return "refusal", f"the response refuses ({hit.group(0)!r}) in fewer than " \
                          f"{REFUSAL_MAX_WORDS} words"
    if len(response.strip()) < min_chars:
        return "too_short", f"the response has {len(response.strip())} characters, fewer " \
                            f"than min_response_chars={min_chars}"
    return None


@register
class EvolInstruct(TeacherRecipe[EvolInstructParams]):
    """Evol-Instruct: in-depth and in-breadth rewrites of seed instructions, then a response."""

    name = "generate.evol_instruct"
    templates = (_DEPTH, _BREADTH, _EQUAL, *METHODS.values())
    requests_per_record = 3  # the default 2 rounds and the response (dry-run estimate)
    output_fields = ("instruction", "response", "seed_instruction", "evolution",
                     "eliminated_at")

    def setup(self, ctx: StageContext) -> None:
        path, field = ctx.resolve(self.params.seed_tasks), self.params.instruction_field
        rows = read_examples(path)
        bad = [i for i, row in enumerate(rows, 1)
               if not isinstance(row.get(field), str) or not row[field].strip()]
        if bad or not rows:
            raise DataError(f"{path}:{bad[0] if bad else 1}: a seed task needs a non-empty "
                            f"{field!r} (instruction_field)")
        self.seeds = [str(row[field]) for row in rows]

    def operation(self, slot: Slot, round_: int) -> str:
        return random.Random(f"{slot.seed}:{round_}").choice(self.params.operations)

    def request(self, slot: Slot, k: int) -> Request:
        """The first round's rewrite of the slot's seed instruction."""
        seed = self.seeds[slot.index % len(self.seeds)]
        return self._rewrite(slot, 1, seed)

    def _rewrite(self, slot: Slot, round_: int, parent: str) -> Request:
        op = self.operation(slot, round_)
        return Request([{"role": "user", "content": rewrite_prompt(op, parent)}],
                       options={"seed": slot.seed + round_,
                                "max_tokens": self.params.rewrite_max_tokens},
                       context={"round": round_, "operation": op, "parent": parent})

    async def converse(self, slot: Slot, k: int, record: Record) -> Conversation:
        """The rounds of rewriting (each checked, and judged when ``equality_judge`` is set),
        then the response; a round that eliminates the instruction ends the lineage."""
        p = self.params
        request = self.request(slot, k)
        record.data = {"seed_instruction": request.context["parent"],
                       "instruction": request.context["parent"], "evolution": []}
        for round_ in range(1, p.rounds + 1):
            if round_ > 1:
                request = self._rewrite(slot, round_, record.data["instruction"])
            answer = yield request
            if (outcome := self.parse(record, answer, request)) is not None:
                self.apply(record, outcome)
            if "eliminated_at" in record.data:
                return
            if p.equality_judge:
                judged = yield self._equality(request, record.data["instruction"])
                if judged.parsed:
                    record.data["eliminated_at"] = str(round_)
                    self.apply(record, Reject("no_new_information", f"round {round_}: the "
                                              "teacher judged it equal to its parent"))
                    return
        response = Request([{"role": "user", "content": record.data["instruction"]}],
                           options={"seed": slot.seed,
                                    "max_tokens": p.response_max_tokens},
                           context={"round": "response"})
        answer = yield response
        if (outcome := self.parse(record, answer, response)) is not None:
            self.apply(record, outcome)

    @staticmethod
    def _equality(rewrite: Request, child: str) -> Request:
        """The paper's LLM equality check of a rewrite against its parent (a judge that never
        answers Equal / Not Equal quarantines the record)."""
        prompt = _EQUAL.format(parent=rewrite.context["parent"], child=child)
        return Request([{"role": "user", "content": prompt}], parser=judged_equal,
                       options={"max_tokens": 8, "temperature": 0})

    def parse(self, record: Record, answer: Completion,
              request: Request) -> Pass | Reject | None:
        """A rewrite joins the lineage, or the response joins the record; either may be
        eliminated."""
        text = answer.text.strip().strip('"').strip()
        round_ = request.context["round"]
        if round_ == "response":
            record.data["response"] = text
            problem = check_response(text, self.params.min_response_chars)
        else:
            record.data["evolution"].append({"round": round_,
                                             "operation": request.context["operation"],
                                             "parent": request.context["parent"],
                                             "instruction": text})
            record.data["instruction"] = text
            problem = check_rewrite(request.context["parent"], text,
                                    self.params.rouge_threshold)
        if problem is None:
            return Pass("evolved") if round_ == "response" else None
        record.data["eliminated_at"] = str(round_)
        code, reason = problem
        return Reject(code, f"round {round_}: {reason}" if round_ != "response" else reason)


def round_funnel(records: Iterable[Record], rounds: int) -> list[dict[str, Any]]:
    """Per round (then the response): how many lineages entered it, passed it, and were
    eliminated by which code; one the teacher gave up on counts as ``quarantined``."""
    steps = [*map(str, range(1, rounds + 1)), "response"]
    stops: list[tuple[int, str]] = []  # (index of the step a lineage stopped at, why)
    for r in records:
        failed = next((v.check.rsplit(".", 1)[1] for v in r.verdicts if not v.passed), None)
        if "eliminated_at" in r.data:
            stops.append((steps.index(r.data["eliminated_at"]), failed or "eliminated"))
        elif "response" not in r.data:
            stops.append((min(len(r.data.get("evolution", [])), rounds), "quarantined"))
        else:
            stops.append((len(steps), ""))
    return [{"round": step, "entered": sum(at >= i for at, _ in stops),
             "passed": sum(at > i for at, _ in stops),
             "eliminated": dict(Counter(why for at, why in stops if at == i))}
            for i, step in enumerate(steps)]


def round_diversity(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Distinct-1/2 of the instructions each round wrote (eliminated ones included: it
    measures what the rewriting does), round 0 being the seeds."""
    by_round: dict[int, list[str]] = {}
    for r in records:
        by_round.setdefault(0, []).append(r.data.get("seed_instruction", ""))
        for step in r.data.get("evolution", []):
            by_round.setdefault(step["round"], []).append(step["instruction"])
    return [{"round": k, "instructions": len(v),
             "distinct_1": distinct_n([words(t) for t in v], 1),
             "distinct_2": distinct_n([words(t) for t in v], 2)}
            for k, v in sorted(by_round.items())]


class EvolRoundsParams(StageParams):
    """The report of every ``generate.evol_instruct`` stage of the run (no parameters)."""


@register
class EvolRounds(ReportStage[EvolRoundsParams]):
    """Per Evol-Instruct round: lineages entered, passed and eliminated by code; distinct-n."""

    name = "curate.evol_rounds"

    @classmethod
    def tables(cls, label: str, report: dict[str, Any]) -> list[Any]:
        return evol_tables(label, report)

    def report(self, records: Iterable[Record], ctx: StageContext) -> dict[str, Any]:
        """Counts every lineage, eliminated and quarantined ones too, so it reads the run's
        store rather than only the accepted ``records`` (which it falls back to without one).
        """
        if ctx.store is not None:
            records = ctx.store.iter_records(with_verdicts=True)
        by_stage: dict[str, list[Record]] = {}
        rounds: dict[str, int] = {}
        for r in records:
            if r.lineage is not None and r.lineage.recipe == EvolInstruct.name:
                by_stage.setdefault(r.lineage.stage, []).append(r)
                rounds[r.lineage.stage] = r.lineage.producer["params"]["rounds"]
        return {stage: {"rounds": rounds[stage],
                        "funnel": round_funnel(recs, rounds[stage]),
                        "diversity": round_diversity(recs)}
                for stage, recs in by_stage.items()}


def evol_tables(label: str, report: dict[str, Any]) -> list[Any]:
    """Per Evol-Instruct stage: the funnel by round and the instructions' distinct-n."""
    from rich.markup import escape
    from rich.table import Table  # only when shown: rich is slow to import

    out = []
    for stage, entry in report.items():
        funnel = Table(title=f"Evol-Instruct rounds ({escape(stage)})", title_justify="left")
        funnel.add_column("round")
        funnel.add_column("entered", justify="right")
        funnel.add_column("passed", justify="right")
        funnel.add_column("eliminated (why)")
        for row in entry["funnel"]:
            why = ", ".join(f"{k} {v}" for k, v in sorted(row["eliminated"].items()))
            funnel.add_row(str(row["round"]), str(row["entered"]), str(row["passed"]),
                           escape(why) or "-")
        div = Table(title="Instructions written per round (round 0: the seeds)",
                    title_justify="left")
        for col in ("round", "instructions", "distinct-1", "distinct-2"):
            div.add_column(col, justify="right")
        for row in entry["diversity"]:
            div.add_row(str(row["round"]), str(row["instructions"]),
                        f"{row['distinct_1']:.3f}", f"{row['distinct_2']:.3f}")
        out += [funnel, div]
    return out
