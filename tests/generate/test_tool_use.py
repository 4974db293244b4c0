"""generate.tool_use then validate.tool_use over a whole batch, with a teacher that acts out the
reference calls through the JSON protocol (skipping the last step of every third multi-step
task): every kept trajectory re-executes to its recorded final state, and the skipped steps are
rejected as wrong_state."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from synthloop.envs import CATEGORIES, Call, Task, load_environment
from synthloop.generate.tool_use import ToolUseGen, ToolUseGenParams
from synthloop.records import Slot, Status
from synthloop.stages import StageContext
from synthloop.teachers.base import Messages, RawAnswer, Teacher, Usage
from synthloop.validate.tool_use import ToolUse, ToolUseParams

ENVS = ("bank", "calendar", "shop")


class ReferenceTeacher(Teacher):
    """Answers each task with its reference calls, step by step, in the JSON protocol."""

    def __init__(self, tasks: dict[str, Task], lazy: set[str]) -> None:
        super().__init__(name="ref", backend="reference", model="ref",
                         sampling={"temperature": 0.0, "top_p": 1.0, "max_tokens": 64})
        self.tasks, self.lazy = tasks, lazy

    async def _complete(self, messages: Messages, params: dict[str, Any],
                        schema: dict[str, Any] | None) -> RawAnswer:
        instruction = messages[1]["content"]
        task = self.tasks[instruction]
        steps = task.steps[:-1] if instruction in self.lazy else task.steps
        done = sum(m["role"] == "user" for m in messages) - 1
        if done < len(steps):
            reply = {"tool_calls": [c.to_dict() for c in steps[done]]}
        elif task.category == "irrelevant":
            reply = {"answer": "Sorry, I cannot help with that: no tool fits."}
        else:
            reply = {"answer": "Done. " + ", ".join(map(str, task.answer))}
        return RawAnswer(texts=[json.dumps(reply)], usage=Usage())


def test_every_kept_trajectory_replays_to_its_recorded_final_state(tmp_path: Path) -> None:
    slots = [Slot(index=i, seed=100 + i, attributes={"environment": env, "category": cat})
             for i, (env, cat) in enumerate((e, c) for e in ENVS for c in CATEGORIES)]
    tasks = {}
    for slot in slots:
        task = load_environment(slot.attributes["environment"]).task(
            slot.seed, slot.attributes["category"])
        assert task is not None
        tasks[task.instruction] = task
    lazy = {t.instruction for t in tasks.values() if t.category == "multi_step"}
    ctx = StageContext(spec_hash="h", stage="generate.tool_use", stage_index=0, seed=1,
                       run_dir=tmp_path, teachers={"local": ReferenceTeacher(tasks, lazy)})
    gen = ToolUseGen(ToolUseGenParams(protocol="json"))
    gen.setup(ctx)
    records = asyncio.run(gen.generate(slots, ctx))
    asyncio.run(ToolUse(ToolUseParams()).process(records, ctx))

    kept = [r for r in records if r.status is Status.OK]
    assert len(kept) == 9 and len(records) == 12
    for rec in kept:  # the whole output: 100% replay to the recorded state
        env = load_environment(rec.data["environment"])
        calls = [c["function"] for m in rec.data["messages"] for c in m.get("tool_calls", [])]
        state, _ = env.replay(rec.data["env_seed"], [Call(c["name"], c["arguments"])
                                                     for c in calls])
        assert state == rec.data["final_state"] == rec.data["goal"]["state"]
    rejected = [r for r in records if r.status is Status.REJECTED]
    assert {r.data["category"] for r in rejected} == {"multi_step"}
    assert [v.check for r in rejected for v in r.verdicts if not v.passed] == \
        ["validate.tool_use.wrong_state"] * 3
    first = kept[0].data
    assert first["messages"][0]["role"] == "system"
    assert first["tools"] and first["tools"][0]["type"] == "function"
