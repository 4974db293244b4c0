from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

import synthloop

from synthloop.curate.clusters import Link, components, resolve
from synthloop.curate.dedup import Dedup, DedupParams
from synthloop.curate.jaccard import ShingleSets
from synthloop.curate.minhash import (
    MinHasher,
    NearDupIndex,
    candidate_probability,
    choose_bands,
)
from synthloop.curate.semantic import similar_pairs
from synthloop.curate.shingles import shingle
from synthloop.records import Record
from synthloop.store import ImportedRows

from .conftest import statuses

FOX = ("the quick brown fox jumps over the lazy dog and then runs far away into the dark "
       "forest where nobody can find it again")


def test_word_shingles_ignore_case_punctuation_and_position() -> None:
    sh = shingle(["Hello, WORLD!  hello world", "x hello world"], n=2)
    first, second = sh.doc(0), sh.doc(1)
    assert len(first) == 3 and len(second) == 2
    assert first[0] == first[2] == second[1]  # "hello world" wherever it appears
    assert first[1] != first[0]  # "world hello"


def test_word_shingles_hash_alike_far_into_a_batch() -> None:
    """Words past the powers' first blocks (2,048 bytes each) hash as at the start."""
    sh = shingle(["x " * 1500 + "hello world", "pad " * 700, "hello world"], n=2)
    assert sh.doc(0)[-1] == sh.doc(2)[0]
    assert len(set(sh.doc(0).tolist())) == 3  # "x x", "x hello", "hello world"


def test_short_and_empty_documents() -> None:
    sh = shingle(["a b", "", "a b c d e f"], n=5)
    assert list(np.diff(sh.offsets)) == [1, 0, 2]


def test_char_shingles_squeeze_separators() -> None:
    sh = shingle(["ab--cd", "AB cd"], unit="char", n=3)
    assert set(sh.doc(0).tolist()) == set(sh.doc(1).tolist())


def test_choose_bands_follows_the_docstring_math() -> None:
    assert choose_bands(0.8, 128) == (18, 7)
    assert candidate_probability(0.8, 18, 7) == pytest.approx(0.9855, abs=1e-4)
    assert candidate_probability(0.8, 16, 8) < 0.95  # why 8 rows is too many
    assert choose_bands(0.5, 64)[1] < choose_bands(0.9, 64)[1]


def test_permutation_k_does_not_depend_on_how_many() -> None:
    """The index computes only the permutations its bands read (126 of 128 at 0.8): each is
    the one it is among 128, so the band keys are those of a 128-permutation signature."""
    sh = shingle([FOX, "an unrelated question about trains", ""], n=3)
    full = MinHasher(128, seed=3).signatures(sh)
    assert (MinHasher(126, seed=3).signatures(sh) == full[:, :126]).all()
    assert (full[2] == 0xFFFFFFFF).all() and len(set(full[0].tolist())) > 100


def test_exact_jaccard_counts_sets_not_repeats() -> None:
    sets = ShingleSets()
    sets.add(shingle(["a a a b", "a b c"], n=1))
    assert sets.jaccard(np.array([0]), np.array([1]))[0] == pytest.approx(2 / 3)


def test_jaccard_across_segments_and_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents in different segments, pairs in several chunks, empty documents."""
    monkeypatch.setattr("synthloop.curate.jaccard.SEGMENT", 4)
    monkeypatch.setattr("synthloop.curate.jaccard._PAIR_CHUNK", 3)
    sets = ShingleSets()
    sets.add(shingle(["a b c d", ""], n=1))  # 4 values: closes the first segment
    sets.add(shingle(["a b c e", "x y"], n=1))
    sets.add(shingle(["a b"], n=1))
    sims = sets.jaccard(np.array([0, 0, 1, 3, 0]), np.array([2, 4, 1, 4, 0]))
    assert sims.tolist() == pytest.approx([3 / 5, 2 / 4, 0.0, 0.0, 1.0])


def test_full_segments_are_spilled_to_a_file_and_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Full segments leave memory for an unlinked file and are read back for the pairs that
    need them, also when more were spilled after a first query."""
    monkeypatch.setattr("synthloop.curate.jaccard.SEGMENT", 3)
    sets = ShingleSets()
    sets.add(shingle(["a b c", "a b d"], n=1))  # 6 values: spilled
    sets.add(shingle(["a b"], n=1))  # open, in memory
    assert sets.jaccard(np.array([0, 0]), np.array([1, 2])).tolist() == [2 / 4, 2 / 3]
    assert sets._spill is not None and sets._spill.tell() == 6 * 4
    sets.add(shingle(["a b c e", "q"], n=1))  # spilled after the map was made
    assert sets._spill.tell() == 11 * 4
    sims = sets.jaccard(np.array([0, 1, 3, 4]), np.array([3, 2, 3, 4]))
    assert sims.tolist() == pytest.approx([3 / 4, 2 / 3, 1.0, 1.0])


