"""The human verdict layer on a real run store: decisions, undo, status, agreement between
reviewers and with a judge, and the review queue (filters, most uncertain first)."""

from __future__ import annotations

from pathlib import Path

import pytest

import synthloop
from synthloop.api import RunHandle
from synthloop.store import BatchResult
from synthloop.validate.human.decisions import (
    HumanLayer,
    ReviewError,
    agreement_summary,
    summary_lines,
)
from synthloop.validate.human.queue import Filters, Review
from tests.conftest import run_cli
from tests.validate.human.conftest import make_math_run


@pytest.fixture(scope="module")
def math_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_math_run(tmp_path_factory.mktemp("decisions") / "math", 12)


@pytest.fixture
def run(math_run: Path, tmp_path: Path) -> RunHandle:
    import shutil

    shutil.copytree(math_run, tmp_path / "math")
    return synthloop.open_run(tmp_path / "math")


def judge(run: RunHandle, scores: dict[int, float]) -> None:
    """Judge verdicts as a judge stage writes them (pass at score >= 0.5)."""
    recs = [r for r in run.records(None) if r.seq in scores]
    for r in recs:
        s = scores[r.seq]  # type: ignore[index]
        r.add_verdict("validate.judge", f"validate.judge.{'ok' if s >= 0.5 else 'low'}",
                      s >= 0.5, f"rubric score {s}", score=s)
    run.store.commit_batch(BatchResult(updated_records=recs))


def test_two_reviewers_give_cohen_kappa_and_the_judge_is_compared(run: RunHandle) -> None:
    layer = HumanLayer(run.store)
    seqs = [r.seq for r in run.records("accepted")][:6]
    alice = "AAARAR"  # A accept, R reject
    bob = "AARRAA"
    for seq, a, b in zip(seqs, alice, bob, strict=True):
        for who, label in (("alice", a), ("bob", b)):
            layer.decide(seq, who, "accept" if label == "A" else "reject",  # type: ignore[arg-type]
                         None if label == "A" else "low quality")
    judge(run, {seqs[0]: 0.9, seqs[1]: 0.2, seqs[2]: 0.1, seqs[3]: 0.8})
    out = agreement_summary(run.store)
    # alice A A A R A R, bob A A R R A A: 4/6 agree; p_e = (4/6)(4/6) + (2/6)(2/6) = 5/9.
    assert out["reviewers"] == {"alice": 6, "bob": 6}
    [pair] = out["pairs"]
    assert (pair["a"], pair["b"], pair["n"]) == ("alice", "bob", 6)
    assert pair["agreement"] == pytest.approx(4 / 6)
    assert pair["cohen_kappa"] == pytest.approx((4 / 6 - 5 / 9) / (1 - 5 / 9))
    assert out["krippendorff_alpha"]["n"] == 6
    assert "fleiss_kappa" not in out  # two reviewers
    # Judge on 4 records (A R R A) against each reviewer: alice A A A R, bob A A R R.
    # Pairs (judge, human): AA RA RA AR, AA RA RR AR -> 3 of 8 agree.
    jh = out["judge_vs_human"]
    assert (jh["n"], jh["agreement"]) == (8, pytest.approx(3 / 8))
    # A rejection by either reviewer rejects: seqs 2, 3 and 5.
    rejected = {r.seq for r in run.records("rejected", stage="human")}
    assert rejected == {seqs[2], seqs[3], seqs[5]}
    assert run.funnel()[-1].stage == "human"
    assert summary_lines(out) == [
        "alice: 6 records, bob: 6 records",
        "alice vs bob on 6 shared records: agreement 66.7%, Cohen's kappa 0.250",
        f"Krippendorff's alpha over 6 records: {out['krippendorff_alpha']['value']:.3f}",
        f"judge vs human on 8 decisions: agreement 37.5%, Cohen's kappa "
        f"{jh['cohen_kappa']:.3f}",
    ]
    status = run_cli("status", str(run.run_dir))
    assert "alice vs bob on 6 shared records: agreement 66.7%, Cohen's kappa 0.250" in (
        status.stdout)
    assert "│ human" in status.stdout


def test_undo_restores_content_originals_and_status(run: RunHandle) -> None:
    layer = HumanLayer(run.store)
    rec = next(run.records("accepted"))
    assert rec.seq is not None
    before = dict(rec.data)
    layer.decide(rec.seq, "alice", "edit", edits={"answer": "17"})
    layer.decide(rec.seq, "alice", "edit", edits={"answer": "18"})
    now = next(r for r in run.records(None) if r.seq == rec.seq)
    assert now.data["answer"] == "18"
    assert now.originals == {"answer": [{"by": "human:alice", "value": before["answer"]},
                                        {"by": "human:alice", "value": "17"}]}
    assert layer.history(rec.seq)[-1]["diff"] == {
        "answer": "--- answer (before)\n+++ answer (after)\n@@ -1 +1 @@\n-17\n+18"}
    layer.decide(rec.seq, "alice", "reject", "wrong answer")
    assert next(run.records("rejected")).status_reason == "human review (alice: wrong answer)"
    for _ in range(3):
        layer.undo("alice")
    again = next(r for r in run.records(None) if r.seq == rec.seq)
    assert (again.data, again.originals, again.status.value) == (before, {}, "ok")
    assert layer.undo("alice") is None
    assert run.store.conn.execute("SELECT COUNT(*) FROM verdicts WHERE stage='human'"
                                  ).fetchone() == (0,)


