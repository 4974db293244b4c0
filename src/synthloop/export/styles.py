"""Training formats: one record's data as a chat, Alpaca, ShareGPT or preference row.

The preference styles are TRL's formats, loaded by its trainers as they are: ``dpo`` is the
standard preference format (prompt, chosen and rejected as strings), ``dpo_chat`` the
conversational one (each a list of messages, so the trainer applies the chat template);
``kto`` and ``kto_chat`` are the unpaired format (prompt, completion, label), two rows per
pair: the chosen side labelled true (id ``<record>.chosen``), the rejected one false
(``<record>.rejected``).

Records use canonical field names; the prompt and the response are those that
:func:`synthloop.records.exchange` decides for every reader (a prompt is ``instruction``
(+ ``input``), ``question`` or ``prompt``; a response is ``response``, ``output``, ``trace``,
``answer`` or ``completion``); ``messages`` is used as is, tool calls included (OpenAI's
shape, which Hugging Face chat templates and TRL read): an assistant message keeps
``tool_calls``, a ``tool`` message its ``tool_call_id`` and ``name``, a missing content stays
``null``. A record's ``tools`` (the JSON schemas) go in
a ``tools`` column. A record that lacks what a style needs raises StyleError naming the
record and what is missing.

Styles are looked up by name in :data:`STYLES`: the built-ins above and the
:class:`ExportStyle` classes of the ``synthloop.export_styles`` entry-point group, so a new
style is one file (a subclass with a ``name`` and ``rows``) and one entry point.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from typing import Any, ClassVar, get_args

from synthloop.config.exports import BuiltinStyle, Style, unknown_style
from synthloop.config.plugins import EXPORT_STYLES, Registry, instance_of
from synthloop.errors import ExportError, StyleError
from synthloop.records import PROMPT_FIELDS, RESPONSE_FIELDS, exchange

__all__ = ["STYLES", "ExportStyle", "Style", "StyleError", "format_rows", "style_of",
           "to_messages"]
# Message keys kept besides role and content (tool use).
MESSAGE_KEYS = ("tool_calls", "tool_call_id", "name")
# ShareGPT's roles, with LLaMA-Factory's names for tool calls and their results.
SHAREGPT_ROLES = {"system": "system", "user": "human", "assistant": "gpt",
                  "tool": "observation"}




def _message(record_id: str, i: int, message: Any) -> dict[str, Any]:
    if not isinstance(message, dict) or not isinstance(message.get("role"), str):
        raise StyleError(record_id, f"messages[{i}] has no role; use --style raw")
    content = message.get("content")
    if content is not None and not isinstance(content, str):
        raise StyleError(record_id, f"messages[{i}].content is a {type(content).__name__}, "
                         "not text; use --style raw")
    out = {"role": message["role"], "content": content}
    out.update((k, message[k]) for k in MESSAGE_KEYS if message.get(k) is not None)
    return out


def to_messages(record_id: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    messages = data.get("messages")
    if isinstance(messages, list) and messages:
        return [_message(record_id, i, m) for i, m in enumerate(messages)]
    asked = exchange(data)
    prompt, response = asked.prompt, asked.response or None
    if prompt is None or response is None:
        lacks = " and ".join(
            [f"a prompt ({'/'.join(PROMPT_FIELDS)})"] * (prompt is None)
            + [f"a response ({'/'.join(RESPONSE_FIELDS)})"] * (response is None))
        raise StyleError(
            record_id, f"lacks {lacks} (an empty value counts as missing) and has no "
            f"`messages`; its fields: {', '.join(sorted(data)) or 'none'}. Use --style raw, or "
            "map fields with `source.fields`.")
    out = []
    if isinstance(data.get("system"), str) and data["system"]:
        out.append({"role": "system", "content": data["system"]})
    return [*out, {"role": "user", "content": prompt}, {"role": "assistant", "content": response}]


def _sharegpt_turn(message: dict[str, Any]) -> dict[str, Any]:
    if message.get("tool_calls"):
        calls = [c.get("function", c) if isinstance(c, dict) else c
                 for c in message["tool_calls"]]
        return {"from": "function_call", "value": json.dumps(
            calls[0] if len(calls) == 1 else calls, ensure_ascii=False)}
    role = message["role"]
    return {"from": SHAREGPT_ROLES.get(role, role), "value": message["content"] or ""}


def _preference(record_id: str, data: dict[str, Any], style: str,
                conversational: bool) -> dict[str, Any]:
    """Prompt, chosen and rejected: strings, or (conversational) lists of messages."""
    missing = [k for k in ("chosen", "rejected") if not data.get(k)]
    prompt = exchange(data).prompt
    if missing or prompt is None:
        need = ", ".join(missing + ([] if prompt else ["a prompt"]))
        raise StyleError(record_id, f"the {style} style needs prompt, chosen and rejected; "
                         f"missing {need}")
    if not conversational:
        return {"prompt": prompt, "chosen": data["chosen"], "rejected": data["rejected"]}
    system = [{"role": "system", "content": data["system"]}] \
        if isinstance(data.get("system"), str) and data["system"] else []
    return {"prompt": [*system, {"role": "user", "content": prompt}],
            "chosen": [{"role": "assistant", "content": data["chosen"]}],
            "rejected": [{"role": "assistant", "content": data["rejected"]}]}


def format_rows(record_id: str, data: dict[str, Any], style: BuiltinStyle
                ) -> list[tuple[str, dict[str, Any]]]:
    """The style's rows for one record, each with its id: the record's own, except in the
    unpaired styles, whose pair gives a chosen and a rejected row."""
    if style in ("kto", "kto_chat"):
        row = _preference(record_id, data, style, style == "kto_chat")
        return [(f"{record_id}.{side}", {"prompt": row["prompt"], "completion": row[side],
                                         "label": side == "chosen"})
                for side in ("chosen", "rejected")]
    return [(record_id, _columns(record_id, data, style))]


def _columns(record_id: str, data: dict[str, Any], style: BuiltinStyle) -> dict[str, Any]:
    """The columns of a one-row style for one record (without id and metadata)."""
    if style == "raw":
        return dict(data)
    if style in ("dpo", "dpo_chat"):
        return _preference(record_id, data, style, style == "dpo_chat")
    messages = to_messages(record_id, data)
    tools = {"tools": data["tools"]} if data.get("tools") else {}
    if style == "chat":
        return {"messages": messages, **tools}
    if style == "sharegpt":
        return {"conversations": [_sharegpt_turn(m) for m in messages], **tools}
    # alpaca: single-turn
    user = [m for m in messages if m["role"] == "user"]
    reply = [m for m in messages if m["role"] == "assistant"]
    if not user or not reply or not reply[-1]["content"]:
        raise StyleError(record_id, "the alpaca style needs a user message and an assistant "
                         "reply with text; use --style chat")
    system = next((m["content"] for m in messages if m["role"] == "system"), None)
    row = {"instruction": data.get("instruction") or user[0]["content"],
           "input": data.get("input") or "", "output": reply[-1]["content"]}
    if system:
        row["system"] = system
    return row


class ExportStyle(ABC):
    """A training format: one record's data as rows. A plugin subclasses it, sets ``name``
    (its entry point's name) and implements ``rows``; raising StyleError (record id, what it
    lacks) refuses a record, which an audit export keeps as stored."""

    name: ClassVar[str] = ""

    @abstractmethod
    def rows(self, record_id: str, data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """The rows of one record, each with its id (usually ``record_id``)."""


class _BuiltinStyle(ExportStyle):
    def __init__(self, style: BuiltinStyle) -> None:
        self.style = style

    def rows(self, record_id: str, data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return format_rows(record_id, data, self.style)


STYLES: Registry[ExportStyle] = Registry(
    "style", EXPORT_STYLES, check=instance_of(ExportStyle, "export style"))
for _name in get_args(BuiltinStyle):
    STYLES.register(_name, _BuiltinStyle(_name))


def style_of(name: Style) -> ExportStyle:
    """The style ``name``; ExportError naming the styles if there is none."""
    try:
        return STYLES.get(name)
    except KeyError:
        raise ExportError(unknown_style(name)) from None
