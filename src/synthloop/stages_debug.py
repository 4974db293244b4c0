"""``debug.noop``: passes records through untouched; measures the executor's own overhead."""

from __future__ import annotations

from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import RecordStage, StageContext


@register
class Noop(RecordStage):
    name = "debug.noop"
    batch_size = 4096

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        return batch
