"""validate.judge: rubric parsing, the log-prob expectation, and every verdict code of the
stage on literal records with a scripted judge."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from synthloop.checks.judge import padded
from synthloop.checks.rubric import (
    Rubric,
    choice_probability,
    expected_score,
    parse_choice,
    token_distribution,
)
from synthloop.records import Record, Status
from synthloop.stages import StageContext
from synthloop.store import BatchResult, RunStore
from synthloop.teachers.answers import Messages
from synthloop.teachers.answers import TokenLogprob as Tok
from synthloop.teachers.answers import TopLogprob as Alt
from synthloop.testing import Choice, FakeTeacher
from synthloop.validate.judge import JudgeParams, JudgeStage

RUBRIC = Rubric()


# -- reading answers ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,score,rationale", [
    ("Score: 4\nReason: correct but terse.", 4, "correct but terse"),
    ("**Score:** 2\nReason: lists vegetables, not advantages", 2,
     "lists vegetables, not advantages"),
    ("5 - nothing to improve.", 5, "nothing to improve"),
])
def test_parse_score(text: str, score: int, rationale: str) -> None:
    assert RUBRIC.parse_score(text) == (score, rationale)


@pytest.mark.parametrize("text,error", [
    ("Score: 7\nReason: great", "score 7 is not a level of the rubric (1 to 5)"),
    ("A great answer.", "no score found; start the answer with 'Score: <1-5>'"),
])
def test_parse_score_refuses(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error.replace("(", r"\(").replace(")", r"\)")):
        RUBRIC.parse_score(text)


@pytest.mark.parametrize("text,letter", [("A", "A"), (" **B**", "B"), ("Response b.", "B")])
def test_parse_choice(text: str, letter: str) -> None:
    assert parse_choice(text) == letter


def test_parse_choice_refuses_other_words() -> None:
    with pytest.raises(ValueError, match="answer with the single letter A or B"):
        parse_choice("Both are good")


def test_rubric_levels_must_be_anchored() -> None:
    with pytest.raises(ValidationError, match=r"consecutive scores 1..N .* got \[1, 3\]"):
        Rubric(levels={1: "bad", 3: "good"})
    with pytest.raises(ValidationError, match=r"level\(s\) \[2\] have no description"):
        Rubric(levels={1: "bad", 2: " "})


# -- log-probs ---------------------------------------------------------------------------------
def test_expected_score_is_the_renormalised_expectation_over_levels() -> None:
    lp = {"1": math.log(0.05), "4": math.log(0.3), "5": math.log(0.15), "The": math.log(0.5)}
    # levels hold half the mass: 1*0.1 + 4*0.6 + 5*0.3 = 4.0
    assert expected_score(lp, [1, 2, 3, 4, 5]) == pytest.approx(4.0)
    assert expected_score({"The": 0.0, "7": -1.0}, [1, 2, 3, 4, 5]) is None


def test_token_distribution_reads_the_first_score_position() -> None:
    tokens = [Tok("Score", -0.1, (Alt("Score", -0.1),)), Tok(":", 0.0, (Alt(":", 0.0),)),
              Tok(" 4", -0.5, (Alt(" 4", -0.5), Alt(" 3", -1.5), Alt("4", -2.0),
                               Alt(" The", -3.0))),
              Tok("\n", 0.0), Tok("2", -0.1, (Alt("2", -0.1),))]
    got = token_distribution(tokens, ["1", "2", "3", "4", "5"])
    assert got is not None and set(got) == {"3", "4"}
    assert math.exp(got["4"]) == pytest.approx(math.exp(-0.5) + math.exp(-2.0))
    assert got["3"] == -1.5
    assert token_distribution([Tok("Good", 0.0)], ["1", "2"]) is None
    assert token_distribution(None, ["1"]) is None


def test_choice_probability() -> None:
    assert choice_probability({"A": math.log(0.6), "B": math.log(0.2)}) == pytest.approx(0.75)
    assert choice_probability({"The": 0.0}) is None


# -- the stage ---------------------------------------------------------------------------------
def parsed(**params: object) -> JudgeParams:
    """Parameters of a judge that reads its answers' text (no log-probs asked)."""
    return JudgeParams.model_validate({"logprobs": False, **params})


