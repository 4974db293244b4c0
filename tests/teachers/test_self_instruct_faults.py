"""Self-Instruct through a fault-injecting proxy in front of the real llama.cpp server, stopped
by its token budget and resumed: no record lost, no answered request sent twice, the budget
never exceeded."""

from __future__ import annotations

from pathlib import Path

import pytest

import synthloop
from tests.teachers.fault_proxy import FaultProxy
from tests.teachers.self_instruct_run import (LOADED_S, assert_every_slot_accounted,
                                              expected_end, spec, used_tokens)


@pytest.mark.timeout(LOADED_S)
def test_faults_budget_and_resume(llama_server: str, seed_tasks: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    # One short request at a time, so the single-slot server never queues; no "slow" fault
    # (test_fuse covers the client's timeout): each would cost a whole timeout, which must be
    # generous so that no real answer passes it on a loaded machine. 8 slots show every kind.
    kinds = ("429", "500", "drop", "malformed")
    with FaultProxy(llama_server, fault_rate=0.4, seed=5, faults=kinds) as proxy:
        s = spec(proxy.url, seed_tasks, size=8, budget=1000, concurrency=1)
        first = synthloop.run(s, run_dir, export=False)
        assert first.outcome.state == "budget"
        assert "budget.max_tokens=1000" in first.outcome.message
        assert used_tokens(run_dir) <= 1000
        s["budget"]["max_tokens"] = 200_000
        second = synthloop.run(s, run_dir, export=False)
        assert second.outcome.state == expected_end(run_dir, 8)
        assert used_tokens(run_dir) <= 200_000
        counts = proxy.counts
    statuses = assert_every_slot_accounted(run_dir, 8)
    faults = sum(counts.faults.values())
    print(f"received {counts.received}, faults {dict(counts.faults)}, forwarded "
          f"{sum(counts.forwarded.values())}, abandoned {counts.abandoned}, resent "
          f"{counts.resent}, statuses {statuses}, tokens {used_tokens(run_dir)}")
    assert faults / counts.received >= 0.10, counts
    assert set(counts.faults) == set(kinds), counts.faults
    assert counts.resent == 0, "a request already answered was sent again"
    # Every body reached the model once, except those whose answer a fault never delivered.
    assert sum(counts.delivered.values()) == len(counts.delivered)
