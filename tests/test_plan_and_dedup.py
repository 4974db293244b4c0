"""The plan sampler's apportionment and quotas; exact dedup's keep policies and reasons."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from synthloop.curate.dedup import Dedup, DedupParams
from synthloop.plan.sampler import apportion, first_round, make_plan, shuffle
from synthloop.records import Record
from synthloop.spec import TargetSpec
from synthloop.stages import StageContext


def test_apportion_sums_exactly_and_is_deterministic() -> None:
    shares = {(("skill", "a"),): 1 / 3, (("skill", "b"),): 1 / 3, (("skill", "c"),): 1 / 3}
    counts = apportion(shares, 10)
    assert sum(counts.values()) == 10
    assert sorted(counts.values()) == [3, 3, 4]
    assert counts == apportion(shares, 10)


def test_plan_weights_and_attributes() -> None:
    target = TargetSpec.model_validate({
        "size": 100, "taxonomy": [{"skill": "a", "weight": 3}, {"skill": "b"}],
        "attributes": {"difficulty": {"easy": 1, "hard": 1}}})
    plan = make_plan(target)
    assert plan.size == 100
    assert plan.counts[(("difficulty", "easy"), ("skill", "a"))] == 38 or \
        plan.counts[(("difficulty", "easy"), ("skill", "a"))] == 37
    by_skill = {s: sum(n for c, n in plan.counts.items() if dict(c)["skill"] == s) for s in "ab"}
    assert by_skill == {"a": 75, "b": 25}


def test_quota_max_caps_and_redistributes() -> None:
    target = TargetSpec.model_validate({
        "size": 100, "taxonomy": [{"skill": "a"}, {"skill": "b"}],
        "quotas": [{"match": {"skill": "a"}, "max": 20}]})
    plan = make_plan(target)
    assert plan.counts == {(("skill", "a"),): 20, (("skill", "b"),): 80}


def test_first_round_oversamples_and_is_seeded() -> None:
    target = TargetSpec.model_validate({"size": 40, "taxonomy": [{"skill": "a"}],
                                        "oversample": 1.5})
    plan = make_plan(target)
    slots = first_round(plan, target, seed=3)
    assert len(slots) == 60
    assert [s.seed for s in slots] == [s.seed for s in first_round(plan, target, seed=3)]
    assert [s.seed for s in slots] != [s.seed for s in first_round(plan, target, seed=4)]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 17, 1000])
def test_shuffle_is_randoms_shuffle_draw_for_draw(size: int) -> None:
    """The plan of a seed is the one random.shuffle made: same order, same state after."""
    for seed in ("1:0", "7:2"):
        ours, theirs = list(range(size)), list(range(size))
        rng, ref = random.Random(seed), random.Random(seed)
        shuffle(ours, rng)
        ref.shuffle(theirs)
        assert ours == theirs
        assert rng.getstate() == ref.getstate()
    if size > 2:
        assert ours != list(range(size))  # it did shuffle


def _records() -> list[Record]:
    texts = ["Hello, World!", "hello world", "something else", "HELLO   world..."]
    return [Record(id=f"r{i}", data={"text": t, "q": i}, seq=i) for i, t in enumerate(texts)]


def _run(params: dict, tmp_path: Path) -> list[Record]:
    stage = Dedup(DedupParams.model_validate(params))
    ctx = StageContext(spec_hash="h", stage="curate.dedup", stage_index=1, seed=0,
                       run_dir=tmp_path)
    recs = _records()
    stage.reset_index()
    stage.index(recs, ctx)
    return stage.decide(recs, ctx)


def test_exact_dedup_keeps_first(tmp_path: Path) -> None:
    out = _run({"method": "exact"}, tmp_path)
    assert [r.accepted for r in out] == [True, False, True, False]
    assert out[1].verdicts[-1].reason == "exact duplicate of record r0 (same normalised text)"
    assert out[1].verdicts[-1].check == "curate.dedup.exact_duplicate"


def test_exact_dedup_keeps_longest_or_best_score(tmp_path: Path) -> None:
    out = _run({"method": "exact", "keep": "longest"}, tmp_path)
    assert [r.accepted for r in out] == [False, False, True, True]
    assert "record r3" in out[0].verdicts[-1].reason
    out = _run({"method": "exact", "keep": "score", "score_field": "q"}, tmp_path)
    assert [r.accepted for r in out] == [False, False, True, True]


def test_planned_slots_read_by_index_are_the_slots_iterated() -> None:
    target = TargetSpec.model_validate({"size": 5, "oversample": 1.0,
                                        "taxonomy": [{"skill": "a"}, {"skill": "b"}]})
    slots = first_round(make_plan(target), target, seed=3)
    listed = list(slots)
    assert [s.index for s in listed] == [0, 1, 2, 3, 4]
    assert [slots[i] for i in range(5)] == listed
    assert (slots[-1], slots[1:3]) == (listed[4], listed[1:3])
