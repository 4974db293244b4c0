"""The spec: typed models for a run, built from YAML (:mod:`synthloop.config.load`) or in
Python (``Spec(...)``). Checking a spec against the stages it names is the engine's
(:mod:`synthloop.spec_check`); nothing here imports a stage, a teacher or an executor."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import orjson
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    Tag,
    model_validator,
)

from synthloop.config.base import ConfigModel
from synthloop.config.exports import Format, Style
from synthloop.config.plugins import EXECUTORS, plugin_entry_points
from synthloop.config.teachers import TeacherSpec

BUILTIN_EXECUTORS = ("local", "ray")


def executor_names() -> list[str]:
    """Built-in executors, then those of installed plugins (names only)."""
    return [*BUILTIN_EXECUTORS,
            *sorted(set(plugin_entry_points(EXECUTORS)) - set(BUILTIN_EXECUTORS))]


def unknown_executor(executor: str) -> str:
    names = executor_names()
    return f"unknown executor {executor!r}; use {', '.join(names[:-1])} or {names[-1]}"


def _known_executor(executor: str) -> str:
    if executor not in BUILTIN_EXECUTORS and executor not in executor_names():
        raise ValueError(unknown_executor(executor))
    return executor


# -- target distribution -------------------------------------------------------------------
class SkillSpec(ConfigModel):
    """One node of the taxonomy; its share of the dataset is weight / sum of weights."""

    skill: str
    weight: PositiveFloat = 1.0
    description: str | None = None


class QuotaSpec(ConfigModel):
    """Bounds on the number of accepted records in the cells matching ``match``."""

    match: dict[str, str]
    min: NonNegativeInt | None = None
    max: NonNegativeInt | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        if self.min is None and self.max is None:
            raise ValueError("a quota needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"quota min {self.min} is above max {self.max}")
        return self


# A list or a mapping of weights, chosen by the YAML's shape, so that a bad weight is one
# error (not also "Input should be a valid list"). Tags contain "[": error paths drop them.
AxisValues = Annotated[
    Annotated[list[str], Tag("list[str]")] | Annotated[dict[str, PositiveFloat], Tag("dict[]")],
    Discriminator(lambda v: "list[str]" if isinstance(v, list) else "dict[]"),
]


class TargetSpec(ConfigModel):
    """The target distribution: size of the accepted dataset, taxonomy, attribute axes.

    ``attributes`` maps an axis to its values, either a list (equal weights) or a mapping of
    value to weight. The plan crosses skills with every axis; ``oversample`` generates a little
    more than needed in the first round, and later rounds (up to ``max_rounds``) top up the
    cells that validation and curation left short.
    """

    size: PositiveInt
    taxonomy: list[SkillSpec] = Field(default_factory=list)
    attributes: dict[str, AxisValues] = Field(default_factory=dict)
    quotas: list[QuotaSpec] = Field(default_factory=list)
    oversample: Annotated[float, Field(ge=1.0, le=10.0)] = 1.05
    max_rounds: Annotated[int, Field(ge=1, le=50)] = 5

    @model_validator(mode="after")
    def _unique(self) -> Self:
        skills = [s.skill for s in self.taxonomy]
        dupes = sorted({s for s in skills if skills.count(s) > 1})
        if dupes:
            raise ValueError(f"skill listed twice in taxonomy: {', '.join(dupes)}")
        for axis, values in self.attributes.items():
            if len(values) == 0:
                raise ValueError(f"attribute axis {axis!r} has no values")
        return self


# -- stages, source, outputs, budget -------------------------------------------------------
class StageSpec(BaseModel):
    """One stage: ``use`` names it in the registry, the other keys are its parameters.

    ``name`` labels it (defaults to ``use``; needed when one stage is used twice); ``teacher``
    names a teacher; ``batch_size``, ``concurrency`` and ``workers`` tune the executor.
    """

    model_config = ConfigDict(extra="allow", defer_build=True)

    use: str
    name: str | None = None
    teacher: str | None = None
    batch_size: PositiveInt | None = None
    concurrency: PositiveInt | None = None
    workers: NonNegativeInt | None = None

    @property
    def label(self) -> str:
        return self.name or self.use

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class SourceSpec(ConfigModel):
    """Start from existing data instead of generating: JSONL(.gz), CSV, Parquet, a Hugging
    Face dataset directory (``save_to_disk``) or a folder of documents (text, Markdown, HTML,
    PDF; any folder that is not a dataset), read as chunks of ``chunk_chars`` characters of
    the files matching ``include``. ``fields`` maps canonical names to the file's columns
    (``{instruction: prompt}`` reads ``instruction`` from the ``prompt`` column);
    ``attributes`` lists columns that describe the record's slot."""

    path: str
    format: Literal["auto", "jsonl", "csv", "parquet", "hf", "documents"] = "auto"
    include: list[str] | None = None
    chunk_chars: PositiveInt = 1200
    fields: dict[str, str] = Field(default_factory=dict)
    attributes: list[str] = Field(default_factory=list)
    limit: PositiveInt | None = None


