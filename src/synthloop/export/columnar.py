"""Columnar exports: Parquet (one schema covering every row) and the Hugging Face dataset
directory built from it. Kept apart from the JSONL writer so that a run exporting JSONL only
never imports pyarrow or datasets (about 0.2 s of start-up on 2 cores)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from synthloop.errors import ExportError
from synthloop.export.writers import Rows

CHUNK = 10_000  # rows per Parquet row group


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
    empty = pq.read_metadata(parquet_path).num_rows == 0  # a run that kept nothing
    if empty:  # from_parquet fails on no rows, and save_to_disk would write no shard
        loaded = datasets.Dataset(pq.read_table(parquet_path))
    else:
        loaded = datasets.Dataset.from_parquet(str(parquet_path), cache_dir=str(cache))
    ds = datasets.Dataset(loaded.data, info=loaded.info, fingerprint=digest.hexdigest())
    ds.save_to_disk(str(out_dir), num_shards=1 if empty else None)
    del ds, loaded
    shutil.rmtree(cache, ignore_errors=True)
