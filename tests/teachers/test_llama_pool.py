"""The local host's contexts (issue 24.1): how many, with how many threads, for the CPUs this
process may use; and a pool of them lends out as many contexts at once as it holds."""

from __future__ import annotations

import threading

from llama_cpp import Llama

from synthloop.teachers.llama_pool import LlamaPool, WorkerPlan, plan_workers
from synthloop.teachers.local import bundled_model_path


def test_one_single_thread_context_per_cpu_up_to_the_requests_in_flight() -> None:
    assert plan_workers(8, 2) == WorkerPlan(contexts=2, threads=1)
    assert plan_workers(8, 16) == WorkerPlan(contexts=8, threads=1)
    assert plan_workers(4, 4) == WorkerPlan(contexts=4, threads=1)
    assert plan_workers(3, 8) == WorkerPlan(contexts=3, threads=1)  # 5 CPUs left idle


def test_one_request_in_flight_gets_one_thread() -> None:
    """A second thread halves the bundled model's speed (a barrier per op on tiny matrices)."""
    assert plan_workers(1, 2) == WorkerPlan(contexts=1, threads=1)
    assert plan_workers(1, 12) == WorkerPlan(contexts=1, threads=1)


def test_threads_fixed_by_the_spec_limit_the_contexts_to_what_the_cpus_hold() -> None:
    assert plan_workers(8, 16, n_threads=4) == WorkerPlan(contexts=4, threads=4)
    assert plan_workers(8, 2, n_threads=1) == WorkerPlan(contexts=2, threads=1)
    assert plan_workers(2, 16, n_threads=4) == WorkerPlan(contexts=2, threads=4)
    assert plan_workers(8, 2, n_threads=4) == WorkerPlan(contexts=1, threads=4)


def test_no_usable_cpu_reported_still_plans_one_context() -> None:
    assert plan_workers(8, 0) == WorkerPlan(contexts=1, threads=1)


def test_the_pool_lends_each_of_its_contexts_at_once() -> None:
    pool = LlamaPool(str(bundled_model_path()), 256, WorkerPlan(contexts=2, threads=1))
    both_in = threading.Barrier(2, timeout=60)  # passes only if two contexts are lent at once
    lent: list[Llama] = []

    def hold(llama: Llama) -> None:
        lent.append(llama)
        both_in.wait()

    workers = [threading.Thread(target=pool.run, args=(hold,)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not both_in.broken
    assert len({id(x) for x in lent}) == 2 and pool.size == 2
    assert pool.run(lambda a: pool.run(lambda b: a is not b))  # both were given back


def test_a_context_forgets_the_last_prompt_before_it_is_lent() -> None:
    """A kept prefix would be reused and the rest evaluated in other batch shapes, so an answer
    would depend on what the context served before."""
    pool = LlamaPool(str(bundled_model_path()), 256, WorkerPlan(contexts=1, threads=1))
    pool.run(lambda llama: llama.create_completion("The capital of France is", max_tokens=2,
                                                   temperature=0.0))
    assert pool.run(lambda llama: llama.n_tokens) == 0
