"""The spec: typed models for a run, loaded from YAML with precise errors.

Every error names ``file:line:column``, the key path and what to do; unknown keys get a
did-you-mean. Specs can be built in Python as the same models (``Spec(...)``) and validated
with :func:`validate_spec`.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import orjson
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    model_validator,
)

from synthloop.errors import DataError, SpecError


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# -- target distribution -------------------------------------------------------------------
class SkillSpec(_Model):
    """One node of the taxonomy; its share of the dataset is weight / sum of weights."""

    skill: str
    weight: PositiveFloat = 1.0
    description: str | None = None


class QuotaSpec(_Model):
    """Bounds on the number of accepted records in the cells matching ``match``."""

    match: dict[str, str]
    min: NonNegativeInt | None = None
    max: NonNegativeInt | None = None

    @model_validator(mode="after")
    def _bounds(self) -> QuotaSpec:
        if self.min is None and self.max is None:
            raise ValueError("a quota needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"quota min {self.min} is above max {self.max}")
        return self


class TargetSpec(_Model):
    """The target distribution: size of the accepted dataset, taxonomy, attribute axes.

    ``attributes`` maps an axis to its values, either a list (equal weights) or a mapping of
    value to weight. The plan crosses skills with every axis; ``oversample`` generates a little
    more than needed in the first round, and later rounds (up to ``max_rounds``) top up the
    cells that validation and curation left short.
    """

    size: PositiveInt
    taxonomy: list[SkillSpec] = Field(default_factory=list)
    attributes: dict[str, list[str] | dict[str, PositiveFloat]] = Field(default_factory=dict)
    quotas: list[QuotaSpec] = Field(default_factory=list)
    oversample: Annotated[float, Field(ge=1.0, le=10.0)] = 1.05
    max_rounds: Annotated[int, Field(ge=1, le=50)] = 5

    @model_validator(mode="after")
    def _unique(self) -> TargetSpec:
        skills = [s.skill for s in self.taxonomy]
        dupes = sorted({s for s in skills if skills.count(s) > 1})
        if dupes:
            raise ValueError(f"skill listed twice in taxonomy: {', '.join(dupes)}")
        for axis, values in self.attributes.items():
            if len(values) == 0:
                raise ValueError(f"attribute axis {axis!r} has no values")
        return self


# -- teachers ------------------------------------------------------------------------------
class SamplingSpec(_Model):
    temperature: Annotated[float, Field(ge=0.0, le=2.0)] = 0.7
    top_p: Annotated[float, Field(gt=0.0, le=1.0)] = 1.0
    max_tokens: PositiveInt = 512
    n: PositiveInt = 1
    seed: int | None = None
    stop: list[str] | None = None

    def sampling(self) -> dict[str, Any]:
        """The sampling parameters alone: what enters cache keys and lineage."""
        return self.model_dump(include=set(SamplingSpec.model_fields))


class OpenAITeacherSpec(SamplingSpec):
    """Any OpenAI-compatible chat-completions endpoint (vLLM, SGLang, llama.cpp, Ollama,
    OpenAI). ``api_key_env`` names the environment variable holding the key; the key itself is
    never stored."""

    backend: Literal["openai"]
    base_url: str
    model: str
    api_key_env: str | None = None
    timeout_s: PositiveFloat = 60.0
    max_retries: NonNegativeInt = 6
    max_concurrency: PositiveInt = 64
    min_concurrency: PositiveInt = 1
    # How a JSON schema is sent: OpenAI/vLLM/SGLang take ``json_schema``; llama-cpp-python's
    # server only knows ``{"type": "json_object", "schema": ...}``.
    structured_output: Literal["json_schema", "json_object"] = "json_schema"


class LocalTeacherSpec(SamplingSpec):
    """In-process llama.cpp; the bundled SmolLM2-135M-Instruct GGUF unless ``model_path``."""

    backend: Literal["local"]
    model_path: str | None = None
    n_ctx: PositiveInt = 2048
    n_threads: PositiveInt | None = None


class TransformersTeacherSpec(SamplingSpec):
    """Any local Hugging Face causal-LM directory."""

    backend: Literal["transformers"]
    path: str
    device: str = "cpu"


TeacherSpec = Annotated[
    OpenAITeacherSpec | LocalTeacherSpec | TransformersTeacherSpec,
    Field(discriminator="backend"),
]


# -- stages, source, outputs, budget -------------------------------------------------------
class StageSpec(BaseModel):
    """One stage: ``use`` names it in the registry, the other keys are its parameters.

    ``name`` labels it (defaults to ``use``; needed when one stage is used twice); ``teacher``
    names a teacher; ``batch_size``, ``concurrency`` and ``workers`` tune the executor.
    """

    model_config = ConfigDict(extra="allow")

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


class SourceSpec(_Model):
    """Start from existing data instead of generating: JSONL(.gz), CSV, Parquet or a Hugging
    Face dataset directory (``save_to_disk``). ``fields`` maps canonical names to the file's
    columns (``{instruction: prompt}`` reads ``instruction`` from the ``prompt`` column);
    ``attributes`` lists columns that describe the record's slot."""

    path: str
    format: Literal["auto", "jsonl", "csv", "parquet", "hf"] = "auto"
    fields: dict[str, str] = Field(default_factory=dict)
    attributes: list[str] = Field(default_factory=list)
    limit: PositiveInt | None = None


