"""Read existing data (``source:`` in a spec) as records, so validation and curation also run
on datasets users already have.

A malformed row never stops the import and is never skipped: it becomes a ``failed`` record
whose reason names the file and line and whose data keeps the raw text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from synthloop.errors import DataError
from synthloop.spec import SourceSpec


@dataclass(slots=True)
class SourceRow:
    """One row: its 0-based index, a location for messages, the data or the error."""

    index: int
    where: str
    data: dict[str, Any] | None
    error: str | None = None
    raw: str | None = None


def detect_format(path: Path, declared: str) -> str:
    if declared != "auto":
        return declared
    if path.is_dir():
        return "hf"
    suffix = "".join(path.suffixes[-2:]).lower()
    if suffix.endswith((".jsonl", ".jsonl.gz", ".json")):
        return "jsonl"
    if suffix.endswith(".parquet"):
        return "parquet"
    raise DataError(f"{path}: cannot tell the format from the name; set source.format to "
                    "jsonl, parquet or hf")


def iter_rows(source: SourceSpec, path: Path, *, start: int = 0) -> Iterator[SourceRow]:
    """Rows from ``start`` on (0-based), renamed per ``source.fields``."""
    fmt = detect_format(path, source.format)
    reader = {"jsonl": _jsonl, "parquet": _parquet, "hf": _hf}[fmt]
    rename = {src: dst for dst, src in source.fields.items()}
    for row in reader(path, start):
        if source.limit is not None and row.index >= source.limit:
            return
        if row.data is not None and rename:
            row.data = {rename.get(k, k): v for k, v in row.data.items()}
        yield row


def parse_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None, bytes]]:
    """(line number, object, error, raw line) for each non-empty line of a JSONL(.gz) file;
    a bad line comes with its error instead of an object, naming the file and line."""
    import gzip

    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        fh = opener(path, "rb")
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror}") from None
    with fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{line_no}"
            try:
                value = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                yield line_no, None, f"{where}: invalid JSON ({exc}); fix the line and re-run", line
                continue
            if isinstance(value, dict):
                yield line_no, value, None, line
            else:
                yield (line_no, None, f"{where}: expected a JSON object, got "
                       f"{type(value).__name__}", line)


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for files that must be well formed (seed tasks, examples,
    evaluation sets): the first bad line raises DataError naming the file and line."""
    for line_no, value, error, _ in parse_jsonl(path):
        if error is not None:
            raise DataError(error)
        yield line_no, value  # type: ignore[misc]


def _jsonl(path: Path, start: int) -> Iterator[SourceRow]:
    for index, (line_no, value, error, raw) in enumerate(parse_jsonl(path)):
        if index >= start:
            yield SourceRow(index, f"{path}:{line_no}", value, error,
                            raw=raw.decode("utf-8", "replace") if error else None)


def _parquet(path: Path, start: int) -> Iterator[SourceRow]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise DataError(f"{path}: not a readable Parquet file: {exc}") from None
    index = 0
    for batch in pf.iter_batches(batch_size=4096):
        if index + batch.num_rows <= start:
            index += batch.num_rows
            continue
        for row in batch.to_pylist():
            if index >= start:
                yield SourceRow(index, f"{path} row {index}", row)
            index += 1


def _hf(path: Path, start: int) -> Iterator[SourceRow]:
    import datasets

    try:
        ds = datasets.load_from_disk(str(path))
    except Exception as exc:  # datasets raises FileNotFoundError or its own errors
        raise DataError(f"{path}: not a Hugging Face dataset saved with save_to_disk: "
                        f"{exc}") from None
    if isinstance(ds, datasets.DatasetDict):
        split = "train" if "train" in ds else next(iter(ds))
        ds = ds[split]
    for index in range(start, len(ds)):
        yield SourceRow(index, f"{path} row {index}", ds[index])
