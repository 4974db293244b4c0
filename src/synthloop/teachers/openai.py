"""Any OpenAI-compatible chat-completions endpoint (vLLM, SGLang, llama.cpp, Ollama, OpenAI).

aiohttp, chosen by measurement: at concurrency 128 against a 50 ms server a bare aiohttp loop
reaches ~2,300 req/s where httpx's AsyncClient stalls near 110 req/s on its connection pool
(``benchmarks/teacher_throughput.py``). One pooled session per teacher; an AIMD limiter sets
how many requests are in flight, starting low and growing while latencies show no queueing
or the throughput grows with it, skipping ahead where even a one-slot server would answer
the requests well within the timeout (:mod:`synthloop.teachers.aimd`);
a bounded retry loop (backoff with jitter, Retry-After honoured) handles 429, 5xx, timeouts,
dropped connections and malformed bodies; an answer that cannot change (a 4xx, a 500 saying
the request is unsupported, the same error twice: :func:`~synthloop.teachers.negotiate.is_final`)
is not retried, and when it names a feature the teacher steps down to a form the server takes
(:mod:`synthloop.teachers.negotiate`); a failure fuse (:mod:`synthloop.teachers.fuse`) stops
the run within a second when the endpoint is down or refuses the run (connection refused, DNS,
401, 403, 404) instead of retrying every request. The timeout counts from the moment a request
leaves, never the time it waited here for a slot.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import time
from typing import Any, ClassVar

import aiohttp
import orjson

from synthloop.spec import OpenAITeacherSpec
from synthloop.teachers.aimd import AIMDLimiter
from synthloop.teachers.answers import Messages, RawAnswer, Usage, openai_choice
from synthloop.teachers.base import (
    Feature,
    Teacher,
    TeacherError,
    TeacherUnavailable,
    TeacherUnsupported,
)
from synthloop.teachers.deadlines import Deadlines
from synthloop.teachers.fuse import FailureFuse
from synthloop.teachers.negotiate import Capabilities, Structured, blamed, is_final
from synthloop.teachers.negotiate import Feature as Asked
from synthloop.teachers.retry import backoff_delay, retry_after_seconds
from synthloop.teachers.structured import schema_instruction

# Statuses that mean "this endpoint/config is wrong", not "this request failed": the fuse
# counts them (a request retries them like any fault, so a lone one stops nothing).
_WRONG = {401: "unauthorized (check the API key)", 403: "forbidden",
          404: "not found (check base_url and model)"}
_OVERLOAD = {429, 503}
_START_CONCURRENCY = 2  # a single-slot server sees at most this many before any answer
_ROOM_SHARE = 8  # a burst that a one-slot server would answer in this share of the timeout


class _Retryable(Exception):
    """A failed attempt. ``cause`` names an infrastructure failure (for the fuse)."""

    def __init__(self, message: str, *, retry_after: float | None = None,
                 overload: bool = False, cause: str | None = None,
                 status: tuple[int, str] | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.overload = overload
        self.cause = cause
        self.status = status  # (HTTP status, body) of an error answer


class _Final(Exception):
    """An error answer that the same request would get again (see ``is_final``)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.detail = detail


def auth_headers(name: str, api_key_env: str | None) -> dict[str, str]:
    """The bearer header from the environment variable the spec names (none without one)."""
    if not api_key_env:
        return {}
    key = os.environ.get(api_key_env)
    if not key:
        raise TeacherUnavailable(f"teacher {name!r}: environment variable {api_key_env} "
                                 "(api_key_env) is not set; export the API key in it")
    return {"Authorization": f"Bearer {key}"}


