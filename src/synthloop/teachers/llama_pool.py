"""Parallel decoding for the local host: one llama.cpp context per usable core, sharing a queue.

:func:`plan_workers` turns the teacher's ``parallel`` (and ``n_threads``, if given) into
contexts x threads for the CPUs this process may run on (``os.sched_getaffinity``: a container
or ``taskset`` limit counts, the machine's core count does not). :class:`LlamaPool` holds that
many plain ``Llama`` objects; each request borrows an idle one, so up to ``contexts`` requests
decode at once, each on its own core, and the rest wait their turn.

Why independent single-thread contexts, not one multi-threaded context or one ``llama_batch``
of several sequences (both measured on the 2-core machine; ``benchmarks/results/`` has the runs):

- one context with 2 threads collapses when the machine is busy: at load 9-14 it decoded
  0.6-1.1 tok/s against 21 tok/s with 1 thread, because every token ends in a barrier where a
  thread spins until its descheduled sibling arrives; contexts with one thread never wait for
  each other.
- several sequences in one batch on one thread gave no more tokens/s than one sequence
  (16-18 against 14-25 tok/s, same load) with one KV cache shared by the sequences. With a KV
  stream per sequence (``kv_unified`` off) a later probe measured 87.5 tokens per CPU-second
  at 8 sequences against 44.6 for one (``benchmarks/results/quickstart.md``): the way to more
  than one stream per core, not built yet.

What holds for a seed: every context runs llama-cpp-python's own one-stream loop with the same
sampler and a thread count that does not change a dot product's order, so a seeded request gets
the text the one-stream loop gives it at ``parallel`` 1, whichever context serves it and
whatever else is in flight (tested). The contexts load the same GGUF, which llama.cpp maps
read-only, so the weights are in memory once; each context adds its own KV cache
(``n_ctx`` x 30 layers x 384 x 2 bytes, 47 MB for SmolLM2 at ``n_ctx`` 2048).
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from llama_cpp import Llama

T = TypeVar("T")


@dataclass(frozen=True)
class WorkerPlan:
    contexts: int
    threads: int  # per context, for single tokens and prompt batches alike


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def plan_workers(parallel: int, cpus: int, n_threads: int | None = None) -> WorkerPlan:
    """How many contexts, with how many threads each, serve ``parallel`` requests in flight.

    One context per request in flight up to one per CPU; its threads are ``n_threads`` when the
    spec fixes them (then no more contexts than the CPUs hold at that many threads each), else
    one. A second thread on one context halves SmolLM2's speed even on an idle machine (its
    matrices are too small to pay for a barrier per op: one request in flight decoded 20.2 tok/s
    with 2 threads against 42.3 with 1, 2 idle cores, benchmarks/local_teacher_throughput.py)."""
    cpus = max(1, cpus)
    if n_threads is not None:
        return WorkerPlan(max(1, min(parallel, cpus // n_threads)), n_threads)
    return WorkerPlan(max(1, min(parallel, cpus)), 1)


class LlamaPool:
    """``plan.contexts`` plain ``Llama`` objects on one GGUF; :meth:`run` lends one out."""

    def __init__(self, path: str, n_ctx: int, plan: WorkerPlan) -> None:
        self.contexts = [Llama(model_path=path, n_ctx=n_ctx, n_threads=plan.threads,
                               n_threads_batch=plan.threads, verbose=False)
                         for _ in range(plan.contexts)]
        self._idle: queue.SimpleQueue[Llama] = queue.SimpleQueue()
        for llama in self.contexts:
            self._idle.put(llama)

    @property
    def size(self) -> int:
        return len(self.contexts)

    def run(self, fn: Callable[[Llama], T]) -> T:
        """``fn`` on an idle context, waiting for one if all are busy. The context forgets its
        last prompt first: llama-cpp-python would reuse the KV cache of a shared prefix and
        evaluate only the rest, in other batch shapes, whose rounding changes a sampled token
        now and then, so an answer would depend on which request the context served before
        (two quickstart runs differed in 1 of 16 records)."""
        llama = self._idle.get()
        try:
            llama.reset()
            return fn(llama)
        finally:
            self._idle.put(llama)
