"""One timer for every request's time limit, with ``asyncio.timeout``'s semantics."""

from __future__ import annotations

import asyncio
import time

import pytest

from synthloop.teachers.deadlines import Deadlines


async def limited(deadlines: Deadlines, seconds: float) -> tuple[str, float]:
    """What happened to a body of ``seconds`` under the limit, and after how long."""
    t0 = time.monotonic()
    try:
        async with deadlines.limit():
            await asyncio.sleep(seconds)
    except TimeoutError:
        return "timeout", time.monotonic() - t0
    return "done", time.monotonic() - t0


def test_each_request_times_out_at_its_own_deadline_and_no_other() -> None:
    async def scenario() -> list[tuple[str, float]]:
        deadlines = Deadlines(0.2)
        late = [asyncio.ensure_future(limited(deadlines, 0.4))]
        await asyncio.sleep(0.05)
        late.append(asyncio.ensure_future(limited(deadlines, 0.4)))  # sent 50 ms later
        quick = await limited(deadlines, 0.05)
        return [quick, *await asyncio.gather(*late)]

    (quick, q), (first, t1), (second, t2) = asyncio.run(scenario())
    assert (quick, first, second) == ("done", "timeout", "timeout")
    assert q < 0.15 and 0.2 <= t1 < 0.35 and 0.2 <= t2 < 0.35  # 0.2 s each, from its send


def test_a_cancellation_from_elsewhere_stays_a_cancellation() -> None:
    async def scenario() -> None:
        deadlines = Deadlines(10.0)
        task = asyncio.ensure_future(limited(deadlines, 5.0))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not deadlines._waiting  # it left the queue on its way out

    asyncio.run(scenario())


def test_limits_hold_on_the_next_event_loop() -> None:
    """A teacher outlives one ``asyncio.run`` (a run resumes in a new loop); its timer must
    not stay behind on the old loop."""
    deadlines = Deadlines(0.1)
    assert asyncio.run(limited(deadlines, 0.01))[0] == "done"  # its timer was still due
    assert asyncio.run(limited(deadlines, 1.0))[0] == "timeout"
