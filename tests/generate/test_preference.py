"""generate.preference: verifier-scored pairs from the math simulator and a weakened solver."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from synthloop.generate.math_problems import SKILLS, MathParams, MathWordProblems
from synthloop.generate.preference import (
    Candidate,
    Preference,
    PreferenceParams,
    pair,
    weaken,
)
from synthloop.records import Record, Slot, Status
from synthloop.stages import StageContext
from synthloop.validate.answer_check import FINAL

TRACE = "Speed: 120/4 = <<120/4=30>>30 km per hour\nDistance: 30*3 = <<30*3=90>>90\n#### 90"


def ctx(stage: str) -> StageContext:
    return StageContext(spec_hash="h", stage=stage, stage_index=0, seed=0,
                        run_dir=Path("/nonexistent"))


def math_records(n: int) -> list[Record]:
    slots = [Slot(index=i, seed=1000 + i, attributes={"skill": SKILLS[i % len(SKILLS)]})
             for i in range(n)]
    return asyncio.run(MathWordProblems(MathParams()).generate(slots, ctx("generate.math")))


def run(records: list[Record], **params: object) -> list[Record]:
    return asyncio.run(Preference(PreferenceParams(**params)).process(
        records, ctx("generate.preference")))


def test_weaken_changes_last_step_and_final_answer() -> None:
    assert weaken(TRACE, 0) == ("Speed: 120/4 = <<120/4=30>>30 km per hour\n"
                                "Distance: 30*3 = <<30*3=91>>91\n#### 91")
    assert weaken(TRACE, 2).endswith("<<30*3=93>>93\n#### 93")


def test_200_simulator_pairs_have_correct_chosen_and_incorrect_rejected() -> None:
    records = run(math_records(200))
    good = 0
    for rec in records:
        chosen = FINAL.findall(rec.data["chosen"])[-1]
        rejected = FINAL.findall(rec.data["rejected"])[-1]
        good += chosen == rec.data["answer"] and rejected != rec.data["answer"]
    assert good / len(records) >= 0.95
    assert all(r.status is Status.OK for r in records)


def test_pair_record_fields_and_reason() -> None:
    rec = Record(id="r1", data={"question": "How far?", "trace": TRACE, "answer": "90"})
    (out,) = run([rec])
    assert out.data["prompt"] == "How far?"
    assert out.data["chosen"] == TRACE
    assert out.data["rejected"].endswith("#### 91")
    assert (out.data["chosen_score"], out.data["rejected_score"]) == (1.0, 0.0)
    assert out.data["length_ratio"] == 1.0
    verdict = out.verdicts[-1]
    assert verdict.check == "generate.preference.paired"
    assert verdict.reason == ("chosen 1 vs rejected 0 (step 2: 30*3 evaluates to 90, trace says "
                              "91); length ratio 1")


def test_tie_is_rejected_with_reason() -> None:
    # the stated answer is wrong, so the simulator's trace fails too: every candidate scores 0
    rec = Record(id="r2", data={"question": "How far?", "trace": TRACE, "answer": "7"})
    (out,) = run([rec])
    assert out.status is Status.REJECTED
    assert out.verdicts[-1].check == "generate.preference.tie"
    assert out.status_reason == "all 2 candidates score 0: a tie, no preference"
    assert "chosen" not in out.data


def test_trace_without_steps_is_rejected_with_reason() -> None:
    rec = Record(id="r3", data={"question": "Q?", "trace": "it is 4", "answer": "4"})
    (out,) = run([rec])
    assert out.verdicts[-1].check == "generate.preference.unweakenable"
    assert "final '#### answer' line" in out.status_reason


def test_pairing_strategies_and_margin() -> None:
    cands = [Candidate("a", 0.9, ""), Candidate("b", 0.6, ""), Candidate("c", 0.1, ""),
             Candidate("d", 0.85, "")]
    assert pair(cands, "best_vs_worst", 0.5, random.Random(0)) == (cands[0], cands[2])
    picks = {pair(cands, "best_vs_random_lower", 0.2, random.Random(s))[1].text
             for s in range(20)}
    assert picks == {"b", "c"}
    assert pair(cands, "best_vs_worst", 0.9, random.Random(0)) == (
        None, "best 0.9 and worst 0.1 differ by less than min_margin 0.9", "small_margin")
