"""generate.evol_instruct: every elimination code from literal teacher answers, the lineage of
parents across rounds, and the funnel and diversity per round."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import synthloop
from synthloop.generate.evol_instruct import (
    METHODS,
    EvolInstruct,
    EvolInstructParams,
    EvolRounds,
    round_diversity,
    round_funnel,
)
from synthloop.records import Record, Slot, Status
from synthloop.stages import StageContext
from synthloop.testing import FakeTeacher
from tests.conftest import REPO, render_text

SEED = "Write a packing list for a hiking trip."
GOOD_RESPONSE = ("- Waterproof jacket and two warm layers\n- Boots, wool socks, map, compass\n"
                 "- Stove, fuel, water filter and three days of food")
ROUND1 = "Write a packing list for a three-day autumn hiking trip above the tree line."
ROUND2 = ("Write a packing list for a three-day autumn hiking trip above the tree line, "
          "grouped by weight and with nothing heavier than one kilogram.")


def run(tmp_path: Path, answers: list[str], rounds: int = 2, **params: Any) -> Record:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "seeds.jsonl").write_text(json.dumps({"instruction": SEED}) + "\n")
    ctx = StageContext(spec_hash="h", stage="generate.evol_instruct", stage_index=0, seed=1,
                       run_dir=tmp_path, teachers={"local": FakeTeacher(answers)})
    stage = EvolInstruct(EvolInstructParams(seed_tasks=str(tmp_path / "seeds.jsonl"),
                                            rounds=rounds, **params))
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
     "the response refuses ('sorry') in fewer than 80 words"),
    ([ROUND1, ROUND2, "Jacket, boots, food."], "too_short",
     "the response has 20 characters, fewer than min_response_chars=80"),
])
def test_each_elimination_has_its_code(tmp_path: Path, answers: list[str], code: str,
                                       reason: str) -> None:
    record = run(tmp_path, answers)
    assert record.status is Status.REJECTED
    assert rejection(record) == (f"generate.evol_instruct.{code}", reason)


def test_the_optional_equality_judge(tmp_path: Path) -> None:
    equal = run(tmp_path / "a", [ROUND1, "Equal"], equality_judge=True)
    assert rejection(equal) == ("generate.evol_instruct.no_new_information",
                                "round 1: the teacher judged it equal to its parent")
    assert equal.data["eliminated_at"] == "1"
    kept = run(tmp_path / "b", [ROUND1, "Not Equal.", ROUND2, "Not equal", GOOD_RESPONSE],
               equality_judge=True)
    assert kept.status is Status.OK and kept.data["response"] == GOOD_RESPONSE
    unsure = run(tmp_path / "c", [ROUND1, "Maybe", "Hard to say"], equality_judge=True)
    assert unsure.status is Status.FAILED
    assert unsure.status_reason.startswith("teacher gave up: unparsable answer after one "
                                           "repair attempt")
    assert unsure.data["raw"] == "Hard to say"


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
    shown = render_text(EvolRounds.tables("curate.evol_rounds", {
        "generate.evol_instruct": {"rounds": 2, "funnel": round_funnel(records, rounds=2),
                                   "diversity": rows}}))
    assert "Evol-Instruct rounds (generate.evol_instruct)" in shown
    assert "│ 1        │       3 │      2 │ no_new_information 1 │" in shown
    assert "│ response │       2 │      1 │ too_short 1          │" in shown
    assert "│     0 │            3 │      0.292 │" in shown


def test_evol_example_on_the_bundled_model(tmp_path: Path) -> None:
    """examples/evol.yaml, two lineages: each starts from its seed, every step names its op and
    parent, each ends accepted or eliminated with a code, and the report counts them."""
    spec = yaml.safe_load((REPO / "examples" / "evol.yaml").read_text())
    seeds = REPO / "examples" / spec["stages"][0]["seed_tasks"]
    spec["target"] = {"size": 2, "oversample": 1.0, "max_rounds": 1}
    spec["stages"][0].update(seed_tasks=str(seeds), rewrite_max_tokens=48)
    spec["teachers"]["writer"]["max_tokens"] = 64
    synthloop.run(spec, tmp_path / "run", export=False)
    with synthloop.open_run(tmp_path / "run") as handle:
        records = list(handle.store.iter_records(with_verdicts=True))
        report = handle.store.get_report("curate.evol_rounds")["generate.evol_instruct"]
    firsts = [json.loads(line)["instruction"] for line in seeds.read_text().splitlines()[:2]]
    assert sorted((r.slot, r.data["seed_instruction"]) for r in records) == [
        (0, firsts[0]), (1, firsts[1])]
    codes = {"no_new_information", "copied_prompt", "stop_words_only", "refusal", "too_short"}
    for record in records:
        steps = record.data["evolution"]
        assert steps[0]["parent"] == record.data["seed_instruction"]
        assert all(s["operation"] in {*METHODS, "breadth"} for s in steps)
        assert [s["parent"] for s in steps[1:]] == [s["instruction"] for s in steps[:-1]]
        if record.status is Status.OK:
            assert len(steps) == 2 and record.data["response"]
        else:
            [failed] = [v for v in record.verdicts if not v.passed]
            assert failed.check.rsplit(".", 1)[1] in codes
            assert record.data["eliminated_at"] in {"1", "2", "response"}
    assert report["funnel"] == round_funnel(records, rounds=2)
    assert report["funnel"][0]["entered"] == 2
    assert [row["round"] for row in report["diversity"]][0] == 0
