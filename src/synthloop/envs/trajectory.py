"""A tool-use trajectory in the chat format that TRL and Hugging Face chat templates read.

The assistant turn that calls tools is ``{"role": "assistant", "content": "", "tool_calls":
[{"id", "type": "function", "function": {"name", "arguments"}}]}`` with ``arguments`` a JSON
object (the templates render it with ``tojson``; OpenAI's wire format sends it as a string,
which is accepted here too); each result is ``{"role": "tool", "tool_call_id", "name",
"content"}``. This module reads such messages back into calls, results and the final reply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

# Text that was meant as a call: JSON, a fenced block, or a chat template's call markers.
_CALL_LIKE = re.compile(r"^\s*(?:[{\[]|```)|<tool_call>|\"tool_calls\"|\"arguments\"")


@dataclass(slots=True)
class RecordedCall:
    """One call as the trajectory holds it; ``arguments`` is the raw value (an object, or a
    string that should hold one)."""

    id: str
    name: str
    arguments: Any
    turn: int


@dataclass(slots=True)
class Trajectory:
    calls: list[RecordedCall] = field(default_factory=list)
    results: dict[str, list[Any]] = field(default_factory=dict)  # tool_call_id -> contents
    replies: list[str] = field(default_factory=list)  # assistant texts without tool calls
    # whether calls or results came after the last reply: that reply then cannot rest on them
    tools_after_reply: bool = False

    @property
    def final(self) -> str | None:
        """The last assistant reply, when the trajectory ends with one (a reply followed by
        calls or results answered before it knew them)."""
        return self.replies[-1] if self.replies and not self.tools_after_reply else None


def read(messages: list[dict[str, Any]]) -> Trajectory:
    """The calls, results and replies of a conversation, in order."""
    out = Trajectory()
    for turn, m in enumerate(messages):
        if m.get("role") == "assistant":
            for c in m.get("tool_calls") or []:
                fn = c.get("function", {})
                out.calls.append(RecordedCall(str(c.get("id", "")), str(fn.get("name", "")),
                                              fn.get("arguments"), turn))
            if not m.get("tool_calls"):
                out.replies.append(m.get("content") or "")
            out.tools_after_reply = bool(m.get("tool_calls"))
        elif m.get("role") == "tool":
            out.tools_after_reply = True
            out.results.setdefault(str(m.get("tool_call_id", "")), []).append(m.get("content"))
    return out


def arguments_object(raw: Any) -> dict[str, Any] | None:
    """The arguments as a JSON object, or None when they are not one."""
    if isinstance(raw, str):
        try:
            raw = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None
    return raw if isinstance(raw, dict) else None


def looks_like_call(text: str) -> bool:
    """Whether a reply is an attempted call (JSON, a code fence, call markers) rather than
    prose: such a reply is a parse failure, never an answer or a refusal."""
    return bool(_CALL_LIKE.search(text))


def assistant_calls(calls: Sequence[tuple[str, str, dict[str, Any] | str]]) -> dict[str, Any]:
    """The assistant turn for ``(id, name, arguments)`` calls."""
    return {"role": "assistant", "content": "", "tool_calls": [
        {"id": cid, "type": "function", "function": {"name": name, "arguments": args}}
        for cid, name, args in calls]}


def tool_message(call_id: str, name: str, content: str) -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": call_id, "name": name, "content": content}


def result_text(result: Any) -> str:
    """A tool's result as the ``content`` of its tool message."""
    return orjson.dumps(result).decode()


def error_text(error: Exception) -> str:
    return f"Error: {error}"
