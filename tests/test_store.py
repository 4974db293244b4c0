"""The run store persists what a stage changed in a record it read, however it changed it."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from array import array
from pathlib import Path
from typing import Any

import pytest

from synthloop import store as store_module
from synthloop.records import (
    Lineage,
    Record,
    Slot,
    SlotBlock,
    Status,
    Verdict,
    id_maker,
    make_id,
)
from synthloop.store import BatchResult, RunStore


def test_content_changed_in_place_reaches_the_store(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.db")
    store.commit_batch(BatchResult(new_records=[
        Record(id="a", data={"instruction": "x", "evolution": []}),
        Record(id="b", data={"instruction": "y"})]))
    a, b = store.iter_records()
    a.data["evolution"].append({"round": 1})  # a nested list grown in place
    a.data["instruction"] = "x, harder"
    store.commit_batch(BatchResult(updated_records=[a, b]))
    stored = {r.id: r.data for r in RunStore(tmp_path / "run.db").iter_records()}
    assert stored == {"a": {"instruction": "x, harder", "evolution": [{"round": 1}]},
                      "b": {"instruction": "y"}}


def test_a_stand_in_without_content_changes_only_the_status(tmp_path: Path) -> None:
    """A record built to carry a verdict (the balance step's surplus) holds no content: the
    store keeps the stored data."""
    store = RunStore(tmp_path / "run.db")
    store.commit_batch(BatchResult(new_records=[Record(id="a", data={"question": "q"})]))
    [stored] = store.iter_records()
    stand_in = Record(id="a", data={}, seq=stored.seq)
    stand_in.add_verdict("plan.balance", "plan.balance.over_target", False, "surplus")
    store.commit_batch(BatchResult(updated_records=[stand_in]))
    [after] = RunStore(tmp_path / "run.db").iter_records()
    assert (after.data, after.status.value) == ({"question": "q"}, "rejected")


def test_stand_ins_read_id_seq_data_and_status_and_write_back_status_only(
        tmp_path: Path) -> None:
    """What a deciding corpus stage reads: no lineage, attributes or originals are built, and
    a commit of a stand-in keeps the stored content whatever was done to its data."""
    store = RunStore(tmp_path / "run.db")
    lineage = Lineage(spec_hash="h", stage="source", recipe="source", producer={"p": 1})
    store.commit_batch(BatchResult(new_records=[
        Record(id="a", data={"question": "q"}, attributes={"skill": "s"}, lineage=lineage),
        Record(id="b", data={"question": "r"})], stage_done=0))
    a, b = store.iter_records(stand_ins=True)
    assert (a.id, a.seq, a.data, a.status, a.stage_done) == ("a", 0, {"question": "q"},
                                                              Status.OK, 0)
    assert (a.lineage, a.attributes, a.stored, b.seq) == (None, {}, None, 1)
    a.data["question"] = "changed"
    a.add_verdict("curate.dedup", "curate.dedup.near_duplicate", False, "dup of b")
    store.commit_batch(BatchResult(updated_records=[a, b], stage_done=1))
    after = {r.id: r for r in RunStore(tmp_path / "run.db").iter_records()}
    assert after["a"].data == {"question": "q"} and after["a"].lineage == lineage
    assert (after["a"].status, after["a"].status_reason) == (Status.REJECTED, "dup of b")
    assert (after["a"].attributes, after["b"].stage_done) == ({"skill": "s"}, 1)
    a, b = store.iter_records(stand_ins=True, data=False)
    assert (a.id, a.seq, a.data, a.status, b.stage_done) == ("a", 0, {}, Status.REJECTED, 1)


def test_a_batch_of_verdicts_is_one_statement_and_stores_what_binding_stores(
        tmp_path: Path) -> None:
    """A dedup batch gives every record a verdict: they go in as one statement, with the
    values and types binding each would store; a float score is bound (its exact double)."""
    store = RunStore(tmp_path / "run.db")
    store.commit_batch(BatchResult(new_records=[Record(id=f"r{i}", data={"q": i})
                                                for i in range(4)]))
    records = list(store.iter_records(stand_ins=True))
    shapes = [("a.ok", True, None, "", None),
              ("a.dup", False, 2, "of r0 ✓", {"z": 1, "a": [1.5]}),
              ("a.ok", True, None, "ok", {}), ("a.dup", False, None, "x", {"k": "é"})]
    for rec, (check, passed, score, reason, details) in zip(records, shapes, strict=True):
        rec.new_verdicts.append(Verdict(stage="a", check=check, passed=passed, score=score,
                                        reason=reason, details=details))
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.commit_batch(BatchResult(updated_records=records, stage_done=1))
    store.conn.set_trace_callback(None)
    assert sum("INSERT INTO verdicts" in sql for sql in statements) == 1
    bound = sqlite3.connect(":memory:")
    bound.execute("CREATE TABLE verdicts (record_seq INTEGER NOT NULL, stage_index INTEGER NOT "
                  "NULL, stage TEXT NOT NULL, check_name TEXT NOT NULL, passed INTEGER NOT NULL, "
                  "score REAL, reason TEXT, details TEXT)")
    bound.executemany("INSERT INTO verdicts VALUES (?,?,?,?,?,?,?,?)", [
        (seq, -1, "a", check, int(passed), score, reason,
         store_module._dumps(details) if details else None)
        for seq, (check, passed, score, reason, details) in enumerate(shapes)])
    typed = ("SELECT record_seq, stage_index, stage, check_name, passed, score, typeof(score), "
             "reason, typeof(reason), details, typeof(details) FROM verdicts ORDER BY rowid")
    assert store.conn.execute(typed).fetchall() == bound.execute(typed).fetchall()
    [rec] = store.iter_records(after=0, limit=1, stand_ins=True)
    rec.new_verdicts.append(Verdict(stage="a", check="a.score", passed=True, score=0.1 + 0.2))
    store.commit_batch(BatchResult(updated_records=[rec]))
    assert store.conn.execute("SELECT score FROM verdicts WHERE check_name='a.score'"
                              ).fetchone()[0] == 0.1 + 0.2


def test_statuses_shared_by_a_batch_are_one_statement_and_the_last_row_of_a_record_wins(
        tmp_path: Path) -> None:
    """The passed records of a batch are one UPDATE, a rejected one its own; a record given
    twice in a batch ends as its last copy says, as binding row by row left it."""
    store = RunStore(tmp_path / "run.db")
    store.commit_batch(BatchResult(new_records=[Record(id=f"r{i}", data={"q": i})
                                                for i in range(5)], stage_done=0))
    records = list(store.iter_records(stand_ins=True, data=False))
    records[3].add_verdict("d", "d.dup", False, "dup of r0")
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.commit_batch(BatchResult(updated_records=records, stage_done=1))
    store.conn.set_trace_callback(None)
    assert sum(sql.startswith("UPDATE records SET status") for sql in statements) == 2
    twice = Record(id="r1", data={}, seq=1, status=Status.REJECTED, status_stage="e",
                   status_reason="late")
    store.commit_batch(BatchResult(updated_records=[records[1], records[2], twice],
                                   stage_done=2))
    rows = store.conn.execute("SELECT status, status_stage, status_reason, stage_done FROM "
                              "records ORDER BY seq").fetchall()
    assert rows == [("ok", None, None, 1), ("rejected", "e", "late", 2), ("ok", None, None, 2),
                    ("rejected", "d", "dup of r0", 1), ("ok", None, None, 1)]


def test_columns_the_same_in_a_batch_are_stored_like_those_that_differ(tmp_path: Path) -> None:
    """A batch's insert writes its shared values once into the statement (the status, a seed
    of None, the producer); each record still reads back with its own values."""
    store = RunStore(tmp_path / "run.db")
    lineage = Lineage(spec_hash="h", stage="gen", recipe="r", seed=7)
    rejected = Record(id="c", data={"q": 3}, slot=2, lineage=lineage)
    rejected.add_verdict("gen", "gen.empty", False, "no answer")
    store.commit_batch(BatchResult(new_records=[
        Record(id="a", data={"q": 1}, slot=0, lineage=lineage),
        Record(id="b", data={"q": 2}, slot=1, lineage=Lineage(spec_hash="h", stage="gen",
                                                              recipe="r", seed=True)),
        rejected]))
    rows = [(r.id, r.seq, r.slot, r.status.value, r.status_reason, r.lineage and r.lineage.seed)
            for r in RunStore(tmp_path / "run.db").iter_records()]
    assert rows == [("a", 0, 0, "ok", None, 7), ("b", 1, 1, "ok", None, 1),
                    ("c", 2, 2, "rejected", "no answer", 7)]


def test_a_folded_column_stores_the_values_and_types_a_bound_one_would() -> None:
    """Equal is not enough to fold a column into the statement: 1.0 and True equal 1 but
    bind as a real and an integer; None and a status fold whatever their equals. A JSON
    column stores each object's JSON text as a blob, folded when every row's is empty."""
    columns: dict[str, list[object]] = {
        "a": [1, 1.0], "b": [7, 7], "c": [None, None], "d": [{"z": 1, "a": [2.5]}, {}],
        "e": [Status.OK, "ok"], "f": [0, False], "g": [{}, {}], "h": [5, 6], "i": [5, 6.0]}
    json_columns = {"d", "g"}
    assert [store_module._literal(c, k in json_columns) for k, c in columns.items()] == [
        None, "7", "NULL", None, "'ok'", None, "X'7B7D'", "(key + 5)", None]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a, b, c, d, e, f, g, h, i)")
    store_module._insert(conn, "t", columns, json_columns=json_columns)
    rows = conn.execute("SELECT typeof(a), a, b, c, typeof(d), d, e, f, typeof(g), g, h, "
                        "typeof(i), i FROM t").fetchall()
    assert rows == [
        ("integer", 1, 7, None, "blob", b'{"a":[2.5],"z":1}', "ok", 0, "blob", b"{}", 5,
         "integer", 5),
        ("real", 1.0, 7, None, "blob", b"{}", "ok", 0, "blob", b"{}", 6, "real", 6.0)]


def test_content_is_stored_as_the_bytes_its_own_serialization_makes(tmp_path: Path) -> None:
    """A batch is serialized whole and unpacked by SQLite: each record's data is still the
    very bytes ``_dumps`` makes of it alone (escapes, non-ASCII text, numbers as written)."""
    data = [{"q": 'a "quoted"\\ line\nbreak\ttab \u0001', "é": "naïve 日本 \U0001f600"},
            {"n": [1e16, -0.0, 2.5e-8, 12345678901234567, True, None],
             "nested": {"b": {}, "a": []}}]
    store = RunStore(tmp_path / "run.db")
    store.commit_batch(BatchResult(new_records=[Record(id=str(i), data=d, attributes={"k": i})
                                                for i, d in enumerate(data)]))
    rows = store.conn.execute("SELECT data, attributes FROM records ORDER BY seq").fetchall()
    assert rows == [(store_module._dumps(d), store_module._dumps({"k": i}))
                    for i, d in enumerate(data)]
    assert [r.data for r in store.iter_records()] == data


def test_a_new_record_changed_after_its_insert_is_written_again(tmp_path: Path) -> None:
    """An inserted record keeps no bytes of its own (its batch was serialized whole): the same
    object committed again writes its data rather than compare."""
    store = RunStore(tmp_path / "run.db")
    rec = Record(id="a", data={"instruction": "x"})
    store.commit_batch(BatchResult(new_records=[rec]))
    rec.data["instruction"] = "x, changed in place"
    store.commit_batch(BatchResult(updated_records=[rec]))
    [stored] = RunStore(tmp_path / "run.db").iter_records()
    assert stored.data == {"instruction": "x, changed in place"}


def test_a_batch_of_slots_sharing_their_round_reads_back_whole(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.db")
    store.add_slots([Slot(index=0, attributes={"skill": "a"}, seed=5, round=1),
                     Slot(index=1, attributes={"skill": "b"}, seed=6, round=1)])
    assert list(store.iter_slots(-1)) == [
        Slot(index=0, attributes={"skill": "a"}, seed=5, round=1),
        Slot(index=1, attributes={"skill": "b"}, seed=6, round=1)]


def test_slots_kept_as_pages_read_back_from_any_index(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Slots are stored a page at a time (2 slots a page here): reading resumes inside a
    page, picks slots by index, counts cells and finds a round's records across pages."""
    monkeypatch.setattr(store_module, "SLOT_PAGE", 2)
    store = RunStore(tmp_path / "run.db")
    cells = [{"skill": "a"}, {"skill": "b"}]
    store.add_slots(SlotBlock(0, 0, cells, array("I", [0, 1, 1]), array("q", [5, 6, 7])))
    store.add_slots([Slot(index=3, attributes={"skill": "b"}, seed=8, round=1)])
    assert store.slot_count() == 4 and store.max_round() == 1
    assert [(s.index, s.attributes, s.seed, s.round) for s in store.iter_slots(0)] == [
        (1, {"skill": "b"}, 6, 0), (2, {"skill": "b"}, 7, 0), (3, {"skill": "b"}, 8, 1)]
    assert [s.seed for s in store.slots_by_index([3, 0, 9])] == [5, 8]
    assert sorted((a["skill"], n) for a, n in store.slot_cells()) == [("a", 1), ("b", 3)]
    failed = Record(id="r2", data={}, slot=2)
    failed.fail("gen", "teacher gave up")
    store.commit_batch(BatchResult(new_records=[Record(id="r0", data={}, slot=0), failed,
                                                Record(id="r3", data={}, slot=3)]))
    assert store.round_failures(0) == (2, [("gen", "teacher gave up")])
    assert store.round_failures(1) == (1, [])


