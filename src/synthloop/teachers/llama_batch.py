"""Continuous batching for the local host: the sequences in flight on a context decode together.

One engine thread owns one llama.cpp context with ``slots`` sequences, each with its own KV
stream (``kv_unified`` off, ``n_seq_max`` = slots, ``n_ctx`` per sequence). A request that
arrives takes the free slot whose stream holds the longest part of its prompt (a chat
template's system prompt, a judge's rubric), or, where another slot's stream holds more of it
(requests arriving together: only the first has evaluated the shared part), a copy of that
stream (llama.cpp copies between streams whole: 47 MB at SmolLM2's 2048 positions, ~8 ms,
against ~4.6 ms per prompt token evaluated); the rest of its prompt is evaluated alone, in
chunks of up to :data:`CHUNK` tokens (never one), and its first token is sampled from that.
Then every step is one ``llama_decode`` of one ``llama_batch`` holding the last token of each
generating sequence, and each sequence samples its next token from its own row of logits with
its own sampler chain (penalties, grammar, top-k, typical, top-p, min-p, temperature, seeded
distribution: ``Llama._init_sampler``'s chain). New requests join between steps; a finished
sequence frees its slot at once for the next request, its prompt kept in its stream.

Contexts share the work to the end: a context with at least two more sequences decoding than
another context has in flight moves one of them there, its KV cells copied across
(``llama_state_seq_get_data`` / ``set_data``: ~2 MB for a 100-token SmolLM2 sequence) between
its steps. Requests are spread over the contexts as they arrive, before anyone knows their
lengths, so without it one context decoded its last long answers alone while the other core
idled; with it both cores decode until the last step (see :meth:`BatchEngine._hand_over`).

Why: a step's fixed costs (the graph, the Python loop) and, where the weights' type has a GEMM
kernel on this build (llamafile's tinyBLAS: F32, F16, BF16, Q8_0, Q4_0, Q5_0, IQ4_NL on AVX2;
Q4_0 also repacked 8x8), each weight read are shared by the sequences in it. The bundled Q4_1
weights have no such kernel: their products are one dot product per row and column. Thread CPU
per decode step of N one-token sequences, one thread, min of 4 (2-core AMD EPYC, load 1-2;
benchmarks/results/local_teacher.md): Q4_1 85 tok/CPU-s at N = 1, 97 at 4, 103 at 8; the same
weights as Q8_0 83, 109, 139, but 2 and 3 rows cost what 2 and 3 steps of one do (its GEMM
pays from 4 rows; ``benchmarks/local_teacher_throughput.py --widths``). Restoring a shared
prompt prefix saves more than batching on Q4_1: llama-cpp-python's one-stream loop keeps the
last prompt's prefix too, which made it 20-35% cheaper per request than a loop evaluating
every prompt whole (243 tokens of 4 chat requests).

What holds for a seed: a prompt position's cells and logits are the same bits whichever calls
of two or more rows evaluated the prompt (see :data:`CHUNK`), so a restored prefix holds what
evaluating it again would; a sequence's attention reads only its own stream, and on the CPU
kernels this build uses each output of a matrix product is one dot product whose order does
not depend on how many rows share the batch; the sampler is the sequence's own. So a seeded
request gets the same tokens whatever else is in flight, and the same as llama-cpp-python's
one-stream loop with ``flash_attn=True`` gives it (tested: alone, beside other requests, at
``parallel`` 1 and 4, and against ``Llama.create_chat_completion``; the contexts here always
use flash attention, which rounds differently from the loop's default, so without it the
loop's answers differ) wherever that loop evaluates two or more of the
prompt's tokens (it replays a single one when its cache holds all but the last, or the whole
prompt). That is a property of this build's kernels, not a promise of llama.cpp's.

:class:`BatchedLlama` routes llama-cpp-python's own ``create_completion`` here, so its chat
handler (the GGUF's template, JSON schema -> grammar, ``tool_choice`` -> grammar and
``tool_calls``) is unchanged and only the decoding loop is replaced; what this loop does not do
(streaming, llama-cpp-python's own log-probs, logits processors, mirostat) raises
:class:`NotBatchable`. Log-probs come from :func:`sampling_steps`: the logits row each token
was sampled from, as :mod:`synthloop.teachers.llama_logprobs` reads it on a one-stream context.
"""

from __future__ import annotations

import contextvars
import ctypes
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, TypeVar

import llama_cpp
import numpy as np
from llama_cpp import Llama, StoppingCriteriaList
from llama_cpp import _internals as internals
from llama_cpp.llama_grammar import LlamaGrammar

