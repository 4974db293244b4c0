"""Log-probs read from the sampled rows (issue 24): the numbers, alternatives and token texts
llama-cpp-python's own ``logits_all`` path gives, from a plain context."""

from __future__ import annotations

from typing import Any

from llama_cpp import Llama

from synthloop.teachers.answers import openai_choice
from synthloop.teachers.llama_logprobs import sampled_with
from synthloop.teachers.local import bundled_model_path

ASK: Any = [{"role": "user", "content": "Name a colour."}]


def chat(llama: Llama, **kw: Any) -> dict[str, Any]:
    return llama.create_chat_completion(  # type: ignore[return-value]
        messages=ASK, max_tokens=5, temperature=0.8, seed=3, **kw)


def test_the_sampled_rows_give_llama_cpp_pythons_own_log_probs() -> None:
    path = str(bundled_model_path())
    full = Llama(model_path=path, n_ctx=256, n_threads=1, logits_all=True, verbose=False)
    theirs = openai_choice(chat(full, logprobs=True, top_logprobs=4)["choices"][0], 4)
    plain = Llama(model_path=path, n_ctx=256, n_threads=1, verbose=False)
    out, ours = sampled_with(plain, lambda: chat(plain), 4)
    assert out["choices"][0]["message"]["content"] == theirs.text
    assert theirs.logprobs is not None and len(ours) == len(theirs.logprobs) == 5
    for mine, their in zip(ours, theirs.logprobs, strict=True):
        assert mine.token == their.token
        assert abs(mine.logprob - their.logprob) < 1e-4
        assert [t.token for t in mine.top] == [t.token for t in their.top]
        assert all(abs(a.logprob - b.logprob) < 1e-4 for a, b in zip(mine.top, their.top))
    assert plain.sample.__func__ is Llama.sample  # type: ignore[attr-defined]


def test_no_alternatives_asked_gives_the_sampled_token_alone() -> None:
    plain = Llama(model_path=str(bundled_model_path()), n_ctx=256, n_threads=1, verbose=False)
    _, ours = sampled_with(plain, lambda: chat(plain), 0)
    assert len(ours) == 5 and all(t.top == () for t in ours)
