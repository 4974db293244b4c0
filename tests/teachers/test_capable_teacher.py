"""Every example spec that uses a teacher, run through ``synthloop.run`` and the real HTTP
stack against the scripted teacher (:mod:`tests.teachers.scripted_teacher`): a capable teacher
keeps at least 90% of what it generates, an adversarial one (plausible but wrong answers) at
most 2%, and every adversarial record is rejected by a named check."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import synthloop
from synthloop.errors import SpecError
from synthloop.records import Record, Status
from tests.teachers.example_specs import EXAMPLES, KEPT_BY, RECIPE, rejected_by, write_spec
from tests.teachers.scripted_teacher import Mode, ScriptedTeacher


def run_example(example: str, server: ScriptedTeacher, tmp_path: Path, *,
                as_shipped: bool = False, own_size: bool = False) -> list[Record]:
    """``examples/<example>.yaml`` sized down (unless ``own_size``), every teacher pointed at
    ``server`` (and the example's patch applied unless ``as_shipped``); every record of the
    run with its verdicts."""
    path = write_spec(example, server.base_url, tmp_path / "spec", as_shipped=as_shipped,
                      own_size=own_size)
    synthloop.run(path, tmp_path / "run", export=False)
    with synthloop.open_run(tmp_path / "run") as handle:
        return list(handle.store.iter_records(with_verdicts=True))


CASES = [pytest.param(example, mode, id=f"{mode}-{example}") for mode in ("capable",
                                                                         "adversarial")
         for example in EXAMPLES]


def run_against(example: str, mode: Mode, tmp_path: Path, attack: str | None = None, *,
                as_shipped: bool = False) -> tuple[list[Record], ScriptedTeacher]:
    server = ScriptedTeacher(mode=mode, attack=attack)
    try:
        return run_example(example, server, tmp_path, as_shipped=as_shipped), server
    finally:
        server.close()


@pytest.mark.parametrize(("example", "mode"), CASES)
def test_example_against_the_scripted_teacher(example: str, mode: Mode,
                                              tmp_path: Path) -> None:
    records, server = run_against(example, mode, tmp_path)
    kept = [r for r in records if r.status is Status.OK]
    why = Counter(rejected_by(r) for r in records if r.status is not Status.OK)
    print(f"{example} {mode}: kept {len(kept)}/{len(records)} {dict(why)}")
    assert server.asked.get(RECIPE[example], 0) > 0
    assert len(records) == EXAMPLES[example].size
    assert not [r for r in records if r.status is Status.FAILED], why  # nothing quarantined
    if mode == "capable":
        assert len(kept) >= 0.9 * len(records), why
        for record in kept:
            assert any(v.check.startswith(KEPT_BY[example]) for v in record.verdicts
                       if v.passed)
        if example == "red_team":  # the target refused every attack, and said so
            assert {d["code"] for r in records for d in r.data["detections"]} == {"refused"}
    else:
        assert len(kept) <= 0.02 * len(records), [r.data for r in kept]
        assert set(why) == EXAMPLES[example].catches, why  # every kind caught, each by its check


def test_self_instruct_at_its_own_size_keeps_every_novel_task(tmp_path: Path) -> None:
    """examples/self_instruct.yaml asks for 40 tasks: the capable teacher writes 40 distinct
    ones with computed outputs (it had 20, in overlapping windows: half were near copies)."""
    server = ScriptedTeacher()
    try:
        records = run_example("self_instruct", server, tmp_path, own_size=True)
    finally:
        server.close()
    assert len(records) == 40
    assert Counter(rejected_by(r) for r in records if r.status is not Status.OK) == {}
    assert len({r.data["instruction"] for r in records}) == 40


def test_a_wrong_output_only_a_judge_sees_is_rejected_by_the_judge(tmp_path: Path) -> None:
    """Novel tasks with a wrong computed value pass every cheap check of quickstart; the
    judge, which grades against the computed value, rejects each one."""
    records, _ = run_against("quickstart", "adversarial", tmp_path, attack="wrong_output")
    assert len(records) == 8
    assert Counter(rejected_by(r) for r in records) == {"validate.judge.low_score": 8}
    judged = [v for r in records for v in r.verdicts if v.check == "validate.judge.low_score"]
    # scored as the expectation over the score token's log-probs (0.9 on 1, 0.1 on 2)
    assert {(v.score, (v.details or {}).get("from")) for v in judged} == {(1.1, "logprobs")}


def test_wrong_code_under_weak_tests_is_rejected_by_the_mutant_check(tmp_path: Path) -> None:
    """Each program is the plausible bug with tests that only check its result's type: they
    pass, and only examples/code.yaml's ``mutant_check`` can see that they test nothing."""
    records, server = run_against("code", "adversarial", tmp_path,
                                  attack="weak_tests_wrong_code")
    assert server.asked["code"] == 6 and len(records) == 6
    assert not [r.data for r in records if r.status is Status.OK]
    assert Counter(rejected_by(r) for r in records) == {"validate.execute.weak_tests": 6}
    for record in records:
        passed = {v.check for v in record.verdicts if v.passed}
        assert "validate.execute.pass" not in passed
        reason = record.verdicts[-1].reason
        assert reason.startswith("tests killed ") and reason.endswith(" survived"), reason


def test_magpie_is_refused_before_any_request(tmp_path: Path) -> None:
    """examples/magpie.yaml is the one example with a teacher that an endpoint cannot run:
    Magpie continues the model's own chat template, which a chat-only API does not offer."""
    server = ScriptedTeacher()
    try:
        with pytest.raises(SpecError, match=r"magpie\.yaml:\d+:\d+: stages\[0\]\.teacher: "
                           r"teacher 'writer' \(backend openai\) only offers chat; Magpie "
                           r"needs a raw completion"):
            run_example("magpie", server, tmp_path)
    finally:
        server.close()
    assert server.asked == {}
