"""The experiment file: typed models, YAML in, located errors out.

An experiment asks one question: does training a *student* on the synthetic data help on
*evaluations no generator wrote*? It names the data (synthetic, optionally real), the arms (which
mix of the two each student trains on), the student, the held-out evaluation sets and the number
of seeds. Errors use the spec's machinery, so they read ``file:line:col: key.path: message``.

```yaml
name: banking77-5shot
synthetic: [{run: ../runs/banking77, fields: {text: text, label: label}}]
real: {path: ../../../shared/data/banking77/train.csv, fields: {label: category}, per_label: 5}
arms:
  - {name: real-only, real: all}
  - {name: synthetic-only, synthetic: all}
  - {name: real+synthetic, real: all, synthetic: all}
student: {kind: embedding_classifier}
evals: [{name: test, path: ../../../shared/data/banking77/test.csv,
         fields: {label: category}, metric: accuracy}]
seeds: 3
```
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    field_validator,
    model_validator,
)

from synthloop.config.students import (  # noqa: F401 - re-exported for the students
    CausalLMSFTSpec,
    CommandSpec,
    EmbeddingClassifierSpec,
    LoraSpec,
    StudentSpec,
    student_kinds,
    student_spec_class,
)
from synthloop.errors import SpecError
from synthloop.config.located import Locator, format_errors, key_path, parse_mapping, read_document


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DataSpec(_Model):
    """A dataset: a synthloop run directory (its accepted records) or a JSONL, CSV or Parquet
    file. ``fields`` maps canonical names to the source's names (``{label: category}`` reads the
    ``label`` a student needs from the ``category`` column); unmapped names are read as is.

    ``per_label`` draws that many items per label and ``sample`` that many items in all; for
    training data the draw changes with the seed (so seeds also vary the data), for evaluation
    sets it is fixed, so every arm and seed sees the same items.
    """

    run: str | None = None
    path: str | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    per_label: PositiveInt | None = None
    sample: PositiveInt | None = None

    @model_validator(mode="after")
    def _one_source(self) -> DataSpec:
        if (self.run is None) == (self.path is None):
            raise ValueError("give exactly one of `run:` (a run directory) or `path:` (a file)")
        return self

    @property
    def where(self) -> str:
        return str(self.run if self.run is not None else self.path)


class EvalSpec(DataSpec):
    """A held-out evaluation set and the metric to score it with."""

    name: str = Field(min_length=1)
    metric: str = "accuracy"


class ArmSpec(_Model):
    """What one arm trains on: ``real`` and ``synthetic`` items, ``all`` or a count, or a
    ``ratio`` of synthetic to real items (``ratio: 2`` with 385 real items adds 770 synthetic
    ones), or a ``share`` of synthetic items in a training set the size of the real draw
    (``share: 0.25`` with 385 real items: 289 real and 96 synthetic). An arm with neither
    trains nothing: the untouched student is the baseline. ``synthetic_weight`` is what one
    synthetic item counts in the student's loss against one real item (below 1: synthetic
    data that may be wrong moves the model less than the real data; students that take
    weights only). ``label_names: true`` adds one item per label of the real data, its text
    the label as words ("card_arrival" -> "card arrival"), a free baseline for synthetic data
    to beat (:mod:`synthloop.measure.label_names`); a number instead of ``true`` is what one
    such item counts against one real item."""

    name: str = Field(min_length=1)
    real: int | Literal["all"] = 0
    synthetic: int | Literal["all"] = 0
    ratio: PositiveFloat | None = None
    share: Annotated[float, Field(gt=0, le=1)] | None = None
    synthetic_weight: PositiveFloat = 1.0
    label_names: float = 0.0  # the weight of each label-name item; 0: none are added

    @field_validator("label_names", mode="before")
    @classmethod
    def _names_weight(cls, value: object) -> object:
        """``true`` is weight 1 and ``false`` 0, so YAML's booleans and numbers both read."""
        if isinstance(value, bool):
            return float(value)
        if isinstance(value, int | float) and value >= 0:
            return value
        raise ValueError("give `true`, `false` or a weight (what one label-name item counts "
                         "against one real item)")

    @field_validator("real", "synthetic", mode="before")
    @classmethod
    def _count(cls, value: object) -> object:
        """Before pydantic's own checks, so a wrong value reads as this one message."""
        if value == "all" or (isinstance(value, int) and value >= 0):
            return value
        raise ValueError("give `all` or a number of items")

    @model_validator(mode="after")
    def _ratio(self) -> ArmSpec:
        if self.ratio is not None and self.synthetic != 0:
            raise ValueError("give `synthetic:` or `ratio:`, not both")
        if self.ratio is not None and self.real == 0:
            raise ValueError("`ratio:` is relative to the real items; set `real:` too")
        if self.share is not None and (self.real != "all" or self.synthetic != 0
                                       or self.ratio is not None):
            raise ValueError("`share:` replaces part of the real draw; give it with `real: all` "
                             "and no `synthetic:` or `ratio:`")
        return self

    @property
    def uses_synthetic(self) -> bool:
        return self.synthetic != 0 or self.ratio is not None or self.share is not None