def test_components_follow_chains() -> None:
    label = components(np.array([3, 2, 1]), np.array([4, 3, 2]), 6)
    assert label.tolist() == [0, 1, 1, 1, 1, 5]


def test_resolve_keeps_the_best_priority_and_names_the_most_similar_neighbour() -> None:
    priority = np.arange(51)
    priority[30] = -1  # 30 outranks 10 and 20 in their cluster
    links = resolve(np.array([10, 20, 40]), np.array([20, 30, 50]),
                    np.array([0.9, 0.85, 0.95]), lambda docs: priority[docs])
    assert links.doc.tolist() == [10, 20, 50]
    assert links.find(np.array([20, 30, 50, 10])) == [
        Link(kept=30, neighbour=10, similarity=0.9, cluster_size=3), None,
        Link(kept=40, neighbour=40, similarity=0.95, cluster_size=2),
        Link(kept=30, neighbour=20, similarity=0.9, cluster_size=3)]


def test_index_finds_verified_pairs_across_batches() -> None:
    index = NearDupIndex(num_perm=128, bands=18, rows=7)
    index.add(shingle([FOX, "an unrelated sentence about grade school arithmetic homework"]))
    index.add(shingle([FOX + " today", ""]))
    left, right, sims = index.pairs(0.8)
    assert (left.tolist(), right.tolist()) == ([0], [2])
    assert sims[0] == pytest.approx(20 / 21)  # 24 words: 20 shingles, one more with "today"
    with pytest.raises(RuntimeError, match="already found its pairs"):
        index.add(shingle([FOX]))


def _records(*texts: str) -> list[Record]:
    return [Record(id=f"r{i}", data={"instruction": t}, seq=i) for i, t in enumerate(texts)]


def _dedup(params: dict, records: list[Record], ctx) -> list[Record]:
    stage = Dedup(DedupParams(**params))
    stage.reset_index()
    context = ctx("curate.dedup")
    stage.index(records, context)
    return stage.decide(records, context)


def test_minhash_rejects_near_duplicate_and_names_kept_record(ctx) -> None:
    recs = _dedup({"method": "minhash"}, _records(FOX, "something else entirely here",
                                                  FOX + " tonight"), ctx)
    assert [r.accepted for r in recs] == [True, True, False]
    verdict = recs[2].verdicts[-1]
    assert verdict.check == "curate.dedup.near_duplicate"
    assert verdict.reason == ("near duplicate of record r0 (exact Jaccard 0.952 on word 5-gram "
                              "shingles; threshold 0.8)")


