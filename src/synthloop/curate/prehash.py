"""The MinHash index of a spec's source, computed ahead in a forked process while ``synthloop
run`` starts up.

A run of a spec whose first stage is ``curate.dedup`` with ``method: minhash`` spends its first
0.35-0.4 s on one core importing (pydantic, the config models, the store) and checking the
spec, then imports the source into the run store while it indexes each batch (texts,
shingles, signatures, band keys: 0.3 s of CPU of the neardup benchmark's 1.15 s) and then
finds the verified pairs (0.05 s); the other core idles. Forked before those imports, a child
reads the source itself, indexes each import batch and writes what the index keeps of it
(:class:`IndexedBatch`) to an unlinked temporary file, then the pairs; the parent takes them
from there instead of computing them: each batch the child has sent by the time the import
has stored it, and when the stage decides, the rest, hashing those not sent yet itself from the
last back until the two meet (``curate.dedup``), so that the processes meet once rather than at
every batch and neither waits long for the other. The child's pairs are used when it sent
every batch. In the neardup benchmark at load 1.0: 0.70-0.72 s instead of 0.87 (10.1-10.5x
datasketch's wall instead of 8.2x); the child takes 0.40-0.53 s of CPU, the two 0.1-0.2 s more
than one process alone (the child reads and parses the source again).

So it pays only beside an idle core (2026-12-07, this project's 2-core machine, shared; whole
runs alternated with and without a child, medians of paired wall-time ratios, before the
parent hashed from the back): at load 1.7 the neardup benchmark's run took 0.84 s instead of
1.07 (9.5x datasketch's wall instead of 7.8x); at load 2.2-2.5, five rounds of eight pairs:
0.86, 0.93, 0.95, 1.01 and 1.07 (the wins where the other core was free, wall below CPU
time); at load 5.6-7.9, where other sessions held both cores (wall equal to CPU time): 1.14
and 1.17. A child starts only where the last minute's load is at most the number of cores and
a half (:func:`_idle_core`; the benchmark's own runs count about one), and the parent never
waits for the child: it takes what has been sent and computes the rest.

Only a hint, checked before it is used, as :mod:`synthloop.checks.prestart`'s sandboxes are:
the child reads the spec's YAML before it is validated and says which file (device, inode,
size, modification time) and which shingling, banding and threshold it used; the parent takes
a batch only when that is the file its source names and the settings its validated parameters
give, and when the batch holds the very rows (by position) of its own import batch, and the
pairs only when every document it indexed came from the child. Anything else (another spec
shape, a changed file, a resumed import, a child that failed, stalled or reached its cap)
closes the child and the parent computes as it always did, with the same functions.

The child stops after :data:`PREHASH_BATCHES` batches (128,000 rows; the file then holds about
40 MB for documents of 55 shingles, and the parent keeps the data of the batches it has not
taken yet, to hash them itself if it must): what it saves is mostly startup's idle core, and a
larger corpus is indexed by the parent from there on as before.
"""

from __future__ import annotations

import atexit
import os
import select
import signal
import struct
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from synthloop.sources import IMPORT_BATCH

if TYPE_CHECKING:
    import numpy as np

    from synthloop.curate.minhash import IndexedBatch

PREHASH_BATCHES = 64  # x IMPORT_BATCH rows
LOAD_MARGIN = 0.5  # 2 cores: a child paid at load 1.7-2.5 on the whole, cost 14-17% at 5.6-7.9
WAIT_S = 0.5  # the longest a read of the pipe waits (the parent reads what is there)
_KEY = struct.Struct("<4q?4qd")  # the file's identity and the settings
# where a batch lies in the file, its documents and its hashes; or, documents -1, the pairs
_BATCH = struct.Struct("<3q")


class Settings(NamedTuple):
    """What a batch's index depends on besides its texts."""

    char: bool  # character shingles (else word ones)
    ngram: int
    bands: int
    rows: int
    seed: int
    threshold: float


@dataclass(frozen=True)
class _Plan:
    path: Path
    format: str
    limit: int | None
    stage: dict[str, Any]


def start(spec_path: Path) -> None:
    """Fork a child that indexes the source of the spec at ``spec_path`` ahead, if its first
    stage is a MinHash dedup of every record's text and a core is idle."""
    global _current
    close()
    if not hasattr(os, "fork") or not _idle_core():
        return
    plan = _plan(spec_path)
    if plan is None:
        return
    # imported before the fork: the run imports them anyway, and a child that imports nothing
    # cannot wait on an import lock some other thread of the parent held at the fork
    import synthloop.curate.minhash  # noqa: F401
    import synthloop.curate.shingles  # noqa: F401
    import synthloop.records  # noqa: F401
    import synthloop.tables  # noqa: F401

    out = tempfile.TemporaryFile(prefix="synthloop-prehash-")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never back into the caller's code
        status = 1
        try:
            os.close(read_end)
            _hash_ahead(plan, write_end, out.fileno())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    _current = _Ahead(pid, read_end, out)
    atexit.unregister(close)
    atexit.register(close)


