"""Write a run's records as JSONL, Parquet and a Hugging Face dataset, streaming.

Rows are written in record order (``seq``) with no timestamps, so an interrupted-and-resumed
run exports byte-identical files to an uninterrupted one with the same seed.
"""

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

from synthloop import faults
from synthloop.export.styles import Style, format_record
from synthloop.records import Record

CHUNK = 10_000


def rows(records: Iterable[Record], style: Style, *, with_status: bool = False
         ) -> Iterator[dict[str, Any]]:
    for rec in records:
        row = {"id": rec.id, **format_record(rec.id, rec.data, style)}
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


def write_parquet(row_iter: Iterable[dict[str, Any]], path: Path) -> int:
    """Chunked writes with the schema of the first chunk (later chunks are cast to it)."""
    it = iter(row_iter)
    writer: pq.ParquetWriter | None = None
    n = 0
    try:
        while chunk := list(islice(it, CHUNK)):
            table = pa.Table.from_pylist(chunk)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            else:
                table = table.cast(writer.schema)
            writer.write_table(table)
            n += len(chunk)
        if writer is None:
            pq.write_table(pa.table({"id": pa.array([], pa.string())}), path)
    finally:
        if writer is not None:
            writer.close()
    return n


def write_hf(parquet_path: Path, out_dir: Path) -> None:
    """A `datasets` dataset saved with save_to_disk, built from the Parquet export (memory
    mapped, so it streams). Its fingerprint is the Parquet file's hash, which keeps the saved
    files byte-identical across identical runs."""
    import datasets

    datasets.disable_progress_bars()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    cache = out_dir.parent / ".hf-cache"
    digest = hashlib.blake2b(digest_size=8)
    with parquet_path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    loaded = datasets.Dataset.from_parquet(str(parquet_path), cache_dir=str(cache))
    ds = datasets.Dataset(loaded.data, info=loaded.info, fingerprint=digest.hexdigest())
    ds.save_to_disk(str(out_dir))
    del ds, loaded
    shutil.rmtree(cache, ignore_errors=True)
