"""The bundled local teacher's tokens/s beside llama-cpp-python's one-stream loop (issue 24.1).

Two whole processes (interpreter start, imports and model load included), run one after the
other in the same invocation, ``--rounds`` times, alternating, on the bundled SmolLM2 GGUF:

- peer: a ``Llama`` object answering the N chat requests one at a time
  (``create_chat_completion``, what llama-cpp-python offers for one process);
- synthloop: the ``local`` teacher (``Teacher.chat``, no store) with ``--parallel`` requests in
  flight, decoded together in its host process (``teachers/llama_batch.py``).

Both ask the same N prompts, ``max_tokens`` each, temperature 0.7, seeded per request, with
the same thread count for single tokens and batches (llama-cpp-python's default for batches,
every CPU, is far slower on a busy machine and would flatter the ratio). tokens/s = completion tokens of all answers / the process's wall time.
Goal: synthloop >= 2.5x the peer at 8 in flight.

    .venv/bin/python benchmarks/local_teacher_throughput.py --requests 32 --max-tokens 64
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from typing import Any


def prompt(i: int) -> list[dict[str, str]]:
    topics = ["rivers", "bread", "chess", "volcanoes", "bicycles", "owls", "tea", "glass"]
    return [{"role": "user", "content": f"Write a short paragraph about {topics[i % 8]} "
                                        f"for reader number {i}."}]


def peer(n: int, max_tokens: int, threads: int) -> int:
    from llama_cpp import Llama

    from synthloop.teachers.local import bundled_model_path

    llama = Llama(model_path=str(bundled_model_path()), n_ctx=2048, n_threads=threads,
                  n_threads_batch=threads, verbose=False)  # as the teacher's host does
    total = 0
    for i in range(n):
        out: Any = llama.create_chat_completion(messages=prompt(i), max_tokens=max_tokens,
                                                temperature=0.7, seed=i)
        total += out["usage"]["completion_tokens"]
    return total


def ours(n: int, max_tokens: int, threads: int, parallel: int) -> int:
    from synthloop.spec import LocalTeacherSpec
    from synthloop.teachers import build_teacher

    teacher = build_teacher("local", LocalTeacherSpec(
        backend="local", max_tokens=max_tokens, temperature=0.7, n_threads=threads,
        parallel=parallel))
    gate = asyncio.Semaphore(teacher.max_in_flight)  # what a stage keeps in flight

    async def one(i: int) -> int:
        async with gate:
            done = await teacher.chat(prompt(i), stage="bench", seed=i)
            return done.usage.completion_tokens

    async def go() -> int:
        try:
            return sum(await asyncio.gather(*(one(i) for i in range(n))))
        finally:
            await teacher.aclose()

    return asyncio.run(go())


def timed(args: list[str]) -> tuple[float, int]:
    started = time.monotonic()
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True,
                         text=True).stdout
    return time.monotonic() - started, int(out.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=32)
    ap.add_argument("--max-tokens", type=int, default=64)
    ap.add_argument("--parallel", type=int, default=8)
    ap.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 1))
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--worker", choices=["peer", "synthloop"])
    a = ap.parse_args()
    if a.worker == "peer":
        print(peer(a.requests, a.max_tokens, a.threads))
        return
    if a.worker == "synthloop":
        print(ours(a.requests, a.max_tokens, a.threads, a.parallel))
        return
    common = ["--requests", str(a.requests), "--max-tokens", str(a.max_tokens),
              "--threads", str(a.threads), "--parallel", str(a.parallel)]
    rates: dict[str, list[float]] = {"peer": [], "synthloop": []}
    for r in range(a.rounds):
        for name in ("peer", "synthloop") if r % 2 == 0 else ("synthloop", "peer"):
            wall, tokens = timed([*common, "--worker", name])
            rates[name].append(tokens / wall)
            print(f"round {r + 1} {name:9} {tokens:5} tokens in {wall:6.1f} s "
                  f"= {tokens / wall:6.1f} tok/s", flush=True)
    p, s = statistics.median(rates["peer"]), statistics.median(rates["synthloop"])
    print(f"{a.requests} chat requests x max {a.max_tokens} tokens, {a.threads} threads, "
          f"load {os.getloadavg()[0]:.1f}, median of {a.rounds}:")
    print(f"  llama-cpp-python one stream  {p:7.1f} tok/s")
    print(f"  synthloop local, {a.parallel} in flight {s:7.1f} tok/s  {s / p:.2f}x")


if __name__ == "__main__":
    main()