def run(params: JudgeParams, script: Callable[[Messages], str], *data: dict[str, str],
        ) -> tuple[list[Record], FakeTeacher]:
    teacher = FakeTeacher(lambda request: script(request.messages), name="judge",
                          model="scripted-judge", temperature=0.0)
    stage = JudgeStage(params, teacher="judge")
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=1, seed=0,
                       run_dir=Path.cwd(), teachers={"judge": teacher})
    records = [Record(id=str(i), data=dict(d)) for i, d in enumerate(data)]
    return asyncio.run(stage.process(records, ctx)), teacher


def replies(*texts: str) -> Callable[[Messages], str]:
    it = iter(texts)
    return lambda _messages: next(it)


HOME = {"instruction": "2 advantages of working from home:", "response": "Carrot"}


def test_low_score_rejects_with_the_rationale() -> None:
    [rec], teacher = run(parsed(), replies(
        '{"score": 1, "reason": "a vegetable, not advantages."}'), HOME)
    verdict = rec.verdicts[-1]
    assert rec.status is Status.REJECTED
    assert verdict.check == "validate.judge.low_score"
    assert verdict.reason == "score 1 < threshold 3 (parsed): a vegetable, not advantages."
    assert verdict.score == 1
    prompt = teacher.requests[0].messages[-1]["content"]
    assert "[Response]\nCarrot" in prompt and "1: Ignores the instruction" in prompt
    assert 'Reply with JSON only: {"score": <a number from 1 to 5>' in prompt
    assert "[Reference answer" not in prompt


def test_ok_keeps_the_judge_in_the_record() -> None:
    [rec], _ = run(parsed(), replies('{"score": 4, "reason": "fine"}'),
                   {"instruction": "Name an orange vegetable.", "response": "Carrot"})
    assert rec.status is Status.OK
    assert rec.verdicts[-1].check == "validate.judge.ok"
    assert rec.verdicts[-1].reason == "score 4 >= threshold 3 (parsed): fine"
    judgement = rec.verdicts[-1].details
    assert judgement is not None and "judgement" not in rec.data
    assert judgement["judge"]["prompt_hash"] == RUBRIC.prompt_hash()
    assert judgement["judge"]["teacher"]["model"] == "scripted-judge"
    assert judgement["judge"]["teacher"]["temperature"] == 0.0
    assert judgement["judge"]["answer"] == "json"
    assert (judgement["score"], judgement["rationale"], judgement["from"]) == (4, "fine", "text")


def test_reference_guided_when_the_record_has_one() -> None:
    _, teacher = run(parsed(), replies('{"score": 5, "reason": "matches"}'),
                     {"instruction": "What is 2+2?", "response": "4", "reference": "4"})
    assert "[Reference answer, known to be correct]\n4\n" in teacher.requests[0].messages[-1]["content"]


def test_self_consistency_takes_the_median_and_reports_the_spread() -> None:
    [rec], _ = run(parsed(samples=3), replies('{"score": 2, "reason": "weak"}',
                                                    '{"score": 5, "reason": "great"}',
                                                    '{"score": 4, "reason": "good"}'), HOME)
    assert rec.verdicts[-1].check == "validate.judge.ok"
    assert rec.verdicts[-1].reason == \
        "score 4 >= threshold 3 (median of 3: [2.0, 5.0, 4.0], spread 3): good"
    assert rec.verdicts[-1].details is not None
    assert rec.verdicts[-1].details["spread"] == 3


def test_text_answers_are_parsed() -> None:
    [rec], teacher = run(parsed(answer="text"), replies("Score: 2\nReason: weak."), HOME)
    assert "Reply in exactly this form:\nScore: <a number from 1 to 5>" in \
        teacher.requests[0].messages[-1]["content"]
    assert rec.verdicts[-1].reason == "score 2 < threshold 3 (parsed): weak"


@pytest.mark.parametrize("answer,first,second", [
    ("text", "Looks fine to me.", "Score: 3\nReason: ok."),
    ("json", '{"score": 9, "reason": "x"}', '{"score": 3, "reason": "ok"}'),
])
def test_an_unparsable_answer_is_retried_once(answer: str, first: str, second: str) -> None:
    [rec], teacher = run(parsed(answer=answer), replies(first, second), HOME)
    assert len(teacher.requests) == 2
    assert teacher.requests[1].messages[-2] == {"role": "assistant", "content": first}
    assert rec.verdicts[-1].check == "validate.judge.ok"