def test_minhash_spills_shingles_into_the_run_folder(ctx, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Full shingle segments go to an unlinked file in the run's folder, not to /tmp."""
    monkeypatch.setattr("synthloop.curate.jaccard.SEGMENT", 8)
    stage = Dedup(DedupParams(method="minhash"))
    stage.reset_index()
    context = ctx("curate.dedup")
    recs = _records(FOX, "something else entirely here", FOX + " tonight")
    stage.index(recs, context)
    assert [r.accepted for r in stage.decide(recs, context)] == [True, True, False]
    spill = stage._near.minhash._sets._spill
    assert os.readlink(f"/proc/self/fd/{spill.fileno()}").startswith(str(tmp_path))


def test_minhash_ids_of_any_length_decided_in_any_order(ctx) -> None:
    """Ids are looked up by binary search over fixed-width bytes: widths differ per batch."""
    recs = [Record(id=rid, data={"instruction": text}, seq=i) for i, (rid, text) in
            enumerate([("a", FOX), ("é-longer-id", "unrelated words about trains and ships"),
                       ("bb", FOX + " tonight")])]
    stage = Dedup(DedupParams(method="minhash"))
    stage.reset_index()
    context = ctx("curate.dedup")
    stage.index(recs[:1], context)
    stage.index(recs[1:], context)
    decided = stage.decide([recs[2], recs[0]], context) + stage.decide([recs[1]], context)
    assert [(r.id, r.accepted) for r in decided] == [("bb", False), ("a", True),
                                                     ("é-longer-id", True)]
    assert decided[0].status_reason.startswith("near duplicate of record a (exact Jaccard")


def test_minhash_keep_longest_and_transitive_reason(ctx) -> None:
    longer = FOX + " again and again"
    recs = _dedup({"method": "minhash", "keep": "longest", "threshold": 0.7},
                  _records(FOX, longer), ctx)
    assert [r.accepted for r in recs] == [False, True]
    assert "near duplicate of record r1" in recs[0].status_reason


def test_minhash_below_threshold_is_kept(ctx) -> None:
    recs = _dedup({"method": "minhash", "threshold": 0.99}, _records(FOX, FOX + " today"), ctx)
    assert all(r.accepted for r in recs)
    assert recs[1].verdicts[-1].check == "curate.dedup.unique"


def test_params_reject_keys_of_another_method() -> None:
    with pytest.raises(ValidationError, match="num_perm only apply to method: minhash"):
        DedupParams(method="exact", num_perm=64)
    with pytest.raises(ValidationError, match="exceeds num_perm"):
        DedupParams(method="minhash", bands=20, rows=8)
    with pytest.raises(ValidationError, match="takes no threshold"):
        DedupParams(threshold=0.5)


def test_semantic_pairs_within_clusters() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 16)).astype(np.float32)
    x[7] = x[3] + 0.01
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    left, right, sims = similar_pairs(x, 0.95, clusters=8)
    assert (left.tolist(), right.tolist()) == ([3], [7])
    assert sims[0] > 0.99


def test_semantic_dedup_with_the_bundled_model(ctx) -> None:
    recs = _dedup({"method": "semantic", "threshold": 0.9},
                  _records("How do I reset my password?", "how do i reset my password",
                           "What is the capital of France?"), ctx)
    assert [r.accepted for r in recs] == [True, False, True]
    assert recs[1].status_reason.startswith("semantic duplicate of record r0 (cosine 0.9")


def test_minhash_from_a_source_spec(run_source) -> None:
    rows = [{"instruction": FOX}, {"instruction": "an unrelated question about trains"},
            {"instruction": FOX.upper() + " today"}]
    with run_source(rows, [{"use": "curate.dedup", "method": "minhash"}]) as run:
        got = statuses(run)
    assert got[FOX][0] == "accepted"
    status, reason = got[FOX.upper() + " today"]
    assert status == "rejected" and reason.startswith("near duplicate of record ")


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Record], list[Record]]:
    """The records Dedup is given to index (as records, or a fresh import's rows) and to
    decide (batch by batch), as it runs."""
    indexed: list[Record] = []
    decided: list[Record] = []
    index, index_imported, decide = Dedup.index, Dedup.index_imported, Dedup.decide

    def spy_index(self: Dedup, batch: list[Record], ctx: Any) -> None:
        indexed.extend(batch)
        index(self, batch, ctx)

    def spy_index_imported(self: Dedup, rows: ImportedRows, ctx: Any) -> None:
        before = len(indexed)
        index_imported(self, rows, ctx)
        if len(indexed) == before:  # it read the rows' columns, not records (spy_index)
            indexed.extend(rows.records())

    def spy_decide(self: Dedup, batch: list[Record], ctx: Any) -> list[Record]:
        decided.extend(batch)
        return decide(self, batch, ctx)

    monkeypatch.setattr(Dedup, "index", spy_index)
    monkeypatch.setattr(Dedup, "index_imported", spy_index_imported)
    monkeypatch.setattr(Dedup, "decide", spy_decide)
    return indexed, decided


def test_exact_dedup_reads_stand_ins_and_keeps_the_records_whole(
        run_source: Callable[..., Any], spied: tuple[list[Record], list[Record]]) -> None:
    """A fresh import hands dedup its records as it commits them (nothing is read back to
    index them); exact decides batch by batch on status-only stand-ins (building whole
    records was a third of its time); the records it decides keep their lineage and
    content."""
    indexed, decided = spied
    rows = [{"instruction": FOX}, {"instruction": FOX.upper() + "!"}]
    with run_source(rows, [{"use": "curate.dedup", "method": "exact"}]) as run:
        records = list(run.records(None))
    assert [r.lineage.stage for r in indexed if r.lineage] == ["source"] * 2
    assert [(r.lineage, r.stored) for r in decided] == [(None, None)] * 2
    assert [r.data for r in indexed] == rows and decided[0].data == {"instruction": FOX}
    assert [r.data for r in records] == rows
    assert all(r.lineage is not None and r.lineage.stage == "source" for r in records)
    assert [r.accepted for r in records] == [True, False]


