"""The one verdict path: a stage returns typed outcomes, the base binds its label, writes the
verdict and counts it (as datatrove's filters return a result that their base writes)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from synthloop.records import Record, Status, exchange, record_text
from synthloop.stages import (
    Fail,
    FilterStage,
    Outcome,
    Pass,
    Reject,
    Rewrite,
    StageContext,
    StageParams,
)


class WordsParams(StageParams):
    max_words: int = 3


class Words(FilterStage[WordsParams]):
    name = "test.words"

    def check(self, record: Record) -> Outcome:
        text = record.data.get("text")
        if text is None:
            return Fail("no text field to count")
        words = len(text.split())
        if words > self.params.max_words:
            return Reject("too_long", f"{words} words, more than {self.params.max_words}",
                          score=float(words))
        return Pass()


class Legacy(FilterStage[StageParams]):
    """A plugin written against the datatrove shape: bool or (passed, reason[, code])."""

    name = "test.legacy"

    def check(self, record: Record) -> Any:
        return record.data["result"]


def run(stage: FilterStage[Any], *data: dict[str, Any]) -> list[Record]:
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=0, seed=0,
                       run_dir=Path("/nonexistent"))
    return asyncio.run(stage.process([Record(id=f"r{i}", data=d) for i, d in enumerate(data)],
                                     ctx))


def test_pass_and_reject_become_verdicts_named_by_the_stage_label() -> None:
    ok, long = run(Words(WordsParams()), {"text": "one two"}, {"text": "one two three four"})
    [v] = ok.verdicts
    assert (v.stage, v.check, v.passed, v.reason) == ("test.words", "test.words.ok", True, "")
    assert ok.status is Status.OK
    [v] = long.verdicts
    assert (v.check, v.passed, v.reason, v.score) == (
        "test.words.too_long", False, "4 words, more than 3", 4.0)
    assert long.status is Status.REJECTED
    assert long.status_reason == "4 words, more than 3"


def test_a_label_replaces_the_name_in_every_check_code() -> None:
    [rec] = run(Words(WordsParams(max_words=1), label="short"), {"text": "one two"})
    assert rec.verdicts[0].check == "short.too_long"
    assert rec.status_stage == "short"


def test_fail_quarantines_with_its_reason() -> None:
    [rec] = run(Words(WordsParams()), {"title": "no text"})
    assert rec.status is Status.FAILED
    assert rec.status_reason == "no text field to count"
    assert [v.check for v in rec.verdicts] == ["test.words.failed"]
    assert "raw" not in rec.data


def test_fail_keeps_the_teachers_raw_text() -> None:
    stage = Words(WordsParams())
    rec = Record(id="r", data={"text": "x"})
    stage.apply(rec, Fail("teacher gave up: not JSON", raw="{oops"))
    assert rec.data["raw"] == "{oops"
    assert rec.status_reason == "teacher gave up: not JSON"


def test_rewrite_replaces_fields_keeps_originals_and_passes() -> None:
    stage = Words(WordsParams(), label="pii")
    rec = Record(id="r", data={"text": "mail ann@example.com", "n": 1})
    stage.apply(rec, Rewrite({"text": "mail <EMAIL>"}, "redact", "redact: 1 EMAIL"))
    assert rec.data == {"text": "mail <EMAIL>", "n": 1}
    assert rec.originals == {"text": [{"by": "pii", "value": "mail ann@example.com"}]}
    assert rec.modified_by == ["pii"]
    [v] = rec.verdicts
    assert (v.check, v.passed, v.reason) == ("pii.redact", True, "redact: 1 EMAIL")


def test_outcomes_are_written_in_order_and_the_first_rejection_decides() -> None:
    stage = Words(WordsParams(), label="tools")
    rec = Record(id="r", data={})
    stage.apply(rec, Pass("format_ok", "2 call(s) match the schemas"),
                Reject("wrong_state", "final state is not the goal"),
                Reject("no_final_answer", "no reply"))
    assert [(v.check, v.passed) for v in rec.verdicts] == [
        ("tools.format_ok", True), ("tools.wrong_state", False),
        ("tools.no_final_answer", False)]
    assert rec.status_reason == "final state is not the goal"


def test_the_base_counts_what_it_wrote_by_check_code() -> None:
    stage = Words(WordsParams())
    run(stage, {"text": "a"}, {"text": "a b c d"}, {"text": "a b c d e"}, {"x": 1})
    assert stage.counts == {"test.words.ok": 1, "test.words.too_long": 2,
                            "test.words.failed": 1}


@pytest.mark.parametrize(("result", "check", "passed", "reason"), [
    (True, "test.legacy.ok", True, ""),
    (False, "test.legacy.rejected", False, ""),
    ((False, "too many words"), "test.legacy.rejected", False, "too many words"),
    ((False, "31 words", "too_long"), "test.legacy.too_long", False, "31 words"),
    ((True, "", "novel"), "test.legacy.novel", True, ""),
])
def test_a_plugin_may_return_datatroves_shape(result: Any, check: str, passed: bool,
                                              reason: str) -> None:
    [rec] = run(Legacy(StageParams()), {"result": result})
    [v] = rec.verdicts
    assert (v.check, v.passed, v.reason) == (check, passed, reason)


# -- one place decides the prompt and the response -------------------------------------------
@pytest.mark.parametrize(("data", "prompt", "response", "answer"), [
    ({"instruction": "Add.", "input": "2 and 3", "output": "5"}, "Add.\n\n2 and 3", "5", "5"),
    ({"question": "2+3?", "trace": "2+3=5\n#### 5", "answer": "5"}, "2+3?", "2+3=5\n#### 5",
     "2+3=5\n#### 5"),
    ({"prompt": "Pick one.", "chosen": "A", "rejected": "B"}, "Pick one.", None, "A"),
    ({"messages": [{"role": "user", "content": "Hi"},
                   {"role": "assistant", "content": "Hello"}]}, "Hi", None, "Hello"),
    ({"instruction": "Name a fruit.", "response": "  \n"}, "Name a fruit.", "  \n", "  \n"),
    ({"instruction": "", "question": "Why?", "response": "", "output": "Because."}, "Why?",
     "Because.", "Because."),
    ({"text": "a document"}, None, None, "a document"),
])
def test_exchange_decides_prompt_and_response_for_every_reader(
        data: dict[str, Any], prompt: str | None, response: str | None,
        answer: str | None) -> None:
    asked = exchange(data)
    assert (asked.prompt, asked.response, asked.answer) == (prompt, response, answer)


def test_only_the_base_writes_a_verdict() -> None:
    """Every stage (and the pipeline's balance step) goes through ``write_outcome``: no other
    module calls ``Record.add_verdict`` itself."""
    package = Path(__file__).resolve().parents[1] / "src" / "synthloop"
    writers = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                     if ".add_verdict(" in path.read_text())
    assert writers == ["stages.py"]


def test_record_text_joins_text_fields_in_their_fixed_order() -> None:
    data = {"response": "R", "n": 3, "instruction": "I", "input": "", "text": 5,
            "messages": [{"role": "user", "content": "M"}, "x"]}
    assert record_text(data) == "I\nR\nM"
    assert record_text({"text": "only"}) == "only" and record_text({"id": "x"}) == ""
