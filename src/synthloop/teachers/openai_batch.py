"""An OpenAI-compatible batch API as a teacher: upload a JSONL of requests, poll, download.

Batch APIs answer within hours at about half the price. They fit :meth:`Teacher._complete`
(one request in, one answer out) through a queue: each call enqueues its request and awaits
a future; the queue is sent as one batch when ``batch_size`` requests wait or none arrived for
``flush_after_s``. The stages above see an ordinary, slow teacher, and the cache, budget and
repair turn of :class:`Teacher` apply unchanged.

Resumable: a request's ``custom_id`` is the hash of its body, and the ids of a submitted
batch are committed to the run store (:class:`BatchLedger`) before the run waits for it. A
run stopped between submit and download asks the ledger first and waits for (or downloads)
that batch: the requests are never submitted, or paid for, twice.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import TYPE_CHECKING, Any

import aiohttp
import orjson

from synthloop.config.teachers import OpenAIBatchTeacherSpec
from synthloop.teachers.base import Messages, RawAnswer, Teacher, TeacherError, TeacherUnavailable
from synthloop.teachers.openai import auth_headers, parse_completion_body

if TYPE_CHECKING:
    from synthloop.store import RunStore

_FAILED = {"failed", "expired", "cancelled", "cancelling"}
_ENDPOINT = "/v1/chat/completions"
Answers = dict[str, RawAnswer | TeacherError]


class BatchLedger:
    """Which batch each submitted request is in, kept in the run store (in memory without
    one)."""

    def __init__(self, store: RunStore | None) -> None:
        self.store = store
        self._memory: dict[str, str] = {}

    def batch_of(self, custom_id: str) -> str | None:
        if self.store is None:
            return self._memory.get(custom_id)
        return self.store.batch_of(custom_id)

    def submitted(self, batch_id: str, custom_ids: list[str]) -> None:
        """Record a batch; committed before anyone waits for it."""
        if self.store is None:
            self._memory.update(dict.fromkeys(custom_ids, batch_id))
            return
        self.store.add_batch(batch_id, custom_ids)

    def forget(self, batch_id: str) -> None:
        """A batch that failed as a whole: its requests may be submitted again."""
        if self.store is None:
            self._memory = {k: v for k, v in self._memory.items() if v != batch_id}
            return
        self.store.forget_batch(batch_id)


class OpenAIBatchTeacher(Teacher):
    """Teacher over a batch API. Build with :meth:`from_spec`."""

    spec: OpenAIBatchTeacherSpec
    ledger: BatchLedger
    submissions: int  # batches this teacher created (tests and status)
    _queue: dict[str, tuple[dict[str, Any], asyncio.Future[RawAnswer]]]
    _idle: asyncio.TimerHandle | None
    _batches: dict[str, asyncio.Task[Answers]]
    _session: aiohttp.ClientSession | None
    _headers: dict[str, str]

    @classmethod
    def from_spec(cls, name: str, spec: OpenAIBatchTeacherSpec,
                  **kwargs: Any) -> OpenAIBatchTeacher:
        self = cls(name=name, backend="openai_batch", model=spec.model,
                   sampling=spec.sampling(), **kwargs)
        self.spec = spec
        self.ledger = BatchLedger(self.store)
        self.submissions = 0
        self._queue, self._idle, self._batches, self._session = {}, None, {}, None
        self._headers = auth_headers(name, spec.api_key_env)
        return self

    @property
    def max_in_flight(self) -> int:
        return self.spec.batch_size  # enough requests waiting to fill one batch

    async def aclose(self) -> None:
        for task in self._batches.values():
            task.cancel()
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    # -- one request -----------------------------------------------------------------------
    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        body = self._body(messages, params, schema)
        custom_id = hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()
        batch_id = self.ledger.batch_of(custom_id)
        if batch_id is not None:  # submitted by an earlier run (or this one): wait for it
            return _pick(await asyncio.shield(self._batch(batch_id)), custom_id)
        if custom_id in self._queue:
            return await asyncio.shield(self._queue[custom_id][1])
        fut: asyncio.Future[RawAnswer] = asyncio.get_running_loop().create_future()
        self._queue[custom_id] = (body, fut)
        if len(self._queue) >= self.spec.batch_size:
            self._flush()
        else:
            if self._idle is not None:
                self._idle.cancel()
            self._idle = asyncio.get_running_loop().call_later(self.spec.flush_after_s,
                                                               self._flush)
        return await fut

    def _body(self, messages: Messages, params: dict[str, Any],
              schema: dict[str, Any] | None) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": messages,
                                **{k: v for k, v in params.items() if v is not None}}
        if schema is not None:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "answer", "schema": schema}}
        return body

    # -- batches ---------------------------------------------------------------------------
    def _flush(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        queued, self._queue = self._queue, {}
        if queued:
            asyncio.ensure_future(self._submit(queued))

    async def _submit(self, queued: dict[str, tuple[dict[str, Any],
                                                    asyncio.Future[RawAnswer]]]) -> None:
        try:
            batch_id = await self._create(queued)
            answers = await self._batch(batch_id)
        except asyncio.CancelledError:
            for _, fut in queued.values():
                fut.cancel()
            raise
        except Exception as exc:
            for _, fut in queued.values():
                if not fut.done():
                    fut.set_exception(exc)
            return
        for custom_id, (_, fut) in queued.items():
            if fut.done():
                continue
            try:
                fut.set_result(_pick(answers, custom_id))
            except TeacherError as exc:
                fut.set_exception(exc)

    async def _create(self, queued: dict[str, tuple[dict[str, Any], Any]]) -> str:
        lines = b"".join(orjson.dumps({"custom_id": cid, "method": "POST", "url": _ENDPOINT,
                                       "body": body}) + b"\n"
                         for cid, (body, _) in queued.items())
        form = aiohttp.FormData()
        form.add_field("purpose", "batch")
        form.add_field("file", lines, filename="requests.jsonl",
                       content_type="application/jsonl")
        upload = await self._call("POST", "/files", data=form)
        batch = await self._call("POST", "/batches", json={
            "input_file_id": upload["id"], "endpoint": _ENDPOINT,
            "completion_window": self.spec.completion_window})
        self.submissions += 1
        self.ledger.submitted(batch["id"], list(queued))
        return str(batch["id"])

    def _batch(self, batch_id: str) -> asyncio.Task[Answers]:
        """One poll-and-download task per batch, shared by everyone waiting for it."""
        task = self._batches.get(batch_id)
        if task is None:
            task = self._batches[batch_id] = asyncio.ensure_future(self._await(batch_id))
        return task

    async def _await(self, batch_id: str) -> Answers:
        while True:
            batch = await self._call("GET", f"/batches/{batch_id}")
            status = batch.get("status")
            if status == "completed":
                break
            if status in _FAILED:
                self.ledger.forget(batch_id)  # the next run submits these requests again
                raise TeacherError(f"batch {batch_id} ended {status}",
                                   orjson.dumps(batch.get("errors")).decode())
            await asyncio.sleep(self.spec.poll_interval_s)
        answers: Answers = {}
        for key in ("output_file_id", "error_file_id"):
            if batch.get(key):
                content = await self._call("GET", f"/files/{batch[key]}/content", raw=True)
                answers.update(_answers(content))
        return answers

    async def _call(self, method: str, path: str, *, raw: bool = False, **kwargs: Any) -> Any:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self._headers, timeout=aiohttp.ClientTimeout(total=self.spec.timeout_s))
        url = self.spec.base_url.rstrip("/") + path
        try:
            async with self._session.request(method, url, **kwargs) as resp:
                payload = await resp.read()
                status = resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TeacherError(f"batch API {method} {path} failed", repr(exc)) from None
        if status in (401, 403, 404):
            raise TeacherUnavailable(f"teacher {self.name!r}: {url} answered {status}: "
                                     f"{payload[:300].decode(errors='replace')}")
        if status != 200:
            raise TeacherError(f"batch API {method} {path} answered HTTP {status}",
                               payload[:300].decode(errors="replace"))
        return payload if raw else orjson.loads(payload)


def _answers(content: bytes) -> Answers:
    """Output (or error) file lines by ``custom_id``."""
    out: Answers = {}
    for line in content.splitlines():
        if not line.strip():
            continue
        item = orjson.loads(line)
        response = item.get("response") or {}
        if item.get("error") or response.get("status_code") != 200:
            detail = orjson.dumps(item.get("error") or response.get("body")).decode()
            out[item["custom_id"]] = TeacherError("the batch answered an error", detail)
            continue
        try:
            out[item["custom_id"]] = parse_completion_body(orjson.dumps(response["body"]))
        except Exception as exc:  # a malformed body: this request fails, the batch does not
            out[item["custom_id"]] = TeacherError("malformed answer in the batch output",
                                                  str(exc))
    return out


def _pick(answers: Answers, custom_id: str) -> RawAnswer:
    answer = answers.get(custom_id)
    if answer is None:
        raise TeacherError("the batch output has no answer for this request", custom_id)
    if isinstance(answer, TeacherError):
        raise answer
    return answer
