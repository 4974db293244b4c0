"""Read existing data (``source:`` in a spec) as records, so validation and curation also run
on datasets users already have.

A malformed row never stops the import and is never skipped: it becomes a ``failed`` record
whose reason names the file and line and whose data keeps the raw text. What makes the whole
source unusable (no rows, no row that parses, a ``fields:`` column the file lacks) is a
DataError (exit 2) before anything is imported; ``synthloop check`` finds what it can of it from
the first rows.

A folder of documents (``format: documents``, or any folder that is not a ``save_to_disk``
dataset) reads as one row per chunk (:mod:`synthloop.documents`): ``chunk_id``, ``doc``,
``start``, ``end`` and ``text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthloop.errors import DataError

if TYPE_CHECKING:
    from synthloop.config.spec import SourceSpec
    from synthloop.records import Lineage
    from synthloop.store import ImportedRows
    from synthloop.tables import BadRow, Head, Row

# The readers (documents, tables) are imported by the functions that read: a run that
# generates its records imports neither.

# The stage label of imported records (their lineage, funnel row and quarantine stage).
SOURCE_LABEL = "source"
# Rows a source import commits at a time (and hands the corpus stage after it as one batch).
IMPORT_BATCH = 2000

# What `save_to_disk` writes (a Dataset, a DatasetDict): a folder without them is documents.
_DATASET_MARKERS = ("dataset_info.json", "state.json", "dataset_dict.json")


def is_documents(source: SourceSpec, path: Path) -> bool:
    """True when ``source`` reads a folder of documents rather than a table."""
    if source.format != "auto":
        return source.format == "documents"
    return path.is_dir() and not any((path / name).exists() for name in _DATASET_MARKERS)


def keeps_values(source: SourceSpec, path: Path) -> bool:
    """True when every value a row holds is a JSON value (JSONL, CSV, documents), so a record
    read back from the run store holds the very values it was imported with. Parquet and
    datasets may hold others (timestamps, bytes) that the store keeps as their JSON text."""
    from synthloop.tables import Table

    return is_documents(source, path) or Table(path, source.format).format in ("jsonl", "csv")


def check_source(source: SourceSpec, path: Path) -> None:
    """The cheap checks for ``synthloop check``: the header and first rows of a text file, or
    that a folder of documents has documents."""
    from synthloop.documents import DEFAULT_INCLUDE, document_paths
    from synthloop.tables import Table

    if is_documents(source, path):
        document_paths(path, source.include or DEFAULT_INCLUDE)
        return
    _check_limit(source, path, Table(path, source.format).check(source.fields, quick=True))


def source_rows(source: SourceSpec, path: Path, *, start: int = 0) -> Iterator[Row | BadRow]:
    """Rows from ``start`` on (0-based) up to ``source.limit``, columns renamed per
    ``source.fields`` (canonical name -> column)."""
    from synthloop.documents import DEFAULT_INCLUDE, load_chunks
    from synthloop.tables import Row, Table

    rename = {column: name for name, column in source.fields.items()}
    if is_documents(source, path):
        chunks = load_chunks(path, source.include or DEFAULT_INCLUDE, source.chunk_chars)
        for index, chunk in enumerate(chunks[start:source.limit], start=start):
            data = {rename.get(k, k): v for k, v in chunk.as_data().items()}
            yield Row(path / chunk.doc, index, None, data)
        return
    table = Table(path, source.format)
    _check_limit(source, path, table.check(source.fields))
    for row in table.rows(start):
        if source.limit is not None and row.index >= source.limit:
            return
        if isinstance(row, Row) and rename:
            row.data = {rename.get(k, k): v for k, v in row.data.items()}
        yield row


def imported_rows(rows: list[Row | BadRow], make_id: Callable[[object], str], lineage: Lineage,
                  attributes: list[str]) -> ImportedRows:
    """A batch of rows as the run store inserts them: each id made from the row's index, its
    ``attributes`` the named data fields, and a malformed row a record failed at the source
    whose data keeps the raw text. The columns are read with ``map`` (in C), not a loop per
    row."""
    from synthloop.records import Record
    from synthloop.store import ImportedRows
    from synthloop.tables import Row

    slots: list[int] = list(map(_index_of, rows))
    ids = list(map(make_id, slots))
    failed: dict[int, Record] = {}
    if list(map(type, rows)).count(Row) == len(rows):
        data: list[dict[str, Any]] = list(map(_data_of, rows))
    else:
        data = []
        for i, row in enumerate(rows):
            if isinstance(row, Row):
                data.append(row.data)
                continue
            failed[i] = rec = Record(ids[i], {"raw": row.raw}, None, lineage, slot=row.index)
            rec.fail(SOURCE_LABEL, row.error)
            data.append(rec.data)
    attrs = [{k: d.get(k) for k in attributes} for d in data] if attributes else None
    return ImportedRows(ids, data, slots, lineage, attrs, failed)


_index_of, _data_of = attrgetter("index"), attrgetter("data")


def _check_limit(source: SourceSpec, path: Path, head: Head | None) -> None:
    if (head is not None and head.first_good is not None and source.limit is not None
            and head.first_good >= source.limit):
        raise DataError(f"{path}: none of its first {source.limit} rows (source.limit) "
                        "parses; fix them or raise the limit")
