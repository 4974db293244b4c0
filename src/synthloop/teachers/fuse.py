"""A failure fuse per teacher: stop the run when the endpoint itself is down or misconfigured.

Retries are for a request that failed; the fuse is for an endpoint that cannot answer any.
Every attempt reports its outcome. Infrastructure failures (connection refused, a DNS failure,
401, 403, 404) carry a *cause*; ordinary transient faults (429, 5xx, timeouts, dropped
connections, truncated bodies) carry none and, like successes, prove the endpoint is there.
The fuse trips when the latest attempts all failed with one cause:

- ``at_start`` (3) in a row before any attempt got through: a wrong URL, a closed port or a bad
  key shows at once. With the retry backoff (0.25 s, 0.5 s caps) a single request against a
  closed port trips in under a second instead of retrying for minutes;
- ``in_run`` (8) in a row after the endpoint has answered: an outage or a revoked key stops
  the run instead of quarantining every record; a lone refused connection does not.

Once tripped it stays tripped, and every later attempt of that teacher raises at once.
"""

from __future__ import annotations

from synthloop.teachers.base import TeacherUnavailable


class FailureFuse:
    def __init__(self, endpoint: str, *, at_start: int = 3, in_run: int = 8) -> None:
        if not 1 <= at_start <= in_run:
            raise ValueError(f"need 1 <= at_start ({at_start}) <= in_run ({in_run})")
        self.endpoint = endpoint
        self.at_start = at_start
        self.in_run = in_run
        self.answered = False  # some attempt reached the model (or a transient fault)
        self.cause: str | None = None  # of the current streak
        self.streak = 0
        self.tripped: TeacherUnavailable | None = None

    def check(self) -> None:
        """Raise :class:`TeacherUnavailable` if the fuse has tripped."""
        if self.tripped is not None:
            raise self.tripped

    def ok(self) -> None:
        """An attempt got an answer, or failed for a reason that is not the endpoint's state."""
        self.answered = True
        self.cause, self.streak = None, 0

    def failed(self, cause: str, detail: str) -> None:
        """An attempt failed for an infrastructure ``cause``; raises when that trips the fuse."""
        self.check()  # attempts in flight when it tripped end with the same message
        if cause != self.cause:
            self.cause, self.streak = cause, 0
        self.streak += 1
        if self.streak >= (self.in_run if self.answered else self.at_start):
            where = "since it last answered" if self.answered else "and none has got through"
            self.tripped = TeacherUnavailable(
                f"{self.endpoint} is unreachable or refuses this run: the last {self.streak} "
                f"attempts failed with {cause} {where} ({detail}). Check base_url, the server "
                "and the API key, then re-run the same command to resume.")
        self.check()