def test_a_store_with_a_row_per_slot_is_read_as_pages(tmp_path: Path) -> None:
    """A run folder written before slot pages resumes: its slot rows become pages."""
    con = sqlite3.connect(tmp_path / "run.db")
    con.execute("CREATE TABLE slots (idx INTEGER PRIMARY KEY, round INTEGER NOT NULL, "
                "attributes TEXT NOT NULL, seed INTEGER NOT NULL)")
    con.executemany("INSERT INTO slots VALUES (?, ?, ?, ?)",
                    [(0, 0, '{"skill":"a"}', 11), (1, 0, '{"skill":"b"}', 12),
                     (2, 1, '{"skill":"a"}', 13)])
    con.commit()
    con.close()
    store = RunStore(tmp_path / "run.db")
    assert list(store.iter_slots(-1)) == [Slot(0, {"skill": "a"}, 11, 0),
                                          Slot(1, {"skill": "b"}, 12, 0),
                                          Slot(2, {"skill": "a"}, 13, 1)]
    tables = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "slots" not in tables and "slot_pages" in tables


def test_counts_of_a_status_read_the_index_of_records_not_accepted(tmp_path: Path) -> None:
    """Counts by status stay right as statuses change, and those of records not accepted are
    searched in the partial index rather than scanned."""
    store = RunStore(tmp_path / "run.db")
    failed, rejected = Record(id="f", data={}), Record(id="r", data={})
    failed.fail("gen", "teacher gave up")
    rejected.add_verdict("plan.balance", "plan.balance.over_target", False, "surplus")
    store.commit_batch(BatchResult(new_records=[Record(id="a", data={}), failed, rejected]))
    counts = [store.count(s) for s in (None, Status.OK, Status.FAILED, Status.REJECTED)]
    assert counts + [store.count_rejected_at("plan.balance")] == [3, 1, 1, 1, 1]
    [ok] = store.iter_records(status=Status.OK)
    ok.add_verdict("plan.balance", "plan.balance.over_target", False, "surplus")
    store.commit_batch(BatchResult(updated_records=[ok]))
    assert (store.count(Status.OK), store.count_rejected_at("plan.balance")) == (0, 2)
    plan = store.conn.execute("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM records WHERE "
                              "status != 'ok' AND status=?", ("failed",)).fetchall()
    assert "records_not_ok" in plan[0][-1]


