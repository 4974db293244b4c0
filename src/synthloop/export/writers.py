"""Write a run's records as JSONL, Parquet and a Hugging Face dataset, streaming.

Rows are written in record order (``seq``) with no timestamps, so an interrupted-and-resumed
run exports byte-identical files to an uninterrupted one with the same seed. The writers
write where they are told; :mod:`synthloop.export.staging` makes the export atomic.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from synthloop import faults
from synthloop.errors import ExportError
from synthloop.export.styles import Style, StyleError, format_record
from synthloop.records import Record

CHUNK = 10_000
Rows = Callable[[], Iterable[dict[str, Any]]]  # a fresh pass over the rows


def rows(records: Iterable[Record], style: Style, *, with_status: bool = False
         ) -> Iterator[dict[str, Any]]:
    """One row per record in ``style``. In an audit export (``with_status``) a record the
    style cannot hold is kept as it is stored (``data``) with the reason (``style_error``);
    otherwise it raises StyleError."""
    for rec in records:
        try:
            styled = format_record(rec.id, rec.data, style)
        except StyleError as exc:
            if not with_status:
                raise
            styled = {"style_error": exc.missing, "data": rec.data}
        row = {"id": rec.id, **styled}
        if rec.attributes:
            row["metadata"] = dict(rec.attributes)
        if with_status:
            row["status"] = "accepted" if rec.accepted else rec.status.value
            row["status_reason"] = rec.status_reason
        yield row


def write_jsonl(row_iter: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("wb") as fh:
        for row in row_iter:
            fh.write(orjson.dumps(row) + b"\n")
            n += 1
            faults.checkpoint("export:row")
    return n


class _SchemaDrift(Exception):
    """A later chunk does not fit the first chunk's schema."""


def write_parquet(make_rows: Rows, path: Path) -> int:
    """Chunked writes with the first chunk's schema. When a later chunk does not fit it (a
    column first seen later, a column empty at first), the file is rewritten with the schema
    unified over every row: one more pass, only for such data."""
    try:
        try:
            return _write_parquet(make_rows(), path, None)
        except _SchemaDrift:
            return _write_parquet(make_rows(), path, _unified_schema(make_rows()))
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ExportError(f"Parquet needs one type per column, and the records disagree: "
                          f"{exc}. Export --format jsonl, or make the field's type "
                          "consistent.") from None


def _write_parquet(row_iter: Iterable[dict[str, Any]], path: Path,
                   schema: pa.Schema | None) -> int:
    """Write with ``schema`` (every row fits it), or with the first chunk's schema, raising
    _SchemaDrift when a later chunk would not fit it without loss."""
    optimistic = schema is None
    writer: pq.ParquetWriter | None = None
    n = 0
    try:
        for chunk in _chunks(row_iter):
            table = _table(chunk) if optimistic else pa.Table.from_pylist(chunk, schema=schema)
            if schema is None:
                schema = table.schema
            elif table.schema != schema:
                if not _fits(table.schema, schema):
                    raise _SchemaDrift
                table = pa.Table.from_pylist(chunk, schema=schema)
            if writer is None:
                writer = pq.ParquetWriter(path, schema)
            writer.write_table(table)
            n += len(chunk)
        if writer is None:
            pq.write_table(pa.table({"id": pa.array([], pa.string())}), path)
    finally:
        if writer is not None:
            writer.close()
    return n


def _table(chunk: list[dict[str, Any]]) -> pa.Table:
    """Rows as a table whose columns are every key of every row (``Table.from_pylist``
    would take the first row's keys and silently drop the others)."""
    return pa.Table.from_struct_array(pa.array(chunk))


def _fits(chunk: pa.Schema, schema: pa.Schema) -> bool:
    """Whether rows of schema ``chunk`` convert to ``schema`` losing nothing (no new column,
    struct field or wider type)."""
    try:
        return pa.unify_schemas([schema, chunk], promote_options="permissive") == schema
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return False


def _chunks(row_iter: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(row_iter)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _unified_schema(row_iter: Iterable[dict[str, Any]]) -> pa.Schema:
    schemas = [_table(chunk).schema for chunk in _chunks(row_iter)]
    return pa.unify_schemas(schemas, promote_options="permissive")


def write_hf(parquet_path: Path, out_dir: Path, cache: Path) -> None:
    """A `datasets` dataset saved with save_to_disk into ``out_dir`` (which must not exist),
    built from the Parquet export (memory mapped, so it streams), using ``cache`` as its
    scratch folder. Its fingerprint is the Parquet file's hash, which keeps the saved files
    byte-identical across identical runs."""
    import datasets

    datasets.disable_progress_bars()
    digest = hashlib.blake2b(digest_size=8)
    with parquet_path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    loaded = datasets.Dataset.from_parquet(str(parquet_path), cache_dir=str(cache))
    ds = datasets.Dataset(loaded.data, info=loaded.info, fingerprint=digest.hexdigest())
    ds.save_to_disk(str(out_dir))
    del ds, loaded
    shutil.rmtree(cache, ignore_errors=True)
