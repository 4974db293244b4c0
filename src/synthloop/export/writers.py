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
from synthloop.store import Content

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


def write_jsonl(row_iter: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("wb") as fh:
        for row in row_iter:
            fh.write(orjson.dumps(row) + b"\n")
            n += 1
            faults.checkpoint("export:row")
    return n
