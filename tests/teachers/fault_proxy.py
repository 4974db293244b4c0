"""A fault-injecting HTTP proxy for OpenAI-compatible endpoints, with server-side counts.

Each request is either answered by a fault (429 with Retry-After, 500, a dropped connection,
an answer slower than the client's timeout, a malformed JSON body; on request, 401, 400 or a
500 saying a parameter is not supported) or forwarded upstream, where ``in_flight`` counts what
the server holds at once (``max_in_flight`` its peak); ``strip_logprobs`` answers like an
endpoint that gives no log-probabilities.
Whether a request faults is drawn from a seeded RNG and the kinds take turns; faults never
reach the upstream, so the proxy's counts say exactly which requests the model computed. ``resent`` counts requests whose body
had already been answered to a client still listening: the test of "no completed request is
sent twice" (an answer the client timed out on was never completed for it).

Runs in its own thread and event loop so it outlives the runs (and kills) it observes.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

FAULTS = ("429", "500", "drop", "slow", "malformed")


@dataclass
class Counts:
    received: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    forwarded: Counter[str] = field(default_factory=Counter)  # body hash -> times
    delivered: Counter[str] = field(default_factory=Counter)  # body hash -> 200s returned
    abandoned: int = 0  # upstream answered after the client had hung up (its timeout)
    resent: int = 0  # forwarded although an earlier forward of that body was delivered
    bodies: list[bytes] = field(default_factory=list)  # every request body, in arrival order
    in_flight: int = 0  # requests forwarded and not yet answered: what the server holds
    max_in_flight: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FaultProxy:
    def __init__(self, upstream: str, *, fault_rate: float = 0.0, slow_s: float = 5.0,
                 seed: int = 0, faults: tuple[str, ...] = FAULTS,
                 strip_logprobs: bool = False) -> None:
        self.upstream = upstream.rstrip("/")
        self.fault_rate = fault_rate
        self.strip_logprobs = strip_logprobs  # answer like an endpoint that has none
        self.slow_s = slow_s
        self.faults = faults
        self.rng = random.Random(seed)
        self.counts = Counts()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(30)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600))
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None,
                                   shutdown_timeout=1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _stop(self) -> None:
        assert self._runner is not None and self._session is not None
        await self._runner.cleanup()
        await self._session.close()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        key = hashlib.sha256(body).hexdigest()
        counts = self.counts
        counts.received += 1
        counts.bodies.append(body)
        fault = None
        if self.rng.random() < self.fault_rate:  # kinds take turns: every kind shows up
            fault = self.faults[sum(counts.faults.values()) % len(self.faults)]
            counts.faults[fault] += 1
        if fault == "429":
            return web.Response(status=429, text="slow down", headers={"Retry-After": "0.2"})
        if fault == "401":  # not in FAULTS: an endpoint refusing the key, not a transient fault
            return web.Response(status=401, text='{"error": "invalid api key"}')
        if fault == "500":
            return web.Response(status=500, text="internal error")
        if fault == "400":  # not in FAULTS: final answers, the same however often asked
            return web.Response(status=400, text='{"error": {"message": "bad request"}}')
        if fault == "unsupported":
            return web.Response(status=500, text='{"error": {"message": "parameter '
                                '\'frequency_penalty\' is not supported"}}')
        if fault == "drop":
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)  # never written: the connection is gone
        if fault == "slow":
            await asyncio.sleep(self.slow_s)
            return web.Response(status=504, text="too late")
        if fault == "malformed":
            return web.Response(status=200, body=b'{"choices": [{"message": {"content": "tru',
                                content_type="application/json")
        if counts.delivered[key]:
            counts.resent += 1
        counts.forwarded[key] += 1
        assert self._session is not None
        counts.in_flight += 1
        counts.max_in_flight = max(counts.max_in_flight, counts.in_flight)
        try:
            async with self._session.post(f"{self.upstream}/chat/completions", data=body,
                                          headers={"Content-Type": "application/json"}) as up:
                payload = await up.read()
                status = up.status
        finally:
            counts.in_flight -= 1
        if self.strip_logprobs and status == 200:
            answer = json.loads(payload)
            for choice in answer["choices"]:
                choice.pop("logprobs", None)
            payload = json.dumps(answer).encode()
        if request.transport is None or request.transport.is_closing():
            counts.abandoned += 1  # the client timed out: this answer never reached it
        elif status == 200:
            counts.delivered[key] += 1
        return web.Response(status=status, body=payload, content_type="application/json")
