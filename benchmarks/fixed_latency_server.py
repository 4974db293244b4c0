"""A fixed-latency OpenAI-compatible chat-completions server, for throughput benchmarks.

Every ``POST /v1/chat/completions`` sleeps ``--latency`` seconds then returns a small valid
completion (with usage); ``GET /v1/models`` lists one model; ``GET /stats`` returns the number
of completions served. Binds 127.0.0.1; prints ``READY <port>`` once listening.

    python benchmarks/fixed_latency_server.py --port 0 --latency 0.05
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import time

import orjson
from aiohttp import web

MODEL = "fixed-latency"


def make_app(latency: float) -> web.Application:
    served = 0

    async def chat(request: web.Request) -> web.Response:
        nonlocal served
        body = orjson.loads(await request.read())
        await asyncio.sleep(latency)
        served += 1
        n = int(body.get("n") or 1)
        answer = {
            "id": f"cmpl-{served}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", MODEL),
            "choices": [{"index": i, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "The answer is 42."}}
                        for i in range(n)],
            "usage": {"prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18},
        }
        return web.Response(body=orjson.dumps(answer), content_type="application/json")

    async def models(request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [{"id": MODEL, "object": "model"}]})

    async def stats(request: web.Request) -> web.Response:
        return web.json_response({"served": served})

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_get("/v1/models", models)
    app.router.add_get("/stats", stats)
    return app


async def serve(port: int, latency: float) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", port))
    runner = web.AppRunner(make_app(latency), access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock, backlog=1024).start()
    print(f"READY {sock.getsockname()[1]}", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--latency", type=float, default=0.05)
    args = ap.parse_args()
    asyncio.run(serve(args.port, args.latency))


if __name__ == "__main__":
    main()
