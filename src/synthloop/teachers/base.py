"""The teacher contract and what every backend shares: cache, budget, accounting, repair.

A backend implements one method, :meth:`Teacher._complete` (send one request, return the
choices and token usage). :meth:`Teacher.chat` wraps it so that every backend gets the same
guarantees:

- a response already paid for is never requested again (the run store's cache, keyed by
  :func:`synthloop.teachers.cache.cache_key`);
- no request is sent that could take the run past its budget (:class:`Budget`);
- tokens are accounted per stage and teacher in the store;
- output that must parse (a JSON schema or a parser) gets exactly one repair turn, then a
  :class:`TeacherError` that keeps the raw text, so the stage quarantines the record instead
  of dropping it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from synthloop.errors import SynthloopError
from synthloop.teachers.budget import Budget
from synthloop.teachers.cache import cache_key
from synthloop.teachers.persist import AnswerLog
from synthloop.teachers.structured import parse_json_answer, repair_message

if TYPE_CHECKING:
    from synthloop.store import RunStore

Messages = list[dict[str, Any]]
Parser = Callable[[str], Any]

# Sampling parameters a call may override; anything else is a programming error.
SAMPLING_KEYS = ("temperature", "top_p", "max_tokens", "n", "seed", "stop")


@dataclass(slots=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(slots=True)
class Completion:
    """One answer. ``texts`` holds every choice (``n`` > 1); ``text`` is the first.

    ``parsed`` is the validated JSON (schema) or the parser's result; ``cached`` says the answer
    came from the run store without a request; ``repaired`` says it took the repair turn.
    """

    text: str
    texts: list[str]
    usage: Usage
    parsed: Any = None
    cached: bool = False
    repaired: bool = False
    finish_reason: str | None = None


@dataclass(slots=True)
class RawAnswer:
    """What a backend returns for one request."""

    texts: list[str]
    usage: Usage
    finish_reason: str | None = None


class TeacherError(Exception):
    """The teacher gave up on one request: the stage quarantines that record with ``reason``.

    ``last_error`` is the final transport or validation error; ``raw_text`` the last text the
    model produced (empty when none came back), kept so no paid output is lost.
    """

    def __init__(self, reason: str, last_error: str = "", raw_text: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.last_error = last_error
        self.raw_text = raw_text

    def __str__(self) -> str:
        return f"{self.reason}: {self.last_error}" if self.last_error else self.reason


class TeacherUnavailable(SynthloopError):
    """The teacher cannot work at all (bad model path, 401, unknown model): stop the run
    instead of quarantining every record one by one."""


@dataclass
class Teacher:
    """Base of every backend. ``name`` is the spec's teacher name (for accounting)."""

    name: str
    backend: str
    model: str
    sampling: dict[str, Any]
    store: RunStore | None = None
    budget: Budget | None = None
    extra_describe: dict[str, Any] = field(default_factory=dict)

    # -- what backends implement -----------------------------------------------------------
    async def _complete(
        self, messages: Messages, params: dict[str, Any], schema: dict[str, Any] | None
    ) -> RawAnswer:
        raise NotImplementedError

    def count_prompt_tokens(self, messages: Messages) -> int:
        """An upper bound on the prompt's tokens, used to reserve budget before sending.

        UTF-8 bytes bound the tokens of any byte-level tokenizer; 8 per message covers chat
        template markers. Backends that can tokenize exactly override this.
        """
        return sum(len(str(m.get("content", "")).encode()) + 8 for m in messages) + 8

    async def aclose(self) -> None:
        """Release connections, threads and models."""

    @property
    def max_in_flight(self) -> int:
        """How many requests this teacher can serve at once (stages keep that many in
        flight); one for in-process models."""
        return 1

    # -- the public API --------------------------------------------------------------------
    def describe(self) -> dict[str, Any]:
        """Backend, model and sampling parameters for lineage (never credentials)."""
        return {"backend": self.backend, "model": self.model, **self.sampling,
                **self.extra_describe}

    async def chat(
        self,
        messages: Messages,
        *,
        stage: str,
        sample_index: int = 0,
        schema: dict[str, Any] | None = None,
        parser: Parser | None = None,
        **overrides: Any,
    ) -> Completion:
        """Answer ``messages``; cached, budgeted and accounted under ``stage``.

        ``schema`` asks the backend for JSON matching it and validates the answer; ``parser``
        (raising ``ValueError`` on bad text) checks free text. Either gets one repair turn.
        ``overrides`` replace sampling parameters for this call (e.g. ``seed=slot.seed``).
        Raises :class:`TeacherError` when it gives up.
        """
        unknown = set(overrides) - set(SAMPLING_KEYS)
        if unknown:
            raise TypeError(f"unknown sampling parameter(s): {', '.join(sorted(unknown))}")
        params = {**self.sampling, **{k: v for k, v in overrides.items() if v is not None}}
        answer = await self._answer(messages, params, schema, sample_index, stage)
        check = _checker(schema, parser)
        if check is None:
            return answer
        try:
            answer.parsed = check(answer.text)
            return answer
        except ValueError as exc:
            first_error = str(exc)
        repair = [*messages, {"role": "assistant", "content": answer.text},
                  {"role": "user", "content": repair_message(first_error, schema)}]
        fixed = await self._answer(repair, params, schema, sample_index, stage)
        try:
            fixed.parsed = check(fixed.text)
        except ValueError as exc:
            raise TeacherError(
                "unparsable answer after one repair attempt", str(exc), fixed.text
            ) from None
        fixed.repaired = True
        fixed.usage = Usage(answer.usage.prompt_tokens + fixed.usage.prompt_tokens,
                            answer.usage.completion_tokens + fixed.usage.completion_tokens)
        return fixed

    async def _answer(
        self,
        messages: Messages,
        params: dict[str, Any],
        schema: dict[str, Any] | None,
        sample_index: int,
        stage: str,
    ) -> Completion:
        key = cache_key(self.backend, self.model, messages, params, schema, sample_index)
        if self.store is not None:
            hit = self.store.cache_get(key)
            if hit is not None:
                return Completion(text=hit["texts"][0], texts=hit["texts"],
                                  usage=Usage(**hit["usage"]), cached=True,
                                  finish_reason=hit.get("finish_reason"))
        ticket = None
        if self.budget is not None:
            ticket = await self.budget.reserve(
                self.name, self.model, stage, self.count_prompt_tokens(messages),
                params["max_tokens"] * params.get("n", 1))
        try:
            raw = await self._complete(messages, params, schema)
        except BaseException:
            if ticket is not None:
                ticket.cancel()
            raise
        cost = ticket.settle(raw.usage) if ticket is not None else 0.0
        if self.store is not None:
            await AnswerLog.of(self.store).put(
                key, {"texts": raw.texts, "finish_reason": raw.finish_reason,
                      "usage": {"prompt_tokens": raw.usage.prompt_tokens,
                                "completion_tokens": raw.usage.completion_tokens}},
                stage=stage, teacher=self.name, prompt_tokens=raw.usage.prompt_tokens,
                completion_tokens=raw.usage.completion_tokens, cost=cost)
        return Completion(text=raw.texts[0] if raw.texts else "", texts=raw.texts,
                          usage=raw.usage, finish_reason=raw.finish_reason)


def _checker(schema: dict[str, Any] | None, parser: Parser | None) -> Parser | None:
    if schema is not None and parser is not None:
        raise TypeError("give a schema or a parser, not both")
    if schema is not None:
        return lambda text: parse_json_answer(text, schema)
    return parser