class OutputsSpec(_Model):
    """Exports written at the end of a run into ``<run dir>/export`` (or ``dir``)."""

    formats: list[Literal["jsonl", "parquet", "hf"]] = Field(default_factory=lambda: ["jsonl"])
    style: Literal["chat", "alpaca", "sharegpt", "dpo", "raw"] = "chat"
    dir: str | None = None
    license: str = "unspecified"
    include_rejected: bool = False


class PriceSpec(_Model):
    """USD per million tokens."""

    prompt: Annotated[float, Field(ge=0)] = 0.0
    completion: Annotated[float, Field(ge=0)] = 0.0


class BudgetSpec(_Model):
    """Stop cleanly before exceeding ``max_tokens`` or ``max_cost`` (USD, from ``prices`` per
    model). Raising it and re-running continues where the run stopped."""

    max_tokens: PositiveInt | None = None
    max_cost: PositiveFloat | None = None
    prices: dict[str, PriceSpec] = Field(default_factory=dict)


class Spec(_Model):
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

    # Where the spec came from; relative paths resolve against its folder.
    _path: Path | None = None

    @model_validator(mode="after")
    def _shape(self) -> Spec:
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
        """Hash of everything that decides the records (not outputs or budget)."""
        payload = self.model_dump(mode="json", exclude={"outputs", "budget", "description"})
        return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json", exclude_none=True), sort_keys=False)


# -- loading with locations ----------------------------------------------------------------
Loc = tuple[str | int, ...]


class Locator:
    """Maps key paths of a YAML document to (line, column), 1-based."""

    def __init__(self, file: str, node: yaml.Node | None) -> None:
        self.file = file
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.key_marks: dict[Loc, tuple[int, int]] = {}
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, loc: Loc) -> None:
        self.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                self.key_marks[(*loc, key)] = (
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self._walk(value_node, (*loc, key))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*loc, i))

    def where(self, loc: Loc, *, key: bool = False) -> str:
        if key and loc in self.key_marks:
            line, col = self.key_marks[loc]
            return f"{self.file}:{line}:{col}"
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.marks:
                line, col = self.marks[loc[:n]]
                return f"{self.file}:{line}:{col}"
        return self.file


