"""The Ray executor on a real local cluster (``ray start --head`` on 127.0.0.1, 2 CPUs):
the same spec (math, curation, Self-Instruct against the real llama.cpp server) gives
byte-identical exports on Ray and locally, a killed stage worker is
retried without a duplicate record, and a SIGKILLed driver resumes without re-sending a
committed teacher request (counted server-side)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import yaml

from synthloop.executors.ray_local import RAY_ENV, local_cluster
from tests.conftest import REPO, run_cli
from tests.test_crash_safety import db_facts
from tests.teachers.conftest import llama_server, seed_tasks  # noqa: F401  (fixtures)
from tests.teachers.openai_server import BatchServer
from tests.teachers.test_self_instruct_e2e import expected_end
from tests.teachers.test_self_instruct_e2e import spec as self_instruct_spec

MATH = REPO / "examples" / "math.yaml"
CURATION = """
name: curation
seed: 5
source:
  path: {data}
  fields: {{instruction: question, response: answer}}
stages:
  - {{use: curate.quality, min_words: 60, batch_size: 64}}
  - {{use: curate.pii, operator: fake, batch_size: 64}}
  - {{use: curate.dedup, method: minhash, threshold: 0.7, fields: [instruction]}}
  - {{use: curate.diversity, vendi: false}}
outputs: {{formats: [jsonl, parquet], style: chat}}
"""
TEACHER = """
name: ray-teacher
seed: 5
target:
  size: 48
  oversample: 1.0
  max_rounds: 1
  taxonomy: [{{skill: rates}}, {{skill: money}}, {{skill: time}}]
teachers:
  writer: {{backend: openai, base_url: "{url}", model: m, max_tokens: 32, max_concurrency: 8}}
stages:
  - use: generate.prompt
    teacher: writer
    template: "Write one question about {{{{ skill }}}}, number {{{{ index }}}}."
    batch_size: 4
  - {{use: curate.quality, batch_size: 4}}
