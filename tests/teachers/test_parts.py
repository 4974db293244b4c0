"""The teacher's parts on their own: novelty index, AIMD, Retry-After, budget, cache key,
structured output, Self-Instruct's parsers and filters."""

from __future__ import annotations

import asyncio
import random
import time
from types import SimpleNamespace

import pytest

from synthloop.errors import BudgetExceeded
from synthloop.generate.novelty import NoveltyIndex, rouge_l, tokenize
from synthloop.generate.self_instruct import (
    SelfInstructParams,
    _Filter,
    parse_instance,
    parse_instructions,
)
from synthloop.spec import BudgetSpec, PriceSpec
from synthloop.teachers import aimd
from synthloop.teachers.aimd import AIMDLimiter
from synthloop.teachers.base import Usage
from synthloop.teachers.budget import Budget
from synthloop.teachers.cache import cache_key
from synthloop.teachers.retry import backoff_delay, retry_after_seconds
from synthloop.teachers.structured import parse_json_answer


# -- novelty -------------------------------------------------------------------------------
def test_rouge_l_matches_definition() -> None:
    a, b = tokenize("Give three tips for staying healthy."), tokenize("Give 3 tips to stay healthy")
    # LCS = give, tips, healthy -> F1 = 2*3 / (6 + 6)
    assert rouge_l(a, b) == pytest.approx(0.5)
    assert rouge_l(a, a) == 1.0
    assert rouge_l([], a) == 0.0


def test_index_gives_exactly_the_brute_force_answer() -> None:
    rng = random.Random(4)
    vocab = [f"w{i}" for i in range(40)] + ["the", "a", "of"] * 10
    pool = [" ".join(rng.choices(vocab, k=rng.randint(3, 25))) for _ in range(1500)]
    queries = [" ".join(p.split()[: -1] + ["zzz"]) for p in rng.sample(pool, 60)]
    queries += [" ".join(rng.choices(vocab, k=rng.randint(3, 25))) for _ in range(60)]
    index = NoveltyIndex(0.7)
    for text in pool:
        index.add(text)
    toks = [tokenize(p) for p in pool]
    found = 0
    for q in queries:
        best = max(rouge_l(tokenize(q), t) for t in toks)
        got = index.nearest(q)
        if best >= 0.7:
            found += 1
            assert got is not None and got.score == pytest.approx(best)
            assert rouge_l(tokenize(q), tokenize(got.text)) == pytest.approx(best)
        else:
            assert got is None
    assert found >= 50  # the near copies were found
    assert index.lcs_computed < 5 * len(queries)  # the bounds did the pruning


# -- AIMD and retries ----------------------------------------------------------------------
def test_aimd_halves_once_per_round_trip_and_grows_back() -> None:
    async def scenario() -> None:
        lim = AIMDLimiter(16, 2, start=16)
        sent = [await lim.acquire() for _ in range(16)]
        assert lim.in_flight == 16
        lim.overloaded(sent[0])
        lim.overloaded(sent[1])  # sent before the cut: same congestion event
        assert lim.limit == 8 and lim.cuts == 1
        for _ in range(16):
            lim.release()
        later = await lim.acquire()
        lim.overloaded(later)
        lim.overloaded(await lim.acquire())
        assert lim.limit == 2  # floor is min_concurrency
        for _ in range(2):
            lim.release()
        for _ in range(40):
            lim.succeeded()
        assert 8 < lim.limit < 16

    asyncio.run(scenario())


def test_aimd_queues_beyond_the_limit() -> None:
    async def scenario() -> None:
        lim = AIMDLimiter(2, start=2)
        await lim.acquire()
        await lim.acquire()
        waiter = asyncio.ensure_future(lim.acquire())
        await asyncio.sleep(0)
        assert not waiter.done()
        lim.release()
        await asyncio.wait_for(waiter, 1)
        assert lim.in_flight == 2

    asyncio.run(scenario())