def close() -> None:
    """Stop the child, if one is running (at exit, and before another starts)."""
    global _current
    if _current is not None:
        _current.close()
        _current = None


def _idle_core() -> bool:
    """Whether a core is likely free for the child: there are two or more, and the last
    minute's load (runnable processes, this user's own runs among them) is at most their
    number plus :data:`LOAD_MARGIN`. On a busier machine the child only takes CPU time from
    the parent; see the module's docstring."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2 and os.getloadavg()[0] <= (cores or 1) + LOAD_MARGIN


class Wanted(NamedTuple):
    """A batch as the parent would index it: the rows at ``slots`` of the file at ``path``."""

    path: Path
    settings: Settings
    slots: Sequence[int]


def running() -> bool:
    """Whether a child may still send batches."""
    return _current is not None and _current.pipe >= 0


def ready() -> bool:
    """Whether :func:`take` would answer now, without waiting for the child."""
    ahead = _current
    return ahead is None or ahead.pipe < 0 or bool(select.select([ahead.pipe], [], [], 0)[0])


def take(wanted: Wanted) -> IndexedBatch | None:
    """The next batch the child indexed, if it is the one ``wanted``; else None, and the
    child is closed (the caller hashes)."""
    if _current is None:
        return None
    return _current.take(_identity(wanted.path), wanted.settings, wanted.slots)


def take_pairs(docs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The verified pairs the child found, if it indexed the whole source and the caller's
    ``docs`` documents were all taken from it (:meth:`NearDupIndex.pairs`' result)."""
    return _current.take_pairs(docs) if _current is not None else None


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    """The file's device, inode, size and modification time (None if it is gone)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _plan(spec_path: Path) -> _Plan | None:
    """What the child would read, from the spec's YAML: a file source without renamed fields
    and a first stage ``curate.dedup`` with ``method: minhash`` over all text."""
    import yaml

    try:
        spec = yaml.load(spec_path.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # (the spec check says what is wrong with it)
    source = spec.get("source") if isinstance(spec, dict) else None
    stages = spec.get("stages") if isinstance(spec, dict) else None
    if not (isinstance(source, dict) and isinstance(stages, list) and stages
            and isinstance(stage := stages[0], dict)):
        return None
    path, fmt, limit = source.get("path"), source.get("format", "auto"), source.get("limit")
    if (stage.get("use") != "curate.dedup" or stage.get("method") != "minhash"
            or stage.get("fields") is not None or source.get("fields")
            or not isinstance(path, str) or fmt not in ("auto", "jsonl", "csv")
            or not (limit is None or isinstance(limit, int))):
        return None
    resolved = Path(path).expanduser()
    resolved = resolved if resolved.is_absolute() else spec_path.parent / resolved
    return _Plan(resolved, fmt, limit, stage) if resolved.is_file() else None


def _settings(stage: dict[str, Any]) -> Settings:
    """The settings the stage's parameters give, read as ``DedupParams`` reads them (a value
    it would refuse only makes the parent's check fail)."""
    from synthloop.curate.minhash import (
        DEFAULT_NGRAM,
        DEFAULT_NUM_PERM,
        DEFAULT_SEED,
        DEFAULT_THRESHOLD,
        choose_bands,
    )

    bands, rows = stage.get("bands"), stage.get("rows")
    threshold = stage.get("threshold")
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not (bands and rows):
        bands, rows = choose_bands(threshold, stage.get("num_perm", DEFAULT_NUM_PERM))
    return Settings(stage.get("shingle", "word") == "char", stage.get("ngram", DEFAULT_NGRAM),
                    bands, rows, stage.get("seed", DEFAULT_SEED), threshold)


