"""Export names: built-in styles and formats are known without reading entry points (tens of
milliseconds of every run), plugins' only when a name is not built in."""

from __future__ import annotations

import pytest

from synthloop.config import exports


def _no_entry_points(group: str) -> dict[str, object]:
    raise AssertionError(f"entry points of {group} read for a built-in name")


def test_built_in_names_are_known_without_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "plugin_entry_points", _no_entry_points)
    assert exports.is_format("parquet") and exports.is_style("dpo")
    assert exports.in_format_order(["hf", "jsonl"]) == ["jsonl", "hf"]


def test_other_names_are_looked_up_among_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = {exports.EXPORT_FORMATS: {"acme_tsv": object()}, exports.EXPORT_STYLES: {}}
    monkeypatch.setattr(exports, "plugin_entry_points", installed.__getitem__)
    assert exports.is_format("acme_tsv") and not exports.is_format("csv")
    assert not exports.is_style("acme_shout")
    assert exports.in_format_order(["acme_tsv", "hf", "jsonl"]) == ["jsonl", "hf", "acme_tsv"]