@pytest.mark.parametrize("answer,raw,error", [
    ("text", "Really fine.", "no score found; start the answer with 'Score: <1-5>'"),
    ("json", '{"score": "high"}', "'reason' is a required property"),
])
def test_an_answer_unparsable_twice_quarantines_the_record_with_its_raw_text(
        answer: str, raw: str, error: str) -> None:
    [rec], teacher = run(parsed(answer=answer), replies("Looks fine to me.", raw), HOME)
    assert len(teacher.requests) == 2
    assert rec.status is Status.FAILED
    assert rec.verdicts[-1].check == "validate.judge.failed"
    assert rec.status_reason is not None
    assert rec.status_reason.startswith("teacher gave up: unparsable answer after one repair "
                                        "attempt: ")
    assert error in rec.status_reason
    assert rec.data["raw"] == raw


def test_no_response() -> None:
    [rec], teacher = run(parsed(), replies(), {"instruction": "Say hi."})
    assert rec.verdicts[-1].check == "validate.judge.no_response"
    assert rec.verdicts[-1].reason == "the record has no response to judge"
    assert teacher.requests == []


PAIR = {"instruction": "What is the capital of France?", "chosen": "Paris.",
        "rejected": "Lyon."}


def prefers(word: str) -> Callable[[Messages], str]:
    """A judge that picks the response containing ``word`` wherever it is shown."""
    def pick(messages: Messages) -> str:
        text = messages[-1]["content"]
        a = text.split("[Response A]")[1].split("[Response B]")[0]
        return "A" if word in a else "B"
    return pick


@pytest.mark.parametrize("script,code,passed,reason", [
    (prefers("Paris"), "agree", True, "the judge prefers chosen in both orders "
     "(chosen shown first: A, shown second: B)"),
    (prefers("Lyon"), "disagree", False, "the judge prefers rejected in both orders "
     "(chosen shown first: B, shown second: A)"),
    (lambda _m: "A", "tie", False, "the judge's preference follows the order "
     "(chosen shown first: A, shown second: A)"),
])
def test_pairwise_judges_both_orders(script: Callable[[Messages], str], code: str,
                                     passed: bool, reason: str) -> None:
    [rec], teacher = run(parsed(mode="pairwise", length_probe=False), script, PAIR)
    assert len(teacher.requests) == 2
    shown = [r.messages[-1]["content"].split("[Response A]\n")[1].split("\n")[0]
             for r in teacher.requests]
    assert shown == ["Paris.", "Lyon."]
    verdict = rec.verdicts[-1]
    assert (verdict.check, verdict.passed, verdict.reason) == \
        (f"validate.judge.{code}", passed, reason)
    assert verdict.details is not None
    assert verdict.details["winner"] == {"agree": "chosen", "disagree": "rejected",
                                               "tie": "tie"}[code]


def longer_one(messages: Messages) -> str:
    """A judge that picks the longer response, whatever it says."""
    text = messages[-1]["content"]
    a, b = text.split("[Response A]\n")[1].split("\n\n[Response B]\n")
    return "A" if len(a) >= len(b.split("\n\nReply with")[0]) else "B"


SQUARE = {"instruction": "What is 12 squared?", "chosen": "144.",
          "rejected": "12 squared is 124, because twelve twelves are ten twelves, 120, plus four."}


def test_a_judge_that_prefers_length_is_caught_by_the_padded_probe() -> None:
    [rec], teacher = run(parsed(mode="pairwise"), longer_one, SQUARE)
    assert len(teacher.requests) == 4
    verdict = rec.verdicts[-1]
    assert (verdict.check, verdict.passed) == ("validate.judge.length_bias", False)
    assert verdict.reason == (
        "the judge preferred the longer rejected (74 characters against 4), and preferred the "
        "padded chosen once the chosen was padded to 112 characters with nothing new: its "
        "preference follows length")
    assert verdict.details is not None
    assert verdict.details["length_probe"] == {"padded_to": 112, "orders": ["B", "A"]}


def test_a_judge_that_weighs_content_passes_the_length_probe() -> None:
    pair = {**SQUARE, "chosen": "12 squared is 144: twelve twelves are ten twelves, 120, plus "
            "two twelves, 24.", "rejected": "124."}
    [rec], teacher = run(parsed(mode="pairwise"), prefers("144"), pair)
    assert rec.verdicts[-1].check == "validate.judge.agree"
    probe = teacher.requests[2].messages[-1]["content"]
    assert "[Response B]\n124.\n\nTo restate the question: What is 12 squared?\n\n" \
           "In short: 124." in probe


