"""Fixtures: the real OpenAI-compatible server (``python -m llama_cpp.server`` with the bundled
SmolLM2 GGUF on 127.0.0.1) and a fault-injecting proxy in front of it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

import synthloop
from synthloop.records import Record
from synthloop.teachers.llama_weights import served
from synthloop.teachers.local import BUNDLED_WEIGHTS, bundled_model_path
from tests.teachers.fault_proxy import FaultProxy, free_port

REPO = Path(__file__).resolve().parents[2]
SEED_TASKS = REPO.parent / "shared" / "data" / "self-instruct-seed" / "seed_tasks.jsonl"
MODEL_NAME = "smollm2"
# Per request: on a loaded machine one answer of the single-slot server can take minutes, and a
# request that times out is asked again behind the one still being computed.
TIMEOUT_S = 300.0


def run_example_on_server(example: str, llama_server: str, run_dir: Path,
                          **writer: Any) -> list[Record]:
    """``examples/<example>.yaml`` at size 2 with its ``writer`` teacher pointed at the real
    llama.cpp server; every record of the run, with its verdicts."""
    spec = yaml.safe_load((REPO / "examples" / f"{example}.yaml").read_text())
    spec["target"]["size"] = 2
    spec["teachers"]["writer"] = {"backend": "openai", "base_url": llama_server,
                                  "model": MODEL_NAME, "timeout_s": TIMEOUT_S, **writer}
    synthloop.run(spec, run_dir, export=False)
    with synthloop.open_run(run_dir) as handle:
        return list(handle.store.iter_records(with_verdicts=True))


def _wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    import asyncio

    async def probe() -> bool:
        try:
            async with aiohttp.ClientSession() as s, s.get(f"{url}/models") as r:
                return r.status == 200
        except aiohttp.ClientError:
            return False

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {proc.returncode}")
        if asyncio.run(probe()):
            return
        time.sleep(0.5)
    raise RuntimeError(f"llama_cpp.server not ready after {timeout} s")


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/v1``) of a llama.cpp server with SmolLM2."""
    port = free_port()
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("wb")
    proc = subprocess.Popen(
        # The weights and attention the local teacher serves the bundled model with, so the
        # two answer alike.
        [sys.executable, "-m", "llama_cpp.server", "--model",
         str(served(bundled_model_path(), BUNDLED_WEIGHTS)),
         "--model_alias", MODEL_NAME, "--host", "127.0.0.1", "--port", str(port),
         # One thread for prompts and for generation: ggml's threads meet at a barrier for
         # every op, so on a busy machine two threads wait on each other's time slices (a
         # request 2-18x slower than with one at load 13 on 2 cores).
         "--n_ctx", "2048", "--n_threads", "1", "--n_threads_batch", "1", "--flash_attn", "True",
         "--verbose", "False"],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def proxy(llama_server: str) -> Iterator[FaultProxy]:
    """A pass-through proxy (no faults) that counts what reaches the server."""
    with FaultProxy(llama_server) as p:
        yield p


@pytest.fixture
def seed_tasks() -> Path:
    if not SEED_TASKS.exists():
        pytest.fail(f"{SEED_TASKS} is missing: the shared datasets must sit next to the repo")
    return SEED_TASKS