class OutputsSpec(ConfigModel):
    """Exports written at the end of a run into ``<run dir>/export`` (or ``dir``)."""

    formats: list[Format] = Field(default_factory=lambda: ["jsonl"])
    style: Style = "chat"
    dir: str | None = None
    license: str = "unspecified"
    include_rejected: bool = False


class PriceSpec(ConfigModel):
    """USD per million tokens."""

    prompt: Annotated[float, Field(ge=0)] = 0.0
    completion: Annotated[float, Field(ge=0)] = 0.0


class BudgetSpec(ConfigModel):
    """Stop cleanly before exceeding ``max_tokens`` or ``max_cost`` (USD, from ``prices`` per
    model). Raising it and re-running continues where the run stopped."""

    max_tokens: PositiveInt | None = None
    max_cost: PositiveFloat | None = None
    prices: dict[str, PriceSpec] = Field(default_factory=dict)


class RunOptions(ConfigModel):
    """How a run executes, not what it makes: outside the spec hash, so a run started locally
    resumes on Ray and back. ``address`` is a Ray cluster's (``None``: start one here)."""

    executor: Annotated[str, AfterValidator(_known_executor)] = "local"
    address: str | None = None


class Spec(ConfigModel):
    """A synthloop run: what to make, with what, through which checks, exported how."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str | None = None
    seed: int = 0
    target: TargetSpec | None = None
    source: SourceSpec | None = None
    teachers: dict[str, TeacherSpec] = Field(default_factory=dict)
    stages: list[StageSpec] = Field(default_factory=list)
    outputs: OutputsSpec = Field(default_factory=OutputsSpec)
    budget: BudgetSpec | None = None
    run: RunOptions = Field(default_factory=RunOptions)

    # Where the spec came from; relative paths resolve against its folder.
    _path: Path | None = None

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if self.target is None and self.source is None:
            raise ValueError("a spec needs `target:` (to generate) or `source:` (existing data)")
        if not self.stages and self.source is None:
            raise ValueError("`stages:` is empty: name at least one generation stage")
        return self

    @property
    def base_dir(self) -> Path:
        return self._path.parent if self._path else Path.cwd()

    def resolve(self, path: str) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    def content_hash(self) -> str:
        """Hash of everything that decides the records (not outputs, budget or run options)."""
        payload = self.model_dump(mode="json",
                                  exclude={"outputs", "budget", "description", "run"})
        return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]

    def to_yaml(self) -> str:
        """The spec as YAML, without its run options: a dataset card or a run dir's spec.yaml
        is the same whichever executor made the data."""
        return yaml.safe_dump(self.model_dump(mode="json", exclude_none=True, exclude={"run"}),
                              sort_keys=False)


def slot_attribute_names(spec: Spec) -> set[str]:
    """The attribute names every slot of ``spec`` carries (``skill`` with a taxonomy, one per
    attribute axis), for checking templates and label keys before a run."""
    if spec.target is None:
        return set()
    return ({"skill"} if spec.target.taxonomy else set()) | set(spec.target.attributes)
