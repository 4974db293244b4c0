"""The run store persists what a stage changed in a record it read, however it changed it."""

from __future__ import annotations

from pathlib import Path

from synthloop.records import Record
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
