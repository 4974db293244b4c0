"""The Self-Instruct spec and the record checks shared by the end-to-end tests against the real
llama.cpp server (one file per test, so that pytest-xdist runs them on different workers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import synthloop
from synthloop.records import Status
from tests.teachers.conftest import MODEL_NAME, TIMEOUT_S

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