def test_aimd_cancelled_waiter_dropped_by_a_release_leaves_quietly() -> None:
    async def scenario() -> None:
        lim = AIMDLimiter(1)
        await lim.acquire()
        waiter = asyncio.ensure_future(lim.acquire())
        await asyncio.sleep(0)
        waiter.cancel()  # its future is cancelled now; the task resumes on the next step
        lim.release()  # _wake pops the cancelled future before the task sees it
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert lim.in_flight == 0 and not lim._waiters
        assert await lim.acquire() > 0 and lim.in_flight == 1

    asyncio.run(scenario())


def test_aimd_starts_low_doubles_then_holds_when_latency_shows_queueing() -> None:
    lim = AIMDLimiter(64, start=2)
    assert lim.limit == 2 and lim.slow_start
    now = time.monotonic()
    lim.succeeded(now - 1.0, work=100, shape=512)  # 10 ms a token: the reference
    lim.succeeded(now - 0.1, work=1, shape=1)  # 100 ms a token: another shape, its own
    lim.succeeded(now - 1.2, work=100, shape=512)  # within 1.3x: clean
    lim.succeeded(now - 0.1, work=1, shape=1)
    assert lim.limit == 4 and lim.cuts == 0  # a clean window of 2: slow start doubles
    lim.succeeded(now - 1.5, work=100, shape=512)  # 1.5x: queued behind another request
    for _ in range(3):
        lim.succeeded(now - 1.0, work=100, shape=512)
    assert lim.limit == 4 and not lim.slow_start  # the window was not clean: hold
    for _ in range(4):
        lim.succeeded(now - 1.0, work=100, shape=512)
    assert lim.limit == 5  # congestion avoidance: one more per clean window
    for _ in range(5):
        lim.succeeded(now - 3.5, work=100, shape=512)  # 3.5x: the server is a queue, cut
    assert lim.limit == 2.5 and lim.cuts == 1


def test_aimd_slow_start_goes_on_while_the_throughput_grows_with_the_limit() -> None:
    """A busy client sees latency rise with the limit although the server does not queue:
    16 in flight at 1.4x served 16 / 1.4 = 11.4 per reference latency where 8 at 1x served 8
    (1.43x, above the 1.25x a doubling must earn): double again. 32 at 2.6x serve 12.3, 1.08x
    of 11.4 for twice the limit: a queue at the server, hold."""
    lim = AIMDLimiter(64, start=8)
    now = time.monotonic()
    lim.succeeded(now - 1.0)  # the reference
    for in_flight, latency, limit in ((8, 1.0, 16), (16, 1.4, 32), (32, 2.6, 32)):
        lim.in_flight = in_flight
        for _ in range(in_flight):
            lim.succeeded(now - latency)
        assert lim.limit == limit
    assert not lim.slow_start and lim.cuts == 0


def test_aimd_cuts_on_a_slow_window_not_on_one_slow_answer() -> None:
    """One answer at 5x in a window averaging 2x is a pause, not a queue: hold, no cut."""
    lim = AIMDLimiter(64, start=4)
    now = time.monotonic()
    lim.succeeded(now - 1.0)  # the reference
    for latency in (5.0, 1.0, 1.0, 1.0):
        lim.succeeded(now - latency)
    assert lim.limit == 4 and lim.cuts == 0 and not lim.slow_start
    for _ in range(4):
        lim.succeeded(now - 3.5)
    assert lim.limit == 2 and lim.cuts == 1


