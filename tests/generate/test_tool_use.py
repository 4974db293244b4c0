"""generate.tool_use then validate.tool_use over a whole batch, with a teacher that acts out the
reference calls through the JSON protocol (skipping the last step of every third multi-step
task): every kept trajectory re-executes to its recorded final state, and the skipped steps are
rejected as wrong_state."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from synthloop.envs import CATEGORIES, Task, load_environment
from synthloop.generate.tool_use import ToolUseGen, ToolUseGenParams
from synthloop.records import Slot, Status
from synthloop.stages import StageContext
from synthloop.testing import Choice, FakeTeacher, Request, tool_call
from synthloop.validate.tool_use import ToolUse, ToolUseParams
from tests.conftest import assert_replays_to_goal

ENVS = ("bank", "calendar", "shop")


def sampled_tasks(first_seed: int) -> tuple[list[Slot], dict[str, Task]]:
    """One slot per environment and category, and each slot's task by its instruction."""
    slots = [Slot(index=i, seed=first_seed + i, attributes={"environment": env, "category": cat})
             for i, (env, cat) in enumerate((e, c) for e in ENVS for c in CATEGORIES)]
    tasks = {}
    for slot in slots:
        task = load_environment(slot.attributes["environment"]).task(
            slot.seed, slot.attributes["category"])
        assert task is not None
        tasks[task.instruction] = task
    return slots, tasks


def reference_teacher(tasks: dict[str, Task], lazy: set[str]) -> FakeTeacher:
    """Answers each task with its reference calls, step by step, in the JSON protocol."""

    def reply(request: Request) -> str:
        instruction = request.messages[1]["content"]
        task = tasks[instruction]
        steps = task.steps[:-1] if instruction in lazy else task.steps
        done = sum(m["role"] == "user" for m in request.messages) - 1
        if done < len(steps):
            return json.dumps({"tool_calls": [c.to_dict() for c in steps[done]]})
        if task.decline:
            return json.dumps({"answer": "Sorry, I cannot help with that: no tool fits."})
        return json.dumps({"answer": "Done. " + ", ".join(map(str, task.answer))})

    return FakeTeacher(reply, name="ref", model="ref", temperature=0.0, max_tokens=64)


def test_every_kept_trajectory_replays_to_its_recorded_final_state(tmp_path: Path) -> None:
    slots, tasks = sampled_tasks(100)
    lazy = {t.instruction for t in tasks.values() if t.category == "multi_step"}
    ctx = StageContext(spec_hash="h", stage="generate.tool_use", stage_index=0, seed=1,
                       run_dir=tmp_path, teachers={"local": reference_teacher(tasks, lazy)})
    gen = ToolUseGen(ToolUseGenParams(protocol="json"))
    gen.setup(ctx)
    records = asyncio.run(gen.generate(slots, ctx))
    asyncio.run(ToolUse(ToolUseParams()).process(records, ctx))

    kept = [r for r in records if r.status is Status.OK]
    assert len(kept) == 9 and len(records) == 12
    for rec in kept:  # the whole output: 100% replay to the recorded state
        assert_replays_to_goal(rec)
    rejected = [r for r in records if r.status is Status.REJECTED]
    assert {r.data["category"] for r in rejected} == {"multi_step"}
    assert [v.check for r in rejected for v in r.verdicts if not v.passed] == \
        ["validate.tool_use.wrong_state"] * 3
    first = kept[0].data
    assert first["messages"][0]["role"] == "system"
    assert first["tools"] and first["tools"][0]["type"] == "function"


def test_the_tools_protocol_round_trip_replays_like_the_json_one(tmp_path: Path) -> None:
    """Function calling: the teacher answers with ``tool_calls``, gets ``tool`` messages back,
    and the kept trajectories replay to the goal exactly as through the JSON protocol."""
    slots, tasks = sampled_tasks(200)

    def reply(request: Request) -> Choice:
        assert request.params["tools"] and request.params["tool_choice"] == "auto"
        task = tasks[request.messages[1]["content"]]
        done = sum(1 for m in request.messages if m.get("tool_calls"))
        if done < len(task.steps):
            return Choice("", tool_calls=[
                tool_call(c.name, c.arguments, f"call_{done}_{j}")
                for j, c in enumerate(task.steps[done])])
        if task.decline:
            return Choice("Sorry, no tool fits that request.")
        return Choice("Done. " + ", ".join(map(str, task.answer)))

    teacher = FakeTeacher(reply, name="ref", model="ref", temperature=0.0, max_tokens=64)
    ctx = StageContext(spec_hash="h", stage="generate.tool_use", stage_index=0, seed=1,
                       run_dir=tmp_path, teachers={"local": teacher})
    gen = ToolUseGen(ToolUseGenParams(protocol="tools"))
    gen.setup(ctx)
    records = asyncio.run(gen.generate(slots, ctx))
    asyncio.run(ToolUse(ToolUseParams()).process(records, ctx))
    kept = [r for r in records if r.status is Status.OK]
    assert len(kept) == 12, [(r.status_stage, r.status_reason) for r in records if r not in kept]
    for rec in kept:
        assert_replays_to_goal(rec)
        tool_turns = [m for m in rec.data["messages"] if m["role"] == "tool"]
        assert all(m["tool_call_id"].startswith("call_") for m in tool_turns)
