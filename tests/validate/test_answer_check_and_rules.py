"""answer_check and rules: verdicts and their reasons on tiny literal records."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from synthloop.checks.arithmetic import evaluate, written_step
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
    ("3*4 = <<3*4=12>>12", "12", "no_final", "no final '#### <answer>' line"),
    ("it is twelve\n#### 12", "12", "no_steps", "no <<expr=value>> steps to verify"),
    ("<<__import__('os')=1>>\n#### 1", "1", "bad_step", "is not allowed"),
    ("5/(1/2-1/3) = <<5/(1/2-1/3)=30>>30\n#### 30", "30", "ok", ""),
    ("1,200*0.5 = <<1200*0.5=600>>$600\n#### 600", "600", "ok", ""),
    # a last step written out without an annotation counts when it holds
    ("3*4 = <<3*4=12>>12\nWith the bag, 12 + 5 = $17 in all.\n#### 17", "17", "ok", ""),
    ("3*4 = <<3*4=12>>12\nThat is 12/16 x 100% = 75% of them.\n#### 75", "75", "ok", ""),
    ("3*4 = <<3*4=12>>12\nShe keeps 12 \u2212 5 = 7.\n#### 7", "7", "ok", ""),
    ("3*4 = <<3*4=12>>12\nWith the bag, 12 + 5 = $18 in all.\n#### 18", "18", "final_mismatch",
     "final answer 18 differs from the last computed value 12"),
    ("3*4 = <<3*4=12>>12\n12 + 5 = 17.\nShe is happy.\n#### 17", "17", "final_mismatch",
     "final answer 17 differs from the last computed value 12"),
])
def test_answer_check(tmp_path: Path, trace: str, answer: str, code: str, reason: str) -> None:
    rec = check(ANSWER, {"trace": trace, "answer": answer}, tmp_path)
    verdict = rec.verdicts[-1]
    assert verdict.check == f"validate.answer_check.{code}"
    assert verdict.passed is (code == "ok")
    assert reason in verdict.reason
    assert rec.status is (Status.OK if code == "ok" else Status.REJECTED)


def test_written_step() -> None:
    assert written_step("so the boots cost 99 + 5 = $104.") == (104, 104)
    assert written_step(".6 * .2 * 100% = 12%") == (12, 12)
    assert written_step("He is 5 = happy") is None  # no arithmetic
    assert written_step("3 1/2 - 2 = 1") is None  # a mixed number is not an expression


def test_exact_arithmetic() -> None:
    assert evaluate("1/3*3") == 1
    assert evaluate("-(2+3)*4") == -20
    with pytest.raises(ValueError, match="division by zero"):
        evaluate("1/0")
    with pytest.raises(ValueError, match="not allowed"):
        evaluate("2**100")


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