def test_any_length_advantage_is_probed_by_default() -> None:
    # a wrong answer 1.38 times longer bought a length-biased judge's "agree" when only 1.5x
    # was probed
    pair = {"instruction": "What is 12 squared?", "chosen": "It is 144.",
            "rejected": "It is 124, ok."}
    [rec], teacher = run(parsed(mode="pairwise"), longer_one, pair)
    assert len(teacher.requests) == 4
    assert rec.verdicts[-1].check == "validate.judge.length_bias"
    assert rec.verdicts[-1].reason.startswith(
        "the judge preferred the longer rejected (14 characters against 10)")


def test_lengths_below_the_ratio_or_equal_need_no_probe() -> None:
    [rec], teacher = run(parsed(mode="pairwise", length_ratio=1.5), longer_one, PAIR)
    assert len(teacher.requests) == 2 and rec.verdicts[-1].check == "validate.judge.agree"
    same = {**PAIR, "chosen": "Paris", "rejected": "Lyons"}
    [rec], teacher = run(parsed(mode="pairwise"), prefers("Paris"), same)
    assert len(teacher.requests) == 2 and rec.verdicts[-1].check == "validate.judge.agree"


def bold_first(messages: Messages) -> str:
    """A judge that picks the response in bold where only one is, else the one saying 144."""
    a, b = messages[-1]["content"].split("[Response A]\n")[1].split("\n\n[Response B]\n")
    if ("**" in a) != ("**" in b):
        return "A" if "**" in a else "B"
    return "A" if "144" in a else "B"


def test_a_judge_that_prefers_markdown_is_caught_by_the_surface_probe() -> None:
    pair = {**SQUARE, "chosen": "**124**", "rejected": "144."}
    [rec], teacher = run(parsed(mode="pairwise", length_probe=False), bold_first, pair)
    assert len(teacher.requests) == 4
    assert "[Response A]\n124\n\n[Response B]\n144.\n" in \
        teacher.requests[2].messages[-1]["content"]
    verdict = rec.verdicts[-1]
    assert (verdict.check, verdict.passed) == ("validate.judge.surface_bias", False)
    assert verdict.reason == (
        "the judge preferred chosen, and preferred rejected once both were stripped of "
        "markdown, hedges, confident or cited phrasing and agreement with the asker: its "
        "preference follows the form, not the content")
    assert verdict.details is not None
    assert verdict.details["surface_probe"] == {"stripped": [True, False], "orders": ["B", "A"]}


def test_a_judge_that_weighs_content_passes_the_surface_probe() -> None:
    pair = {**SQUARE, "chosen": "Yes, clearly **144**.", "rejected": "I think 124."}
    [rec], teacher = run(parsed(mode="pairwise", length_probe=False), prefers("144"), pair)
    assert len(teacher.requests) == 4
    assert "[Response A]\n144.\n\n[Response B]\n124.\n" in \
        teacher.requests[2].messages[-1]["content"]
    assert rec.verdicts[-1].check == "validate.judge.agree"


def test_yes_or_no_stays_where_the_question_asks_for_it() -> None:
    # stripped of its "No", the right answer to a yes/no question read like the wrong one and
    # a judge that weighed content lost its verdict to the surface probe
    pair = {"instruction": "Can penguins fly?",
            "chosen": "No, definitely: their wings are flippers.",
            "rejected": "Yes, their wings are flippers."}
    [rec], teacher = run(parsed(mode="pairwise", length_probe=False), prefers("No"), pair)
    assert len(teacher.requests) == 4
    assert "[Response A]\nNo: their wings are flippers.\n\n[Response B]\nYes, their wings " \
        "are flippers.\n" in teacher.requests[2].messages[-1]["content"]
    assert rec.verdicts[-1].check == "validate.judge.agree"


