"""The stage reference shown by ``synthloop stages``, generated from the registry and each
stage's params model (so it cannot drift from the code)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from synthloop.registry import available, get_stage


@dataclass
class ParamDoc:
    name: str
    type: str
    default: str
    description: str


@dataclass
class StageDoc:
    name: str
    kind: str
    summary: str
    output_fields: str
    needs_teacher: bool
    params: list[ParamDoc]
    params_doc: str


def _type_text(info: FieldInfo) -> str:
    text = str(info.annotation).replace("typing.", "")
    return text.removeprefix("<class '").removesuffix("'>")


def _default_text(info: FieldInfo) -> str:
    if info.is_required():
        return "(required)"
    if info.default_factory is not None:
        return repr(info.get_default(call_default_factory=True, validated_data={}))
    return "" if info.default is PydanticUndefined else repr(info.default)


def stage_doc(name: str) -> StageDoc:
    cls = get_stage(name)
    instance_fields: tuple[str, ...] | None = cls.output_fields or None
    params = [ParamDoc(k, _type_text(f), _default_text(f), f.description or "")
              for k, f in cls.Params.model_fields.items()]
    return StageDoc(
        name=name, kind=cls.kind,
        summary=cls.summary() or "(no description: the stage class has no docstring)",
        output_fields=", ".join(instance_fields) if instance_fields else
        ("(from the answer or the parameters)" if cls.kind == "generate" else "(none)"),
        needs_teacher=cls.needs_teacher, params=params,
        params_doc=inspect.cleandoc(cls.Params.__doc__ or "") if cls.Params.__doc__ else "")


def all_stage_docs() -> list[StageDoc]:
    return [stage_doc(name) for name in available()]


def as_dict(doc: StageDoc) -> dict[str, Any]:
    return {"name": doc.name, "kind": doc.kind, "summary": doc.summary,
            "output_fields": doc.output_fields, "needs_teacher": doc.needs_teacher,
            "params": [p.__dict__ for p in doc.params]}
