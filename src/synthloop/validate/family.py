"""Model families, for the self-preference warning: a judge rates text written by its own
family higher than humans do (Panickssery et al., 2024, "LLM evaluators recognize and favor
their own generations"), so a judge and a teacher of one family deserve a warning.

The family is the first known family name found in the model's name or path, else the
name's leading letters ("SmolLM2-135M-Instruct.Q4_1.gguf" -> smollm, "gpt-4o-mini" -> gpt).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from synthloop.spec import (
    LocalTeacherSpec,
    OpenAIBatchTeacherSpec,
    OpenAITeacherSpec,
    SamplingSpec,
    Spec,
    TransformersTeacherSpec,
)
from synthloop.stages import DEFAULT_TEACHER

FAMILIES = ("smollm", "llama", "qwen", "mistral", "mixtral", "gemma", "phi", "gpt", "claude",
            "deepseek", "olmo", "falcon", "command", "granite", "yi", "internlm")
_ALIASES = {"mixtral": "mistral"}


def model_family(model: str) -> str:
    """The family of a model name or path (lower case)."""
    name = PurePath(model).name.lower()
    for family in FAMILIES:
        if re.search(rf"(?<![a-z]){family}", name):
            return _ALIASES.get(family, family)
    leading = re.match(r"[a-z]+", name)
    return leading.group(0) if leading else name


def teacher_model(spec: SamplingSpec | None) -> str:
    """The model a teacher spec names (``None``: the bundled local model)."""
    if spec is None or isinstance(spec, LocalTeacherSpec):
        from synthloop.teachers.local import BUNDLED_GGUF

        return spec.model_path if spec is not None and spec.model_path else BUNDLED_GGUF
    if isinstance(spec, TransformersTeacherSpec):
        return spec.path
    if isinstance(spec, OpenAITeacherSpec | OpenAIBatchTeacherSpec):
        return spec.model
    raise TypeError(f"no model name known for a {type(spec).__name__}")


def self_preference(spec: Spec, judge: str) -> list[str]:
    """A warning for each generating stage of ``spec`` whose teacher is of the family of the
    teacher ``judge``."""
    family = model_family(teacher_model(spec.teachers.get(judge)))
    warnings = []
    for stage in spec.stages:
        writer = stage.teacher or DEFAULT_TEACHER
        if stage.use.startswith("generate.") and \
                model_family(teacher_model(spec.teachers.get(writer))) == family:
            warnings.append(
                f"judge teacher {judge!r} and teacher {writer!r} of {stage.name or stage.use} "
                f"are both of the {family} family: judges favour their own family's text "
                "(self-preference); judge with another family")
    return warnings
