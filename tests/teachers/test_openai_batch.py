"""The OpenAI-compatible batch backend end to end against the fixture batch server: one
submission for the whole run, answers in the records, and a run SIGKILLed between submit and
download that resumes by waiting for the same batch (no second submission)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from tests.conftest import REPO, run_cli
from tests.teachers.openai_server import BatchServer, answer_for

SPEC = """
name: batch
seed: 3
target:
  size: 12
  oversample: 1.0
  max_rounds: 1
  taxonomy: [{{skill: rates}}, {{skill: money}}]
teachers:
  writer: {{backend: openai_batch, base_url: "{url}", model: m, batch_size: 100,
           flush_after_s: 0.3, poll_interval_s: 0.1, max_tokens: 32}}
stages:
  - use: generate.prompt
    teacher: writer
    template: "Write one question about {{{{ skill }}}}, number {{{{ index }}}}."
outputs: {{formats: [jsonl], style: raw}}
"""


@pytest.fixture
def server() -> Iterator[BatchServer]:
    srv = BatchServer()
    yield srv
    srv.close()


def _spec(tmp: Path, server: BatchServer) -> Path:
    path = tmp / "batch.yaml"
    path.write_text(SPEC.format(url=server.base_url))
    return path


def _rows(run_dir: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in (run_dir / "export/data.jsonl").read_bytes().splitlines()]


def test_one_batch_answers_every_record(server: BatchServer, tmp_path: Path) -> None:
    result = run_cli("run", str(_spec(tmp_path, server)), "--run-dir", str(tmp_path / "run"), "-q")
    assert result.returncode == 0, result.stderr
    rows = _rows(tmp_path / "run")
    assert (server.submissions, server.requests, len(rows)) == (1, 12, 12)
    for row in rows:
        body = {"messages": [{"role": "user", "content": row["prompt"]}]}
        assert row["response"] == answer_for(body)
    con = sqlite3.connect(tmp_path / "run/run.db")
    assert con.execute("SELECT COUNT(DISTINCT batch_id), COUNT(*) FROM batch_requests"
                       ).fetchone() == (1, 12)


def test_kill_between_submit_and_download_resumes_the_same_batch(
        server: BatchServer, tmp_path: Path) -> None:
    spec = _spec(tmp_path, server)
    baseline = run_cli("run", str(spec), "--run-dir", str(tmp_path / "base"), "-q")
    assert baseline.returncode == 0, baseline.stderr
    assert server.submissions == 1

    server.hold.set()  # the next batch stays in_progress until released
    run_dir = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-m", "synthloop.cli", "run", str(spec),
                             "--run-dir", str(run_dir), "-q"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while server.submissions < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert server.submissions == 2, proc.stderr.read() if proc.stderr else ""
    time.sleep(0.5)  # polling, never downloading
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    con = sqlite3.connect(run_dir / "run.db")
    assert con.execute("SELECT COUNT(*) FROM records").fetchone() == (0,)
    assert con.execute("SELECT COUNT(*) FROM batch_requests").fetchone() == (12,)
    con.close()

    server.hold.clear()
    resumed = run_cli("run", str(spec), "--run-dir", str(run_dir), "-q")
    assert resumed.returncode == 0, resumed.stderr
    assert server.submissions == 2, "the resumed run submitted its requests again"
    assert server.requests == 24  # 12 for the baseline, 12 for the killed run's one batch
    assert (run_dir / "export/data.jsonl").read_bytes() == (
        tmp_path / "base/export/data.jsonl").read_bytes()
