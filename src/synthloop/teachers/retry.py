"""When to try a failed request again: exponential backoff with full jitter, Retry-After first.

Full jitter (a uniform draw up to the exponential cap) spreads the retries of many requests
that failed together, so a recovering endpoint is not hit by a synchronized wave.
"""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime


def backoff_delay(attempt: int, rng: random.Random, *, base: float = 0.25,
                  cap: float = 30.0) -> float:
    """Seconds to wait before retry number ``attempt`` (0-based)."""
    return rng.uniform(0.0, min(cap, base * 2.0**attempt))


def retry_after_seconds(header: str | None, *, cap: float = 300.0) -> float | None:
    """The delay a ``Retry-After`` header asks for (seconds or an HTTP date), capped."""
    if not header:
        return None
    header = header.strip()
    try:
        seconds = float(header)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(header).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(cap, max(0.0, seconds))
