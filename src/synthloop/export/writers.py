"""Write a run's records as rows and JSONL, streaming (Parquet and HF: :mod:`.columnar`).

Rows are written in record order (``seq``) with no timestamps, so an interrupted-and-resumed
run exports byte-identical files to an uninterrupted one with the same seed. The writers
write where they are told; :mod:`synthloop.export.staging` makes the export atomic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from synthloop import faults
from synthloop.export.styles import Style, StyleError, style_of
from synthloop.records import Status
from synthloop.store import Content, RunStore

Rows = Callable[[], Iterable[dict[str, Any]]]  # a fresh pass over the rows


def rows(records: Iterable[Content], style: Style, *, with_status: bool = False
         ) -> Iterator[dict[str, Any]]:
    """The rows of each record (as :meth:`RunStore.iter_content` reads it) in ``style`` (one,
    or a chosen and a rejected row in the unpaired styles). In an audit export
    (``with_status``) a record the style cannot hold is kept as it is stored (``data``) with
    the reason (``style_error``); otherwise it raises StyleError."""
    shape = style_of(style)
    ok = Status.OK
    for rec in records:
        try:
            styled = shape.rows(rec.id, rec.data)
        except StyleError as exc:
            if not with_status:
                raise
            styled = [(rec.id, {"style_error": exc.missing, "data": rec.data})]
        for row_id, columns in styled:
            row = {"id": row_id, **columns}
            if rec.attributes:
                row["metadata"] = dict(rec.attributes)
            if with_status:
                row["status"] = "accepted" if rec.status is ok else rec.status.value
                row["status_reason"] = rec.status_reason
            yield row


def raw_lines(stored: Iterable[tuple[str, bytes, bytes]]) -> Iterator[bytes]:
    """The JSONL lines of the ``raw`` style (no status) of records as the store keeps them
    (:meth:`RunStore.iter_stored`), cut from their stored text: each line is the JSON text of
    the row :func:`rows` makes, ``{"id": id, **data}`` and ``metadata`` (the attributes) if
    any. The store writes data as orjson does with sorted keys, so that row's text is the
    stored text itself when the data's first key is ``id``, or the id spliced in front when
    it has no ``id``; a record whose data has ``id`` elsewhere, or ``metadata`` beside
    attributes, is decoded and written whole. 0.06 s rather than 0.17 for the 30,185 records
    of the neardup benchmark (loading and dumping each record's data, and a row of dicts)."""
    for rid, data, attributes in stored:
        line: bytes | None = None
        if data.startswith(b'{"id":'):
            line = data
        elif b'"id":' not in data:
            line = b'{"id":' + orjson.dumps(rid) + (b"," + data[1:] if data != b"{}" else b"}")
        if line is not None and attributes != b"{}":
            line = None if b'"metadata":' in line else (
                line[:-1] + b',"metadata":' + attributes + b"}")
        if line is None:  # the row as rows() makes it
            content = Content(rid, orjson.loads(data), orjson.loads(attributes), Status.OK, None)
            line = orjson.dumps(next(rows([content], "raw")))
        yield line


def write_lines(lines: Iterable[bytes], path: Path) -> int:
    """Write JSONL ``lines`` (without their newlines); how many."""
    n = 0
    with path.open("wb") as fh:
        for line in lines:
            fh.write(line + b"\n")
            n += 1
            faults.checkpoint("export:row")
    return n


class ExportRows:
    """The rows of an export, read from its run store for each pass a format makes: called,
    the rows (what :data:`Rows` is); :meth:`lines`, the same rows as JSONL lines."""

    def __init__(self, store: RunStore, status: list[Status] | None, style: Style,
                 with_status: bool) -> None:
        self.store, self.status, self.style, self.with_status = store, status, style, with_status

    def __call__(self) -> Iterator[dict[str, Any]]:
        return rows(self.store.iter_content(self.status), self.style,
                    with_status=self.with_status)

    def lines(self) -> Iterator[bytes]:
        if self.style == "raw" and not self.with_status:
            return raw_lines(self.store.iter_stored(self.status))
        return map(orjson.dumps, self())
