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

A backend is looked up by its spec's ``backend`` in :data:`TEACHER_BACKENDS`: the built-ins and
the ``synthloop.teachers`` entry-point group, so a new backend is one file (its spec model and
its teacher class) and one entry point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from synthloop.config.plugins import TEACHERS, Registry
from synthloop.config.spec import BudgetSpec
from synthloop.config.teachers import LocalTeacherSpec, TeacherConfig
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
           "TeacherUnsupported", "TokenLogprob", "Tool", "TopLogprob", "Usage", "build_teacher",
           "TEACHER_BACKENDS"]


def _teacher_class(backend: str, obj: object) -> type[Teacher]:
    if not (isinstance(obj, type) and issubclass(obj, Teacher) and hasattr(obj, "from_spec")):
        raise TypeError(f"teacher backend {backend!r}: {obj!r} is not a subclass of "
                        "synthloop.teachers.Teacher with a from_spec classmethod")
    return obj


# Built-in backends and those of the ``synthloop.teachers`` entry-point group: a plugin's class
# has a ``Spec`` (a synthloop.config.TeacherConfig whose ``backend`` is the entry's name) and
# ``from_spec(name, spec, store=, budget=)``.
TEACHER_BACKENDS: Registry[type[Teacher]] = Registry("teacher backend", TEACHERS, {
    "openai": "synthloop.teachers.openai:OpenAITeacher",
    "local": "synthloop.teachers.local:LocalTeacher",
    "transformers": "synthloop.teachers.hf:TransformersTeacher",
    "openai_batch": "synthloop.teachers.openai_batch:OpenAIBatchTeacher",
}, _teacher_class)


def build_teacher(
    name: str,
    spec: TeacherConfig | None,
    *,
    store: RunStore | None = None,
    budget: BudgetSpec | None = None,
) -> Teacher:
    """The teacher ``name`` of a run. With a ``store`` answers are cached and tokens counted
    there; teachers of one store share one budget. Models load on first use."""
    spec = spec if spec is not None else LocalTeacherSpec(backend="local")
    budgeted = Budget.for_run(budget, store) if budget else None
    cls: Any = TEACHER_BACKENDS.get(spec.backend)  # from_spec is each backend's own
    teacher: Teacher = cls.from_spec(name, spec, store=store, budget=budgeted)
    return teacher
