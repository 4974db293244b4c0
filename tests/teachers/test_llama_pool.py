"""The local host's contexts (issue 24.1): how many, with how many threads, for the CPUs this
process may use."""

from __future__ import annotations

from synthloop.teachers.llama_pool import WorkerPlan, plan_workers


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
