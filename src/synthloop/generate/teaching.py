"""Reading seed examples for teacher-driven recipes."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def read_examples(path: Path) -> list[dict[str, Any]]:
    """Rows of a table of seed examples (JSONL, CSV, Parquet, dataset directory); they must
    be well formed, so a bad row is a DataError naming its file and line."""
    from synthloop.tables import Table  # every recipe imports this module; few read seeds

    return [row.data for row in Table(path).strict_rows()]
