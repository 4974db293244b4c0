"""Teacher specs: the ``teachers:`` of a spec, one model per backend.

A spec's teacher is validated by the model of its ``backend``: a built-in one below, or the
``Spec`` of the teacher class a plugin registers under that name in the ``synthloop.teachers``
entry-point group (see :mod:`synthloop.config.plugins`). So adding a backend is one file that
defines its spec model and its teacher, and no union here grows.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    SerializeAsAny,
)

from synthloop.config.base import ConfigModel
from synthloop.config.plugins import TEACHERS, names_with_plugins, plugin_config_class

Feature = Literal["tools", "logprobs", "completion"]


class SamplingSpec(ConfigModel):
    temperature: Annotated[float, Field(ge=0.0, le=2.0)] = 0.7
    top_p: Annotated[float, Field(gt=0.0, le=1.0)] = 1.0
    max_tokens: PositiveInt = 512
    n: PositiveInt = 1
    seed: int | None = None
    stop: list[str] | None = None

    def sampling(self) -> dict[str, Any]:
        """The sampling parameters alone: what enters cache keys and lineage."""
        return self.model_dump(include=set(SamplingSpec.model_fields))


class TeacherConfig(SamplingSpec):
    """Base of every backend's spec: ``backend`` names it; ``features`` are what the backend
    can do beyond chat (what `synthloop check` tells a stage that needs one)."""

    backend: str
    features: ClassVar[frozenset[Feature]] = frozenset()

    @classmethod
    def config_for(cls, raw: Any) -> type[BaseModel] | None:
        """The model that validates ``raw`` (by its ``backend``), for located errors."""
        backend = raw.get("backend") if isinstance(raw, dict) else None
        try:
            return teacher_spec_class(backend) if isinstance(backend, str) else None
        except ValueError:
            return None


class OpenAITeacherSpec(TeacherConfig):
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
    # server only knows ``{"type": "json_object", "schema": ...}``; ``prompt`` puts it in the
    # prompt. ``auto`` starts with json_schema and steps down when the server refuses it.
    structured_output: Literal["auto", "json_schema", "json_object", "prompt"] = "auto"
    features: ClassVar[frozenset[Feature]] = frozenset({"tools", "logprobs"})


class LocalTeacherSpec(TeacherConfig):
    """llama.cpp in a host process of the run; the bundled SmolLM2-135M-Instruct GGUF unless
    ``model_path``. ``parallel``: requests kept in flight, spread over up to one single-thread
    context per usable CPU, the sequences on a context decoded in one batch per step (each
    with its own ``n_ctx`` window; see ``teachers/llama_batch.py``). ``n_threads``: threads per
    context (default: one, fastest for the bundled model, whose matrices are too small to pay
    for a second thread's barriers). ``weights``: serve the GGUF's weights converted once to
    this type, which batches faster than the bundled Q4_1 (cached on disk, keyed by the file's
    SHA-256; ``teachers/llama_weights.py``), or ``file`` as stored; default
    :data:`~synthloop.teachers.local.BUNDLED_WEIGHTS` for the bundled model, ``file`` for
    ``model_path``. A conversion changes the model's answers (seeded ones stay reproducible)."""

    backend: Literal["local"]
    model_path: str | None = None
    n_ctx: PositiveInt = 2048
    n_threads: PositiveInt | None = None
    weights: Literal["file", "q8_0", "q4_0", "iq4_nl"] | None = None
    parallel: Annotated[int, Field(ge=1, le=64)] = 1
    features: ClassVar[frozenset[Feature]] = frozenset({"tools", "logprobs", "completion"})


class TransformersTeacherSpec(TeacherConfig):
    """Any local Hugging Face causal-LM directory."""

    backend: Literal["transformers"]
    path: str
    device: str = "cpu"
    features: ClassVar[frozenset[Feature]] = frozenset({"completion"})


class OpenAIBatchTeacherSpec(TeacherConfig):
    """An OpenAI-compatible batch API (``/v1/files`` + ``/v1/batches``): about half the price,
    answers within ``completion_window``. Requests are collected and sent as one batch when
    ``batch_size`` are waiting or none arrived for ``flush_after_s``; the batch id is kept in
    the run store, so a run stopped after submitting waits for that batch instead of paying
    again."""

    backend: Literal["openai_batch"]
    base_url: str
    model: str
    api_key_env: str | None = None
    timeout_s: PositiveFloat = 60.0
    batch_size: PositiveInt = 1000
    flush_after_s: PositiveFloat = 2.0
    poll_interval_s: PositiveFloat = 30.0
    completion_window: str = "24h"


BUILTIN_TEACHERS: dict[str, type[TeacherConfig]] = {
    "openai": OpenAITeacherSpec,
    "local": LocalTeacherSpec,
    "transformers": TransformersTeacherSpec,
    "openai_batch": OpenAIBatchTeacherSpec,
}


def teacher_backends() -> list[str]:
    """Built-in backends, then those of installed plugins (names only: nothing imported)."""
    return names_with_plugins(BUILTIN_TEACHERS, TEACHERS)


def teacher_spec_class(backend: str) -> type[TeacherConfig]:
    """The spec model of ``backend``; ValueError naming the backends if there is none."""
    return plugin_config_class(backend, BUILTIN_TEACHERS, TEACHERS, TeacherConfig,
                               what="teacher backend", noun="teacher", error=ValueError,
                               listed="the backends are")


def backends_with(feature: Feature) -> tuple[str, ...]:
    """The backends offering ``feature`` (what `synthloop check` can tell a stage); a plugin's
    spec declares its own ``features``."""
    return tuple(name for name in teacher_backends()
                 if feature in teacher_spec_class(name).features)


def _as_teacher_spec(raw: Any) -> Any:
    if not isinstance(raw, dict):
        return raw  # a model built in Python, or a type error pydantic reports
    backend = raw.get("backend")
    if backend is None:
        raise ValueError(f"a teacher needs `backend:` ({', '.join(teacher_backends())})")
    return teacher_spec_class(str(backend)).model_validate(raw)


# A teacher of any backend: validated by its backend's model, dumped with all its fields.
TeacherSpec = Annotated[SerializeAsAny[TeacherConfig], BeforeValidator(_as_teacher_spec)]


class TeachersFile(BaseModel):
    """The ``teachers:`` of a file, whatever else it holds or lacks: enough to name a judge
    (``synthloop judge-eval --spec``) without a runnable spec."""

    model_config = ConfigDict(extra="ignore", defer_build=True)
    teachers: dict[str, TeacherSpec] = Field(default_factory=dict)