class OpenAITeacher(Teacher):
    """Teacher over HTTP. Build with :meth:`from_spec`.

    ``n`` goes in the request body. An endpoint that returns fewer choices (llama.cpp's server
    ignores ``n``) gets one more request per missing choice, with seed ``seed + i`` for
    choice ``i`` when the call is seeded, so ``n`` choices always come back.
    ``caps`` is what the endpoint turned out to support (:mod:`synthloop.teachers.negotiate`).
    """

    features: ClassVar[frozenset[Feature]] = frozenset({"tools", "logprobs"})
    spec: OpenAITeacherSpec
    limiter: AIMDLimiter
    fuse: FailureFuse
    deadlines: Deadlines  # each request's timeout_s, from when it is sent
    caps: Capabilities
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
        self.limiter = endpoint_limiter(spec)
        self.fuse = FailureFuse(f"teacher {name!r} at {spec.base_url}")
        self.deadlines = Deadlines(spec.timeout_s)
        form = spec.structured_output
        self.caps = Capabilities(f"teacher {name!r} at {spec.base_url}",
                                 "json_schema" if form == "auto" else form,
                                 negotiate=form == "auto", store=self.store)
        self._session = None
        self._url = spec.base_url.rstrip("/") + "/chat/completions"
        self._headers = {"Content-Type": "application/json", **auth_headers(name,
                                                                            spec.api_key_env)}
        self._rng = random.Random()
        self.retries = 0
        return self

    def _session_now(self) -> aiohttp.ClientSession:
        # Created inside the running loop: a session belongs to the loop that made it. No
        # session-wide timeout: _post times each request from when it is sent.
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.spec.max_concurrency,
                                             ttl_dns_cache=300, keepalive_timeout=60)
            self._session = aiohttp.ClientSession(
                connector=connector, headers=self._headers,
                timeout=aiohttp.ClientTimeout(total=None))
        return self._session

    @property
    def max_in_flight(self) -> int:
        return self.spec.max_concurrency

    def supports(self, feature: Feature) -> bool:
        if feature == "logprobs" and self.caps.logprobs is False:
            return False
        return super().supports(feature)

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _body(self, messages: Messages, params: dict[str, Any],
              schema: dict[str, Any] | None) -> tuple[bytes, Structured]:
        """The request as the endpoint takes it now, and the structured-output form used."""
        # Messages go as given: tool_calls, tool_call_id and null contents included.
        flavour = self.caps.structured
        params = {k: v for k, v in params.items() if v is not None}
        if self.caps.logprobs is False:
            params.pop("logprobs", None)
            params.pop("top_logprobs", None)
        body: dict[str, Any] = {"model": self.model, "messages": messages, **params}
        if schema is not None:
            if flavour == "json_object":
                body["response_format"] = {"type": "json_object", "schema": schema}
            elif flavour == "json_schema":
                body["response_format"] = {"type": "json_schema",
                                           "json_schema": {"name": "answer", "schema": schema}}
            else:
                body["messages"] = _asking_json(messages, schema)
        return orjson.dumps(body), flavour

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        answer = await self._send(messages, params, schema)
        first, n, seed = len(answer.choices), params.get("n", 1), params.get("seed")
        if first < n:  # the endpoint ignored n
            more = await asyncio.gather(*(
                self._send(messages, {**params, "n": 1,
                                      "seed": None if seed is None else seed + i}, schema)
                for i in range(first, n)))
            for extra in more:
                answer.choices += extra.choices
                answer.usage += extra.usage
        return answer

    async def _send(self, messages: Messages, params: dict[str, Any],
                    schema: dict[str, Any] | None) -> RawAnswer:
        """One request, retried on faults with backoff; every attempt reports to the fuse.
        A final error answer is not retried: the request goes again only in a form the
        endpoint may take (a step down), else it fails with the server's message."""
        attempts = self.spec.max_retries + 1
        attempt, last, previous = 0, "", None
        while True:
            sent_at = await self.limiter.acquire()
            try:
                self.fuse.check()
                body, flavour = self._body(messages, params, schema)  # what is known now
                answer = await self._post(body, params, previous)
            except _Retryable as exc:
                last, previous = str(exc), exc.status
                if exc.overload:
                    self.limiter.overloaded(sent_at)
                if exc.cause is None:
                    self.fuse.ok()
                else:
                    self.fuse.failed(exc.cause, last)
                delay = exc.retry_after
            except _Final as exc:
                self.fuse.ok()  # the endpoint answered; this request is what it refused
                self._refused(exc, flavour, schema, params)
                continue  # stepped down: the same request in the form the server takes
            except TeacherError:
                self.fuse.ok()
                raise
            else:
                self.fuse.ok()
                latency = time.monotonic() - sent_at
                if latency > self.spec.timeout_s / 2:
                    self.limiter.overloaded(sent_at)  # latency close to the timeout
                else:
                    # work in decoded tokens (a prompt token costs about an eighth of one)
                    usage = answer.usage
                    self.limiter.succeeded(sent_at, max(usage.completion_tokens, 0)
                                           + max(usage.prompt_tokens, 0) / 8,
                                           params.get("max_tokens"))
                    self._room(latency, usage.completion_tokens, params)
                if min(answer.usage.prompt_tokens, answer.usage.completion_tokens) < 0:
                    answer.usage = Usage(
                        self.count_prompt_tokens(messages, params.get("tools")),
                        params["max_tokens"] * params.get("n", 1))
                return answer
            finally:
                self.limiter.release()
            attempt += 1
            if attempt >= attempts:
                raise TeacherError(f"gave up after {attempts} attempts", last)
            self.retries += 1
            await asyncio.sleep(delay if delay is not None
                                else backoff_delay(attempt - 1, self._rng))

    def _room(self, latency: float, completion_tokens: int, params: dict[str, Any]) -> None:
        """Tell the limiter how many requests a one-slot server would answer in an eighth of
        the timeout, if each took as long as this one scaled to ``max_tokens`` per choice (the
        longest it could be): that many at once cannot time out here, so slow start may skip
        to it. Without ``max_tokens`` or a token count no answer bounds the next one. The bound
        holds for requests like this one: a later stage asking much longer answers of the same
        endpoint, sent while the limit is still high, can queue at a one-slot server past its
        timeout (it is then cut as overloaded, and the requests are retried)."""
        max_tokens = params.get("max_tokens")
        if not self.limiter.slow_start or not max_tokens or completion_tokens <= 0:
            return
        longest = latency * max_tokens * params.get("n", 1) / completion_tokens
        self.limiter.room(int(self.spec.timeout_s / (_ROOM_SHARE * max(longest, 1e-3))))

    def _refused(self, exc: _Final, flavour: Structured, schema: dict[str, Any] | None,
                 params: dict[str, Any]) -> None:
        """Step down from what a final error names, or raise with the server's message."""
        asked: set[Asked] = set()
        if schema is not None and flavour != "prompt":
            asked.add("structured")
        if params.get("logprobs") and self.caps.logprobs is not False:
            asked.add("logprobs")
        if params.get("tools"):
            asked.add("tools")
        feature = blamed(exc.detail, asked)
        if feature is not None and self.caps.step_down(feature, flavour, exc.detail):
            return
        if feature == "tools":
            raise TeacherUnsupported(
                f"teacher {self.name!r}: {self._url} refuses tool calls ({exc}); give this "
                "stage a teacher whose server supports tools (vLLM with a tool parser, "
                "llama.cpp's llama-server --jinja, OpenAI)")
        if feature == "structured":
            hint = ("set structured_output: auto so synthloop finds a form it takes"
                    if not self.caps.negotiate else "no form of structured output is left")
            raise TeacherUnsupported(f"teacher {self.name!r}: {self._url} refuses structured "
                                     f"output as {flavour} ({exc}); {hint}")
        raise TeacherError(f"the server refused the request with HTTP {exc.status} (not "
                           "retried: it would answer the same again)", exc.detail)

    async def _post(self, body: bytes, params: dict[str, Any],
                    previous: tuple[int, str] | None = None) -> RawAnswer:
        """One attempt; ``previous`` is the error answer of the attempt before, if any."""
        session = self._session_now()
        try:
            async with self.deadlines.limit(), \
                    session.post(self._url, data=body) as resp:
                payload = await resp.read()
                status = resp.status
                retry_after = (None if status == 200
                               else retry_after_seconds(resp.headers.get("Retry-After")))
        except TimeoutError:
            raise _Retryable(f"timeout after {self.spec.timeout_s:g} s", overload=True) from None
        except aiohttp.ClientConnectorError as exc:
            raise _Retryable(f"cannot connect to {self._url}: {exc}",
                             cause=_connect_cause(exc)) from None
        except aiohttp.ClientError as exc:  # a dropped connection: the server may be full
            raise _Retryable(f"connection error: {type(exc).__name__}: {exc}",
                             overload=True) from None
        if status != 200:
            detail = _error_text(payload)
            if status in _WRONG:
                raise _Retryable(f"{self._url} answered {status} {_WRONG[status]}: {detail}",
                                 cause=f"HTTP {status}")
            if is_final(status, detail, previous):
                raise _Final(status, detail)
            raise _Retryable(f"HTTP {status}: {detail}", retry_after=retry_after,
                             overload=status in _OVERLOAD or status == 408,
                             status=(status, detail))
        answer = parse_completion_body(payload, params.get("top_logprobs", 0))
        if params.get("logprobs") and self.caps.logprobs is not False:
            if any(c.logprobs is None and not c.tool_calls for c in answer.choices):
                self.caps.no_logprobs("an answer came back without them although asked")
            else:
                self.caps.logprobs = True
        return answer


