"""The limiter's ramp through the ``openai`` teacher against servers on 127.0.0.1 with a fixed
number of slots: a one-slot server is never sent more than it answers within half the timeout,
a many-slot one is filled to ``max_concurrency``."""

from __future__ import annotations

import asyncio
import threading
import time

import orjson
from aiohttp import web

from synthloop.spec import OpenAITeacherSpec
from synthloop.teachers import build_teacher
from synthloop.teachers.aimd import SLOTS_SEEN
from tests.teachers.fault_proxy import free_port

HELLO = [{"role": "user", "content": "Say hello."}]
SERVICE_S = 0.03  # each answer takes this long in its slot
TIMEOUT_S = 1.0  # room: a one-slot server answers 1.0 / (8 * ~0.03) = 4 at once in time


class SlotServer:
    """Answers one request per slot at a time, ``SERVICE_S`` each (a queue beyond the slots);
    ``longest`` is the longest a request was held, queue included, ``max_held`` the most held."""

    def __init__(self, slots: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.slots = slots
        self.held = self.max_held = 0
        self.longest = 0.0
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)

    async def _start(self) -> None:
        self._slots = asyncio.Semaphore(self.slots)
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _chat(self, request: web.Request) -> web.Response:
        body = orjson.loads(await request.read())
        t0 = time.monotonic()
        self.held += 1
        self.max_held = max(self.max_held, self.held)
        async with self._slots:
            await asyncio.sleep(SERVICE_S)
        self.held -= 1
        self.longest = max(self.longest, time.monotonic() - t0)
        tokens = body["max_tokens"]
        return web.json_response({
            "choices": [{"index": 0, "finish_reason": "length",
                         "message": {"role": "assistant", "content": "hello " * tokens}}],
            "usage": {"prompt_tokens": 4, "completion_tokens": tokens}})

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)


def ask(server: SlotServer, requests: int, max_concurrency: int,
        timeout_s: float = TIMEOUT_S) -> tuple[int, int, int]:
    """(answers, retries, the limiter's peak) of ``requests`` sent at once."""
    async def go() -> tuple[int, int, int]:
        teacher = build_teacher("w", OpenAITeacherSpec(
            backend="openai", base_url=server.url, model="m", max_tokens=16,
            max_concurrency=max_concurrency, timeout_s=timeout_s, max_retries=0))
        try:
            answers = await asyncio.gather(*(teacher.chat(HELLO, stage="gen", sample_index=i)
                                             for i in range(requests)))
        finally:
            await teacher.aclose()
        return sum(bool(a.text) for a in answers), teacher.retries, teacher.limiter.peak

    try:
        return asyncio.run(go())
    finally:
        server.close()


def test_a_one_slot_server_is_sent_no_more_than_it_answers_in_half_the_timeout() -> None:
    server = SlotServer(1)
    answered, retries, peak = ask(server, 40, 64)
    assert (answered, retries) == (40, 0)
    assert peak <= SLOTS_SEEN * 4, peak  # room 4, at most four slots counted
    assert server.longest < TIMEOUT_S / 2, server.longest


def test_a_server_with_many_slots_is_filled_to_max_concurrency() -> None:
    # a timeout as real endpoints are given (the one-slot test's 1 s makes its slots matter):
    # under load 13 on 2 cores, 1 s left the room for a burst at 17 of 32
    server = SlotServer(64)
    answered, retries, peak = ask(server, 300, 32, timeout_s=30.0)
    assert (answered, retries, peak) == (300, 0, 32)
    assert server.max_held == 32
