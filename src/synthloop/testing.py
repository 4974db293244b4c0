"""Test helpers: a teacher that answers from a script, for unit tests of recipes and judges.

:class:`FakeTeacher` replaces only the model. Its answers go through :meth:`Teacher.chat` like
any backend's, so the response cache, the budget, token accounting and the repair turn run as
in a real run, and a recipe's unit test needs no llama.cpp (the real-server tests stay for end
to end). It is as strict as a real endpoint: it returns tool calls only to a call that gave
``tools``, log-probs only to one that asked for them (cut to ``top_logprobs``), and ``n``
choices to a call that asked for ``n``::

    teacher = FakeTeacher(["4", Choice("", tool_calls=[tool_call("add", {"a": 2, "b": 2})])])
    teacher = FakeTeacher(lambda req: req.messages[-1]["content"].upper())
    assert teacher.requests[0].messages == [...]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import orjson

from synthloop.spec import SamplingSpec
from synthloop.teachers.answers import (
    Choice,
    Messages,
    RawAnswer,
    TokenLogprob,
    TopLogprob,
    Usage,
)
from synthloop.teachers.base import Feature, Teacher

if TYPE_CHECKING:
    from synthloop.store import RunStore
    from synthloop.teachers.budget import Budget

__all__ = ["Choice", "FakeTeacher", "Request", "Script", "TokenLogprob", "TopLogprob", "tool_call"]


@dataclass(frozen=True, slots=True)
class Request:
    """One choice to answer: the messages (empty for a raw completion, whose text is
    ``prompt``) and request parameters (sampling, ``tools``, ``tool_choice``, ``logprobs``,
    ``top_logprobs``) as a backend receives them, and which of the request's ``n`` choices
    this is."""

    messages: Messages
    params: dict[str, Any]
    index: int = 0
    prompt: str | None = None


Reply = str | Choice
# A list of answers taken in order, one per choice (an exception in it is raised instead), or
# a function of the request.
Script = Sequence[Reply | Exception] | Callable[[Request], Reply]


def tool_call(name: str, arguments: dict[str, Any], call_id: str = "call_0") -> dict[str, Any]:
    """An OpenAI ``tool_calls`` entry (arguments as the JSON string endpoints send)."""
    return {"id": call_id, "type": "function",
            "function": {"name": name, "arguments": orjson.dumps(arguments).decode()}}


class FakeTeacher(Teacher):
    """A teacher answering from ``script``. ``requests`` lists what reached it (cache hits do
    not). A :class:`~synthloop.teachers.TeacherError` in the script (raised by the function,
    or an item of the list) plays a request the teacher gave up on. Usage counts
    whitespace-separated words."""

    features: ClassVar[frozenset[Feature]] = frozenset({"tools", "logprobs", "completion"})

    def __init__(self, script: Script, *, name: str = "fake", model: str = "fake-model",
                 store: RunStore | None = None, budget: Budget | None = None,
                 **sampling: Any) -> None:
        super().__init__(name=name, backend="fake", model=model,
                         sampling=SamplingSpec(**sampling).sampling(), store=store,
                         budget=budget)
        self._answer_for: Callable[[Request], Reply] = (
            script if callable(script) else _in_order(list(script)))
        self.requests: list[Request] = []

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        self.requests.append(Request(messages, params))
        choices = [self._choice(Request(messages, params, i), params)
                   for i in range(params.get("n", 1))]
        prompt = sum(len(str(m.get("content") or "").split()) for m in messages)
        return RawAnswer(choices, Usage(prompt * len(choices),
                                        sum(len(c.text.split()) for c in choices)))

    async def _complete_raw(self, prompt: str, params: dict[str, Any]) -> RawAnswer:
        self.requests.append(Request([], params, prompt=prompt))
        choices = [self._choice(Request([], params, i, prompt), params)
                   for i in range(params.get("n", 1))]
        return RawAnswer(choices, Usage(len(prompt.split()) * len(choices),
                                        sum(len(c.text.split()) for c in choices)))

    def _choice(self, request: Request, params: dict[str, Any]) -> Choice:
        reply = self._answer_for(request)
        choice = Choice(reply, finish_reason="stop") if isinstance(reply, str) else \
            dataclasses.replace(reply, parsed=None)
        if choice.tool_calls and "tools" not in params:
            raise ValueError(f"the script answered with tool calls {choice.tool_calls!r} to a "
                             "call that gave no tools")
        if not params.get("logprobs"):
            choice.logprobs = None
        elif choice.logprobs is None:
            raise ValueError("the call asked for logprobs; script them in the Choice")
        else:
            k = params["top_logprobs"]
            choice.logprobs = [dataclasses.replace(t, top=t.top[:k]) for t in choice.logprobs]
        return choice


def _in_order(replies: list[Reply | Exception]) -> Callable[[Request], Reply]:
    it: Iterator[Reply | Exception] = iter(replies)

    def next_reply(request: Request) -> Reply:
        try:
            reply = next(it)
        except StopIteration:
            last = request.messages[-1].get("content") if request.messages else request.prompt
            raise LookupError(f"FakeTeacher: all {len(replies)} scripted answers are used; "
                              f"no answer left for {last!r}") from None
        if isinstance(reply, Exception):
            raise reply
        return reply

    return next_reply
