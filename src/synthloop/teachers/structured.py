"""Turning model text into validated JSON, and the one message that asks for a repair."""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def parse_json_answer(text: str, schema: dict[str, Any]) -> Any:
    """The JSON value in ``text`` validated against ``schema``; ValueError says what is wrong.

    Small models wrap JSON in code fences or prose, so a fenced block or the outermost
    ``{...}`` is tried when the whole text does not parse.
    """
    import jsonschema  # 30 ms at import: only specs that ask for JSON pay it

    value = _loads(text)
    try:
        jsonschema.validate(value, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(map(str, exc.absolute_path)) or "(root)"
        raise ValueError(f"JSON does not match the schema at {where}: {exc.message}") from None
    return value


def _loads(text: str) -> Any:
    candidates = [text]
    candidates += _FENCE.findall(text)
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            return orjson.loads(candidate.strip())
        except orjson.JSONDecodeError:
            pass
        try:  # raw newlines inside strings: llama.cpp's JSON grammar lets a model write them
            return json.loads(candidate.strip(), strict=False)
        except json.JSONDecodeError:
            continue
    shown = text if len(text) <= 80 else text[:77] + "..."
    raise ValueError(f"answer is not JSON: {shown!r}")


def repair_message(error: str, schema: dict[str, Any] | None) -> str:
    """The user turn of the repair attempt: the error, and what a valid answer looks like."""
    if schema is None:
        return f"Your answer could not be used: {error}. Answer again in the requested format."
    return f"Your answer could not be used: {error}. {schema_instruction(schema)}"


def schema_instruction(schema: dict[str, Any]) -> str:
    """What asks for JSON in words, for an endpoint that takes no schema in the request."""
    return ("Reply with only a JSON value matching this JSON schema, no other text:\n"
            f"{orjson.dumps(schema).decode()}")
