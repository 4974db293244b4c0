"""The stage contract: a named, configured, resumable transform over batches of records.

A stage declares its parameters as a pydantic model (``Params``), so a spec validates before
anything runs, and implements one method. The executor, not the stage, owns batching,
concurrency, checkpoints and progress, so the same stage runs in-process, in a process pool or
on Ray unchanged.

A stage is generic in its parameters model (``class Rules(FilterStage[RulesParams])``): the
model is found from the generic argument, so ``self.params`` is typed and the spec validates
each stage's keys against it. Kinds of stage, each an abstract base with its one method (the
registry refuses any other class):

- :class:`GenerateStage` turns plan slots into new records (``generate``).
- :class:`RecordStage` looks at records batch by batch and appends verdicts or updates content
  (``process``); :class:`FilterStage` is the datatrove-style shortcut whose ``check`` returns
  an :data:`Outcome` per record.
- :class:`CorpusStage` needs the whole dataset (dedup, decontamination): an ``index`` phase over
  every candidate, then a ``decide`` phase batch by batch.
- :class:`ReportStage` computes a verdict-free report over the accepted records (diversity).

Whatever the kind, a stage states what it decided about a record as an :data:`Outcome`
(:class:`Pass`, :class:`Reject`, :class:`Fail`, :class:`Rewrite`) and hands it to
:meth:`Stage.apply`, which binds the stage's label (``<label>.<code>``), writes the verdict and
counts it: the one way a verdict is written, as datatrove's filters return a result that their
base writes and counts.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict

from synthloop.pydantic_plugins import skip_scan_without_plugins
from synthloop.records import Record, Slot, Status

if TYPE_CHECKING:
    from synthloop.spec import Spec
    from synthloop.store import ImportedRows, RunStore

skip_scan_without_plugins()


class StageParams(BaseModel):
    """Base for a stage's typed parameters; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


P = TypeVar("P", bound=StageParams)


@dataclass(frozen=True)
class InputPath:
    """Marks a stage parameter that names a file or folder the stage reads (relative to the
    spec's folder), so that ``check`` refuses a spec whose data is missing instead of the run
    failing later: ``seed_tasks: Annotated[str, InputPath("file")]``."""

    kind: Literal["file", "folder", "any"]

    def problem(self, path: Path) -> str | None:
        """Why ``path`` cannot be read as this kind of input, or None."""
        if not path.exists():
            return f"{path} does not exist (a relative path starts at the spec's folder)"
        if self.kind == "file" and not path.is_file():
            return f"{path} is a folder; give a file"
        if self.kind == "folder" and not path.is_dir():
            return f"{path} is a file; give a folder of documents"
        return None


InputFile = Annotated[str, InputPath("file")]
OptionalInputFile = Annotated[str | None, InputPath("file")]


def input_paths(params: StageParams) -> list[tuple[str, InputPath, str]]:
    """The ``(key, marker, value)`` of each set parameter marked :class:`InputPath`."""
    found = []
    for key, info in type(params).model_fields.items():
        value = getattr(params, key)
        for meta in info.metadata:
            if isinstance(meta, InputPath) and isinstance(value, str):
                found.append((key, meta, value))
    return found

@dataclass(frozen=True, slots=True)
class Pass:
    """The record passes this stage's check ``code``; ``reason`` says why when it is worth
    saying (a short label answer, the detector's finding)."""

    code: str = "ok"
    reason: str = ""
    score: float | None = None
    details: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Reject:
    """The record fails check ``code`` (``too_short``): rejected with ``reason``, the sentence
    with the specifics that a reader of the funnel sees."""

    code: str
    reason: str
    score: float | None = None
    details: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Fail:
    """The stage could not judge the record (a teacher that gave up, a sandbox that did not
    start): quarantined with ``reason``, to be retried, never passed or rejected. ``raw`` is
    the teacher's text, kept in ``data["raw"]`` for the audit."""

    reason: str
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class Rewrite:
    """The record passes with content changed (a redaction): ``fields`` replace those of its
    data, the values before kept as originals; the passing verdict is ``code`` / ``reason``."""

    fields: dict[str, Any]
    code: str
    reason: str = ""


Outcome = Pass | Reject | Fail | Rewrite


def write_outcome(record: Record, label: str, outcome: Outcome) -> str:
    """Write ``outcome`` on ``record`` as stage ``label``'s; the check code it counts under."""
    if isinstance(outcome, Fail):
        if outcome.raw is not None:
            record.data["raw"] = outcome.raw
        record.fail(label, outcome.reason)
        return f"{label}.failed"
    if isinstance(outcome, Rewrite):
        for key, value in outcome.fields.items():
            record.rewrite(label, key, value)
        outcome = Pass(outcome.code, outcome.reason)
    check = f"{label}.{outcome.code}"
    record.add_verdict(label, check, isinstance(outcome, Pass), outcome.reason,
                       score=outcome.score, details=outcome.details)
    return check