def test_the_surface_probe_runs_only_after_agree_and_can_be_turned_off() -> None:
    pair = {**SQUARE, "chosen": "**124**", "rejected": "144."}
    [rec], teacher = run(parsed(mode="pairwise", length_probe=False, surface_probe=False),
                         bold_first, pair)
    assert len(teacher.requests) == 2 and rec.verdicts[-1].check == "validate.judge.agree"
    swapped = {**SQUARE, "chosen": "144.", "rejected": "**124**"}
    [rec], teacher = run(parsed(mode="pairwise", length_probe=False), bold_first, swapped)
    assert len(teacher.requests) == 2 and rec.verdicts[-1].check == "validate.judge.disagree"


def test_padded_adds_only_the_question_and_the_text_again() -> None:
    assert padded("4.", "What is 2 + 2?", 30) == \
        "4.\n\nTo restate the question: What is 2 + 2?"
    assert padded("4.", "2+2?", 50) == \
        "4.\n\nTo restate the question: 2+2?\n\nIn short: 4.\n\nTo restate the question: 2+2?"


def test_pairwise_needs_a_pair() -> None:
    [rec], _ = run(parsed(mode="pairwise"), replies(), HOME)
    assert rec.verdicts[-1].check == "validate.judge.no_pair"
    assert rec.verdicts[-1].reason == \
        "pairwise judging needs text fields 'chosen' and 'rejected'"


def test_check_refuses_self_consistency_at_temperature_zero(tmp_path: Path) -> None:
    from synthloop.errors import SpecError
    from synthloop.spec_check import load_spec

    spec = tmp_path / "spec.yaml"
    text = """
name: j
target: {size: 1}
teachers:
  judge: {backend: local, temperature: SAMPLING}
stages:
  - {use: generate.prompt, template: "Write a question."}
  - {use: validate.judge, teacher: judge, samples: 3}
"""
    spec.write_text(text.replace("SAMPLING", "0"))
    with pytest.raises(SpecError, match=(
            r"spec.yaml:8:\d+: stages\[1\].samples: 3 samples from a teacher at temperature 0 "
            r"are one answer repeated; give the judge's teacher a temperature above 0")):
        load_spec(spec)
    spec.write_text(text.replace("SAMPLING", "0.7"))
    assert load_spec(spec).stages[1].use == "validate.judge"


def scored(text: str, top: dict[str, float]) -> Choice:
    """A JSON answer whose score token has the alternatives ``top`` (log-probs)."""
    score = text.split('"score": ')[1][0]
    return Choice(text, logprobs=[Tok('{"', -0.01), Tok("score", 0.0), Tok('":', 0.0),
                                  Tok(" " + score, top[score],
                                      tuple(Alt(" " + t, lp) for t, lp in top.items())),
                                  Tok(",", 0.0)])


def test_logprobs_make_the_score_an_expectation() -> None:
    # the sampled 3 holds 0.5, 4 holds 0.3 and 1 holds 0.2: expectation 0.2 + 1.5 + 1.2 = 2.9
    top = {"3": math.log(0.5), "4": math.log(0.3), "1": math.log(0.2)}
    teacher = FakeTeacher([scored('{"score": 3, "reason": "partly right"}', top)],
                          name="judge", model="scripted-judge", temperature=0.0)
    stage = JudgeStage(JudgeParams(), teacher="judge")
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=1, seed=0,
                       run_dir=Path.cwd(), teachers={"judge": teacher})
    [rec] = asyncio.run(stage.process([Record(id="r", data=dict(HOME))], ctx))
    assert teacher.requests[0].params["logprobs"] is True
    assert teacher.requests[0].params["top_logprobs"] == 20
    verdict = rec.verdicts[-1]
    assert verdict.check == "validate.judge.low_score"
    assert verdict.score == pytest.approx(2.9)
    assert verdict.reason == ("score 2.9 < threshold 3 (log-prob expectation; the rationale "
                              "was written for 3): partly right")
    assert verdict.details is not None
    assert (verdict.details["from"], verdict.details["judge"]["logprobs"]) == ("logprobs", True)
    assert verdict.details["written_score"] == 3


