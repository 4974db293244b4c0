"""Any local Hugging Face causal-LM directory, through transformers (``backend: transformers``).

The tokenizer's chat template formats the messages; ``n`` choices are ``num_return_sequences``;
a raw completion continues its prompt as given (no special tokens added); tools and log-probs
are not offered (see ``Teacher.supports``). Sampling is seeded per request with the global
torch RNG, which is safe because every call runs on the model's one thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from synthloop.spec import TransformersTeacherSpec
from synthloop.teachers.answers import Choice, Messages, RawAnswer, Usage
from synthloop.teachers.base import Feature, Teacher, TeacherUnavailable
from synthloop.teachers.messages import for_template
from synthloop.teachers.offloop import ModelThread


class TransformersTeacher(Teacher):
    """A causal LM loaded with ``AutoModelForCausalLM``. Build with :meth:`from_spec`."""

    features: ClassVar[frozenset[Feature]] = frozenset({"completion"})

    spec: TransformersTeacherSpec
    path: Path
    _thread: ModelThread
    _model: Any
    _tokenizer: Any

    @classmethod
    def from_spec(cls, name: str, spec: TransformersTeacherSpec,
                  **kwargs: Any) -> TransformersTeacher:
        path = Path(spec.path).expanduser()
        if not (path / "config.json").is_file():
            raise TeacherUnavailable(f"teacher {name!r}: {path} is not a Hugging Face model "
                                     "directory (no config.json)")
        sampling = spec.sampling()
        self = cls(name=name, backend="transformers", model=path.name, sampling=sampling,
                   extra_describe={"device": spec.device}, **kwargs)
        self.spec, self.path = spec, path
        self._thread = ModelThread("transformers")
        self._model = self._tokenizer = None
        return self

    def _load(self) -> tuple[Any, Any]:
        if self._model is None:
            try:
                from transformers import AutoModelForCausalLM, AutoTokenizer
            except ImportError:
                raise TeacherUnavailable("the transformers teacher needs transformers and torch: "
                                         "pip install transformers torch") from None
            self._tokenizer = AutoTokenizer.from_pretrained(self.path)
            model = AutoModelForCausalLM.from_pretrained(self.path)
            # PreTrainedModel.to is wrapped by functools.wraps, whose stub leaves `self`
            # unbound: mypy reads the device as the model (transformers 5).
            self._model = model.to(self.spec.device).eval()  # type: ignore[arg-type]
        return self._model, self._tokenizer

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        return await self._thread.run(
            lambda: self._generate(self._render(messages, True), params))

    async def _complete_raw(self, prompt: str, params: dict[str, Any]) -> RawAnswer:
        return await self._thread.run(lambda: self._generate(prompt, params))

    async def _render_chat(self, messages: Messages, add_generation_prompt: bool) -> str:
        return await self._thread.run(lambda: self._render(messages, add_generation_prompt))

    def _render(self, messages: Messages, add_generation_prompt: bool) -> str:
        _, tok = self._load()
        return str(tok.apply_chat_template(for_template(messages, tok.chat_template),
                                           add_generation_prompt=add_generation_prompt,
                                           tokenize=False))

    def _generate(self, prompt: str, params: dict[str, Any]) -> RawAnswer:
        import torch

        model, tok = self._load()
        enc = tok(prompt, return_tensors="pt", add_special_tokens=False).to(self.spec.device)
        if params.get("seed") is not None:
            torch.manual_seed(params["seed"])
        sample = params["temperature"] > 0
        eos = tok.eos_token_id
        with torch.no_grad():
            out = model.generate(
                **enc, do_sample=sample, max_new_tokens=params["max_tokens"],
                num_return_sequences=params.get("n", 1),
                pad_token_id=tok.pad_token_id if tok.pad_token_id is not None else eos,
                **({"temperature": params["temperature"], "top_p": params["top_p"]}
                   if sample else {}))
        n_prompt = enc["input_ids"].shape[1]
        choices, completion_tokens = [], 0
        for row in out[:, n_prompt:].tolist():
            ended = eos is not None and eos in row
            if ended:
                row = row[: row.index(eos)]
            completion_tokens += len(row)
            text = tok.decode(row, skip_special_tokens=True)
            cut = _cut(text, params.get("stop"))
            length = not ended and cut == text and len(row) >= params["max_tokens"]
            choices.append(Choice(cut, finish_reason="length" if length else "stop"))
        return RawAnswer(choices, Usage(n_prompt * len(choices), completion_tokens))

    async def aclose(self) -> None:
        self._thread.close()
        self._model = self._tokenizer = None


def _cut(text: str, stop: list[str] | None) -> str:
    for s in stop or []:
        at = text.find(s)
        if at >= 0:
            text = text[:at]
    return text
