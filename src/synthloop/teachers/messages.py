"""Chat messages for a chat template rendered in this process (llama.cpp, transformers).

An HTTP endpoint gets messages exactly as given. A Jinja chat template does not: it renders a
``None`` content as "None" (or fails concatenating it), and most small models' templates know
nothing of ``tool_calls``, so the assistant turn that called a tool would reach the model empty
and the tool's answer would follow a call the model never sees. Here ``None`` becomes "", and
when the template does not render ``tool_calls`` itself, the calls are written into the
assistant turn's content, one JSON object per line.
"""

from __future__ import annotations

from typing import Any

import orjson


def for_template(messages: list[dict[str, Any]], template: str | None) -> list[dict[str, Any]]:
    renders_calls = template is not None and "tool_calls" in template
    out = []
    for m in messages:
        m = {**m, "content": m.get("content") or ""}
        if m.get("tool_calls") and not renders_calls:
            calls = [orjson.dumps({"name": c["function"]["name"],
                                   "arguments": c["function"]["arguments"]}).decode()
                     for c in m.pop("tool_calls")]
            m["content"] = "\n".join(filter(None, [m["content"], *calls]))
        out.append(m)
    return out
