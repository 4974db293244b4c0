"""The stage contract: a named, configured, resumable transform over batches of records.

A stage declares its parameters as a pydantic model (``Params``), so a spec validates before
anything runs, and implements one method. The executor, not the stage, owns batching,
concurrency, checkpoints and progress, so the same stage runs in-process, in a process pool or
on Ray unchanged.

Kinds of stage:

- :class:`GenerateStage` turns plan slots into new records (``generate``).
- :class:`RecordStage` looks at records batch by batch and appends verdicts or updates content
  (``process``); :class:`FilterStage` is the datatrove-style shortcut whose ``check`` returns
  ``True``, ``False`` or ``(False, "reason")``.
- :class:`CorpusStage` needs the whole dataset (dedup, decontamination): an ``index`` phase over
  every candidate, then a ``decide`` phase batch by batch.
- :class:`ReportStage` computes a verdict-free report over the accepted records (diversity).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from synthloop.records import Record, Status
from synthloop.store import Slot

if TYPE_CHECKING:
    from synthloop.spec import Spec
    from synthloop.store import RunStore


class StageParams(BaseModel):
    """Base for a stage's typed parameters; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class StageContext:
    """What a stage may use while it runs.

    ``store`` and ``teachers`` stay in the pipeline process: a context shipped to a worker
    process (CPU-bound stages) arrives without them.
    """

    spec_hash: str
    stage: str
    stage_index: int
    seed: int
    run_dir: Path
    spec: Spec | None = None
    store: RunStore | None = None
    teachers: dict[str, Any] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["store"] = None
        state["teachers"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def base_dir(self) -> Path:
        """The spec's folder (relative paths in stage parameters resolve against it)."""
        return self.spec.base_dir if self.spec is not None else Path.cwd()

    def resolve(self, path: str) -> Path:
        """A path from the stage's parameters, relative to the spec's folder."""
        return self.spec.resolve(path) if self.spec is not None else Path(path).expanduser()

    def decided(self, record: Record) -> bool:
        """True when this stage already passed the record in an earlier batch or run (its
        decision is final: a resumed or topped-up run never flips it)."""
        return record.status is Status.OK and record.stage_done >= self.stage_index

    def teacher(self, name: str) -> Any:
        """The teacher named in the spec (created lazily by the pipeline)."""
        try:
            return self.teachers[name]
        except KeyError:
            raise KeyError(f"stage {self.stage!r} asked for undefined teacher {name!r}") from None


class Stage:
    """Base class: subclasses set ``name`` and ``Params`` and implement one kind's method."""

    name: ClassVar[str] = ""
    Params: ClassVar[type[StageParams]] = StageParams
    cpu_bound: ClassVar[bool] = False  # run batches in a process pool
    batch_size: ClassVar[int] = 256
    needs_teacher: ClassVar[bool] = False

    def __init__(self, params: StageParams, *, label: str | None = None,
                 teacher: str | None = None) -> None:
        self.params = params
        self.label = label or self.name
        self.teacher_name = teacher

    def setup(self, ctx: StageContext) -> None:
        """Called once in the pipeline process before the first batch (load models, indexes)."""

    def describe(self) -> dict[str, Any]:
        """What goes into the lineage of records this stage writes."""
        return {"params": self.params.model_dump(mode="json")}


class GenerateStage(Stage):
    """Produces records from plan slots. Ids must be deterministic in (spec, slot, sample)."""

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        raise NotImplementedError


class RecordStage(Stage):
    """Looks at a batch of live records; returns them (with verdicts or updates) plus any
    new child records whose lineage names their parents."""

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        raise NotImplementedError


class FilterStage(RecordStage):
    """A rule: ``check`` returns True, False or (False, "reason"); failures reject the record.

    The check code of a failure is ``<stage>.<code>``; return ``(False, "reason", "code")`` to
    set the code, else it is ``<stage>.rejected``.
    """

    def check(self, record: Record) -> bool | tuple[Any, ...]:
        raise NotImplementedError

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        for record in batch:
            apply_check(record, self.label, self.check(record))
        return batch


def apply_check(record: Record, stage: str, outcome: bool | tuple[Any, ...]) -> None:
    """Turn a check's outcome into a verdict on the record."""
    if isinstance(outcome, tuple):
        passed = bool(outcome[0])
        reason = str(outcome[1]) if len(outcome) > 1 else ""
        code = str(outcome[2]) if len(outcome) > 2 else ("ok" if passed else "rejected")
    else:
        passed, reason, code = bool(outcome), "", "ok" if outcome else "rejected"
    record.add_verdict(stage, f"{stage}.{code}", passed, reason)


class CorpusStage(Stage):
    """Needs every candidate before deciding (dedup, decontamination).

    ``index`` sees every live record (and, on resume, those this stage already rejected), in
    ``seq`` order; ``decide`` then sees the undecided records batch by batch. Decisions already
    committed are final (``ctx.decided(record)``), so a resumed or topped-up run keeps its
    earlier choices.
    """

    def reset_index(self) -> None:
        """Start a fresh index (called before each index phase)."""

    def index(self, batch: list[Record], ctx: StageContext) -> None:
        raise NotImplementedError

    def decide(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        raise NotImplementedError


class ReportStage(Stage):
    """Verdict-free: computes a JSON-able report over the accepted records."""

    def report(self, records: Iterable[Record], ctx: StageContext) -> dict[str, Any]:
        raise NotImplementedError