def test_id_maker_makes_the_ids_make_id_makes() -> None:
    make = id_maker("3f2a", "source")
    lasts = [0, 7, 31499, "k"]
    assert [make(last) for last in lasts] == [make_id("3f2a", "source", last) for last in lasts]
    assert len({make(last) for last in lasts}) == 4


def test_a_new_store_is_made_without_syncs_then_runs_at_normal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new file is turned to WAL and given its schema with syncs off (nothing in it to
    lose); every store then runs at NORMAL, and one opened again is never turned off."""
    statements: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(store_module.sqlite3, "connect", traced)
    store = RunStore(tmp_path / "run.db")
    syncs = [s for s in statements if s.startswith("PRAGMA synchronous")]
    assert syncs == ["PRAGMA synchronous=OFF", "PRAGMA synchronous=NORMAL"]
    assert statements.index(syncs[0]) < statements.index("PRAGMA journal_mode=WAL") \
        < statements.index(syncs[1])
    assert store.conn.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    store.close()
    statements.clear()
    again = RunStore(tmp_path / "run.db")
    assert [s for s in statements if s.startswith("PRAGMA synchronous")] == [
        "PRAGMA synchronous=NORMAL"]
    assert again.conn.execute("PRAGMA synchronous").fetchone() == (1,)
    again.close()


def test_a_new_store_has_16_kib_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.db")
    store.commit_batch(BatchResult(new_records=[Record(id="a", data={"q": 1})]))
    store.close()
    old = tmp_path / "old.db"
    sqlite3.connect(old).execute("CREATE TABLE t (x)").connection.close()  # 4 KiB pages
    again, older = RunStore(tmp_path / "run.db"), RunStore(old)
    assert again.conn.execute("PRAGMA page_size").fetchone() == (16384,)
    assert older.conn.execute("PRAGMA page_size").fetchone() == (4096,)
    assert [r.data for r in again.iter_records()] == [{"q": 1}]
    again.close()
    older.close()


def test_a_close_behind_checkpoints_in_a_thread_that_the_next_close_waits_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The closing store does not checkpoint (its WAL is still there as a reader opens the
    file and reads every record); the thread copies and empties the WAL, the reader's close
    waits for it, after which the database file alone holds the records and the WAL is gone."""
    started, release = threading.Event(), threading.Event()
    checkpoint = store_module._checkpoint

    def held(conn: sqlite3.Connection) -> None:
        started.set()
        release.wait(10)
        checkpoint(conn)

    monkeypatch.setattr(store_module, "_checkpoint", held)
    path = tmp_path / "run.db"
    store = RunStore(path)
    store.commit_batch(BatchResult(new_records=[Record(id="a", data={"q": 1}),
                                                Record(id="b", data={"q": 2})]))
    store.close(behind=True)
    assert started.wait(10)
    assert (tmp_path / "run.db-wal").stat().st_size > 0  # not checkpointed by the close
    reader = RunStore(path)
    assert [r.data for r in reader.iter_records()] == [{"q": 1}, {"q": 2}]
    release.set()
    store_module._BEHIND[path.resolve()].join(10)
    assert (tmp_path / "run.db-wal").stat().st_size == 0  # copied and emptied by the thread
    reader.close()
    assert not (tmp_path / "run.db-wal").exists()
    shutil.copy(path, tmp_path / "copy.db")  # the file without its WAL holds everything
    copy = RunStore(tmp_path / "copy.db")
    assert [r.id for r in copy.iter_records()] == ["a", "b"]
    copy.close()


def test_a_checkpoint_behind_waits_for_a_reader_at_most_a_second(tmp_path: Path) -> None:
    """A reader in the middle of a query keeps the thread from emptying the WAL: it waits 1 s,
    then leaves the WAL as it is; the last close then checkpoints and removes it."""
    path = tmp_path / "run.db"
    store = RunStore(path)
    store.commit_batch(BatchResult(new_records=[Record(id=str(i), data={"q": i})
                                                for i in range(3)]))
    reader = RunStore(path)
    rows = reader.conn.execute("SELECT id FROM records")
    assert rows.fetchone() is not None  # a read transaction stays open until the query ends
    started = time.monotonic()
    store.close(behind=True)
    store_module._BEHIND[path.resolve()].join(10)
    assert 0.9 < time.monotonic() - started < 5
    assert (tmp_path / "run.db-wal").stat().st_size > 0
    rows.close()
    reader.close()
    assert not (tmp_path / "run.db-wal").exists()
