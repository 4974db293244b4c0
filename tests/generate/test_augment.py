"""generate.augment with a scripted teacher: which real example each slot rewrites, the
prompt, copies, and the drift control on real embeddings."""

import asyncio

import pytest

from synthloop.generate.augment import Augment, AugmentParams, drift_outcome
from synthloop.generate.recipe import RecipeInputError
from synthloop.records import Slot, Status
from synthloop.stages import StageContext
from synthloop.testing import FakeTeacher

REAL = """\
text,category
my new card has not arrived yet,card_arrival
when will my card be delivered,card_arrival
what is the exchange rate for euros today,exchange_rate
"""


def make(tmp_path, replies, **params):
    (tmp_path / "real.csv").write_text(REAL)
    teacher = FakeTeacher(replies)
    stage = Augment(AugmentParams(examples=str(tmp_path / "real.csv"), label_field="category",
                                  domain="bank support chats", **params), teacher="writer")
    ctx = StageContext(spec_hash="h", stage="aug", stage_index=0, seed=0, run_dir=tmp_path,
                       teachers={"writer": teacher})
    stage.setup(ctx)
    return stage, ctx, teacher


def test_drift_outcome_bounds():
    assert drift_outcome(0.3, 0.5, 0.97) == (
        False, "drifted", "similarity 0.30 to its source is below 0.5: the variation drifted "
                          "from the example")
    assert drift_outcome(0.99, 0.5, 0.97)[1] == "near_copy"
    assert drift_outcome(0.8, 0.5, 0.97) == (
        True, "ok", "similarity 0.80 to its source, within [0.5, 0.97]")


def test_bounds_must_be_ordered():
    with pytest.raises(ValueError, match="min_similarity must be below max_similarity"):
        AugmentParams(examples="x.csv", min_similarity=0.9, max_similarity=0.5)


def test_a_slot_rewrites_its_example_with_its_variation(tmp_path):
    stage, _, _ = make(tmp_path, [])
    request = stage.request(Slot(0, {"skill": "card_arrival", "variation": "register",
                                     "example": "2"}, seed=3), 0)
    assert request.context == {"label": "card_arrival", "variation": "register",
                               "source": "when will my card be delivered"}
    system, user = request.messages
    assert system["content"].startswith("You rewrite examples for a text-classification "
                                        "dataset of bank support chats.")
    assert user["content"] == ("Rewrite it in a different tone: casual and short if it is "
                               "formal, polite and complete if it is casual.\n\nText: when will "
                               "my card be delivered")
    wrapped = stage.request(Slot(1, {"skill": "card_arrival", "variation": "detail",
                                     "example": "3"}, seed=3), 0)
    assert wrapped.context["source"] == "my new card has not arrived yet"
    with pytest.raises(RecipeInputError, match="example='x' is not an example number"):
        stage.request(Slot(2, {"skill": "card_arrival", "example": "x"}, seed=3), 0)
    with pytest.raises(RecipeInputError, match="no real example has the label 'pin'"):
        stage.request(Slot(3, {"skill": "pin"}, seed=3), 0)


def test_drift_copies_and_failures_become_verdicts(tmp_path):
    replies = ["My card still hasn't come in the mail, when will it get here?",
               "I love long walks on the beach at sunset.",
               "My new card has not arrived yet.",
               "when will my card be delivered",
               ""]
    stage, ctx, _ = make(tmp_path, replies)
    slots = [Slot(i, {"skill": "card_arrival", "variation": "paraphrase", "example": n},
                  seed=i) for i, n in enumerate(["1", "1", "1", "2", "1"])]
    recs = asyncio.run(stage.generate(slots, ctx))
    good, far, near, copy, empty = recs
    assert good.status is Status.OK and good.data["source"] == "my new card has not arrived yet"
    assert good.verdicts[-1].check == "generate.augment.ok" and 0.5 <= good.verdicts[-1].score
    assert far.status is Status.REJECTED and far.verdicts[-1].check == "generate.augment.drifted"
    assert far.status_reason.endswith("the variation drifted from the example")
    assert near.verdicts[-1].check == "generate.augment.near_copy"
    assert copy.verdicts[-1].check == "generate.augment.copied"
    assert copy.status_reason == "the variation repeats a real example word for word"
    assert empty.status is Status.FAILED and "holds no text" in empty.status_reason
    assert [r.data.get("variation") for r in recs] == ["paraphrase"] * 5


def test_demonstrations_of_the_slot_variation_come_first(tmp_path):
    demos = [{"variation": "paraphrase", "text": "I lost my card", "rewrite": "My card is gone"},
             {"variation": "detail", "text": "I lost my card",
              "rewrite": "I lost my card in Paris on Monday"}]
    stage, _, _ = make(tmp_path, [], demonstrations=demos)
    messages = stage.request(Slot(0, {"skill": "card_arrival", "variation": "detail",
                                      "example": "1"}, seed=3), 0).messages
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[1]["content"].endswith("Text: I lost my card")
    assert messages[2]["content"] == "I lost my card in Paris on Monday"
    with pytest.raises(ValueError, match="demonstrations name unknown variations: shout"):
        AugmentParams(examples="x.csv", demonstrations=[{"variation": "shout", "text": "a",
                                                         "rewrite": "A"}])


def test_a_verbatim_variation_puts_the_clause_before_the_unchanged_source(tmp_path):
    replies = ["I'm travelling in Spain next week",
               "Hello! my new card has not arrived yet",
               "my new card has not arrived yet",
               "I love long walks on the beach at sunset, the tide, the sand and the gulls."]
    stage, ctx, _ = make(tmp_path, replies, variations={},
                         verbatim={"context": "Say where the writer is."})
    request = stage.request(Slot(0, {"skill": "card_arrival", "example": "1"}, seed=3), 0)
    assert request.context["variation"] == "context"
    assert request.messages[0]["content"].startswith("You add context to examples")
    assert request.messages[-1]["content"] == ("Say where the writer is.\n\nText: my new card "
                                               "has not arrived yet")
    slots = [Slot(i, {"skill": "card_arrival", "example": "1"}, seed=i) for i in range(4)]
    clause, echoed, only_echo, far = asyncio.run(stage.generate(slots, ctx))
    assert clause.data["text"] == ("I'm travelling in Spain next week. my new card has not "
                                   "arrived yet")
    assert clause.status is Status.OK and clause.data["variation"] == "context"
    assert echoed.data["text"] == "Hello! my new card has not arrived yet"
    assert only_echo.status is Status.FAILED
    assert only_echo.status_reason == "the teacher's reply holds no clause besides the example"
    # the source is there word for word, yet a clause that swamps it still drifts
    assert far.data["text"].endswith("gulls. my new card has not arrived yet")
    assert far.verdicts[-1].check == "generate.augment.drifted"


def test_a_kind_is_either_a_rewrite_or_verbatim():
    with pytest.raises(ValueError, match="context: a kind is either a variation or verbatim"):
        AugmentParams(examples="x.csv", variations={"context": "a"}, verbatim={"context": "b"})
