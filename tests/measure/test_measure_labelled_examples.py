"""generate.labelled_examples with a scripted teacher: prompts, ids, cleaning, failures."""

import asyncio

from synthloop.generate.labelled_examples import (
    LabelledExamples,
    LabelledExamplesParams,
    clean_example,
)
from synthloop.records import Slot, Status, make_id
from synthloop.stages import StageContext
from synthloop.teachers import TeacherError
from synthloop.testing import FakeTeacher


def test_clean_example_strips_markers_and_quotes():
    assert clean_example('\n1. "Where is my card?"\nLabel: x') == "Where is my card?"
    assert clean_example("Example: my pin is blocked") == "my pin is blocked"
    assert clean_example("A user wrote:\n\n\"I'd like to track my card\"") == (
        "I'd like to track my card")
    assert clean_example("  \n ") == ""


def test_generation_records_ids_shots_and_failures(tmp_path):
    examples = tmp_path / "real.csv"
    examples.write_text("text,category\ncard one,card_arrival\ncard two,card_arrival\n")
    teacher = FakeTeacher(["- My card is late", "card one", TeacherError("gave up", "timeout"),
                           ""])
    stage = LabelledExamples(
        LabelledExamplesParams(examples=str(examples), label_field="category", shots=2,
                               per_slot=2, domain="bank support chats"),
        teacher="writer")
    ctx = StageContext(spec_hash="h", stage="gen", stage_index=0, seed=0, run_dir=tmp_path,
                       teachers={"writer": teacher})
    stage.setup(ctx)
    slots = [Slot(0, {"skill": "card_arrival"}, seed=1), Slot(1, {"skill": "pin"}, seed=2)]
    recs = asyncio.run(stage.generate(slots, ctx))
    assert [r.id for r in recs] == [make_id("h", "gen", s, k) for s in (0, 1) for k in (0, 1)]
    assert recs[0].data["text"] == "My card is late" and recs[0].status is Status.OK
    assert recs[0].data["label"] == "card_arrival"
    assert recs[1].status is Status.REJECTED and recs[1].status_reason.startswith("the example "
                                                                                 "repeats")
    assert recs[2].status is Status.FAILED and "teacher gave up: gave up: timeout" in (
        recs[2].status_reason)
    assert recs[3].status is Status.FAILED and "no example text" in recs[3].status_reason
    first = teacher.requests[0].messages
    assert first[0]["content"].startswith("You write realistic examples for a "
                                          "text-classification dataset of bank support chats.")
    assert [m["role"] for m in first] == ["system", "user", "assistant", "user", "assistant",
                                          "user"]
    assert sorted(m["content"] for m in first if m["role"] == "assistant") == ["card one",
                                                                               "card two"]
    assert first[-1]["content"] == ("Write one new example with the label 'card_arrival' "
                                    "(card arrival).")
    assert [m["role"] for m in teacher.requests[2].messages] == ["system", "user"]
