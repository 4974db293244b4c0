"""generate.preference: candidates from the record, a weakened solver and teachers, scored by
a verifier stage (answer_check, execute) or a pairwise judge in both orders, then paired."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from synthloop.export.styles import format_rows
from synthloop.generate.math_problems import SKILLS, MathParams, MathWordProblems
from synthloop.generate.preference import (
    Candidate,
    Drop,
    Preference,
    PreferenceParams,
    length_report,
    pair,
    weaken,
)
from synthloop.records import Record, Slot, Status
from synthloop.spec import Spec
from synthloop.stages import StageContext
from synthloop.teachers.base import Messages
from synthloop.testing import FakeTeacher
from synthloop.validate.answer_check import FINAL

TRACE = "Speed: 120/4 = <<120/4=30>>30 km per hour\nDistance: 30*3 = <<30*3=90>>90\n#### 90"


def ctx(stage: str, teachers: dict[str, Any] | None = None) -> StageContext:
    return StageContext(spec_hash="h", stage=stage, stage_index=0, seed=0,
                        run_dir=Path("/nonexistent"), teachers=teachers or {})


def math_records(n: int) -> list[Record]:
    slots = [Slot(index=i, seed=1000 + i, attributes={"skill": SKILLS[i % len(SKILLS)]})
             for i in range(n)]
    return asyncio.run(MathWordProblems(MathParams()).generate(slots, ctx("generate.math")))


def run(records: list[Record], teachers: dict[str, Any] | None = None,
        teacher: str | None = None, **params: object) -> list[Record]:
    stage = Preference(PreferenceParams.model_validate(params), teacher=teacher)
    return asyncio.run(stage.process(records, ctx("generate.preference", teachers)))


def test_weaken_changes_last_step_and_final_answer() -> None:
    assert weaken(TRACE, 0) == ("Speed: 120/4 = <<120/4=30>>30 km per hour\n"
                                "Distance: 30*3 = <<30*3=91>>91\n#### 91")
    assert weaken(TRACE, 2).endswith("<<30*3=93>>93\n#### 93")


def test_simulator_vs_weakened_solver_pairs_are_correct_over_incorrect() -> None:
    records = run(math_records(200), weakened=2, strategy="best_vs_random_lower")
    good = sum(FINAL.findall(r.data["chosen"])[-1] == r.data["answer"]
               and FINAL.findall(r.data["rejected"])[-1] != r.data["answer"] for r in records)
    share = good / len(records)
    print(f"correct chosen and incorrect rejected: {good}/{len(records)} = {share:.1%}")
    assert share >= 0.95
    assert all(r.status is Status.OK for r in records)
    assert {r.data["rejected"] != weaken(r.data["trace"], 0) for r in records} == {True, False}


def test_pair_record_fields_and_reason() -> None:
    rec = Record(id="r1", data={"question": "How far?", "trace": TRACE, "answer": "90"})
    (out,) = run([rec], weakened=1)
    assert out.data["prompt"] == "How far?"
    assert out.data["chosen"] == TRACE
    assert out.data["rejected"].endswith("#### 91")
    assert (out.data["chosen_score"], out.data["rejected_score"]) == (1.0, 0.0)
    assert out.data["length_ratio"] == 1.0
    verdict = out.verdicts[-1]
    assert verdict.check == "generate.preference.paired"
    assert verdict.reason == ("chosen response 1 vs rejected weakened-1 0 (step 2: 30*3 "
                              "evaluates to 90, trace says 91); length ratio 1")
    assert verdict.details is not None
    assert [c["source"] for c in verdict.details["candidates"]] == ["response", "weakened-1"]


def test_tie_is_rejected_with_reason() -> None:
    # the stated answer is wrong, so the simulator's trace fails too: every candidate scores 0
    rec = Record(id="r2", data={"question": "How far?", "trace": TRACE, "answer": "7"})
    (out,) = run([rec], weakened=1)
    assert out.status is Status.REJECTED
    assert out.verdicts[-1].check == "generate.preference.tie"
    assert out.status_reason == "all 2 candidates score 0: a tie, no preference"
    assert "chosen" not in out.data


def test_trace_without_steps_is_rejected_with_reason() -> None:
    rec = Record(id="r3", data={"question": "Q?", "trace": "it is 4", "answer": "4"})
    (out,) = run([rec], weakened=1)
    assert out.verdicts[-1].check == "generate.preference.unweakenable"
    assert out.status_reason == ("cannot weaken 'trace': needs a trace with <<expr=value>> "
                                 "steps and a final '#### answer' line")


def test_pairing_strategies_and_margin() -> None:
    cands = [Candidate("a", "a", 0.9), Candidate("b", "b", 0.6), Candidate("c", "c", 0.1),
             Candidate("d", "d", 0.85)]
    assert pair(cands, "best_vs_worst", 0.5, random.Random(0)) == (cands[0], cands[2])
    picks = set()
    for seed in range(20):
        picked = pair(cands, "best_vs_random_lower", 0.2, random.Random(seed))
        assert not isinstance(picked, Drop)
        picks.add(picked[1].source)
    assert picks == {"b", "c"}
    assert pair(cands, "best_vs_worst", 0.9, random.Random(0)) == Drop(
        "small_margin", "best 0.9 and worst 0.1 differ by less than min_margin 0.9")


def test_length_report() -> None:
    recs = [Record(id=str(i), data={"length_ratio": x}) for i, x in enumerate([0.5, 1.0, 2.0])]
    assert length_report([*recs, Record(id="x", data={})]) == {
        "pairs": 3, "median_length_ratio": 1.0, "mean_length_ratio": 1.167,
        "chosen_longer": 0.333}
    assert length_report([]) is None


# -- teachers as writers, a judge as scorer ----------------------------------------------------
CAPITAL = {"prompt": "What is the capital of France?"}


def writer(*answers: str) -> FakeTeacher:
    return FakeTeacher(list(answers), name="w", model="writer", temperature=0.7)


def judge(prefer: Callable[[str, str], str]) -> FakeTeacher:
    """A judge answering ``prefer(response A, response B)`` from the pairwise prompt."""
    def reply(messages: Messages) -> str:
        text = str(messages[-1]["content"])
        a = text.split("[Response A]\n")[1].split("\n\n[Response B]")[0]
        b = text.split("[Response B]\n")[1].split("\n\n")[0]
        return prefer(a, b)
    return FakeTeacher(lambda request: reply(request.messages), name="j", model="judge",
                       temperature=0.0)


def judged(writer_teacher: FakeTeacher, judge_teacher: FakeTeacher,
           temperatures: list[float], min_margin: float = 0.5) -> Record:
    (out,) = run([Record(id="c1", data=dict(CAPITAL))], {"w": writer_teacher, "j": judge_teacher},
                 teacher="j", prompt_field="prompt", response=False, writers=["w"],
                 temperatures=temperatures, verifier="judge", judge_logprobs=False,
                 min_margin=min_margin)
    return out


def test_writers_at_temperatures_judged_in_both_orders() -> None:
    w = writer("Paris.", "Lyon, I think.")
    out = judged(w, judge(lambda a, b: "A" if "Paris" in a else "B"), [0.2, 1.0])
    assert [r.params["temperature"] for r in w.requests] == [0.2, 1.0]
    assert (out.data["chosen"], out.data["rejected"]) == ("Paris.", "Lyon, I think.")
    assert out.verdicts[-1].reason == ("chosen w@0.2 1 vs rejected w@1 0 (won 0 of 1); "
                                       "length ratio 0.429")
    assert out.data["length_ratio"] == 0.429
    details = out.verdicts[-1].details
    assert details is not None
    assert details["judge"]["teacher"]["model"] == "judge"
    assert details["writers"]["w"]["model"] == "writer"


def test_a_reference_answer_guides_every_comparison() -> None:
    j = judge(lambda a, b: "A" if "Paris" in a else "B")
    (out,) = run([Record(id="c1", data={**CAPITAL, "gold": "Paris"})],
                 {"w": writer("Lyon.", "Paris."), "j": j}, teacher="j", prompt_field="prompt",
                 response=False, writers=["w"], temperatures=[0.2, 1.0], verifier="judge",
                 judge_logprobs=False, reference_field="gold")
    assert (out.data["chosen"], out.data["rejected"]) == ("Paris.", "Lyon.")
    prompts = [str(r.messages[-1]["content"]) for r in j.requests]
    assert len(prompts) == 2
    assert all("[Reference answer, known to be correct]\nParis\n" in p for p in prompts)


def test_an_order_dependent_judge_is_a_tie() -> None:
    out = judged(writer("Paris.", "Lyon."), judge(lambda a, b: "A"), [0.2, 1.0])
    assert out.status is Status.REJECTED
    assert out.verdicts[-1].check == "generate.preference.tie"
    assert out.status_reason == ("all 2 candidates score 0: a tie, no preference (1 of 1 "
                                 "comparisons followed the order shown)")


def test_a_pair_against_its_own_comparison_is_inconsistent() -> None:
    # Paris beats Lyon and Nice, both beat Rome, and Rome beats Paris: Paris ranks first (2
    # wins of 3), Rome last (1 of 3), yet Rome won their own comparison
    beats = {("Paris.", "Lyon."), ("Paris.", "Nice."), ("Lyon.", "Rome."), ("Nice.", "Rome."),
             ("Rome.", "Paris.")}
    out = judged(writer("Paris.", "Lyon.", "Nice.", "Rome."),
                 judge(lambda a, b: "A" if (a, b) in beats else "B"), [0.2, 0.4, 0.6, 1.0],
                 min_margin=0.3)
    assert out.status is Status.REJECTED
    assert out.verdicts[-1].check == "generate.preference.inconsistent"
    assert out.status_reason == ("w@0.2 ranks above w@1 overall, but their own comparison "
                                 "went to w@1 (judge's letter with w@0.2 shown first: B, shown "
                                 "second: A)")
    scores = [c["score"] for c in out.verdicts[-1].details["candidates"]]
    assert scores == [0.667, 0.333, 0.333, 0.333]


def test_a_pair_whose_own_comparison_follows_the_order_is_inconsistent() -> None:
    # Paris beats Lyon, Lyon beats Nice, Paris against Nice is whichever is shown first
    def prefer(a: str, b: str) -> str:
        if {a, b} == {"Paris.", "Nice."}:
            return "A"
        return "A" if (a, b) in {("Paris.", "Lyon."), ("Lyon.", "Nice.")} else "B"
    out = judged(writer("Paris.", "Lyon.", "Nice."), judge(prefer), [0.2, 0.6, 1.0])
    assert out.verdicts[-1].check == "generate.preference.inconsistent"
    assert out.status_reason == (
        "w@0.2 ranks above w@1 overall, but their own comparison was an order-dependent tie "
        "(judge's letter with w@0.2 shown first: A, shown second: A)")


def test_a_three_way_cycle_is_a_tie() -> None:
    beats = {("Paris.", "Lyon."), ("Lyon.", "Nice."), ("Nice.", "Paris.")}
    out = judged(writer("Paris.", "Lyon.", "Nice."),
                 judge(lambda a, b: "A" if (a, b) in beats else "B"), [0.2, 0.6, 1.0])
    assert out.status_reason == ("all 3 candidates score 0.5: a tie, no preference (0 of 3 "
                                 "comparisons followed the order shown)")


# -- execution as the verifier -----------------------------------------------------------------
def test_code_candidates_scored_by_execution() -> None:
    rec = Record(id="k1", data={"prompt": "Write add(a, b).", "tests": ["assert add(2, 2) == 4"],
                                "code": "def add(a, b):\n    return a + b"})
    (out,) = run([rec], {"w": writer("def add(a, b):\n    return a * b + 1")},
                 prompt_field="prompt", response_field="code", writers=["w"],
                 verifier="validate.execute", verifier_params={"tier": "rlimits"})
    assert out.data["chosen"] == rec.data["code"]
    assert out.data["rejected"] == "def add(a, b):\n    return a * b + 1"
    assert "assert add(2, 2) == 4" in out.verdicts[-1].reason


# -- the spec and the exports -------------------------------------------------------------------
def test_check_spec_names_the_problem() -> None:
    spec = Spec.model_validate({"name": "p", "target": {"size": 1}, "stages": [
        {"use": "generate.math_word_problems"}]})
    assert Preference(PreferenceParams()).check_spec(spec) == [
        ("", "1 candidate(s) per prompt make no pair; add `weakened: N`, `writers: [...]` or "
             "`temperatures: [...]`")]
    bad = Preference(PreferenceParams(writers=["big"], verifier="curate.dedup"))
    assert bad.check_spec(spec) == [
        ("writers", "teacher(s) 'big' not defined under `teachers:` (defined: none)"),
        ("verifier", "verifier 'curate.dedup' is a corpus stage; it must look at records one "
                     "by one (validate.answer_check, validate.execute)")]


def test_a_judge_without_any_teacher_is_a_spec_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import synthloop.generate.preference

    spec = Spec.model_validate({"name": "p", "target": {"size": 1}, "stages": [
        {"use": "generate.math_word_problems"}]})
    stage = Preference(PreferenceParams(weakened=1, verifier="judge"))
    assert stage.check_spec(spec) == []  # the bundled model judges
    monkeypatch.setattr(synthloop.generate.preference, "bundled_teacher_available", lambda: False)
    assert stage.check_spec(spec) == [("verifier", "a judge needs a teacher: name one with "
                                                   "`teacher:` (defined under `teachers:`)")]


def test_preference_styles_are_trl_formats() -> None:
    data = {"question": "Q?", "chosen": "yes", "rejected": "no", "system": "Be brief."}
    assert format_rows("r", data, "dpo") == [
        ("r", {"prompt": "Q?", "chosen": "yes", "rejected": "no"})]
    assert format_rows("r", data, "dpo_chat") == [("r", {
        "prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Q?"}],
        "chosen": [{"role": "assistant", "content": "yes"}],
        "rejected": [{"role": "assistant", "content": "no"}]})]
    assert format_rows("r", data, "kto") == [
        ("r.chosen", {"prompt": "Q?", "completion": "yes", "label": True}),
        ("r.rejected", {"prompt": "Q?", "completion": "no", "label": False})]
    chat = format_rows("r", data, "kto_chat")
    assert chat[1] == ("r.rejected", {
        "prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Q?"}],
        "completion": [{"role": "assistant", "content": "no"}], "label": False})
