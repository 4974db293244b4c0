"""``generate.code``: programming problems with a solution and tests, over a taxonomy of skills
and difficulties, for ``validate.execute`` to check.

The teacher answers with one Python code block shown by example (a comment stating the
problem, the function, assert lines), or in three sections (``### Problem``, ``### Solution``,
``### Tests``); a reply in neither shape gets the teacher's one repair turn, then the record is
quarantined with the raw text. With ``repair_rounds: N`` (the
``generate.repair`` behaviour) the solution runs in the sandbox right away and, while it fails,
goes back to the teacher with the failing test's reason, up to N rounds; every round (reply and
reason) stays in the record's ``attempts``, so the lineage shows how the code came to be.

Records hold ``instruction`` (the problem) and ``response`` (the solution) for chat SFT export,
and ``code``, ``tests``, ``entry_point`` for a problems-with-tests file and for
``validate.execute`` (use its ``mutant_check`` so tests that test nothing are rejected).
"""

from __future__ import annotations

import asyncio
import os
import re
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pydantic import Field, PositiveInt

from synthloop.checks.execute import Execute, ExecuteParams, tier_problems
from synthloop.codeblocks import extract_code
from synthloop.records import Record, Slot
from synthloop.registry import register
from synthloop.sandbox import Limits
from synthloop.sandbox.limits import TierChoice
from synthloop.stages import StageContext, StageParams
from synthloop.teachers import Completion, TeacherError

from .recipe import Conversation, Request, TeacherRecipe

if TYPE_CHECKING:
    from synthloop.spec import Spec

SYSTEM = ("You write Python programming exercises with a correct solution and tests. Follow the "
          "answer format exactly.")
# One code block in a fixed order, shown by example: a 135M model copies a shape it sees, and
# does not keep to ### sections it is only told about.
EXAMPLE = ("# Return the sum of the numbers in a list.\ndef total(numbers):\n    return sum(numbers)"
           "\n\nassert total([1, 2, 3]) == 6\nassert total([]) == 0\nassert total([5]) == 5")
ASK = ("Write a small Python programming problem about {skill} (difficulty: {difficulty}) and "
       "solve it with one function. Answer with one Python code block: first a comment line "
       "that states the problem, then the function, then 3 to 5 assert lines that test it. "
       "For example:\n```python\n" + EXAMPLE.replace("{", "{{").replace("}", "}}") + "\n```\n"
       "Now write a new problem about {skill}.")
REPAIR = ("Running your tests failed: {reason}\nFix the solution (or a test, if the test is "
          "wrong). Answer again in the same format: one Python code block with the problem "
          "comment, the function and the assert lines.")

