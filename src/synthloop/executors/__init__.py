"""Executors: where a pipeline's stages compute (see :mod:`.base`).

An executor is named by ``run.executor``: a built-in below, or a plugin of the
``synthloop.executors`` entry-point group naming a callable (a class, or a function) that takes
the run options and returns an :class:`~synthloop.executors.base.Executor`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from synthloop.config.plugins import EXECUTORS as EXECUTORS_GROUP
from synthloop.config.plugins import Registry
from synthloop.config.spec import RunOptions
from synthloop.executors.base import Executor

MakeExecutor = Callable[[RunOptions], Executor]


# Named *_executor: a function named like its submodule would be shadowed by the submodule
# once that is imported (``synthloop.executors.local`` replaces the package's ``local``).
def local_executor(options: RunOptions) -> Executor:
    from synthloop.executors.local import LocalExecutor

    return LocalExecutor()


def ray_executor(options: RunOptions) -> Executor:
    from synthloop.executors.ray import RayExecutor  # Ray is imported only when asked for

    return RayExecutor(address=options.address)


def _maker(name: str, obj: object) -> MakeExecutor:
    if not callable(obj):
        raise TypeError(f"executor {name!r}: {obj!r} is not callable as "
                        "(options) -> Executor")
    return cast(MakeExecutor, obj)


EXECUTORS: Registry[MakeExecutor] = Registry("executor", EXECUTORS_GROUP, {
    "local": "synthloop.executors:local_executor",
    "ray": "synthloop.executors:ray_executor"}, _maker)


def make_executor(options: RunOptions) -> Executor:
    """The executor the run options name."""
    return EXECUTORS.get(options.executor)(options)
