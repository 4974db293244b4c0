"""Stages for testing the executor itself, registered by the test suite (not built-ins):
``debug.emit`` makes one tiny record per slot, ``debug.noop`` passes records through."""

from __future__ import annotations

from synthloop.records import Lineage, Record, Slot
from synthloop.registry import register
from synthloop.stages import GenerateStage, RecordStage, StageContext, StageParams


@register
class Emit(GenerateStage[StageParams]):
    """One record per slot: "Repeat the number N." / "N"."""

    name = "debug.emit"
    batch_size = 4096
    output_fields = ("instruction", "response")

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
class EmitJson(Emit):
    """Like debug.emit, but its fields are unknown before it runs (as a JSON answer's are)."""

    name = "debug.emit_json"
    output_fields = ()


class GaugeParams(StageParams):
    """``parallelism``: how many records the stage says it can work on at once."""

    parallelism: int = 1


@register
class Gauge(Emit, GenerateStage[GaugeParams]):
    """debug.emit taking 10 ms a batch, counting the slots being generated at once across
    its batches (``peak``, the most so far: reset it before a run)."""

    name = "debug.gauge"
    busy = 0
    peak = 0

    def parallelism(self, ctx: StageContext) -> int:
        assert isinstance(self.params, GaugeParams)
        return self.params.parallelism

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        import asyncio

        Gauge.busy += len(slots)
        Gauge.peak = max(Gauge.peak, Gauge.busy)
        await asyncio.sleep(0.01)
        Gauge.busy -= len(slots)
        return await super().generate(slots, ctx)


@register
class Noop(RecordStage[StageParams]):
    """Passes records through untouched."""

    name = "debug.noop"
    batch_size = 4096

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        return batch


class FailParams(StageParams):
    """``reason`` for every failure; ``times`` failures per record before it passes (counted
    in ``counter_dir``, one file per record, so a later run sees earlier attempts); only the
    records of ``slots`` or whose attributes include ``match``, when given."""

    reason: str = "the stage is broken"
    times: int = 1_000_000
    counter_dir: str | None = None
    slots: list[int] | None = None
    match: dict[str, str] = {}


@register
class Fail(RecordStage[FailParams]):
    """Quarantines every record with one reason, ``times`` times per record."""

    name = "debug.fail"

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        from pathlib import Path

        for rec in batch:
            if (self.params.slots is not None and rec.slot not in self.params.slots) or any(
                    rec.attributes.get(k) != v for k, v in self.params.match.items()):
                continue
            attempts = 0
            if self.params.counter_dir is not None:
                path = Path(self.params.counter_dir) / rec.id
                attempts = int(path.read_text()) if path.exists() else 0
                path.write_text(str(attempts + 1))
            if attempts < self.params.times:
                rec.fail(self.label, self.params.reason)
        return batch


@register
class HeavyModules(RecordStage[StageParams]):
    """CPU-bound: records which heavy libraries the pool worker has imported."""

    name = "debug.heavy_modules"
    cpu_bound = True

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        import sys

        heavy = sorted(m for m in ("pyarrow", "pandas", "datasets", "torch") if m in sys.modules)
        for rec in batch:
            rec.data["heavy"] = heavy
        return batch


class SleepParams(StageParams):
    """``seconds`` per batch; ``started``: a file touched when a batch starts."""

    seconds: float = 30.0
    started: str | None = None


@register
class Sleep(RecordStage[SleepParams]):
    """CPU-bound (so it runs in the pool): sleeps on every batch, for interrupting."""

    name = "debug.sleep"
    cpu_bound = True

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        import time
        from pathlib import Path

        if self.params.started:
            Path(self.params.started).touch()
        time.sleep(self.params.seconds)
        return batch


@register
class Shout(RecordStage[StageParams]):
    """Rewrites ``response`` in capitals (a transform: the original is kept, not exported)."""

    name = "debug.shout"

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        for rec in batch:
            response = rec.data.get("response")
            if isinstance(response, str):
                rec.rewrite(self.label, "response", response.upper())
        return batch
