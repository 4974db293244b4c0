"""RunStore: one SQLite database (WAL) per run holding everything the run knows.

Records, verdicts, plan slots, stage progress, events, the teacher-response cache, token usage,
reports, human review decisions and submitted batch requests live in one file so that a batch's
outputs and its checkpoint commit in one transaction: a ``kill -9`` loses at most the batch in
flight, and a rerun repeats nothing. Every statement on a run's database is a method here.

``synchronous=NORMAL`` with WAL is durable against a killed process (the case we promise);
against power loss the last transactions may roll back, which resume then redoes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from array import array
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from synthloop import faults
from synthloop.counts import StageCounts
from synthloop.errors import RunDirError
from synthloop.records import (
    UNKEPT,
    Lineage,
    Record,
    Slot,
    SlotBlock,
    Status,
    Verdict,
    originals_from,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS producers (id INTEGER PRIMARY KEY, json TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS slot_pages (
  first INTEGER PRIMARY KEY, n INTEGER NOT NULL, round INTEGER NOT NULL,
  cells TEXT NOT NULL, cell_of BLOB NOT NULL, seeds BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
  seq INTEGER PRIMARY KEY,
  id TEXT UNIQUE NOT NULL,
  data TEXT NOT NULL,
  attributes TEXT NOT NULL,
  producer_id INTEGER,
  seed INTEGER,
  parents TEXT,
  slot INTEGER,
  born INTEGER NOT NULL DEFAULT 0,
  stage_done INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  status_stage TEXT,
  status_reason TEXT,
  originals TEXT
);
CREATE TABLE IF NOT EXISTS verdicts (
  record_seq INTEGER NOT NULL,
  stage_index INTEGER NOT NULL,
  stage TEXT NOT NULL,
  check_name TEXT NOT NULL,
  passed INTEGER NOT NULL,
  score REAL,
  reason TEXT,
  details TEXT
);
CREATE INDEX IF NOT EXISTS verdicts_record ON verdicts(record_seq);
-- The records not accepted, by status and stage: counts of a status read this rather than
-- every record (most records stay ok, and those are not in it, so inserting them costs none).
CREATE INDEX IF NOT EXISTS records_not_ok ON records(status, status_stage) WHERE status != 'ok';
CREATE TABLE IF NOT EXISTS progress (
  stage_index INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  cursor INTEGER NOT NULL DEFAULT -1,
  n_in INTEGER NOT NULL DEFAULT 0,
  n_out INTEGER NOT NULL DEFAULT 0,
  n_rejected INTEGER NOT NULL DEFAULT 0,
  n_failed INTEGER NOT NULL DEFAULT 0,
  n_modified INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, ts REAL NOT NULL, level TEXT NOT NULL, kind TEXT NOT NULL,
  message TEXT NOT NULL, data TEXT
);
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS usage (
  stage TEXT NOT NULL, teacher TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0, cost REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (stage, teacher)
);
CREATE TABLE IF NOT EXISTS reports (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS human_decisions (
  id INTEGER PRIMARY KEY, ts REAL NOT NULL, reviewer TEXT NOT NULL,
  record_seq INTEGER NOT NULL, action TEXT NOT NULL, reason TEXT, diff TEXT,
  before TEXT NOT NULL, verdict_rowid INTEGER, undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS human_decisions_record ON human_decisions(record_seq);
CREATE TABLE IF NOT EXISTS batch_requests (custom_id TEXT PRIMARY KEY, batch_id TEXT NOT NULL);
"""

_STATUS = {s.value: s for s in Status}
SLOT_PAGE = 65_536  # slots per stored page: 768 KB packed
_FOLDABLE = {type(None), int, Status}  # column types :func:`_insert` writes as literals
_JSON_COLUMNS = frozenset({"data", "attributes", "parents", "originals"})  # stored as JSON text
RECORD_COLUMNS = (
    "seq, id, data, attributes, producer_id, seed, parents, slot, stage_done, status, "
    "status_stage, status_reason, originals"
)
_VERDICT_COLUMNS = ("record_seq", "stage_index", "stage", "check_name", "passed", "score",
                    "reason", "details")
_STAND_IN_COLUMNS = "seq, id, data, stage_done, status, status_stage, status_reason"
_STATUS_COLUMNS = "seq, id, '{}', stage_done, status, status_stage, status_reason"  # data {}
# Columns added after schema 2 shipped: added in place to older stores (additive, so a run
# made by an earlier version still opens and resumes).
_ADDED_COLUMNS = {"records": [("originals", "TEXT")], "verdicts": [("details", "TEXT")],
                  "progress": [("n_modified", "INTEGER NOT NULL DEFAULT 0")]}


@dataclass(slots=True)
class StageProgress:
    """Checkpoint and funnel counters of one stage (``n_out`` = passed on / created)."""

    stage_index: int
    name: str
    cursor: int
    n_in: int
    n_out: int
    n_rejected: int
    n_failed: int
    n_modified: int = 0

    @property
    def counts(self) -> StageCounts:
        return StageCounts(self.n_in, self.n_out, self.n_rejected, self.n_failed, self.n_modified)


class Content(NamedTuple):
    """What an export reads of a record (:meth:`RunStore.iter_content`)."""

    id: str
    data: dict[str, Any]
    attributes: dict[str, Any]
    status: Status
    status_reason: str | None


@dataclass(slots=True)
class BatchResult:
    """Everything one batch changes, committed atomically with its checkpoints.

    ``counters`` adds each stage's batch counts to its funnel;
    ``cursor`` (stage index, position) moves a stage's checkpoint: a generator's or the source
    import's last slot, or the last seq a corpus stage decided as a whole (every live record
    up to it has passed that stage: see :meth:`RunStore.count_pending`); ``stage_done``
    records the last stage the batch's records went through (so they are not given to those
    stages again).
    """

    new_records: list[Record] = field(default_factory=list)
    updated_records: list[Record] = field(default_factory=list)
    counters: dict[int, StageCounts] = field(default_factory=dict)
    cursor: tuple[int, int] | None = None
    stage_done: int | None = None
    imported: ImportedRows | None = None  # a source's rows, inserted after ``new_records``


@dataclass(slots=True)
class ImportedRows:
    """A batch of a source's rows held column-wise, inserted as new records without a
    :class:`Record` each: making one per row and reading its fourteen columns back, then
    handing the records to ``curate.dedup``, made the neardup benchmark's import and index
    (31,500 rows) 0.78 s CPU rather than 0.66 (load 11, medians of five).

    A malformed row is in ``failed`` (by position) as the failed record it becomes, for its
    status and verdict; its ``data`` here is that record's. ``first_seq`` is set on insert:
    row ``i`` is record ``first_seq + i``."""

    ids: list[str]
    data: list[dict[str, Any]]
    slots: list[int]
    lineage: Lineage
    attributes: list[dict[str, Any]] | None = None  # None: every row has none
    failed: dict[int, Record] = field(default_factory=dict)
    first_seq: int = -1

    def __len__(self) -> int:
        return len(self.ids)

    def ok(self) -> list[int]:
        """The positions of the rows that parsed."""
        failed = self.failed
        return [i for i in range(len(self.ids)) if i not in failed] if failed else list(
            range(len(self.ids)))

    def records(self) -> list[Record]:
        """The rows that parsed, as the records the store now holds (for a stage that reads
        records)."""
        attrs = self.attributes
        return [Record(self.ids[i], self.data[i], attrs[i] if attrs else None, self.lineage,
                       seq=self.first_seq + i, slot=self.slots[i], stored=UNKEPT)
                for i in self.ok()]


