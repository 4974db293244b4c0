"""Teacher.complete and Teacher.render_chat: the raw-text continuation of the backends that run
the chat template in this process (the bundled GGUF, a transformers model), cached like chat,
and refused where the backend only offers chat."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from synthloop.spec import LocalTeacherSpec, OpenAITeacherSpec, TransformersTeacherSpec
from synthloop.store import RunStore
from synthloop.teachers import TeacherUnsupported, build_teacher

SMOL_SYSTEM = ("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by "
               "Hugging Face<|im_end|>\n")


def test_local_renders_the_gguf_template_and_continues_a_raw_prompt(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.db")
    teacher = build_teacher("local", LocalTeacherSpec(backend="local", max_tokens=12,
                                                      n_threads=1), store=store)

    async def go() -> None:
        hi = [{"role": "user", "content": "hi"}]
        assert await teacher.render_chat(hi) == \
            f"{SMOL_SYSTEM}<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"
        assert await teacher.render_chat(hi, add_generation_prompt=False) == \
            f"{SMOL_SYSTEM}<|im_start|>user\nhi<|im_end|>\n"
        prompt = f"{SMOL_SYSTEM}<|im_start|>user\nWhat is the capital of France?<|im_end|>\n" \
                 "<|im_start|>assistant\n"
        first = await teacher.complete(prompt, stage="gen", seed=3)
        again = await teacher.complete(prompt, stage="gen", seed=3)
        chat = await teacher.chat([{"role": "user", "content":
                                    "What is the capital of France?"}], stage="gen", seed=3)
        # The special tokens are read as such: the rendered chat, completed raw, is the chat
        # call itself (same 37 prompt tokens, same seeded answer).
        assert first.usage.prompt_tokens == chat.usage.prompt_tokens == 37
        assert first.text == chat.text and first.text
        assert (first.cached, again.cached, again.text) == (False, True, first.text)
        assert store.usage()[0]["requests"] == 2  # the repeated completion came from the cache
        await teacher.aclose()

    asyncio.run(go())


def test_transformers_completes_the_prompt_as_given(tiny_lm: Path) -> None:
    teacher = build_teacher("hf", TransformersTeacherSpec(backend="transformers",
                                                          path=str(tiny_lm), max_tokens=4))

    async def go() -> None:
        assert await teacher.render_chat([{"role": "user", "content": "say hello"}]) == \
            "user : say hello assistant : "
        out = await teacher.complete("user : say hello", stage="gen", seed=1)
        assert out.usage.prompt_tokens == 4  # no special token added to the 4 words
        assert out.usage.completion_tokens <= 4
        assert out.finish_reason == ("length" if out.usage.completion_tokens == 4 else "stop")
        await teacher.aclose()

    asyncio.run(go())


def test_a_chat_only_endpoint_refuses_raw_completion() -> None:
    teacher = build_teacher("api", OpenAITeacherSpec(backend="openai", model="m",
                                                     base_url="http://127.0.0.1:9/v1"))
    assert not teacher.supports("completion")
    with pytest.raises(TeacherUnsupported, match=r"teacher 'api' \(backend openai\) cannot "
                       r"continue a raw prompt; give this stage a teacher whose backend can "
                       r"\(local, transformers\)"):
        asyncio.run(teacher.complete("user:", stage="gen"))


def test_local_raw_completion_returns_the_next_tokens_log_probs() -> None:
    teacher = build_teacher("local", LocalTeacherSpec(backend="local", max_tokens=1,
                                                      temperature=0.0, n_threads=1))

    async def go() -> None:
        out = await teacher.complete("The three primary colours are red, yellow and",
                                     stage="gen", logprobs=True, top_logprobs=5)
        assert out.logprobs is not None and len(out.logprobs) == 1
        first = out.logprobs[0]
        # greedy: the token written is the likeliest alternative, and there are 5 of them
        assert [t.token for t in first.top][0] == first.token == out.text
        assert len(first.top) == 5
        assert all(a.logprob >= b.logprob for a, b in zip(first.top, first.top[1:]))
        plain = await teacher.complete("The three primary colours are red, yellow and",
                                       stage="gen")
        assert plain.logprobs is None and plain.text == out.text
        await teacher.aclose()

    asyncio.run(go())