def test_a_rationale_written_for_a_failing_digit_says_so_when_the_expectation_passes() -> None:
    # The judge writes 1 "Off-topic", but 3 holds 0.7 of the probability: expectation
    # 0.3 + 2.1 = 2.4 passes a threshold of 2; the rationale is attributed to the 1 it was
    # written for, not presented as the reason of a pass.
    top = {"1": math.log(0.3), "3": math.log(0.7)}
    teacher = FakeTeacher([scored('{"score": 1, "reason": "Off-topic"}', top)],
                          name="judge", model="scripted-judge", temperature=0.0)
    stage = JudgeStage(JudgeParams(threshold=2), teacher="judge")
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=1, seed=0,
                       run_dir=Path.cwd(), teachers={"judge": teacher})
    [rec] = asyncio.run(stage.process([Record(id="r", data=dict(HOME))], ctx))
    verdict = rec.verdicts[-1]
    assert (rec.status, verdict.check, verdict.score) == (Status.OK, "validate.judge.ok", 2.4)
    assert verdict.reason == ("score 2.4 >= threshold 2 (log-prob expectation; the rationale "
                              "was written for 1): Off-topic")


def test_pairwise_with_logprobs_reports_the_probability_of_chosen() -> None:
    # chosen shown first: P(A) 0.8; shown second: P(B) 0.6 -> p_chosen (0.8 + 0.6) / 2
    answers = [Choice("A", logprobs=[Tok("A", math.log(0.8), (Alt("A", math.log(0.8)),
                                                               Alt("B", math.log(0.2))))]),
               Choice("B", logprobs=[Tok("B", math.log(0.6), (Alt("B", math.log(0.6)),
                                                               Alt("A", math.log(0.4))))])]
    teacher = FakeTeacher(answers, name="judge", model="scripted-judge", temperature=0.0)
    stage = JudgeStage(JudgeParams(mode="pairwise", length_probe=False), teacher="judge")
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=1, seed=0,
                       run_dir=Path.cwd(), teachers={"judge": teacher})
    [rec] = asyncio.run(stage.process([Record(id="r", data=dict(PAIR))], ctx))
    assert rec.verdicts[-1].check == "validate.judge.agree"
    assert rec.verdicts[-1].score == pytest.approx(0.7)


def test_pairwise_reads_the_first_token_odds_and_falls_back_to_the_text() -> None:
    answers = [
        # chosen first: the model starts "The", but A outweighs B among the alternatives
        Choice("The", logprobs=[Tok("The", math.log(0.5), (
            Alt("The", math.log(0.5)), Alt("A", math.log(0.3)), Alt(" B", math.log(0.1))))]),
        # chosen second: no letter among the alternatives -> asked again, answer parsed
        Choice("Hmm", logprobs=[Tok("Hmm", 0.0, (Alt("Hmm", 0.0),))]),
        Choice("B", logprobs=[Tok("B", 0.0)]),
    ]
    teacher = FakeTeacher(answers, name="judge", model="scripted-judge", temperature=0.0)
    stage = JudgeStage(JudgeParams(mode="pairwise", length_probe=False), teacher="judge")
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=1, seed=0,
                       run_dir=Path.cwd(), teachers={"judge": teacher})
    [rec] = asyncio.run(stage.process([Record(id="r", data=dict(PAIR))], ctx))
    assert [r.params["max_tokens"] for r in teacher.requests] == [1, 1, 4]
    verdict = rec.verdicts[-1]
    assert verdict.check == "validate.judge.agree"
    assert verdict.score is None  # one order had no odds
    assert verdict.details is not None and verdict.details["orders"] == ["A", "B"]


@pytest.mark.parametrize("params,data", [(parsed(answer="text"), HOME),
                                         (parsed(mode="pairwise"), PAIR)])
def test_the_raw_text_of_a_quarantined_judge_answer_reaches_the_store(
        tmp_path: Path, params: JudgeParams, data: dict[str, str]) -> None:
    """A record read from the store and quarantined by the judge keeps the judge's raw answer
    in the store, not only in memory."""
    store = RunStore(tmp_path / "run.db")
    store.commit_batch(BatchResult(new_records=[Record(id="r", data=dict(data))]))
    [loaded] = store.iter_records()
    teacher = FakeTeacher(lambda _request: "No idea, both are fine.", name="judge")
    stage = JudgeStage(params, teacher="judge")
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=1, seed=0,
                       run_dir=tmp_path, teachers={"judge": teacher})
    [judged] = asyncio.run(stage.process([loaded], ctx))
    assert judged.status is Status.FAILED
    store.commit_batch(BatchResult(updated_records=[judged]))
    [stored] = RunStore(tmp_path / "run.db").iter_records()
    assert stored.status is Status.FAILED
    assert stored.data["raw"] == "No idea, both are fine."
