"""``generate.code``: the reply parser on literal replies, and the repair rounds with a scripted
teacher (replies fixed in advance; the solution runs in the real sandbox)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from synthloop.generate.code import Code, CodeParams, parse_reply
from synthloop.records import Slot
from synthloop.stages import StageContext
from synthloop.testing import FakeTeacher

GOOD = ("### Problem\nWrite double(x) that returns twice x.\n### Solution\n```python\n"
        "def double(x):\n    return x * 2\n```\n### Tests\n```python\nassert double(2) == 4\n"
        "assert double(0) == 0\n```\n")
WRONG = GOOD.replace("return x * 2", "return x + 2")


def test_parse_reply_reads_the_three_sections() -> None:
    assert parse_reply(GOOD) == {
        "instruction": "Write double(x) that returns twice x.",
        "code": "def double(x):\n    return x * 2", "response": "def double(x):\n    return x * 2",
        "tests": ["assert double(2) == 4", "assert double(0) == 0"], "entry_point": "double"}


# What SmolLM2-135M answered (with an earlier prompt): a block, a comment, a function, asserts.
SMALL = ("```python\n# Function to sum up all integers from 1 to a specified limit\n"
         "def sum_integers(limit):\n    return [x + 1 for x in range(1, limit + 1)]\n\n"
         "# Test the function\nassert sum_integers(10) == 100\n```\n\nOutput:\n```python\n"
         "sum_integers(10) == 100\n```")


def test_parse_reply_reads_the_small_models_code_block() -> None:
    code = "def sum_integers(limit):\n    return [x + 1 for x in range(1, limit + 1)]"
    assert parse_reply(SMALL) == {
        "instruction": "Function to sum up all integers from 1 to a specified limit",
        "code": code, "response": code, "tests": ["assert sum_integers(10) == 100"],
        "entry_point": "sum_integers"}


def test_the_sentence_before_the_block_is_the_problem_without_a_comment() -> None:
    reply = "Double a number.\n```python\ndef double(x):\n    return x * 2\nassert double(1) == 2\n```"
    assert parse_reply(reply)["instruction"] == "Double a number."


def test_a_block_left_open_at_max_tokens_still_parses() -> None:
    cut = "```python\n# Double a number.\ndef double(x):\n    return x * 2\n\nassert double(2) == 4\n"
    assert parse_reply(cut)["tests"] == ["assert double(2) == 4"]


@pytest.mark.parametrize(("reply", "message"), [
    ("def f(): pass", "does not state its problem (a # comment line before the function, or a "
                      "sentence before the code block)"),
    ("no code here", "defines no function (def name(...):) in a code block"),
    ("```python\n# Return the sum of the numbers in a list.\ndef total(numbers):\n"
     "    return sum(numbers)\n\nassert total([]) == 0\n```", "copies the format's example"),
    (GOOD.replace("### Tests", "### Notes"), "lacks the section(s) test"),
    (GOOD.replace("def double(x):", "double = lambda x:"), "defines no function"),
    (GOOD.replace("assert double", "print(double"), "no assert lines"),
    (GOOD.replace("Write double(x) that returns twice x.", "<the problem statement>"),
     "repeats the format's placeholder"),
])
def test_parse_reply_says_what_is_missing(reply: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_reply(reply)


def scripted(*replies: str) -> FakeTeacher:
    """Answers with the given replies in order (through the real chat path: a reply that does
    not parse gets the teacher's one repair turn, which takes the next reply)."""
    return FakeTeacher(list(replies))


def prompts(teacher: FakeTeacher) -> list[list[dict[str, str]]]:
    return [r.messages for r in teacher.requests]


def generate(teacher: FakeTeacher, **params: Any) -> Any:
    stage = Code(CodeParams(**params), teacher="writer")
    ctx = StageContext(spec_hash="h", stage=stage.name, stage_index=0, seed=0,
                       run_dir=Path("/nonexistent"), teachers={"writer": teacher})
    stage.setup(ctx)
    slot = Slot(index=0, seed=5, attributes={"skill": "arithmetic", "difficulty": "easy"})
    (record,) = asyncio.run(stage.generate([slot], ctx))
    return record


def test_prompt_names_skill_and_difficulty() -> None:
    teacher = scripted(GOOD)
    generate(teacher)
    assert prompts(teacher)[0][1]["content"].startswith(
        "Write a small Python programming problem about arithmetic (difficulty: easy)")


def test_a_failing_solution_goes_back_with_the_failing_test() -> None:
    teacher = scripted(WRONG, GOOD)
    record = generate(teacher, repair_rounds=2)
    assert record.data["code"] == "def double(x):\n    return x * 2"
    repair = prompts(teacher)[1][-1]["content"]
    assert repair.startswith("Running your tests failed: test 2 of 2 failed at "
                             "`assert double(0) == 0`: AssertionError")
    assert prompts(teacher)[1][-2] == {"role": "assistant", "content": WRONG}
    assert [(a["round"], a["error"]) for a in record.data["attempts"]] == [
        (0, "test 2 of 2 failed at `assert double(0) == 0`: AssertionError"), (1, None)]


def test_repair_rounds_are_bounded() -> None:
    teacher = scripted(WRONG, WRONG)
    record = generate(teacher, repair_rounds=1)
    assert len(teacher.requests) == 2
    assert record.data["code"].endswith("x + 2")  # the last attempt; validate.execute judges it


def test_an_unparsable_reply_quarantines_the_record() -> None:
    record = generate(scripted("no sections here", "still no sections"))
    assert record.status.value == "failed"
    assert "defines no function (def name(...):) in a code block" in record.status_reason
    assert record.data["raw"] == "still no sections"  # the repair turn's answer
