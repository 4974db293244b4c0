"""The response-cache key: everything that decides a teacher's answer, nothing that does not.

Backend, model, messages (or the raw prompt of a completion), request parameters, schema and
sample index go in (so ``n`` samples of one prompt are distinct entries and a changed
temperature is a new request). The request parameters hold, besides sampling, the ``tools``
and ``tool_choice`` of a tool call and the ``logprobs``/``top_logprobs`` settings, only when a
call sets them: a plain call keys as it did before they existed. The endpoint URL and API key
stay out (moving an endpoint keeps the cache; secrets never reach disk).
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson


def cache_key(
    backend: str,
    model: str,
    messages: list[dict[str, Any]] | str,
    params: dict[str, Any],
    schema: dict[str, Any] | None,
    sample_index: int,
) -> str:
    payload = {"backend": backend, "model": model, "messages": messages, "params": params,
               "schema": schema, "sample": sample_index}
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()
