"""Adaptive per-endpoint concurrency: additive increase, multiplicative decrease (AIMD).

Kept apart from retries: the limiter decides how many requests may be in flight, the retry
loop decides whether a failed request goes again. The limit starts low (``start``, default
``min_limit``): a single-slot llama.cpp server given 64 requests at once queues them until
they time out, while a large server loses only a few round trips to the ramp. It is judged
after each *window* of ``limit`` successes (about one round trip): a clean window grows it,
doubling in *slow start* (until the first sign of queueing), by one after that. The caller may
skip part of the ramp with evidence that it is safe (:meth:`AIMDLimiter.room`): once an answer
shows that even a server answering one request at a time would answer ``n`` of them well within
the timeout, slow start may go to ``n`` at once (the ``openai`` teacher: an eighth of the
timeout for ``n`` answers of ``max_tokens``). Against a 50 ms server the ramp from 2 to 128,
one doubling per round trip, cost about 0.7 s of a 4.2 s ``synthloop run`` of 3,000 requests.
That ``n`` is a burst per slot: a window in slow start that served ``s`` requests per reference
latency (Little's law, below) shows a server with about ``s`` slots, which answers ``s * n`` at
once within the same share of the timeout, so slow start grows to that when it is more than
double. On two busy cores (load 11) the ramp was 2, 25, 30, 60, 120, 128, 0.78 s of a 4.8 s
run with 113 of 128 in flight on average; now the first window at 25-50 goes to 128.
Nor does slow start wait for the window's last answer to count slots: each clean answer is one
(a request that waited behind another at the server is not clean), so the ``c``-th clean answer
of a window raises the limit to ``c * n`` at once, as TCP's slow start grows per
acknowledgement rather than per round trip. At most ``SLOTS_SEEN`` are counted so: a one-slot
server whose queued answers a stalled client misreads as clean (the loop-lag correction below
hides a wait as long as the lag) is sent at most ``SLOTS_SEEN * n``, which it answers within half
the timeout, where an answer is taken as overload; more than that is for the window to show.

A success is *clean* when its latency shows no queueing at the server: its seconds per unit of
work (the caller's measure, e.g. tokens) under ``1.3x`` the lowest seen for requests of the
same shape (the first of a shape is only the reference). Two requests at once on a single-slot
server never both are (one waits for the other), so such a server stays at one or two in flight
(a reference latency taken in a slow spell of a loaded machine can let it reach four once).

Latency alone cannot tell a queue at the server from a busy client: a Python process on two
cores sending 16 requests at once to a 50 ms server already sees 70 ms, and read as queueing
that held the limit near 20 of 128 (0.3x a bare aiohttp loop). So a window that is not clean
is judged by what it served, by Little's law: requests in flight over latency (relative to the
reference). In slow start, a doubling that raised that throughput by at least a quarter of
the doubling (1.25x) was no queue, and slow start goes on; one that did not (a server with k
slots given 2k: the latency doubled with the limit) ends it, and the limit holds.

A window whose latencies average ``3x`` the reference or more, or an overload signal (429, 503,
a timeout, a dropped connection, a latency near the timeout), multiplies the limit by
``decrease``, at most once per round trip (answers to requests sent before the last cut
describe the old limit and are ignored). A window, not one answer: one late answer is as often
a pause of the client (a commit, a busy core) as a queue at the server. A pause long enough to
slow a whole window (the machine busy with other work) is told apart by the window after the
cut: if it served less than the last window at the old limit (which served ``KEEPS``, 1.1x, as
much or more), the latency was not a queue and the cut is undone; a queue serves as much at
half the limit, and the cut stays. Overload signals are never undone.

Growing on needs a doubling to pay a quarter of its ideal gain, but *keeping* a limit needs less
(hysteresis): besides the undo above, a slow window at a higher limit than the last window's
is not cut when it served 1.1x as much as that window. A queue at the server serves as much at
any limit above its slots, so it is still cut; a client whose own CPU is the bottleneck is not:
on two busy cores against a 50 ms server, 128 in flight saw 3.2x the reference latency where 64
saw 1.9x, yet served 1.18x as much, and a run held at 64 took 4.5 s where one at 128 took 3.8 s
(it was cut to 64 in three runs of five, and stayed there).

Nor is the time an answer waited for this process to look at it: a loop busy with other
answers, or a process waiting for a core, adds to every latency it measures. The limiter
measures that wait (:class:`~synthloop.teachers.looplag.LoopLag`, a timer's lateness) and
judges each latency less ``LAG_HOPS`` times the mean lateness during its flight; the reference
stays the lowest latency as measured. On two cores at load 7, 128 in flight against a 50 ms
server saw 120 ms where the timer ran 30 ms late: 2.3 times its lateness was the client's (an
answer waits for the loop to notice its socket, then for the task it wakes); judged raw, those
windows ended slow start at 56-89 or cut it, and 3,000 requests took 3.4-4.5 s instead of 2.4 s.

At the floor no request of ours waits behind another, so the latency seen there becomes the
reference: an endpoint that became slower for good is relearnt rather than read as congestion
forever.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Hashable

from synthloop.teachers.looplag import LoopLag

CLEAN, CONGESTED = 1.3, 3.0
LAG_HOPS = 2.0  # an answer waits about this many times the loop's mean lateness
PAYS = 0.25  # the share of a doubling's ideal gain in throughput that says it was no queue
KEEPS = 1.1  # a higher limit serving this many times a lower one's throughput is kept
SLOTS_SEEN = 4  # clean answers of a window counted as slots before the window is judged


class AIMDLimiter:
    def __init__(self, max_limit: int, min_limit: int = 1, decrease: float = 0.5,
                 start: int | None = None) -> None:
        if not 1 <= min_limit <= max_limit:
            raise ValueError(f"need 1 <= min_concurrency ({min_limit}) <= max_concurrency "
                             f"({max_limit})")
        self.max_limit = max_limit
        self.min_limit = min_limit
        self.decrease = decrease
        self.limit = float(min(max_limit, max(min_limit, start or min_limit)))
        self.slow_start = True
        self._per_slot = 0  # the last room(n): a burst a one-slot server answers in time
        self._window = _Window()  # the successes since the limit last changed
        self._last: tuple[float, float] | None = None  # (limit, throughput) of the last window
        self._before_cut: tuple[float, float] | None = None  # _last, at a latency cut
        self.in_flight = 0
        self.peak = 0  # the most requests ever in flight at once
        self.cuts = 0
        self._last_cut = float("-inf")
        self._fastest: dict[Hashable, float] = {}  # shape -> lowest seconds per unit of work
        self._waiters: deque[asyncio.Future[None]] = deque()
        self.lag = LoopLag(lambda: self.in_flight > 0 or bool(self._waiters))

    async def acquire(self) -> float:
        """Wait for a slot; return the send time (pass it to :meth:`overloaded`)."""
        if self.in_flight == 0 and not self._waiters:
            self.lag.watch()  # a burst begins (the timer runs on while it lasts)
        if self.in_flight < int(self.limit) and not self._waiters:
            self._take()
            return time.monotonic()
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release()  # the slot was granted as we were cancelled: give it back
            elif fut in self._waiters:  # a release may have dropped it already (_wake)
                self._waiters.remove(fut)
            raise
        return time.monotonic()

    def release(self) -> None:
        self.in_flight -= 1
        self._wake()

    def succeeded(self, sent_at: float | None = None, work: float = 1.0,
                  shape: Hashable = None) -> None:
        """A request sent at ``sent_at`` (None: no latency known) came back after ``work``
        units (tokens); requests of one ``shape`` are compared with each other."""
        ratio = 1.0
        if sent_at is not None:
            latency = time.monotonic() - sent_at
            per_unit = latency / max(work, 1.0)
            fastest = self._fastest.get(shape)
            if fastest is None:  # the first of its shape is the reference, no evidence
                self._fastest[shape] = per_unit
                return
            if per_unit < fastest or int(self.limit) <= self.min_limit:
                self._fastest[shape] = fastest = per_unit
            # judged without the time the answer waited for this process (the loop's lag)
            judged = max(0.0, latency - LAG_HOPS * self.lag.during(sent_at)) / max(work, 1.0)
            ratio = judged / fastest if fastest > 0 else 1.0
        if sent_at is not None and sent_at < self._last_cut:
            return  # sent before the last cut: it describes the old limit
        window = self._window
        window.add(ratio, self.in_flight)
        if self.slow_start and sent_at is not None and ratio < CLEAN:
            self._grow(min(window.cleans, SLOTS_SEEN) * self._per_slot)  # a slot seen
        if window.count < int(self.limit):
            return
        served, limit = window.throughput(), self.limit
        self._window = _Window()
        last = self._last
        if window.congested and not (last is not None and _kept(last, limit, served)):
            self._cut(sent_at if sent_at is not None else time.monotonic(), undoable=True)
            return
        self._last = (limit, served)
        before, self._before_cut = self._before_cut, None
        if before is not None and _kept((limit, served), *before):
            self.limit = before[0]  # the old limit served more: no queue, undo
            self._wake()
        elif window.clean:
            self._grow(self._doubled(limit, served) if self.slow_start else limit + 1)
        elif self.slow_start and last is not None and _paid(last, limit, served):
            self._grow(self._doubled(limit, served))
        else:
            self.slow_start = False  # queueing has begun: hold

    def room(self, n: int) -> None:
        """Evidence that ``n`` requests at once cannot time out even at a server that answers
        one at a time: in slow start (no sign of queueing yet) the limit rises to ``n`` now
        instead of doubling towards it. The windows after judge ``n`` as a doubling: against
        the last window, or, before any, the limit so far as served at the reference latency
        (a busy client sees more than that at ``n``, and is not a queue while ``n`` serves
        more). ``n`` is kept as the burst per slot of later windows (:meth:`_doubled`)."""
        self._per_slot = n
        if self.slow_start and n > self.limit:
            if self._last is None:
                self._last = (self.limit, self.limit)
            self._grow(float(n))

    def _doubled(self, limit: float, served: float) -> float:
        """Slow start's next limit after a window at ``limit`` that served ``served`` requests
        per reference latency: twice ``limit``, or the burst that many slots answer in time
        (``served`` times the last :meth:`room`), if that is more."""
        return max(limit * 2, served * self._per_slot)

    def _grow(self, grown: float) -> None:
        if self.limit < min(grown, self.max_limit):
            self.limit = min(float(self.max_limit), grown)
            self._wake()

    def overloaded(self, sent_at: float) -> None:
        """An overload signal for a request sent at ``sent_at``: cut, once per round trip."""
        self._cut(sent_at, undoable=False)

    def _cut(self, sent_at: float, *, undoable: bool) -> None:
        self.slow_start, self._window = False, _Window()
        if not undoable:  # the endpoint said so, even of an older request: no undo
            self._before_cut = None
        if sent_at < self._last_cut:
            return
        self._last_cut = time.monotonic()
        last = self._last  # the last window the endpoint kept up with
        self._before_cut = last if undoable and last is not None and last[0] == self.limit \
            else None
        self.limit = max(float(self.min_limit), self.limit * self.decrease)
        self.cuts += 1

    def _take(self) -> None:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)

    def _wake(self) -> None:
        while self._waiters and self.in_flight < int(self.limit):
            fut = self._waiters.popleft()
            if not fut.done():
                self._take()
                fut.set_result(None)


class _Window:
    """The successes of one window: how many, how many and whether all were clean, and their
    sums of latency ratio and requests in flight (for the throughput, by Little's law)."""

    def __init__(self) -> None:
        self.count = 0
        self.cleans = 0
        self._ratios = 0.0
        self._in_flight = 0

    def add(self, ratio: float, in_flight: int) -> None:
        self.count += 1
        self.cleans += ratio < CLEAN
        self._ratios += ratio
        self._in_flight += in_flight

    @property
    def clean(self) -> bool:
        """Every success of the window was clean."""
        return self.cleans == self.count

    @property
    def congested(self) -> bool:
        """Latencies at ``CONGESTED`` times the reference on average: the server queues."""
        return self._ratios >= CONGESTED * self.count

    def throughput(self) -> float:
        """Requests served per reference latency: mean in flight over mean latency ratio."""
        return self._in_flight / self._ratios if self._ratios > 0 else 0.0


def _kept(last: tuple[float, float], limit: float, served: float) -> bool:
    """Whether the limit ``limit``, above ``last``'s, served ``KEEPS`` times as much: too little
    to grow on (:func:`_paid`), enough not to give up."""
    last_limit, last_served = last
    return last_limit < limit and last_served > 0 and served >= KEEPS * last_served


def _paid(last: tuple[float, float], limit: float, served: float) -> bool:
    """Whether the limit ``limit``, above ``last``'s, served at least ``PAYS`` of the ideal
    gain more (a queue at the server adds latency, not throughput)."""
    last_limit, last_served = last
    if last_limit >= limit or last_served <= 0:
        return False
    return served / last_served >= 1 + PAYS * (limit / last_limit - 1)
