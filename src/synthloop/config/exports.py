"""The names of export styles and formats: the built-in ones, and those plugins add through
the ``synthloop.export_styles`` and ``synthloop.export_formats`` entry-point groups. Names only:
what a style or format writes lives in :mod:`synthloop.export`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator

from synthloop.config.plugins import EXPORT_FORMATS, EXPORT_STYLES, plugin_entry_points

BuiltinStyle = Literal["chat", "alpaca", "sharegpt", "dpo", "dpo_chat", "kto", "kto_chat", "raw"]
BuiltinFormat = Literal["jsonl", "parquet", "hf"]
BUILTIN_STYLES: tuple[str, ...] = get_args(BuiltinStyle)
BUILTIN_FORMATS: tuple[str, ...] = get_args(BuiltinFormat)
def style_names() -> list[str]:
    """Built-in styles in their order, then plugins' by name."""
    return [*BUILTIN_STYLES, *sorted(set(plugin_entry_points(EXPORT_STYLES)) - {*BUILTIN_STYLES})]


def format_names() -> list[str]:
    """Built-in formats in their order, then plugins' by name."""
    return [*BUILTIN_FORMATS,
            *sorted(set(plugin_entry_points(EXPORT_FORMATS)) - {*BUILTIN_FORMATS})]


def unknown_style(style: str) -> str:
    return f"unknown style {style!r}; the styles are {', '.join(style_names())}"


def unknown_format(fmt: str) -> str:
    return f"unknown format {fmt!r}; the formats are {', '.join(format_names())}"


def is_style(style: str) -> bool:
    """A built-in style or an installed plugin's (entry points read only for the latter)."""
    return style in BUILTIN_STYLES or style in style_names()


def is_format(fmt: str) -> bool:
    """A built-in format or an installed plugin's (entry points read only for the latter)."""
    return fmt in BUILTIN_FORMATS or fmt in format_names()


def in_format_order(formats: Iterable[str]) -> list[str]:
    """Known ``formats`` in the order of :func:`format_names` (built-ins first, then plugins
    by name) without reading entry points: a run's export of built-in formats never needs
    them."""
    wanted = set(formats)
    return [*(f for f in BUILTIN_FORMATS if f in wanted), *sorted(wanted - {*BUILTIN_FORMATS})]


def _known_style(style: str) -> str:
    if not is_style(style):
        raise ValueError(unknown_style(style))
    return style


def _known_format(fmt: str) -> str:
    if not is_format(fmt):
        raise ValueError(unknown_format(fmt))
    return fmt


# A style or format: a built-in name or an installed plugin's (looked up only when it is not
# built in: reading entry points costs tens of milliseconds).
Style = Annotated[str, AfterValidator(_known_style)]
Format = Annotated[str, AfterValidator(_known_format)]
