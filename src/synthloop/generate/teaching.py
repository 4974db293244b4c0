"""Reading seed examples for teacher-driven recipes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from synthloop.sources import read_jsonl as jsonl_rows


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSONL file; DataError names the file and line of a bad one."""
    return [row for _, row in jsonl_rows(path)]
