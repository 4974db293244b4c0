"""Helpers for the curation tests: a stage context, and a run from a ``source:`` spec."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import synthloop
from synthloop.api import RunHandle
from synthloop.stages import StageContext


@pytest.fixture
def ctx(tmp_path: Path) -> Callable[[str], StageContext]:
    def make(stage: str) -> StageContext:
        return StageContext(spec_hash="x", stage=stage, stage_index=1, seed=0, run_dir=tmp_path)
    return make


@pytest.fixture
def run_source(tmp_path: Path) -> Callable[..., RunHandle]:
    """Write ``rows`` as JSONL, a spec whose ``source:`` reads it, run it, return the run."""

    def run(rows: list[dict[str, Any]], stages: list[dict[str, Any]],
            **spec_extra: Any) -> RunHandle:
        data = tmp_path / "data.jsonl"
        data.write_text("".join(json.dumps(r) + "\n" for r in rows))
        spec = {"name": "curate-test", "source": {"path": str(data)}, "stages": stages,
                **spec_extra}
        spec_path = tmp_path / "spec.yaml"
        spec_path.write_text(yaml.safe_dump(spec))
        return synthloop.run(spec_path, run_dir=tmp_path / "run", export=False)

    return run


def statuses(handle: RunHandle) -> dict[str, tuple[str, str | None]]:
    """``{instruction: (status, reason)}`` of every record of a run."""
    return {r.data.get("instruction", r.data.get("text", r.id)):
            ("accepted" if r.accepted else r.status.value, r.status_reason)
            for r in handle.records(None)}
