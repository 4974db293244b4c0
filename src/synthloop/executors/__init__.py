"""Executors: where and how concurrently a pipeline's stages run (see :mod:`.base`).

An executor is named by ``run.executor``: a built-in below, or a plugin of the
``synthloop.executors`` entry-point group naming a callable (a class, or a function) that takes
``(store, progress, options)`` and returns an :class:`~synthloop.executors.base.Executor`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from synthloop.config.plugins import EXECUTORS as EXECUTORS_GROUP
from synthloop.config.plugins import Registry
from synthloop.config.spec import RunOptions
from synthloop.executors.base import Executor
from synthloop.report.progress import Progress
from synthloop.store import RunStore

MakeExecutor = Callable[[RunStore, Progress, RunOptions], Executor]


def local(store: RunStore, progress: Progress, options: RunOptions) -> Executor:
    from synthloop.executors.local import LocalExecutor

    return LocalExecutor(store, progress)


def ray(store: RunStore, progress: Progress, options: RunOptions) -> Executor:
    from synthloop.executors.ray import RayExecutor  # Ray is imported only when asked for

    return RayExecutor(store, progress, address=options.address)


def _maker(name: str, obj: object) -> MakeExecutor:
    if not callable(obj):
        raise TypeError(f"executor {name!r}: {obj!r} is not callable as "
                        "(store, progress, options) -> Executor")
    return cast(MakeExecutor, obj)


EXECUTORS: Registry[MakeExecutor] = Registry("executor", EXECUTORS_GROUP, {
    "local": "synthloop.executors:local", "ray": "synthloop.executors:ray"}, _maker)


def make_executor(options: RunOptions, store: RunStore, progress: Progress) -> Executor:
    """The executor the run options name."""
    return EXECUTORS.get(options.executor)(store, progress, options)