class CurveSpec(_Model):
    """Arms made for the curve of the metric against the synthetic data: real plus
    ``multiples`` times the real draw of synthetic items (``0`` is the real-only arm), and
    training sets the size of the real draw with ``shares`` of them synthetic. Points that need
    more synthetic items than there are are left out, with a note."""

    multiples: list[PositiveFloat] = Field(default_factory=lambda: [1.0, 2.0, 4.0, 8.0])
    shares: list[Annotated[float, Field(gt=0, le=1)]] = Field(default_factory=list)

    def arms(self) -> list[ArmSpec]:
        out = [ArmSpec(name=f"real+{m:g}x", real="all", ratio=m) for m in self.multiples]
        out += [ArmSpec(name=f"share {s:.0%}", real="all", share=s) for s in self.shares]
        return out


class BootstrapSpec(_Model):
    samples: Annotated[int, Field(ge=100, le=1_000_000)] = 5000
    confidence: Annotated[float, Field(gt=0.5, lt=1.0)] = 0.95


class ExperimentSpec(_Model):
    """Arms x seeds trainings of one student, each scored on every evaluation set.

    ``baseline`` names the arm the others are compared with (default: the first arm).
    ``synthetic`` may be left out only where the experiment runs as a stage of a spec, which
    supplies the run's own accepted records. ``labels: check`` refuses arms that train on
    labels an evaluation lacks; ``labels: evaluation`` drops such training items instead (see
    :mod:`synthloop.measure.labels`). ``curve`` adds the arms of a curve (:class:`CurveSpec`)
    after ``arms`` (by default a real-only baseline).
    """

    name: str = Field(default="experiment", pattern=r"^[A-Za-z0-9_.+-]+$")
    synthetic: list[DataSpec] = Field(default_factory=list)
    real: DataSpec | None = None
    arms: list[ArmSpec] = Field(default_factory=list)
    baseline: str | None = None
    student: StudentSpec
    evals: list[EvalSpec] = Field(min_length=1)
    seeds: PositiveInt = 3
    seed: int = 0
    bootstrap: BootstrapSpec = Field(default_factory=BootstrapSpec)
    cache_dir: str | None = None
    labels: Literal["check", "evaluation"] = "check"
    curve: CurveSpec | None = None

    _base_dir: Path | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ExperimentSpec:
        if self.curve is not None:
            if self.real is None:
                raise ValueError("`curve:` mixes synthetic into the real data; name it in `real:`")
            given = self.arms or [ArmSpec(name="real-only", real="all")]
            self.arms = [*given, *(a for a in self.curve.arms()
                                   if a.name not in {g.name for g in given})]
        if not self.arms:
            self.arms = _default_arms(has_real=self.real is not None)
        names = [a.name for a in self.arms]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"arm name used twice: {', '.join(dupes)}")
        if self.baseline is not None and self.baseline not in names:
            raise ValueError(f"baseline {self.baseline!r} is not an arm ({', '.join(names)})")
        if self.real is None and any(a.real != 0 for a in self.arms):
            raise ValueError("an arm uses real data but `real:` names none")
        named = [a.name for a in self.arms if a.label_names]
        if self.real is None and named:
            raise ValueError(f"arm(s) {', '.join(map(repr, named))} set `label_names:`, which "
                             "takes the labels of the real data; name it in `real:`")
        evals = [e.name for e in self.evals]
        if len(set(evals)) != len(evals):
            raise ValueError("two evaluation sets share a name")
        allowed = self.student.metrics_scored()
        for ev in self.evals:
            if ev.metric not in allowed:
                raise ValueError(f"student {self.student.kind!r} cannot score metric "
                                 f"{ev.metric!r} (eval {ev.name!r}); it scores "
                                 f"{', '.join(sorted(allowed))}")
        return self

    @property
    def seed_list(self) -> list[int]:
        return list(range(self.seeds))

    @property
    def curve_arms(self) -> list[str]:
        """Names of the arms the curve made (empty without ``curve:``)."""
        return [a.name for a in self.curve.arms()] if self.curve is not None else []

    @property
    def baseline_arm(self) -> str:
        return self.baseline or self.arms[0].name

    @property
    def base_dir(self) -> Path:
        return self._base_dir or Path.cwd()

    def resolve(self, path: str) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p


def _default_arms(*, has_real: bool) -> list[ArmSpec]:
    if has_real:
        return [ArmSpec(name="real-only", real="all"),
                ArmSpec(name="synthetic-only", synthetic="all"),
                ArmSpec(name="real+synthetic", real="all", synthetic="all")]
    return [ArmSpec(name="no-training"), ArmSpec(name="synthetic-only", synthetic="all")]


