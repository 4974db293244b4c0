"""The local executor: a stage's batches compute in this process's event loop (I/O-bound
stages: a teacher's requests overlap there) or in a process pool (CPU-bound stages).

The pool (:mod:`synthloop.executors.pool`) starts on first use with every CPU-bound stage
shipped to each worker once, so a batch carries only its records; its workers are spawned
(never forked from a process holding a SQLite connection and an event loop), die with the
pipeline process, and leave a Ctrl-C to it. What runs when, and every commit, is the driver's
(:mod:`synthloop.driver`).
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any

from synthloop.executors.base import run_here
from synthloop.records import Record
from synthloop.stages import Stage, StageContext

if TYPE_CHECKING:  # teachers load only for a spec that uses one
    from concurrent.futures import ProcessPoolExecutor

    from synthloop.teachers.base import Teacher


class LocalExecutor:
    """Places stages in this process, or in a pool of worker processes (started on first
    use, with every CPU-bound stage shipped to each worker once)."""

    def __init__(self) -> None:
        self._stages: dict[int, tuple[Stage[Any], StageContext]] = {}
        self._pooled: set[int] = set()
        self._pool: ProcessPoolExecutor | None = None
        self._pool_size = 0

    def prepare(self, stages: dict[int, tuple[Stage[Any], StageContext]]) -> None:
        self._stages = dict(stages)

    def wrap_teacher(self, teacher: Teacher) -> Teacher:
        return teacher  # requests leave from this process

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def place(self, index: int, workers: int | None) -> int:
        """A CPU-bound stage in a pool of ``workers`` processes (default: the CPUs, at most
        8); any other in this process (the spec check refuses ``workers`` on those: the pool
        ships CPU-bound stages only)."""
        stage, _ = self._stages[index]
        nworkers = workers if workers is not None else (
            min(os.cpu_count() or 1, 8) if stage.cpu_bound else 0)
        if nworkers > 0:
            self._start_pool(nworkers)
            self._pooled.add(index)
        else:
            self._pooled.discard(index)
        return nworkers

    async def submit(self, index: int, batch: list[Any]) -> list[Record]:
        if index in self._pooled:
            loop = asyncio.get_running_loop()
            from synthloop.executors.pool import in_worker

            return await loop.run_in_executor(self._pool, in_worker, index, batch)
        stage, ctx = self._stages[index]
        return await run_here(stage, ctx, batch)

    def _start_pool(self, size: int) -> None:
        if self._pool is None or self._pool_size != size:
            from synthloop.executors.pool import start_pool

            self.close()
            self._pool = start_pool({i: sc for i, sc in self._stages.items()
                                     if sc[0].cpu_bound}, size)
            self._pool_size = size
