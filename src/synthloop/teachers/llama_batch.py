"""Continuous batching for llama.cpp: every sequence in flight decodes in one ``llama_batch``.

One engine thread owns a llama.cpp context with ``slots`` sequences (``n_seq_max``), each with
its own ``n_ctx`` window of the KV cache. Each step it builds one batch: the last sampled token
of every generating sequence, then as many prompt tokens of newly arrived sequences as fit in
``n_batch``; one ``llama_decode`` runs them all, and each sequence samples its next token from
its own row of logits with its own sampler chain (penalties, grammar, top-k, typical, top-p,
min-p, temperature, seeded distribution: the chain of ``Llama._init_sampler``, so a request
samples as llama-cpp-python's one-stream loop would). A request that arrives while others
decode takes a free slot at the next step (continuous batching); a finished sequence's KV cells
are removed at once, so its slot serves the next request.

What holds for a seed: each sequence samples with its own seeded sampler, so the choice of a
token never depends on the other sequences. The logits can: llama.cpp's matrix kernels may sum
in a different order for a batch of another size, so a seeded request is reproducible for the
same set of requests, and in practice gives the same text whatever else is in the batch (the
tests check both), but that is not a guarantee of llama.cpp's.

:class:`BatchedLlama` routes llama-cpp-python's own ``create_completion`` here, so its chat
handler (the GGUF's template, JSON schema → grammar, ``tool_choice`` → grammar and
``tool_calls``) is unchanged and only the decoding loop is replaced. What this loop does not
do (token log-probabilities, streaming, logits processors, mirostat) raises
:class:`NotBatchable`; the host serves log-probs through a separate one-stream model.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import llama_cpp
import numpy as np
from llama_cpp import Llama, StoppingCriteriaList
from llama_cpp import _internals as internals
from llama_cpp.llama_grammar import LlamaGrammar

# create_completion arguments this loop honours; any other with a non-default value is refused.
_DEFAULTS: dict[str, Any] = {"suffix": None, "logprobs": None, "echo": False, "stream": False,
                             "tfs_z": 1.0, "mirostat_mode": 0, "mirostat_tau": 5.0,
                             "mirostat_eta": 0.1, "model": None, "logits_processor": None,
                             "logit_bias": None}

_NO_LOGITS = np.empty(0, dtype=np.single)  # stopping criteria here see tokens, not logits


class NotBatchable(ValueError):
    """A completion option the batched loop does not implement."""


@dataclass
class _Sequence:
    prompt: list[int]
    max_tokens: int
    stop: list[bytes]
    sampler: internals.LlamaSampler
    criteria: StoppingCriteriaList | None  # e.g. the chat template's end-of-turn token
    result: Future[dict[str, Any]]
    seq_id: int = -1
    fed: int = 0  # prompt tokens already decoded
    completion: list[int] = field(default_factory=list)
    tail: bytes = b""  # recent output bytes, for stop strings

    @property
    def pos(self) -> int:
        return self.fed + len(self.completion)


class BatchEngine:
    """Decodes the sequences submitted to it together; one thread, ``slots`` sequences."""

    def __init__(self, llama: Llama, slots: int, n_ctx: int) -> None:
        self._llama, self.slots, self.n_ctx = llama, slots, n_ctx
        params = type(llama.context_params).from_buffer_copy(llama.context_params)
        params.n_ctx, params.n_seq_max, params.kv_unified = slots * n_ctx, slots, False
        # Every decode here is a batch: one thread count for all of them. llama-cpp-python's
        # default for batches (every CPU) makes OpenMP's spinning barriers crawl on a busy
        # machine (a 32-token batch 5-15x slower than 32 single tokens, measured on 2 cores).
        params.n_threads_batch = params.n_threads
        self._n_batch = int(params.n_batch)
        self._ctx = internals.LlamaContext(model=llama._model, params=params, verbose=False)
        self._batch = internals.LlamaBatch(n_tokens=self._n_batch, embd=0, n_seq_max=1,
                                           verbose=False)
        self._cond = threading.Condition()
        self._waiting: deque[_Sequence] = deque()
        self._active: list[_Sequence] = []
        self._free = list(range(slots - 1, -1, -1))
        threading.Thread(target=self._loop, name="llama-batch", daemon=True).start()

    def submit(self, prompt: list[int], *, max_tokens: int | None, stop: list[str],
               temperature: float, top_p: float, top_k: int, min_p: float, typical_p: float,
               seed: int | None, repeat_penalty: float, frequency_penalty: float,
               presence_penalty: float, grammar: LlamaGrammar | None,
               stopping_criteria: StoppingCriteriaList | None) -> Future[dict[str, Any]]:
        """Queue one completion; the future gets ``create_completion``'s response dict."""
        if not prompt:
            raise ValueError("the prompt is empty: give the model some text to continue")
        if len(prompt) >= self.n_ctx:
            raise ValueError(f"the prompt has {len(prompt)} tokens; the context window per "
                             f"sequence is {self.n_ctx} (raise n_ctx in the teacher's spec)")
        room = self.n_ctx - len(prompt)
        limit = room if not max_tokens or max_tokens <= 0 else min(max_tokens, room)
        sampler = self._sampler(temperature, top_p, top_k, min_p, typical_p, seed,
                                repeat_penalty, frequency_penalty, presence_penalty, grammar)
        seq = _Sequence(prompt, limit, [s.encode() for s in stop], sampler, stopping_criteria,
                        Future())
        with self._cond:
            self._waiting.append(seq)
            self._cond.notify()
        return seq.result

    def _sampler(self, temp: float, top_p: float, top_k: int, min_p: float, typical_p: float,
                 seed: int | None, repeat: float, freq: float, present: float,
                 grammar: LlamaGrammar | None) -> internals.LlamaSampler:
        llama = self._llama
        sampler = internals.LlamaSampler()
        sampler.add_penalties(n_vocab=llama.n_vocab(), penalty_last_n=llama.last_n_tokens_size,
                              penalty_repeat=repeat, penalty_freq=freq, penalty_present=present)
        if grammar is not None:
            sampler.add_grammar(llama._model, grammar)
        rng = llama_cpp.LLAMA_DEFAULT_SEED if seed is None else seed
        if temp < 0.0:
            sampler.add_dist(rng)
        elif temp == 0.0:
            sampler.add_greedy()
        else:
            sampler.add_top_k(top_k)
            sampler.add_typical(typical_p, 1)
            sampler.add_top_p(top_p, 1)
            sampler.add_min_p(min_p, 1)
            sampler.add_temp(temp)
            sampler.add_dist(rng)
        return sampler

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._waiting and not self._active:
                    self._cond.wait()
                while self._waiting and self._free:
                    seq = self._waiting.popleft()
                    seq.seq_id = self._free.pop()
                    self._active.append(seq)
            try:
                self._step()
            except Exception as exc:  # never leave a caller waiting on a dead loop
                for seq in list(self._active):
                    self._finish(seq, error=exc)

    def _step(self) -> None:
        batch, n = self._batch.batch, 0
        sample: list[tuple[_Sequence, int]] = []

        def add(token: int, pos: int, seq_id: int, logits: bool) -> None:
            nonlocal n
            batch.token[n], batch.pos[n], batch.n_seq_id[n] = token, pos, 1
            batch.seq_id[n][0], batch.logits[n] = seq_id, logits
            n += 1

        for seq in self._active:  # generating: one token each
            if seq.fed == len(seq.prompt):
                sample.append((seq, n))
                add(seq.completion[-1], seq.pos - 1, seq.seq_id, True)
        for seq in self._active:  # prompts: as much as the batch still holds
            take = min(len(seq.prompt) - seq.fed, self._n_batch - n)
            for i in range(seq.fed, seq.fed + take):
                last = i == len(seq.prompt) - 1
                if last:
                    sample.append((seq, n))
                add(seq.prompt[i], i, seq.seq_id, last)
            seq.fed += take
        batch.n_tokens = n
        code = llama_cpp.llama_decode(self._ctx.ctx, batch)
        if code != 0:
            for seq in list(self._active):
                self._finish(seq, error=RuntimeError(f"llama_decode returned {code}"))
            return
        for seq, idx in sample:
            self._advance(seq, seq.sampler.sample(self._ctx, idx))

    def _advance(self, seq: _Sequence, token: int) -> None:
        llama = self._llama
        if llama_cpp.llama_vocab_is_eog(llama._model.vocab, token):
            return self._finish(seq, "stop")
        seq.completion.append(token)
        if seq.stop:
            longest = max(len(s) for s in seq.stop)
            seq.tail = (seq.tail + llama._model.token_to_piece(token))[-(longest + 64):]
            if any(s in seq.tail for s in seq.stop):
                return self._finish(seq, "stop")
        if seq.criteria is not None and seq.criteria(np.asarray(seq.prompt + seq.completion),
                                                      _NO_LOGITS):
            return self._finish(seq, "stop")
        if len(seq.completion) >= seq.max_tokens:
            self._finish(seq, "length")

    def _finish(self, seq: _Sequence, reason: str = "", error: Exception | None = None) -> None:
        self._ctx.kv_cache_seq_rm(seq.seq_id, -1, -1)
        with self._cond:
            self._active.remove(seq)
            self._free.append(seq.seq_id)
        if error is not None:
            seq.result.set_exception(error)
            return
        text = self._llama.detokenize(seq.completion, prev_tokens=seq.prompt)
        cuts = [text.index(s) for s in seq.stop if s in text]
        if cuts:
            text, reason = text[:min(cuts)], "stop"
        seq.result.set_result({
            "id": f"cmpl-{uuid.uuid4()}", "object": "text_completion",
            "created": int(time.time()), "model": self._llama.model_path,
            "choices": [{"text": text.decode("utf-8", errors="ignore"), "index": 0,
                         "logprobs": None, "finish_reason": reason}],
            "usage": {"prompt_tokens": len(seq.prompt),
                      "completion_tokens": len(seq.completion),
                      "total_tokens": len(seq.prompt) + len(seq.completion)}})


