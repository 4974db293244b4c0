"""Executors: where a pipeline's stages compute (see :mod:`.base`)."""

from __future__ import annotations

from synthloop.executors.base import Executor
from synthloop.spec import RunOptions


def make_executor(options: RunOptions) -> Executor:
    """The executor the run options name; Ray is imported only when asked for."""
    if options.executor == "ray":
        from synthloop.executors.ray import RayExecutor

        return RayExecutor(address=options.address)
    from synthloop.executors.local import LocalExecutor

    return LocalExecutor()
