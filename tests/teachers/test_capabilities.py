"""What judges and agents need, against the real models: a tool-calling round trip through
the llama.cpp server and in process, token log-probs from both (and their agreement), ``n``
choices, multi-turn messages with tool turns, and a backend that cannot do it saying so."""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path
from typing import Any

import orjson
import pytest

from synthloop.spec import LocalTeacherSpec, OpenAITeacherSpec, TransformersTeacherSpec
from synthloop.store import RunStore
from synthloop.teachers import Completion, Teacher, TeacherUnsupported, build_teacher
from synthloop.teachers.messages import for_template
from synthloop.testing import tool_call
from tests.teachers.conftest import MODEL_NAME
from tests.teachers.fault_proxy import FaultProxy

HELLO = [{"role": "user", "content": "Say hello in one short sentence."}]
ASK = [{"role": "user", "content": "What is the weather in Paris?"}]
TOOLS = [{"type": "function", "function": {
    "name": "get_weather", "description": "The current weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}]
FORCE = {"type": "function", "function": {"name": "get_weather"}}


def openai(url: str, **kw: Any) -> OpenAITeacherSpec:
    return OpenAITeacherSpec(**{"backend": "openai", "base_url": url, "model": MODEL_NAME,
                                "max_tokens": 40, "temperature": 0.0, **kw})


def local(**kw: Any) -> Teacher:
    return build_teacher("local", LocalTeacherSpec(**{"backend": "local", "max_tokens": 40,
                                                      "temperature": 0.0, "n_threads": 1,
                                                      **kw}))


def weather_call(answer: Completion) -> dict[str, Any]:
    (call,) = answer.tool_calls or []
    assert answer.text == "" and answer.finish_reason == "tool_calls"
    assert call["type"] == "function" and call["function"]["name"] == "get_weather"
    assert json.loads(call["function"]["arguments"]) == {"city": "Paris"}
    return call


def tool_turns(answer: Completion, call: dict[str, Any]) -> list[dict[str, Any]]:
    return [*ASK, answer.message(),
            {"role": "tool", "tool_call_id": call["id"], "content": "18 C and sunny"}]


# -- tools ---------------------------------------------------------------------------------
def test_tool_call_round_trip_through_the_server(proxy: FaultProxy, tmp_path: Path) -> None:
    async def go() -> None:
        teacher = build_teacher("w", openai(proxy.url), store=RunStore(tmp_path / "run.db"))
        called = await teacher.chat(ASK, stage="agent", tools=TOOLS, tool_choice=FORCE, seed=1)
        call = weather_call(called)
        sent = orjson.loads(proxy.counts.bodies[-1])
        assert sent["tools"] == TOOLS and sent["tool_choice"] == FORCE
        # The call and the tool's result go back to the endpoint exactly as given.
        convo = tool_turns(called, call)
        final = await teacher.chat(convo, stage="agent", tools=TOOLS, seed=1)
        sent = orjson.loads(proxy.counts.bodies[-1])
        assert sent["messages"] == convo and "tool_choice" not in sent
        assert final.text and final.tool_calls is None
        # Tools are part of the cache key.
        again = await teacher.chat(ASK, stage="agent", tools=TOOLS, tool_choice=FORCE, seed=1)
        assert again.cached and again.tool_calls == called.tool_calls
        plain = await teacher.chat(ASK, stage="agent", seed=1)
        assert not plain.cached and plain.tool_calls is None
        assert proxy.counts.received == 3
        await teacher.aclose()

    asyncio.run(go())


def test_tool_call_round_trip_in_process() -> None:
    async def go() -> None:
        teacher = local()
        called = await teacher.chat(ASK, stage="agent", tools=TOOLS, tool_choice=FORCE, seed=1)
        call = weather_call(called)
        final = await teacher.chat(tool_turns(called, call), stage="agent", seed=1,
                                   max_tokens=12)
        await teacher.aclose()
        assert final.text and final.tool_calls is None

    asyncio.run(go())


def test_template_messages_show_tool_calls_and_never_none() -> None:
    call = tool_call("get_weather", {"city": "Paris"})
    turns = [*ASK, {"role": "assistant", "content": None, "tool_calls": [call]},
             {"role": "tool", "tool_call_id": "call_0", "content": "18 C"}]
    assert for_template(turns, "{{ message['content'] }}") == [
        *ASK, {"role": "assistant",
               "content": '{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}'},
        turns[2]]
    knows_tools = for_template(turns, "{% for c in message.tool_calls %}{% endfor %}")
    assert knows_tools[1] == {"role": "assistant", "content": "", "tool_calls": [call]}
    assert turns[1]["content"] is None  # the caller's messages are left alone


# -- log-probs -----------------------------------------------------------------------------
def test_log_probs_from_server_and_in_process_agree(proxy: FaultProxy, tmp_path: Path) -> None:
    async def go() -> tuple[Completion, Completion]:
        server = build_teacher("w", openai(proxy.url, max_tokens=6),
                               store=RunStore(tmp_path / "run.db"))
        in_process = local(max_tokens=6)
        a = await server.chat(HELLO, stage="judge", logprobs=True, top_logprobs=3, seed=1)
        b = await in_process.chat(HELLO, stage="judge", logprobs=True, top_logprobs=3, seed=1)
        again = await server.chat(HELLO, stage="judge", logprobs=True, top_logprobs=3, seed=1)
        assert again.cached and again.logprobs == a.logprobs
        two = await server.chat(HELLO, stage="judge", logprobs=True, top_logprobs=2, seed=1)
        assert not two.cached and {len(t.top) for t in two.logprobs or []} == {2}
        assert orjson.loads(proxy.counts.bodies[0])["top_logprobs"] == 3
        await server.aclose()
        await in_process.aclose()
        return a, b

    a, b = asyncio.run(go())
    for answer in (a, b):
        tokens = answer.logprobs or []
        assert len(tokens) == answer.usage.completion_tokens == 6
        assert "".join(t.token for t in tokens) == answer.text
        for t in tokens:
            assert math.isfinite(t.logprob) and t.logprob < 0
            assert len(t.top) == 3
            assert [x.logprob for x in t.top] == sorted((x.logprob for x in t.top), reverse=True)
            # temperature 0: the chosen token is the most likely one
            assert (t.top[0].token, t.top[0].logprob) == (t.token, t.logprob)
    assert [t.token for t in a.logprobs or []] == [t.token for t in b.logprobs or []]
    assert [t.logprob for t in a.logprobs or []] == pytest.approx(
        [t.logprob for t in b.logprobs or []], abs=1e-3)


# -- n -------------------------------------------------------------------------------------
def test_n_choices_from_the_server(proxy: FaultProxy) -> None:
    async def go() -> None:
        teacher = build_teacher("w", openai(proxy.url, max_tokens=12, temperature=1.0))
        three = await teacher.chat(HELLO, stage="pairs", n=3, seed=5)
        # llama.cpp's server ignores n: the missing choices are asked one by one, seeded apart
        bodies = sorted((b["n"], b["seed"]) for b in map(orjson.loads, proxy.counts.bodies))
        assert bodies == [(1, 6), (1, 7), (3, 5)]
        assert len(three.choices) == 3 and len(set(three.texts)) == 3
        second = await teacher.chat(HELLO, stage="pairs", seed=6)  # what choice 1 asked
        assert second.text == three.texts[1]
        assert three.usage.prompt_tokens == 3 * second.usage.prompt_tokens
        await teacher.aclose()

    asyncio.run(go())


def test_n_choices_in_process_are_seeded_calls() -> None:
    # Compared across fresh models: llama.cpp reuses a repeated prompt's KV cache, which moves
    # the logits by rounding, so a second call with the same seed in one model may differ.
    async def sample() -> list[str]:
        teacher = local(max_tokens=6, temperature=1.0)
        two = await teacher.chat(HELLO, stage="pairs", n=2, seed=3)
        await teacher.aclose()
        assert two.usage.completion_tokens <= 12
        return two.texts

    first, again = asyncio.run(sample()), asyncio.run(sample())
    assert first == again and len(set(first)) == 2


# -- a backend without them ----------------------------------------------------------------
def test_transformers_teacher_says_it_cannot(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    teacher = build_teacher("hf", TransformersTeacherSpec(backend="transformers",
                                                          path=str(tmp_path)))
    assert not teacher.supports("logprobs") and not teacher.supports("tools")
    with pytest.raises(TeacherUnsupported) as err:
        asyncio.run(teacher.chat(HELLO, stage="judge", logprobs=True))
    assert str(err.value) == (
        "teacher 'hf' (backend transformers) cannot return token log-probabilities; give this "
        "stage a teacher whose backend can (openai, local)")
    assert err.value.exit_code == 2
    with pytest.raises(TeacherUnsupported, match="cannot call tools"):
        asyncio.run(teacher.chat(ASK, stage="agent", tools=TOOLS))
