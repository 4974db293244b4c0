"""The three backends and the generic recipe, against real models: the llama.cpp server
(OpenAI-compatible), in-process llama.cpp, and a tiny random transformers model."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from synthloop.generate.prompt import PromptParams, PromptRecipe
from synthloop.records import Slot, Status, make_id
from synthloop.spec import LocalTeacherSpec, OpenAITeacherSpec, TransformersTeacherSpec
from synthloop.stages import StageContext
from synthloop.store import RunStore
from synthloop.teachers import TeacherError, TeacherUnavailable, build_teacher
from tests.teachers.conftest import MODEL_NAME, TIMEOUT_S
from tests.teachers.fault_proxy import FaultProxy
from tests.teachers.openai_server import BatchServer

HELLO = [{"role": "user", "content": "Say hello in one short sentence."}]
PERSON = {"type": "object", "properties": {"name": {"type": "string"},
                                           "age": {"type": "integer"}},
          "required": ["name", "age"]}


def openai(url: str, **kw: Any) -> OpenAITeacherSpec:
    return OpenAITeacherSpec(**{"backend": "openai", "base_url": url, "model": MODEL_NAME,
                                "max_tokens": 24, "structured_output": "json_object",
                                "timeout_s": TIMEOUT_S, **kw})


def never_valid(text: str) -> str:
    raise ValueError("needs the word 'banana'")


# -- openai ------------------------------------------------------------------------------
def test_openai_caches_and_accounts(proxy: FaultProxy, tmp_path: Path) -> None:
    async def go() -> None:
        store = RunStore(tmp_path / "run.db")
        teacher = build_teacher("w", openai(proxy.url), store=store)
        first = await teacher.chat(HELLO, stage="gen", seed=1)
        again = await teacher.chat(HELLO, stage="gen", seed=1)
        other = await teacher.chat(HELLO, stage="gen", seed=1, sample_index=1)
        await teacher.aclose()
        assert first.text and not first.cached
        assert again.cached and again.text == first.text and again.usage == first.usage
        assert not other.cached
        assert proxy.counts.received == 2
        (row,) = store.usage()
        assert row["requests"] == 2 and row["teacher"] == "w" and row["stage"] == "gen"
        assert row["completion_tokens"] == first.usage.completion_tokens + \
            other.usage.completion_tokens

    asyncio.run(go())


def test_openai_structured_output(proxy: FaultProxy) -> None:
    async def go() -> None:
        teacher = build_teacher("w", openai(proxy.url, max_tokens=40))
        answer = await teacher.chat([{"role": "user", "content": "Invent a person as JSON."}],
                                    stage="gen", schema=PERSON, seed=2)
        await teacher.aclose()
        assert isinstance(answer.parsed["name"], str) and isinstance(answer.parsed["age"], int)

    asyncio.run(go())


def test_one_repair_then_quarantine_keeps_raw_text(proxy: FaultProxy) -> None:
    async def go() -> None:
        # Room for the whole answer: this test is about an answer the parser refuses.
        teacher = build_teacher("w", openai(proxy.url, max_tokens=64))
        with pytest.raises(TeacherError) as err:
            await teacher.chat(HELLO, stage="gen", parser=never_valid, seed=3)
        await teacher.aclose()
        assert err.value.reason == "unparsable answer after one repair attempt"
        assert err.value.last_error == "needs the word 'banana'"
        assert err.value.raw_text
        assert proxy.counts.received == 2  # the answer and one repair, no more
        repair = proxy.counts.forwarded
        assert len(repair) == 2

    asyncio.run(go())


def test_bounded_attempts_then_gives_up(llama_server: str) -> None:
    async def go() -> None:
        # transient faults taking turns (the same 500 twice would be final: see test_negotiate)
        with FaultProxy(llama_server, fault_rate=1.0, faults=("500", "drop")) as p:
            teacher = build_teacher("w", openai(p.url, max_retries=2))
            with pytest.raises(TeacherError) as err:
                await teacher.chat(HELLO, stage="gen")
            await teacher.aclose()
            assert str(err.value) == "gave up after 3 attempts: HTTP 500: internal error"
            assert p.counts.received == 3 and not p.counts.forwarded

    asyncio.run(go())


def test_retry_after_is_honoured_and_cuts_concurrency(llama_server: str) -> None:
    async def go() -> None:
        with FaultProxy(llama_server, fault_rate=1.0, faults=("429",)) as p:
            teacher = build_teacher("w", openai(p.url, max_retries=2, max_concurrency=8))
            t0 = time.monotonic()
            with pytest.raises(TeacherError, match="HTTP 429"):
                await teacher.chat(HELLO, stage="gen")
            assert time.monotonic() - t0 >= 0.4  # two waits of Retry-After: 0.2
            # each attempt went out after the previous cut: three halvings, 8 -> 1
            assert teacher.limiter.limit == 1.0 and teacher.limiter.cuts == 3
            await teacher.aclose()

    asyncio.run(go())


def test_a_fast_server_gets_max_concurrency_after_the_first_answer() -> None:
    """A server answering at once (5 of 16 tokens, well under a millisecond to 60 s of timeout):
    even one answering one request at a time would answer 64 in far less than an eighth of the
    timeout, so the limiter skips its ramp (2, 4, 8, ... one doubling per round trip)."""
    server = BatchServer()

    async def go() -> None:
        teacher = build_teacher("w", OpenAITeacherSpec(
            backend="openai", base_url=server.base_url, model="m", max_tokens=16,
            max_concurrency=64))
        await teacher.chat(HELLO, stage="gen")
        assert teacher.limiter.limit == 64 and teacher.limiter.slow_start
        await teacher.aclose()

    try:
        asyncio.run(go())
    finally:
        server.close()


def test_wrong_endpoint_stops_the_run(llama_server: str) -> None:
    async def go() -> None:
        teacher = build_teacher("w", openai(llama_server + "/nowhere"))
        with pytest.raises(TeacherUnavailable, match="answered 404"):
            await teacher.chat(HELLO, stage="gen")
        await teacher.aclose()

    asyncio.run(go())


def test_api_key_is_sent_but_never_stored(proxy: FaultProxy, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHLOOP_TEST_KEY", "sk-very-secret")
    store = RunStore(tmp_path / "run.db")
    teacher = build_teacher("w", openai(proxy.url, api_key_env="SYNTHLOOP_TEST_KEY"),
                            store=store)
    asyncio.run(teacher.chat(HELLO, stage="gen"))
    store.close()
    assert "sk-very-secret" not in str(teacher.describe())
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"sk-very-secret" not in stored
    monkeypatch.delenv("SYNTHLOOP_TEST_KEY")
    with pytest.raises(TeacherUnavailable, match="SYNTHLOOP_TEST_KEY"):
        build_teacher("w", openai(proxy.url, api_key_env="SYNTHLOOP_TEST_KEY"))


# -- local llama.cpp and generate.prompt ---------------------------------------------------
def test_generate_prompt_with_local_teacher(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.db")
    teacher = build_teacher("local", LocalTeacherSpec(backend="local", max_tokens=40,
                                                      n_threads=1), store=store)
    ctx = StageContext(spec_hash="h", stage="gen", stage_index=0, seed=0, run_dir=tmp_path,
                       store=store, teachers={"local": teacher})
    stage = PromptRecipe(PromptParams(
        template="Invent a person who loves {{ topic }}. Answer as JSON with name and age.",
        output_schema=PERSON), label="gen")
    stage.setup(ctx)
    slots = [Slot(0, {"topic": "chess"}, seed=10), Slot(1, {"skill": "x"}, seed=11)]

    async def go() -> list[Any]:
        try:
            return await stage.generate(slots, ctx)
        finally:
            await teacher.aclose()

    ok, bad = asyncio.run(go())
    assert ok.id == make_id("h", "gen", 0, 0) and ok.slot == 0
    assert ok.status is Status.OK and isinstance(ok.data["age"], int)
    assert "chess" in ok.data["prompt"]
    producer = ok.lineage.producer
    assert producer["teacher"]["backend"] == "local" and producer["template_hash"]
    assert bad.status is Status.FAILED
    assert bad.status_reason == "template needs 'topic' is undefined; the slot has attributes " \
        "['skill']"


# -- transformers --------------------------------------------------------------------------
def test_transformers_teacher_is_seeded_and_names_truncation(tiny_lm: Path, tmp_path: Path) -> None:
    spec = TransformersTeacherSpec(backend="transformers", path=str(tiny_lm), max_tokens=6)

    async def go() -> None:
        store = RunStore(tmp_path / "run.db")
        a = build_teacher("hf", spec, store=store)
        b = build_teacher("hf", spec)
        first = await a.chat(HELLO, stage="gen", seed=7)
        assert first.text == (await b.chat(HELLO, stage="gen", seed=7)).text
        assert 0 <= first.usage.completion_tokens <= 6 and first.usage.prompt_tokens > 0
        # the tiny model always runs to max_tokens: an unparsable answer cut off there is
        # named as such and not "repaired" under the same limit (one request, not two)
        with pytest.raises(TeacherError, match=r"truncated at max_tokens \(6\)"):
            await a.chat(HELLO, stage="gen", seed=8, parser=never_valid)
        assert store.usage()[0]["requests"] == 2
        assert a.describe()["backend"] == "transformers"
        await a.aclose()
        await b.aclose()

    asyncio.run(go())
    with pytest.raises(TeacherUnavailable, match="no config.json"):
        build_teacher("hf", TransformersTeacherSpec(backend="transformers", path=str(tmp_path)))
