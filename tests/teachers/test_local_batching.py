"""Parallel decoding in the local host (issue 24.1): requests in flight decode at once, each
with its own grammar, seed, length and stop strings, and the answer of a seeded request depends
neither on what else is in flight nor on ``parallel``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from synthloop.spec import LocalTeacherSpec
from synthloop.teachers import Completion, Teacher, build_teacher

T = TypeVar("T")


def ask(topic: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": f"Write two sentences about {topic}."}]


def with_teacher(fn: Callable[[Teacher], Awaitable[T]], **kw: Any) -> T:
    teacher = build_teacher("local", LocalTeacherSpec(**{
        "backend": "local", "max_tokens": 32, "temperature": 0.8, "n_threads": 1, "parallel": 4,
        **kw}))

    async def go() -> T:
        try:
            return await fn(teacher)
        finally:
            await teacher.aclose()

    return asyncio.run(go())


def test_concurrent_requests_all_answered_and_seeded_answers_do_not_depend_on_the_batch(
) -> None:
    topics = ["rivers", "bread", "chess", "owls", "tea", "glass", "maps", "salt", "wind"]

    async def go(t: Teacher) -> tuple[Completion, list[Completion], Completion]:
        alone = await t.chat(ask("rivers"), stage="s", seed=5)
        crowd = await asyncio.gather(*(t.chat(ask(x), stage="s", seed=5 + i)
                                       for i, x in enumerate(topics)))
        again = await t.chat(ask("rivers"), stage="s", seed=5)
        return alone, list(crowd), again

    alone, crowd, again = with_teacher(go, parallel=4)  # 9 requests: 4 slots, joined as freed
    assert all(c.text.strip() and c.usage.completion_tokens > 0 for c in crowd)
    assert len({c.text for c in crowd}) == len(topics)
    assert crowd[0].text == alone.text == again.text


def test_a_seeded_answer_is_the_same_at_parallel_1_and_parallel_4() -> None:
    topics = ["rivers", "bread", "chess", "owls"]

    async def one_by_one(t: Teacher) -> list[str]:
        return [(await t.chat(ask(x), stage="s", seed=20 + i)).text
                for i, x in enumerate(topics)]

    async def at_once(t: Teacher) -> list[str]:
        return [c.text for c in await asyncio.gather(
            *(t.chat(ask(x), stage="s", seed=20 + i) for i, x in enumerate(topics)))]

    alone = with_teacher(one_by_one, parallel=1)
    assert with_teacher(at_once, parallel=4) == alone
    assert len(set(alone)) == len(topics)


def test_log_prob_requests_in_flight_together_score_as_they_do_alone() -> None:
    async def go(t: Teacher) -> tuple[Completion, list[Completion]]:
        alone = await t.chat(ask("salt"), stage="s", seed=7, logprobs=True, top_logprobs=3)
        both = await asyncio.gather(*(t.chat(ask(x), stage="s", seed=7, logprobs=True,
                                             top_logprobs=3) for x in ("salt", "wind")))
        return alone, list(both)

    alone, (salt, wind) = with_teacher(go, max_tokens=6)
    assert alone.logprobs is not None and len(alone.logprobs) == 6
    assert all(len(t.top) == 3 for t in alone.logprobs)
    assert salt.text == alone.text and salt.logprobs == alone.logprobs
    assert wind.logprobs is not None and wind.text != salt.text


def test_each_sequence_keeps_its_own_grammar() -> None:
    schemas = [
        {"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["age"]},
        {"type": "object", "properties": {"colour": {"enum": ["red", "green"]}},
         "required": ["colour"]},
        {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]},
    ]

    async def go(t: Teacher) -> list[Any]:
        answers = await asyncio.gather(
            *(t.chat(ask("a person"), stage="s", schema=s, seed=1) for s in schemas),
            t.chat(ask("a person"), stage="s", seed=1))
        return [a.parsed for a in answers[:3]] + [answers[3].text]

    age, colour, ok, free = with_teacher(go, max_tokens=48)
    assert set(age) == {"age"} and isinstance(age["age"], int)
    assert colour["colour"] in ("red", "green") and set(colour) == {"colour"}
    assert isinstance(ok["ok"], bool) and set(ok) == {"ok"}
    assert free.strip() and not free.lstrip().startswith("{")


def test_a_long_and_a_short_request_in_one_batch_are_both_right() -> None:
    async def go(t: Teacher) -> tuple[Completion, ...]:
        solo_long = await t.chat(ask("owls"), stage="s", seed=2, max_tokens=96)
        solo_short = await t.chat(ask("tea"), stage="s", seed=3, max_tokens=3)
        long, short = await asyncio.gather(t.chat(ask("owls"), stage="s", seed=2, max_tokens=96),
                                           t.chat(ask("tea"), stage="s", seed=3, max_tokens=3))
        return solo_long, solo_short, long, short

    solo_long, solo_short, long, short = with_teacher(go, temperature=0.0)
    assert short.usage.completion_tokens == 3 and short.finish_reason == "length"
    assert long.usage.completion_tokens > 3
    assert (long.text, short.text) == (solo_long.text, solo_short.text)


def test_the_stop_string_ends_the_answer() -> None:
    async def go(t: Teacher) -> tuple[Completion, Completion]:
        return await asyncio.gather(
            t.chat(ask("bread"), stage="s", seed=4, max_tokens=64),
            t.chat(ask("bread"), stage="s", seed=4, max_tokens=64, stop=["."]))

    free, stopped = with_teacher(go, temperature=0.0)
    assert "." in free.text
    assert stopped.finish_reason == "stop" and "." not in stopped.text
    assert free.text.startswith(stopped.text + ".")


def test_n_choices_are_sequences_seeded_seed_plus_i() -> None:
    async def go(t: Teacher) -> tuple[Completion, list[Completion]]:
        three = await t.chat(ask("maps"), stage="s", seed=10, n=3)
        each = [await t.chat(ask("maps"), stage="s", seed=10 + i) for i in range(3)]
        return three, each

    three, each = with_teacher(go)
    assert three.texts == [c.text for c in each]
    assert len(set(three.texts)) == 3
    assert three.usage.completion_tokens == sum(c.usage.completion_tokens for c in each)
