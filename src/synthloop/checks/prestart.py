"""Warm sandboxes for a spec's ``validate.execute`` stages, started from the spec's YAML alone,
before the rest of synthloop is imported.

``synthloop run`` spends its first 0.3-0.5 s on one core importing (pydantic models, the
store, the report...) and checking the spec; a bwrap sandbox takes some 0.1 s more to start,
and the stage used to start its sandboxes only then, one at a time. Started from here, in
the background, they are up by the time the stage runs its first program (HumanEval through
``benchmarks/sandbox_speed.py``: see its docstring).

Only a hint: nothing here decides anything. The spec is still validated and the stage still
resolves its tier (``tier: bwrap`` on a machine without it fails as before) and borrows from
the pool as always (``Execute.setup`` prestarts from its validated params); a spec misread
here costs an idle sandbox, closed at exit, and a spec that cannot be read here is the spec
check's to report.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

STAGE = "validate.execute"
_WARM_TIERS = ("auto", "bwrap")  # auto is bwrap wherever bwrap works


def sandbox_keys(spec: object) -> list[tuple[list[str], int, int]]:
    """(read-only paths, disk MiB, workers) of each ``validate.execute`` stage of a spec's
    mapping that may run at the bwrap tier: what its programs borrow (``run_program``), and
    how many at once (``Execute.workers``: ``workers``, else one per core)."""
    stages = spec.get("stages") if isinstance(spec, dict) else None
    warm = [s for s in (stages if isinstance(stages, list) else [])
            if isinstance(s, dict) and s.get("use") == STAGE
            and s.get("tier", "auto") in _WARM_TIERS]
    if not warm:  # (a spec without one imports nothing of the sandbox here)
        return []
    from synthloop.sandbox.limits import Limits

    keys: list[tuple[list[str], int, int]] = []
    for stage in warm:
        ro_paths, limits = stage.get("ro_paths", []), stage.get("limits") or {}
        disk_mb = limits.get("disk_mb", Limits.model_fields["disk_mb"].default) \
            if isinstance(limits, dict) else None
        workers = stage.get("workers") or os.cpu_count() or 1
        if isinstance(ro_paths, list) and all(isinstance(p, str) for p in ro_paths) \
                and isinstance(disk_mb, int) and disk_mb > 0 \
                and isinstance(workers, int) and workers > 0:
            keys.append((ro_paths, disk_mb, workers))
    return keys


def prestart_for(spec_path: Path) -> threading.Thread:
    """Read the spec and prestart a sandbox per worker for each of its execute stages, then
    probe the bwrap tier (``auto`` and ``bwrap`` both ask for it), in a background thread
    (returned, already started)."""
    thread = threading.Thread(target=_prestart, args=(spec_path,), name="sandbox-prewarm",
                              daemon=True)
    thread.start()
    return thread


def _prestart(spec_path: Path) -> None:
    import yaml

    try:
        text = spec_path.read_text(encoding="utf-8")
        spec = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return  # (the spec check says what is wrong with it)
    keys = sandbox_keys(spec)
    if keys:
        from synthloop.sandbox.pool import prestart
        from synthloop.sandbox.tiers import why_unavailable

        for ro_paths, disk_mb, workers in keys:
            prestart(ro_paths, disk_mb, workers)
        why_unavailable("bwrap")  # the tier's probe, cached for the stage (10-20 ms of wall)
