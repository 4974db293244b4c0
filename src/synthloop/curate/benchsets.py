"""Reference sets for decontamination and memorization: built-in benchmarks read from local
files, or any JSONL / Parquet / Hugging Face dataset with the fields to use.

Built-ins read the files as their authors distribute them, under ``data_dir`` (the stage's
``data_dir:``, else ``$SYNTHLOOP_BENCHMARK_DIR``):

============  ==============================  ======================================
name          file                            text compared (id)
============  ==============================  ======================================
gsm8k         gsm8k/test.jsonl                question, answer without <<calc>> (line)
humaneval     humaneval/HumanEval.jsonl.gz    prompt, canonical_solution (task_id)
mbpp          mbpp/mbpp.jsonl                 text, code; test split 11-510 (task_id)
============  ==============================  ======================================

HumanEval's and MBPP's tests (``test``, ``test_list``) are read too, as an item's ``tests``:
not compared as text, but the source of the test inputs that name a code task
(:mod:`synthloop.curate.code_task`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from synthloop.errors import DataError
from synthloop.stages import StageParams
from synthloop.tables import Table

_CALC = re.compile(r"<<[^>]*>>")


class ReferenceSet(StageParams):
    """A reference set: a built-in ``name`` (gsm8k, humaneval, mbpp) or any file ``path`` with
    the ``fields`` whose text is compared and the ``id_field`` that names an item."""

    name: str
    path: str | None = None
    format: Literal["auto", "jsonl", "parquet", "hf"] = "auto"
    fields: list[str] | None = None
    id_field: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One reference item: a stable id, the texts of it that are compared and its tests."""

    id: str
    texts: tuple[str, ...]
    tests: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Builtin:
    file: str
    fields: tuple[str, ...]
    id_of: Callable[[dict[str, Any], int], str]
    keep: Callable[[dict[str, Any]], bool] = lambda row: True
    clean: Callable[[str], str] = lambda text: text
    tests: tuple[str, ...] = ()


BUILTINS: dict[str, _Builtin] = {
    "gsm8k": _Builtin("gsm8k/test.jsonl", ("question", "answer"),
                      lambda row, i: f"gsm8k/test/{i}", clean=lambda t: _CALC.sub("", t)),
    "humaneval": _Builtin("humaneval/HumanEval.jsonl.gz", ("prompt", "canonical_solution"),
                          lambda row, i: str(row["task_id"]), tests=("test",)),
    "mbpp": _Builtin("mbpp/mbpp.jsonl", ("text", "code"),
                     lambda row, i: f"mbpp/{row['task_id']}",
                     keep=lambda row: 11 <= int(row["task_id"]) <= 510,
                     tests=("test_list", "challenge_test_list")),
}


def as_reference(entry: str | ReferenceSet) -> ReferenceSet:
    return ReferenceSet(name=entry) if isinstance(entry, str) else entry


def check_reference(ref: ReferenceSet) -> None:
    """Raise ValueError for a set that can never load (used by the params validators)."""
    if ref.path is None and ref.name not in BUILTINS:
        raise ValueError(f"unknown built-in benchmark {ref.name!r} (built-ins: "
                         f"{', '.join(BUILTINS)}); give `path:` and `fields:` for another set")
    if ref.path is not None and ref.name not in BUILTINS and not ref.fields:
        raise ValueError(f"reference set {ref.name!r} needs `fields:` (the text to compare)")


def load_items(ref: ReferenceSet, *, base: Path, data_dir: str | None) -> list[Item]:
    """Read a reference set; relative paths resolve against ``base`` (the spec's folder)."""
    builtin = BUILTINS.get(ref.name) if ref.path is None or not ref.fields else None
    if ref.path is not None:
        path = _resolve(ref.path, base)
    elif builtin is not None:
        root = data_dir or os.environ.get("SYNTHLOOP_BENCHMARK_DIR")
        if not root:
            raise DataError(f"benchmark {ref.name!r}: set `data_dir:` (or "
                            f"$SYNTHLOOP_BENCHMARK_DIR) to the folder holding {builtin.file}")
        path = _resolve(root, base) / builtin.file
    else:
        raise DataError(f"reference set {ref.name!r} has no `path:`")
    if not path.exists():
        raise DataError(f"reference set {ref.name!r}: {path} does not exist")
    fields = tuple(ref.fields) if ref.fields else builtin.fields if builtin else ()
    items = []
    for row in Table(path, ref.format).strict_rows():
        if builtin is not None and not builtin.keep(row.data):
            continue
        if ref.id_field:
            item_id = f"{ref.name}/{row.data.get(ref.id_field, row.index)}"
        elif builtin is not None:
            item_id = builtin.id_of(row.data, row.index)
        else:
            item_id = f"{ref.name}/{row.index}"
        clean = builtin.clean if builtin else str
        texts = tuple(clean(str(row.data[f])) for f in fields if row.data.get(f))
        tests = tuple(_text(row.data[f]) for f in (builtin.tests if builtin else ())
                      if row.data.get(f))
        if texts:
            items.append(Item(item_id, texts, tests))
    return items


def _text(value: Any) -> str:
    """A field as text: a list (MBPP's ``test_list``) one entry a line."""
    return "\n".join(map(str, value)) if isinstance(value, list) else str(value)


def _resolve(path: str, base: Path) -> Path:
    p = Path(path).expanduser()
    return p if p.is_absolute() else base / p
