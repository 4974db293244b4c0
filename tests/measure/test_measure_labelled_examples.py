"""generate.labelled_examples with a scripted teacher: prompts, ids, cleaning, failures."""

import asyncio

from synthloop.generate.labelled_examples import (
    LabelledExamples,
    LabelledExamplesParams,
    clean_example,
)
from synthloop.records import Slot, Status, make_id
from synthloop.spec import Spec
from synthloop.stages import StageContext
from synthloop.teachers import Choice, TeacherError
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


class CompletingTeacher(FakeTeacher):
    """A scripted teacher that also continues raw text (its prompt arrives as one message)."""

    features = frozenset({"completion"})

    async def _complete_raw(self, prompt, params):
        return await self._complete([{"role": "raw", "content": prompt}], params, None)


def test_list_style_continues_a_raw_list_and_rejects_copies_and_cut_items(tmp_path):
    examples = tmp_path / "real.csv"
    examples.write_text("text,category\nWhere is my card?,card_arrival\n"
                        "My card has  not come,card_arrival\n")
    teacher = CompletingTeacher([
        ' "Has my new card been sent yet?"', " where is my card?", " Where is my card??",
        Choice(" I ordered a card last week and it still", finish_reason="length"), " "])
    stage = LabelledExamples(
        LabelledExamplesParams(examples=str(examples), label_field="category", shots=2,
                               per_slot=5, domain="messages that customers send to a bank",
                               style="list", max_shot_similarity=0.9),
        teacher="writer")
    ctx = StageContext(spec_hash="h", stage="gen", stage_index=0, seed=0, run_dir=tmp_path,
                       teachers={"writer": teacher})
    stage.setup(ctx)
    recs = asyncio.run(stage.generate([Slot(0, {"skill": "card_arrival"}, seed=1)], ctx))
    assert recs[0].status is Status.OK and recs[0].data == {
        "label": "card_arrival", "text": "Has my new card been sent yet?",
        "raw": ' "Has my new card been sent yet?"'}
    assert [(r.status, r.status_reason) for r in recs[1:]] == [
        (Status.REJECTED, "the example repeats one of the real examples shown"),
        (Status.REJECTED, "the example is at least 0.9 like one of the real examples shown"),
        (Status.REJECTED, "the item was cut off at max_tokens before its line ended"),
        (Status.FAILED, "the teacher's reply holds no example text")]
    prompts = [r.messages[0]["content"] for r in teacher.requests]
    assert {p.split("\n")[0] for p in prompts} == {
        "Messages that customers send to a bank, each about card arrival:"}
    assert all(p.endswith("\n-") and sorted(p.split("\n")[1:3]) == [
        "- My card has not come", "- Where is my card?"] for p in prompts)
    assert len({p.split("\n")[1] for p in prompts}) == 2  # each sample shuffles the shots
    assert teacher.requests[0].params["stop"] == ["\n"]
    assert stage.prompt_templates() == ("{domain}, each about {description}:",)


def test_list_style_needs_a_teacher_that_continues_raw_text():
    spec = Spec.model_validate({
        "name": "t", "target": {"size": 1, "taxonomy": [{"skill": "card_arrival"}]},
        "teachers": {"api": {"backend": "openai", "model": "m",
                             "base_url": "http://127.0.0.1:9/v1"}},
        "stages": [{"use": "generate.labelled_examples", "teacher": "api", "style": "list"}]})
    stage = LabelledExamples(LabelledExamplesParams(style="list"), teacher="api")
    assert stage.check_spec(spec) == [(
        "teacher", "teacher 'api' (backend openai) only offers chat; style: list continues a "
        "list of examples as raw text, so give this stage a teacher with backend local or "
        "transformers")]
    assert LabelledExamples(LabelledExamplesParams(), teacher="api").check_spec(spec) == []
