"""Training formats: one record's data as a chat, Alpaca, ShareGPT or DPO row.

Records use canonical field names; a prompt is ``instruction`` (+ ``input``), ``question`` or
``prompt``; a response is ``response``, ``output``, ``trace`` or ``completion``; ``messages``
is used as is. A record that lacks what a style needs raises StyleError naming the record.
"""

from __future__ import annotations

from typing import Any, Literal

from synthloop.errors import SynthloopError
from synthloop.records import PROMPT_FIELDS, RESPONSE_FIELDS

Style = Literal["chat", "alpaca", "sharegpt", "dpo", "raw"]


class StyleError(SynthloopError):
    exit_code = 2


def _first(data: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def _prompt(data: dict[str, Any]) -> str | None:
    prompt = _first(data, PROMPT_FIELDS)
    extra = data.get("input")
    if prompt and isinstance(extra, str) and extra.strip():
        return f"{prompt}\n\n{extra}"
    return prompt


def to_messages(record_id: str, data: dict[str, Any]) -> list[dict[str, str]]:
    messages = data.get("messages")
    if isinstance(messages, list) and messages:
        return [{"role": str(m["role"]), "content": str(m["content"])} for m in messages]
    prompt, response = _prompt(data), _first(data, RESPONSE_FIELDS)
    if prompt is None or response is None:
        raise StyleError(
            f"record {record_id}: needs a prompt ({'/'.join(PROMPT_FIELDS)}) and a response "
            f"({'/'.join(RESPONSE_FIELDS)}) or `messages` for this style; it has "
            f"{', '.join(sorted(data)) or 'no fields'}. Use --style raw, or map fields with "
            "`source.fields`.")
    out = []
    if isinstance(data.get("system"), str) and data["system"]:
        out.append({"role": "system", "content": data["system"]})
    return [*out, {"role": "user", "content": prompt}, {"role": "assistant", "content": response}]


def format_record(record_id: str, data: dict[str, Any], style: Style) -> dict[str, Any]:
    """The style's columns for one record (without id and metadata)."""
    if style == "raw":
        return dict(data)
    if style == "dpo":
        missing = [k for k in ("chosen", "rejected") if not data.get(k)]
        prompt = _prompt(data)
        if missing or prompt is None:
            need = ", ".join(missing + ([] if prompt else ["a prompt"]))
            raise StyleError(f"record {record_id}: the dpo style needs prompt, chosen and "
                             f"rejected; missing {need}")
        return {"prompt": prompt, "chosen": data["chosen"], "rejected": data["rejected"]}
    messages = to_messages(record_id, data)
    if style == "chat":
        return {"messages": messages}
    if style == "sharegpt":
        role = {"system": "system", "user": "human", "assistant": "gpt"}
        return {"conversations": [{"from": role.get(m["role"], m["role"]), "value": m["content"]}
                                  for m in messages]}
    # alpaca: single-turn
    user = [m for m in messages if m["role"] == "user"]
    reply = [m for m in messages if m["role"] == "assistant"]
    system = next((m["content"] for m in messages if m["role"] == "system"), None)
    row = {"instruction": data.get("instruction") or user[0]["content"],
           "input": data.get("input") or "", "output": reply[-1]["content"]}
    if system:
        row["system"] = system
    return row