DB_NAME = "run.db"  # the store's file in a run folder


def run_db(run_dir: str | Path) -> Path:
    """The store file of the existing run at ``run_dir``; a :class:`RunDirError` naming the
    folder when it holds no run (a typo'd ``--run-dir`` must not create an empty store)."""
    db = Path(run_dir) / DB_NAME
    if not db.exists():
        raise RunDirError(f"{db.parent}: not a synthloop run (no {DB_NAME}); pass the --run-dir "
                          "of a run")
    return db


_BEHIND: dict[Path, threading.Thread] = {}  # checkpoints left running by ``close(behind=True)``


def _checkpoint(conn: sqlite3.Connection) -> None:
    """Copy the WAL into the database file and empty it: the last close then only unlinks an
    empty file (unlinking the 2 MB WAL of a 3,000-record run took 13-16 ms of wall time at the
    end of the process). TRUNCATE waits for readers that began before the copy, at most the
    connection's busy timeout (1 s), then copies what it can and leaves the WAL as it is."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _wait_behind(path: Path) -> None:
    thread = _BEHIND.pop(path.resolve(), None) if _BEHIND else None
    if thread is not None:
        thread.join()


class RunStore:
    """The run's SQLite store. One writer (the pipeline process); readers may be many."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        # Not tied to its creating thread: the review server serves from a thread pool and
        # serialises access itself.
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30,
                                    check_same_thread=False)
        # A new file holds nothing to lose: made without syncs. At SQLite's default
        # (FULL), turning it to WAL and writing the schema synced six times (the rollback
        # journal, the file, the WAL header, the folder), 15-30 ms of a run's wall time on
        # this machine's disk (strace, load 6-16); the first checkpoint syncs it all.
        self.conn.execute(f"PRAGMA synchronous={'OFF' if new else 'NORMAL'}")
        if new:
            # 16 KiB pages (SQLite's default: 4): fewer pages to fill, split and log a row of
            # a few hundred bytes. Inserting the neardup benchmark's 31,500 rows: 0.17 s
            # rather than 0.22 (its whole run 1.46 s CPU rather than 1.51, load 12; a
            # generation run of no-op stages unchanged within noise). Set before the first
            # table; a store made before keeps its pages.
            self.conn.execute("PRAGMA page_size=16384")
        self.conn.execute("PRAGMA journal_mode=WAL")
        # Checkpoint the WAL into the database every 16 MiB rather than SQLite's 4 MiB: each
        # checkpoint syncs both files, and a page committed again before the next one (every
        # record's row when a stage decides it) is copied once. Writing the neardup
        # benchmark's 31,500 records, then a status and verdict each, and closing took
        # 0.76-0.85 s at the default, 0.66-0.76 s at this (64 MiB: the same, with a longer
        # close; load 10).
        self.conn.execute("PRAGMA wal_autocheckpoint=4096")
        self.conn.executescript(SCHEMA)
        self._add_columns()
        if new:
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self._migrate_slots()
        self.conn.execute("PRAGMA temp_store=MEMORY")
        self.conn.execute("PRAGMA cache_size=-65536")  # 64 MiB: keeps the id index hot
        self._producer_ids: dict[str, int] = {}
        self._stage_ids: dict[str, int] = {
            name: i for i, name in self.conn.execute("SELECT stage_index, name FROM progress")}
        self._producers: dict[int, dict[str, Any]] = {}
        self._producer_fast: dict[tuple[Any, ...], tuple[dict[str, Any], int]] = {}
        # Attribute dicts repeat (one per plan cell): decode and encode each text once.
        self._attrs_decoded: dict[bytes, dict[str, Any]] = {}

    def _add_columns(self) -> None:
        for table, columns in _ADDED_COLUMNS.items():
            have = {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
            for name, decl in columns:
                if name not in have:
                    self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")

    def close(self, *, behind: bool = False) -> None:
        """Close; any later ``close`` of a store on this file first waits for a checkpoint left
        ``behind``.

        The last connection to a file to close checkpoints its WAL into it, syncing both files:
        at the end of a 3,000-record run 25-47 ms of wall time for 3-8 ms of CPU (load 3-6),
        which the run's export, report and status tables then waited for. ``behind`` leaves
        that to a thread (:func:`_checkpoint`), with a connection of its own opened first (so
        this close is not the last and does not checkpoint), while the caller goes on: the
        next store opened on the file reads it as it is. The thread is not a daemon: a process
        ends only after it, so the file alone holds the run once it has."""
        if not behind:
            self.conn.close()
            _wait_behind(self.path)
            return
        _wait_behind(self.path)
        other = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                timeout=1)  # how long its TRUNCATE waits for readers
        other.execute("SELECT 1 FROM meta LIMIT 1").fetchall()  # it holds the file open now
        self.conn.close()
        thread = threading.Thread(target=_checkpoint, args=(other,),
                                  name="synthloop-checkpoint")
        _BEHIND[self.path.resolve()] = thread
        thread.start()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- meta and reports ------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def put_report(self, key: str, value: Any) -> None:
        self.conn.execute("INSERT OR REPLACE INTO reports VALUES (?, ?)", (key, _dumps(value)))

    def get_report(self, key: str) -> Any:
        row = self.conn.execute("SELECT value FROM reports WHERE key=?", (key,)).fetchone()
        return orjson.loads(row[0]) if row else None

    def reports(self) -> dict[str, Any]:
        rows = self.conn.execute("SELECT key, value FROM reports ORDER BY key")
        return {k: orjson.loads(v) for k, v in rows}

    # -- events ----------------------------------------------------------------------------
    def log_event(self, kind: str, message: str, level: str = "info", **data: Any) -> None:
        self.conn.execute(
            "INSERT INTO events (ts, level, kind, message, data) VALUES (?, ?, ?, ?, ?)",
            (time.time(), level, kind, message, _dumps(data) if data else None),
        )

    def events(self, limit: int = 50) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT ts, level, kind, message, data FROM events ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [
            {"ts": ts, "level": lv, "kind": k, "message": m, "data": orjson.loads(d) if d else {}}
            for ts, lv, k, m, d in reversed(rows)
        ]

    # -- response cache (teachers) ---------------------------------------------------------
    def cache_get(self, key: str) -> Any:
        row = self.conn.execute("SELECT value FROM cache WHERE key=?", (key,)).fetchone()
        return orjson.loads(row[0]) if row else None

    def cache_put(self, items: Iterable[tuple[str, Any]]) -> None:
        """Store teacher responses (key, value) at once, outside batch transactions, so paid
        answers survive; one statement for the answer log's whole group commit."""
        now = time.time()
        self.conn.executemany("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)",
                              [(key, _dumps(value), now) for key, value in items])

    def _number(self, sql: str, args: tuple[object, ...] = ()) -> int:
        """The one integer a ``SELECT COUNT(...)`` query gives."""
        return int(self.conn.execute(sql, args).fetchone()[0])

    def cache_size(self) -> int:
        return self._number("SELECT COUNT(*) FROM cache")

    def cache_empty(self) -> bool:
        """Whether the cache holds nothing (one row read, where a count reads them all)."""
        return self.conn.execute("SELECT 1 FROM cache LIMIT 1").fetchone() is None

    # -- token usage -----------------------------------------------------------------------
    def add_usage(
        self,
        stage: str,
        teacher: str,
        *,
        requests: int = 0,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        cost: float = 0.0,
    ) -> None:
        self.conn.execute(
            "INSERT INTO usage VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(stage, teacher) DO UPDATE SET "
            "requests=requests+excluded.requests,"
            " prompt_tokens=prompt_tokens+excluded.prompt_tokens,"
            " completion_tokens=completion_tokens+excluded.completion_tokens,"
            " cost=cost+excluded.cost",
            (stage, teacher, requests, prompt_tokens, completion_tokens, cost),
        )

    def usage(self) -> list[dict[str, Any]]:
        cols = ("stage", "teacher", "requests", "prompt_tokens", "completion_tokens", "cost")
        rows = self.conn.execute(f"SELECT {', '.join(cols)} FROM usage ORDER BY stage, teacher")
        return [dict(zip(cols, r, strict=True)) for r in rows]

    # -- plan slots ------------------------------------------------------------------------
    # Slots are stored a page at a time (one row per SLOT_PAGE consecutive slots of a round:
    # their cells as JSON, each slot's cell and seed as packed integers), not a row per slot.
    def add_slots(self, slots: Iterable[Slot]) -> None:
        blocks = (slots.pages(SLOT_PAGE) if isinstance(slots, SlotBlock)
                  else _blocks_of(slots, SLOT_PAGE))
        rows = ((b.start, len(b), b.round, _dumps(b.cells), SlotBlock.little_endian(b.cell_of),
                 SlotBlock.little_endian(b.seeds)) for b in blocks)
        self.conn.executemany("INSERT INTO slot_pages VALUES (?, ?, ?, ?, ?, ?)", rows)

    def _migrate_slots(self) -> None:
        """A store written before slot pages keeps a row per slot: made pages once."""
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND "
                             "name='slots'").fetchone() is None:
            return
        rows = self.conn.execute(
            "SELECT idx, round, attributes, seed FROM slots ORDER BY idx").fetchall()
        with self.transaction():
            self.add_slots(Slot(idx, orjson.loads(attrs), seed, rnd)
                           for idx, rnd, attrs, seed in rows)
            self.conn.execute("DROP TABLE slots")

    def _slot_blocks(self, where: str = "", args: tuple[Any, ...] = ()) -> Iterator[SlotBlock]:
        """The pages (matching ``where``) in slot order, read one at a time."""
        first = -1
        while row := self.conn.execute(
                f"SELECT first, n, round, cells, cell_of, seeds FROM slot_pages WHERE first > ? "
                f"{where} ORDER BY first LIMIT 1", (first, *args)).fetchone():
            first, _, rnd, cells, cell_of, seeds = row
            yield SlotBlock(first, rnd, orjson.loads(cells),
                            SlotBlock.from_little_endian("I", cell_of),
                            SlotBlock.from_little_endian("q", seeds))

    def slot_count(self) -> int:
        return self._number("SELECT COALESCE(SUM(n), 0) FROM slot_pages")

    def max_round(self) -> int:
        row = self.conn.execute("SELECT MAX(round) FROM slot_pages").fetchone()
        return -1 if row[0] is None else row[0]

    def iter_slots(self, after: int) -> Iterator[Slot]:
        """Slots after index ``after`` in order, read page by page (no open cursor is held
        while the caller commits)."""
        # chained in C: a generator yielding slot by slot cost 2% of a run of no-op stages
        return chain.from_iterable(
            block.tail(max(0, after + 1 - block.start))
            for block in self._slot_blocks("AND first + n > ?", (after + 1,)))

    def slots_by_index(self, indexes: list[int]) -> list[Slot]:
        """The slots of ``indexes`` that were planned, in slot order."""
        wanted = sorted(set(indexes))
        found: list[Slot] = []
        for block in self._slot_blocks():
            end = block.start + len(block)
            lo, hi = bisect_left(wanted, block.start), bisect_left(wanted, end)
            found.extend(block[i - block.start] for i in wanted[lo:hi])
        return found

    def slot_cells(self) -> list[tuple[dict[str, Any], int]]:
        """How many slots were planned per attribute combination (all rounds)."""
        counts: Counter[bytes] = Counter()
        for block in self._slot_blocks():
            texts = [_dumps(c) for c in block.cells]
            for i, n in Counter(block.cell_of).items():
                counts[texts[i]] += n
        return [(orjson.loads(text), n) for text, n in counts.items()]

    # -- stage progress --------------------------------------------------------------------
    def ensure_progress(self, stage_index: int, name: str) -> StageProgress:
        self.conn.execute(
            "INSERT OR IGNORE INTO progress (stage_index, name) VALUES (?, ?)", (stage_index, name)
        )
        self._stage_ids[name] = stage_index
        return self.progress(stage_index)

    def progress(self, stage_index: int) -> StageProgress:
        row = self.conn.execute(
            "SELECT stage_index, name, cursor, n_in, n_out, n_rejected, n_failed, n_modified "
            "FROM progress WHERE stage_index=?",
            (stage_index,),
        ).fetchone()
        return StageProgress(*row)

    def count_rejected_at(self, stage: str) -> int:
        return self._number("SELECT COUNT(*) FROM records WHERE status != 'ok' AND "
                            "status='rejected' AND status_stage=?", (stage,))

    def all_progress(self) -> list[StageProgress]:
        rows = self.conn.execute(
            "SELECT stage_index, name, cursor, n_in, n_out, n_rejected, n_failed, n_modified "
            "FROM progress ORDER BY stage_index"
        )
        return [StageProgress(*r) for r in rows]

    # -- records ---------------------------------------------------------------------------
    def _producer_id(self, lineage: Lineage) -> int:
        # Stages share one producer dict across their records: look it up by identity first.
        fast = (lineage.spec_hash, lineage.stage, lineage.recipe, id(lineage.producer))
        hit = self._producer_fast.get(fast)
        if hit is not None and hit[0] is lineage.producer:
            return hit[1]
        key = _dumps(
            {"spec_hash": lineage.spec_hash, "stage": lineage.stage, "recipe": lineage.recipe,
             "producer": lineage.producer}
        ).decode()
        pid = self._producer_ids.get(key)
        if pid is None:
            self.conn.execute("INSERT OR IGNORE INTO producers (json) VALUES (?)", (key,))
            pid = self.conn.execute("SELECT id FROM producers WHERE json=?", (key,)).fetchone()[0]
            self._producer_ids[key] = pid
        self._producer_fast[fast] = (lineage.producer, pid)
        return pid

    def _producer(self, pid: int | None) -> dict[str, Any] | None:
        if pid is None:
            return None
        prod = self._producers.get(pid)
        if prod is None:
            row = self.conn.execute("SELECT json FROM producers WHERE id=?", (pid,)).fetchone()
            prod = orjson.loads(row[0])
            self._producers[pid] = prod
        return prod

    def commit_batch(self, result: BatchResult) -> None:
        """Persist a batch's records, verdicts and checkpoints in one transaction (exactly
        once). A new record whose id exists is ignored (a record is created once) unless the
        stored one failed: then the retry replaces it in place, keeping its ``seq``."""
        done = result.stage_done
        with self.transaction() as conn:
            new = result.new_records
            if new:
                self._insert_new(conn, new, done)
            if result.imported is not None:
                self._insert_imported(conn, result.imported, done)
            updated = result.updated_records
            if updated:
                _update_statuses(conn, updated, done)
                changed = []
                for r in updated:  # content changed in any way since it was read
                    if r.stored is None:
                        continue  # a status-only stand-in: its data is not the record's
                    raw = _dumps(r.data)
                    if raw != r.stored:
                        changed.append((raw, _dumps(r.originals) if r.originals else None,
                                        r.seq))
                        r.stored = raw
                if changed:
                    conn.executemany("UPDATE records SET data=?, originals=? WHERE seq=?",
                                     changed)
                # A record retried at a stage keeps one verdict there: the latest.
                conn.executemany("DELETE FROM verdicts WHERE record_seq=? AND stage=?",
                                 [(r.seq, r.retried_at) for r in updated if r.retried_at])
            both = [*new, *updated]
            # most batches carry no verdict, retry or rewrite: tested in C, not per record
            if any(map(_new_verdicts_of, both)):
                self._insert_verdicts(conn, both)
            if any(map(_retried_at_of, both)):
                _set_all(both, "retried_at", repeat(None))
            if any(map(_modified_by_of, both)):
                for rec in both:
                    rec.modified_by.clear()
            conn.executemany(
                "UPDATE progress SET n_in=n_in+?, n_out=n_out+?, n_rejected=n_rejected+?, "
                "n_failed=n_failed+?, n_modified=n_modified+? WHERE stage_index=?",
                [(*c.as_row(), i) for i, c in result.counters.items()],
            )
            if result.cursor is not None:
                conn.execute("UPDATE progress SET cursor=MAX(cursor, ?) WHERE stage_index=?",
                             result.cursor[::-1])
            faults.checkpoint(f"commit:{min(result.counters, default=-1)}:mid")
        faults.checkpoint(f"commit:{min(result.counters, default=-1)}:after")

    def _insert_verdicts(self, conn: sqlite3.Connection, records: list[Record]) -> None:
        """Insert the new verdicts of ``records``, in order, and clear them.

        A batch whose scores are all ``None`` or integers goes in as one statement
        (:func:`_insert`): binding each verdict's eight parameters was half of committing a
        dedup batch, which gives every record a verdict. A float score is bound as it is:
        SQLite reading it back from JSON text need not give the very same double."""
        columns: dict[str, list[Any]] = {name: [] for name in _VERDICT_COLUMNS}
        seq, stage_index, stage, check, passed, score, reason, details = columns.values()
        stage_ids = self._stage_ids
        for rec in records:
            for v in rec.new_verdicts:
                seq.append(rec.seq)
                stage_index.append(stage_ids.get(v.stage, -1))
                stage.append(v.stage)
                check.append(v.check)
                passed.append(int(v.passed))
                score.append(v.score)
                reason.append(v.reason)
                details.append(v.details or None)
            rec.new_verdicts.clear()
        if score.count(None) + list(map(type, score)).count(int) == len(score):
            _insert(conn, "verdicts", columns, ("details",))
            return
        conn.executemany(
            f"INSERT INTO verdicts ({', '.join(columns)}) VALUES (?,?,?,?,?,?,?,?)",
            [(*row[:7], _dumps(row[7]) if row[7] else None)
             for row in zip(*columns.values(), strict=True)])

    def _insert_new(self, conn: sqlite3.Connection, new: list[Record], done: int | None
                    ) -> None:
        """Insert a batch's new records, column by column. Fresh records get the next seqs; a
        retried record (seq already set) replaces its failed row in place.

        The columns are read with ``map`` (in C): a Python loop building a row per record was
        a fifth of a run of no-op stages. Content is serialized once for the whole batch
        (:func:`_insert`), so a fresh record's bytes are not kept: its ``stored`` is
        :data:`~synthloop.records.UNKEPT`, and should the same object be committed again,
        its data is written again."""
        n = len(new)
        pid, born, seed, parents = self._lineage_columns(new)
        originals = list(map(_originals_of, new))
        columns: dict[str, list[Any]] = {
            "seq": list(map(_seq_of, new)), "id": list(map(_id_of, new)),
            "data": list(map(_data_of, new)), "attributes": list(map(_attributes_of, new)),
            "producer_id": pid, "seed": seed, "parents": parents,
            "slot": list(map(_slot_of, new)), "born": born,
            "stage_done": born if done is None else [done] * n,
            "status": list(map(_status_of, new)),
            "status_stage": list(map(_status_stage_of, new)),
            "status_reason": list(map(_status_reason_of, new)),
            "originals": [o or None for o in originals] if any(originals) else [None] * n,
        }
        seqs = columns["seq"]
        if seqs.count(None) == n:
            del columns["seq"]
            first = self._insert_fresh(conn, columns)
            _set_all(new, "stored", repeat(UNKEPT, n))
            _set_all(new, "seq", range(first, first + n))
            return
        fresh = [i for i, q in enumerate(seqs) if q is None]
        first = self.max_seq() + 1
        retried = [i for i, q in enumerate(seqs) if q is not None]
        for offset, i in enumerate(fresh):
            seqs[i] = new[i].seq = first + offset
            new[i].stored = UNKEPT
        _insert(conn, "records", {k: [col[i] for i in fresh] for k, col in columns.items()},
                _JSON_COLUMNS)
        # A regenerated record is new content: the verdicts of its failed try go.
        conn.executemany("DELETE FROM verdicts WHERE record_seq=?", [(seqs[i],) for i in retried])
        rows = []
        for i in retried:
            rec = new[i]
            rec.stored = raw = _dumps(rec.data)
            rows.append((raw, pid[i], columns["stage_done"][i], rec.status, rec.status_stage,
                         rec.status_reason, _dumps(originals[i]) if originals[i] else None,
                         rec.seq))
        conn.executemany(
            "UPDATE records SET data=?, producer_id=?, stage_done=?, status=?, status_stage=?, "
            "status_reason=?, originals=? WHERE seq=? AND status='failed'", rows)

    def _insert_fresh(self, conn: sqlite3.Connection, columns: dict[str, list[Any]]) -> int:
        """Insert new records (``columns`` without ``seq``) as the next seqs; the first."""
        first = self.max_seq() + 1
        # SQLite gives each row the next rowid, max(seq) + 1: these very seqs (but from 1 in
        # an empty table, where seqs start at 0)
        if not first:
            columns = {"seq": list(range(len(next(iter(columns.values()))))), **columns}
        _insert(conn, "records", columns, _JSON_COLUMNS)
        return first

    def _insert_imported(self, conn: sqlite3.Connection, rows: ImportedRows, done: int | None
                         ) -> None:
        """Insert a source's rows as new records, column by column from the rows' own lists
        (:class:`ImportedRows`), and the verdicts of those that failed."""
        n = len(rows)
        pid, born, seed, parents = self._lineage_row(rows.lineage)
        status: list[Any] = [Status.OK] * n
        stage: list[Any] = [None] * n
        reason: list[Any] = [None] * n
        for i, rec in rows.failed.items():
            status[i], stage[i], reason[i] = rec.status, rec.status_stage, rec.status_reason
        rows.first_seq = self._insert_fresh(conn, {
            "id": rows.ids, "data": rows.data,
            "attributes": rows.attributes if rows.attributes is not None else [{}] * n,
            "producer_id": [pid] * n, "seed": [seed] * n, "parents": [parents] * n,
            "slot": rows.slots, "born": [born] * n,
            "stage_done": [born if done is None else done] * n,
            "status": status, "status_stage": stage, "status_reason": reason,
            "originals": [None] * n})
        if rows.failed:
            for i, rec in rows.failed.items():
                rec.seq, rec.stored = rows.first_seq + i, UNKEPT
            self._insert_verdicts(conn, list(rows.failed.values()))

    def _lineage_columns(self, records: list[Record]) -> tuple[list[Any], ...]:
        """The producer id, the stage it was born at, the seed and the parents of each record:
        worked out once per lineage (a batch's records mostly share one)."""
        lineages = list(map(_lineage_of, records))
        if lineages.count(lineages[0]) == len(lineages):
            return tuple([value] * len(records) for value in self._lineage_row(lineages[0]))
        rows: dict[int, tuple[Any, ...]] = {}
        for lin in lineages:
            if id(lin) not in rows:
                rows[id(lin)] = self._lineage_row(lin)
        return tuple(map(list, zip(*(rows[id(lin)] for lin in lineages), strict=True)))

    def _lineage_row(self, lin: Lineage | None) -> tuple[Any, ...]:
        if lin is None:
            return None, 0, None, None
        return (self._producer_id(lin), self._stage_ids.get(lin.stage, 0), lin.seed,
                lin.parents or None)

    def _attrs(self, raw: bytes) -> dict[str, Any]:
        """A fresh dict for the attribute text (stages may change it), decoded once."""
        hit = self._attrs_decoded.get(raw)
        if hit is None:
            if len(self._attrs_decoded) > 100_000:
                self._attrs_decoded.clear()
            hit = self._attrs_decoded[raw] = orjson.loads(raw)
        return dict(hit)

    def _row_to_record(self, row: tuple[Any, ...]) -> Record:
        seq, rid, data, attrs, pid, seed, parents, slot, done, status, sstage, sreason, orig = row
        prod = self._producer(pid)
        lineage = None
        if prod is not None:
            lineage = Lineage(
                spec_hash=prod["spec_hash"], stage=prod["stage"], recipe=prod["recipe"],
                seed=seed, parents=orjson.loads(parents) if parents else [],
                producer=prod["producer"],
            )
        return Record(
            id=rid, data=orjson.loads(data), attributes=self._attrs(attrs), lineage=lineage,
            status=_STATUS[status], status_stage=sstage, status_reason=sreason, seq=seq,
            slot=slot, stage_done=done,
            originals=originals_from(orjson.loads(orig)) if orig else {},
            stored=data if isinstance(data, bytes) else data.encode(),
        )

    def iter_records(
        self,
        *,
        status: Status | Iterable[Status] | None = None,
        after: int = -1,
        until: int | None = None,
        status_stage: str | None = None,
        pending_for: int | None = None,
        batch_size: int = 1000,
        with_verdicts: bool = False,
        limit: int | None = None,
        stand_ins: bool = False,
        data: bool = True,
    ) -> Iterator[Record]:
        """Stream records in ``seq`` order, one page at a time (memory stays flat).

        ``stand_ins``: status-only stand-ins (id, seq, data, status and ``stage_done``; no
        lineage, attributes, originals or slot; ``stored`` None, so a commit writes their
        status and verdicts, never their data): what a stage that only decides reads.
        Building whole records was most of reading them. ``data`` False leaves a stand-in's
        data empty: what a stage deciding by id alone reads."""
        where = ["seq > ?"]
        base: list[Any] = []
        if status is not None:
            statuses = [status] if isinstance(status, Status) else list(status)
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            base.extend(s.value for s in statuses)
        if status_stage is not None:
            where.append("status_stage = ?")
            base.append(status_stage)
        if until is not None:
            where.append("seq <= ?")
            base.append(until)
        if pending_for is not None:  # live records that stage has not processed yet
            where.append("status = 'ok' AND stage_done < ?")
            base.append(pending_for)
        columns, build = RECORD_COLUMNS, self._row_to_record
        if stand_ins:
            columns, build = _STAND_IN_COLUMNS if data else _STATUS_COLUMNS, _stand_in
        sql = (f"SELECT {columns} FROM records WHERE {' AND '.join(where)} "
               "ORDER BY seq LIMIT ?")
        cursor = after
        remaining = limit
        while remaining is None or remaining > 0:
            page = batch_size if remaining is None else min(batch_size, remaining)
            rows = self.conn.execute(sql, (cursor, *base, page)).fetchall()
            if not rows:
                return
            records = list(map(build, rows))
            if with_verdicts:
                self._attach_verdicts(records)
            yield from records
            cursor = rows[-1][0]
            if remaining is not None:
                remaining -= len(rows)
            if len(rows) < page:
                return

    def iter_content(self, status: Iterable[Status] | None = None) -> Iterator[Content]:
        """(id, data, attributes, status, reason) of records in ``seq`` order, without building
        Records (lineage, originals, verdicts): what an export writes. Building Records was
        two thirds of exporting 30,000 of them."""
        where, args = _status_filter(status)
        loads, attrs = orjson.loads, self._attrs
        for rid, data, attributes, st, reason in self.conn.execute(
                f"SELECT id, data, attributes, status, status_reason FROM records {where}"
                "ORDER BY seq", args):
            yield Content(rid, loads(data), attrs(attributes), _STATUS[st], reason)

    def iter_stored(self, status: Iterable[Status] | None = None
                    ) -> Iterator[tuple[str, bytes, bytes]]:
        """(id, data, attributes) of records in ``seq`` order, the content as the stored JSON
        text (compact, keys sorted: what ``_dumps`` writes), decoding nothing: what an export
        that copies the text reads."""
        where, args = _status_filter(status)
        for rid, data, attributes in self.conn.execute(
                f"SELECT id, data, attributes FROM records {where}ORDER BY seq", args):
            # the content columns hold bytes; a store written before they did holds text
            yield (rid, data if isinstance(data, bytes) else data.encode(),
                   attributes if isinstance(attributes, bytes) else attributes.encode())

    def sample_data(self, every: int = 1) -> Iterator[tuple[Status, dict[str, Any]]]:
        """Status and data of every ``every``-th record in ``seq`` order, without building
        records (lineage, attributes, originals): what a report's length sample reads."""
        rows = self.conn.execute("SELECT status, data FROM records WHERE seq % ? = 0 "
                                 "ORDER BY seq", (every,))  # seqs run 0, 1, ... unbroken
        for status, data in rows:
            yield _STATUS[status], orjson.loads(data)

    def _attach_verdicts(self, records: list[Record]) -> None:
        by_seq = {r.seq: r for r in records}
        marks = ",".join("?" * len(by_seq))
        rows = self.conn.execute(
            f"SELECT record_seq, stage, check_name, passed, score, reason, details FROM verdicts "
            f"WHERE record_seq IN ({marks}) ORDER BY rowid",
            list(by_seq),
        )
        for seq, stage, check, passed, score, reason, details in rows:
            by_seq[seq].verdicts.append(
                Verdict(stage=stage, check=check, passed=bool(passed), score=score, reason=reason,
                        details=orjson.loads(details) if details else None))

    def count(self, status: Status | None = None) -> int:
        """Records of ``status`` (all without), counted from ``records_not_ok`` and the id
        index: ``status != 'ok'`` is written out so SQLite picks that partial index."""
        if status is None:
            return self._number("SELECT COUNT(*) FROM records")
        if status is Status.OK:
            return self._number("SELECT (SELECT COUNT(*) FROM records) - "
                                "(SELECT COUNT(*) FROM records WHERE status != 'ok')")
        return self._number("SELECT COUNT(*) FROM records WHERE status != 'ok' AND status=?",
                            (status.value,))

    def count_pending(self, stage_index: int, after: int = -1) -> int:
        """Live records a stage has not processed yet; of those, only the ones after seq
        ``after`` (a corpus stage that decided every record up to it as a whole marks only
        those it rejected, so the ones it kept still read ``stage_done`` below it)."""
        return self._number(
            "SELECT COUNT(*) FROM records WHERE status='ok' AND stage_done < ? AND seq > ?",
            (stage_index, after))

    def max_seq(self) -> int:
        row = self.conn.execute("SELECT MAX(seq) FROM records").fetchone()
        return -1 if row[0] is None else row[0]

    def attribute_counts(self, status: Status = Status.OK) -> list[tuple[dict[str, Any], int]]:
        rows = self.conn.execute(
            "SELECT attributes, COUNT(*) FROM records WHERE status=? GROUP BY attributes",
            (status.value,),
        )
        return [(orjson.loads(a), n) for a, n in rows]

    def rejection_reasons(self, stage: str, limit: int = 5) -> list[tuple[str, int, str]]:
        """Top failed checks of a stage: (check, count, an example reason)."""
        return self.conn.execute(
            "SELECT check_name, COUNT(*), MIN(reason) FROM verdicts "
            "WHERE stage=? AND passed=0 GROUP BY check_name ORDER BY COUNT(*) DESC, "
            "check_name LIMIT ?",
            (stage, limit),
        ).fetchall()

    def outcome_reasons(self) -> Iterator[tuple[dict[str, Any], Status, str | None,
                                                str | None, str | None]]:
        """(attributes, status, stage, reason, failed check) of every record not accepted;
        the check is the first failed verdict of the stage that decided it."""
        rows = self.conn.execute(
            "SELECT r.attributes, r.status, r.status_stage, r.status_reason, "
            "(SELECT v.check_name FROM verdicts v WHERE v.record_seq=r.seq AND v.passed=0 "
            "AND v.stage=r.status_stage ORDER BY v.rowid LIMIT 1) "
            "FROM records r WHERE r.status != 'ok' ORDER BY r.seq")
        for attrs, status, stage, reason, check in rows:
            yield self._attrs(attrs), _STATUS[status], stage, reason, check

    def round_failures(self, round_: int) -> tuple[int, list[tuple[str | None, str | None]]]:
        """Records made from round ``round_``'s slots, and (stage, reason) of those failed."""
        ranges = self.conn.execute("SELECT first, first + n FROM slot_pages WHERE round = ? "
                                   "ORDER BY first", (round_,)).fetchall()
        if not ranges:
            return 0, []
        merged = [list(ranges[0])]
        for lo, hi in ranges[1:]:
            if lo == merged[-1][1]:
                merged[-1][1] = hi
            else:
                merged.append([lo, hi])
        rows = self.conn.execute(
            "SELECT status, status_stage, status_reason FROM records WHERE "
            + " OR ".join(["(slot >= ? AND slot < ?)"] * len(merged)),
            [bound for pair in merged for bound in pair]).fetchall()
        return len(rows), [(stage, reason) for status, stage, reason in rows
                           if status == Status.FAILED.value]

    def live_cells(self) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """(seq, id, attributes) of accepted records in order, without decoding their data."""
        last = -1
        while rows := self.conn.execute(
            "SELECT seq, id, attributes FROM records WHERE status='ok' AND seq > ? ORDER BY seq "
            "LIMIT 5000", (last,)).fetchall():
            for seq, rid, attrs in rows:
                yield seq, rid, self._attrs(attrs)
            last = rows[-1][0]


    # -- what the report and the dataset card show ------------------------------------------
    def rejected_examples(self, stage: str, check: str, limit: int
                          ) -> list[tuple[str, str | None, dict[str, Any]]]:
        """(id, reason, data) of the first records ``check`` of ``stage`` rejected."""
        rows = self.conn.execute(
            "SELECT r.id, v.reason, r.data FROM verdicts v JOIN records r ON r.seq = "
            "v.record_seq WHERE v.stage=? AND v.check_name=? AND v.passed=0 "
            "ORDER BY v.record_seq LIMIT ?", (stage, check, limit))
        return [(rid, reason, orjson.loads(data)) for rid, reason, data in rows]

    def verdict_scores(self, limit: int) -> Iterator[tuple[str, float]]:
        """(check, score) of verdicts that carry a score, at most ``limit``."""
        for check, score in self.conn.execute(
                "SELECT check_name, score FROM verdicts WHERE score IS NOT NULL LIMIT ?",
                (limit,)):
            yield check, float(score)

    def verdict_hits(self, stages: list[str]) -> list[tuple[str, str, int, str | None]]:
        """(stage, check, records, an example reason) of the rejections and of the passing
        verdicts with a reason (a hit that was fixed, as a redaction) of ``stages``."""
        if not stages:
            return []
        return self.conn.execute(
            f"SELECT stage, check_name, COUNT(*), MIN(reason) FROM verdicts WHERE stage IN "
            f"({','.join('?' * len(stages))}) AND (passed=0 OR reason != '') GROUP BY stage, "
            "check_name ORDER BY stage, COUNT(*) DESC", stages).fetchall()

    def accepted_per_producer(self) -> list[tuple[dict[str, Any], int]]:
        """(producer, accepted records) per producer, in the order producers appeared."""
        rows = self.conn.execute(
            "SELECT p.json, COUNT(*) FROM records r JOIN producers p ON p.id = r.producer_id "
            "WHERE r.status = 'ok' GROUP BY p.id ORDER BY p.id")
        return [(orjson.loads(raw), n) for raw, n in rows]

    def check_passes(self, stage_like: str) -> dict[int, bool]:
        """seq -> whether the record passed every check of the stages whose name matches the
        SQL pattern ``stage_like``; quarantines (``.failed``) are not judgements."""
        rows = self.conn.execute(
            "SELECT record_seq, MIN(passed) FROM verdicts WHERE stage LIKE ? AND "
            "check_name NOT LIKE '%.failed' GROUP BY record_seq", (stage_like,))
        return {seq: bool(ok) for seq, ok in rows}

    # -- human review (see synthloop.validate.human.decisions) -----------------------------
    def review_content(self, seq: int) -> tuple[str, str | None, dict[str, Any], Any] | None:
        """(status, status stage, data, originals as stored) of one record, None if none."""
        row = self.conn.execute("SELECT status, status_stage, data, originals FROM records "
                                "WHERE seq=?", (seq,)).fetchone()
        if row is None:
            return None
        status, stage, data, originals = row
        return status, stage, orjson.loads(data), orjson.loads(originals) if originals else None

    def set_content(self, seq: int, data: dict[str, Any], originals: Any) -> None:
        """Replace a record's data and originals (a human edit, or its undo)."""
        self.conn.execute("UPDATE records SET data=?, originals=? WHERE seq=?",
                          (_dumps(data), _dumps(originals) if originals else None, seq))

    def add_decision(self, seq: int, reviewer: str, action: str, reason: str | None,
                     verdict: tuple[str, str, bool, str], diff: Any, before: Any) -> int:
        """A human decision and its verdict (stage, check, passed, reason); its id."""
        stage, check, passed, why = verdict
        cur = self.conn.execute(
            "INSERT INTO verdicts (record_seq, stage_index, stage, check_name, passed, "
            "reason) VALUES (?, -1, ?, ?, ?, ?)", (seq, stage, check, int(passed), why))
        cur = self.conn.execute(
            "INSERT INTO human_decisions (ts, reviewer, record_seq, action, reason, diff, "
            "before, verdict_rowid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (time.time(), reviewer, seq, action, reason, _dumps(diff) if diff else None,
             _dumps(before), cur.lastrowid))
        return int(cur.lastrowid or 0)

    def last_decision(self, reviewer: str) -> tuple[int, int, str, str | None, Any] | None:
        """(id, seq, action, reason, before) of the reviewer's latest standing decision."""
        row = self.conn.execute(
            "SELECT id, record_seq, action, reason, before FROM human_decisions WHERE "
            "reviewer=? AND undone=0 ORDER BY id DESC LIMIT 1", (reviewer,)).fetchone()
        return None if row is None else (*row[:4], orjson.loads(row[4]))

    def undo_decision(self, decision_id: int) -> None:
        """Mark a decision undone and delete its verdict."""
        self.conn.execute("DELETE FROM verdicts WHERE rowid=(SELECT verdict_rowid FROM "
                          "human_decisions WHERE id=?)", (decision_id,))
        self.conn.execute("UPDATE human_decisions SET undone=1 WHERE id=?", (decision_id,))

    def record_status(self, seq: int) -> tuple[str, str | None]:
        """(status, status stage) of one record."""
        status, stage = self.conn.execute("SELECT status, status_stage FROM records WHERE "
                                          "seq=?", (seq,)).fetchone()
        return status, stage

    def set_status(self, seq: int, status: Status, stage: str | None, reason: str | None
                   ) -> None:
        self.conn.execute("UPDATE records SET status=?, status_stage=?, status_reason=? "
                          "WHERE seq=?", (status.value, stage, reason, seq))

    def decisions(self, seq: int | None = None
                  ) -> list[tuple[int, float, str, int, str, str | None, Any]]:
        """(id, ts, reviewer, seq, action, reason, diff) of the standing decisions, in order;
        of one record with ``seq``."""
        where, args = ("AND record_seq=?", (seq,)) if seq is not None else ("", ())
        rows = self.conn.execute(
            "SELECT id, ts, reviewer, record_seq, action, reason, diff FROM human_decisions "
            f"WHERE undone=0 {where} ORDER BY id", args)
        return [(*row[:6], orjson.loads(row[6]) if row[6] else None) for row in rows]

    def decision_count(self) -> int:
        return self._number("SELECT COUNT(*) FROM human_decisions WHERE undone=0")

    def review_counts(self, stage: str) -> tuple[int, int, int]:
        """(reviewed, rejected, edited): records with a standing decision that were live
        before review, records rejected at ``stage``, and records edited."""
        reviewed = self._number(
            "SELECT COUNT(DISTINCT d.record_seq) FROM human_decisions d JOIN records r "
            "ON r.seq = d.record_seq WHERE d.undone=0 AND (r.status='ok' OR r.status_stage=?)",
            (stage,))
        edited = self._number("SELECT COUNT(DISTINCT record_seq) FROM human_decisions "
                              "WHERE undone=0 AND action='edit'")
        return reviewed, self.count_rejected_at(stage), edited

    def verdict_facets(self, excluded_stage: str) -> tuple[list[str], list[str]]:
        """The stages and the check codes of the verdicts, but those of ``excluded_stage``."""
        stages = [s for (s,) in self.conn.execute(
            "SELECT DISTINCT stage FROM verdicts WHERE stage != ? ORDER BY stage",
            (excluded_stage,))]
        checks = [c for (c,) in self.conn.execute(
            "SELECT DISTINCT check_name FROM verdicts WHERE stage != ? ORDER BY check_name",
            (excluded_stage,))]
        return stages, checks

    # -- batch requests (teachers/openai_batch.py) -----------------------------------------
    def batch_of(self, custom_id: str) -> str | None:
        row = self.conn.execute("SELECT batch_id FROM batch_requests WHERE custom_id=?",
                                (custom_id,)).fetchone()
        return row[0] if row else None

    def add_batch(self, batch_id: str, custom_ids: list[str]) -> None:
        """Record a submitted batch's requests, committed before returning."""
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO batch_requests VALUES (?, ?)",
                             [(cid, batch_id) for cid in custom_ids])

    def forget_batch(self, batch_id: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM batch_requests WHERE batch_id=?", (batch_id,))


def _blocks_of(slots: Iterable[Slot], size: int) -> Iterator[SlotBlock]:
    """Slot objects as blocks of at most ``size`` consecutive slots of one round."""
    block: SlotBlock | None = None
    index: dict[bytes, int] = {}
    for s in slots:
        if (block is None or len(block) == size or s.round != block.round
                or s.index != block.start + len(block)):
            if block is not None:
                yield block
            block, index = SlotBlock(s.index, s.round, [], array("I"), array("q")), {}
        text = _dumps(s.attributes)
        at = index.get(text)
        if at is None:
            at = index[text] = len(block.cells)
            block.cells.append(orjson.loads(text))
        block.cell_of.append(at)
        block.seeds.append(s.seed)
    if block is not None:
        yield block


def _status_filter(status: Iterable[Status] | None) -> tuple[str, list[str]]:
    """The ``WHERE`` clause (empty, or ending in a space) and its arguments that keep the
    records of ``status`` (None: all)."""
    if status is None:
        return "", []
    args = [s.value for s in status]
    return f"WHERE status IN ({','.join('?' * len(args))}) ", args


def _insert(conn: sqlite3.Connection, table: str, columns: dict[str, list[Any]],
            json_columns: Collection[str] = ()) -> None:
    """``INSERT`` the rows whose values ``columns`` holds (column name -> one value per row)
    with one statement: the values that differ go in as one JSON array of rows, which
    SQLite's ``json_each`` unpacks, and each column that holds the same ``NULL``, integer or
    status in every row is written into the statement once. A column of ``json_columns``
    holds objects stored as their JSON text (as a blob, what ``_dumps`` makes of them).

    Python's sqlite3 binds every parameter of every row, and for a small row that costs as
    much as SQLite's own insert; serializing each record's content apart cost as much again
    (``benchmarks/pipeline_overhead.py``). One ``orjson`` call for the batch and SQLite's
    JSON reader in C cost a fraction of either: SQLite renders each element as the compact
    text it was given, so the stored bytes are those ``_dumps`` would have made."""
    n = len(next(iter(columns.values())))
    if not n:
        return
    values: list[str] = []
    varying: list[list[Any]] = []
    for name, column in columns.items():
        literal = _literal(column, name in json_columns) if n > 1 else None
        if literal is None:
            value = f"json_extract(value, '$[{len(varying)}]')"
            values.append(f"CAST({value} AS BLOB)" if name in json_columns else value)
            varying.append(column)
        else:
            values.append(literal)
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
           "FROM json_each(CAST(? AS TEXT))")
    _insert_rows(conn, sql, list(zip(*varying, strict=True)) if varying else [()] * n)


