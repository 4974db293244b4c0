"""Executors: where and how concurrently a pipeline's stages run (see :mod:`.base`)."""

from __future__ import annotations

from synthloop.executors.base import Executor
from synthloop.report.progress import Progress
from synthloop.spec import RunOptions
from synthloop.store import RunStore


def make_executor(options: RunOptions, store: RunStore, progress: Progress) -> Executor:
    """The executor the run options name; Ray is imported only when asked for."""
    if options.executor == "ray":
        from synthloop.executors.ray import RayExecutor

        return RayExecutor(store, progress, address=options.address)
    from synthloop.executors.local import LocalExecutor

    return LocalExecutor(store, progress)