@pytest.mark.parametrize(("before", "after", "limit"), [
    (1.5, 1.0, 8),  # 8 at 1.5x served 5.3, 4 at 1x serve 4: 1.33x more at 8, a pause: undo
    (2.0, 1.0, 5),  # 8 at 2x served 4, as much as 4 at 1x: a queue, the cut stays (+1: clean)
])
def test_aimd_undoes_a_cut_that_cost_throughput_in_proportion(
        before: float, after: float, limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(aimd, "time", SimpleNamespace(monotonic=lambda: now[0]))
    lim = AIMDLimiter(64, start=8)
    lim.succeeded(99.0)  # the reference: 1 s
    lim.in_flight = 8
    for latency in [before] * 8 + [3.2] * 8:  # a window, then one at 3.2x: cut to 4
        lim.succeeded(100.0 - latency)
    assert lim.limit == 4 and lim.cuts == 1
    now[0], lim.in_flight = 110.0, 4
    for _ in range(4):
        lim.succeeded(110.0 - after)
    assert lim.limit == limit and lim.cuts == 1


def test_aimd_never_undoes_a_cut_after_an_overload_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As the undone case above, but a 429 arrives (for a request sent before the cut): the
    endpoint says the old limit overloaded it, so the cut stays."""
    now = [100.0]
    monkeypatch.setattr(aimd, "time", SimpleNamespace(monotonic=lambda: now[0]))
    lim = AIMDLimiter(64, start=8)
    lim.succeeded(99.0)
    lim.in_flight = 8
    for latency in [1.5] * 8 + [3.2] * 8:
        lim.succeeded(100.0 - latency)
    lim.overloaded(99.5)  # sent before the cut: no second cut, but no undo either
    now[0], lim.in_flight = 110.0, 4
    for _ in range(4):
        lim.succeeded(110.0 - 1.0)
    assert lim.limit == 5 and lim.cuts == 1


def test_aimd_keeps_a_congested_limit_that_serves_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """A client on busy cores: 64 in flight at 1.9x the reference latency, 128 at 3.2x. 128
    served 40 per reference latency where 64 served 33.7 (1.19x): too little to grow on, enough
    to keep; a server queue serving 33.7 at 128 is still cut. After a cut, a window at 64 at 1.5x
    serves 42.7, where 128 at 2.5x served 51.2 (1.2x): the cut is undone."""
    def windows(lim: AIMDLimiter, *runs: tuple[int, float]) -> None:
        for in_flight, latency in runs:
            lim.in_flight = in_flight
            for _ in range(in_flight):
                lim.succeeded(now[0] - latency)

    now = [100.0]
    monkeypatch.setattr(aimd, "time", SimpleNamespace(monotonic=lambda: now[0]))
    for served_at_128, cuts in ((3.2, 0), (128 / 33.7, 1)):
        lim = AIMDLimiter(128, start=64)
        lim.succeeded(99.0)  # the reference: 1 s
        windows(lim, (64, 1.9))  # not clean, no last window: slow start ends, hold at 64
        lim.limit = 128.0  # as congestion avoidance would, one window at a time
        windows(lim, (128, served_at_128))
        assert lim.cuts == cuts and lim.limit == (128 if cuts == 0 else 64)
    lim = AIMDLimiter(128, start=128)
    lim.succeeded(99.0)
    windows(lim, (128, 2.5), (128, 3.2))  # hold, then a slow window at the same limit: cut
    assert lim.limit == 64 and lim.cuts == 1
    now[0] = 110.0
    windows(lim, (64, 1.5))
    assert lim.limit == 128 and lim.cuts == 1


def test_aimd_room_skips_slow_start_ahead_but_not_after_a_cut() -> None:
    lim = AIMDLimiter(128, start=2)
    lim.room(40)
    assert lim.limit == 40 and lim.slow_start
    lim.room(1000)
    assert lim.limit == 128  # never past max_concurrency
    lim.overloaded(time.monotonic())
    lim.room(1000)  # queueing was seen: the ramp is over
    assert lim.limit == 64 and not lim.slow_start


def test_aimd_room_is_per_slot_each_clean_answer_a_slot_then_the_window() -> None:
    """room(5): one slot answers 5 at once in time. Each clean answer shows one more slot, up
    to four: 5, 10, 15, 20, then 20. The window (20 answers) that served 20 per reference latency
    shows about 20 slots: 20 x 5 = 100 at once, not a doubling to 40."""
    lim = AIMDLimiter(1000, start=2)
    now = time.monotonic()
    lim.succeeded(now - 1.0)  # the reference
    lim.room(5)
    assert lim.limit == 5
    seen = []
    lim.in_flight = 20
    for _ in range(20):
        lim.succeeded(now - 1.0)
        seen.append(lim.limit)
    assert seen[:5] == [5, 10, 15, 20, 20]
    assert lim.limit == pytest.approx(100, rel=1e-3) and lim.slow_start


def test_aimd_room_grows_on_no_answer_that_waited_behind_another() -> None:
    """A one-slot server given room(5) answers one at a time: every answer after the reference
    waited (2x, 3x, ...), none is a slot, and the window (4.0x on average) is a queue: cut."""
    lim = AIMDLimiter(1000, start=2)
    now = time.monotonic()
    lim.succeeded(now - 1.0)  # the reference
    lim.room(5)
    for waited in (2.0, 3.0, 4.0, 5.0):
        lim.succeeded(now - waited)
        assert lim.limit == 5
    lim.succeeded(now - 6.0)
    assert lim.limit == 2.5 and lim.cuts == 1 and not lim.slow_start


def test_aimd_counts_no_slots_after_an_overload_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 429 mid-ramp ends slow start: clean answers after it grow the limit by one a window,
    not by room(5) each."""
    now = [100.0]
    monkeypatch.setattr(aimd, "time", SimpleNamespace(monotonic=lambda: now[0]))
    lim = AIMDLimiter(1000, start=2)
    lim.succeeded(99.0)  # the reference: 1 s
    lim.room(5)
    lim.succeeded(99.0)
    assert lim.limit == 5
    lim.overloaded(99.0)
    assert lim.limit == 2.5 and not lim.slow_start
    now[0] = 110.0  # answers to requests sent after the cut, at the reference latency
    for _ in range(3):
        lim.succeeded(109.0)
    assert lim.limit == 3.5 and lim.cuts == 1


def test_aimd_single_slot_server_holds_at_two() -> None:
    """Two at once on one slot: the second always waits for the first, never a clean window."""
    lim = AIMDLimiter(64, start=2)
    now = time.monotonic()
    for _ in range(50):
        lim.succeeded(now - 1.0, work=10)  # the one served at once
        lim.succeeded(now - 2.0, work=10)  # the one that waited
    assert lim.limit == 2 and lim.cuts == 0


@pytest.mark.parametrize(("busy", "server", "limit"), [
    (True, 0.05, 8),  # 50 ms answers seen at 70-90 ms on a loop busy 20 ms at a time: grow
    (False, 0.125, 4),  # 125 ms answers on an idle loop (2.5x): a queue at the server, hold
])
def test_aimd_does_not_take_the_busy_loop_for_a_queue(busy: bool, server: float,
                                                      limit: int) -> None:
    """An answer that waits for a busy loop to notice it looks late; the timer's lateness
    tells that wait apart from a server's queue."""
    async def request(lim: AIMDLimiter, seconds: float) -> None:
        sent = await lim.acquire()
        await asyncio.sleep(seconds)
        lim.succeeded(sent)
        lim.release()

    async def busy_loop(until: asyncio.Event) -> None:
        while not until.is_set():
            time.sleep(0.02)  # the client's own work between two looks at its sockets
            await asyncio.sleep(0)

    async def scenario() -> tuple[AIMDLimiter, float]:
        lim = AIMDLimiter(64, start=4)
        await request(lim, 0.05)  # the reference, on an idle loop
        done = asyncio.Event()
        worker = asyncio.ensure_future(busy_loop(done)) if busy else None
        window = time.monotonic()
        await asyncio.gather(*(request(lim, server) for _ in range(4)))
        done.set()
        if worker is not None:
            await worker
        return lim, window

    lim, window = asyncio.run(scenario())
    assert lim.limit == limit and lim.cuts == 0
    assert lim.lag.during(window) > 0.01 or not busy  # the busy loop ran the timer 15 ms late


def test_retry_after_and_backoff() -> None:
    assert retry_after_seconds("2") == 2.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds("9999") == 300.0  # capped
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    rng = random.Random(0)
    delays = [backoff_delay(a, rng) for a in range(12)]
    assert all(0 <= d <= min(30.0, 0.25 * 2**a) for a, d in enumerate(delays))


# -- budget --------------------------------------------------------------------------------
def test_budget_refuses_what_could_pass_it_and_waits_for_in_flight() -> None:
    async def scenario() -> None:
        budget = Budget(BudgetSpec(max_tokens=1000), tokens=500)
        first = await budget.reserve("w", "m", "gen", 100, 200)  # worst case 300: fits
        second = asyncio.ensure_future(budget.reserve("w", "m", "gen", 100, 200))
        await asyncio.sleep(0)
        assert not second.done()  # 500 + 300 held + 300 > 1000: waits for the first
        first.settle(Usage(80, 20))  # used 100
        ticket = await asyncio.wait_for(second, 1)
        assert budget.tokens == 600
        ticket.cancel()
        with pytest.raises(BudgetExceeded, match=r"up to 700 tokens.*max_tokens=1000 \(600 used"):
            await budget.reserve("w", "m", "gen", 200, 500)

    asyncio.run(scenario())


def test_budget_cost_uses_per_model_prices() -> None:
    async def scenario() -> None:
        spec = BudgetSpec(max_cost=1.0, prices={"m": PriceSpec(prompt=1.0, completion=2.0)})
        budget = Budget(spec)
        ticket = await budget.reserve("w", "m", "gen", 100_000, 200_000)  # 0.1 + 0.4 USD
        assert ticket.settle(Usage(100_000, 100_000)) == pytest.approx(0.3)
        with pytest.raises(BudgetExceeded, match="max_cost=1.0 USD"):
            await budget.reserve("w", "m", "gen", 100_000, 400_000)
        assert (await budget.reserve("w", "other-model", "gen", 10**9, 1)).cost == 0.0

    asyncio.run(scenario())


# -- cache key and structured output -------------------------------------------------------
def test_cache_key_covers_what_decides_the_answer() -> None:
    msgs = [{"role": "user", "content": "hi"}]
    base = cache_key("openai", "m", msgs, {"temperature": 0.7}, None, 0)
    assert base == cache_key("openai", "m", [dict(msgs[0])], {"temperature": 0.7}, None, 0)
    others = {
        cache_key("local", "m", msgs, {"temperature": 0.7}, None, 0),
        cache_key("openai", "m2", msgs, {"temperature": 0.7}, None, 0),
        cache_key("openai", "m", msgs, {"temperature": 0.8}, None, 0),
        cache_key("openai", "m", msgs, {"temperature": 0.7}, {"type": "object"}, 0),
        cache_key("openai", "m", msgs, {"temperature": 0.7}, None, 1),
    }
    assert base not in others and len(others) == 5


def test_parse_json_answer_finds_and_validates() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
    assert parse_json_answer('Sure! ```json\n{"a": 1}\n```', schema) == {"a": 1}
    with pytest.raises(ValueError, match="at a: 'x' is not of type 'integer'"):
        parse_json_answer('{"a": "x"}', schema)
    with pytest.raises(ValueError, match="not JSON"):
        parse_json_answer("no json here", schema)
    # a raw newline inside a string, as llama.cpp's JSON grammar lets a model write
    assert parse_json_answer('{"a": 1, "b": "one\ntwo"}', schema) == {"a": 1, "b": "one\ntwo"}


# -- Self-Instruct parsing and filters -----------------------------------------------------
def test_parse_instructions_and_instances() -> None:
    text = "9. Summarize the article.\nTask 10: Translate it to French.\n\n11) List three uses."
    assert parse_instructions(text) == ["Summarize the article.", "Translate it to French.",
                                        "List three uses."]
    assert parse_instance("Input: none\nOutput: Paris") == {"input": "", "response": "Paris"}
    assert parse_instance("Input: 2+2\nOutput:\n4") == {"input": "2+2", "response": "4"}
    assert parse_instance(" Paris\n") == {"input": "", "response": "Paris"}
    with pytest.raises(ValueError, match="no 'Output:' line"):
        parse_instance("Input: a city")
    with pytest.raises(ValueError, match="'Output:' line is empty"):
        parse_instance("Input: x\nOutput:  ")


def test_filters_name_the_reason() -> None:
    f = _Filter(SelfInstructParams(seed_tasks="x"))
    assert f.check("Describe the image below in detail.") == (
        "keyword", "contains the blacklisted keyword 'image'")
    assert f.check("Hi there") == ("too_short", "2 words, fewer than min_words=3")
    assert f.check("Write a program that sorts numbers.")[0] == "keyword"
    assert f.check("- list three fruits please")[0] == "format"
    assert f.check("List three fruits that are red.") is None
