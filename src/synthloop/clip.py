"""Bounded text for what reports show. Generated text can be any size (a base64 blob of
megabytes is one "word" to a tokenizer that splits on spaces), and a report or a stored
summary must stay small whatever the records hold, so every piece of record text it embeds
goes through here."""

from __future__ import annotations

from typing import Any


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def clip_strings(value: Any, width: int) -> Any:
    """A JSON-like value (a stored report) with every string in it clipped to ``width``."""
    if isinstance(value, str):
        return clip(value, width)
    if isinstance(value, dict):
        return {clip(str(k), width): clip_strings(v, width) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clip_strings(v, width) for v in value]
    return value