def _hash_ahead(plan: _Plan, pipe: int, out: int) -> None:
    """The child's work: each import batch's rows that parse, indexed, then (when that was
    the whole source) the verified pairs; the arrays written to ``out`` and a header saying
    where to ``pipe``."""
    import numpy as np

    from synthloop.curate.minhash import NearDupIndex
    from synthloop.curate.shingles import shingle
    from synthloop.records import record_text
    from synthloop.tables import Row, Table

    settings = _settings(plan.stage)
    index = NearDupIndex(settings.bands * settings.rows, settings.bands, settings.rows,
                         settings.seed)
    identity = _identity(plan.path)
    if identity is None:
        return
    os.write(pipe, _KEY.pack(*identity, *settings))
    rows = Table(plan.path, plan.format).rows()
    offset = 0

    def send(docs: int, values: int, *arrays: np.ndarray) -> None:
        nonlocal offset
        start = offset
        for array in arrays:
            data = memoryview(np.ascontiguousarray(array).tobytes())
            while data:
                written = os.pwrite(out, data, offset)
                data, offset = data[written:], offset + written
        os.write(pipe, _BATCH.pack(start, docs, values))

    for _ in range(PREHASH_BATCHES):
        batch = [row for row in islice(rows, IMPORT_BATCH)
                 if plan.limit is None or row.index < plan.limit]
        if not batch:
            left, right, sims = index.pairs(settings.threshold)
            send(-1, len(left), left, right, sims)
            return
        good = [row for row in batch if isinstance(row, Row)]
        slots = np.fromiter((row.index for row in good), np.int64, len(good))
        part = index.index(shingle([record_text(row.data) for row in good],
                                   unit="char" if settings.char else "word", n=settings.ngram))
        index.add_indexed(part)
        send(len(good), len(part.hashes), slots, part.keys, part.hashes, part.counts)


class _Ahead:
    """The parent's end: the child's process, its pipe and its file."""

    def __init__(self, pid: int, pipe: int, out: IO[bytes]) -> None:
        self.pid, self.pipe, self.out = pid, pipe, out
        self.checked = False
        self.docs = 0  # taken so far

    def take(self, identity: tuple[int, int, int, int] | None, settings: Settings,
             slots: Sequence[int]) -> IndexedBatch | None:
        batch = (self._next(identity, settings, slots)
                 if self.pipe >= 0 and identity is not None else None)
        if batch is None:
            self.close()
        return batch

    def _next(self, identity: tuple[int, int, int, int], settings: Settings,
              slots: Sequence[int]) -> IndexedBatch | None:
        import numpy as np

        from synthloop.curate.minhash import IndexedBatch

        if not self.checked:
            key = self._read(_KEY.size)
            if key is None or _KEY.unpack(key) != (*identity, *settings):
                return None
            self.checked = True
        head = self._read(_BATCH.size)
        if head is None:
            return None
        offset, docs, hashes = _BATCH.unpack(head)
        if docs != len(slots):  # (the pairs, when the caller has more rows)
            return None
        sizes = (8 * docs, 4 * docs * settings.bands, 4 * hashes, 4 * docs)
        buf = self._load(offset, sum(sizes))
        ends = np.cumsum((0, *sizes)).tolist()
        if buf is None or not np.array_equal(np.frombuffer(buf, np.int64, docs), slots):
            return None
        self.docs += docs
        return IndexedBatch(np.frombuffer(buf, np.uint32, docs * settings.bands, ends[1])
                            .reshape(docs, settings.bands),
                            np.frombuffer(buf, np.uint32, hashes, ends[2]),
                            np.frombuffer(buf, np.int32, docs, ends[3]))

    def take_pairs(self, docs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        import numpy as np

        head = self._read(_BATCH.size) if self.pipe >= 0 and docs == self.docs else None
        offset, marker, n = _BATCH.unpack(head) if head is not None else (0, 0, 0)
        buf = self._load(offset, 24 * n) if marker == -1 else None
        self.close()
        if buf is None:
            return None
        return (np.frombuffer(buf, np.int64, n), np.frombuffer(buf, np.int64, n, 8 * n),
                np.frombuffer(buf, np.float64, n, 16 * n))

    def _load(self, offset: int, size: int) -> bytearray | None:
        """``size`` bytes of the file from ``offset`` (writable, so arrays over them are)."""
        buf = bytearray(size)
        view = memoryview(buf)
        while view:
            got = os.preadv(self.out.fileno(), [view], offset)
            if not got:
                return None
            view, offset = view[got:], offset + got
        return buf

    def _read(self, size: int) -> bytes | None:
        """``size`` bytes from the pipe (the child's writes are that small, so whole); None
        at its end, or when nothing came within :data:`WAIT_S` (a stalled child costs that
        once, never a hung run)."""
        ready = select.select([self.pipe], [], [], WAIT_S)[0]
        data = os.read(self.pipe, size) if ready else b""
        return data if len(data) == size else None

    def close(self) -> None:
        """Stop the child and free its file (the parent hashes the rest)."""
        if self.pipe < 0:
            return
        os.close(self.pipe)
        self.pipe = -1
        self.out.close()
        try:
            os.kill(self.pid, signal.SIGKILL)  # (a child that has finished is not yet reaped)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


_current: _Ahead | None = None
