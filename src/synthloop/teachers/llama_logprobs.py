"""Log-probs of a local completion from the logits llama.cpp already computed to sample it.

llama-cpp-python gives log-probs only on a context loaded with ``logits_all`` (every prompt
position's logits computed and copied: the output matrix on every prompt token, a second set
of contexts for the judge), then builds them with a log-softmax over all ``n_ctx`` rows and a
Python sort of the whole vocabulary per token: about 60 ms of CPU per generated token for
SmolLM2, more than decoding it (25 ms). The judge only needs each generated token's own
distribution, which the context holds anyway when that token is sampled: the batched loop
(:func:`synthloop.teachers.llama_batch.sampling_steps`) copies that row at each sampling step
(``llama_get_logits_ith``, the row the sampler draws from), and :func:`positions` turns the
rows into log-probs, so a plain context answers log-prob requests with the same numbers: the same
log-softmax (``Llama.logits_to_logprobs``), the same alternatives (the ``top_k`` highest,
ties to the higher token id, as its sort gives) and the same token texts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from llama_cpp import Llama, llama_vocab_is_eog

from synthloop.teachers.answers import TokenLogprob, TopLogprob
from synthloop.teachers.llama_batch import Step


def positions(llama: Llama, steps: list[Step], top_k: int) -> list[TokenLogprob]:
    """The log-probs of a completion's tokens from its sampling steps (each token and the
    logits row it was sampled from, :func:`synthloop.teachers.llama_batch.sampling_steps`),
    end-of-generation tokens left out, as llama-cpp-python leaves them out of its answer."""
    tokens = [(row, t) for row, t in steps if not llama_vocab_is_eog(llama._model.vocab, t)]
    return [_position(llama, [t for _, t in tokens[:i]], row, token, top_k)
            for i, (row, token) in enumerate(tokens)]


def _position(llama: Llama, before: list[int], logits: np.ndarray[Any, np.dtype[np.float32]],
              token: int, top_k: int) -> TokenLogprob:
    """One generated token as llama-cpp-python's chat answer reports it: its text after the
    tokens ``before`` it, its log-prob, and the ``top_k`` alternatives (the sampled token
    added when it is not among them), most likely first."""
    logprobs = Llama.logits_to_logprobs(logits)

    def text(t: int) -> str:
        return llama.detokenize([t], prev_tokens=before).decode("utf-8", errors="ignore")

    top: dict[str, float] = {}
    if top_k > 0:
        floor = np.partition(logprobs, -top_k)[-top_k]
        ids = sorted(((float(logprobs[i]), int(i)) for i in np.flatnonzero(logprobs >= floor)),
                     reverse=True)[:top_k]
        top = {text(i): lp for lp, i in ids}
    chosen = text(token)
    top[chosen] = float(logprobs[token])
    ranked = sorted(top.items(), key=lambda item: -item[1])[:top_k]
    return TokenLogprob(chosen, float(logprobs[token]),
                        tuple(TopLogprob(t, lp) for t, lp in ranked))
