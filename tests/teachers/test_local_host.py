"""The local model in a host process (issue 19.2): a native crash of llama.cpp stops the run
with exit 4 and one message (the model, the signal, what to do), no traceback, nothing
committed lost, and a clean resume; the host never outlives the run; doctor tests the model."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import yaml

from synthloop.teachers.local import bundled_model_path
from tests.conftest import run_cli

SEGV_AT_7 = {"SYNTHLOOP_KILL_AT": "llama:request@7", "SYNTHLOOP_KILL_SIGNAL": "SIGSEGV"}


def records(run_dir: Path) -> dict[str, str]:
    con = sqlite3.connect(run_dir / "run.db")
    try:
        return dict(con.execute("SELECT id, data FROM records").fetchall())
    finally:
        con.close()


def requests_paid(run_dir: Path) -> int:
    con = sqlite3.connect(run_dir / "run.db")
    try:
        return con.execute("SELECT COALESCE(SUM(requests), 0) FROM usage").fetchone()[0]
    finally:
        con.close()


def test_a_crashed_model_stops_the_run_clearly_and_the_rerun_resumes(tmp_path: Path) -> None:
    spec = tmp_path / "crash.yaml"
    spec.write_text(yaml.safe_dump({
        "name": "crash", "seed": 3,
        "target": {"size": 12, "taxonomy": [{"skill": "cooking"}, {"skill": "travel"}]},
        "teachers": {"w": {"backend": "local", "max_tokens": 12, "temperature": 0.7,
                           "n_threads": 1, "parallel": 2}},
        # Two batches of two in flight, whatever the driver's default room (three times the
        # teacher's parallel, 8 requests here): requests 5-7 go out only after a commit.
        "stages": [{"use": "generate.prompt", "teacher": "w", "batch_size": 2, "concurrency": 2,
                    "template": "Give one short tip about {{ skill }}."}],
    }))
    run_dir = tmp_path / "run"
    args = ("run", str(spec), "--run-dir", str(run_dir), "-q")

    crashed = run_cli(*args, env=SEGV_AT_7)
    assert crashed.returncode == 4, crashed.stderr
    message = " ".join(crashed.stderr.split())
    assert f"teacher 'w': the local model {bundled_model_path()} was killed by SIGSEGV" \
        in message
    assert "nothing committed is lost" in message and "synthloop doctor" in message
    assert "-DGGML_NATIVE=OFF" in message and "--no-cache-dir" in message
    assert "re-run the same command to resume" in message
    assert "Traceback" not in crashed.stderr and "Fatal Python error" not in crashed.stderr
    kept = records(run_dir)
    assert 0 < len(kept) < 12  # the batches committed before the 7th request

    resumed = run_cli(*args)
    assert resumed.returncode == 0, resumed.stderr
    after = records(run_dir)
    assert len(after) >= 12
    assert {k: after[k] for k in kept} == kept  # committed records untouched
    con = sqlite3.connect(run_dir / "run.db")
    slots = con.execute("SELECT COALESCE(SUM(n), 0) FROM slot_pages").fetchone()[0]
    con.close()
    assert requests_paid(run_dir) == slots  # each slot's request paid once, none redone


SCRIPT = """
import asyncio, sys, time
from synthloop.spec import LocalTeacherSpec
from synthloop.teachers import build_teacher

t = build_teacher("w", LocalTeacherSpec(backend="local", max_tokens=2, n_threads=1))

async def go():
    await t.chat([{"role": "user", "content": "Hi"}], stage="s")
    print(t.host.pid, flush=True)
    if sys.argv[1] == "close":
        await t.aclose()
        print("closed", flush=True)
    time.sleep(600)

asyncio.run(go())
"""


def gone(pid: int, within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def host_of(mode: str) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, mode], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    return proc, int(proc.stdout.readline())


def test_kill_9_of_the_run_takes_the_host_with_it() -> None:
    proc, host = host_of("stay")
    try:
        os.kill(host, 0)  # alive while the run is
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert gone(host)
    finally:
        proc.kill()


def test_aclose_ends_the_host() -> None:
    proc, host = host_of("close")
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "closed"
        assert gone(host, within=1.0)
    finally:
        proc.kill()
        proc.wait(10)


def test_doctor_generates_with_the_bundled_model() -> None:
    done = run_cli("doctor")
    assert done.returncode == 0, done.stderr
    (line,) = [x for x in done.stdout.splitlines() if x.startswith(("ok  model", "no  model"))]
    assert line.startswith("ok  model    SmolLM2-135M-Instruct.Q4_1.gguf: 4 tokens from a 5-token prompt in ")
    assert "in a host process" in line


def test_doctor_reports_a_crashing_model() -> None:
    done = run_cli("doctor", env={"SYNTHLOOP_KILL_AT": "llama:request@1",
                                  "SYNTHLOOP_KILL_SIGNAL": "SIGSEGV"})
    assert done.returncode == 4, done.stderr
    out = " ".join(done.stdout.split())
    assert out.startswith("ok rlimits") and "no model teacher 'doctor': the local model" in out
    assert "was killed by SIGSEGV" in out and "-DGGML_NATIVE=OFF" in out
    assert "Traceback" not in done.stdout + done.stderr
