"""Simulated environments for tool-use data: a JSON state and tools that read and change it.

Built in: ``bank``, ``calendar`` and ``shop``. Add your own as a module with ``TOOLS``,
``initial_state(seed)`` and ``make_task(state, rng, category)`` (see :mod:`synthloop.envs.base`)
and name it in the spec by dotted path or ``.py`` file.
"""

from synthloop.envs.base import (
    CATEGORIES,
    Call,
    Environment,
    State,
    Task,
    ToolError,
    load_environment,
    tool_schema,
)
from synthloop.errors import BadEnvironment

__all__ = ["CATEGORIES", "BadEnvironment", "Call", "Environment", "State", "Task", "ToolError",
           "load_environment", "tool_schema"]
