"""A fixture OpenAI-compatible server for tests: the batch API (``/v1/files``,
``/v1/batches``) and chat completions (``/v1/chat/completions``).

Every request, in a batch or alone, is answered by :func:`answer_for` (deterministic, so two
runs agree); a chat prompt starting with "reject" is answered HTTP 400. The server counts what it was asked for (``submissions`` and ``requests`` for
batches, ``chats`` per prompt for chat completions) and holds every batch ``in_progress``
while ``hold`` is set, so a test can kill a run between submit and download.
It runs in a thread of the test process; the run under test talks to it over HTTP.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import socket
import threading
from collections import Counter
from typing import Any

import orjson
from aiohttp import web


def answer_for(body: dict[str, Any]) -> str:
    """The deterministic answer to one chat request: its last message, tagged."""
    last = str(body["messages"][-1]["content"])
    return f"answer {hashlib.sha256(last.encode()).hexdigest()[:8]}: {last[:60]}"


class BatchServer:
    def __init__(self) -> None:
        self.submissions = 0
        self.requests = 0
        self.chats: Counter[str] = Counter()
        self.hold = threading.Event()
        self._files: dict[str, bytes] = {}
        self._batches: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        started = threading.Event()
        self._started = started
        self._thread.start()
        started.wait(10)

    def _serve(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/files", self._upload)
        app.router.add_get("/v1/files/{id}/content", self._content)
        app.router.add_post("/v1/batches", self._create)
        app.router.add_get("/v1/batches/{id}", self._retrieve)
        app.router.add_post("/v1/chat/completions", self._chat)
        runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(web.SockSite(runner, self._sock).start())
        self._started.set()
        self._loop.run_forever()

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        if form.get("purpose") != "batch":
            return web.json_response({"error": "purpose must be batch"}, status=400)
        file_id = f"file-{next(self._ids)}"
        self._files[file_id] = form["file"].file.read()  # type: ignore[union-attr]
        return web.json_response({"id": file_id, "object": "file", "purpose": "batch"})

    async def _content(self, request: web.Request) -> web.Response:
        data = self._files.get(request.match_info["id"])
        if data is None:
            return web.json_response({"error": "no such file"}, status=404)
        return web.Response(body=data, content_type="application/jsonl")

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("endpoint") != "/v1/chat/completions" or body.get(
                "input_file_id") not in self._files:
            return web.json_response({"error": "bad batch request"}, status=400)
        self.submissions += 1
        batch_id = f"batch-{next(self._ids)}"
        self._batches[batch_id] = {"id": batch_id, "object": "batch", "status": "in_progress",
                                   "input_file_id": body["input_file_id"],
                                   "output_file_id": None, "error_file_id": None}
        return web.json_response(self._batches[batch_id])

    async def _retrieve(self, request: web.Request) -> web.Response:
        batch = self._batches.get(request.match_info["id"])
        if batch is None:
            return web.json_response({"error": "no such batch"}, status=404)
        if batch["status"] == "in_progress" and not self.hold.is_set():
            self._complete(batch)
        return web.json_response(batch)

    async def _chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(0.02)  # a little latency, so requests are in flight together
        prompt = str(body["messages"][-1]["content"])
        self.chats[prompt] += 1
        if prompt.startswith("reject"):
            return web.json_response({"error": "rejected by the fixture"}, status=400)
        return web.json_response(_completion(body, sum(self.chats.values())))

    def _complete(self, batch: dict[str, Any]) -> None:
        out = []
        for line in self._files[batch["input_file_id"]].splitlines():
            item = orjson.loads(line)
            self.requests += 1
            completion = _completion(item["body"], self.requests)
            out.append(orjson.dumps({"id": f"resp-{self.requests}",
                                     "custom_id": item["custom_id"], "error": None,
                                     "response": {"status_code": 200, "body": completion}}))
        file_id = f"file-{next(self._ids)}"
        self._files[file_id] = b"\n".join(out) + b"\n"
        batch.update(status="completed", output_file_id=file_id)


def _completion(body: dict[str, Any], n: int) -> dict[str, Any]:
    return {"id": f"cmpl-{n}", "object": "chat.completion",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": answer_for(body)}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5}}
