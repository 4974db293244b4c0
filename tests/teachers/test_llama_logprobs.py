"""Log-probs read from the sampled rows (issue 24): the numbers, alternatives and token texts
llama-cpp-python's own ``logits_all`` path gives, from the batched loop's plain contexts."""

from __future__ import annotations

from typing import Any

from llama_cpp import Llama

from synthloop.teachers.answers import openai_choice
from synthloop.teachers.llama_batch import BatchedLlama, sampling_steps
from synthloop.teachers.llama_logprobs import positions
from synthloop.teachers.local import bundled_model_path

ASK: Any = [{"role": "user", "content": "Name a colour."}]


def chat(llama: Llama, **kw: Any) -> dict[str, Any]:
    return llama.create_chat_completion(  # type: ignore[return-value]
        messages=ASK, max_tokens=5, temperature=0.8, seed=3, **kw)


def batched() -> BatchedLlama:
    llama = BatchedLlama(model_path=str(bundled_model_path()), n_ctx=1, n_threads=1,
                         verbose=False)
    llama.start_batching(contexts=1, slots=2, n_ctx=256, threads=1)
    return llama


def test_the_sampled_rows_give_llama_cpp_pythons_own_log_probs() -> None:
    full = Llama(model_path=str(bundled_model_path()), n_ctx=256, n_threads=1,
                 logits_all=True, flash_attn=True, verbose=False)
    theirs = openai_choice(chat(full, logprobs=True, top_logprobs=4)["choices"][0], 4)
    plain = batched()
    out, steps = sampling_steps(lambda: chat(plain))
    ours = positions(plain, steps, 4)
    assert out["choices"][0]["message"]["content"] == theirs.text
    # (5 tokens on the x86-64-v3 build; the plain x86-64 one's kernels stop after 4)
    assert theirs.logprobs is not None and len(ours) == len(theirs.logprobs) >= 4
    for mine, their in zip(ours, theirs.logprobs, strict=True):
        assert mine.token == their.token
        assert abs(mine.logprob - their.logprob) < 1e-4
        assert [t.token for t in mine.top] == [t.token for t in their.top]
        assert all(abs(a.logprob - b.logprob) < 1e-4 for a, b in zip(mine.top, their.top))


def test_no_alternatives_asked_gives_the_sampled_token_alone() -> None:
    plain = batched()
    out, steps = sampling_steps(lambda: chat(plain))
    ours = positions(plain, steps, 0)
    # a position per token of the answer: every sampled row but an end-of-text one
    stopped = out["choices"][0]["finish_reason"] == "stop"
    assert len(ours) == len(steps) - stopped >= 4 and all(t.top == () for t in ours)


def test_only_the_calls_inside_record_their_rows() -> None:
    plain = batched()
    chat(plain)  # outside: nothing recorded anywhere
    _, steps = sampling_steps(lambda: chat(plain))
    assert len(steps) == 5 and all(row.shape == (plain.n_vocab(),) for row, _ in steps)
