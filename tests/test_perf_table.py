"""benchmarks/perf_table.py: a row file rendered to its README line, between the markers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.perf_table import (
    END,
    README,
    START,
    read_rows,
    render,
    replace_table,
    write_row,
)

ROW = {"row": "LLM client through `synthloop run`, 3,000 requests", "peer": "bare aiohttp",
       "ours": "3.10 s", "peer_value": "2.80 s", "ratio": 0.903, "goal": ">= 0.9x",
       "met": True, "command": "python benchmarks/teacher_throughput.py --skip-local",
       "load": 1.3, "date": "2026-12-06T04:30:00+00:00"}


def test_a_row_file_renders_to_its_line(tmp_path: Path) -> None:
    (tmp_path / "teacher_throughput.json").write_text(json.dumps(ROW))
    assert render(read_rows(tmp_path)).splitlines()[2] == (
        "| LLM client through `synthloop run`, 3,000 requests (2026-12-06, load 1.3) "
        "| bare aiohttp | 3.10 s | 2.80 s | 0.90x | >= 0.9x | yes "
        "| `python benchmarks/teacher_throughput.py --skip-local` |")


def test_rows_follow_the_issue_order_and_a_pipe_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "teacher_throughput.json").write_text(json.dumps(ROW))
    (tmp_path / "quickstart.json").write_text(json.dumps({**ROW, "row": "a | b",
                                                          "met": False}))
    lines = render(read_rows(tmp_path)).splitlines()
    assert lines[2].startswith("| a \\| b (2026-12-06")
    assert "| **no** |" in lines[2] and lines[3].startswith("| LLM client")


def test_write_row_then_read_it_back(tmp_path: Path) -> None:
    path = write_row("local_teacher", row="bundled teacher, 8 in flight", peer="one stream",
                     ours="70.1 tok/s", peer_value="35.0 tok/s", ratio=2.00286, goal=">= 2.5x",
                     met=False, command="python benchmarks/local_teacher_throughput.py",
                     load=0.5, folder=tmp_path)
    assert path == tmp_path / "local_teacher.json"
    row = read_rows(tmp_path)[0]
    assert row["ratio"] == 2.003 and row["load"] == 0.5 and row["date"].endswith("+00:00")


def test_a_row_without_a_key_names_the_file_and_the_key(tmp_path: Path) -> None:
    (tmp_path / "neardup.json").write_text(json.dumps({k: v for k, v in ROW.items()
                                                       if k != "goal"}))
    with pytest.raises(ValueError, match=r"neardup\.json: missing goal"):
        read_rows(tmp_path)


def test_the_table_replaces_what_lies_between_the_markers() -> None:
    text = f"# Benchmarks\n{START}\nold table\n{END}\nafter\n"
    assert replace_table(text, "new") == f"# Benchmarks\n{START}\nnew\n{END}\nafter\n"
    with pytest.raises(ValueError, match="no <!-- perf-table:start -->"):
        replace_table("# no markers\n", "new")


def test_the_readme_table_is_the_one_the_row_files_give() -> None:
    """After a benchmark writes its row, `python benchmarks/perf_table.py` updates README.md."""
    assert replace_table(README.read_text(), render(read_rows())) == README.read_text()
