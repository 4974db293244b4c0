"""examples/code.yaml against the real llama.cpp server: every planned problem ends with a
status and a reason (unparsable answer, a failing test, weak tests...) and every accepted one
passed its tests in the sandbox."""

from __future__ import annotations

from pathlib import Path

import yaml

import synthloop
from synthloop.records import Status
from tests.teachers.conftest import MODEL_NAME, REPO


def test_code_example_through_the_server(llama_server: str, tmp_path: Path) -> None:
    spec = yaml.safe_load((REPO / "examples" / "code.yaml").read_text())
    spec["target"]["size"] = 2
    spec["teachers"]["writer"] = {"backend": "openai", "base_url": llama_server,
                                  "model": MODEL_NAME, "max_tokens": 200, "temperature": 0.7}
    synthloop.run(spec, tmp_path / "run", export=False)
    with synthloop.open_run(tmp_path / "run") as handle:
        records = list(handle.store.iter_records(with_verdicts=True))
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
