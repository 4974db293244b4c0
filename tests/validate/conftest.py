"""A teacher answering from a script, until ``synthloop.testing.FakeTeacher`` lands on main."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from synthloop.teachers.base import Messages, RawAnswer, Teacher, Usage


class ScriptedTeacher(Teacher):
    """Answers each request with ``script(messages)``; ``requests`` lists what reached it."""

    def __init__(self, script: Callable[[Messages], str]) -> None:
        super().__init__(name="judge", backend="scripted", model="scripted-judge",
                         sampling={"temperature": 0.0, "top_p": 1.0, "max_tokens": 64, "n": 1,
                                   "seed": None, "stop": None})
        self.script = script
        self.requests: list[Messages] = []

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        self.requests.append(messages)
        return RawAnswer(texts=[self.script(messages)], usage=Usage(1, 1))