def load_experiment(path: str | Path, *, require_synthetic: bool = True) -> ExperimentSpec:
    """Read and validate an experiment file; raise SpecError (exit 2) with located messages.
    ``require_synthetic=False`` where a spec's run supplies the synthetic data; an experiment
    whose arms use none may leave ``synthetic:`` out either way."""
    path = Path(path)
    data, locator = parse_mapping(read_document(path, "experiment"), file=str(path),
                                  what="an experiment",
                                  keys="synthetic:, arms:, student:, evals:, ...")
    return validate_experiment(data, locator=locator, base_dir=path.resolve().parent,
                               require_synthetic=require_synthetic)


def validate_experiment(
    data: dict[str, Any], *, locator: Locator | None = None, base_dir: Path | None = None,
    require_synthetic: bool = False,
) -> ExperimentSpec:
    """Validate a mapping as an experiment; every problem (the student's, the other keys',
    missing files) is one located line of a single SpecError, so one pass fixes them all."""
    locator = locator or Locator("<experiment>", None)
    data = dict(data)
    issues: list[str] = []
    if "student" in data:
        try:
            data["student"] = _validate_student(data["student"], locator)
        except SpecError as exc:
            issues += exc.issues
    exp: ExperimentSpec | None = None
    try:
        exp = ExperimentSpec.model_validate(data)
    except ValidationError as exc:
        errors = format_errors(exc, data, locator, ExperimentSpec, ())
        # a student already reported above fails here again, under pydantic's names
        issues += [e for e in errors if not (issues and ": student" in e)]
    root = base_dir or Path.cwd()
    issues += [f"{locator.where(loc)}: {key_path(loc)}: {p} does not exist"
               for loc, p in _paths(data, root) if not p.exists()]
    if require_synthetic and _needs_synthetic(exp, data) and not data.get("synthetic"):
        issues.append(f"{locator.where(())}: synthetic: required key is missing (a run "
                      "directory or a file of synthetic data)")
    if issues or exp is None:
        raise SpecError(issues)
    exp._base_dir = base_dir
    return exp


def _needs_synthetic(exp: ExperimentSpec | None, data: dict[str, Any]) -> bool:
    """Whether an arm trains on synthetic data: an experiment of real data alone (real-only
    against real + label names) needs none. Where the experiment failed to validate, its arms
    are read one by one, so that a wrong value in one is not also reported as a missing
    ``synthetic:``."""
    if exp is not None:
        return any(a.uses_synthetic for a in exp.arms)
    arms = data.get("arms")
    if not isinstance(arms, list) or not arms or data.get("curve") is not None:
        return True  # the default arms and a curve's use synthetic data
    for raw in arms:
        try:
            if ArmSpec.model_validate(raw).uses_synthetic:
                return True
        except ValidationError:
            continue  # reported with the experiment's errors
    return False


def _validate_student(raw: Any, locator: Locator) -> BaseModel:
    """Validate ``student:`` by its ``kind`` first, so that its errors read ``student.C`` (not
    pydantic's ``student.embedding_classifier.C``) and unknown keys get a did-you-mean."""
    loc: tuple[str, ...] = ("student",)
    if not isinstance(raw, dict):
        raise SpecError([(f"{locator.where(loc)}: student: a mapping with `kind:` ("
                          f"{', '.join(student_kinds())}), got {type(raw).__name__}")])
    kind = raw.get("kind")
    kinds = student_kinds()
    if kind not in kinds:
        close = difflib.get_close_matches(str(kind), kinds, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else f"one of {', '.join(kinds)}"
        where = locator.where((*loc, "kind")) if "kind" in raw else locator.where(loc)
        got = "is missing" if kind is None else f"{kind!r} is not a student"
        raise SpecError([f"{where}: student.kind: {got}; {hint}"])
    try:
        cls = student_spec_class(kind)
    except KeyError as exc:  # a plugin without a Spec
        raise SpecError([f"{locator.where((*loc, 'kind'))}: student.kind: {exc.args[0]}"]
                        ) from None
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        raise SpecError(format_errors(exc, raw, locator, cls, loc)) from None


def _paths(data: dict[str, Any], base_dir: Path) -> list[tuple[tuple[str | int, ...], Path]]:
    """The run directories and files the experiment names, read from the raw mapping so that
    they are checked even when other keys are wrong."""
    places: list[tuple[tuple[str | int, ...], Any]] = []
    for key in ("synthetic", "evals"):
        items = data.get(key)
        places += [((key, i), item) for i, item in enumerate(items)] if isinstance(
            items, list) else []
    places.append((("real",), data.get("real")))
    out: list[tuple[tuple[str | int, ...], Path]] = []
    for loc, item in places:
        if not isinstance(item, dict):
            continue
        for field in ("run", "path"):
            if isinstance(item.get(field), str):
                p = Path(item[field]).expanduser()
                out.append(((*loc, field), p if p.is_absolute() else base_dir / p))
    return out