T = TypeVar("T")
# Prompt rows per ``llama_decode``. Which rows share a call does not change a single bit of the
# logits or the KV cells on this build's kernels as long as every call has two rows or more
# (96 of 96 random chunkings of the benchmark's prompts gave the one-chunk logits bitwise, on
# Q4_1, Q8_0 and Q4_0); a one-row call takes other kernels (up to 1.3 apart in a logit, and
# answers changed). So a prompt may resume after any shared prefix, and no chunk is one row.
# Q8_0, one thread: a call of 2 rows costs 25 ms, 4: 33, 8: 49, 16: 85 (5.3 ms per row).
CHUNK = 16
# The fewest prompt tokens worth copying another slot's stream for: llama.cpp copies a stream
# whole when the next call starts (~7 ms for SmolLM2's 47 MB at 2048 positions), what two
# more rows in a prompt chunk cost (~4 ms each).
COPY_PAYS = 2
Step = tuple["np.ndarray[Any, np.dtype[np.float32]]", int]  # logits row, the token sampled

# create_completion arguments this loop honours; any other with a non-default value is refused.
_DEFAULTS: dict[str, Any] = {"suffix": None, "logprobs": None, "echo": False, "stream": False,
                             "tfs_z": 1.0, "mirostat_mode": 0, "mirostat_tau": 5.0,
                             "mirostat_eta": 0.1, "model": None, "logits_processor": None,
                             "logit_bias": None}
_NO_LOGITS = np.empty(0, dtype=np.single)  # stopping criteria here see tokens, not logits
_recording: contextvars.ContextVar[list[Step] | None] = contextvars.ContextVar(
    "llama_batch_recording", default=None)