def _update_statuses(conn: sqlite3.Connection, records: list[Record], done: int | None
                     ) -> None:
    """Write each record's status, stage and reason (and ``done`` as its ``stage_done``).

    Records sharing all three (a batch's passed records: most of it) are written by one
    statement over their seqs as a JSON array; binding five parameters a record was a third
    of committing a dedup batch. The others are bound a row each, and so is a batch naming
    a record twice (the last of its rows wins, as it always did)."""
    sql = ("UPDATE records SET status=?, status_stage=?, status_reason=?, "
           "stage_done=COALESCE(?, stage_done) WHERE ")
    keys = list(zip(map(_status_of, records), map(_status_stage_of, records),
                    map(_status_reason_of, records), strict=True))
    seqs = list(map(_seq_of, records))
    common: tuple[Any, ...] | None = None
    if len(set(seqs)) == len(seqs):
        common, n = Counter(keys).most_common(1)[0]
        if n > 1:
            shared = [q for key, q in zip(keys, seqs, strict=True) if key == common]
            conn.execute(sql + "seq IN (SELECT value FROM json_each(?))",
                         (*common, done, _dumps(shared).decode()))
        else:
            common = None
    conn.executemany(sql + "seq=?", [(*key, done, q) for key, q in zip(keys, seqs, strict=True)
                                     if key != common])


