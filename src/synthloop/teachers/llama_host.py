"""The local model's host process: llama.cpp runs here, never in the run's own process.

Started by :class:`synthloop.teachers.host_client.HostProcess` as
``python -m synthloop.teachers.llama_host MODEL --n-ctx N --parallel P [--n-threads T]``.

Why a subprocess speaking JSON lines over pipes rather than ``multiprocessing``: a native crash
(SIGSEGV in ``llama_decode``, SIGILL from an instruction this CPU lacks, an abort) must end
only this process and reach the parent as an exit status it can name; a plain child with a
pipe pair gives exactly that, with no pickling of Llama objects, no forking of a parent that
holds SQLite connections and threads, and no resource tracker. The protocol is one JSON object
per line: requests ``{"id", "op", ...}`` on stdin; replies ``{"id", "ok"}`` or
``{"id", "error", "kind"}`` on the original stdout, and ``{"fatal"}`` when the model cannot
load. Fd 1 is pointed at stderr at start, so nothing llama.cpp prints can corrupt a reply.

The child never outlives the run: stdin's EOF (the parent exited, however it died) ends it,
and on Linux ``PR_SET_PDEATHSIG`` kills it with the parent even while it is busy in C.

Each request runs on its own thread, which hands its sequence to the host's
:class:`synthloop.teachers.llama_batch.BatchedLlama` and waits: ``parallel`` requests in flight
are spread over up to one single-thread context per usable core (``plan_workers``), and the
sequences on a context decode together, one ``llama_batch`` per step; a seeded answer is the
one-stream loop's, whatever else is in flight and whatever ``parallel`` is. ``n`` choices are
``n`` sequences seeded ``seed + i``. Log-prob requests decode in the same batches: their
log-probs come from the logits row each token was sampled from
(:mod:`synthloop.teachers.llama_logprobs`), not from a ``logits_all`` context.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, TypeVar, cast, get_args

import orjson

from synthloop import faults
from synthloop.teachers.answers import (
    Choice,
    RawAnswer,
    TokenLogprob,
    Usage,
    openai_choice,
    to_cache,
)
from synthloop.teachers.base import TeacherUnsupported
from synthloop.teachers.llama_weights import Weights
from synthloop.teachers.messages import for_template

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


class Host:
    """The model and what each request op does with it."""

    def __init__(self, path: str, n_ctx: int, n_threads: int | None, parallel: int,
                 weights: Weights = "file") -> None:
        from synthloop.teachers.llama_batch import BatchedLlama
        from synthloop.teachers.llama_pool import plan_workers, usable_cpus
        from synthloop.teachers.llama_weights import served

        self.path, self.n_ctx = path, n_ctx
        # Converted here, not in the run's process: llama.cpp may crash converting too.
        path = str(served(Path(path), weights))
        self.plan = plan_workers(parallel, usable_cpus(), n_threads)
        # The front's own context is never decoded on (the engines make theirs from its
        # model): the smallest one llama.cpp gives.
        self.llama = BatchedLlama(model_path=path, n_ctx=1, n_threads=self.plan.threads,
                                  verbose=False)
        self.llama.start_batching(self.plan.contexts, -(-parallel // self.plan.contexts),
                                  n_ctx, self.plan.threads)

    def chat(self, messages: list[dict[str, Any]], params: dict[str, Any],
             schema: dict[str, Any] | None) -> dict[str, Any]:
        from synthloop.teachers.llama_batch import sampling_steps
        from synthloop.teachers.llama_logprobs import positions

        fmt = {"type": "json_object", "schema": schema} if schema is not None else None
        msgs = for_template(messages, self.llama.metadata.get("tokenizer.chat_template"))
        tools = ({"tools": params["tools"], "tool_choice": params.get("tool_choice")}
                 if "tools" in params else {})
        seed, top_k = params.get("seed"), params.get("top_logprobs", 0)

        llama: Any = self.llama  # its message and format types are stricter than JSON's

        def one(i: int) -> tuple[dict[str, Any], list[TokenLogprob] | None]:
            def call() -> dict[str, Any]:
                return llama.create_chat_completion(  # type: ignore[no-any-return]
                    messages=msgs, temperature=params["temperature"], top_p=params["top_p"],
                    max_tokens=params["max_tokens"], stop=params.get("stop"),
                    seed=None if seed is None else seed + i, response_format=fmt, **tools)

            if params.get("logprobs"):
                out, steps = sampling_steps(call)
                return out, positions(llama, steps, top_k)
            return call(), None

        outs = self._each_choice(params, one)
        return to_cache(RawAnswer(
            [replace(openai_choice(out["choices"][0], top_k), logprobs=logprobs)
             for out, logprobs in outs],
            sum((Usage(o["usage"]["prompt_tokens"], o["usage"]["completion_tokens"])
                 for o, _ in outs), Usage())))

    def complete(self, prompt: str, params: dict[str, Any]) -> dict[str, Any]:
        from synthloop.teachers.llama_batch import sampling_steps
        from synthloop.teachers.llama_logprobs import positions

        tokens = self.llama.tokenize(prompt.encode(), add_bos=False, special=True)
        seed = params.get("seed")

        def one(i: int) -> tuple[dict[str, Any], list[TokenLogprob] | None]:
            def call() -> dict[str, Any]:
                return self.llama.create_completion(
                    prompt=tokens, temperature=params["temperature"], top_p=params["top_p"],
                    max_tokens=params["max_tokens"], stop=params.get("stop"),
                    seed=None if seed is None else seed + i)

            if params.get("logprobs"):
                out, steps = sampling_steps(call)
                return out, positions(self.llama, steps, params.get("top_logprobs", 0))
            return call(), None

        outs = self._each_choice(params, one)
        return to_cache(RawAnswer(
            [Choice(o["choices"][0]["text"], finish_reason=o["choices"][0]["finish_reason"],
                    logprobs=logprobs) for o, logprobs in outs],
            sum((Usage(o["usage"]["prompt_tokens"], o["usage"]["completion_tokens"])
                 for o, _ in outs), Usage())))

    def render(self, messages: list[dict[str, Any]], add_generation_prompt: bool) -> str:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llama = self.llama
        template = llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise TeacherUnsupported(f"{self.path} has no chat template "
                                     "(tokenizer.chat_template) to render")
        model = llama._model  # token texts as llama-cpp-python gives its own formatter
        eos, bos = llama.token_eos(), llama.token_bos()
        formatter: Any = Jinja2ChatFormatter(
            template, eos_token=model.token_get_text(eos) if eos != -1 else "",
            bos_token=model.token_get_text(bos) if bos != -1 else "",
            add_generation_prompt=add_generation_prompt)
        return str(formatter(messages=for_template(messages, template)).prompt)

    @staticmethod
    def _each_choice(params: dict[str, Any], fn: Callable[[int], T]) -> list[T]:
        """The ``n`` choices, ``fn(i)`` each, submitted at once (each blocks its thread until
        its sequence is decoded)."""
        n = params.get("n", 1)
        if n == 1:
            return [fn(0)]
        with ThreadPoolExecutor(n) as threads:
            return list(threads.map(fn, range(n)))


def _serve(host: Host, request: dict[str, Any], reply: Any) -> None:
    rid, op = request.pop("id"), request.pop("op")
    try:
        result = getattr(host, op)(**request)
    except TeacherUnsupported as exc:
        reply({"id": rid, "error": str(exc), "kind": "unsupported"})
    except Exception as exc:  # one request's failure (a prompt too long, a bad tool choice)
        reply({"id": rid, "error": f"{type(exc).__name__}: {exc}", "kind": "request"})
    else:
        reply({"id": rid, "ok": result})


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="llama_host")
    parser.add_argument("model")
    parser.add_argument("--weights", choices=get_args(Weights), default="file")
    parser.add_argument("--n-ctx", type=int, required=True)
    parser.add_argument("--n-threads", type=int)
    parser.add_argument("--parallel", type=int, required=True)
    parser.add_argument("--parent-pid", type=int, required=True)
    parser.add_argument("--pdeathsig", action="store_true")
    args = parser.parse_args(argv)
    out: IO[bytes] = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    if args.pdeathsig:
        _die_with_parent(args.parent_pid)
    # A context with several threads meets them at a barrier per graph node; libgomp's default
    # spins there, and on a busy machine a spinning thread waits out its sibling's time slice:
    # one context with 2 threads decoded 0.6-1.1 tok/s at load 11-14 spinning, 26-35 tok/s
    # sleeping. Read by libgomp when llama.cpp loads, so set before the first import.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    lock = threading.Lock()

    def reply(message: dict[str, Any]) -> None:
        line = orjson.dumps(message) + b"\n"
        with lock:
            out.write(line)
            out.flush()

    try:
        host = Host(args.model, args.n_ctx, args.n_threads, args.parallel,
                    cast(Weights, args.weights))
    except ImportError:
        reply({"fatal": "the local teacher needs llama-cpp-python: pip install llama-cpp-python"})
        return
    except (ValueError, OSError) as exc:  # OSError: the converted weights' cache unwritable
        reply({"fatal": f"cannot load {args.model}: {exc}"})
        return
    for line in sys.stdin.buffer:
        faults.checkpoint("llama:request")
        threading.Thread(target=_serve, args=(host, orjson.loads(line), reply),
                         daemon=True).start()
    os._exit(0)  # the parent closed the pipe: nobody waits for the requests in flight


if __name__ == "__main__":
    main()