def chunks(start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` in calls of at most :data:`CHUNK` rows, none of one row unless the
    whole range is one row."""
    bounds = [*range(start, end, CHUNK), end]
    if len(bounds) > 2 and bounds[-1] - bounds[-2] == 1:
        bounds[-2] -= 1
    return list(zip(bounds, bounds[1:]))


class NotBatchable(ValueError):
    """A completion option the batched loop does not implement."""


def sampling_steps(call: Callable[[], T]) -> tuple[T, list[Step]]:
    """``call()`` (completions on a :class:`BatchedLlama`, on this thread) and, for each token
    it sampled, the logits row it was sampled from."""
    steps: list[Step] = []
    token = _recording.set(steps)
    try:
        return call(), steps
    finally:
        _recording.reset(token)


@dataclass
class _Sequence:
    prompt: list[int]
    max_tokens: int
    stop: list[bytes]
    sampler: internals.LlamaSampler
    criteria: StoppingCriteriaList | None  # e.g. the chat template's end-of-turn token
    record: list[Step] | None
    result: Future[dict[str, Any]]
    seq_id: int = -1
    completion: list[int] = field(default_factory=list)
    multibyte_fix: int = 0
    cells: bytes | None = None  # moved from another context: its KV cells, to restore


class BatchEngine:
    """Decodes the sequences submitted to it together; one thread, ``slots`` sequences."""

    def __init__(self, llama: Llama, slots: int, n_ctx: int, threads: int) -> None:
        self._llama, self.slots, self.n_ctx = llama, slots, n_ctx
        params = type(llama.context_params).from_buffer_copy(llama.context_params)
        params.n_ctx, params.n_seq_max, params.kv_unified = slots * n_ctx, slots, False
        params.n_threads = params.n_threads_batch = threads
        params.n_batch = params.n_ubatch = max(CHUNK, slots)  # not the front context's
        # Flash attention: a step of 4 rows 86 -> 106 tok/CPU-s, of 1 row 48 -> 52 (Q8_0, one
        # thread, --widths); the same log-probs to 0.005 KL of the Q4_1 file as without it.
        params.flash_attn_type = llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED
        self._ctx = internals.LlamaContext(model=llama._model, params=params, verbose=False)
        self._batch = internals.LlamaBatch(n_tokens=max(CHUNK, slots), embd=0,
                                           n_seq_max=1, verbose=False)
        self._cond = threading.Condition()
        self._waiting: deque[_Sequence] = deque()
        self._active: list[_Sequence] = []
        self._free = list(range(slots))
        self._kept: dict[int, list[int]] = {}  # slot -> the prompt still in its KV stream
        self.peers: list[BatchEngine] = []  # the host's other contexts on the same model
        self.widest = 0  # the most sequences one step has decoded together
        self.prefilled = 0  # prompt tokens evaluated (not restored)
        self.copied = 0  # prompts that restored a prefix from another slot's stream
        self.moved_in = 0  # sequences taken over from a peer mid-answer
        threading.Thread(target=self._loop, name="llama-batch", daemon=True).start()

    @property
    def load(self) -> int:
        """Sequences decoding or waiting here."""
        return len(self._active) + len(self._waiting)

    def submit(self, prompt: list[int], *, max_tokens: int | None, stop: list[str],
               temperature: float, top_p: float, top_k: int, min_p: float, typical_p: float,
               seed: int | None, repeat_penalty: float, frequency_penalty: float,
               presence_penalty: float, grammar: LlamaGrammar | None,
               stopping_criteria: StoppingCriteriaList | None) -> Future[dict[str, Any]]:
        """Queue one completion; the future gets ``create_completion``'s response dict."""
        if not prompt:
            raise ValueError("the prompt is empty: give the model some text to continue")
        if len(prompt) >= self.n_ctx:
            raise ValueError(f"the prompt has {len(prompt)} tokens; the context window per "
                             f"sequence is {self.n_ctx} (raise n_ctx in the teacher's spec)")
        room = self.n_ctx - len(prompt)
        limit = room if not max_tokens or max_tokens <= 0 else min(max_tokens, room)
        sampler = self._sampler(temperature, top_p, top_k, min_p, typical_p, seed,
                                repeat_penalty, frequency_penalty, presence_penalty, grammar)
        seq = _Sequence(prompt, limit, [s.encode() for s in stop], sampler, stopping_criteria,
                        _recording.get(), Future())
        with self._cond:
            self._waiting.append(seq)
            self._cond.notify()
        return seq.result

    def _sampler(self, temp: float, top_p: float, top_k: int, min_p: float, typical_p: float,
                 seed: int | None, repeat: float, freq: float, present: float,
                 grammar: LlamaGrammar | None) -> internals.LlamaSampler:
        """``Llama._init_sampler``'s chain, seeded for this sequence alone."""
        llama = self._llama
        sampler = internals.LlamaSampler()
        sampler.add_penalties(n_vocab=llama.n_vocab(), penalty_last_n=llama.last_n_tokens_size,
                              penalty_repeat=repeat, penalty_freq=freq, penalty_present=present)
        if grammar is not None:
            sampler.add_grammar(llama._model, grammar)
        rng = llama_cpp.LLAMA_DEFAULT_SEED if seed is None else seed
        if temp < 0.0:
            sampler.add_dist(rng)
        elif temp == 0.0:
            sampler.add_greedy()
        else:
            sampler.add_top_k(top_k)
            sampler.add_typical(typical_p, 1)
            sampler.add_top_p(top_p, 1)
            sampler.add_min_p(min_p, 1)
            sampler.add_temp(temp)
            sampler.add_dist(rng)
        return sampler

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._waiting and not self._active:
                    self._cond.wait()
                joined = []
                while self._waiting and self._free:
                    seq = self._waiting.popleft()
                    # The longest restorable prefix, then the lowest slot: see _step.
                    seq.seq_id = max(self._free, key=lambda s: (self._reusable(s, seq.prompt),
                                                                -s))
                    self._free.remove(seq.seq_id)
                    self._active.append(seq)
                    joined.append(seq)
            try:
                for seq in joined:
                    if seq.cells is None:
                        self._prefill(seq)
                    else:
                        self._restore(seq)
                self._hand_over()
                self._step()
            except Exception as exc:  # never leave a caller waiting on a dead loop
                for seq in list(self._active):
                    self._finish(seq, error=exc)

    def _decode(self, tokens: list[tuple[int, int, int, bool]]) -> None:
        """One ``llama_decode`` of (token, position, sequence, wants logits) rows."""
        batch = self._batch.batch
        for n, (token, pos, seq_id, logits) in enumerate(tokens):
            batch.token[n], batch.pos[n], batch.n_seq_id[n] = token, pos, 1
            batch.seq_id[n][0], batch.logits[n] = seq_id, logits
        batch.n_tokens = len(tokens)
        code = llama_cpp.llama_decode(self._ctx.ctx, batch)
        if code != 0:
            raise RuntimeError(f"llama_decode returned {code}")

    def _reusable(self, slot: int, prompt: list[int]) -> int:
        """How many of ``prompt``'s first tokens ``slot``'s stream holds, short of the last
        two: the rest is evaluated in chunks of two rows or more (see :data:`CHUNK`)."""
        kept, n, most = self._kept.get(slot, []), 0, len(prompt) - 2
        while n < min(most, len(kept)) and kept[n] == prompt[n]:
            n += 1
        return n

    def _prefill(self, seq: _Sequence) -> None:
        """The prompt alone, in chunks of :data:`CHUNK` (none of one row), the longest prefix
        its slot's last prompt (or a copy of the slot sharing the most) holds reused; then
        its first token."""
        reuse = self._reusable(seq.seq_id, seq.prompt)
        donor, most = max(((s, self._reusable(s, seq.prompt)) for s in self._kept),
                          key=itemgetter(1), default=(seq.seq_id, reuse))
        if most - reuse >= COPY_PAYS:
            # Streams copy whole (llama.cpp copies across streams only entire buffers), the
            # cells past the shared prefix dropped below; cells keep their positions.
            self._ctx.kv_cache_seq_cp(donor, seq.seq_id, -1, -1)
            self._kept[seq.seq_id] = self._kept[donor]
            self.copied += 1
            reuse = most
        self._ctx.kv_cache_seq_rm(seq.seq_id, reuse, -1)
        self.prefilled += len(seq.prompt) - reuse
        last = len(seq.prompt) - 1
        for start, end in chunks(reuse, len(seq.prompt)):
            self._decode([(seq.prompt[i], i, seq.seq_id, i == last) for i in range(start, end)])
        # A one-token prompt was evaluated as one row: nothing later may reuse it.
        self._kept[seq.seq_id] = seq.prompt if len(seq.prompt) > 1 else []
        self._sample(seq, -1)

    def _hand_over(self) -> None:
        """Move this context's sequence in its highest slot (the rest stay contiguous) to a
        peer with two fewer in flight and a free slot, between steps, its cells copied.

        Why two: a step of 3 rows costs what one of 4 does on Q8_0 (``--widths``), so taking
        one of 4 away loses this context nothing while the peer's core, idle or decoding
        fewer rows, gains it; with one fewer the move would only swap which core waits.
        The sequence's seeded answer does not change: its cells are the same bits, and its
        sampler (seed, penalties, grammar state) travels with it."""
        taker = min(self.peers, key=lambda peer: peer.load, default=None)
        if taker is None or taker.load + 2 > len(self._active) or taker.load >= taker.slots:
            return
        seq = max(self._active, key=lambda s: s.seq_id)
        ctx = self._ctx.ctx
        size = llama_cpp.llama_state_seq_get_size(ctx, seq.seq_id)
        cells = (ctypes.c_uint8 * size)()
        if llama_cpp.llama_state_seq_get_data(ctx, cells, size, seq.seq_id) != size:
            raise RuntimeError("llama_state_seq_get_data copied less than it sized")
        with self._cond:
            self._active.remove(seq)
            self._free.append(seq.seq_id)  # its prompt stays in the stream (_kept) for reuse
        seq.cells, seq.seq_id = bytes(cells), -1
        with taker._cond:
            taker._waiting.appendleft(seq)
            taker._cond.notify()

    def _restore(self, seq: _Sequence) -> None:
        """A sequence moved here mid-answer: its cells into its new slot; it decodes at the
        next step from its last token, as it would have where it was."""
        cells, seq.cells = seq.cells or b"", None
        self._ctx.kv_cache_seq_rm(seq.seq_id, -1, -1)
        buffer = (ctypes.c_uint8 * len(cells)).from_buffer_copy(cells)
        if llama_cpp.llama_state_seq_set_data(self._ctx.ctx, buffer, len(cells),
                                              seq.seq_id) != len(cells):
            raise RuntimeError("llama_state_seq_set_data could not restore a moved sequence")
        self._kept[seq.seq_id] = seq.prompt
        self.moved_in += 1

    def _step(self) -> None:
        """One token for every generating sequence, in one batch.

        With a KV stream per sequence llama.cpp puts rows in one micro-batch only while their
        sequence ids run consecutively upwards (``split_equal(..., sequential=true)``); any
        other order costs a whole graph per break. Rows in descending id order, as this loop
        once sent them, decoded each sequence alone: a step of 8 cost 8 steps of 1 (110 ms
        against 61 ms for 8 rows in order, Q8_0 weights, one thread). Hence rows sorted by
        slot, and new requests in the lowest free slot, so the slots in use stay contiguous."""
        live = sorted(self._active, key=lambda seq: seq.seq_id)
        if not live:
            return
        self.widest = max(self.widest, len(live))
        self._decode([(seq.completion[-1], len(seq.prompt) + len(seq.completion) - 1,
                       seq.seq_id, True) for seq in live])
        for i, seq in enumerate(live):
            self._sample(seq, i)

    def _sample(self, seq: _Sequence, idx: int) -> None:
        row = None
        if seq.record is not None:
            row = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self._ctx.ctx, idx),
                                        shape=(self._llama.n_vocab(),)).copy()
        token = seq.sampler.sample(self._ctx, idx)
        if seq.record is not None and row is not None:
            seq.record.append((row, token))
        self._advance(seq, token)

    def _advance(self, seq: _Sequence, token: int) -> None:
        """``Llama._create_completion``'s checks after a token, in its order."""
        llama = self._llama
        if seq.criteria is not None and seq.criteria(
                np.asarray(seq.prompt + seq.completion, dtype=np.intc), _NO_LOGITS):
            return self._finish(seq, "stop")  # the one-stream loop checks what it evaluated
        if llama_cpp.llama_vocab_is_eog(llama._model.vocab, token):
            return self._finish(seq, "stop")
        seq.completion.append(token)
        text = llama.detokenize(seq.completion, prev_tokens=seq.prompt)
        for k, char in enumerate(text[-3:]):  # an incomplete UTF-8 character: check later
            k = 3 - k
            for num, pattern in ((2, 192), (3, 224), (4, 240)):
                if num > k and pattern & char == pattern:
                    seq.multibyte_fix = num - k
        if seq.multibyte_fix > 0:
            seq.multibyte_fix -= 1
            return None
        if any(s in text for s in seq.stop):
            return self._finish(seq, "stop")
        if len(seq.completion) >= seq.max_tokens:
            return self._finish(seq, "length")
        return None

    def _finish(self, seq: _Sequence, reason: str = "", error: Exception | None = None) -> None:
        if error is not None:
            self._kept.pop(seq.seq_id, None)
            self._ctx.kv_cache_seq_rm(seq.seq_id, -1, -1)
        with self._cond:
            self._active.remove(seq)
            self._free.append(seq.seq_id)
        if error is not None:
            seq.result.set_exception(error)
            return
        text = self._llama.detokenize(seq.completion, prev_tokens=seq.prompt)
        first = next((s for s in seq.stop if s in text), None)
        if first is not None:
            text = text[:text.index(first)]
        seq.result.set_result({
            "id": f"cmpl-{uuid.uuid4()}", "object": "text_completion",
            "created": int(time.time()), "model": self._llama.model_path,
            "choices": [{"text": text.decode("utf-8", errors="ignore"), "index": 0,
                         "logprobs": None, "finish_reason": reason}],
            "usage": {"prompt_tokens": len(seq.prompt),
                      "completion_tokens": len(seq.completion),
                      "total_tokens": len(seq.prompt) + len(seq.completion)}})


class BatchedLlama(Llama):
    """A ``Llama`` whose completions decode in shared :class:`BatchEngine` s, so any number of
    threads can call ``create_chat_completion`` / ``create_completion`` at once. Its own
    context is left unused (the engines make theirs from its model); give it a small
    ``n_ctx``."""

    engines: list[BatchEngine]

    def start_batching(self, contexts: int, slots: int, n_ctx: int, threads: int) -> None:
        self.engines = [BatchEngine(self, slots, n_ctx, threads) for _ in range(contexts)]
        for engine in self.engines:
            engine.peers = [peer for peer in self.engines if peer is not engine]

    def create_completion(self, prompt: Any, max_tokens: int | None = 16,  # type: ignore[override]
                          temperature: float = 0.8, top_p: float = 0.95, min_p: float = 0.05,
                          typical_p: float = 1.0, stop: str | list[str] | None = None,
                          frequency_penalty: float = 0.0, presence_penalty: float = 0.0,
                          repeat_penalty: float = 1.0, top_k: int = 40, seed: int | None = None,
                          grammar: LlamaGrammar | None = None,
                          stopping_criteria: StoppingCriteriaList | None = None,
                          **rest: Any) -> dict[str, Any]:
        odd = [k for k, v in rest.items() if k not in _DEFAULTS or v != _DEFAULTS[k]]
        if odd:
            raise NotBatchable(f"the batched loop does not do {', '.join(sorted(odd))}")
        if not isinstance(prompt, list):
            raise NotBatchable("give the prompt as tokens (tokenize it as the caller means it)")
        stops = [stop] if isinstance(stop, str) else list(stop or [])
        engine = min(self.engines, key=lambda e: e.load)
        return engine.submit(
            prompt, max_tokens=max_tokens, stop=stops, temperature=temperature, top_p=top_p,
            top_k=top_k, min_p=min_p, typical_p=typical_p, seed=seed,
            repeat_penalty=repeat_penalty, frequency_penalty=frequency_penalty,
            presence_penalty=presence_penalty, grammar=grammar,
            stopping_criteria=stopping_criteria).result()
