"""examples/tool_use.yaml against the real llama.cpp server (JSON protocol through the OpenAI
backend): every planned task ends with a status and a reason, and every kept trajectory
replays to its recorded final state."""

from __future__ import annotations

from pathlib import Path

import yaml

import synthloop
from synthloop.envs import Call, load_environment
from synthloop.records import Status
from tests.teachers.conftest import MODEL_NAME, REPO


def test_tool_use_example_through_the_server(llama_server: str, tmp_path: Path) -> None:
    spec = yaml.safe_load((REPO / "examples" / "tool_use.yaml").read_text())
    spec["target"]["size"] = 2
    spec["teachers"]["writer"] = {"backend": "openai", "base_url": llama_server,
                                  "model": MODEL_NAME, "max_tokens": 120, "temperature": 0.3}
    synthloop.run(spec, tmp_path / "run", export=False)
    with synthloop.open_run(tmp_path / "run") as handle:
        records = list(handle.store.iter_records(with_verdicts=True))
    assert sorted({r.slot for r in records}) == [0, 1]
    for record in records:
        assert record.status_reason or record.status is Status.OK
        if record.status is Status.FAILED:
            assert record.status_stage == "generate.tool_use"
            continue
        checks = [v.check for v in record.verdicts if v.stage == "validate.tool_use"]
        assert checks and checks[0].startswith("validate.tool_use.")
        if record.status is Status.OK:
            env = load_environment(record.data["environment"])
            calls = [c["function"] for m in record.data["messages"]
                     for c in m.get("tool_calls", [])]
            state, _ = env.replay(record.data["env_seed"],
                                  [Call(c["name"], c["arguments"]) for c in calls])
            assert state == record.data["final_state"]