def test_minhash_after_a_source_writes_only_the_records_it_rejects(
        run_source: Callable[..., Any], spied: tuple[list[Record], list[Record]]) -> None:
    """Right after a source import, minhash is decided as a whole: no record is read back,
    the one it rejects gets its status and verdict, the two it keeps are not written again
    (no verdict), and the stage's funnel row and cursor (the last seq decided) say all."""
    indexed, decided = spied
    rows = [{"instruction": FOX}, {"instruction": "an unrelated question about trains"},
            {"instruction": FOX.upper() + "!"}]
    with run_source(rows, [{"use": "curate.dedup", "method": "minhash"}]) as run:
        records = list(run.records(None, with_verdicts=True))
        progress = run.store.progress(1)
    assert len(indexed) == 3 and decided == []
    assert [(r.accepted, r.stage_done) for r in records] == [(True, 0), (True, 0), (False, 1)]
    assert [r.data for r in records] == rows
    assert [[v.check for v in r.verdicts] for r in records] == [
        [], [], ["curate.dedup.near_duplicate"]]
    assert records[2].status_reason.startswith(
        f"near duplicate of record {records[0].id} (exact Jaccard 1.000")
    assert (progress.cursor, progress.counts.as_row()) == (2, (3, 2, 1, 0, 0))


def test_minhash_transitive_cluster_reason_names_kept_and_neighbour(ctx) -> None:
    words = [f"w{i}" for i in range(40)]
    a, b, c = " ".join(words[0:30]), " ".join(words[0:33]), " ".join(words[3:36])
    recs = _dedup({"method": "minhash"}, _records(a, b, c), ctx)  # J(a,c) = 0.72 < 0.8
    assert [r.accepted for r in recs] == [True, False, False]
    assert recs[1].status_reason.startswith("near duplicate of record r0 (exact Jaccard 0.897")
    assert recs[2].status_reason == (
        "near duplicate of record r0, kept for a cluster of 3 (exact Jaccard 0.812 with record "
        "r1 on word 5-gram shingles; threshold 0.8)")


def test_minhash_keep_highest_score(ctx) -> None:
    recs = [Record(id=f"r{i}", data={"instruction": FOX + tail, "rating": s}, seq=i)
            for i, (tail, s) in enumerate([("", 0.2), (" now", 0.9)])]
    recs = _dedup({"method": "minhash", "keep": "score", "score_field": "rating"}, recs, ctx)
    assert [r.accepted for r in recs] == [False, True]
    assert recs[0].status_reason.startswith("near duplicate of record r1 ")


def test_semantic_clustering_keeps_recall_of_all_pairs() -> None:
    # 60 topics of 50 texts each; 200 near-copies planted; k-means must not split them
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(60, 32))
    x = centres[rng.integers(0, 60, 3000)] + 0.6 * rng.normal(size=(3000, 32))
    x[-200:] = x[:200] + 0.05 * rng.normal(size=(200, 32))
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    sims = x @ x.T
    truth = {(i, j) for i, j in zip(*np.nonzero(np.triu(sims >= 0.98, k=1)), strict=True)}
    left, right, _ = similar_pairs(x, 0.98)  # sqrt(3000) = 54 clusters
    found = set(zip(left.tolist(), right.tolist(), strict=True))
    assert found <= truth
    assert len(truth) >= 200 and len(found) / len(truth) >= 0.95


def test_minhash_decided_as_a_whole_keeps_its_choice_when_rows_are_added(
        run_source: Callable[..., Any], tmp_path: Path) -> None:
    """Rows appended to the source after the stage was decided are imported by a rerun and
    deduplicated against the records kept before, which stay kept though they carry no mark
    of their own (the stage's cursor says they were decided): the longer newcomer loses."""
    rows = [{"instruction": FOX}, {"instruction": "an unrelated question about trains"}]
    spec = [{"use": "curate.dedup", "method": "minhash", "keep": "longest", "threshold": 0.7}]
    run_source(rows, spec).close()
    with (tmp_path / "data.jsonl").open("a") as fh:
        fh.write(json.dumps({"instruction": FOX + " tonight"}) + "\n")
    handle = synthloop.run(tmp_path / "spec.yaml", run_dir=tmp_path / "run", export=False)
    with handle as run:
        got = statuses(run)
        progress = run.store.progress(1)
    assert got[FOX] == ("accepted", None)
    status, reason = got[FOX + " tonight"]
    assert status == "rejected" and reason.startswith("near duplicate of record ")
    assert (progress.cursor, progress.counts.as_row()) == (2, (3, 2, 1, 0, 0))


