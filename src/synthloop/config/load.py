"""Spec files in, models out: YAML parsed with locations, validated against the models, every
problem one ``file:line:column: key.path: message`` line of a single SpecError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from synthloop.config.located import Locator, format_errors, parse_mapping, read_document
from synthloop.config.spec import Spec
from synthloop.config.teachers import TeachersFile, TeacherSpec
from synthloop.errors import SpecError

SPEC_KEYS = "name:, target:, stages:, ..."  # what a spec holds, named when it is no mapping


def read_spec(path: str | Path) -> tuple[dict[str, Any], Locator]:
    """A spec file's mapping and where each key sits in it."""
    path = Path(path)
    return parse_spec_text(read_document(path, "spec"), file=str(path))


def parse_spec_text(text: str, *, file: str = "<spec>") -> tuple[dict[str, Any], Locator]:
    """A spec's YAML text as a mapping, and where each key sits in it."""
    return parse_mapping(text, file=file, what="a spec", keys=SPEC_KEYS)


def spec_model(raw: dict[str, Any] | Spec, locator: Locator | None = None,
               path: Path | None = None) -> Spec:
    """The Spec of a mapping (validated here, SpecError with located lines) or of a Spec
    built in Python (already validated: taken as it is). ``path`` is where it came from."""
    if isinstance(raw, Spec):
        spec = raw
    else:
        try:
            spec = Spec.model_validate(raw)
        except ValidationError as exc:
            raise SpecError(format_errors(exc, raw, locator or Locator("<spec>", None), Spec,
                                          ())) from None
    if path is not None:
        spec._path = path.resolve()
    return spec


def teachers_of(raw: dict[str, Any], locator: Locator) -> dict[str, TeacherSpec]:
    """The ``teachers:`` of a mapping that need not be a runnable spec."""
    try:
        return TeachersFile.model_validate(raw).teachers
    except ValidationError as exc:
        raise SpecError(format_errors(exc, raw, locator, TeachersFile, ())) from None
