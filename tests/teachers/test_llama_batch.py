"""The batched decoding loop (issue 24.1): sequences in flight on one context decode in one
``llama_batch`` per step, and a seeded request's tokens are those llama-cpp-python's one-stream
loop gives it, alone or beside other requests."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from llama_cpp import Llama

from synthloop.teachers.llama_batch import BatchedLlama, NotBatchable, chunks
from synthloop.teachers.llama_weights import Weights, served
from synthloop.teachers.local import BUNDLED_WEIGHTS, bundled_model_path

TOPICS = ["rivers", "bread", "chess", "owls", "tea"]


def ask(topic: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": f"Write two sentences about {topic}."}]


def batched(slots: int, n_ctx: int = 512, model: str | None = None) -> BatchedLlama:
    llama = BatchedLlama(model_path=model or str(bundled_model_path()), n_ctx=1, n_threads=1,
                         verbose=False)
    llama.start_batching(contexts=1, slots=slots, n_ctx=n_ctx, threads=1)
    return llama


def text(llama: Llama, i: int, **kw: Any) -> str:
    out: Any = llama.create_chat_completion(messages=ask(TOPICS[i]), max_tokens=24,
                                            temperature=0.8, seed=40 + i, **kw)
    return str(out["choices"][0]["message"]["content"])


def at_once(llama: Llama, n: int) -> list[str]:
    with ThreadPoolExecutor(n) as threads:
        return list(threads.map(lambda i: text(llama, i), range(n)))


@pytest.mark.parametrize("weights", ["file", BUNDLED_WEIGHTS])
def test_seeded_tokens_do_not_depend_on_the_batch_mates_and_match_the_one_stream_loop(
        weights: Weights) -> None:
    """On the bundled file and on the weights the local teacher serves it as by default."""
    model = str(served(bundled_model_path(), weights))
    one_stream = Llama(model_path=model, n_ctx=512, n_threads=1, flash_attn=True, verbose=False)
    theirs = [text(one_stream, i) for i in range(4)]
    llama = batched(slots=4, model=model)
    alone = [text(llama, i) for i in range(4)]
    crowd = at_once(llama, 4)
    assert llama.engines[0].widest >= 2  # some steps really decoded several sequences
    assert crowd == alone == theirs
    assert len(set(crowd)) == 4


def test_more_requests_than_slots_wait_for_a_freed_slot() -> None:
    llama = batched(slots=2)
    crowd = at_once(llama, 5)
    assert llama.engines[0].widest == 2
    assert crowd == [text(llama, i) for i in range(5)]


def test_a_prompt_longer_than_the_window_fails_that_request_only() -> None:
    llama = batched(slots=2, n_ctx=64)
    long = [{"role": "user", "content": "tea " * 200}]
    with pytest.raises(ValueError, match=r"the prompt has \d+ tokens; the context window per "
                                         r"sequence is 64 \(raise n_ctx"):
        llama.create_chat_completion(messages=long, max_tokens=4)
    assert text(llama, 0)  # the engine still serves


def test_what_the_loop_does_not_do_is_refused_by_name() -> None:
    llama = batched(slots=1)
    with pytest.raises(NotBatchable, match="the batched loop does not do stream"):
        llama.create_completion(prompt=[1, 2, 3], stream=True)
    with pytest.raises(NotBatchable, match="give the prompt as tokens"):
        llama.create_completion(prompt="text")


def test_a_shared_prompt_prefix_is_restored_and_gives_the_same_tokens() -> None:
    fresh = [text(batched(slots=1), i) for i in (1, 2)]  # each on an engine of its own
    llama = batched(slots=1)
    engine = llama.engines[0]
    first = text(llama, 1)
    whole = engine.prefilled
    second = text(llama, 2)  # the same slot: the system prompt's chunks are still there
    assert 0 < engine.prefilled - whole <= whole - 16
    assert [first, second] == fresh


def test_a_prefix_in_another_slot_is_copied_and_gives_the_same_tokens() -> None:
    """Requests arriving together each take a free slot; all but the first copy the system
    prompt's chunks from the first's stream instead of evaluating them."""
    alone = [batched(slots=1) for _ in range(3)]  # each on an engine of its own
    fresh = [text(llama, i) for i, llama in enumerate(alone)]
    llama = batched(slots=3)
    engine = llama.engines[0]
    crowd = at_once(llama, 3)
    assert engine.copied == 2
    assert engine.prefilled <= sum(one.engines[0].prefilled for one in alone) - 2 * 16
    assert crowd == fresh


def test_a_prompt_is_evaluated_in_chunks_of_two_rows_or_more() -> None:
    assert chunks(0, 40) == [(0, 16), (16, 32), (32, 40)]
    assert chunks(3, 36) == [(3, 19), (19, 34), (34, 36)]  # not (35, 36): one row
    assert chunks(7, 9) == [(7, 9)]
    assert chunks(0, 1) == [(0, 1)]  # a one-token prompt has no other way


def completion(llama: Llama, prompt: list[int]) -> str:
    out: Any = llama.create_completion(prompt=prompt, max_tokens=16, temperature=0.8, seed=7)
    return str(out["choices"][0]["text"])


def test_a_prompt_resumes_after_the_longest_shared_prefix_to_the_token() -> None:
    """Not only whole chunks: the second prompt evaluates exactly what the first lacks, and a
    prompt the stream holds all but one token of still evaluates its last two (a one-row call
    takes other kernels), so each answer is a fresh engine's."""
    llama = batched(slots=1)
    engine = llama.engines[0]
    first = llama.tokenize(b"Rivers carry water from the hills to the sea, and", add_bos=False)
    # Resuming this one after all of ``first`` (one row) changed its answer.
    longer = first + llama.tokenize(b" down", add_bos=False)
    second = first[:7] + llama.tokenize(b" slowly the valleys fill", add_bos=False)
    answers = [completion(llama, p) for p in (first, longer, second)]
    assert engine.prefilled == len(first) + 2 + (len(second) - 7)
    assert answers == [completion(batched(slots=1), p) for p in (first, longer, second)]