def key_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def read_document(path: Path, what: str) -> str:
    """The text of a spec or experiment file; SpecError (exit 2) if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError([f"{path}: no such {what} file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([f"{path}: cannot read {what} file: {exc}"]) from None


def parse_mapping(text: str, *, file: str, what: str, keys: str
                  ) -> tuple[dict[str, Any], Locator]:
    """Parse YAML that must be a mapping, keeping where each key path is in the file."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError([f"{where}: YAML syntax error: {problem}"]) from None
    locator = Locator(file, node)
    if not isinstance(data, dict):
        raise SpecError([f"{locator.where(())}: {what} is a YAML mapping ({keys}), got "
                         f"{type(data).__name__}"])
    return data, locator


def load_spec(path: str | Path) -> Spec:
    """Read, parse and validate a spec file; raise SpecError with located messages."""
    path = Path(path)
    return parse_spec(read_document(path, "spec"), file=str(path), path=path)


def parse_spec(text: str, *, file: str = "<spec>", path: Path | None = None) -> Spec:
    data, locator = parse_mapping(text, file=file, what="a spec",
                                  keys="name:, target:, stages:, ...")
    return validate_spec(data, locator=locator, path=path)


def validate_spec(
    data: dict[str, Any] | Spec, *, locator: Locator | None = None, path: Path | None = None
) -> Spec:
    """Validate a spec (a mapping or a Spec built in Python) including each stage's params,
    teacher references and source files. Raises SpecError listing every problem."""
    locator = locator or Locator("<spec>", None)
    raw = data.model_dump(mode="json", exclude_none=True) if isinstance(data, Spec) else data
    try:
        spec = Spec.model_validate(raw)
    except ValidationError as exc:
        raise SpecError(format_errors(exc, raw, locator, Spec, ())) from None
    spec._path = path.resolve() if path else (data._path if isinstance(data, Spec) else None)
    issues = _check_stages(spec, raw, locator)
    issues += _check_source(spec, locator)
    if issues:
        raise SpecError(issues)
    return spec


def stage_params(stage: StageSpec) -> BaseModel:
    """The stage's typed parameters (the spec must already be validated)."""
    from synthloop.registry import get_stage

    return get_stage(stage.use).Params.model_validate(stage.params)


def _check_stages(spec: Spec, raw: dict[str, Any], locator: Locator) -> list[str]:
    from synthloop.registry import get_stage

    issues: list[str] = []
    labels: dict[str, int] = {}
    for i, stage in enumerate(spec.stages):
        loc: Loc = ("stages", i)
        try:
            cls = get_stage(stage.use)
        except KeyError as exc:
            issues.append(f"{locator.where((*loc, 'use'))}: {key_path((*loc, 'use'))}: "
                          f"{exc.args[0]}")
            continue
        except Exception as exc:  # a plugin that fails to import
            issues.append(f"{locator.where((*loc, 'use'))}: {key_path((*loc, 'use'))}: stage "
                          f"{stage.use!r} failed to load: {exc}")
            continue
        if stage.label in labels:
            issues.append(f"{locator.where(loc)}: {key_path(loc)}: stage label {stage.label!r} "
                          f"is already used by stages[{labels[stage.label]}]; add `name:`")
        labels[stage.label] = i
        try:
            cls.Params.model_validate(stage.params)
        except ValidationError as exc:
            stage_raw = raw["stages"][i] if isinstance(raw.get("stages"), list) else {}
            extra_keys = set(StageSpec.model_fields)
            issues += format_errors(exc, stage_raw, locator, cls.Params, loc, extra_keys)
        if stage.teacher is not None and stage.teacher not in spec.teachers:
            known = ", ".join(sorted(spec.teachers)) or "none defined"
            issues.append(f"{locator.where((*loc, 'teacher'))}: {key_path((*loc, 'teacher'))}: "
                          f"teacher {stage.teacher!r} is not defined under `teachers:` "
                          f"(defined: {known})")
    if spec.source is None and spec.stages:
        try:
            first = get_stage(spec.stages[0].use)
        except KeyError:
            first = None
        if first is not None and not _is_generator(first):
            issues.append(f"{locator.where(('stages', 0))}: stages[0]: the first stage must "
                          f"generate records ({spec.stages[0].use!r} does not); add a generate "
                          "stage or a `source:`")
    return issues


