"""Self-Instruct's output does not depend on timing: a teacher on 127.0.0.1 whose answers
depend only on the request, but whose latency is random with a different seed per run (so
batches finish, and overlap, differently), yields byte-identical exports; a run killed with
SIGKILL and resumed yields the same export as one left alone."""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import yaml
from aiohttp import web

import synthloop
from synthloop.generate import self_instruct
from tests.teachers.openai_server import BatchServer

REPO = Path(__file__).resolve().parents[2]
WORDS = ("amber basil cedar delta ember fjord garnet harbor indigo juniper kestrel lagoon "
         "meadow nectar orchid pebble quartz raven saffron tundra umber violet willow yarrow "
         "zephyr anchor bramble canyon dune estuary").split()
SEEDS = ["Name three colours of the rainbow.", "Add 12 and 30.",
         "Give a synonym for happy.", "Translate 'cat' into French.",
         "List two prime numbers above ten.", "Say which is larger, 7 or 9.",
         "Spell the word 'river' backwards.", "Name the capital of Italy."]


def _words(text: str, n: int) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return " ".join(WORDS[b % len(WORDS)] for b in digest[:n])


class JitteryTeacher(BatchServer):
    """Answers from the prompt alone, after a random delay drawn from ``latency_seed``. A task
    answer repeats the last example it was shown (a near copy, rejected) and then writes two
    tasks from a hash of its prompt, so what a slot writes follows the examples it saw."""

    def __init__(self, latency_seed: int) -> None:
        self.rng = random.Random(latency_seed)
        super().__init__()

    async def _chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(self.rng.uniform(0.0, 0.03))
        prompt = str(body["messages"][-1]["content"])
        self.chats[prompt] += 1
        if prompt.startswith(self_instruct.INSTRUCTION_PROMPT[:40]):
            shown = [line.split(". ", 1)[1] for line in prompt.splitlines()
                     if line[:1].isdigit() and ". " in line]
            text = "\n".join([f"1. {shown[-1]}", f"2. Describe {_words(prompt, 6)}.",
                              f"3. Compare {_words(prompt + '3', 6)}."])
        else:
            text = f"Input: none\nOutput: {_words(prompt, 8)}"
        return web.json_response({
            "id": "cmpl", "object": "chat.completion", "model": body.get("model"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5}})


def _spec(tmp_path: Path, url: str) -> Path:
    seeds = tmp_path / "seeds.jsonl"
    seeds.write_bytes(b"".join(orjson.dumps({"instruction": s, "instances": [
        {"input": "", "output": "ok"}]}) + b"\n" for s in SEEDS))
    spec = {"name": "timing", "seed": 5, "target": {"size": 24, "oversample": 1.0,
                                                   "max_rounds": 1},
            "teachers": {"writer": {"backend": "openai", "base_url": url, "model": "m",
                                    "max_concurrency": 6, "max_retries": 2}},
            "stages": [{"use": "generate.self_instruct", "teacher": "writer",
                        "seed_tasks": str(seeds), "prompt_instructions": 4,
                        "machine_instructions": 2, "machine_lag": 3, "batch_size": 4}],
            "outputs": {"formats": ["jsonl"]}}
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def _export(run_dir: Path) -> bytes:
    return (run_dir / "export/data.jsonl").read_bytes()


def test_latency_does_not_change_the_dataset(tmp_path: Path) -> None:
    teacher = JitteryTeacher(latency_seed=1)
    try:
        spec = _spec(tmp_path, teacher.base_url)
        synthloop.run(spec, tmp_path / "first")
        teacher.rng = random.Random(2)
        synthloop.run(spec, tmp_path / "second")
    finally:
        teacher.close()
    # later prompts showed machine tasks: the pool that timing used to change was in play
    shown = {line.split(". ", 1)[1] for prompt in teacher.chats for line in prompt.splitlines()
             if line[:1].isdigit() and ". " in line}
    assert any(task.startswith(("Describe", "Compare")) for task in shown)
    assert len(_export(tmp_path / "first").splitlines()) == 24
    assert _export(tmp_path / "first") == _export(tmp_path / "second")


def test_sigkill_and_resume_give_the_uninterrupted_dataset(tmp_path: Path) -> None:
    teacher = JitteryTeacher(latency_seed=3)
    try:
        spec = _spec(tmp_path, teacher.base_url)
        synthloop.run(spec, tmp_path / "alone")
        teacher.rng = random.Random(4)
        asked = sum(teacher.chats.values())
        run_dir = tmp_path / "run"
        proc = subprocess.Popen([sys.executable, "-m", "synthloop.cli", "run", str(spec),
                                 "--run-dir", str(run_dir), "--quiet"], cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while sum(teacher.chats.values()) < asked + 20 and proc.poll() is None:
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        synthloop.run(spec, run_dir)
    finally:
        teacher.close()
    assert _export(run_dir) == _export(tmp_path / "alone")
