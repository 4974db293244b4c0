"""The local executor's process pool: spawned workers that each receive every CPU-bound stage
once, die with the pipeline process and leave a Ctrl-C to it.

Apart from :mod:`synthloop.executors.local` so that a run whose stages all compute in the event
loop (a teacher-driven generator) does not import ``multiprocessing`` and
``concurrent.futures.process`` (about 3 ms of a one-request ``synthloop run``).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.context
import multiprocessing.synchronize
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from synthloop.executors.base import run_here
from synthloop.records import Record
from synthloop.stages import Stage, StageContext


def _die_with_parent() -> None:
    """Pool initializer: on Linux, ask the kernel to SIGKILL this worker when the pipeline
    process dies (even by SIGKILL), so no orphan keeps computing or holding files."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


_WORKER_STAGES: dict[int, tuple[Stage[Any], StageContext]] = {}


def _init_worker(stages: dict[int, tuple[Stage[Any], StageContext]],
                 all_started: multiprocessing.synchronize.Barrier) -> None:
    """Pool initializer: the CPU-bound stages arrive once per worker (pickled without the
    store), so a batch carries only its records. It returns once every worker of the pool
    has got this far (see :func:`start_pool`)."""
    _die_with_parent()
    _WORKER_STAGES.update(stages)
    all_started.wait(timeout=600)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def in_worker(index: int, batch: list[Any]) -> list[Record]:
    """One batch in a worker. A Ctrl-C while it computes ends the batch (its
    KeyboardInterrupt goes back to the pipeline as the batch's result, which an interrupted
    run drops), so the pool shuts down at once instead of finishing work no one commits."""
    stage, ctx = _WORKER_STAGES[index]
    signal.signal(signal.SIGINT, _interrupt)  # not the default: asyncio.run would defer it
    try:
        result = asyncio.run(run_here(stage, ctx, batch))
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return result


@contextmanager
def _without_main_script() -> Iterator[None]:
    """Hide the user's ``__main__`` script from a worker being spawned.

    Python's spawn re-imports the main script in every worker; a script that calls
    ``synthloop.run()`` at top level without an ``if __name__ == "__main__"`` guard then
    starts a run inside each worker and dies in its bootstrap. Workers need nothing from the
    script when no stage they run is defined there, so it is hidden while each one starts.
    """
    main = sys.modules.get("__main__")
    saved: dict[str, Any] = {k: main.__dict__[k] for k in ("__file__", "__spec__")
                             if main and k in main.__dict__}
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None
        yield
    finally:
        if main is not None:
            main.__dict__.pop("__spec__", None)
            main.__dict__.update(saved)


def _main_defines_a_stage() -> bool:
    """Whether the ``__main__`` script defines a stage class (workers then need it)."""
    main = sys.modules.get("__main__")
    return main is not None and any(
        isinstance(v, type) and issubclass(v, Stage) and v.__module__ == "__main__"
        for v in vars(main).values())


class _WorkerProcess(multiprocessing.context.SpawnProcess):
    """A pool worker. Each start hides the main script itself; and it ignores SIGINT while
    idle: a Ctrl-C in a terminal reaches the whole process group, and only the pipeline
    process reports it (it stops the run and says how to resume)."""

    def start(self) -> None:
        with contextlib.nullcontext() if _main_defines_a_stage() else _without_main_script():
            super().start()

    def run(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        super().run()


class _WorkerContext(multiprocessing.context.SpawnContext):
    """spawn (the pipeline process holds a SQLite connection and an event loop, which forked
    workers must not inherit), with :class:`_WorkerProcess` workers."""

    Process = _WorkerProcess


def start_pool(stages: dict[int, tuple[Stage[Any], StageContext]], size: int
               ) -> ProcessPoolExecutor:
    """A pool of ``size`` workers holding ``stages``, every one started and past its bootstrap
    before this returns: a Ctrl-C while a worker still imports would print its
    KeyboardInterrupt traceback (only a started worker ignores SIGINT), and the pool would
    otherwise spawn workers one by one as batches arrive. A submit that finds no idle worker
    spawns one, and no worker is idle until all ``size`` meet at the initializer's barrier, so
    ``size`` quick submits spawn ``size`` workers (a quick task alone would not: the first
    worker up could take them all)."""
    context = _WorkerContext()
    pool = ProcessPoolExecutor(max_workers=size, mp_context=context, initializer=_init_worker,
                               initargs=(stages, context.Barrier(size)))
    for ready in [pool.submit(os.getpid) for _ in range(size)]:
        ready.result()
    return pool