def _is_generator(cls: type) -> bool:
    from synthloop.stages import GenerateStage

    return issubclass(cls, GenerateStage)


def _check_source(spec: Spec, locator: Locator) -> list[str]:
    if spec.source is None:
        return []
    src = spec.resolve(spec.source.path)
    loc: Loc = ("source", "path")
    if not src.exists():
        return [f"{locator.where(loc)}: source.path: {src} does not exist; give a JSONL, CSV or "
                "Parquet file or a Hugging Face dataset directory"]
    from synthloop.sources import check_source  # reads the first rows; no heavy library
    from synthloop.tables import ColumnError

    try:
        check_source(spec.source, src)
    except ColumnError as exc:
        loc = ("source", "fields", exc.name)
        return [f"{locator.where(loc)}: {key_path(loc)}: {exc}"]
    except DataError as exc:
        return [f"{locator.where(loc)}: source.path: {exc}"]
    return []


def format_errors(
    exc: ValidationError,
    raw: Any,
    locator: Locator,
    model: type[BaseModel],
    prefix: Loc,
    extra_allowed: set[str] | None = None,
) -> list[str]:
    issues = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and _is_tag(p)))
        full = (*prefix, *loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1], raw) | (extra_allowed or set())
            bad = str(loc[-1])
            close = difflib.get_close_matches(bad, sorted(allowed), n=1, cutoff=0.6)
            hint = (f"did you mean {close[0]!r}?" if close
                    else f"allowed: {', '.join(sorted(allowed))}")
            issues.append(f"{locator.where(full, key=True)}: {key_path(full)}: unknown key "
                          f"{bad!r}; {hint}")
        elif kind == "missing":
            issues.append(f"{locator.where(full[:-1])}: {key_path(full)}: required key is "
                          "missing")
        else:
            got = err.get("input")
            shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
            msg = err["msg"].removeprefix("Value error, ")
            issues.append(f"{locator.where(full)}: {key_path(full)}: {msg}{shown}")
    return issues


def _is_tag(part: str) -> bool:
    # pydantic inserts union member tags (e.g. 'openai', 'list[str]') into error locations
    return part in {"openai", "local", "transformers"} or "[" in part


def _allowed_keys(model: Any, loc: Loc, raw: Any) -> set[str]:
    """Field names of the model found by walking ``loc`` through the annotations."""
    ann: Any = model
    node = raw
    for part in loc:
        node = node[part] if isinstance(node, dict | list) and _has(node, part) else None
        ann = _step(ann, part, node)
        if ann is None:
            return set()
    return _fields_of(ann, node)


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(part, int) and 0 <= part < len(node)


def _fields_of(ann: Any, node: Any) -> set[str]:
    ann = _unwrap(ann, node)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return set(ann.model_fields)
    return set()


def _unwrap(ann: Any, node: Any) -> Any:
    while get_origin(ann) is Annotated:
        ann = get_args(ann)[0]
    if get_origin(ann) is Union or type(ann).__name__ == "UnionType":
        members = [m for m in get_args(ann) if m is not type(None)]
        if isinstance(node, dict) and "backend" in node:
            for m in members:
                if isinstance(m, type) and issubclass(m, BaseModel) and "backend" in m.model_fields:
                    if node["backend"] in get_args(m.model_fields["backend"].annotation):
                        return m
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        return models[0] if len(models) == 1 else ann
    return ann


def _step(ann: Any, part: Any, node: Any) -> Any:
    ann = _unwrap(ann, None)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        field = ann.model_fields.get(str(part))
        return field.annotation if field else None
    origin = get_origin(ann)
    if origin in (list, dict):
        return get_args(ann)[-1]
    return None
