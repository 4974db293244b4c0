"""The MinHash index hashed ahead by a forked child (``synthloop.curate.prehash``): used when it
is what the run would have computed, dropped otherwise, and the run decides the same."""

from __future__ import annotations

import json
import os
import select
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import synthloop
from synthloop import pipeline
from synthloop.curate import prehash

from .conftest import statuses

FOX = ("the quick brown fox jumps over the lazy dog and then runs far away into the dark "
       "forest where nobody can find it again")
TEXTS = [FOX, "an unrelated question about trains", FOX.upper() + " today", "x y z"]
STAGE = {"use": "curate.dedup", "method": "minhash"}


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A core counts as idle, imports go two rows a batch, and what the run took from the
    child is listed ('batch', 'pairs', or 'none' for a take that got nothing)."""
    got: list[str] = []
    take, take_pairs = prehash.take, prehash.take_pairs

    def spy_take(wanted: prehash.Wanted) -> Any:
        batch = take(wanted)
        got.append("none" if batch is None else "batch")
        return batch

    def spy_pairs(docs: int) -> Any:
        pairs = take_pairs(docs)
        got.append("none" if pairs is None else "pairs")
        return pairs

    monkeypatch.setattr(prehash, "_idle_core", lambda: True)
    monkeypatch.setattr(prehash, "IMPORT_BATCH", 2)
    monkeypatch.setattr(pipeline, "IMPORT_BATCH", 2)
    monkeypatch.setattr(prehash, "take", spy_take)
    monkeypatch.setattr(prehash, "take_pairs", spy_pairs)
    yield got
    prehash.close()


def write_spec(folder: Path, stage: dict[str, Any] = STAGE, **source: Any) -> Path:
    """``folder``'s data.jsonl of TEXTS and a spec naming it by a relative path."""
    folder.mkdir(exist_ok=True)
    (folder / "data.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS))
    spec = folder / "spec.yaml"
    spec.write_text(yaml.safe_dump({"name": "ahead", "source": {"path": "data.jsonl", **source},
                                    "stages": [stage]}))
    return spec


def start(spec: Path) -> prehash._Ahead:
    """Start a child and wait until it has said which file it reads (its first message)."""
    prehash.start(spec)
    ahead = prehash._current
    assert ahead is not None
    assert select.select([ahead.pipe], [], [], 10)[0]
    return ahead


def run_statuses(spec: Path) -> dict[str, tuple[str, str | None]]:
    with synthloop.run(spec, spec.parent / "run", export=False) as run:
        return statuses(run)


def test_a_run_takes_every_batch_and_the_pairs_from_the_child(
        tmp_path: Path, taken: list[str]) -> None:
    spec = write_spec(tmp_path / "ahead")
    os.waitpid(start(spec).pid, 0)  # it has sent all it will
    got = run_statuses(spec)
    assert taken == ["batch", "batch", "pairs"]
    prehash.close()
    assert run_statuses(write_spec(tmp_path / "here")) == got  # no child: hashed here
    assert taken == ["batch", "batch", "pairs"]  # (nothing asked of a child that is not there)
    status, reason = got[FOX.upper() + " today"]
    assert status == "rejected" and reason is not None
    assert reason.startswith("near duplicate of record ") and "exact Jaccard 0.9" in reason
    assert [s for s, _ in got.values()].count("accepted") == 3


def test_a_child_that_hashed_other_settings_is_dropped(
        tmp_path: Path, taken: list[str]) -> None:
    """The spec changed after the child read it: the run hashes its own 4-grams."""
    spec = write_spec(tmp_path)
    start(spec)
    spec.write_text(spec.read_text().replace("method: minhash", "method: minhash\n  ngram: 4"))
    got = run_statuses(spec)
    assert taken == ["none"]  # then the second batch is not asked for either
    assert got[FOX.upper() + " today"][0] == "rejected"


def test_a_source_changed_after_the_child_read_it_is_hashed_again(
        tmp_path: Path, taken: list[str]) -> None:
    start(spec := write_spec(tmp_path))  # (the child has looked at the file)
    data = tmp_path / "data.jsonl"
    data.write_text(data.read_text().replace("trains", "boats"))
    got = run_statuses(spec)
    assert taken == ["none"]
    assert got["an unrelated question about boats"][0] == "accepted"


def test_a_child_killed_midway_leaves_the_run_to_hash_what_it_did_not_send(
        tmp_path: Path, taken: list[str]) -> None:
    spec = write_spec(tmp_path)
    ahead = start(spec)
    os.kill(ahead.pid, signal.SIGKILL)
    got = run_statuses(spec)
    assert ahead.pipe == -1  # closed, whatever it had sent
    assert got == run_statuses(write_spec(tmp_path / "here"))
    assert got[FOX.upper() + " today"][0] == "rejected"


def test_batches_not_there_at_the_decision_are_hashed_here_from_the_last_back(
        tmp_path: Path, taken: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that never has the next batch ready: the decision hashes every batch itself
    (taking none), adds them in order and closes the child."""
    spec = write_spec(tmp_path)
    ahead = start(spec)
    monkeypatch.setattr(prehash, "ready", lambda: False)
    got = run_statuses(spec)
    assert taken == [] and ahead.pipe == -1
    assert got == run_statuses(write_spec(tmp_path / "here"))
    assert got[FOX.upper() + " today"][0] == "rejected"


def test_a_batch_of_other_rows_is_refused_and_the_child_stopped(
        tmp_path: Path, taken: list[str]) -> None:
    ahead = start(write_spec(tmp_path))
    settings = prehash.Settings(False, 5, 18, 7, 1, 0.8)
    assert prehash.take(prehash.Wanted(tmp_path / "data.jsonl", settings, [1, 2])) is None
    assert ahead.pipe == -1 and not prehash.running() and prehash.ready()
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(ahead.pid, os.WNOHANG)


def test_the_first_batch_is_the_one_hashed_here(tmp_path: Path, taken: list[str]) -> None:
    """What the child sends is what the index computes of the same rows."""
    from synthloop.curate.minhash import NearDupIndex
    from synthloop.curate.shingles import shingle

    spec = write_spec(tmp_path)
    prehash.start(spec)
    batch = prehash.take(prehash.Wanted(tmp_path / "data.jsonl",
                                        prehash.Settings(False, 5, 18, 7, 1, 0.8), [0, 1]))
    assert batch is not None
    here = NearDupIndex(126, 18, 7, 1).index(shingle(TEXTS[:2]))
    assert batch.keys.shape == (2, 18) and (batch.keys == here.keys).all()
    assert batch.hashes.tolist() == here.hashes.tolist()
    assert batch.counts.tolist() == here.counts.tolist() == [20, 1]


@pytest.mark.parametrize(("stage", "source"), [
    ({"use": "curate.dedup", "method": "exact"}, {}),
    ({**STAGE, "fields": ["text"]}, {}),
    (STAGE, {"fields": {"text": "body"}}),
    (STAGE, {"format": "parquet"}),
])
def test_no_child_for_other_specs(tmp_path: Path, stage: dict[str, Any],
                                  source: dict[str, Any]) -> None:
    assert prehash._plan(write_spec(tmp_path, stage, **source)) is None


def test_the_plan_reads_the_source_beside_the_spec(tmp_path: Path) -> None:
    plan = prehash._plan(write_spec(tmp_path, {**STAGE, "ngram": 3}, limit=3))
    assert plan is not None
    assert (plan.path, plan.format, plan.limit) == (tmp_path / "data.jsonl", "auto", 3)
    assert prehash._settings(plan.stage) == prehash.Settings(False, 3, 18, 7, 1, 0.8)


def test_no_plan_for_a_folder_or_an_unreadable_spec(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump({"source": {"path": "docs"}, "stages": [STAGE]}))
    assert prehash._plan(spec) is None
    spec.write_text("source: [unclosed")
    assert prehash._plan(spec) is None


@pytest.mark.parametrize(("cores", "load", "idle"), [
    (2, 2.5, True), (2, 2.6, False), (1, 0.0, False), (8, 8.5, True)])
def test_a_child_starts_only_beside_an_idle_core(
        monkeypatch: pytest.MonkeyPatch, cores: int, load: float, idle: bool) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(os, "getloadavg", lambda: (load, 0.0, 0.0))
    assert prehash._idle_core() is idle
