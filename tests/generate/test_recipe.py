"""The recipe base owns the loop: a recipe states its requests (``request`` + ``parse``, or the
turns of ``converse``) and the base sends them, quarantines what the teacher gives up on and
writes the outcomes."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from synthloop.generate.recipe import Conversation, RecipeInputError, Request, TeacherRecipe
from synthloop.records import Record, Slot, Status
from synthloop.stages import Outcome, Pass, Reject, StageContext, StageParams
from synthloop.teachers import Completion, TeacherError
from synthloop.testing import FakeTeacher


class Copy(TeacherRecipe[StageParams]):
    """One turn: the answer is the record's text; a copy of the prompt is rejected. Every
    parsed answer grows ``seen``, which the next request shows."""

    name = "test.copy"
    seen = 0

    def request(self, slot: Slot, k: int) -> Request:
        if slot.attributes.get("skip"):
            raise RecipeInputError("slot has no topic")
        return Request([{"role": "user", "content": f"say {slot.index} (seen {self.seen})"}])

    def parse(self, record: Record, answer: Completion, request: Request) -> Outcome | None:
        self.seen += 1
        record.data = {"text": answer.text}
        if answer.text == request.messages[-1]["content"]:
            return Reject("copied", "the answer repeats the prompt")
        return None


class Repair(TeacherRecipe[StageParams]):
    """Two answers at once, then one repair turn that keeps the first attempt when the teacher
    gives up on it."""

    name = "test.repair"

    def request(self, slot: Slot, k: int) -> Request:
        return Request([{"role": "user", "content": "draft"}])

    async def converse(self, slot: Slot, k: int, record: Record) -> Conversation:
        drafts = yield [Request([{"role": "user", "content": f"draft {s}"}], sample=s)
                        for s in range(2)]
        record.data = {"drafts": [d.text for d in drafts]}
        try:
            fixed = yield Request([{"role": "user", "content": "fix"}])
        except TeacherError as exc:
            record.data["repair"] = f"kept the drafts: {exc}"
        else:
            record.data["repair"] = fixed.text
        self.apply(record, Pass("repaired"))


def generate(stage: TeacherRecipe[Any], teacher: FakeTeacher, *slots: Slot) -> list[Record]:
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=0, seed=0,
                       run_dir=Path("/nonexistent"), teachers={"local": teacher})
    return asyncio.run(stage.generate(list(slots), ctx))


def slot(i: int, **attributes: Any) -> Slot:
    return Slot(index=i, seed=i, attributes=attributes)


def test_one_turn_parse_writes_its_outcome_under_the_stage_label() -> None:
    teacher = FakeTeacher(lambda req: "hello" if "say 0" in req.messages[-1]["content"]
                          else req.messages[-1]["content"])
    fine, copied = generate(Copy(StageParams()), teacher, slot(0), slot(1))
    assert fine.data == {"text": "hello"} and fine.verdicts == []
    assert [(v.check, v.reason) for v in copied.verdicts] == [
        ("test.copy.copied", "the answer repeats the prompt")]
    assert copied.status is Status.REJECTED


def test_every_first_request_of_a_batch_is_built_before_any_answer() -> None:
    teacher = FakeTeacher(["a", "b", "c"])
    generate(Copy(StageParams()), teacher, slot(0), slot(1), slot(2))
    assert [r.messages[-1]["content"] for r in teacher.requests] == [
        "say 0 (seen 0)", "say 1 (seen 0)", "say 2 (seen 0)"]


def test_a_teacher_that_gives_up_quarantines_with_its_raw_text() -> None:
    teacher = FakeTeacher([TeacherError("not JSON after one repair", "bad", raw_text="{x")])
    [rec] = generate(Copy(StageParams()), teacher, slot(0))
    assert rec.status is Status.FAILED
    assert rec.status_reason == "teacher gave up: not JSON after one repair: bad"
    assert rec.data["raw"] == "{x"
    assert [v.check for v in rec.verdicts] == ["test.copy.failed"]


def test_a_slot_that_makes_no_request_fails_with_the_reason() -> None:
    teacher = FakeTeacher(["a"])
    skipped, done = generate(Copy(StageParams()), teacher, slot(0, skip=True), slot(1))
    assert (skipped.status, skipped.status_reason) == (Status.FAILED, "slot has no topic")
    assert done.data == {"text": "a"}
    assert len(teacher.requests) == 1


def test_a_list_of_requests_is_answered_at_once_and_a_caught_error_keeps_going() -> None:
    def answer(req: Any) -> str:
        text = req.messages[-1]["content"]
        if text == "fix":
            raise TeacherError("gave up")
        return text.upper()

    [rec] = generate(Repair(StageParams()), FakeTeacher(answer), slot(0))
    assert rec.data == {"drafts": ["DRAFT 0", "DRAFT 1"], "repair": "kept the drafts: gave up"}
    assert [(v.check, v.passed) for v in rec.verdicts] == [("test.repair.repaired", True)]


def test_an_error_in_a_list_of_requests_quarantines_the_record() -> None:
    def answer(req: Any) -> str:
        if req.messages[-1]["content"] == "draft 1":
            raise TeacherError("timed out", raw_text="")
        return "ok"

    [rec] = generate(Repair(StageParams()), FakeTeacher(answer), slot(0))
    assert (rec.status, rec.status_reason) == (Status.FAILED, "teacher gave up: timed out")
    assert "drafts" not in rec.data
