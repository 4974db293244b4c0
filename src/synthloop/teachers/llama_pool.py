"""How many llama.cpp contexts, with how many threads each, the local host runs.

:func:`plan_workers` turns the teacher's ``parallel`` (and ``n_threads``, if given) into
contexts x threads for the CPUs this process may run on (``os.sched_getaffinity``: a container
or ``taskset`` limit counts, the machine's core count does not). Each context is a
:class:`synthloop.teachers.llama_batch.BatchEngine` decoding its share of the requests in
flight in one batch per step.

Why one single-thread context per core, not one multi-threaded context (measured on the 2-core
machine; ``benchmarks/results/`` has the runs): a context with 2 threads collapses when the
machine is busy: at load 9-14 it decoded 0.6-1.1 tok/s against 21 tok/s with 1 thread, because
every token ends in a barrier where a thread spins until its descheduled sibling arrives;
contexts with one thread never wait for each other. The contexts share the model's weights
(one ``Llama`` loads the GGUF, which llama.cpp maps read-only); each adds its KV streams
(``n_ctx`` x 30 layers x 384 x 2 bytes, 47 MB per sequence slot for SmolLM2 at ``n_ctx``
2048).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


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
