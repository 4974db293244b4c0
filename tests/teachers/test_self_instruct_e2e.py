"""Self-Instruct end to end through the real llama.cpp server behind a proxy: every slot
accounted for, usage counted once per request, and a rerun sends nothing already answered."""

from __future__ import annotations

from pathlib import Path

import pytest

import synthloop
from synthloop.records import Status
from tests.teachers.fault_proxy import FaultProxy
from tests.teachers.self_instruct_run import (LOADED_S, SLOTS, assert_every_slot_accounted,
                                              expected_end, spec)


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
