"""generate.tool_use under function calling: a call to a tool without parameters comes over
the wire as ``"arguments": "{}"``, an empty object, and runs as one (it was taken for text
that is not a JSON object, so the tool message said so and replay rejected the trajectory as
``result_mismatch``)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from synthloop.envs import load_environment
from synthloop.generate.tool_use import ToolUseGen, ToolUseGenParams
from synthloop.records import Slot, Status
from synthloop.stages import StageContext
from synthloop.testing import Choice, FakeTeacher, Request, tool_call
from synthloop.validate.tool_use import ToolUse, ToolUseParams


def test_a_call_with_empty_arguments_runs_and_replays(tmp_path: Path) -> None:
    bank = load_environment("bank")
    seed = next(s for s in range(200) if (t := bank.task(s, "multi_step")) is not None
                and t.steps[0][0].name == "list_accounts")
    task = bank.task(seed, "multi_step")
    assert task is not None

    def reply(request: Request) -> Choice:
        done = sum(1 for m in request.messages if m.get("tool_calls"))
        if done < len(task.steps):
            return Choice("", tool_calls=[tool_call(c.name, c.arguments, f"call_{done}_{j}")
                                          for j, c in enumerate(task.steps[done])])
        return Choice("Done.")

    teacher = FakeTeacher(reply, name="ref", model="ref", temperature=0.0, max_tokens=64)
    ctx = StageContext(spec_hash="h", stage="generate.tool_use", stage_index=0, seed=1,
                       run_dir=tmp_path, teachers={"local": teacher})
    gen = ToolUseGen(ToolUseGenParams(protocol="tools"))
    gen.setup(ctx)
    slot = Slot(index=0, seed=seed, attributes={"environment": "bank", "category": "multi_step"})
    [record] = asyncio.run(gen.generate([slot], ctx))
    listing = record.data["messages"][3]
    assert listing["name"] == "list_accounts"
    assert listing["content"].startswith('[{"account_id":"ACC-1001","owner":')
    asyncio.run(ToolUse(ToolUseParams()).process([record], ctx))
    assert record.status is Status.OK, record.status_reason