def _insert_rows(conn: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Run ``sql`` over ``rows`` given as one JSON text, in halves while that text is longer
    than SQLite takes (a string of at most ``SQLITE_LIMIT_LENGTH`` bytes, a billion by
    default).

    The text is bound as the UTF-8 bytes ``orjson`` made, which ``sql`` casts to text (the
    same bytes, in a UTF-8 database): bound as a ``str`` it was decoded and then encoded
    again, 20 ms of the 0.28 s it took to insert the neardup benchmark's 31,500 rows."""
    text = _dumps(rows)
    if len(text) > conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) and len(rows) > 1:
        half = len(rows) // 2
        _insert_rows(conn, sql, rows[:half])
        _insert_rows(conn, sql, rows[half:])
        return
    conn.execute(sql, (text,))


def _literal(column: list[Any], json: bool = False) -> str | None:
    """The SQL of a column whose every value is one ``None``, integer or status, or (a
    ``json`` column) an empty object, or whose integers count up by one (each row's position
    in :func:`_insert`'s array plus the first); ``None`` when it must be bound (types are
    compared too: ``1`` equals ``1.0``)."""
    first = column[0]
    kind = type(first)
    if kind is int and column[-1] == first + len(column) - 1 != first:
        # a batch's slots, and seqs from 0: an extract a row fewer (20 ms of the neardup
        # benchmark's 31,500-row import)
        if (column == list(range(first, first + len(column)))
                and list(map(type, column)).count(int) == len(column)
                and -(2**63) <= first and column[-1] < 2**63):
            return f"(key + {first})"
        return None
    if json and kind is dict and not first:
        # the blob ``_dumps`` makes of it: a source's records without attributes took a JSON
        # value and an extract a row (30 ms of the neardup benchmark's 31,500-row import)
        return "X'7B7D'" if column.count(first) == len(column) else None
    if kind not in _FOLDABLE or column[-1] != first or column.count(first) != len(column):
        return None
    # Only an integer equals values that bind otherwise (1.0, True): the others' equals are
    # None itself and the status's text. A set of every column's types cost
    # 575 ns a record, 4% of a run of no-op stages; the integers' types counted cost 40 ns.
    if kind is int and list(map(type, column)).count(int) != len(column):
        return None
    if first is None:
        return "NULL"
    if kind is Status:
        return f"'{first.value}'"
    return str(first) if -(2**63) <= first < 2**63 else None


