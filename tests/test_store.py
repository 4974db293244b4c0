"""The run store persists what a stage changed in a record it read, however it changed it."""

from __future__ import annotations

from pathlib import Path

from synthloop.records import Lineage, Record, Slot
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


def test_a_batch_of_slots_sharing_their_round_reads_back_whole(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.db")
    store.add_slots([Slot(index=0, attributes={"skill": "a"}, seed=5, round=1),
                     Slot(index=1, attributes={"skill": "b"}, seed=6, round=1)])
    assert list(store.iter_slots(-1)) == [
        Slot(index=0, attributes={"skill": "a"}, seed=5, round=1),
        Slot(index=1, attributes={"skill": "b"}, seed=6, round=1)]
