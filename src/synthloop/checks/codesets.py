"""HumanEval and MBPP as records for ``validate.execute``, and a deliberate bug to check that
tests catch one.

Records carry ``code`` (the canonical solution, for HumanEval its prompt plus body),
``tests`` (MBPP's ``test_list``, HumanEval's ``check`` module), ``test_setup_code`` and
``entry_point``, the field names ``validate.execute`` reads by default. MBPP's test split is
task ids 11-510, as its authors define it.
"""

from __future__ import annotations

import ast
import gzip
import json
import warnings
from pathlib import Path

from synthloop.records import Record

MBPP_SPLITS = {"prompt": range(1, 11), "test": range(11, 511), "train": range(511, 1001)}


def humaneval(data_dir: Path) -> list[Record]:
    path = data_dir / "humaneval" / "HumanEval.jsonl.gz"
    with gzip.open(path, "rt") as f:
        rows = [json.loads(line) for line in f]
    return [Record(id=row["task_id"], data={
        "code": row["prompt"] + row["canonical_solution"], "tests": row["test"],
        "entry_point": row["entry_point"]}) for row in rows]


def mbpp(data_dir: Path, split: str = "test") -> list[Record]:
    ids = MBPP_SPLITS[split]
    with open(data_dir / "mbpp" / "mbpp.jsonl") as f:
        rows = [json.loads(line) for line in f]
    return [Record(id=f"mbpp/{row['task_id']}", data={
        "code": row["code"], "tests": row["test_list"], "test_setup_code": row["test_setup_code"],
        "entry_point": called_function(row["code"], row["test_list"])})
        for row in rows if row["task_id"] in ids]


def called_function(code: str, tests: list[str]) -> str | None:
    """The function of ``code`` that the tests call first (MBPP names no entry point)."""
    with warnings.catch_warnings():  # MBPP's code has invalid escapes like "\\w" in strings
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            trees = [ast.parse(code), *(ast.parse(t) for t in tests)]
        except SyntaxError:
            return None
    defined = {n.name for n in ast.walk(trees[0]) if isinstance(n, ast.FunctionDef)}
    for tree in trees[1:]:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in defined:
                return node.func.id
    return None


def wrong_return(code: str, entry: str) -> str:
    """``code`` whose function ``entry`` still runs but returns None instead of its value."""
    return code + (f"\n\n_original_{entry} = {entry}\n\n\ndef {entry}(*args, **kwargs):\n"
                   f"    _original_{entry}(*args, **kwargs)\n    return None\n")


def with_wrong_return(record: Record) -> Record:
    """The same record with the bug of :func:`wrong_return` in its entry point."""
    entry = record.data.get("entry_point")
    if not entry:
        raise ValueError(f"record {record.id} has no entry_point to break")
    return Record(id=record.id + "#bug",
                  data={**record.data, "code": wrong_return(record.data["code"], entry)})