def test_a_prompt_one_token_past_a_whole_chunk_gets_the_one_stream_answer() -> None:
    """33 tokens: in chunks of 16 at fixed positions its last call was one row, whose kernels
    changed this answer from the one-stream loop's (which evaluates the prompt in one call)."""
    model = str(served(bundled_model_path(), BUNDLED_WEIGHTS))
    one_stream = Llama(model_path=model, n_ctx=512, n_threads=1, flash_attn=True, verbose=False)
    prompt = (one_stream.tokenize(b"Here is a long note about tea and why people like tea so "
                                  b"much; in short,", add_bos=False)
              + one_stream.tokenize(b" it is a thing that many people enjoy every single day "
                                    b"of the year", add_bos=False) * 2)[:33]
    llama = batched(slots=1, model=model)
    answers = [str(ll.create_completion(prompt=prompt, max_tokens=24, temperature=0.8,
                                        seed=11)["choices"][0]["text"])
               for ll in (one_stream, llama)]
    assert len(prompt) == 33 and answers[0] == answers[1]


def test_a_step_sends_its_rows_in_slot_order_and_new_requests_take_the_lowest_free_slot(
) -> None:
    """llama.cpp decodes rows of per-sequence KV streams in one micro-batch only while their
    sequence ids run consecutively upwards; rows out of that order cost a graph each."""
    llama = batched(slots=4)
    engine = llama.engines[0]
    steps: list[list[int]] = []
    decode = engine._decode

    def spy(tokens: list[tuple[int, int, int, bool]]) -> None:
        if len({seq for _, _, seq, _ in tokens}) > 1:
            steps.append([seq for _, _, seq, _ in tokens])
        decode(tokens)

    engine._decode = spy  # type: ignore[method-assign]
    at_once(llama, 3)
    assert steps and all(ids == sorted(ids) for ids in steps)
    assert {seq for ids in steps for seq in ids} == {0, 1, 2}


def test_a_context_two_sequences_ahead_moves_one_to_its_peer_and_no_answer_changes() -> None:
    """Three requests on one context of two: the idle one takes a sequence over mid-answer
    (its KV cells copied across), and each seeded answer is still the one-stream loop's."""
    model = str(served(bundled_model_path(), BUNDLED_WEIGHTS))
    one_stream = Llama(model_path=model, n_ctx=512, n_threads=1, flash_attn=True, verbose=False)
    theirs = [text(one_stream, i) for i in range(3)]
    llama = BatchedLlama(model_path=model, n_ctx=1, n_threads=1, verbose=False)
    llama.start_batching(contexts=2, slots=3, n_ctx=512, threads=1)
    busy, idle = llama.engines
    llama.engines = [busy]  # every request arrives on one context; its peer stays idle
    crowd = at_once(llama, 3)
    assert busy.moved_in == 0 and idle.moved_in >= 1  # 3 vs 0, and 2 vs 0 once it is done
    assert crowd == theirs
