"""examples/tool_use.yaml against the real llama.cpp server (JSON protocol through the OpenAI
backend): every planned task ends with a status and a reason, and every kept trajectory
replays to its recorded final state."""

from __future__ import annotations

from pathlib import Path

from synthloop.records import Status
from tests.conftest import assert_replays_to_goal
from tests.teachers.conftest import run_example_on_server


def test_tool_use_example_through_the_server(llama_server: str, tmp_path: Path) -> None:
    records = run_example_on_server("tool_use", llama_server, tmp_path / "run",
                                    max_tokens=120, temperature=0.3)
    assert sorted({r.slot for r in records}) == [0, 1]
    for record in records:
        assert record.status_reason or record.status is Status.OK
        if record.status is Status.FAILED:
            assert record.status_stage == "generate.tool_use"
            continue
        checks = [v.check for v in record.verdicts if v.stage == "validate.tool_use"]
        assert checks and checks[0].startswith("validate.tool_use.")
        if record.status is Status.OK:
            assert_replays_to_goal(record)