def test_a_machine_rejection_stays_whatever_a_human_says(run: RunHandle) -> None:
    rec = next(run.records("rejected"))
    assert rec.seq is not None and rec.status_stage != "human"
    HumanLayer(run.store).decide(rec.seq, "alice", "accept")
    again = next(r for r in run.records("rejected") if r.seq == rec.seq)
    assert (again.status_stage, again.status_reason) == (rec.status_stage, rec.status_reason)


def test_bad_decisions_are_refused_with_the_reason(run: RunHandle) -> None:
    layer = HumanLayer(run.store)
    seq = next(run.records("accepted")).seq
    assert seq is not None
    cases = [
        (dict(seq=seq, reviewer="a", action="reject"), "a rejection needs a reason"),
        (dict(seq=seq, reviewer="a", action="maybe"),
         "unknown action 'maybe'; use one of accept, reject, edit"),
        (dict(seq=10_000, reviewer="a", action="accept"), "no record with seq 10000 in this run"),
        (dict(seq=seq, reviewer="a", action="edit", edits={"skill": "x"}),
         f"record {seq}: 'skill' is not a text field of the record; editable fields: answer, "
         "question, trace"),
        (dict(seq=seq, reviewer="a", action="edit", edits={}),
         "an edit needs at least one changed field"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ReviewError) as err:
            layer.decide(**kwargs)  # type: ignore[arg-type]
        assert str(err.value) == message
    assert layer.count() == 0


def test_queue_filters_and_most_uncertain_first(run: RunHandle) -> None:
    seqs = [r.seq for r in run.records("accepted")][:4]
    assert all(s is not None for s in seqs)
    judge(run, {seqs[0]: 0.95, seqs[1]: 0.55, seqs[2]: 0.3, seqs[3]: 0.49})
    review = Review(run.store, "alice")
    # |score - 0.5| ascending: 0.49, 0.55, 0.3, 0.95, then unscored records in order.
    queue = review.queue(Filters(status=""))
    assert queue[:4] == [seqs[3], seqs[1], seqs[2], seqs[0]]
    assert len(queue) == sum(run.counts().values())
    # The judge rejected the two below 0.5: they leave the default (accepted) queue.
    assert review.queue(Filters())[:2] == [seqs[1], seqs[0]]
    assert len(review.queue(Filters(status="rejected"))) == run.counts()["rejected"]
    assert review.queue(Filters(status="", band="0.25-0.5")) == [seqs[3], seqs[2]]
    assert review.queue(Filters(status="", check="validate.judge.low")) == [seqs[3], seqs[2]]
    HumanLayer(run.store).decide(seqs[0], "alice", "reject", "wrong answer")
    HumanLayer(run.store).decide(seqs[2], "alice", "accept")
    assert review.queue(Filters(status="", disagree=True)) == [seqs[2], seqs[0]]
    assert seqs[0] in review.queue(Filters())  # blind: a human rejection keeps it queued
    question = next(r for r in run.records(None) if r.seq == seqs[1]).data["question"]
    assert review.queue(Filters(q=question[5:30].upper())) == [seqs[1]]
    screen = review.screen(seqs[0])
    assert screen is not None and screen["decision"]["action"] == "reject"
    assert Review(run.store, "bob").screen(seqs[0])["decision"] is None  # type: ignore[index]
    assert all(v["stage"] != "human" for v in
               Review(run.store, "bob").screen(seqs[0])["verdicts"])  # type: ignore[index]
    sample = Review(run.store, "alice", sample=5).queue(Filters(status=""))
    assert sample == Review(run.store, "bob", sample=5).queue(Filters(status=""))
    assert len(sample) == 5


def test_review_refuses_a_bad_reviewer_name_and_a_non_run(run: RunHandle, tmp_path: Path
                                                         ) -> None:
    bad = run_cli("review", str(run.run_dir), "--reviewer", "a b")
    assert (bad.returncode, bad.stderr.strip()) == (
        2, "error: --reviewer 'a b': use 1-40 letters, digits, '.', '_' or '-'")
    none = run_cli("review", str(tmp_path / "nothing"))
    assert none.returncode == 2 and "not a synthloop run (no run.db)" in none.stderr
