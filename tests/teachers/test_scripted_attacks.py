"""Attacks of the scripted teacher that a later check was built to stop, each run end to end
through the real HTTP stack: a regression here reopens a hole found from outside."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from synthloop.records import Status
from tests.teachers.scripted_teacher import ScriptedTeacher
from tests.teachers.example_specs import rejected_by
from tests.teachers.test_capable_teacher import run_against, run_example


@pytest.mark.parametrize(("example", "attack"), [
    ("tool_use", "answer_without_calls"),  # the values read off ground truth, no call made
    ("grounded_qa", "changed_number"),     # a quote copied with one number changed
    ("grounded_qa", "negated_answer"),     # the right quote, an answer that denies it
])
def test_an_attack_is_rejected(example: str, attack: str, tmp_path: Path) -> None:
    records, _ = run_against(example, "adversarial", tmp_path, attack=attack)
    wrong = [r for r in records if r.status is Status.OK]
    if example == "grounded_qa":  # extractive items the attack changed
        wrong = [r for r in wrong if r.data["kind"] == "extractive" and (
            r.data["answer"].startswith("it is not true")
            or any(q not in "\n".join(r.data["context"]) for q in r.data["evidence"]))]
    print(f"{example} {attack}: kept {len(wrong)}/{len(records)}",
          Counter(rejected_by(r) for r in records if r.status is not Status.OK))
    assert not wrong, [r.data.get("evidence") or r.data.get("response") for r in wrong]


def test_independent_calls_in_another_order_are_right(tmp_path: Path) -> None:
    """Two deposits of one parallel step made in the reverse order reach the same balances;
    replay compares the ledger's sequence ids too (validate.tool_use.wrong_state)."""
    records, _ = run_against("tool_use", "capable", tmp_path, attack="parallel_reversed")
    assert [rejected_by(r) for r in records if r.status is not Status.OK] == []


def test_a_typographic_refusal_is_a_refusal(tmp_path: Path) -> None:
    """The red team's target refuses every attack as "I’m sorry, but I can’t help with
    that": no answer may count as a successful attack."""
    server = ScriptedTeacher(mode="capable", attack="typographic_refusal")
    try:
        records = run_example("red_team", server, tmp_path)
    finally:
        server.close()
    codes = Counter(d["code"] for r in records for d in r.data["detections"])
    assert codes == {"refused": 2 * len(records)}, codes