outputs: {{formats: [jsonl], style: raw}}
"""


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with local_cluster(num_cpus=2) as head:
        yield head.address


def _run(spec: Path, run_dir: Path, *extra: str, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    return run_cli("run", str(spec), "--run-dir", str(run_dir), "-q", *extra,
                   env={**RAY_ENV, **(env or {})})


def _same_exports(a: Path, b: Path) -> None:
    names = sorted(p.relative_to(a / "export") for p in (a / "export").rglob("*") if p.is_file())
    assert names, f"nothing exported in {a}"
    for name in names:
        assert (a / "export" / name).read_bytes() == (b / "export" / name).read_bytes(), name


@pytest.fixture(scope="module")
def math_local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run_dir = tmp_path_factory.mktemp("math") / "local"
    result = _run(MATH, run_dir)
    assert result.returncode == 0, result.stderr
    return run_dir


def _gsm8k_with_pii(shared_data: Path, out: Path) -> Path:
    """400 GSM8K problems, every tenth answer followed by a Presidio sample's text, so the
    PII stage has real personal data to rewrite (GSM8K alone has none)."""
    rows = [json.loads(line) for line in
            (shared_data / "gsm8k/train.jsonl").read_text().splitlines()[:400]]
    pii = json.loads((shared_data / "presidio-pii/synth_dataset_v2.json").read_text())
    for i in range(0, len(rows), 10):
        rows[i]["answer"] += "\n" + pii[i]["full_text"]
    out.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return out


def test_math_and_curation_on_ray_match_local(cluster: str, math_local: Path,
                                              tmp_path: Path, shared_data: Path) -> None:
    on_ray = _run(MATH, tmp_path / "math-ray", "--address", cluster)
    assert on_ray.returncode == 0, on_ray.stderr
    _same_exports(math_local, tmp_path / "math-ray")
    assert db_facts(math_local) == db_facts(tmp_path / "math-ray")

    spec = tmp_path / "curation.yaml"
    spec.write_text(CURATION.format(data=_gsm8k_with_pii(shared_data, tmp_path / "src.jsonl")))
    local = _run(spec, tmp_path / "cur-local")
    ray_run = _run(spec, tmp_path / "cur-ray", "--executor", "ray", "--address", cluster)
    assert (local.returncode, ray_run.returncode) == (0, 0), local.stderr + ray_run.stderr
    _same_exports(tmp_path / "cur-local", tmp_path / "cur-ray")
    assert db_facts(tmp_path / "cur-local") == db_facts(tmp_path / "cur-ray")
    funnel = sqlite3.connect(tmp_path / "cur-ray/run.db").execute(
        "SELECT name, n_rejected, n_modified FROM progress WHERE stage_index IN (1, 2)"
    ).fetchall()
    # the CPU-bound stages did their work in the stage actors: quality rejected, pii rewrote
    assert [(name, rejected > 0, modified > 0) for name, rejected, modified in funnel] == [
        ("curate.quality", True, False), ("curate.pii", False, True)]


def test_self_instruct_on_llama_server_on_ray_matches_local(
        cluster: str, llama_server: str, seed_tasks: Path, tmp_path: Path) -> None:  # noqa: F811
    spec = tmp_path / "self-instruct.yaml"
    spec.write_text(yaml.safe_dump(self_instruct_spec(llama_server, seed_tasks, size=4)))
    local = _run(spec, tmp_path / "local")
    on_ray = _run(spec, tmp_path / "ray", "--address", cluster)
    # exit 5 when the weak model's rejects leave the one round short: the same on both
    expected = 0 if expected_end(tmp_path / "local", 4) == "complete" else 5
    assert (local.returncode, on_ray.returncode) == (expected, expected), (
        local.stderr + on_ray.stderr)
    _same_exports(tmp_path / "local", tmp_path / "ray")
    assert db_facts(tmp_path / "local") == db_facts(tmp_path / "ray")
    assert (tmp_path / "ray/export/data.jsonl").read_bytes().count(b"\n") >= 1


def test_killed_stage_worker_is_retried_without_duplicates(cluster: str, math_local: Path,
                                                           tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "synthloop.cli", "run", str(MATH), "--run-dir",
         str(tmp_path / "run"), "-q", "--address", cluster],
        cwd=REPO, env={**os.environ, **RAY_ENV}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    killed = _kill_first_worker(proc)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert killed is not None, "no stage worker was seen running"
    _same_exports(math_local, tmp_path / "run")
    facts = db_facts(tmp_path / "run")
    assert facts == db_facts(math_local)
    count, distinct = facts["records"]  # type: ignore[misc]
    assert count == distinct


def _kill_first_worker(proc: subprocess.Popen[str]) -> int | None:
    """SIGKILL the first stage-worker actor seen running a batch."""
    deadline = time.monotonic() + 300  # a cap for a loaded machine
    while proc.poll() is None and time.monotonic() < deadline:
        for worker in psutil.process_iter(["cmdline"]):
            title = " ".join(worker.info["cmdline"] or [])
            if title.startswith("ray::_StageWorker.run"):
                worker.send_signal(signal.SIGKILL)
                return worker.pid
        time.sleep(0.01)
    return None


def test_sigkilled_driver_resumes_without_resending_committed_requests(
        cluster: str, tmp_path: Path) -> None:
    server = BatchServer()
    try:
        spec = tmp_path / "teacher.yaml"
        spec.write_text(TEACHER.format(url=server.base_url))
        base = _run(spec, tmp_path / "base")
        assert base.returncode == 0, base.stderr
        prompts = set(server.chats)
        assert len(prompts) == 48 and set(server.chats.values()) == {1}
        server.chats.clear()

        run_dir = tmp_path / "run"
        killed = _run(spec, run_dir, "--address", cluster,
                      env={"SYNTHLOOP_KILL_AT": "commit:0:mid@3"})
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        con = sqlite3.connect(run_dir / "run.db")
        cached = con.execute("SELECT COUNT(*) FROM cache").fetchone()[0]
        con.close()
        sent_before = _settled(server)  # requests the endpoint actor had already sent
        assert 8 <= cached <= sent_before < 48

        resumed = _run(spec, run_dir, "--address", cluster)
        assert resumed.returncode == 0, resumed.stderr
        # every committed answer came from the cache; only the others were sent again
        assert sum(server.chats.values()) - sent_before == 48 - cached
        assert set(server.chats) == prompts
        _same_exports(tmp_path / "base", run_dir)
        facts = db_facts(run_dir)
        assert facts == db_facts(tmp_path / "base")
        assert facts["records"] == (48, 48)
    finally:
        server.close()


def _settled(server: BatchServer, quiet_s: float = 1.0) -> int:
    """The server's request count once Ray has reaped the dead driver's endpoint actor (it may
    still deliver what it was sending until then) and none has arrived for ``quiet_s``."""
    deadline = time.monotonic() + 300  # a cap for a loaded machine; idle it takes a second
    while time.monotonic() < deadline and any(
            " ".join(p.info["cmdline"] or []).startswith("ray::_Endpoint")
            for p in psutil.process_iter(["cmdline"])):
        time.sleep(0.1)
    before, now = -1, sum(server.chats.values())
    while now != before:
        time.sleep(quiet_s)
        before, now = now, sum(server.chats.values())
    return now


def test_run_options_are_outside_the_spec_hash(tmp_path: Path) -> None:
    from synthloop.spec_check import load_spec

    spec = tmp_path / "math.yaml"
    spec.write_text(MATH.read_text() + 'run: {executor: ray, address: "10.0.0.1:6379"}\n')
    on_ray, local = load_spec(spec), load_spec(MATH)
    assert (on_ray.run.executor, on_ray.run.address) == ("ray", "10.0.0.1:6379")
    assert on_ray.content_hash() == local.content_hash()
    assert on_ray.to_yaml() == local.to_yaml()  # the dataset card's spec does not name it
    bad = run_cli("run", str(MATH), "--executor", "dask", "--run-dir", str(tmp_path / "r"))
    assert bad.returncode == 2
    assert "unknown executor 'dask'; use local or ray" in bad.stderr


def test_teacher_requests_go_through_one_actor_per_endpoint(
        cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from synthloop.executors.ray import EndpointTeacher, RayExecutor
    from synthloop.spec import OpenAITeacherSpec
    from synthloop.store import RunStore
    from synthloop.teachers import TeacherError, build_teacher
    from tests.teachers.openai_server import answer_for

    for key, value in RAY_ENV.items():
        monkeypatch.setenv(key, value)
    server, store = BatchServer(), RunStore(tmp_path / "run.db")
    executor = RayExecutor(address=cluster)
    try:
        spec = OpenAITeacherSpec(backend="openai", base_url=server.base_url, model="m",
                                 max_tokens=8, max_retries=0)
        writer = executor.wrap_teacher(build_teacher("writer", spec, store=store))
        judge = executor.wrap_teacher(
            build_teacher("judge", spec.model_copy(update={"temperature": 0.0}), store=store))
        assert isinstance(writer, EndpointTeacher) and isinstance(judge, EndpointTeacher)
        assert writer.actor is judge.actor  # one actor, one concurrency limit, per endpoint

        async def ask() -> tuple[str, str, str, str]:
            hi = await writer.chat([{"role": "user", "content": "hi"}], stage="s")
            again = await writer.chat([{"role": "user", "content": "hi"}], stage="s")
            hello = await judge.chat([{"role": "user", "content": "hello"}], stage="s")
            try:
                await writer.chat([{"role": "user", "content": "reject this"}], stage="s")
            except TeacherError as exc:  # raised in the actor, arrives as itself
                return hi.text, str(again.cached), hello.text, exc.reason
            return hi.text, str(again.cached), hello.text, "no error"

        hi, cached, hello, reason = asyncio.run(ask())
        assert hi == answer_for({"messages": [{"content": "hi"}]})
        assert hello == answer_for({"messages": [{"content": "hello"}]})
        assert cached == "True"
        assert reason == ("the server refused the request with HTTP 400 (not retried: it would "
                          "answer the same again)")
        assert dict(server.chats) == {"hi": 1, "hello": 1, "reject this": 1}
    finally:
        executor.close()
        store.close()
        server.close()