def as_outcome(result: bool | tuple[Any, ...] | Outcome) -> Outcome:
    """A filter's ``check`` result as an outcome: an outcome as it is, or datatrove's shape
    (``True``, ``False``, ``(False, reason)``, ``(False, reason, code)``) that plugins use."""
    if isinstance(result, Pass | Reject | Fail | Rewrite):
        return result
    if isinstance(result, tuple):
        passed = bool(result[0])
        reason = str(result[1]) if len(result) > 1 else ""
        code = str(result[2]) if len(result) > 2 else ("ok" if passed else "rejected")
    else:
        passed, reason, code = bool(result), "", "ok" if result else "rejected"
    return Pass(code, reason) if passed else Reject(code, reason)


# The teacher a stage gets when it names none: the bundled local model.
DEFAULT_TEACHER = "local"


@dataclass
class StageContext:
    """What a stage may use while it runs.

    ``store`` and ``teachers`` stay in the pipeline process: a context shipped to a worker
    process (CPU-bound stages) arrives without them. ``decided_through``: the last seq a
    corpus stage decided as a whole (:meth:`CorpusStage.rejections`); the records up to it
    that it kept carry no mark of their own.
    """

    spec_hash: str
    stage: str
    stage_index: int
    seed: int
    run_dir: Path
    spec: Spec | None = None
    store: RunStore | None = None
    teachers: dict[str, Any] = field(default_factory=dict)
    decided_through: int = -1

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
        return record.status is Status.OK and (
            record.stage_done >= self.stage_index
            or (record.seq is not None and record.seq <= self.decided_through))

    def teacher(self, name: str) -> Any:
        """The teacher named in the spec (created lazily by the pipeline)."""
        try:
            return self.teachers[name]
        except KeyError:
            raise KeyError(f"stage {self.stage!r} asked for undefined teacher {name!r}") from None


class Stage(ABC, Generic[P]):
    """Base of every kind: subclasses set ``name`` and implement their kind's one method.

    ``output_fields`` names the data fields the stage writes (shown by ``synthloop stages`` and
    checked against the fields later stages read); ``needs_teacher`` makes a spec that gives
    the stage no teacher, with no default teacher installed, a spec error, and
    :meth:`needs_embedder` one whose machine lacks the bundled embedder.
    """

    name: ClassVar[str] = ""
    kind: ClassVar[str] = ""
    Params: ClassVar[type[StageParams]] = StageParams
    output_fields: ClassVar[tuple[str, ...]] = ()
    cpu_bound: ClassVar[bool] = False  # run batches in a process pool
    batch_size: ClassVar[int] = 256
    needs_teacher: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in getattr(cls, "__orig_bases__", ()):
            args = get_args(base)
            if args and isinstance(args[0], type) and issubclass(args[0], StageParams):
                cls.Params = args[0]

    def __init__(self, params: P, *, label: str | None = None,
                 teacher: str | None = None) -> None:
        self.params: P = params
        self.label = label or self.name
        self.teacher_name = teacher
        self.counts: Counter[str] = Counter()

    def apply(self, record: Record, *outcomes: Outcome) -> None:
        """Write ``outcomes`` on ``record`` under this stage's label, in order, and count each
        by its check code in :attr:`counts` (what this instance decided in this process; a
        worker process of a CPU-bound stage keeps its own)."""
        for outcome in outcomes:
            self.counts[write_outcome(record, self.label, outcome)] += 1

    @classmethod
    def summary(cls) -> str:
        """One line saying what the stage does: the first line of its own docstring. A class
        without one says nothing rather than inherit the description of its kind or parent."""
        doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
        return doc.splitlines()[0] if doc else ""

    def setup(self, ctx: StageContext) -> None:
        """Called once in the pipeline process before the first batch (load models, indexes)."""

    def teacher_calls(self) -> dict[str, int]:
        """At most how many teacher requests one slot (a generator) or one record (other
        stages) costs here, per teacher name, before repairs: `run --dry-run`'s estimate."""
        return {}

    def parallelism(self, ctx: StageContext) -> int:
        """How many records this stage can usefully work on at once (a teacher-driven stage:
        its teacher's concurrency limit); the executor keeps that many in flight."""
        return 1

    # -- what `synthloop check` can know before anything runs ------------------------------
    def writes(self) -> tuple[str, ...] | None:
        """Data fields this stage writes; ``None`` when they depend on the data (a generator
        whose records take the keys of a JSON answer). Defaults to ``output_fields``."""
        return self.output_fields

    def reads(self) -> tuple[str, ...]:
        """Data fields this stage needs every record to have (checked against what earlier
        stages write)."""
        return ()

    def needs_embedder(self) -> bool:
        """Whether these parameters embed text (the bundled MiniLM), so ``check`` can refuse a
        spec the machine cannot run before any teacher is paid."""
        return False

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        """Problems with this stage in ``spec`` beyond its parameters' types, as
        (parameter key or "", message): template variables the slots lack, label keys."""
        return []

    def spec_warnings(self, spec: Spec) -> list[str]:
        """What may make this stage's results doubtful without making the spec wrong (a judge
        of the writer's model family): printed by ``check``, logged by the run."""
        return []

    def describe(self) -> dict[str, Any]:
        """What goes into the lineage of records this stage writes."""
        return {"params": self.params.model_dump(mode="json")}


