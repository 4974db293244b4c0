"""Self-Instruct end to end through the real llama.cpp server, with and without faults, and
killed mid-run: no record lost, no completed request sent twice, the budget never exceeded."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

import synthloop
from synthloop.records import Status
from tests.teachers.conftest import MODEL_NAME, REPO, TIMEOUT_S
from tests.teachers.fault_proxy import FaultProxy

SLOTS = 4
# A request of the single-slot server can take a minute on a loaded 2-core machine: each test
# does little, and has the time that this work can take there.
LOADED_S = 1800


def spec(url: str, seed_tasks: Path, *, size: int = SLOTS, budget: int | None = None,
         timeout_s: float = TIMEOUT_S, concurrency: int = 2, examples: int = 3) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": "self-instruct-test",
        "seed": 3,
        "target": {"size": size, "oversample": 1.0, "max_rounds": 1},
        "teachers": {"writer": {
            "backend": "openai", "base_url": url, "model": MODEL_NAME,
            "structured_output": "json_object", "max_tokens": 48, "temperature": 0.8,
            "max_concurrency": concurrency, "timeout_s": timeout_s, "max_retries": 8}},
        "stages": [{"use": "generate.self_instruct", "teacher": "writer",
                    "seed_tasks": str(seed_tasks), "new_instructions": 3, "batch_size": 3,
                    "prompt_instructions": examples, "instance_examples": min(2, examples)}],
    }
    if budget is not None:
        out["budget"] = {"max_tokens": budget}
    return out


def records_by_slot(run_dir: Path) -> dict[int, list[Any]]:
    with synthloop.open_run(run_dir) as handle:
        out: dict[int, list[Any]] = {}
        for rec in handle.store.iter_records(with_verdicts=True):
            out.setdefault(rec.slot, []).append(rec)
        return out


def used_tokens(run_dir: Path) -> int:
    with synthloop.open_run(run_dir) as handle:
        return sum(u["prompt_tokens"] + u["completion_tokens"] for u in handle.store.usage())


def assert_every_slot_accounted(run_dir: Path, slots: int) -> dict[Status, int]:
    by_slot = records_by_slot(run_dir)
    assert sorted(by_slot) == list(range(slots)), "a slot has no record"
    statuses: dict[Status, int] = {}
    for recs in by_slot.values():
        assert len(recs) == 1
        rec = recs[0]
        statuses[rec.status] = statuses.get(rec.status, 0) + 1
        if rec.status is Status.OK:
            assert rec.data["instruction"] and rec.data["response"]
            assert rec.lineage.producer["teacher"]["model"] == MODEL_NAME
            assert "api_key" not in str(rec.lineage.producer)
        else:
            assert rec.status_stage == "generate.self_instruct" and rec.status_reason
    return statuses


def expected_end(run_dir: Path, slots: int) -> str:
    """A run with max_rounds 1 ends "complete" when every slot kept its record, else
    "short" (the weak model's rejects are not replaced within one round)."""
    statuses = assert_every_slot_accounted(run_dir, slots)
    return "complete" if statuses.get(Status.OK, 0) == slots else "short"


@pytest.mark.timeout(LOADED_S)
def test_self_instruct_through_llama_server(proxy: FaultProxy, seed_tasks: Path,
                                            tmp_path: Path) -> None:
    # The long default timeout: on a loaded machine a queued long prompt can take minutes, and
    # a timed-out attempt reaches the server twice while the usage counts the answer once.
    handle = synthloop.run(spec(proxy.url, seed_tasks), tmp_path / "run", export=False)
    assert handle.outcome.state == expected_end(tmp_path / "run", SLOTS)
    statuses = assert_every_slot_accounted(tmp_path / "run", SLOTS)
    assert statuses.get(Status.OK, 0) >= 1, statuses
    sent = proxy.counts.received
    # One instruction request per slot, one instance request per accepted task (+ repairs).
    assert sent >= SLOTS + statuses[Status.OK]
    assert proxy.counts.resent == 0
    with synthloop.open_run(tmp_path / "run") as h:
        (usage,) = h.store.usage()
    assert usage["stage"] == "generate.self_instruct" and usage["teacher"] == "writer"
    assert usage["requests"] == sent and usage["completion_tokens"] > 0
    # Running again sends nothing already answered; only quarantined records are replayed
    # (instruction, instance and its repair: at most 3 requests each).
    failed = statuses.get(Status.FAILED, 0)
    synthloop.run(spec(proxy.url, seed_tasks), tmp_path / "run", export=False)
    assert proxy.counts.resent == 0
    assert proxy.counts.received - sent <= 3 * failed


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


@pytest.mark.timeout(LOADED_S)
def test_sigkill_then_rerun(proxy: FaultProxy, seed_tasks: Path, tmp_path: Path) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec(proxy.url, seed_tasks, size=6)))
    run_dir = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-m", "synthloop.cli", "run", str(spec_path),
                             "--run-dir", str(run_dir), "--quiet"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 400  # a cap for a loaded machine; idle it takes seconds
    while sum(proxy.counts.delivered.values()) < 3 and time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be killed"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    before = sum(proxy.counts.delivered.values())
    # An answer is complete once it is committed to the run store's cache; one the proxy had
    # sent but the killed client had not yet committed was not, and may be asked again.
    con = sqlite3.connect(run_dir / "run.db")
    committed = con.execute("SELECT COUNT(*) FROM cache").fetchone()[0]
    con.close()
    handle = synthloop.run(spec_path, run_dir, export=False)
    assert handle.outcome.state == expected_end(run_dir, 6)
    assert_every_slot_accounted(run_dir, 6)
    assert committed >= 1
    assert proxy.counts.resent <= before - committed, (
        "the rerun re-sent a request whose answer was committed before the kill")
    assert sum(proxy.counts.delivered.values()) > before
