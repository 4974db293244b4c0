"""What a teacher returns: choices with text, tool calls and token log-probabilities.

One shape for every backend, so a judge reads log-probs, an agent recipe reads tool calls and
a preference recipe reads ``n`` choices without knowing where they came from. The run store's
response cache holds the same shape (:func:`to_cache` / :func:`from_cache`); entries written
before tool calls and log-probs existed (``{"texts": [...]}``) still read back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Messages = list[dict[str, Any]]


@dataclass(slots=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.prompt_tokens + other.prompt_tokens,
                     self.completion_tokens + other.completion_tokens)


@dataclass(slots=True, frozen=True)
class TopLogprob:
    """One candidate for a position: the token's text and its natural-log probability."""

    token: str
    logprob: float


@dataclass(slots=True, frozen=True)
class TokenLogprob:
    """One generated token, its log-probability, and the ``top_logprobs`` most likely tokens at
    that position (most likely first; exactly ``top_logprobs`` of them when the backend had
    that many)."""

    token: str
    logprob: float
    top: tuple[TopLogprob, ...] = ()

    @property
    def prob(self) -> float:
        return math.exp(self.logprob)


@dataclass(slots=True)
class Choice:
    """One sampled answer.

    ``text`` is the message content ("" when the model answered only with tool calls; never
    the string "None"). ``tool_calls`` is the OpenAI list (``{"id", "type": "function",
    "function": {"name", "arguments"}}``, arguments a JSON string) or ``None``. ``logprobs``
    is set when the call asked for them. ``parsed`` is what the schema or parser made of
    ``text``.
    """

    text: str
    tool_calls: list[dict[str, Any]] | None = None
    logprobs: list[TokenLogprob] | None = None
    finish_reason: str | None = None
    parsed: Any = None

    def message(self) -> dict[str, Any]:
        """This answer as the assistant turn to append before the next user or tool turn.

        Its content is "" rather than null when the answer is only tool calls: OpenAI and
        vLLM take either, llama.cpp's server refuses null.
        """
        msg: dict[str, Any] = {"role": "assistant", "content": self.text}
        if self.tool_calls:
            msg["tool_calls"] = self.tool_calls
        return msg


@dataclass(slots=True)
class RawAnswer:
    """What a backend returns for one request: its choices and the tokens it used."""

    choices: list[Choice]
    usage: Usage


@dataclass(slots=True)
class Completion:
    """One answer to a :meth:`~synthloop.teachers.base.Teacher.chat` call: ``n`` choices.

    The properties read the first choice, which is all most callers need. ``cached`` says it
    came from the run store without a request; ``repaired`` that a choice took the repair turn.
    """

    choices: list[Choice]
    usage: Usage
    cached: bool = False
    repaired: bool = False

    @property
    def text(self) -> str:
        return self.choices[0].text if self.choices else ""

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.choices]

    @property
    def parsed(self) -> Any:
        return self.choices[0].parsed if self.choices else None

    @property
    def tool_calls(self) -> list[dict[str, Any]] | None:
        return self.choices[0].tool_calls if self.choices else None

    @property
    def logprobs(self) -> list[TokenLogprob] | None:
        return self.choices[0].logprobs if self.choices else None

    @property
    def finish_reason(self) -> str | None:
        return self.choices[0].finish_reason if self.choices else None

    def message(self) -> dict[str, Any]:
        """The first choice as the assistant turn of a conversation."""
        return self.choices[0].message()


def token_logprobs(content: Iterable[Mapping[str, Any]] | None,
                   top_k: int) -> list[TokenLogprob] | None:
    """The OpenAI ``choice.logprobs.content`` list in typed form, alternatives cut to the
    ``top_k`` most likely (llama.cpp adds the sampled token to its top list when it was not
    among them, so it can return ``top_k + 1``)."""
    if content is None:
        return None
    out = []
    for item in content:
        top = sorted((TopLogprob(str(t["token"]), float(t["logprob"]))
                      for t in item.get("top_logprobs") or ()), key=lambda t: -t.logprob)
        out.append(TokenLogprob(str(item["token"]), float(item["logprob"]), tuple(top[:top_k])))
    return out


def openai_choice(choice: Mapping[str, Any], top_k: int) -> Choice:
    """A choice of an OpenAI chat-completions answer (HTTP or llama-cpp-python in process)."""
    message = choice["message"]
    return Choice(text=message.get("content") or "",
                  tool_calls=message.get("tool_calls") or None,
                  logprobs=token_logprobs((choice.get("logprobs") or {}).get("content"), top_k),
                  finish_reason=choice.get("finish_reason"))


# -- the response cache's form -------------------------------------------------------------
def to_cache(raw: RawAnswer) -> dict[str, Any]:
    """A JSON-able value for the run store; log-probs as compact ``[token, lp, [[t, lp]...]]``."""
    return {
        "choices": [
            {"text": c.text, "tool_calls": c.tool_calls, "finish_reason": c.finish_reason,
             "logprobs": None if c.logprobs is None else
             [[t.token, t.logprob, [[a.token, a.logprob] for a in t.top]] for t in c.logprobs]}
            for c in raw.choices],
        "usage": {"prompt_tokens": raw.usage.prompt_tokens,
                  "completion_tokens": raw.usage.completion_tokens},
    }


def from_cache(value: dict[str, Any]) -> RawAnswer:
    usage = Usage(**value["usage"])
    if "choices" not in value:  # written before tool calls and log-probs
        return RawAnswer([Choice(t, finish_reason=value.get("finish_reason"))
                          for t in value["texts"]], usage)
    return RawAnswer([
        Choice(c["text"], tool_calls=c["tool_calls"], finish_reason=c["finish_reason"],
               logprobs=None if c["logprobs"] is None else
               [TokenLogprob(tok, lp, tuple(TopLogprob(a, alp) for a, alp in top))
                for tok, lp, top in c["logprobs"]])
        for c in value["choices"]], usage)
