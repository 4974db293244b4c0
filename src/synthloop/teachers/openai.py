"""Any OpenAI-compatible chat-completions endpoint (vLLM, SGLang, llama.cpp, Ollama, OpenAI).

aiohttp, chosen by measurement: at concurrency 128 against a 50 ms server a bare aiohttp loop
reaches ~2,300 req/s where httpx's AsyncClient stalls near 110 req/s on its connection pool
(``benchmarks/teacher_throughput.py``). One pooled session per teacher; an AIMD limiter sets
how many requests are in flight; a bounded retry loop (backoff with jitter, Retry-After
honoured) handles 429, 5xx, timeouts, dropped connections and malformed bodies.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from typing import Any

import aiohttp
import orjson

from synthloop.spec import OpenAITeacherSpec
from synthloop.teachers.aimd import AIMDLimiter
from synthloop.teachers.base import (
    Messages,
    RawAnswer,
    Teacher,
    TeacherError,
    TeacherUnavailable,
    Usage,
)
from synthloop.teachers.retry import backoff_delay, retry_after_seconds

# Statuses that mean "this endpoint/config is wrong", not "this request failed".
_FATAL = {401: "unauthorized (check the API key)", 403: "forbidden", 404: "not found (check "
          "base_url and model)"}
_OVERLOAD = {429, 503}


class _Retryable(Exception):
    def __init__(self, message: str, *, retry_after: float | None = None,
                 overload: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.overload = overload


class OpenAITeacher(Teacher):
    """Teacher over HTTP. Build with :meth:`from_spec`."""

    spec: OpenAITeacherSpec
    limiter: AIMDLimiter
    _session: aiohttp.ClientSession | None
    _headers: dict[str, str]
    _url: str
    _rng: random.Random
    retries: int  # retried attempts so far (for tests and status)

    @classmethod
    def from_spec(cls, name: str, spec: OpenAITeacherSpec, **kwargs: Any) -> OpenAITeacher:
        sampling = spec.sampling()
        self = cls(name=name, backend="openai", model=spec.model, sampling=sampling, **kwargs)
        self.spec = spec
        self.limiter = AIMDLimiter(spec.max_concurrency, spec.min_concurrency)
        self._session = None
        self._url = spec.base_url.rstrip("/") + "/chat/completions"
        self._headers = {"Content-Type": "application/json"}
        if spec.api_key_env:
            key = os.environ.get(spec.api_key_env)
            if not key:
                raise TeacherUnavailable(
                    f"teacher {name!r}: environment variable {spec.api_key_env} (api_key_env) "
                    "is not set; export the API key in it")
            self._headers["Authorization"] = f"Bearer {key}"
        self._rng = random.Random()
        self.retries = 0
        return self

    def _session_now(self) -> aiohttp.ClientSession:
        # Created inside the running loop: a session belongs to the loop that made it.
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.spec.max_concurrency,
                                             ttl_dns_cache=300, keepalive_timeout=60)
            self._session = aiohttp.ClientSession(
                connector=connector, headers=self._headers,
                timeout=aiohttp.ClientTimeout(total=self.spec.timeout_s))
        return self._session

    @property
    def max_in_flight(self) -> int:
        return self.spec.max_concurrency

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _body(self, messages: Messages, params: dict[str, Any],
              schema: dict[str, Any] | None) -> bytes:
        body: dict[str, Any] = {"model": self.model, "messages": messages,
                                **{k: v for k, v in params.items() if v is not None}}
        if schema is not None:
            if self.spec.structured_output == "json_object":
                body["response_format"] = {"type": "json_object", "schema": schema}
            else:
                body["response_format"] = {"type": "json_schema",
                                           "json_schema": {"name": "answer", "schema": schema}}
        return orjson.dumps(body)

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        body = self._body(messages, params, schema)
        attempts = self.spec.max_retries + 1
        last = ""
        for attempt in range(attempts):
            sent_at = await self.limiter.acquire()
            try:
                answer = await self._post(body)
            except _Retryable as exc:
                last = str(exc)
                if exc.overload:
                    self.limiter.overloaded(sent_at)
                delay = exc.retry_after
            else:
                if time.monotonic() - sent_at > self.spec.timeout_s / 2:
                    self.limiter.overloaded(sent_at)  # latency close to the timeout
                else:
                    self.limiter.succeeded()
                if min(answer.usage.prompt_tokens, answer.usage.completion_tokens) < 0:
                    answer.usage = Usage(self.count_prompt_tokens(messages),
                                         params["max_tokens"] * params.get("n", 1))
                return answer
            finally:
                self.limiter.release()
            if attempt + 1 < attempts:
                self.retries += 1
                await asyncio.sleep(delay if delay is not None
                                    else backoff_delay(attempt, self._rng))
        raise TeacherError(f"gave up after {attempts} attempts", last)

    async def _post(self, body: bytes) -> RawAnswer:
        session = self._session_now()
        try:
            async with session.post(self._url, data=body) as resp:
                payload = await resp.read()
                status = resp.status
                retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
        except TimeoutError:
            raise _Retryable(f"timeout after {self.spec.timeout_s:g} s", overload=True) from None
        except aiohttp.ClientError as exc:
            raise _Retryable(f"connection error: {type(exc).__name__}: {exc}") from None
        if status != 200:
            detail = payload[:300].decode(errors="replace")
            if status in _FATAL:
                raise TeacherUnavailable(f"teacher {self.name!r}: {self._url} answered {status} "
                                         f"{_FATAL[status]}: {detail}")
            if status in _OVERLOAD or status >= 500 or status == 408:
                raise _Retryable(f"HTTP {status}: {detail}", retry_after=retry_after,
                                 overload=status in _OVERLOAD)
            raise TeacherError(f"request rejected with HTTP {status}", detail)
        return _parse(payload)


def _parse(payload: bytes) -> RawAnswer:
    """A chat-completions body; a malformed one is retryable (proxies truncate bodies)."""
    try:
        data = orjson.loads(payload)
        choices = data["choices"]
        texts = [c["message"].get("content") or "" for c in choices]
        finish = choices[0].get("finish_reason") if choices else None
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, IndexError):
        shown = payload[:80].decode(errors="replace")
        raise _Retryable(f"malformed response body: {shown!r}") from None
    if not texts:
        raise _Retryable("response has no choices")
    usage = data.get("usage") or {}
    # -1 marks "endpoint reported no usage": the caller charges the worst case.
    return RawAnswer(texts=texts, finish_reason=finish,
                     usage=Usage(int(usage.get("prompt_tokens", -1)),
                                 int(usage.get("completion_tokens", -1))))