class GenerateStage(Stage[P]):
    """Produces records from plan slots. Ids must be deterministic in (spec, slot, sample)."""

    kind = "generate"

    def writes(self) -> tuple[str, ...] | None:
        return self.output_fields or None

    @abstractmethod
    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        """The records of ``slots`` (each carrying its slot index)."""


class RecordStage(Stage[P]):
    """Looks at a batch of live records; returns them (with verdicts or updates) plus any
    new child records whose lineage names their parents."""

    kind = "per-record"

    @abstractmethod
    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        """The batch with verdicts appended or content rewritten, plus any children."""


class FilterStage(RecordStage[P]):
    """A rule: ``check`` returns the record's :data:`Outcome` (``Reject("too_long", "31
    words")``), which the base writes as ``<stage>.<code>``.

    A plugin may return datatrove's shape instead: ``True``, ``False``, ``(False, "reason")``
    or ``(False, "reason", "code")``; a failure without a code is ``<stage>.rejected``.
    """

    kind = "filter"

    @abstractmethod
    def check(self, record: Record) -> Outcome | bool | tuple[Any, ...]:
        """The record's outcome (or True, False, (False, reason), (False, reason, code))."""

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        for record in batch:
            self.apply(record, as_outcome(self.check(record)))
        return batch


class CorpusStage(Stage[P]):
    """Needs every candidate before deciding (dedup, decontamination).

    ``index`` sees every live record (and, on resume, those this stage already rejected), in
    ``seq`` order; ``decide`` then sees the undecided records batch by batch. Decisions already
    committed are final (``ctx.decided(record)``), so a resumed or topped-up run keeps its
    earlier choices.
    """

    kind = "corpus"
    # True: ``index`` and ``decide`` get status-only stand-ins (id, seq, data, status and
    # ``stage_done``; no lineage, attributes or originals), and what the stage does to their
    # data is not kept, only their verdicts and status. For a stage that only decides
    # (dedup), building whole records twice was a third of its time.
    stand_ins: ClassVar[bool] = False

    def decides_on_data(self) -> bool:
        """Whether ``decide`` reads the data of its stand-ins (with :attr:`stand_ins`);
        False gives it stand-ins with empty data, for a stage that decides by id alone from
        its index: reading and parsing every text again was most of such a decide pass."""
        return True

    def reset_index(self) -> None:
        """Start a fresh index (called before each index phase)."""

    @abstractmethod
    def index(self, batch: list[Record], ctx: StageContext) -> None:
        """Add a batch of candidates to the index. What the index decides may depend on the
        candidates and their order, not on how they are cut into batches: a fresh source
        import feeds it its own batches (``Pipeline._import_source``), a resumed run the
        store's."""

    def index_imported(self, rows: ImportedRows, ctx: StageContext) -> None:
        """Add a fresh source import's batch, just committed, to the index (see :meth:`index`):
        as records, unless the stage reads the rows' columns itself."""
        self.index(rows.records(), ctx)

    @abstractmethod
    def decide(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        """Verdicts for a batch of undecided records, against the whole index."""

    def rejections(self, ctx: StageContext) -> Iterator[Rejection] | None:
        """Every indexed, undecided record this stage turns down, against the whole index, in
        ``seq`` order: what the driver commits when it decides a stage as a whole (the corpus
        stage right after a source import, to which nothing it passes comes back). The
        records not named pass with no verdict: writing a verdict and a status for each of
        them was most of a source-only dedup's decide pass. None: this stage decides only
        batch by batch (:meth:`decide`)."""
        return None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record a corpus stage turns down as a whole (:meth:`CorpusStage.rejections`): its
    ``seq`` and ``id`` in the store, and the outcome (a :class:`Reject`, or a :class:`Fail`)."""

    seq: int
    id: str
    outcome: Reject | Fail


class ReportStage(Stage[P]):
    """Verdict-free: computes a JSON-able report over the accepted records."""

    kind = "report"

    @abstractmethod
    def report(self, records: Iterable[Record], ctx: StageContext) -> dict[str, Any]:
        """The report over the accepted records."""

    @classmethod
    def tables(cls, label: str, report: dict[str, Any]) -> list[Any]:
        """How ``synthloop status`` shows the report: rich renderables (tables). The default,
        none, prints the report as JSON."""
        return []


KINDS: tuple[type[Stage[Any]], ...] = (GenerateStage, RecordStage, CorpusStage, ReportStage)
