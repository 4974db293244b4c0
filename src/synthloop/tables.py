"""The one reader for tables: JSON Lines (optionally gzipped), CSV (optionally gzipped), Parquet
and Hugging Face ``save_to_disk`` directories. ``source:``, seed examples, reference sets and
``measure`` all read through it, so every format works everywhere and bad data reads the same.

Reading streams: JSONL and CSV line by line, Parquet batch by batch, a dataset directory through
its memory map; a million-row file is never held whole. pyarrow and datasets are imported only
when a Parquet file or a dataset directory is read, so ``import synthloop`` and ``synthloop
check`` stay light.

A malformed row is a ``BadRow`` (its reason names the file and line), never an exception and
never skipped: a ``source:`` import keeps it as a failed record. What makes the whole table
unusable is a ``DataError`` (exit 2) from ``Table.check``: no rows, no row that parses (with a
hint: UTF-16, binary, Parquet or CSV under the wrong name...), a ``fields:`` mapping naming a
column the table does not have.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import orjson

from synthloop.errors import ColumnError, DataError

Format = Literal["jsonl", "csv", "parquet", "hf"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet", "hf")

QUICK_BYTES = 1 << 20  # what `check` reads of a text file: enough for a header and first rows
COLUMN_SAMPLE = 100  # JSONL has no header: its columns are the keys of this many first rows
_SNIFF_BYTES = 4096  # what a hint about a file's encoding or format looks at
_GZIP_MAGIC = b"\x1f\x8b"
_NAMES = {"jsonl": "JSONL file", "csv": "CSV file", "parquet": "Parquet file", "hf": "dataset"}


@dataclass(slots=True)
class Row:
    """A readable row: its 0-based index among the table's rows (bad ones counted), its line in
    a text file (None in Parquet and datasets) and its columns."""

    path: Path
    index: int
    line: int | None
    data: dict[str, Any]

    @property
    def pos(self) -> str:
        """Where the row is, within its file: ``line 7`` or ``row 7`` (1-based)."""
        return f"line {self.line}" if self.line is not None else f"row {self.index + 1}"

    @property
    def where(self) -> str:
        """File and position, for messages: ``data.jsonl:7`` or ``data.parquet row 7``."""
        return f"{self.path}:{self.line}" if self.line is not None else f"{self.path} {self.pos}"


@dataclass(slots=True)
class BadRow:
    """A row that does not parse: why, and its raw text (kept in the failed record)."""

    path: Path
    index: int
    line: int
    reason: str
    raw: str

    @property
    def error(self) -> str:
        """The reason with its file and line."""
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(slots=True)
class Head:
    """What the first part of a table says about all of it."""

    columns: list[str]  # from the schema or header; for JSONL the keys of the first rows
    sampled: int | None = None  # JSONL: ``columns`` come from only this many first rows
    rows: int = 0  # rows looked at
    first_good: int | None = None  # index of the first readable row
    first_bad: BadRow | None = None
    final: bool = True  # holds for the whole table (a readable row was found, or all was read)


def detect_format(path: Path, declared: str = "auto") -> Format:
    """The declared format, or the one the name says (a directory is a dataset)."""
    if declared != "auto":
        for fmt in FORMATS:
            if declared == fmt:
                return fmt
        raise DataError(f"{path}: unknown format {declared!r}; use one of {', '.join(FORMATS)}")
    if path.is_dir():
        return "hf"  # a save_to_disk folder: ``data_file`` took any other folder's one file
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".parquet"):
        return "parquet"
    raise DataError(f"{path}: cannot tell the format from the name; use a .jsonl, .jsonl.gz, "
                    ".csv or .parquet name or a save_to_disk directory, or set `format:` to "
                    f"{', '.join(FORMATS)}")


_HF_MARKERS = ("dataset_info.json", "dataset_dict.json", "state.json")
_DATA_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz", ".ndjson", ".csv", ".csv.gz",
                  ".parquet")


def data_file(path: Path) -> Path:
    """``path``, or the one table file inside a folder that is not a ``save_to_disk``
    dataset (a downloaded dataset folder, as a user names it). Several: say which to give."""
    if not path.is_dir() or any((path / marker).exists() for marker in _HF_MARKERS):
        return path
    found = sorted(p for p in path.iterdir()
                   if p.is_file() and p.name.lower().endswith(_DATA_SUFFIXES))
    if len(found) == 1:
        return found[0]
    if not found:
        raise DataError(f"{path}: a folder with no JSONL, CSV or Parquet file and not a Hugging "
                        "Face dataset saved with save_to_disk; give a data file")
    raise DataError(f"{path}: a folder with {len(found)} data files "
                    f"({', '.join(p.name for p in found[:5])}); give one of them")


class Table:
    """One table on disk. ``check`` first (it raises what makes the table unusable), then
    ``rows`` (lenient: bad rows come as ``BadRow``) or ``strict_rows`` (the first bad row is a
    DataError), for data that must be well formed such as seed examples and evaluation sets."""

    def __init__(self, path: Path, format: str = "auto") -> None:
        if not path.exists():
            raise DataError(f"{path} does not exist; give a JSONL, CSV or Parquet file or a "
                            "save_to_disk directory")
        self.path = data_file(path) if format in ("auto", "jsonl", "csv", "parquet") else path
        self.format = detect_format(self.path, format)
        self._head: Head | None = None

    # -- checks ---------------------------------------------------------------------------
    def check(self, fields: Mapping[str, str] | None = None, *, quick: bool = False) -> Head | None:
        """Raise DataError if the table has no rows, no row that parses, or lacks a column
        that ``fields`` (canonical name -> column) maps. ``quick`` (for ``synthloop check``)
        reads at most QUICK_BYTES of a text file and leaves Parquet and dataset directories to
        the run, importing no heavy library; it then returns None for those."""
        head = self._probe(quick)
        if head is None:
            return None
        if head.rows == 0 and head.final:
            what = "a header but no rows" if head.columns and self.format == "csv" else "no rows"
            raise DataError(f"{self.path}: the {_NAMES[self.format]} has {what}; give a table "
                            "with data")
        if head.first_good is None:
            hint, whole_file = self._hint()
            if head.final or whole_file:
                assert head.first_bad is not None  # rows were seen and none was good
                bad = head.first_bad
                raise DataError(f"{self.path}: no line parses as {self.format.upper()}; {hint}. "
                                f"The first error, on line {bad.line}: {bad.reason}")
            return head  # only the quick window was bad: the run reads on
        for canonical, column in (fields or {}).items():
            if column not in head.columns:
                scope = (f" (in its first {head.sampled} rows)" if head.sampled is not None
                         else "")
                present = ", ".join(head.columns) or "none"
                raise ColumnError(
                    f"{self.path}: `fields:` maps {canonical!r} to the column {column!r}, which "
                    f"the file does not have{scope}; its columns are: {present}. Correct the "
                    "column name in `fields:`", canonical)
        return head

    def _probe(self, quick: bool) -> Head | None:
        if self._head is not None and (quick or self._head.final):
            return self._head
        if self.format in ("parquet", "hf"):
            if quick:
                return None
            self._head = self._parquet_head() if self.format == "parquet" else self._hf_head()
        else:
            self._head = self._text_head(QUICK_BYTES if quick else None)
        return self._head

    def _text_head(self, max_bytes: int | None) -> Head:
        """Rows until COLUMN_SAMPLE readable ones (JSONL) or the first readable one (CSV);
        the whole file when none is readable, unless ``max_bytes`` bounds the look."""
        with self._open() as fh:
            lines, whole = _window(fh, max_bytes)
            if self.format == "csv":
                header, rows = _csv_rows(self.path, lines)
                head = Head(columns=header)
            else:
                rows = _jsonl_rows(self.path, lines)
                head = Head(columns=[], sampled=0)
            keys: dict[str, None] = {}
            for row in rows:
                head.rows += 1
                if isinstance(row, BadRow):
                    head.first_bad = head.first_bad or row
                    continue
                if head.first_good is None:
                    head.first_good = row.index
                if head.sampled is None:
                    break
                keys.update(dict.fromkeys(row.data))
                head.sampled += 1
                if head.sampled >= COLUMN_SAMPLE:
                    break
            else:
                if whole and head.sampled is not None:
                    head.sampled = None  # every row gave its keys: the columns are exact
            if self.format == "jsonl":
                head.columns = list(keys)
            head.final = whole or head.first_good is not None
        return head

    def _parquet_head(self) -> Head:
        pf = self._parquet()
        n = pf.metadata.num_rows
        return Head(columns=list(pf.schema_arrow.names), rows=n, first_good=0 if n else None)

    def _hf_head(self) -> Head:
        ds = self._dataset()
        n = len(ds)
        return Head(columns=list(ds.column_names), rows=n, first_good=0 if n else None)

    def _hint(self) -> tuple[str, bool]:
        """Why no line parses, as advice; and whether it holds for the whole file (then the
        quick window of `check` is enough to refuse it)."""
        with self.path.open("rb") as fh:
            raw = fh.read(_SNIFF_BYTES)
        if raw.startswith(b"PAR1"):
            return "the file is Parquet; use `format: parquet` or a .parquet name", True
        if raw.startswith(_GZIP_MAGIC) and not self._gzipped:
            return f"the file is gzip-compressed; name it {self.path.name}.gz", True
        with self._open() as fh:
            head = fh.read(_SNIFF_BYTES)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_pattern(head):
            return (f"the file looks UTF-16 encoded; convert it to UTF-8, e.g. iconv -f UTF-16 "
                    f"-t UTF-8 {self.path.name} > utf8-{self.path.name}"), True
        try:
            text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError:
            text = ""
        if not text or "\x00" in text:
            return ("the file looks binary, not UTF-8 text; give JSON Lines, CSV, Parquet or a "
                    "save_to_disk directory"), True
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        if self.format == "csv":
            if first.startswith(("{", "[")):
                return "the lines look like JSON; use `format: jsonl` or a .jsonl name", False
            return "check that every line has as many fields as the header", False
        if first.startswith("["):
            return (f"the file looks like one JSON array; JSON Lines needs one object per "
                    f"line, e.g. jq -c '.[]' {self.path.name}"), False
        if first.startswith("{"):
            return (f"the file looks like pretty-printed JSON; JSON Lines needs one object per "
                    f"line, e.g. jq -c . {self.path.name}"), False
        if _looks_csv(text):
            return "the lines look like CSV; use `format: csv` or a .csv name", False
        return "each line must be one JSON object", False

    # -- reading --------------------------------------------------------------------------
    def rows(self, start: int = 0) -> Iterator[Row | BadRow]:
        """Rows from index ``start`` on, malformed ones as ``BadRow``; checks first."""
        self.check()
        if self.format == "parquet":
            yield from self._parquet_rows(start)
        elif self.format == "hf":
            yield from self._hf_rows(start)
        else:
            with self._open() as fh:
                lines = _read_lines(self.path, fh)
                if self.format == "csv":
                    rows = _csv_rows(self.path, lines, start)[1]
                else:
                    rows = _jsonl_rows(self.path, lines, start)
                yield from rows

    def strict_rows(self) -> Iterator[Row]:
        """Every row, for data that must be well formed: a bad one is a DataError."""
        for row in self.rows():
            if isinstance(row, BadRow):
                raise DataError(row.error)
            yield row

    @property
    def _gzipped(self) -> bool:
        return self.path.name.lower().endswith(".gz")

    def _open(self) -> io.BufferedIOBase:
        try:
            if not self._gzipped:
                return self.path.open("rb")
            with self.path.open("rb") as fh:
                if fh.read(2) != _GZIP_MAGIC:
                    raise DataError(f"{self.path}: the name ends in .gz but the file is not "
                                    "gzip-compressed; rename it without .gz")
            return gzip.open(self.path, "rb")
        except OSError as exc:
            raise DataError(f"{self.path}: cannot read: {exc.strerror or exc}") from None

    def _parquet(self) -> Any:
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(self.path)
        except Exception as exc:  # pyarrow raises several types for corrupt files
            raise DataError(f"{self.path}: not a readable Parquet file: {exc}") from None

    def _parquet_rows(self, start: int) -> Iterator[Row]:
        pf = self._parquet()
        groups: list[int] = []
        index = 0
        for g in range(pf.metadata.num_row_groups):  # skip whole row groups before ``start``
            n = pf.metadata.row_group(g).num_rows
            if index + n > start or groups:
                groups.append(g)
            else:
                index += n
        for batch in pf.iter_batches(batch_size=4096, row_groups=groups):
            for data in _decoded(batch):
                if index >= start:
                    yield Row(self.path, index, None, data)
                index += 1

    def _dataset(self) -> Any:
        import datasets

        try:
            ds = datasets.load_from_disk(str(self.path))
        except Exception as exc:  # datasets raises FileNotFoundError or its own errors
            raise DataError(f"{self.path}: not a Hugging Face dataset saved with save_to_disk: "
                            f"{exc}") from None
        if isinstance(ds, datasets.DatasetDict):
            ds = ds["train" if "train" in ds else next(iter(ds))]
        return ds

    def _hf_rows(self, start: int) -> Iterator[Row]:
        ds = self._dataset()
        if start:
            ds = ds.select(range(start, len(ds)))
        index = start
        for batch in ds.with_format("arrow").iter(batch_size=4096):
            for data in _decoded(batch):
                yield Row(self.path, index, None, data)
                index += 1


def _decoded(batch: Any) -> list[dict[str, Any]]:
    """A record batch's rows, with the columns of Arrow's JSON type (a synthloop export
    stores there what Arrow's types would change) decoded to the values they hold."""
    rows: list[dict[str, Any]] = batch.to_pylist()
    for field in batch.schema:
        if getattr(field.type, "extension_name", None) == "arrow.json":
            for row in rows:
                if row[field.name] is not None:
                    row[field.name] = orjson.loads(row[field.name])
    return rows


# -- text formats ---------------------------------------------------------------------------
def _window(fh: io.BufferedIOBase, max_bytes: int | None) -> tuple[Iterable[bytes], bool]:
    """The file's lines, or only those within its first ``max_bytes`` (and whether that is
    all of it)."""
    if max_bytes is None:
        return fh, True
    data = fh.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return io.BytesIO(data), True
    return io.BytesIO(data[: data.rfind(b"\n") + 1]), False


def _read_lines(path: Path, fh: io.BufferedIOBase) -> Iterator[bytes]:
    """The lines of an open file; a read error (a truncated .gz) names the line it stopped at."""
    n = 0
    try:
        for line in fh:
            n += 1
            yield line
    except (OSError, EOFError) as exc:
        raise DataError(f"{path}: cannot read past line {n}: {exc}") from None


def _jsonl_rows(path: Path, lines: Iterable[bytes], start: int = 0) -> Iterator[Row | BadRow]:
    index = 0
    for line_no, line in enumerate(lines, start=1):
        if line_no == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        index += 1
        if index <= start:
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            reason = f"invalid JSON ({exc}); fix the line and re-run"
        else:
            if isinstance(value, dict):
                yield Row(path, index - 1, line_no, value)
                continue
            reason = f"expected a JSON object, got {type(value).__name__}"
        yield BadRow(path, index - 1, line_no, reason, line.decode("utf-8", "replace"))


class _CsvLines:
    """Decoded lines for csv.reader, remembering the raw text of the record being read and
    whether each of its lines was UTF-8 text (a NUL means UTF-16 or binary)."""

    def __init__(self, lines: Iterable[bytes]) -> None:
        self.lines = lines
        self.texts: list[str] = []
        self.clean = True

    def __iter__(self) -> Iterator[str]:
        for n, raw in enumerate(self.lines, start=1):
            raw = raw.removeprefix(codecs.BOM_UTF8) if n == 1 else raw
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("utf-8", "replace")
                self.clean = False
            self.clean = self.clean and "\x00" not in text
            self.texts.append(text)
            yield text

    def take(self) -> tuple[str, bool]:
        """The record just read: its raw text, and whether it was clean text."""
        raw, clean = "".join(self.texts), self.clean
        self.texts, self.clean = [], True
        return raw, clean


def _csv_rows(path: Path, lines: Iterable[bytes],
              start: int = 0) -> tuple[list[str], Iterator[Row | BadRow]]:
    """The header and the rows after it. A quoted field may span lines; an empty cell is None
    (CSV cannot tell them apart); a row that is not UTF-8 text or has too few or too many
    fields is a BadRow."""
    csv.field_size_limit(2**31 - 1)  # documents are longer than the 128 KiB default
    source = _CsvLines(lines)
    reader = csv.reader(source)

    def records() -> Iterator[tuple[int, list[str], str, bool]]:
        line = 1  # where the next record starts
        try:
            for record in reader:
                raw, clean = source.take()
                if record:  # else a blank line
                    yield line, record, raw, clean
                line = reader.line_num + 1
        except csv.Error as exc:
            raise DataError(f"{path}:{reader.line_num}: unreadable CSV ({exc})") from None

    it = records()
    header_at, header, _, _ = next(it, (0, [], "", True))
    if len(set(header)) < len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise DataError(f"{path}:{header_at}: the column {dup!r} appears twice in the header; "
                        "rename one")

    def rows() -> Iterator[Row | BadRow]:
        for index, (line, record, raw, clean) in enumerate(it):
            if index < start:
                continue
            if not clean:
                yield BadRow(path, index, line, "not UTF-8 text; convert the file to UTF-8", raw)
            elif len(record) != len(header):
                yield BadRow(path, index, line, f"{len(record)} field(s) where the header has "
                             f"{len(header)}; fix the line and re-run", raw)
            else:
                yield Row(path, index, line, {h: v if v != "" else None
                                              for h, v in zip(header, record, strict=True)})

    return header, rows()


def _utf16_pattern(head: bytes) -> bool:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte, and only there
    (a binary file has NULs anywhere)."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    return half >= 4 and max(even, odd) > half * 0.4 and min(even, odd) < half * 0.05


def _looks_csv(text: str) -> bool:
    try:
        dialect = csv.Sniffer().sniff(text, delimiters=",;\t")
    except csv.Error:
        return False
    return dialect.delimiter in text.splitlines()[0]

