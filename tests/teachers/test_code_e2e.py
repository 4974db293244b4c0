"""examples/code.yaml against the real llama.cpp server: every planned problem ends with a
status and a reason (unparsable answer, a failing test, weak tests...) and every accepted one
passed its tests in the sandbox."""

from __future__ import annotations

from pathlib import Path

from synthloop.records import Status
from tests.teachers.conftest import run_example_on_server


def test_code_example_through_the_server(llama_server: str, tmp_path: Path) -> None:
    records = run_example_on_server("code", llama_server, tmp_path / "run", max_tokens=200,
                                    temperature=0.7)
    assert sorted({r.slot for r in records}) == [0, 1]
    for record in records:
        if record.status is Status.FAILED:
            assert record.status_stage == "generate.code" and record.status_reason
            assert record.data["raw"]  # the teacher's answer is kept
            continue
        executed = [v for v in record.verdicts if v.stage == "validate.execute"]
        assert executed and executed[0].reason, record.id
        assert record.data["attempts"][0]["round"] == 0
        if record.status is Status.OK:
            assert executed[0].check == "validate.execute.pass"
        else:
            assert record.status_reason == next(v.reason for v in record.verdicts if not v.passed)
