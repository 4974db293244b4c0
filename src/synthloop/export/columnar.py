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

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from synthloop.export.writers import Rows

CHUNK = 10_000  # rows per Parquet row group
JSON = pa.json_()  # Arrow's JSON extension type: JSON text that datasets decodes (``Json``)


class _SchemaDrift(Exception):
    """A later chunk does not fit the first chunk's schema."""


def write_parquet(make_rows: Rows, path: Path) -> int:
    """Chunked writes with the first chunk's schema. When a later chunk does not fit it (a
    column first seen later, a column empty at first, another type), the file is rewritten
    with a schema over every row: one more pass, only for such data.

    Every value reads back as it was written. Where Arrow's inferred type would change a
    column's values (struct unification gives every object the keys of all the others as
    null, so tool calls get each other's argument names and tool schemas null properties;
    an int beside a float becomes a float; mixed types fail), the column is stored as JSON
    text of Arrow's JSON type instead, which ``datasets`` loads back as the objects they were
    (the ``Json`` feature)."""
    try:
        return _write_parquet(make_rows(), path, None)
    except _SchemaDrift:
        return _write_parquet(make_rows(), path, _whole_schema(make_rows()))


def _write_parquet(row_iter: Iterable[dict[str, Any]], path: Path,
                   schema: pa.Schema | None) -> int:
    """Write with ``schema`` (every row fits it), or with the first chunk's schema, raising
    _SchemaDrift when a later chunk would not fit it exactly."""
    writer: pq.ParquetWriter | None = None
    n = 0
    try:
        for chunk in _chunks(row_iter):
            table = _table(chunk, schema)
            if table is None:
                raise _SchemaDrift
            schema = table.schema
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


def _table(chunk: list[dict[str, Any]], schema: pa.Schema | None) -> pa.Table | None:
    """The chunk as a table whose columns are every key of every row (``Table.from_pylist``
    would take the first row's keys and silently drop the others), of the types ``schema``
    gives or, without one, inferred; None when a column does not fit ``schema`` exactly."""
    names = _names(chunk)
    if schema is None:
        return pa.table({name: _inferred(_column(chunk, name)) for name in names})
    if set(names) - set(schema.names):
        return None
    arrays = [_array(_column(chunk, f.name), f.type) for f in schema]
    fitting = [a for a in arrays if a is not None]
    if len(fitting) < len(arrays):
        return None
    return pa.Table.from_arrays(fitting, schema=schema)


def _names(chunk: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for row in chunk for k in row))


def _column(chunk: list[dict[str, Any]], name: str) -> list[Any]:
    return [row.get(name) for row in chunk]


def _inferred(values: list[Any]) -> pa.Array[Any]:
    """``values`` in the type Arrow infers when they read back from it unchanged, else as
    JSON."""
    try:
        array = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return _json(values)
    return array if _same(array, values) else _json(values)


def _json(values: list[Any]) -> pa.Array[Any]:
    """``values`` as JSON text, which holds any of them."""
    return pa.array([None if v is None else orjson.dumps(v).decode() for v in values], JSON)


def _array(values: list[Any], kind: pa.DataType) -> pa.Array[Any] | None:
    """``values`` as an array of type ``kind``; None when they do not read back the same."""
    if kind == JSON:
        return _json(values)
    try:
        array = pa.array(values, kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return None
    return array if _same(array, values) else None


def _same(array: pa.Array[Any], values: list[Any]) -> bool:
    """Whether ``array`` reads back as ``values``, equal as JSON: 45 is not 45.0, a key added
    with null is a change. Only structs and floats can change what they hold."""
    if not _may_change(array.type):
        return True
    return orjson.dumps(array.to_pylist(), option=orjson.OPT_SORT_KEYS) == \
        orjson.dumps(values, option=orjson.OPT_SORT_KEYS)


def _may_change(kind: pa.DataType) -> bool:
    if pa.types.is_struct(kind) or pa.types.is_floating(kind):
        return True
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _may_change(kind.value_type)
    return False


def _chunks(row_iter: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(row_iter)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _whole_schema(row_iter: Iterable[dict[str, Any]]) -> pa.Schema:
    """One type per column over every chunk: the type every chunk infers (a chunk of nulls
    fits any), else JSON."""
    kinds: dict[str, pa.DataType] = {}
    for chunk in _chunks(row_iter):
        for name in _names(chunk):
            kind = _inferred(_column(chunk, name)).type
            known = kinds.setdefault(name, kind)
            if pa.types.is_null(known):
                kinds[name] = kind
            elif kind != known and not pa.types.is_null(kind):
                kinds[name] = JSON
    return pa.schema(list(kinds.items()))


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
