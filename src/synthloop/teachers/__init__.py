"""Teachers: what produces text for generation and judgement.

``build_teacher(name, spec, store=, budget=)`` makes one from its spec (``None``: the bundled
local model). Every teacher has the same async API::

    completion = await teacher.chat(messages, stage="gen", sample_index=0,
                                    schema=None, parser=None, tools=None, tool_choice=None,
                                    logprobs=False, top_logprobs=None, seed=slot.seed, n=1)
    completion.text, completion.parsed, completion.usage, completion.cached
    completion.tool_calls, completion.logprobs, completion.message()
    completion.choices[i].text / .tool_calls / .logprobs / .parsed / .finish_reason

and raises :class:`TeacherError` (``reason``, ``last_error``, ``raw_text``) when it gives up on
a request, :class:`TeacherUnavailable` when it cannot work at all (exit code 4),
:class:`TeacherUnsupported` when its backend cannot do what the call asks (exit code 2), and
:class:`~synthloop.errors.BudgetExceeded` before a request that could pass the budget.
``await teacher.complete(prompt, stage=..., **sampling)`` continues raw text and
``await teacher.render_chat(messages, add_generation_prompt=True)`` renders the model's chat
template, on backends that run the template in this process (``supports("completion")``:
local, transformers). ``supports("tools" | "logprobs" | "completion")`` says what a backend can
do; ``describe(**call options)`` is the lineage entry; ``aclose()`` releases it.
:class:`synthloop.testing.FakeTeacher` answers from a script, for unit tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from synthloop.spec import (
    BudgetSpec,
    LocalTeacherSpec,
    OpenAIBatchTeacherSpec,
    OpenAITeacherSpec,
    TransformersTeacherSpec,
)
from synthloop.teachers.base import (
    Choice,
    Completion,
    Teacher,
    TeacherError,
    TeacherUnavailable,
    TeacherUnsupported,
    TokenLogprob,
    Tool,
    TopLogprob,
    Usage,
)
from synthloop.teachers.budget import Budget

if TYPE_CHECKING:
    from synthloop.store import RunStore

__all__ = ["Choice", "Completion", "Teacher", "TeacherError", "TeacherUnavailable",
           "TeacherUnsupported", "TokenLogprob", "Tool", "TopLogprob", "Usage", "build_teacher"]


def build_teacher(
    name: str,
    spec: (OpenAITeacherSpec | LocalTeacherSpec | TransformersTeacherSpec
           | OpenAIBatchTeacherSpec | None),
    *,
    store: RunStore | None = None,
    budget: BudgetSpec | None = None,
) -> Teacher:
    """The teacher ``name`` of a run. With a ``store`` answers are cached and tokens counted
    there; teachers of one store share one budget. Models load on first use."""
    spec = spec if spec is not None else LocalTeacherSpec(backend="local")
    kwargs: dict[str, Any] = {"store": store,
                              "budget": Budget.for_run(budget, store) if budget else None}
    if isinstance(spec, OpenAITeacherSpec):
        from synthloop.teachers.openai import OpenAITeacher

        return OpenAITeacher.from_spec(name, spec, **kwargs)
    if isinstance(spec, OpenAIBatchTeacherSpec):
        from synthloop.teachers.openai_batch import OpenAIBatchTeacher

        return OpenAIBatchTeacher.from_spec(name, spec, **kwargs)
    if isinstance(spec, LocalTeacherSpec):
        from synthloop.teachers.local import LocalTeacher

        return LocalTeacher.from_spec(name, spec, **kwargs)
    from synthloop.teachers.hf import TransformersTeacher

    return TransformersTeacher.from_spec(name, spec, **kwargs)
