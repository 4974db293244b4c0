"""YAML with locations: parse a mapping keeping where each key path sits in the file, and
turn pydantic errors into ``file:line:column: key.path: what is wrong`` lines with a
did-you-mean for unknown keys. Shared by specs and experiment files.

A model whose concrete class depends on the data (``TeacherConfig`` by ``backend``) says which
with a ``config_for(raw)`` classmethod, so its unknown keys get the right suggestions."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from synthloop.errors import SpecError

Loc = tuple[str | int, ...]

# libyaml's parser where PyYAML was built with it (its wheels are), composed once (below): the
# pure-Python one, composing and loading, took 9.8 ms of CPU for examples/quickstart.yaml and
# 2.3 ms for a five-line spec; this 0.5 and 0.2 ms (medians of 30, load 7).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    """Parse YAML that must be a mapping, keeping where each key path is in the file. The
    document is composed once: its nodes give both the locations and the data."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError([f"{where}: YAML syntax error: {problem}"]) from None
    finally:
        loader.dispose()
    locator = Locator(file, node)
    if not isinstance(data, dict):
        raise SpecError([f"{locator.where(())}: {what} is a YAML mapping ({keys}), got "
                         f"{type(data).__name__}"])
    return data, locator


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
    # pydantic inserts union member tags (e.g. 'list[str]') into error locations
    return "[" in part


def _allowed_keys(model: Any, loc: Loc, raw: Any) -> set[str]:
    """Field names of the model found by walking ``loc`` through the annotations."""
    ann: Any = model
    node: Any = raw
    for part in loc:
        node = _child(node, part)
        ann = _step(ann, part, node)
        if ann is None:
            return set()
    return _fields_of(ann, node)


def _child(node: Any, part: str | int) -> Any:
    """``node[part]`` of a parsed YAML mapping or list, None where there is none."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


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
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        return models[0] if len(models) == 1 else ann
    # a base whose subclass depends on the data (a teacher by its backend, a student by kind)
    config_for = getattr(ann, "config_for", None)
    if callable(config_for):
        return config_for(node) or ann
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