def endpoint_limiter(spec: OpenAITeacherSpec) -> AIMDLimiter:
    """The concurrency limiter of one endpoint: low at first, up to ``max_concurrency``."""
    return AIMDLimiter(spec.max_concurrency, spec.min_concurrency,
                       start=max(spec.min_concurrency, _START_CONCURRENCY))


def _asking_json(messages: Messages, schema: dict[str, Any]) -> Messages:
    """``messages`` with the schema in words at the end of the last user turn."""
    last = messages[-1] if messages else {}
    if last.get("role") == "user" and isinstance(last.get("content"), str):
        return [*messages[:-1], {**last, "content": f"{last['content']}\n\n"
                                                    f"{schema_instruction(schema)}"}]
    return [*messages, {"role": "user", "content": schema_instruction(schema)}]


_PYDANTIC = re.compile(r"""'loc': \(([^)]*)\), 'msg': (?:"([^"]*)"|'([^']*)')""")


def _error_text(payload: bytes) -> str:
    """An error answer's message: OpenAI's ``{"error": {"message"}}`` or the body itself;
    a validation error (llama-cpp-python's) as ``where: what`` without its traceback."""
    text = payload[:2000].decode(errors="replace")
    try:
        data = orjson.loads(payload)
        error = data.get("error", data) if isinstance(data, dict) else data
        message = error.get("message") if isinstance(error, dict) else error
        if isinstance(message, str) and message:
            text = message
    except orjson.JSONDecodeError:
        pass
    found = [".".join(part.strip(" '") for part in loc.split(",")) + f": {a or b}"
             for loc, a, b in _PYDANTIC.findall(text)]
    return "; ".join(found) if found else text[:500]


def _connect_cause(exc: aiohttp.ClientConnectorError) -> str:
    if isinstance(exc.os_error, socket.gaierror):
        return "DNS lookup failure"
    if isinstance(exc.os_error, ConnectionRefusedError):
        return "connection refused"
    return "connection failure"


def parse_completion_body(payload: bytes, top_k: int = 0) -> RawAnswer:
    """A chat-completions body; a malformed one is retryable (proxies truncate bodies)."""
    try:
        data = orjson.loads(payload)
        choices = [openai_choice(c, top_k) for c in data["choices"]]
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, IndexError,
            ValueError):
        shown = payload[:80].decode(errors="replace")
        raise _Retryable(f"malformed response body: {shown!r}") from None
    if not choices:
        raise _Retryable("response has no choices")
    usage = data.get("usage") or {}
    # -1 marks "endpoint reported no usage": the caller charges the worst case.
    return RawAnswer(choices, Usage(int(usage.get("prompt_tokens", -1)),
                                    int(usage.get("completion_tokens", -1))))

