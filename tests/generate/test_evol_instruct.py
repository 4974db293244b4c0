"""generate.evol_instruct: every elimination code from literal teacher answers, the lineage of
parents across rounds, and the funnel and diversity per round."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from synthloop.generate.evol_instruct import (
    EvolInstruct,
    EvolInstructParams,
    round_diversity,
    round_funnel,
)
from synthloop.records import Record, Slot, Status
from synthloop.stages import StageContext
from synthloop.testing import FakeTeacher

SEED = "Write a packing list for a hiking trip."
GOOD_RESPONSE = ("- Waterproof jacket and two warm layers\n- Boots, wool socks, map, compass\n"
                 "- Stove, fuel, water filter and three days of food")
ROUND1 = "Write a packing list for a three-day autumn hiking trip above the tree line."
ROUND2 = ("Write a packing list for a three-day autumn hiking trip above the tree line, "
          "grouped by weight and with nothing heavier than one kilogram.")


def run(tmp_path: Path, answers: list[str], rounds: int = 2) -> Record:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "seeds.jsonl").write_text(json.dumps({"instruction": SEED}) + "\n")
    ctx = StageContext(spec_hash="h", stage="generate.evol_instruct", stage_index=0, seed=1,
                       run_dir=tmp_path, teachers={"local": FakeTeacher(answers)})
    stage = EvolInstruct(EvolInstructParams(seed_tasks=str(tmp_path / "seeds.jsonl"),
                                            rounds=rounds))
    stage.setup(ctx)
    [record] = asyncio.run(stage.generate([Slot(index=0, seed=7, attributes={})], ctx))
    return record


def rejection(record: Record) -> tuple[str, str]:
    [failed] = [v for v in record.verdicts if not v.passed]
    return failed.check, failed.reason


def test_a_lineage_keeps_every_parent_and_its_response(tmp_path: Path) -> None:
    record = run(tmp_path, [ROUND1, ROUND2, GOOD_RESPONSE])
    assert record.status is Status.OK
    assert record.data["instruction"] == ROUND2 and record.data["response"] == GOOD_RESPONSE
    assert [(s["round"], s["parent"], s["instruction"]) for s in record.data["evolution"]] == [
        (1, SEED, ROUND1), (2, ROUND1, ROUND2)]
    assert [v.check for v in record.verdicts] == ["generate.evol_instruct.evolved"]


@pytest.mark.parametrize(("answers", "code", "reason"), [
    ([SEED + "!"], "no_new_information", "round 1: ROUGE-L 1.00 >= 0.9 with its parent"),
    (["#Rewritten Prompt#: " + ROUND1], "copied_prompt",
     "round 1: copies the rewriting prompt's words '#rewritten prompt#'"),
    ([ROUND1, "Make the given prompt about hiking in winter."], "copied_prompt",
     "round 2: copies the rewriting prompt's words 'given prompt'"),
    ([ROUND1, "And then, it is what it was?"], "stop_words_only",
     "round 2: the instruction is only punctuation and stop words"),
    ([ROUND1, ROUND2, "... and so it is, it is."], "stop_words_only",
     "the response is only punctuation and stop words"),
    ([ROUND1, ROUND2, "I'm sorry, but a packing list that precise depends on gear I do not "
                      "know about, so I can only give general advice here."], "refusal",
     "the response refuses ('sorry')"),
    ([ROUND1, ROUND2, "Jacket, boots, food."], "too_short",
     "the response has 20 characters, fewer than min_response_chars=80"),
])
def test_each_elimination_has_its_code(tmp_path: Path, answers: list[str], code: str,
                                       reason: str) -> None:
    record = run(tmp_path, answers)
    assert record.status is Status.REJECTED
    assert rejection(record) == (f"generate.evol_instruct.{code}", reason)


def test_funnel_and_diversity_per_round(tmp_path: Path) -> None:
    records = [run(tmp_path / "a", [ROUND1, ROUND2, GOOD_RESPONSE]),
               run(tmp_path / "b", [SEED]),
               run(tmp_path / "c", [ROUND1, ROUND2, "Boots."])]
    assert round_funnel(records, rounds=2) == [
        {"round": "1", "entered": 3, "passed": 2, "eliminated": {"no_new_information": 1}},
        {"round": "2", "entered": 2, "passed": 2, "eliminated": {}},
        {"round": "response", "entered": 2, "passed": 1, "eliminated": {"too_short": 1}},
    ]
    rows = round_diversity(records)
    assert [(r["round"], r["instructions"]) for r in rows] == [(0, 3), (1, 3), (2, 2)]
    assert rows[0]["distinct_1"] == pytest.approx(7 / 24)  # one seed of 8 words (7 distinct), thrice
