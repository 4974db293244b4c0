"""Where synthloop keeps what it computes once per machine (converted model weights, trained
students): one root, so a user moves or clears every such cache with one variable."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path:
    """``$SYNTHLOOP_CACHE/<kind>``, else ``~/.cache/synthloop/<kind>``."""
    root = os.environ.get("SYNTHLOOP_CACHE")
    return (Path(root) if root else Path.home() / ".cache" / "synthloop") / kind
