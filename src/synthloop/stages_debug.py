"""Stages for measuring the executor itself: ``debug.emit`` makes one tiny record per slot,
``debug.noop`` passes records through untouched."""

from __future__ import annotations

from synthloop.records import Lineage, Record
from synthloop.registry import register
from synthloop.stages import GenerateStage, RecordStage, StageContext
from synthloop.store import Slot


@register
class Emit(GenerateStage):
    name = "debug.emit"
    batch_size = 4096

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        lineage = Lineage(spec_hash=ctx.spec_hash, stage=ctx.stage, recipe=self.name)
        return [
            Record(id=f"{ctx.spec_hash[:8]}-{slot.index:012d}", slot=slot.index,
                   data={"instruction": f"Repeat the number {slot.index}.",
                         "response": str(slot.index)},
                   attributes=dict(slot.attributes), lineage=lineage)
            for slot in slots
        ]


@register
class Noop(RecordStage):
    name = "debug.noop"
    batch_size = 4096

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        return batch
