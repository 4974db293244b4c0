"""The teacher contract and what every backend shares: cache, budget, accounting, repair.

A backend implements one method, :meth:`Teacher._complete` (send one request, return the
choices and token usage). :meth:`Teacher.chat` wraps it so that every backend gets the same
guarantees (and :meth:`Teacher.complete`, the raw-text continuation that backends running the
model's chat template in this process offer, gets them too):

- a response already paid for is never requested again (the run store's cache, keyed by
  :func:`synthloop.teachers.cache.cache_key`);
- no request is sent that could take the run past its budget (:class:`Budget`);
- tokens are accounted per stage and teacher in the store;
- output that must parse (a JSON schema or a parser) gets exactly one repair turn per choice,
  then a :class:`TeacherError` that keeps the raw text, so the stage quarantines the record
  instead of dropping it.

What a call can ask beyond text (tools, token log-probabilities, ``n`` choices) is part of its
request parameters, so it is in the cache key and, through :meth:`Teacher.describe`, in the
lineage. The answer's shape is in :mod:`synthloop.teachers.answers`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import orjson

from synthloop.config.teachers import Feature, backends_with
from synthloop.errors import TeacherUnavailable, TeacherUnsupported
from synthloop.teachers.answers import (
    Choice,
    Completion,
    Messages,
    RawAnswer,
    TokenLogprob,
    TopLogprob,
    Usage,
    from_cache,
    to_cache,
)
from synthloop.teachers.budget import Budget
from synthloop.teachers.cache import cache_key
from synthloop.teachers.persist import AnswerLog
from synthloop.teachers.structured import parse_json_answer, repair_message

if TYPE_CHECKING:
    from synthloop.store import RunStore

__all__ = ["Choice", "Completion", "Feature", "Messages", "Parser", "RawAnswer", "Teacher",
           "TeacherError", "TeacherUnavailable", "TeacherUnsupported", "TokenLogprob",
           "Tool", "TopLogprob", "Usage", "backends_with"]

Parser = Callable[[str], Any]
Tool = dict[str, Any]  # OpenAI function tool: {"type": "function", "function": {"name", ...}}
# "completion": raw-text continuation (:meth:`Teacher.complete`) and the model's own chat
# template (:meth:`Teacher.render_chat`), which an endpoint that only offers chat cannot give.

# Sampling parameters a call may override; anything else is a programming error.
SAMPLING_KEYS = ("temperature", "top_p", "max_tokens", "n", "seed", "stop")
_SAMPLING = frozenset(SAMPLING_KEYS)


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


@dataclass
class Teacher:
    """Base of every backend. ``name`` is the spec's teacher name (for accounting).

    ``features`` lists what the backend can do beyond text (see :meth:`supports`).
    """

    name: str
    backend: str
    model: str
    sampling: dict[str, Any]
    store: RunStore | None = None
    budget: Budget | None = None
    extra_describe: dict[str, Any] = field(default_factory=dict)

    features: ClassVar[frozenset[Feature]] = frozenset()

    # -- what backends implement -----------------------------------------------------------
    async def _complete(
        self, messages: Messages, params: dict[str, Any], schema: dict[str, Any] | None
    ) -> RawAnswer:
        """Send one request; return its ``params["n"]`` choices and token usage.

        ``params`` holds the sampling parameters and, when the call gave them, ``tools``,
        ``tool_choice``, ``logprobs`` (True) and ``top_logprobs`` (an int).
        """
        raise NotImplementedError

    async def _complete_raw(self, prompt: str, params: dict[str, Any]) -> RawAnswer:
        """Continue ``prompt`` as it stands (no chat template): backends with "completion"."""
        raise NotImplementedError

    async def _render_chat(self, messages: Messages, add_generation_prompt: bool) -> str:
        """``messages`` in the model's chat template: backends with "completion"."""
        raise NotImplementedError

    def count_prompt_tokens(self, messages: Messages | str,
                            tools: list[Tool] | None = None) -> int:
        """An upper bound on the prompt's tokens (chat messages, or the raw prompt of
        :meth:`complete`), used to reserve budget before sending.

        UTF-8 bytes bound the tokens of any byte-level tokenizer; 8 per message covers chat
        template markers. Tool calls and tool schemas count as the JSON they are sent as.
        Backends that can tokenize exactly override this.
        """
        if isinstance(messages, str):
            return len(messages.encode()) + 8
        size = sum(_message_bytes(m) + 8 for m in messages) + 8
        return size + (len(orjson.dumps(tools)) if tools else 0)

    async def aclose(self) -> None:
        """Release connections, threads and models."""

    @property
    def max_in_flight(self) -> int:
        """How many requests this teacher can serve at once (stages keep that many in
        flight); one for in-process models."""
        return 1

    # -- the public API --------------------------------------------------------------------
    def supports(self, feature: Feature) -> bool:
        """Whether :meth:`chat` accepts ``tools`` / ``logprobs`` on this backend (a judge
        scores from log-probs where it can and falls back to sampled answers where not)."""
        return feature in self.features

    def describe(
        self,
        *,
        tools: list[Tool] | None = None,
        tool_choice: str | dict[str, Any] | None = None,
        logprobs: bool = False,
        top_logprobs: int | None = None,
        **overrides: Any,
    ) -> dict[str, Any]:
        """Backend, model and sampling parameters for lineage (never credentials).

        Given the options of a :meth:`chat` call it describes that call: overridden sampling,
        the tools by name and a hash of their schemas, ``tool_choice`` and the log-prob
        settings.
        """
        params = self._request(tools, tool_choice, logprobs, top_logprobs, overrides)
        if "tools" in params:
            params["tools"] = [t["function"]["name"] for t in params["tools"]]
            params["tools_hash"] = hashlib.sha256(
                orjson.dumps(tools, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]
        return {"backend": self.backend, "model": self.model, **params, **self.extra_describe}

    async def chat(
        self,
        messages: Messages,
        *,
        stage: str,
        sample_index: int = 0,
        schema: dict[str, Any] | None = None,
        parser: Parser | None = None,
        tools: list[Tool] | None = None,
        tool_choice: str | dict[str, Any] | None = None,
        logprobs: bool = False,
        top_logprobs: int | None = None,
        **overrides: Any,
    ) -> Completion:
        """Answer ``messages``; cached, budgeted and accounted under ``stage``.

        ``messages`` are OpenAI chat messages, any number of turns, including assistant turns
        with ``tool_calls`` and ``tool`` turns with ``tool_call_id``; they reach an endpoint
        unchanged. ``schema`` asks the backend for JSON matching it and validates each
        choice; ``parser`` (raising ``ValueError`` on bad text) checks free text. A choice
        that fails gets one repair turn. ``tools`` (OpenAI function tools) and
        ``tool_choice`` (``"auto"``, ``"none"``, ``"required"`` or ``{"type": "function",
        "function": {"name": ...}}``) let the model answer with ``tool_calls``.
        ``logprobs=True`` returns each choice's token log-probabilities with the
        ``top_logprobs`` (default 0) most likely alternatives per token. ``overrides``
        replace sampling parameters for this call (e.g. ``seed=slot.seed``, ``n=4``).
        Raises :class:`TeacherError` when it gives up on this request,
        :class:`TeacherUnavailable` when the teacher cannot work at all,
        :class:`TeacherUnsupported` when the backend lacks tools or log-probs.
        """
        params = self._request(tools, tool_choice, logprobs, top_logprobs, overrides)
        check = _checker(schema, parser)
        if schema is not None and tools is not None:
            raise TypeError("give a schema or tools, not both")
        answer = await self._answer(messages, params, schema, sample_index, stage)
        if check is None:
            return answer
        for i, choice in enumerate(answer.choices):
            try:
                choice.parsed = check(choice.text)
                continue
            except ValueError as exc:
                error = str(exc)
            if choice.finish_reason == "length":  # a repair under the same limit ends alike
                raise _truncated(params, choice.text)
            repair = [*messages, choice.message(),
                      {"role": "user", "content": repair_message(error, schema)}]
            fixed = await self._answer(repair, {**params, "n": 1}, schema, sample_index, stage)
            try:
                fixed.choices[0].parsed = check(fixed.text)
            except ValueError as exc:
                if fixed.finish_reason == "length":
                    raise _truncated(params, fixed.text) from None
                raise TeacherError(
                    "unparsable answer after one repair attempt", str(exc), fixed.text
                ) from None
            answer.choices[i] = fixed.choices[0]
            answer.usage += fixed.usage
            answer.repaired = True
            answer.cached = answer.cached and fixed.cached
        return answer

    async def complete(self, prompt: str, *, stage: str, sample_index: int = 0,
                       logprobs: bool = False, top_logprobs: int | None = None,
                       **overrides: Any) -> Completion:
        """Continue the raw text ``prompt`` (special tokens in it are read as such); cached,
        budgeted and accounted under ``stage`` like :meth:`chat`, with the same sampling
        ``overrides`` and log-prob options (the next-token distribution after a prefix is
        what a word substitution asks for). Raises :class:`TeacherUnsupported` where the
        backend only offers chat, or has no log-probs and was asked for them.
        """
        self._require("completion", "continue a raw prompt")
        params = self._request(None, None, logprobs, top_logprobs, overrides)
        return await self._answer(prompt, params, None, sample_index, stage)

    async def render_chat(self, messages: Messages, *, add_generation_prompt: bool = True) -> str:
        """``messages`` as the model sees them through its chat template: the text a
        :meth:`complete` call can extend (Magpie's pre-query template is its prefix)."""
        self._require("completion", "render its chat template")
        return await self._render_chat(messages, add_generation_prompt)

    def _request(
        self,
        tools: list[Tool] | None,
        tool_choice: str | dict[str, Any] | None,
        logprobs: bool,
        top_logprobs: int | None,
        overrides: dict[str, Any],
    ) -> dict[str, Any]:
        """The request parameters of a call: what the backend receives, what the cache key
        and the lineage hold. Options left at their defaults add nothing, so a plain call's
        cache key is what it was before tools and log-probs existed."""
        unknown = overrides.keys() - _SAMPLING
        if unknown:
            raise TypeError(f"unknown sampling parameter(s): {', '.join(sorted(unknown))}")
        params = {**self.sampling, **{k: v for k, v in overrides.items() if v is not None}}
        if tools is not None:
            self._require("tools", "call tools")
            _check_tools(tools)
            params["tools"] = tools
            if tool_choice is not None:
                params["tool_choice"] = tool_choice
        elif tool_choice is not None:
            raise TypeError("tool_choice needs tools")
        if logprobs:
            self._require("logprobs", "return token log-probabilities")
            params["logprobs"] = True
            params["top_logprobs"] = top_logprobs or 0
        elif top_logprobs is not None:
            raise TypeError("top_logprobs needs logprobs=True")
        return params

    def _require(self, feature: Feature, what: str) -> None:
        if feature not in self.features:
            raise TeacherUnsupported(
                f"teacher {self.name!r} (backend {self.backend}) cannot {what}; give this "
                f"stage a teacher whose backend can ({', '.join(backends_with(feature))})")

    async def _answer(
        self,
        messages: Messages | str,
        params: dict[str, Any],
        schema: dict[str, Any] | None,
        sample_index: int,
        stage: str,
    ) -> Completion:
        """One request, through the cache and the budget: chat ``messages`` or a raw prompt."""
        key = cache_key(self.backend, self.model, messages, params, schema, sample_index)
        log = AnswerLog.of(self.store) if self.store is not None else None
        if log is not None:
            hit = log.get(key)
            if hit is not None:
                cached = from_cache(hit)
                return Completion(cached.choices, cached.usage, cached=True)
        ticket = None
        if self.budget is not None:
            ticket = await self.budget.reserve(
                self.name, self.model, stage,
                self.count_prompt_tokens(messages, params.get("tools")),
                params["max_tokens"] * params.get("n", 1))
        try:
            raw = await (self._complete_raw(messages, params) if isinstance(messages, str)
                         else self._complete(messages, params, schema))
        except BaseException:
            if ticket is not None:
                ticket.cancel()
            raise
        cost = ticket.settle(raw.usage) if ticket is not None else 0.0
        if log is not None:
            await log.put(
                key, to_cache(raw), stage=stage, teacher=self.name,
                prompt_tokens=raw.usage.prompt_tokens,
                completion_tokens=raw.usage.completion_tokens, cost=cost)
        return Completion(raw.choices, raw.usage)


def _message_bytes(message: dict[str, Any]) -> int:
    content = message.get("content")
    size = len(content.encode()) if isinstance(content, str) else \
        len(orjson.dumps(content)) if content is not None else 0
    return size + (len(orjson.dumps(message["tool_calls"])) if message.get("tool_calls") else 0)


def _check_tools(tools: list[Tool]) -> None:
    for tool in tools:
        fn = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise TypeError(f"not an OpenAI function tool: {tool!r}; expected "
                            '{"type": "function", "function": {"name": ..., "parameters": ...}}')


def _truncated(params: dict[str, Any], text: str) -> TeacherError:
    """An answer cut off by ``max_tokens`` before it was complete: that, not its shape, is
    what to fix."""
    return TeacherError(f"answer truncated at max_tokens ({params.get('max_tokens')}) before "
                        "it was complete; raise max_tokens for this teacher or stage",
                        raw_text=text)


def _checker(schema: dict[str, Any] | None, parser: Parser | None) -> Parser | None:
    if schema is not None and parser is not None:
        raise TypeError("give a schema or a parser, not both")
    if schema is not None:
        return lambda text: parse_json_answer(text, schema)
    return parser
