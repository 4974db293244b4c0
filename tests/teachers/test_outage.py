"""A teacher outage, then recovery (issue 8, item 1): the first run stops within seconds with
exit 4 and spends nothing; once the real server is up on that port, the next run ends at
exactly the planned size, and the server sees one request per planned slot (plus the
replacements for records validation rejected), never a top-up round bought by the outage."""

from __future__ import annotations

import time
from pathlib import Path

import yaml

import synthloop
from tests.conftest import run_cli
from tests.teachers.conftest import MODEL_NAME, TIMEOUT_S
from tests.teachers.fault_proxy import FaultProxy


def test_outage_then_recovery_lands_exactly_the_planned_size(llama_server: str,
                                                              tmp_path: Path) -> None:
    proxy = FaultProxy(llama_server)  # its port is chosen now; nothing listens there yet
    spec = tmp_path / "outage.yaml"
    spec.write_text(yaml.safe_dump({
        "name": "outage", "seed": 2,
        "target": {"size": 6, "taxonomy": [{"skill": "cooking"}, {"skill": "travel"}]},
        "teachers": {"w": {"backend": "openai", "base_url": proxy.url, "model": MODEL_NAME,
                           "max_tokens": 24, "temperature": 0.7, "timeout_s": TIMEOUT_S}},
        "stages": [
            {"use": "generate.prompt", "teacher": "w",
             "template": "Give one short tip about {{ skill }}."},
            {"use": "validate.rules", "fields": {"response": {"min_chars": 40}}}],
    }))
    run_dir = tmp_path / "run"
    started = time.monotonic()
    down = run_cli("run", str(spec), "--run-dir", str(run_dir), "-q")
    assert down.returncode == 4, down.stderr
    assert time.monotonic() - started < 120  # exit 4 shows the fuse; this catches a hang
    assert f"teacher 'w' at {proxy.url}" in down.stderr and "connection refused" in down.stderr
    assert "Traceback" not in down.stderr
    with synthloop.open_run(run_dir) as run:
        first_round = run.store.slot_count()
        assert first_round == 8  # 3 per cell x 1.05, rounded up per cell
        assert run.store.usage() == []  # nothing was paid for

    with proxy:
        up = run_cli("run", str(spec), "--run-dir", str(run_dir), "-q")
    assert up.returncode == 0, up.stderr
    with synthloop.open_run(run_dir) as run:
        counts = run.counts()
        slots = run.store.slot_count()
        assert counts["accepted"] == 6
        assert {row.achieved_count for row in run.coverage()} == {3}
        rejected_by_rules = sum(1 for r in run.records("rejected")
                                if r.status_stage == "validate.rules")
    assert proxy.counts.resent == 0
    # One request per slot: the first round's, then top-ups only where rules rejected records.
    assert proxy.counts.received == slots
    assert slots == first_round or rejected_by_rules > 0
