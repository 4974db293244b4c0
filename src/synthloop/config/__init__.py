"""Configuration: the models of a spec and of its parts (teachers, students, exports, run
options), YAML loading with located errors, and the plugin mechanism's names.

The package imports nothing of the engine (stages, teachers, executors, exports, the store):
a spec can be read, validated and written without loading any of them. Checking a spec
against the stages it names is the engine's (:mod:`synthloop.spec_check`).
"""

from synthloop.config.exports import BUILTIN_FORMATS, BUILTIN_STYLES, Format, Style
from synthloop.config.spec import (
    AxisValues,
    BudgetSpec,
    OutputsSpec,
    PriceSpec,
    QuotaSpec,
    RunOptions,
    SkillSpec,
    SourceSpec,
    Spec,
    StageSpec,
    TargetSpec,
)
from synthloop.config.students import (
    CausalLMSFTSpec,
    CommandSpec,
    EmbeddingClassifierSpec,
    LoraSpec,
    StudentConfig,
    StudentSpec,
)
from synthloop.config.teachers import (
    LocalTeacherSpec,
    OpenAIBatchTeacherSpec,
    OpenAITeacherSpec,
    SamplingSpec,
    TeacherConfig,
    TeachersFile,
    TeacherSpec,
    TransformersTeacherSpec,
)

__all__ = [
    "BUILTIN_FORMATS", "BUILTIN_STYLES", "AxisValues", "BudgetSpec", "CausalLMSFTSpec",
    "CommandSpec", "EmbeddingClassifierSpec", "Format", "LocalTeacherSpec", "LoraSpec",
    "OpenAIBatchTeacherSpec", "OpenAITeacherSpec", "OutputsSpec", "PriceSpec", "QuotaSpec",
    "RunOptions", "SamplingSpec", "SkillSpec", "SourceSpec", "Spec", "StageSpec",
    "StudentConfig", "StudentSpec", "Style", "TargetSpec", "TeacherConfig", "TeacherSpec",
    "TeachersFile", "TransformersTeacherSpec",
]
