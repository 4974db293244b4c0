"""generate.tool_use with a teacher whose call breaks its tool's schema (a quantity sent as the
string "2"): the environment refuses the call as a tool would, the teacher sees the error, and
validation rejects the trajectory. The call used to reach the tool function, which compared a
string with an int and took the whole stage down with a TypeError."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from synthloop.envs import Call, ToolError, load_environment
from synthloop.generate.tool_use import ToolUseGen, ToolUseGenParams
from synthloop.records import Slot, Status
from synthloop.stages import StageContext
from synthloop.testing import Choice, FakeTeacher, Request, tool_call
from synthloop.validate.tool_use import ToolUse, ToolUseParams


def test_a_call_that_breaks_the_schema_is_refused_before_the_tool_runs() -> None:
    shop = load_environment("shop")
    state = shop.fresh(0)
    with pytest.raises(ToolError, match=r"place_order: quantity: '2' is not of type 'integer'"):
        shop.call(state, Call("place_order", {"sku": "SKU-9", "quantity": "2"}))
    assert state == shop.fresh(0)
    with pytest.raises(ToolError, match=r"restock: Additional properties are not allowed "
                                        r"\('colour' was unexpected\)"):
        shop.call(state, Call("restock", {"sku": "SKU-9", "quantity": 2, "colour": "red"}))


def test_generation_shows_the_error_and_validation_rejects(tmp_path: Path) -> None:
    def reply(request: Request) -> Choice:
        if not any(m.get("tool_calls") for m in request.messages):
            return Choice("", tool_calls=[tool_call("place_order",
                                                    {"sku": "SKU-9", "quantity": "2"}, "c0")])
        return Choice("Ordered 2.")

    teacher = FakeTeacher(reply, name="t", model="t", temperature=0.0, max_tokens=64)
    ctx = StageContext(spec_hash="h", stage="generate.tool_use", stage_index=0, seed=1,
                       run_dir=tmp_path, teachers={"local": teacher})
    gen = ToolUseGen(ToolUseGenParams(protocol="tools"))
    gen.setup(ctx)
    slot = Slot(index=0, seed=0, attributes={"environment": "shop", "category": "multi_step"})
    [record] = asyncio.run(gen.generate([slot], ctx))
    assert record.data["messages"][3]["content"].startswith(
        "Error: place_order: quantity: '2' is not of type 'integer'")
    asyncio.run(ToolUse(ToolUseParams()).process([record], ctx))
    assert record.status is Status.REJECTED
    assert record.verdicts[-1].check == "validate.tool_use.bad_arguments"
