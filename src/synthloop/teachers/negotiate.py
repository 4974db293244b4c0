"""What an OpenAI-compatible endpoint supports, learnt from its answers, and which errors are
final.

Servers differ: OpenAI, vLLM and SGLang take ``response_format: json_schema``;
llama-cpp-python's server answers it with HTTP 500 "response_format type should be 'text' or
'json_object'" and takes ``{"type": "json_object", "schema": ...}`` (a grammar); some servers
take neither, or return no log-probs. Rather than asking the user to know this, a teacher
starts with the most capable form and steps down when the server refuses it:

- structured output: ``json_schema`` -> ``json_object`` with the schema -> ``prompt`` (the
  schema in the prompt; the answer is validated and repaired as always);
- log-probs: a server that refuses them, or answers without them, is not asked again
  (:meth:`Teacher.supports` says so, and judges score from parsed answers);
- tools: a server that refuses them stops the run (no form of a tool call is left to try).

Each step is said once, as a warning line and a run event (``synthloop status`` shows it).

An error is *final* (:func:`is_final`) when sending the same request again cannot help: a 4xx
other than 408, 409 and 429, a 500/501 whose body says the request is not supported, or a
second identical status and body. Such a request is not retried.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from synthloop.store import RunStore

log = logging.getLogger(__name__)

Structured = Literal["json_schema", "json_object", "prompt"]
Feature = Literal["structured", "logprobs", "tools"]
NEXT: dict[Structured, Structured] = {"json_schema": "json_object", "json_object": "prompt"}

_UNSUPPORTED = re.compile(r"not supported|unsupported|not implemented|should be|must be|"
                          r"unknown|unrecognized|not allowed|invalid|extra inputs", re.I)
_NAMES: dict[Feature, re.Pattern[str]] = {
    "structured": re.compile(r"response_format|json_schema|json_object|grammar", re.I),
    "logprobs": re.compile(r"logprob", re.I),
    "tools": re.compile(r"tool", re.I),
}
_TRANSIENT_4XX = {408, 409, 429}


def is_final(status: int, body: str, previous: tuple[int, str] | None = None) -> bool:
    """Whether an HTTP error answer would come back the same however often it is sent."""
    if 400 <= status < 500:
        return status not in _TRANSIENT_4XX
    if status in (500, 501) and _UNSUPPORTED.search(body):
        return True
    return previous == (status, body) and status in (500, 501)


def blamed(body: str, asked: set[Feature]) -> Feature | None:
    """The feature of the request that a final error's body names, if any."""
    for feature in ("structured", "logprobs", "tools"):
        if feature in asked and _NAMES[feature].search(body):
            return feature
    return None


@dataclass
class Capabilities:
    """One teacher's view of its endpoint; ``negotiate`` False pins the structured-output form
    the spec named (an error then says what to set instead of stepping down)."""

    who: str
    structured: Structured
    negotiate: bool = True
    logprobs: bool | None = None  # None: not asked yet
    tools: bool | None = None
    store: RunStore | None = None
    notes: list[str] = field(default_factory=list)

    def step_down(self, feature: Feature, sent: Structured, detail: str) -> bool:
        """The server refused ``feature`` (sent as ``sent`` for structured output): record
        it; True when the request can go again in a form the server may take."""
        if feature == "structured":
            if self.structured != sent:
                return True  # another request stepped down already
            if not self.negotiate or sent not in NEXT:
                return False
            self.structured = NEXT[sent]
            self._say(f"{self.who}: the server refused structured output as {sent} "
                      f"({_short(detail)}); using {self.structured} from now on"
                      + ("" if self.structured == "prompt" else
                         f" (set structured_output: {self.structured} to skip this step)"))
            return True
        if feature == "logprobs":
            self.no_logprobs(_short(detail))
            return True
        self.tools = False
        return False

    def no_logprobs(self, why: str) -> None:
        if self.logprobs is False:
            return
        self.logprobs = False
        self._say(f"{self.who}: the server gives no log-probabilities ({why}); judges score "
                  "from parsed answers instead")

    def _say(self, line: str) -> None:
        self.notes.append(line)
        log.warning(line)
        if self.store is not None:
            self.store.log_event("teacher", line, level="warning")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
