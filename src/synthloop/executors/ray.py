"""The Ray executor: a stage's batches compute on a Ray cluster's actors.

What moves to the cluster, and what stays in the driver (the process that owns the run
store and runs :mod:`synthloop.driver`'s loop, as with any executor):

- CPU-bound stages run in ``_StageWorker`` actors (one CPU each, one per cluster CPU by
  default). Every CPU-bound stage is ``ray.put`` once and each actor deserializes it once, so
  a batch carries only its records. A killed actor is restarted and its batch retried by
  Ray; nothing of that batch was committed, so the retry duplicates nothing.
- Teacher requests to an OpenAI-compatible endpoint go through one async ``_Endpoint`` actor
  per ``base_url``, whose AIMD limiter is the one concurrency limit every caller of that
  endpoint shares. The response cache, budget and token accounting stay in the driver
  (:meth:`Teacher.chat`): an answer is committed before its record can be, so a retried
  actor call never re-sends a committed request.
- Generators, I/O-bound stages and corpus stages (index, then decide) run in the driver's
  event loop, as locally; commits happen there, exactly once per batch, in batch order.
  Records and exports are therefore byte-identical to a local run's for the same seed.

A killed driver resumes like a local run: its actors die with it, and the next run continues
from the store's checkpoints.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import ray
from ray.exceptions import RayTaskError

from synthloop.executors.base import run_here
from synthloop.records import Record
from synthloop.spec import OpenAITeacherSpec
from synthloop.stages import Stage, StageContext
from synthloop.teachers.base import Messages, RawAnswer, Teacher

# Ray restarts a killed actor and re-runs its unfinished calls this many times before the
# batch fails (a stage that crashes its worker on every attempt must not loop forever).
RETRIES = 3


class _StageWorker:
    """Holds every CPU-bound stage of the run; runs one batch of one of them per call."""

    def __init__(self, stages: dict[int, tuple[Stage[Any], StageContext]]) -> None:
        self.stages = stages

    def run(self, index: int, batch: list[Any]) -> list[Record]:
        stage, ctx = self.stages[index]
        return asyncio.run(run_here(stage, ctx, batch))


class _Endpoint:
    """One OpenAI-compatible endpoint: its teachers share one AIMD limiter (async actor)."""

    def __init__(self, spec: OpenAITeacherSpec) -> None:
        from synthloop.teachers.openai import endpoint_limiter

        self.limiter = endpoint_limiter(spec)
        self.teachers: dict[str, Any] = {}

    async def complete(self, name: str, spec: OpenAITeacherSpec, messages: Messages,
                       params: dict[str, Any], schema: dict[str, Any] | None) -> RawAnswer:
        from synthloop.teachers.openai import OpenAITeacher

        teacher = self.teachers.get(name)
        if teacher is None:  # no store: the cache and the accounting stay in the driver
            teacher = self.teachers[name] = OpenAITeacher.from_spec(name, spec)
            teacher.limiter = self.limiter
        answer: RawAnswer = await teacher._complete(messages, params, schema)
        return answer


@dataclass
class EndpointTeacher(Teacher):
    """A teacher whose requests are sent by its endpoint's actor; everything else (cache,
    budget, repair turn, accounting) happens here, in the driver."""

    actor: Any = None
    spec: OpenAITeacherSpec | None = None

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        try:
            answer: RawAnswer = await self.actor.complete.remote(self.name, self.spec, messages,
                                                                 params, schema)
        except RayTaskError as exc:  # TeacherError, TeacherUnavailable: the actor's own
            raise exc.cause from None
        return answer

    @property
    def max_in_flight(self) -> int:
        return self.spec.max_concurrency if self.spec is not None else 1


class RayExecutor:
    """Places a pipeline's stages on a Ray cluster (``address``; ``None`` starts one here)."""

    def __init__(self, address: str | None = None) -> None:
        self._owns_ray = not ray.is_initialized()
        if self._owns_ray:
            ray.init(address=address, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR)
        self._stages: dict[int, tuple[Stage[Any], StageContext]] = {}
        self._shipped: Any = None
        self._workers: dict[int, list[Any]] = {}
        self._turns: dict[int, Iterator[Any]] = {}  # stage index -> its actors, in turn
        self._endpoints: dict[str, Any] = {}

    def prepare(self, stages: dict[int, tuple[Stage[Any], StageContext]]) -> None:
        self._stages = dict(stages)

    def close(self) -> None:
        for actor in [*itertools.chain(*self._workers.values()), *self._endpoints.values()]:
            ray.kill(actor)
        self._workers.clear()
        self._turns.clear()
        self._endpoints.clear()
        if self._owns_ray and ray.is_initialized():
            ray.shutdown()

    def place(self, index: int, workers: int | None) -> int:
        """A CPU-bound stage on ``workers`` stage actors (default: the cluster's CPUs); any
        other in the driver's event loop (the spec check refuses ``workers`` on those: the
        actors get CPU-bound stages only)."""
        stage, _ = self._stages[index]
        nworkers = workers if workers is not None else (
            _cluster_cpus() if stage.cpu_bound else 0)
        if nworkers > 0:
            self._turns[index] = itertools.cycle(self._stage_workers(nworkers))
        else:
            self._turns.pop(index, None)
        return nworkers

    async def submit(self, index: int, batch: list[Any]) -> list[Record]:
        turn = self._turns.get(index)
        if turn is None:
            stage, ctx = self._stages[index]
            return await run_here(stage, ctx, batch)
        result: list[Record] = await next(turn).run.remote(index, batch)
        return result

    def _stage_workers(self, size: int) -> list[Any]:
        if size not in self._workers:
            if self._shipped is None:
                self._shipped = ray.put({i: sc for i, sc in self._stages.items()
                                         if sc[0].cpu_bound})
            cls = ray.remote(_StageWorker).options(num_cpus=1, max_restarts=RETRIES,
                                                   max_task_retries=RETRIES)
            self._workers[size] = [cls.remote(self._shipped) for _ in range(size)]
        return self._workers[size]

    def wrap_teacher(self, teacher: Teacher) -> Teacher:
        """Route an OpenAI-compatible teacher through its endpoint's actor; other backends
        (in-process models, batch APIs) stay in the driver."""
        spec = getattr(teacher, "spec", None)
        if not isinstance(spec, OpenAITeacherSpec):
            return teacher
        endpoint = spec.base_url.rstrip("/")
        if endpoint not in self._endpoints:
            self._endpoints[endpoint] = ray.remote(_Endpoint).options(
                num_cpus=0, max_restarts=RETRIES, max_task_retries=RETRIES,
                max_concurrency=spec.max_concurrency + 16).remote(spec)
        return EndpointTeacher(name=teacher.name, backend=teacher.backend, model=teacher.model,
                               sampling=teacher.sampling, store=teacher.store,
                               budget=teacher.budget, extra_describe=teacher.extra_describe,
                               actor=self._endpoints[endpoint], spec=spec)


def _cluster_cpus() -> int:
    resources = cast(Callable[[], dict[str, float]], ray.cluster_resources)()
    return max(1, int(resources.get("CPU", 1)))
