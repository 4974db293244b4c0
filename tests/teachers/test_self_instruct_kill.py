"""Self-Instruct killed with SIGKILL mid-run against the real llama.cpp server, then rerun:
every slot accounted for, and no request whose answer was committed before the kill is sent
again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

import synthloop
from tests.teachers.conftest import REPO
from tests.teachers.fault_proxy import FaultProxy
from tests.teachers.self_instruct_run import (LOADED_S, assert_every_slot_accounted,
                                              expected_end, spec)


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
