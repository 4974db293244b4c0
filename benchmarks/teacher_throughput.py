"""Teacher throughput, side by side in one run.

1. HTTP: against ``fixed_latency_server.py`` (50 ms per answer, 127.0.0.1), N requests at
   concurrency C: synthloop's ``openai`` teacher with its response cache and token accounting
   in a run store (every answer committed to SQLite, budget on), a bare asyncio loop on
   aiohttp (the practical limit for Python), and, given ``--peer-python`` (a separate venv with
   ``bespokelabs-curator`` and ``distilabel``), those two pointed at the same server. Prints
   requests/s and the ratio to bare aiohttp (goal for synthloop: >= 0.9).
2. End to end: what a user runs, startup included. ``synthloop run`` of a ``generate.prompt``
   spec (``--e2e-requests`` records, ``max_concurrency`` = C, default batch settings, the
   JSONL export at the end) timed as a whole process beside the bare aiohttp loop, also as a
   whole process (interpreter start and imports included); then both at 1 request, their
   fixed cost. Goal (issue 24): >= 0.9x, and the 1-request run within 1.6x of the bare one
   (its excess halved: it was 0.53 s beside 0.24 s). At the README row's settings (3,000
   requests, 128, 50 ms) the result goes to ``benchmarks/results/perf/teacher_throughput.json``
   (``benchmarks/perf_table.py``).
3. Local: tokens/s of synthloop's ``local`` teacher against raw llama-cpp-python on the same
   prompts and model (bundled SmolLM2 GGUF, greedy), alternating rounds (goal: >= 0.95).

Each HTTP contender runs in its own process (the same script with ``--worker``).

The fixed cost, a 1-request run (CPU, which a loaded machine stretches less than wall time;
marks at each phase, medians of 9 fresh processes alternating with main's tree, load 11,
2026-12-07, branch fixed4): the interpreter 24 ms; importing ``synthloop.cli`` (typer, rich) 88;
typer's dispatch 166, nearly all of it imports it sets off (pydantic with typer's option
adapters 97, the engine modules the error wrapper loads 47); importing ``synthloop.api`` (config
models, yaml, store, pipeline) 42; the spec check 49 (jinja2 imported, the deferred models
built); the run 179, of which aiohttp's import 147 (its two TLS contexts, which the bare loop
pays too and no thread can hide: the certificate loading holds the GIL); the status tables 19;
the process's end 6 (was 21). Cut over the passes: the collector's walks of what startup
allocates (117 -> 10 collections a run: gen-0 threshold 100,000, set before typer and rich
load), the interpreter's teardown (the process ends as on ``SystemExit`` less the freeing of
every object, ``synthloop.cli._end_process``: 21 -> 6 ms of CPU, 30-40 ms of wall at load 6),
pydantic's plugin scan of every installed distribution (12-16 -> 3-4 ms where no
``entry_points.txt`` names pydantic: ``synthloop.pydantic_plugins``), the spec models built on
first validation (``defer_build``), modules a generating run never uses (rich's progress bars
under ``-q``, the file readers, the bundled model, the process pool, human review), typer
building only the named command (15 -> 3 ms), SQLite's syncs as a run dir is made (8 fdatasyncs
a run -> 3). The last of these cuts (collections, teardown, plugin scan), paired with main's
tree (20 alternating pairs, load 10.8): 0.631 -> 0.565 s of CPU (less in 15 of 20 pairs), wall
1.50 -> 1.32 s; the bare loop used 0.34-0.36 s. What is left is libraries the run uses, each
needed (pydantic by the spec and typer, jinja2 by templates and the report, rich by the tables,
yaml by the spec, aiohttp by the teacher: about 0.4 s of CPU with aiohttp) and synthloop's own 63
modules (75 ms of CPU, a third of it their 40 dataclasses, whose methods are compiled from
source as each class is made), none above 7 ms. ``tests/test_startup.py`` guards what
``--help``, ``check`` and a 1-request ``run`` import, their collections, the scan and the end.
This script, main's tree then this branch's, at load 11 (3 rounds each): 3,000 requests 0.72x
and 0.65x bare aiohttp, 1 request 1.54x and 1.57x its time; at that load three rounds move by
more than the cut, which the paired runs above resolve.

At 3,000 requests (2026-12-06, load 6.7) the largest wall-time gap was not CPU but the AIMD
limiter's slow start: from 2 it doubles once per round trip, so it reaches 128 after 7 round
trips and 127 answers (0.2 s to the first answer, 0.67 s to 128; the bare loop has served about
1,200 by then); the same teacher started at 128 took 3.12 s instead of 4.43 s. Starting low
protects a single-slot server; a faster ramp is a change of the limiter's policy
(``synthloop.teachers.aimd``), not of this client.

Since (2026-12-06 evening, load 4-5, ``synthloop run`` of 3,000 requests, medians of 4-5 fresh
processes alternating with the bare loop): the first answer (6 of 16 tokens in about 60 ms)
shows that even a one-slot server would answer about 50 requests within an eighth of the 60 s
timeout, so the limiter goes to 50 at once and doubles to 128 in two round trips
(``AIMDLimiter.room``): 3.41 s -> 3.08 s beside the bare loop's 2.41 s (0.71x -> 0.78x), as fast
as the same tree started at 128 (3.14 s). Also, a latency cut at 128 (the busy client itself
saw 3.2x the reference latency there, 1.9x at 64, yet 128 served 1.18x as much) no longer holds
the limit at 64 for the rest of the run: a limit serving 1.1x as much is kept. What is left is
CPU: 1.7 s of it against the bare loop's 1.1-1.3 s, which a loaded machine turns into wall time.

Since (2026-12-06 night, load 7-16, py-spy of a 3,000-request run): a client starved of CPU
read as a queue at the server (at load 7-8 the in-process teacher ended slow start at 56-89 or
was cut, 0.5-0.66x bare aiohttp); the limiter now judges each latency less twice the event
loop's lateness during the flight and stays at 128 (``synthloop.teachers.looplag``). Per
request, ``asyncio.timeout`` (a heap timer each) was 5% of the run's CPU: one timer per teacher
now (``synthloop.teachers.deadlines``); a run that started with an empty cache skips the cache
SELECT for keys it never wrote; plain templates render without Jinja; ``synthloop run`` builds
only the ``run`` command (typer read all twelve signatures, 15 ms -> 3 ms). Whole processes,
alternating, load 12 (medians of 6 and 9): 3,000 requests 1.40 -> 1.33 s of CPU (bare 0.87),
wall 0.75x bare either way; 1 request 0.53 -> 0.51 s of CPU (bare 0.27), 1.95x -> 1.91x its
time.

Since (2026-12-07, load 7-11 all session: at that load the side-by-side ratios moved by 0.1-0.3
between runs of one tree, so the split below is CPU from marks at each phase, medians of 7-9
fresh processes alternating with the tree before, and counted work). cProfile of a
3,000-request run finds no pydantic per request (12,000 pydantic calls in the whole run, no
pydantic function called once per request: they are the spec's and typer's schema builds at
startup) and the spec validated once (CheckedSpec); the hot path is aiohttp, the teacher's
bookkeeping and SQLite. Per request, in one process with imports done (3,000 at 128, load 6-8,
medians of 7): the bare loop 0.21 ms of CPU; the ``openai`` teacher alone +0.03 ms; its cache
key, answer log and budget +0.01; the answer commits +0.01-0.03; the pipeline's records and
batch commits +0.02. Tried and not kept: answers waiting for the others in flight (up to 10
ms) to share a commit: 106-115 -> 81-92 commits per 3,000 answers at load 8 and no difference
in time (a busy loop already reads many answers per iteration); in isolation 3,000 answers cost
72 ms of CPU committed five at a time and 37 ms twenty at a time, so an idle run might save
~35 ms, for up to 10 ms more per record: not measured idle, not worth the latency unmeasured.

What is left of the wall time at 3,000 beyond CPU: the ramp (2 in flight, then 50 after the
first answer, 128 two round trips later: by reckoning about two round trips of 128 requests,
0.1 s, not measured; a policy of ``synthloop.teachers.aimd``).

The per-request split (2026-12-07 morning, load 12-15 all session, so CPU, not wall: one
process with imports done, every contender at the run's gen-0 threshold, medians of 5, us of CPU
per request, 3,000 at 128; the tree before the change below and after, the same within the
noise of +-20 us that the bare loop itself showed): the bare loop 218-257; the ``openai``
teacher alone (HTTP, JSON parse, limiter, deadlines, fuse) 221-276, within that noise of it;
with the store and budget 282-299, of which the cache key 5.5-8.7, the cache look-up 1.4-1.7
and the answer commits 17-21 (about 35 answers a commit at this load); ``synthloop run`` in
process 342-373, of which record building 6, the prompt render 5.5-6, the answer into the
record 3.3-3.6, the record commits 14-16 (51 batches), the JSONL export 10, the report 5;
verdicts 0 (this spec validates nothing) and progress output 0 (``-q``: silent). What is left of
the store's part is SQLite itself: in isolation 3,000 answers cost 35 ms committed 23 at a time,
22 ms with sequential rather than hashed keys (every commit dirties the cache index's leaves)
and 16 ms in one commit, so fewer commits is the only large cut, and it was tried (above).

The wall time was lost elsewhere: requests in flight. The driver kept ``ceil(128 / 64) + 1`` = 3
batches of a stage in flight and commits them in order, so the ramp's first small batches were
all there was to send, and records answered behind the oldest batch's slowest request held
their room (in flight dipped to 28-67 mid-run). It counts the bound in records now, with room
for three times a stage's parallelism (7 batches of 64 at 128; twice, 5 batches, still fell
below 120 for 1.4-2.0 s of a 6-10 s run at load 14, an answer a starved core held up holding its
batch; three: never, 120-122 of 128 in flight on average, was 115-116). The limiter's ramp was 2,
then ``room`` (about 50 idle, 25 at load 11), then doubling: 2, 25, 30, 60, 120, 128 took 0.78 s
of a 4.8 s run at load 11. ``room`` is a burst per slot, and a window that served ``s`` requests
per reference latency shows about ``s`` slots, so the first clean window goes to ``s * room``:
128 is reached at 0.17-0.19 s instead of 0.25-0.41 s (load 11, alternating). Whole processes,
14 rounds alternating at load 8-10 (medians): main 4.35 s (0.71x bare aiohttp's 3.08 s), the
limiter alone 4.26 s (0.72x), with the driver's room 4.25 s (0.73x), CPU 1.60-1.61 s each
(bare 1.07); at load 4 (14 rounds): main 2.70 s (0.76x bare's 2.04 s), both 2.59 s (0.79x).
The gain is round trips; at load 8 and above the run is CPU-bound.

What the CPU is (2026-12-07, load 6-11): ``synthloop run`` in process with the HTTP session faked
(each request a 50 ms sleep returning the same body) costs 111-130 us of CPU a request in
generation where the same loop bare costs 29: the answer log 18 of it (98 with its writes
stubbed), the record commits about 14, the record building about 11 (py-spy: 14%, 11%, 9% of
the loop), the rest the teacher's bookkeeping in parts of 1-3 us (cache key, budget, limiter,
deadlines, parse, the recipe's turn). SQLite is per row and per commit: 3,000 answers cost 12
us each committed 26 at a time (the run's size under load), 8-13 at 64, 5-7 in one commit.
Tried and dropped, no gain measured: the teacher's coroutine returned rather than awaited by
``AsksTeacher.send`` and ``TeacherRecipe._answer`` (two awaiting frames fewer: 37.5-38.3 against
37.7-38.6 us for a request of 5 suspensions, microbenchmark); a pulse of one ``asyncio.Event``
per budget release rather than a new one (0.37 -> 0.13 us); the cache table ``WITHOUT ROWID``
(15-19 against 12-16 us an answer at 26 a commit); the answer log's group as one ``json_each``
statement like the record inserts (13.4 against 12.3 us); 4 or 8 KiB pages (12.2, 14.3 against
13.4 us); uvloop as the run's loop (not a dependency: installed apart) was within noise at
load 7-9 (whole process 1.54 against 1.68 s of CPU, 6 rounds; in process 340-430 against 301-479
us a request). What is left per request is aiohttp's (about 200 us, which the bare loop pays too)
and those SQLite writes; the ratio follows CPU wherever the machine is loaded.

Where the wall time goes (2026-12-07 afternoon, branch client9; timelines of whole processes,
4 pairs alternating with the bare loop): at load 2.3 the bare loop sends its first request at
0.16-0.20 s and exits 5-10 ms after its last answer, ``synthloop run`` at 0.33-0.39 s and 77-89
ms after (140-160 ms at load 3 before the cuts below); the generation between took as long
(1.45-1.53 s bare, 1.43-1.55 s), the server's own CPU bounding both. In process (the HTTP
section's workers, 6 rounds alternating at load 6) the teacher took 2.15 s to the bare loop's
1.77 s, and 2.03 s started at 128 in flight: the limiter's ramp (2 until the first answer at 69
ms, about 42 until the 42nd at 193 ms, load 3) is 0.12 s there, CPU per request the rest.
Cut, each measured alone: ``gc.freeze()`` before the run (``synthloop run`` only), so the one
collection a 3,000-request run made mid-generation (25 ms of CPU walking startup's 70,000
objects, the loop stopped) is gone: 1.186 -> 1.110 s of CPU, wall 2.074 -> 2.013 s (8 rounds,
load 1.9); the store's final WAL checkpoint in a thread behind the export, report and status
(``RunStore.close(behind=True)``, TRUNCATE so the last close unlinks an empty file): the
pipeline's close 47 -> 1-10 ms of wall, the last close 13-16 -> 1 ms; consoles without emoji
codes (a ``:name:`` in a message printed as written): the first status print 11.1-13.4 ->
7.8-9.0 ms of CPU. Together, beside the tree before (d3ddd98), 8 rounds at 3,000 and 10 at 1,
load 5: 0.842x -> 0.871x bare aiohttp (CPU 1.170 -> 1.141 s, bare 0.749), 1 request 1.513x ->
1.489x its time (CPU 0.374 -> 0.376 s, bare 0.234); again at load 6.4-7.4 (10 and 12 rounds):
0.846x -> 0.884x (CPU 1.038 -> 0.995 s, bare 0.671), 1 request 1.597x -> 1.525x.
What is left, in CPU (one 1-request process, marks as each module loads, load 2): the
interpreter 33 ms; typer 27, rich and the CLI 20; pydantic 20, and 40 more as typer's option
adapters load its types and JSON schema (which the spec's models use too), typer's first
TypeAdapter 12; ``synthloop.config`` with yaml 25, the engine modules 8, the store and export
8, the pipeline 21 (asyncio, which aiohttp would load anyway); the spec check 32 (jinja2 16 of
it, which the report needs); the pipeline's setup 5; aiohttp 110 (the bare loop's too). After
the last answer of 3,000 (CPU, warm): the JSONL export 24 ms (reading 4, the chat style 9,
``exchange`` 5 of that, dumps 4), the report 11 (it reads every record again for word counts),
the status tables 6-11. Tried and dropped: a gen-0 threshold of 250,000 at startup (no change:
``python -m synthloop.cli`` collects nothing after the CLI sets its threshold; the console
script, which imports the module and then calls ``main``, collects once there, 3.5-4 ms,
left); rich's highlighting off a terminal (the first status print 9.1-10.1 -> 7.4-8.1 ms, 5
pairs: not worth a branch). Not tried, by reckoning unsafe: judging slow start's window before
its last answer (Little's law over the first half of a window makes a one-slot server at
``room`` n look like about 4 slots; counting clean answers instead leans on the loop-lag
correction to show a queue, which at load it hides).

Since (2026-12-07 afternoon, branch ramp9): slow start counts each clean answer of a window as
a slot and goes to (clean answers) x ``room`` at once, at most 4 counted, rather than waiting
for the window's last answer (``synthloop.teachers.aimd``; a one-slot server is still sent at
most 4 x ``room``, which it answers within half the timeout: ``tests/teachers/test_ramp.py``).
Traces of ``synthloop run`` (3,000 at 128, load 5-6): 128 in flight 65-100 ms after the first
answer instead of 140-150. In process (the teacher worker, alternating with the tree before):
2.111 -> 1.909 s (8 rounds, load 5.3, faster in 7 of 8 pairs), 1.966 -> 1.875 s (10 rounds,
load 6.3, 8 of 10). The whole ``synthloop run`` process did not move: 2.314 -> 2.335 s beside
the bare loop's 2.061 (20 rounds, load 5.6-7.0, faster in 9 of 20 pairs; 0.891x -> 0.883x),
and 2.306 -> 2.360 s (10 rounds, load 5.4, 4 of 10): there the generation after the ramp runs
at the fixed-latency server's pace (about 2,000 answers/s, one Python process on the same two
cores), which the earlier ramp only reaches sooner. Kept for the in-process gain and for
endpoints that are not CPU-bound; the goal's gap is startup and the tail.
After the last answer (3,000, marks in a whole process, 3 runs, load 6): the pipeline's end
18-21 ms, the JSONL export 27-50 ms of wall (20 ms of CPU warm: ``exchange`` per record 7 of it,
deciding five fields where the chat style uses two), the report 10-34 ms (8-11 ms of CPU), then
status tables and the process's end 26-65 ms. Not tried for want of time: a leaner
prompt-and-response path for the chat export (by reckoning at most 5 ms of CPU), the report's
lengths without re-reading records (8-11 ms), both below what 20 whole-process rounds resolve at
this load (the medians' pairs moved by 50-100 ms).

    .venv/bin/python benchmarks/teacher_throughput.py --peer-python /work/peers-venv/bin/python
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from installed import compile_synthloop

HERE = Path(__file__).resolve().parent
MODEL = "fixed-latency"
ROW = (3000, 128, 0.05)  # the README row: requests, max_concurrency, server latency
GOAL_RATIO, GOAL_ONE = 0.9, 1.6
OURS = ("aiohttp", "synthloop")
PEERS = ("curator", "distilabel")


def prompt(i: int) -> list[dict[str, str]]:
    return [{"role": "user", "content": f"Question {i}: what is 6 times 7?"}]


# -- workers (one per process) -------------------------------------------------------------
async def bare_aiohttp(url: str, n: int, conc: int) -> int:
    import aiohttp
    import orjson

    sem = asyncio.Semaphore(conc)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conc)) as session:

        async def one(i: int) -> str:
            body = orjson.dumps({"model": MODEL, "messages": prompt(i), "max_tokens": 16})
            async with sem, session.post(f"{url}/chat/completions", data=body,
                                         headers={"Content-Type": "application/json"}) as r:
                return orjson.loads(await r.read())["choices"][0]["message"]["content"]

        return len(await asyncio.gather(*(one(i) for i in range(n))))


async def synthloop_teacher(url: str, n: int, conc: int) -> int:
    from synthloop.spec import BudgetSpec, OpenAITeacherSpec
    from synthloop.store import RunStore
    from synthloop.teachers import build_teacher

    with tempfile.TemporaryDirectory() as tmp:
        store = RunStore(Path(tmp) / "run.db")
        spec = OpenAITeacherSpec(backend="openai", base_url=url, model=MODEL, max_tokens=16,
                                 max_concurrency=conc)
        teacher = build_teacher("bench", spec, store=store,
                                budget=BudgetSpec(max_tokens=10**12))
        try:
            done = await asyncio.gather(*(teacher.chat(prompt(i), stage="bench")
                                          for i in range(n)))
        finally:
            await teacher.aclose()
        assert store.cache_size() == n, "every answer must be persisted"
        store.close()
        return len(done)


def curator(url: str, n: int, conc: int) -> int:
    import os

    import tiktoken
    from bespokelabs import curator as bc

    class ApproxEncoding:  # curator downloads cl100k_base to estimate tokens; offline here
        def encode(self, text: str, **_: Any) -> list[int]:
            return [0] * (len(text) // 4 + 1)

    tiktoken.get_encoding = lambda name: ApproxEncoding()
    os.environ.setdefault("CURATOR_DISABLE_CACHE", "1")
    llm = bc.LLM(model_name=MODEL, backend="openai",
                 backend_params={"base_url": url, "api_key": "unused",
                                 "max_requests_per_minute": 10**7,
                                 "max_tokens_per_minute": 10**10,
                                 "max_concurrent_requests": conc, "require_all_responses": False},
                 generation_params={"max_tokens": 16})
    out = llm([prompt(i)[0]["content"] for i in range(n)])
    return len(out.dataset if hasattr(out, "dataset") else out)


def distilabel(url: str, n: int, conc: int) -> int:
    from distilabel.models import OpenAILLM

    llm = OpenAILLM(model=MODEL, base_url=url, api_key="unused", max_retries=0,
                    generation_kwargs={"max_new_tokens": 16})
    llm.load()
    done = 0
    for start in range(0, n, conc):  # distilabel sends one batch of inputs at a time
        batch = [prompt(i) for i in range(start, min(n, start + conc))]
        done += len(llm.generate(inputs=batch, num_generations=1))
    return done


# Imported before the clock starts: throughput, not import time, is measured.
PRELOAD = {"aiohttp": ["aiohttp", "orjson"],
           "synthloop": ["synthloop.teachers.openai", "synthloop.store"],
           "curator": ["bespokelabs.curator"], "distilabel": ["distilabel.models"]}


def run_worker(name: str, url: str, n: int, conc: int) -> None:
    for module in PRELOAD[name]:
        importlib.import_module(module)
    t0 = time.perf_counter()
    if name == "aiohttp":
        done = asyncio.run(bare_aiohttp(url, n, conc))
    elif name == "synthloop":
        done = asyncio.run(synthloop_teacher(url, n, conc))
    elif name == "curator":
        done = curator(url, n, conc)
    else:
        done = distilabel(url, n, conc)
    seconds = time.perf_counter() - t0
    print(json.dumps({"name": name, "done": done, "seconds": seconds, "rps": done / seconds}))


# -- local teacher vs raw llama-cpp-python -------------------------------------------------
def local_comparison(prompts: int, tokens: int, rounds: int, threads: int) -> tuple[float, float]:
    from llama_cpp import Llama

    from synthloop.spec import LocalTeacherSpec
    from synthloop.store import RunStore
    from synthloop.teachers import build_teacher
    from synthloop.teachers.local import bundled_model_path

    msgs = [[{"role": "user", "content": f"Write a short story about robot number {i}."}]
            for i in range(prompts)]
    raw = Llama(model_path=str(bundled_model_path()), n_ctx=2048, n_threads=threads,
                verbose=False)

    def raw_round() -> float:
        t0, n = time.perf_counter(), 0
        for m in msgs:
            out = raw.create_chat_completion(messages=m, max_tokens=tokens, temperature=0.0,
                                             seed=0)
            n += out["usage"]["completion_tokens"]
        return n / (time.perf_counter() - t0)

    async def teacher_rounds() -> list[float]:
        rates = []
        with tempfile.TemporaryDirectory() as tmp:
            store = RunStore(Path(tmp) / "run.db")
            spec = LocalTeacherSpec(backend="local", max_tokens=tokens, temperature=0.0,
                                    n_threads=threads)
            teacher = build_teacher("local", spec, store=store)
            await teacher.chat(msgs[0], stage="warmup", sample_index=-1)  # load the model
            for r in range(rounds):
                t0, n = time.perf_counter(), 0
                for m in msgs:  # sample_index per round: fresh requests, not cache hits
                    c = await teacher.chat(m, stage="bench", sample_index=r, seed=0)
                    assert not c.cached
                    n += c.usage.completion_tokens
                rates.append(n / (time.perf_counter() - t0))
                raw_rates.append(raw_round())
            await teacher.aclose()
        return rates

    raw_round()  # warm up
    raw_rates: list[float] = []
    ours = asyncio.run(teacher_rounds())
    return statistics.median(raw_rates), statistics.median(ours)


E2E_SPEC = """
name: throughput
seed: 1
target: {{size: {n}, oversample: 1.0, max_rounds: 1}}
teachers:
  api: {{backend: openai, base_url: "{url}", model: {model}, max_concurrency: {conc},
         max_tokens: 16}}