def test_minhash_after_a_parquet_source_decides_as_after_jsonl(tmp_path: Path) -> None:
    """A Parquet source is not fed to the index as it is imported (its values may not read
    back as imported): the index pass reads the store, and the stage, decided as a whole all
    the same, rejects what it rejects after the same rows from JSONL, for the same reasons."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [FOX, "an unrelated question about trains", FOX.upper() + "!", FOX + " tonight"]
    rows = [{"id": f"r{i}", "text": text} for i, text in enumerate(texts)]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "rows.parquet")
    got = {}
    for name in ("rows.jsonl", "rows.parquet"):
        spec = {"name": "d", "source": {"path": str(tmp_path / name)},
                "stages": [{"use": "curate.dedup", "method": "minhash", "threshold": 0.7}],
                "outputs": {"formats": ["jsonl"], "style": "raw"}}
        with synthloop.run(spec, tmp_path / name.replace(".", "-")) as run:
            records = list(run.records(None, with_verdicts=True))
            exported = (run.run_dir / "export/data.jsonl").read_bytes()
        # ids hash the spec, which names the file: the kept record a reason names ("near
        # duplicate of record ID ...") is read as its position
        position = {r.id: f"row {i}" for i, r in enumerate(records)}
        kept = [position[r.status_reason.split()[4]] if r.status_reason else None
                for r in records]
        got[name] = ([(r.status.value, k, [v.check for v in r.verdicts])
                      for r, k in zip(records, kept, strict=True)], exported)
    assert got["rows.jsonl"] == got["rows.parquet"]
    assert got["rows.jsonl"][0] == [
        ("ok", None, []), ("ok", None, []),
        ("rejected", "row 0", ["curate.dedup.near_duplicate"]),
        ("rejected", "row 0", ["curate.dedup.near_duplicate"])]
    assert got["rows.jsonl"][1] == b"".join(
        json.dumps(r, separators=(",", ":")).encode() + b"\n" for r in rows[:2])


def test_minhash_decided_as_a_whole_refuses_fields_no_record_has(
        run_source: Callable[..., Any]) -> None:
    from synthloop.errors import DataError

    rows = [{"instruction": FOX, "n": 1}, {"instruction": FOX + " today"}]
    with pytest.raises(DataError, match=r"fields \['question'\] are in none of the 2 records "
                       r"\(they have instruction, n\)"):
        run_source(rows, [{"use": "curate.dedup", "method": "minhash", "fields": ["question"]}])


def test_minhash_after_a_source_with_malformed_rows(tmp_path: Path) -> None:
    """A malformed row fed on the way is a failed record in its place (its seq and slot
    between the others, its verdict at the source) and no candidate; the rows after it are
    indexed under their own seqs, so the duplicate names the right record."""
    lines = [json.dumps({"text": FOX}), "not json", json.dumps({"text": "trains"}),
             json.dumps({"text": FOX.upper() + "!"})]
    (tmp_path / "rows.jsonl").write_text("\n".join(lines) + "\n")
    spec = {"name": "d", "source": {"path": str(tmp_path / "rows.jsonl")},
            "stages": [{"use": "curate.dedup", "method": "minhash"}]}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        records = list(run.records(None, with_verdicts=True))
        progress = run.store.progress(1)
    assert [(r.seq, r.slot, r.status.value) for r in records] == [
        (0, 0, "ok"), (1, 1, "failed"), (2, 2, "ok"), (3, 3, "rejected")]
    assert records[1].data == {"raw": "not json\n"}
    assert [v.check for v in records[1].verdicts] == ["source.failed"]
    assert records[1].status_reason.startswith(f"{tmp_path / 'rows.jsonl'}:2: invalid JSON")
    assert records[3].status_reason.startswith(
        f"near duplicate of record {records[0].id} (exact Jaccard 1.000")
    assert (progress.cursor, progress.counts.as_row()) == (3, (3, 2, 1, 0, 0))
