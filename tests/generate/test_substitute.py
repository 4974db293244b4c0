"""generate.substitute with a scripted teacher: which words are replaced, the candidates read
from the next token's log-probs, the check against the example's continuation, and the
refusal of teachers that cannot give raw log-probs."""

import asyncio

import pytest

from synthloop.generate.recipe import RecipeInputError
from synthloop.generate.substitute import (
    Spot,
    Substitute,
    SubstituteParams,
    candidates,
    fit,
    spots,
)
from synthloop.records import Slot, Status
from synthloop.spec import Spec
from synthloop.stages import StageContext
from synthloop.testing import Choice, FakeTeacher, TokenLogprob, TopLogprob

REAL = """\
text,category
where is my card?,card_arrival
where is my money?,balance
when does my card arrive,card_arrival
"""
HEADER = "Bank chats, each about card arrival:\n-"


def answer(*alternatives: tuple[str, float]) -> Choice:
    """A one-token answer whose alternatives are ``alternatives``, the first one written."""
    top = tuple(TopLogprob(t, lp) for t, lp in alternatives)
    return Choice(alternatives[0][0], logprobs=[TokenLogprob(*alternatives[0], top)])


def completion(*alternatives: tuple[str, float]):
    from synthloop.teachers.answers import Completion, Usage

    return Completion([answer(*alternatives)], Usage())


def make(tmp_path, script, **params):
    (tmp_path / "real.csv").write_text(REAL)
    teacher = FakeTeacher(script)
    stage = Substitute(SubstituteParams(examples=str(tmp_path / "real.csv"),
                                        label_field="category", domain="Bank chats",
                                        **params), teacher="writer")
    ctx = StageContext(spec_hash="h", stage="sub", stage_index=0, seed=0, run_dir=tmp_path,
                       teachers={"writer": teacher})
    stage.setup(ctx)
    return stage, ctx, teacher


def test_content_words_are_the_ones_replaced():
    assert [s.word for s in spots("Can I change my PIN? It isn't well-known")] == \
        ["change", "PIN"]
    assert spots("where is my card?") == [Spot(12, 16, "card")]
    assert spots("is it ok") == []


def test_candidates_are_whole_words_other_than_the_original():
    got = completion((" card", -1.0), ("Card", -1.5), (" pin", -2.0), (" c", -2.5),
                     (" PIN", -3.0), (" money", -4.0), (" 42", -5.0), (" Money", -6.0))
    assert candidates(got, "PIN") == [("card", -1.0), ("money", -4.0)]


def test_a_candidate_fits_where_the_example_goes_on_as_the_teacher_expects():
    got = completion((" through", -0.5), (" via", -1.0), ("?", -2.0))
    assert fit(got, " through the app?") == -0.5
    assert fit(got, "?") == -2.0
    assert fit(got, " with the app") is None
    assert fit(completion(("\n", -1.0), (".", -2.0)), "") == -1.0
    assert fit(completion((" and", -1.0),), "") is None


def test_the_likeliest_fitting_word_replaces_the_original(tmp_path):
    def script(request):
        tail = request.prompt.removeprefix(HEADER)
        return {" where is my": answer((" card", -0.5), (" money", -1.0), (" parcel", -2.0),
                                       (" account", -3.0)),
                " where is my money": answer(("?", -1.5)),
                " where is my parcel": answer(("?", -0.1), (" now", -0.2)),
                }[tail]

    stage, ctx, teacher = make(tmp_path, script, rescore=2)
    slot = Slot(0, {"skill": "card_arrival", "example": "1"}, seed=1)
    [record] = asyncio.run(stage.generate([slot], ctx))
    # money: -1.0 - 1.5 = -2.5; parcel: -2.0 - 0.1 = -2.1; account is not rescored (rescore 2)
    assert record.data["text"] == "where is my parcel?"
    assert record.data["substitutions"] == [["card", "parcel", -2.1]]
    assert record.data["source"] == "where is my card?"
    assert [r.prompt for r in teacher.requests] == [
        f"{HEADER} where is my", f"{HEADER} where is my money", f"{HEADER} where is my parcel"]
    assert teacher.requests[0].params["max_tokens"] == 1
    assert teacher.requests[0].params["top_logprobs"] == 20
    # the drift control still applies: in a text this short the noun is most of its meaning
    drift = record.verdicts[-1]
    assert (record.status, drift.check) == (Status.REJECTED, "generate.substitute.drifted")
    assert drift.score < 0.5 and drift.reason.endswith(
        "is below 0.5: the variation drifted from the example")
    kept = make(tmp_path, script, rescore=2, min_similarity=0.2)
    [record] = asyncio.run(kept[0].generate([slot], kept[1]))
    assert (record.status, record.verdicts[-1].check) == (Status.OK, "generate.substitute.ok")


def test_no_fitting_word_fails_and_a_real_text_is_a_copy(tmp_path):
    def script(request):
        tail = request.prompt.removeprefix(HEADER)
        return {" where is my": answer((" money", -0.5), (" card", -1.0)),
                " where is my money": answer(("?", -0.2)),
                " when does my": answer((" card", -0.5), (" parcel", -1.0)),
                " when does my parcel": answer(("?", -0.2))}[tail]

    stage, ctx, _ = make(tmp_path, script, rescore=1)
    copy, none = asyncio.run(stage.generate(
        [Slot(0, {"skill": "card_arrival", "example": "1"}, seed=1),
         Slot(1, {"skill": "card_arrival", "example": "2"}, seed=1)], ctx))
    assert (copy.status, copy.verdicts[-1].reason) == (
        Status.REJECTED, "the variation repeats a real example word for word")
    assert none.status is Status.FAILED
    assert none.verdicts[-1].reason == ("no candidate word fits the rest of the example at "
                                        "'card'")


def test_variants_take_different_words(tmp_path):
    stage, _, _ = make(tmp_path, [])
    source = "when does my card arrive"
    first = stage.chosen_spots(source, Slot(0, {"variant": "1"}, seed=0))
    second = stage.chosen_spots(source, Slot(1, {"variant": "2"}, seed=0))
    assert {first[0].word, second[0].word} == {"card", "arrive"}
    assert stage.chosen_spots(source, Slot(2, {"variant": "3"}, seed=0)) == first  # wraps
    with pytest.raises(RecipeInputError, match="variant='x' is not a variant number"):
        stage.chosen_spots(source, Slot(3, {"variant": "x"}, seed=0))
    with pytest.raises(RecipeInputError, match="no content word to replace in 'is it ok'"):
        stage.chosen_spots("is it ok", Slot(4, {}, seed=0))


@pytest.mark.parametrize(("teacher", "problem"), [
    ({"backend": "openai", "model": "m", "base_url": "http://127.0.0.1:9/v1"},
     "teacher 'api' (backend openai) only offers chat; it reads the next word's log-probs "
     "after a prefix of the example, so give this stage a teacher with backend local or "
     "transformers"),
    ({"backend": "transformers", "path": "/nowhere"},
     "teacher backend transformers gives no log-probs; the candidates are the next word's "
     "likeliest tokens"),
])
def test_a_teacher_without_raw_log_probs_is_refused(tmp_path, teacher, problem):
    spec = Spec.model_validate({
        "name": "t", "target": {"size": 1, "taxonomy": [{"skill": "card_arrival"}]},
        "teachers": {"api": teacher},
        "stages": [{"use": "generate.substitute", "teacher": "api", "examples": "x.csv"}]})
    stage = Substitute(SubstituteParams(examples="x.csv"), teacher="api")
    assert stage.check_spec(spec) == [("teacher", problem)]
