"""The teacher contract through FakeTeacher: cache, budget, accounting, per-choice repair,
tools, log-probs and n, with no model. (The same paths against real models are in
test_teachers.py and test_capabilities.py.)"""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest

from synthloop.errors import BudgetExceeded
from synthloop.spec import BudgetSpec
from synthloop.store import RunStore
from synthloop.teachers import TeacherError, Usage
from synthloop.teachers.budget import Budget
from synthloop.teachers.cache import cache_key
from synthloop.testing import Choice, FakeTeacher, Request, TokenLogprob, TopLogprob, tool_call

Q = [{"role": "user", "content": "What is the capital of France?"}]
AGE = {"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["age"]}
TOOLS = [{"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}]
YES = [TokenLogprob("Yes", -0.1, (TopLogprob("Yes", -0.1), TopLogprob("No", -2.4),
                                  TopLogprob("Maybe", -4.0)))]


def test_answers_are_cached_accounted_and_scripted_in_order(tmp_path: Path) -> None:
    async def go() -> None:
        store = RunStore(tmp_path / "run.db")
        teacher = FakeTeacher(["Paris", "Lyon"], store=store, max_tokens=10)
        a = await teacher.chat(Q, stage="gen", seed=1)
        b = await teacher.chat(Q, stage="gen", seed=1)
        c = await teacher.chat(Q, stage="gen", seed=2)
        assert (a.text, b.text, c.text) == ("Paris", "Paris", "Lyon")
        assert b.cached and not a.cached and not c.cached
        assert [r.params["seed"] for r in teacher.requests] == [1, 2]
        (row,) = store.usage()
        assert (row["requests"], row["prompt_tokens"], row["completion_tokens"]) == (2, 12, 2)
        with pytest.raises(LookupError, match="all 2 scripted answers are used; no answer left "
                                              "for 'What is the capital of France\\?'"):
            await teacher.chat(Q, stage="gen", seed=3)

    asyncio.run(go())


def test_budget_is_checked_before_the_request() -> None:
    teacher = FakeTeacher(["Paris"], budget=Budget(BudgetSpec(max_tokens=50)), max_tokens=100)
    with pytest.raises(BudgetExceeded, match="max_tokens=50"):
        asyncio.run(teacher.chat(Q, stage="gen"))
    assert teacher.requests == []


def test_each_choice_gets_its_own_repair_turn() -> None:
    def script(req: Request) -> str:
        if req.messages[-1]["content"].startswith("Your answer could not be used"):
            return '{"age": 40}'
        return ['{"age": 30}', "forty"][req.index]

    teacher = FakeTeacher(script)
    answer = asyncio.run(teacher.chat(Q, stage="gen", schema=AGE, n=2))
    assert [c.parsed for c in answer.choices] == [{"age": 30}, {"age": 40}]
    first, repair = teacher.requests
    repair_words = sum(len(m["content"].split()) for m in repair.messages)
    assert answer.repaired and answer.usage == Usage(6 * 2 + repair_words, 2 + 1 + 2)
    assert first.params["n"] == 2 and repair.params["n"] == 1
    assert repair.messages[:2] == [*Q, {"role": "assistant", "content": "forty"}]
    assert repair.messages[2]["content"].startswith(
        "Your answer could not be used: answer is not JSON: 'forty'.")


def test_a_choice_still_unparsable_after_repair_fails_the_call() -> None:
    teacher = FakeTeacher(["nope", "still not"])
    with pytest.raises(TeacherError) as err:
        asyncio.run(teacher.chat(Q, stage="gen", schema=AGE))
    assert (err.value.reason, err.value.raw_text) == (
        "unparsable answer after one repair attempt", "still not")


def test_an_answer_cut_off_at_max_tokens_says_so_without_a_repair_turn() -> None:
    teacher = FakeTeacher([Choice('{"age": 4', finish_reason="length")], max_tokens=5)
    with pytest.raises(TeacherError) as err:
        asyncio.run(teacher.chat(Q, stage="gen", schema=AGE))
    assert str(err.value) == ("answer truncated at max_tokens (5) before it was complete; "
                              "raise max_tokens for this teacher or stage")
    assert err.value.raw_text == '{"age": 4' and len(teacher.requests) == 1


def test_tool_calls_and_log_probs_reach_the_caller_and_the_cache_key(tmp_path: Path) -> None:
    call = tool_call("get_weather", {"city": "Paris"})

    async def go() -> None:
        teacher = FakeTeacher([Choice("Yes", logprobs=YES), Choice("Yes", logprobs=YES),
                               Choice("", tool_calls=[call], finish_reason="tool_calls"),
                               Choice("", tool_calls=[call])],
                              store=RunStore(tmp_path / "run.db"))
        judged = await teacher.chat(Q, stage="judge", logprobs=True, top_logprobs=2)
        assert judged.logprobs == [TokenLogprob("Yes", -0.1, YES[0].top[:2])]
        assert judged.logprobs[0].prob == pytest.approx(0.905, abs=1e-3)
        plain = await teacher.chat(Q, stage="judge")  # another key: a new request
        assert not plain.cached and plain.logprobs is None
        again = await teacher.chat(Q, stage="judge", logprobs=True, top_logprobs=2)
        assert again.cached and again.logprobs == judged.logprobs
        acted = await teacher.chat(Q, stage="agent", tools=TOOLS, tool_choice="auto")
        assert acted.tool_calls == [call] and acted.text == ""
        assert acted.message() == {"role": "assistant", "content": "", "tool_calls": [call]}
        assert teacher.requests[-1].params["tools"] == TOOLS
        assert teacher.requests[-1].params["tool_choice"] == "auto"
        with pytest.raises(ValueError, match="tool calls .* to a call that gave no tools"):
            await teacher.chat([*Q, acted.message()], stage="agent")

    asyncio.run(go())


def test_lineage_names_the_tools_and_log_prob_settings() -> None:
    teacher = FakeTeacher([], temperature=0.2)
    plain = teacher.describe()
    assert plain == {"backend": "fake", "model": "fake-model", "temperature": 0.2,
                     "top_p": 1.0, "max_tokens": 512, "n": 1, "seed": None, "stop": None}
    call = teacher.describe(tools=TOOLS, tool_choice="required", logprobs=True,
                            top_logprobs=5, n=3)
    tools_hash = call.pop("tools_hash")
    assert call == {**plain, "n": 3, "tools": ["get_weather"], "tool_choice": "required",
                    "logprobs": True, "top_logprobs": 5}
    renamed = [{**TOOLS[0], "function": {**TOOLS[0]["function"], "description": "other"}}]
    assert len(tools_hash) == 16 and teacher.describe(tools=renamed)["tools_hash"] != tools_hash


def test_answers_cached_before_tool_calls_existed_still_read_back(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.db")
    teacher = FakeTeacher([], store=store)
    # A plain call keys as it always did: no new field enters its request parameters.
    key = cache_key("fake", "fake-model", Q, teacher.sampling, None, 0)
    store.cache_put([(key, {"texts": ["Paris"], "finish_reason": "stop",
                            "usage": {"prompt_tokens": 5, "completion_tokens": 1}})])
    answer = asyncio.run(teacher.chat(Q, stage="gen"))
    assert answer.cached and answer.text == "Paris" and answer.finish_reason == "stop"
    assert answer.usage == Usage(5, 1)


def test_prompt_bound_counts_tool_calls_and_tools_never_the_word_none() -> None:
    teacher = FakeTeacher([])
    call = tool_call("get_weather", {"city": "Paris"})
    turn = [{"role": "assistant", "content": None, "tool_calls": [call]}]
    assert teacher.count_prompt_tokens(turn) == len(orjson.dumps([call])) + 8 + 8
    assert teacher.count_prompt_tokens(turn, TOOLS) == (
        len(orjson.dumps([call])) + 16 + len(orjson.dumps(TOOLS)))


def test_misused_options_are_refused() -> None:
    teacher = FakeTeacher(["x"])
    cases = [({"tool_choice": "auto"}, "tool_choice needs tools"),
             ({"top_logprobs": 3}, "top_logprobs needs logprobs=True"),
             ({"tools": TOOLS, "schema": AGE}, "give a schema or tools, not both"),
             ({"tools": [{"name": "get_weather"}]}, "not an OpenAI function tool"),
             ({"temprature": 0.1}, "unknown sampling parameter\\(s\\): temprature")]
    for kwargs, message in cases:
        with pytest.raises(TypeError, match=message):
            asyncio.run(teacher.chat(Q, stage="gen", **kwargs))
    assert teacher.requests == []