def _set_all(records: list[Record], attribute: str, values: Iterable[Any]) -> None:
    """Set ``attribute`` of each record to its value, in C (``deque`` drains the ``map``)."""
    deque(map(setattr, records, repeat(attribute), values), maxlen=0)


# A partial, not a function: called per value through map without a Python frame.
_dumps = partial(orjson.dumps, option=orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY)
_data_of, _attributes_of = attrgetter("data"), attrgetter("attributes")
_id_of, _seq_of, _slot_of = attrgetter("id"), attrgetter("seq"), attrgetter("slot")
_lineage_of, _originals_of = attrgetter("lineage"), attrgetter("originals")
_status_of, _status_stage_of = attrgetter("status"), attrgetter("status_stage")
_status_reason_of = attrgetter("status_reason")
_new_verdicts_of, _retried_at_of = attrgetter("new_verdicts"), attrgetter("retried_at")
_modified_by_of = attrgetter("modified_by")


def _stand_in(row: tuple[Any, ...]) -> Record:
    """A status-only stand-in of a row of :data:`_STAND_IN_COLUMNS` or :data:`_STATUS_COLUMNS`
    (``stored`` None: its data is never written back)."""
    seq, rid, data, done, status, stage, reason = row
    return Record(rid, orjson.loads(data), status=_STATUS[status], status_stage=stage,
                  status_reason=reason, seq=seq, stage_done=done)