class BatchedLlama(Llama):
    """A ``Llama`` whose completions decode in a shared :class:`BatchEngine`, so any number of
    threads can call ``create_chat_completion`` / ``create_completion`` at once."""

    engine: BatchEngine

    def start_batching(self, slots: int, n_ctx: int) -> None:
        self.engine = BatchEngine(self, slots, n_ctx)

    # Narrower than Llama's (no streaming: always one response dict), hence the override.
    def create_completion(self, prompt: Any, max_tokens: int | None = 16,  # type: ignore[override]
                          temperature: float = 0.8, top_p: float = 0.95, min_p: float = 0.05,
                          typical_p: float = 1.0, stop: str | list[str] | None = None,
                          frequency_penalty: float = 0.0, presence_penalty: float = 0.0,
                          repeat_penalty: float = 1.0, top_k: int = 40, seed: int | None = None,
                          grammar: LlamaGrammar | None = None,
                          stopping_criteria: StoppingCriteriaList | None = None,
                          **rest: Any) -> dict[str, Any]:
        odd = [k for k, v in rest.items() if k not in _DEFAULTS or v != _DEFAULTS[k]]
        if odd:
            raise NotBatchable(f"the batched loop does not do {', '.join(sorted(odd))}")
        if not isinstance(prompt, list):
            raise NotBatchable("give the prompt as tokens (tokenize it as the caller means it)")
        stops = [stop] if isinstance(stop, str) else list(stop or [])
        return self.engine.submit(
            prompt, max_tokens=max_tokens, stop=stops, temperature=temperature, top_p=top_p,
            top_k=top_k, min_p=min_p, typical_p=typical_p, seed=seed,
            repeat_penalty=repeat_penalty, frequency_penalty=frequency_penalty,
            presence_penalty=presence_penalty, grammar=grammar,
            stopping_criteria=stopping_criteria).result()
