"""Quarantined records (status failed) are retried when the spec is re-run: in place (same id
and seq), and then through every later stage; the funnel moves them out of `failed`."""

from __future__ import annotations

from pathlib import Path

import pytest

import synthloop
from synthloop.records import Lineage, Record, Slot
from synthloop.registry import register
from synthloop.stages import GenerateStage, RecordStage, StageContext

BROKEN: dict[str, bool] = {"gen": True, "check": True}


@register
class FlakyGen(GenerateStage):
    """Fails every 4th slot while BROKEN['gen'] is set."""

    name = "test.flaky_gen"
    batch_size = 8

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        out = []
        for slot in slots:
            rec = Record(id=f"r{slot.index}", slot=slot.index,
                         data={"instruction": f"say {slot.index}", "response": str(slot.index)},
                         lineage=Lineage(spec_hash=ctx.spec_hash, stage=ctx.stage,
                                         recipe=self.name))
            if BROKEN["gen"] and slot.index % 4 == 0:
                rec.fail(ctx.stage, "teacher timed out 3 times (last error: 504)")
            out.append(rec)
        return out


@register
class FlakyCheck(RecordStage):
    """Fails records whose number ends in 1 while BROKEN['check'] is set."""

    name = "test.flaky_check"

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        for rec in batch:
            if BROKEN["check"] and rec.data["response"].endswith("1"):
                rec.fail(ctx.stage, "judge returned malformed JSON twice")
            else:
                rec.add_verdict(ctx.stage, f"{ctx.stage}.ok", True)
        return batch


SPEC = {"name": "replay", "target": {"size": 20, "oversample": 1.0, "max_rounds": 1},
        "stages": [{"use": "test.flaky_gen"}, {"use": "test.flaky_check"},
                   {"use": "curate.dedup"}]}


@pytest.fixture(autouse=True)
def broken() -> None:
    BROKEN.update(gen=True, check=True)


def test_failed_records_are_retried_in_place_and_flow_on(tmp_path: Path) -> None:
    with synthloop.run(SPEC, tmp_path / "run", export=False) as run:
        failed = {r.id: (r.seq, r.status_stage, r.status_reason) for r in run.records("failed")}
        assert failed["r0"] == (0, "test.flaky_gen",
                                "teacher timed out 3 times (last error: 504)")
        assert failed["r1"][1:] == ("test.flaky_check", "judge returned malformed JSON twice")
        assert sorted(failed) == ["r0", "r1", "r11", "r12", "r16", "r4", "r8"]
        assert {f.stage: f.failed for f in run.funnel()} == {
            "test.flaky_gen": 5, "test.flaky_check": 2, "curate.dedup": 0, "plan.balance": 0}

    BROKEN.update(gen=False, check=False)
    with synthloop.run(SPEC, tmp_path / "run", export=False) as run:
        assert run.counts() == {"accepted": 20, "rejected": 0, "failed": 0}
        by_id = {r.id: r for r in run.records(None, with_verdicts=True)}
        assert len(by_id) == 20
        for rid, (seq, _, _) in failed.items():
            rec = by_id[rid]
            assert rec.seq == seq  # replaced in place
            stages = [v.stage for v in rec.verdicts]
            # the old failure stays as history; the retry went through every later stage
            assert stages[-2:] == ["test.flaky_check", "curate.dedup"]
            assert rec.verdicts[-1].passed
        funnel = {f.stage: (f.n_in, f.passed, f.rejected, f.failed) for f in run.funnel()}
        assert funnel["test.flaky_gen"] == (20, 20, 0, 0)
        assert funnel["test.flaky_check"] == (20, 20, 0, 0)
        assert funnel["curate.dedup"] == (20, 20, 0, 0)