stages:
  - {{use: generate.prompt, teacher: api, template: "Question {{{{ index }}}}: what is 6 times 7?"}}
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, timeout=900)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def end_to_end(url: str, n: int, conc: int, rounds: int
               ) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) seconds of the bare aiohttp process and of the ``synthloop run``
    process, alternating."""
    bare_s, ours_s = [], []
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "throughput.yaml"
        spec.write_text(E2E_SPEC.format(n=n, url=url, model=MODEL, conc=conc))
        for r in range(rounds):
            bare_s.append(timed([sys.executable, __file__, "--worker", "aiohttp", "--url", url,
                                 "--requests", str(n), "--concurrency", str(conc)]))
            ours_s.append(timed([sys.executable, "-m", "synthloop.cli", "run", str(spec), "-q",
                                 "--run-dir", str(Path(tmp) / f"run{r}")]))

    def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)

    return medians(bare_s), medians(ours_s)


def e2e(args: argparse.Namespace, url: str) -> None:
    """The end-to-end comparison at ``--e2e-requests`` and at 1 request; the README row."""
    sys.path.insert(0, str(HERE.parent))  # here, not at the top: the bare worker imports this
    from benchmarks.perf_table import load_now, write_row

    load = load_now()
    (bare, bare_cpu), (ours, ours_cpu) = end_to_end(url, args.e2e_requests, args.concurrency,
                                                    args.e2e_rounds)
    (bare1, bare1_cpu), (ours1, ours1_cpu) = end_to_end(url, 1, args.concurrency,
                                                        args.e2e_rounds)
    print(f"End to end, startup included: max_concurrency {args.concurrency}, default batch "
          f"settings, median of {args.e2e_rounds} alternating rounds, load {load:.1f} "
          "(wall seconds; CPU seconds of the process in brackets)")
    print(f"  {args.e2e_requests} requests: bare aiohttp process {bare:6.2f} s "
          f"({bare_cpu:.2f}), synthloop run {ours:6.2f} s ({ours_cpu:.2f})  "
          f"{bare / ours:.2f}x bare aiohttp (CPU {bare_cpu / ours_cpu:.2f}x)")
    print(f"  1 request:    bare aiohttp process {bare1:6.2f} s ({bare1_cpu:.2f}), "
          f"synthloop run {ours1:6.2f} s ({ours1_cpu:.2f})  {ours1 / bare1:.2f}x its time "
          f"(CPU {ours1_cpu / bare1_cpu:.2f}x)")
    if (args.e2e_requests, args.concurrency, args.latency) != ROW:
        return
    path = write_row(
        "teacher_throughput",
        row=f"LLM client through `synthloop run`, {ROW[0]:,} requests, 50 ms server, "
            f"`max_concurrency: {ROW[1]}`",
        peer="a bare aiohttp loop, whole process",
        ours=f"{ours:.2f} s ({ROW[0] / ours:,.0f} req/s, {ours_cpu:.2f} s CPU); 1 request "
             f"{ours1:.2f} s ({ours1_cpu:.2f} s CPU)",
        peer_value=f"{bare:.2f} s ({ROW[0] / bare:,.0f} req/s, {bare_cpu:.2f} s CPU); 1 request "
                   f"{bare1:.2f} s ({bare1_cpu:.2f} s CPU)",
        ratio=bare / ours,
        goal=f">= {GOAL_RATIO}x; a 1-request run within {GOAL_ONE}x of the bare one "
             f"(now {ours1 / bare1:.2f}x)",
        met=bare / ours >= GOAL_RATIO and ours1 / bare1 <= GOAL_ONE,
        command=shlex.join(["python", "benchmarks/teacher_throughput.py", *sys.argv[1:]]),
        load=load)
    print(f"  -> {path.relative_to(HERE.parent)}")


# -- driver --------------------------------------------------------------------------------
def start_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, str(HERE / "fixed_latency_server.py"),
                             "--latency", str(latency)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("READY"):
        proc.kill()
        raise SystemExit(f"fixed-latency server did not start: {line!r}")
    return proc, f"http://127.0.0.1:{int(line.split()[1])}/v1"


def contender(python: str, name: str, url: str, n: int, conc: int) -> dict[str, Any] | None:
    cmd = [python, __file__, "--worker", name, "--url", url, "--requests", str(n),
           "--concurrency", str(conc)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        print(f"  {name}: failed ({done.stderr.strip().splitlines()[-1:] or done.returncode})")
        return None
    return json.loads(lines[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=ROW[0])
    ap.add_argument("--concurrency", type=int, default=ROW[1])
    ap.add_argument("--latency", type=float, default=ROW[2])
    ap.add_argument("--peer-python", help="python of a venv with bespokelabs-curator, distilabel")
    ap.add_argument("--local-prompts", type=int, default=6)
    ap.add_argument("--local-tokens", type=int, default=64)
    ap.add_argument("--local-rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--e2e-requests", type=int, default=ROW[0])
    ap.add_argument("--e2e-rounds", type=int, default=3)
    ap.add_argument("--skip-http", action="store_true")
    ap.add_argument("--skip-e2e", action="store_true")
    ap.add_argument("--skip-local", action="store_true")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    args = ap.parse_args()
    compile_synthloop()
    if args.worker:
        run_worker(args.worker, args.url, args.requests, args.concurrency)
        return

    if not args.skip_http:
        proc, url = start_server(args.latency)
        ideal = args.concurrency / args.latency
        print(f"HTTP: {args.requests} requests, concurrency {args.concurrency}, "
              f"{args.latency * 1000:.0f} ms server (ideal {ideal:.0f} req/s)")
        try:
            results = {}
            runs = [(sys.executable, name) for name in OURS]
            runs += [(args.peer_python, name) for name in PEERS if args.peer_python]
            for python, name in runs:
                res = contender(python, name, url, args.requests, args.concurrency)
                if res:
                    results[name] = res
            base = results.get("aiohttp", {}).get("rps")
            for name, res in results.items():
                ratio = f"{res['rps'] / base:.2f}x bare aiohttp" if base else ""
                print(f"  {name:<11} {res['rps']:8.0f} req/s  {res['seconds']:6.2f} s  {ratio}")
            if not args.skip_e2e:
                e2e(args, url)
        finally:
            proc.kill()
    if not args.skip_local:
        raw, ours = local_comparison(args.local_prompts, args.local_tokens, args.local_rounds,
                                     args.threads)
        print(f"Local (SmolLM2 GGUF, {args.local_prompts} prompts x {args.local_tokens} tokens, "
              f"median of {args.local_rounds} alternating rounds)")
        print(f"  raw llama-cpp-python {raw:7.1f} tok/s")
        print(f"  synthloop local      {ours:7.1f} tok/s  {ours / raw:.2f}x raw")


if __name__ == "__main__":
    main()
