"""answer_check and rules: verdicts and their reasons on tiny literal records."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from synthloop.checks.arithmetic import evaluate, written_steps, written_value
from synthloop.records import Record, Status
from synthloop.stages import StageContext
from synthloop.validate.answer_check import AnswerCheck, AnswerCheckParams
from synthloop.validate.rules import Rules, RulesParams


def ctx(tmp_path: Path, stage: str) -> StageContext:
    return StageContext(spec_hash="h", stage=stage, stage_index=1, seed=0, run_dir=tmp_path)


def check(stage, data: dict, tmp_path: Path) -> Record:  # noqa: ANN001
    rec = Record(id="r1", data=data)
    asyncio.run(stage.process([rec], ctx(tmp_path, stage.label)))
    return rec


ANSWER = AnswerCheck(AnswerCheckParams())


@pytest.mark.parametrize("trace,answer,code,reason", [
    ("3*4 = <<3*4=12>>12\n12+1 = <<12+1=13>>13\n#### 13", "13", "ok", ""),
    ("3*4 = <<3*4=13>>13\n#### 13", "13", "wrong_step", "step 1: 3*4 evaluates to 12, trace says 13"),
    ("3*4 = <<3*4=12>>12\n#### 14", "14", "final_mismatch",
     "final answer 14 differs from the last computed value 12"),
    ("3*4 = <<3*4=12>>12\n#### 12", "11", "answer_mismatch",
     "answer field 11 differs from the trace's final answer 12"),
    ("3*4 = <<3*4=12>>12", "12", "no_final", "no final answer"),
    ("it is twelve\n#### 12", "12", "no_steps", "no arithmetic steps to verify"),
    ("<<__import__('os')=1>>\n#### 1", "1", "bad_step", "is not allowed"),
    ("5/(1/2-1/3) = <<5/(1/2-1/3)=30>>30\n#### 30", "30", "ok", ""),
    ("1,200*0.5 = <<1200*0.5=600>>$600\n#### 600", "600", "ok", ""),
    # a last step written out without an annotation counts when it holds
    ("3*4 = <<3*4=12>>12\nWith the bag, 12 + 5 = $17 in all.\n#### 17", "17", "ok", ""),
    ("3*4 = <<3*4=12>>12\nThat is 12/16 x 100% = 75% of them.\n#### 75", "75", "ok", ""),
    ("3*4 = <<3*4=12>>12\nShe keeps 12 \u2212 5 = 7.\n#### 7", "7", "ok", ""),
    # every written equation is a step, wherever it stands
    ("3*4 = <<3*4=12>>12\nWith the bag, 12 + 5 = $18 in all.\n#### 18", "18", "wrong_step",
     "step 2: 12 + 5 evaluates to 17, trace says 18"),
    ("3*4 = <<3*4=12>>12\n12 + 5 = 17.\nShe is happy.\n#### 17", "17", "ok", ""),
    ("3*4 = <<3*4=12>>12\n12 + 5 = 17.\nShe is happy.\n#### 12", "12", "final_mismatch",
     "final answer 12 differs from the last computed value 17"),
    # a model's trace: no annotations, other signs, other final-answer forms
    ("Two boxes of 9: 2 x 9 = 18 pears.\nHe eats 3, so 18 - 3 = 15.\n#### 15", "15", "ok", ""),
    ("Two boxes of 9: 2 x 9 = 19 pears.\nHe eats 4, so 19 - 4 = 15.\n#### 15", "15",
     "wrong_step", "step 1: 2 x 9 evaluates to 18, trace says 19"),
    ("3 \u00d7 5 = **15** and 15 \u2212 6 = **9**\nThe answer is 9.", "9", "ok", ""),
    ("3 \u00d7 5 = **16** and 16 \u2212 7 = **9**\nThe answer is 9.", "9", "wrong_step",
     "3 * 5 evaluates to 15, trace says 16"),
    ("$4 \\times 5 = 20$, so $\\boxed{20}$", "20", "ok", ""),
    ("$4 \\times 5 = 20$, so $\\boxed{21}$", "21", "final_mismatch",
     "final answer 21 differs from the last computed value 20"),
    ("3^3 = 27\n#### 27", "27", "ok", ""),  # a power, not Python's exclusive or
    ("5 - 8 = -3\n#### -3", "-3", "ok", ""),
    ("5 - 8 = -2\n#### -2", "-2", "wrong_step", "5 - 8 evaluates to -3, trace says -2"),
    # a calculator mark that holds, a different number shown after it
    ("3*4 = <<3*4=12>>13 eggs\n#### 13", "13", "wrong_step",
     "step 2: 3*4 evaluates to 12, trace says 13"),
    ("2*3 = 6\nThe answer is 6.", "6", "ok", ""),
    ("it is twelve\nThe answer is 12.", "12", "no_steps", "no arithmetic steps to verify"),
    ("2*3 = 6", "6", "no_final", "no final answer ('#### 17'"),
])
def test_answer_check(tmp_path: Path, trace: str, answer: str, code: str, reason: str) -> None:
    rec = check(ANSWER, {"trace": trace, "answer": answer}, tmp_path)
    verdict = rec.verdicts[-1]
    assert verdict.check == f"validate.answer_check.{code}"
    assert verdict.passed is (code == "ok")
    assert reason in verdict.reason
    assert rec.status is (Status.OK if code == "ok" else Status.REJECTED)


def test_written_steps() -> None:
    def read(line: str) -> list[tuple[str, float, float, bool]]:
        return [(s.text, float(s.value), float(s.stated), s.holds) for s in written_steps(line)]

    assert read("so the boots cost 99 + 5 = $104.") == [("99 + 5 = $104", 104, 104, True)]
    assert read(".6 * .2 * 100% = 12%") == [(".6 * .2 * 100% = 12%", 0.12, 12, True)]
    # a chain: each equals sign is a step, the sides between them are both
    assert read("20% of 50 = 0.2 * 50 = 10") == [("20% * 50 = 0.2 * 50", 10, 10, True),
                                                 ("0.2 * 50 = 10", 10, 10, True)]
    assert read("$80 * 25% = $20") == [("$80 * 25% = $20", 20, 20, True)]  # a hundredth
    assert read("(30/40)*100 = 75%") == [("(30/40)*100 = 75%", 75, 75, True)]  # a unit
    assert read("10 / 3 = 3.33 hours") == [("10 / 3 = 3.33", 10 / 3, 3.33, True)]
    assert read("10 / 3 = 3.3 hours")[0][3] is True and read("10 / 3 = 3.2")[0][3] is False
    assert read("3 1/2 - 2 = 1") == [("3 1/2 - 2 = 1", 1.5, 1, False)]  # a mixed number
    assert read("7 pens / 20 pens * 100% = 35%") == [("7 / 20 * 100% = 35%", 0.35, 35, True)]
    # not arithmetic: left out
    for line in ("He is 5 = happy", "5 w + 3 = 8", "2x + 4 = 10", "9 x 2 = 18g/3",
                 "7/2 = 3 and 1/2", "5 / 1/4 = 20", "at 6:00+30 = 6:30", "X*2 - 3*4 = 10",
                 "60g * 4/5 = 48", "after 3, 4 + 5 = 9"):
        assert read(line) in ([], [("4 + 5 = 9", 9, 9, True)]), line


def test_exact_arithmetic() -> None:
    assert evaluate("1/3*3") == 1
    assert evaluate("-(2+3)*4") == -20
    with pytest.raises(ValueError, match="division by zero"):
        evaluate("1/0")
    assert evaluate("2**10") == 1024
    with pytest.raises(ValueError, match="only whole powers up to 64"):
        evaluate("2**100")



@pytest.mark.parametrize(("text", "value"), [
    ("half of $1,350", 675), ("= 2 x 675", 1350), ("50% of $80", 40), ("1,350 minus 675", 675),
    ("a third of 900", 300), ("twice $675", 1350), ("= $1,350 / 2", 675)])
def test_a_derivation_written_in_prose_has_its_value(text: str, value: int) -> None:
    assert written_value(text) == value


@pytest.mark.parametrize("text", ["$1,350", "balance $1,750", "Desk lamp"])
def test_one_number_or_none_is_no_derivation(text: str) -> None:
    with pytest.raises(ValueError, match="is no arithmetic of two operands"):
        written_value(text)

RULES = Rules(RulesParams.model_validate({
    "required": ["question"],
    "fields": {"question": {"min_chars": 5, "max_chars": 20, "regex": r"\?$",
                            "not_regex": "(?i)as an ai"}},
    "json_schema": {"type": "object", "properties": {"answer": {"type": "string"}}},
}))


@pytest.mark.parametrize("data,code,reason", [
    ({"question": "What is 2+2?", "answer": "4"}, "ok", ""),
    ({"answer": "4"}, "required", "required field 'question' is missing or empty"),
    ({"question": "Why?"}, "too_short", "question has 4 characters, below the minimum 5"),
    ({"question": "x" * 30 + "?"}, "too_long", "question has 31 characters, above the maximum 20"),
    ({"question": "Tell me a joke."}, "regex", r"question does not match /\?$/"),
    ({"question": "As an AI, why?"}, "forbidden", "question matches forbidden /(?i)as an ai/ at 'As an AI'"),
    ({"question": "What is 2+2?", "answer": 4}, "schema", "schema: answer: 4 is not of type 'string'"),
])
def test_rules(tmp_path: Path, data: dict, code: str, reason: str) -> None:
    rec = check(RULES, data, tmp_path)
    verdict = rec.verdicts[-1]
    assert verdict.check == f"validate.rules.{code}"
    assert verdict.reason == reason