_SECTION = re.compile(r"^#+\s*(problem|solution|tests?)\s*:?\s*$", re.IGNORECASE | re.MULTILINE)
_DEF = re.compile(r"^def\s+([A-Za-z_]\w*)\s*\(", re.MULTILINE)
# a block left open at the end: a small model rambles on inside it until max_tokens
_BLOCK = re.compile(r"```(?:python|py)?[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL)


class CodeParams(StageParams):
    """``difficulty_key``/``skill_key``: the slot attributes the prompt uses.
    ``repair_rounds``: sandbox runs and repair turns per record (0: generate only)."""

    per_slot: PositiveInt = 1
    skill_key: str = "skill"
    difficulty_key: str = "difficulty"
    repair_rounds: int = Field(default=0, ge=0, le=5)
    tier: TierChoice = "auto"
    limits: Limits = Field(default_factory=lambda: Limits(wall_s=5))
    max_tokens: PositiveInt | None = None


def parse_reply(text: str) -> dict[str, Any]:
    """The problem, solution and tests of a reply; ValueError says what is missing.

    Two shapes: ``### Problem`` / ``### Solution`` / ``### Tests`` sections (what capable
    models write when asked), or the prompt's code block: a ``#`` comment stating the
    problem, the function, then assert lines (what a small model copies from the example).
    """
    parts = _SECTION.split(text)
    sections = {parts[i].lower().rstrip("s"): parts[i + 1] for i in range(1, len(parts) - 1, 2)}
    if not any(sections.get(name, "").strip() for name in ("problem", "solution", "test")):
        return _parse_block(text)
    missing = [name for name in ("problem", "solution", "test") if not sections.get(name,
                                                                                   "").strip()]
    if missing:
        raise ValueError(f"the answer lacks the section(s) {', '.join(missing)}: use ### Problem, "
                         "### Solution and ### Tests")
    problem = sections["problem"].strip()
    if problem.startswith("<") and problem.endswith(">"):
        raise ValueError("the problem section repeats the format's placeholder; write the "
                         "problem itself")
    code = extract_code(sections["solution"])
    tests = [line.strip() for line in extract_code(sections["test"]).splitlines()
             if line.strip().startswith("assert")]
    return _checked(problem, code, tests)


def _parse_block(text: str) -> dict[str, Any]:
    """The prompt's shape: the first code block with a function is the solution (its assert
    lines are the tests, with those of later blocks), its leading comment the problem."""
    blocks = _BLOCK.findall(text) or [text]
    main = next((b for b in blocks if _DEF.search(b)), None)
    if main is None:
        raise ValueError("the answer defines no function (def name(...):) in a code block")
    tests = list(dict.fromkeys(line.strip() for b in blocks for line in b.splitlines()
                               if line.strip().startswith("assert ")))
    lines = [line for line in main.splitlines() if not line.strip().startswith("assert ")]
    start = next(i for i, line in enumerate(lines) if _DEF.match(line))
    comment = [line.strip().lstrip("#").strip() for line in lines[:start]
               if line.strip().startswith("#")]
    # else the prose before the first block ("Here is a function that ...")
    prose = text.split("```", 1)[0].strip() if "```" in text else ""
    problem = " ".join(c for c in comment if c) or prose
    body = lines[start:]
    while body and (not body[-1].strip() or body[-1].strip().startswith("#")):
        body.pop()  # "# Test the function" above the asserts
    code = "\n".join(body).strip()
    if code == EXAMPLE.split("\n\n")[0].split("\n", 1)[1]:
        raise ValueError("the answer copies the format's example; write a new problem")
    if not problem:
        raise ValueError("the answer does not state its problem (a # comment line before the "
                         "function, or a sentence before the code block)")
    return _checked(problem, code, tests)


def _checked(problem: str, code: str, tests: list[str]) -> dict[str, Any]:
    entry = _DEF.search(code)
    if entry is None:
        raise ValueError("the solution defines no function (def name(...):)")
    if not tests:
        raise ValueError("the tests section has no assert lines")
    return {"instruction": problem, "code": code, "response": code,
            "tests": tests, "entry_point": entry.group(1)}


@register
class Code(TeacherRecipe[CodeParams]):
    """Programming problems with a solution and tests (optionally repaired in the sandbox)."""

    name = "generate.code"
    batch_size = 16
    templates = (SYSTEM, ASK, REPAIR)
    output_fields = ("instruction", "code", "response", "tests", "entry_point", "attempts")

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        return [*super().check_spec(spec), *tier_problems(self.name, self.params.tier)]

    @cached_property
    def executor(self) -> Execute:
        """A ``validate.execute`` with this stage's tier and limits, for the repair rounds."""
        return Execute(ExecuteParams(tier=self.params.tier, limits=self.params.limits),
                       label=f"{self.name}.run")

    def setup(self, ctx: StageContext) -> None:
        if self.params.repair_rounds:
            _ = self.executor.sandbox  # a missing tier fails before the first request
        self._gate = asyncio.Semaphore(os.cpu_count() or 1)  # sandbox runs at once

    def samples(self) -> int:
        return self.params.per_slot

    def request(self, slot: Slot, k: int) -> Request:
        p, attrs = self.params, slot.attributes
        ask = ASK.format(skill=attrs.get(p.skill_key, "general programming"),
                         difficulty=attrs.get(p.difficulty_key, "easy"))
        return Request([{"role": "system", "content": SYSTEM}, {"role": "user", "content": ask}],
                       parser=parse_reply,
                       options={"seed": slot.seed + k, "max_tokens": p.max_tokens})

    def parse(self, record: Record, answer: Completion, request: Request) -> None:
        record.data = {**answer.parsed, "attempts": request.context.setdefault("attempts", [])}

    async def converse(self, slot: Slot, k: int, record: Record) -> Conversation:
        """The first answer, then up to ``repair_rounds`` turns that show the teacher why its
        solution failed in the sandbox; every round stays in ``attempts``."""
        request = self.request(slot, k)
        answer = yield request
        attempts: list[dict[str, Any]] = request.context.setdefault("attempts", [])
        self.parse(record, answer, request)
        for round_ in range(self.params.repair_rounds):
            async with self._gate:
                reason = await asyncio.to_thread(self._failure, record)
            attempts.append({"round": round_, "reply": answer.text, "error": reason})
            if reason is None:
                return
            request.messages = [*request.messages, {"role": "assistant", "content": answer.text},
                                {"role": "user", "content": REPAIR.format(reason=reason)}]
            try:
                answer = yield request
            except TeacherError as exc:  # keep the last parsed attempt
                attempts.append({"round": round_ + 1, "reply": exc.raw_text, "error": str(exc)})
                return
            self.parse(record, answer, request)

    def _failure(self, record: Record) -> str | None:
        """Why the record's solution fails its tests in the sandbox, or None when it passes."""
        probe = Record(id=record.id, data=dict(record.data))
        self.executor.check_record(probe)
        verdict = probe.verdicts[-1]
        return None if verdict.passed else verdict.reason
