"""Export formats: how an export's rows are written to files, looked up by name in
:data:`FORMATS` (the built-ins below and the :class:`ExportFormat` classes of the
``synthloop.export_formats`` entry-point group).

A format writes into the export's staging folder (:mod:`synthloop.export.staging`), so its
file appears whole or not at all; ``file`` is the name it publishes in the export folder.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

import orjson

from synthloop.config.exports import unknown_format
from synthloop.config.plugins import EXPORT_FORMATS, Registry, instance_of
from synthloop.errors import ExportError
from synthloop.export.staging import Staging
from synthloop.export.writers import ExportRows, Rows, write_lines

PARQUET = "data.parquet"


class ExportFormat(ABC):
    """A file format of an export. A plugin subclasses it, sets ``name`` (its entry point's
    name) and ``file``, and implements ``write``."""

    name: ClassVar[str] = ""
    file: ClassVar[str] = ""

    @abstractmethod
    def write(self, rows: Rows, staging: Staging) -> None:
        """Write the rows (``rows()`` is a fresh pass) to ``staging.path(self.file)``."""


class Jsonl(ExportFormat):
    name, file = "jsonl", "data.jsonl"

    def write(self, rows: Rows, staging: Staging) -> None:
        lines = rows.lines() if isinstance(rows, ExportRows) else map(orjson.dumps, rows())
        write_lines(lines, staging.path(self.file))


def _parquet(rows: Rows, staging: Staging) -> Path:
    """The export's Parquet file, written once for the formats that need it."""
    path = staging.path(PARQUET)
    if not path.exists():
        from synthloop.export.columnar import write_parquet  # pyarrow: only when asked

        write_parquet(rows, path)
    return path


class Parquet(ExportFormat):
    name, file = "parquet", PARQUET

    def write(self, rows: Rows, staging: Staging) -> None:
        _parquet(rows, staging)


class HuggingFace(ExportFormat):
    """A ``datasets`` folder (``load_from_disk``), made from the Parquet file."""

    name, file = "hf", "hf"

    def write(self, rows: Rows, staging: Staging) -> None:
        from synthloop.export.columnar import write_hf

        write_hf(_parquet(rows, staging), staging.path(self.file),
                 cache=staging.path(".hf-cache"))


FORMATS: Registry[ExportFormat] = Registry(
    "format", EXPORT_FORMATS, check=instance_of(ExportFormat, "export format"))
for _builtin in (Jsonl, Parquet, HuggingFace):
    FORMATS.register(_builtin.name, _builtin())


def format_of(name: str) -> ExportFormat:
    """The format ``name``; ExportError naming the formats if there is none."""
    try:
        return FORMATS.get(name)
    except KeyError:
        raise ExportError(unknown_format(name)) from None
