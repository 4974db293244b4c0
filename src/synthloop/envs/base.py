"""A simulated environment: a small JSON database (the state) and tools that read and change it.

An environment is a plain Python module with three names (the built-in ``bank``, ``calendar``
and ``shop`` are written exactly this way, so they are the examples to copy):

- ``TOOLS``: the tool functions. Each takes the state as its first argument and keyword
  arguments annotated with types (``Annotated[str, Field(description=...)]`` for a described
  parameter); its docstring's first paragraph is the tool's description. The JSON schema the
  model sees is derived from the signature by pydantic, with ``additionalProperties: false``.
  A tool changes the state in place, returns a JSON-able result, and raises
  :class:`ToolError` for a request the domain refuses (an unknown account, too little stock).
- ``initial_state(seed) -> dict``: the database for a seed, deterministic and JSON-able.
- ``make_task(state, rng, category) -> Task | None``: a request over that state for the
  ``single``, ``parallel`` or ``multi_step`` category, with the reference calls that fulfil it
  (``None`` when the environment has no task of that category). ``irrelevant`` tasks (no
  tool fits) come from :data:`IRRELEVANT_REQUESTS`, or from the module's own list of that name;
  those in :data:`ANSWERABLE` (or the module's own mapping) are answered from knowledge, the
  others need an action or live data no tool gives, so the reply must decline.
- optionally ``canonical(state) -> dict``: the state without what only the order of
  independent calls decides (a ledger's sequence ids, an order counter's ids), so that the
  calls of a parallel step made in another order than the reference reach the same goal. Use
  :func:`unordered` for a collection whose ids are handed out in call order.

Every task's goal is computed, not written: the reference calls are replayed on a fresh state
and the resulting state is the goal state (a question's goal state is the unchanged state).
Tools must be deterministic (no clock, no randomness): a trajectory replayed on a fresh copy
then reaches exactly the state it reached when it was generated.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import random
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, get_args, get_type_hints

import orjson
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from pydantic import ConfigDict, create_model

from synthloop.errors import BadEnvironment

State = dict[str, Any]
Tool = Callable[..., Any]
Category = Literal["single", "parallel", "multi_step", "irrelevant"]
CATEGORIES: tuple[str, ...] = get_args(Category)

BUILTIN: dict[str, str] = {"bank": "synthloop.envs.bank", "calendar": "synthloop.envs.calendar",
                           "shop": "synthloop.envs.shop"}

# Requests no tool of a bank, calendar or shop can serve: the right answer says so.
IRRELEVANT_REQUESTS: tuple[str, ...] = (
    "What will the weather be like in Lisbon tomorrow?",
    "Translate 'good morning' into German.",
    "Write a two-line poem about autumn.",
    "Who won the football world cup in 2014?",
    "Book me a flight from Paris to Rome next Friday.",
    "What is the capital of Australia?",
    "Send an email to my landlord saying the rent will be late.",
    "Play some jazz music.",
)
# Irrelevant requests any assistant answers without a tool, with the values the reply must
# hold; answering them is right (BFCL's irrelevance: no call), declining is not required.
ANSWERABLE: dict[str, tuple[str, ...]] = {
    "Translate 'good morning' into German.": ("Guten Morgen",),
    "Write a two-line poem about autumn.": (),
    "Who won the football world cup in 2014?": ("Germany",),
    "What is the capital of Australia?": ("Canberra",),
}


class ToolError(Exception):
    """A request the environment refuses (unknown id, too little money): the tool's answer is
    this message, and a trajectory whose replay meets one is rejected."""


@dataclass(frozen=True, slots=True)
class Call:
    """One tool call: a name and JSON arguments."""

    name: str
    arguments: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "arguments": self.arguments}


@dataclass(slots=True)
class Task:
    """A request and the reference calls that fulfil it.

    ``steps`` are turns of calls: the calls of one step are independent (they may be made in
    parallel), a later step depends on the results of an earlier one. ``answer`` lists values
    the final reply must contain (a question's answer); empty for a pure state change.
    ``decline``: the reply must say that it cannot help (an irrelevant request that needs an
    action or live data no tool gives).
    """

    instruction: str
    category: str
    steps: list[list[Call]] = field(default_factory=list)
    answer: list[str | int | float] = field(default_factory=list)
    decline: bool = False

    @property
    def calls(self) -> list[Call]:
        return [c for step in self.steps for c in step]


@dataclass(frozen=True)
class Environment:
    """A loaded environment module: its tools with their schemas, its state factory and its
    task maker. Build with :func:`load_environment`."""

    ref: str
    tools: dict[str, Tool]
    schemas: tuple[dict[str, Any], ...]
    initial_state: Callable[[int], State]
    make_task: Callable[[State, random.Random, str], Task | None]
    irrelevant: tuple[str, ...] = IRRELEVANT_REQUESTS
    answerable: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: ANSWERABLE)
    canonical: Callable[[State], State] = field(default=lambda state: state)

    def fresh(self, seed: int) -> State:
        """The state for ``seed``, as JSON would hold it (a private copy)."""
        state: State = normalise(self.initial_state(seed))
        return state

    def call(self, state: State, call: Call) -> Any:
        """Run one call on ``state`` (changing it); its JSON-able result.

        Raises KeyError for a tool the environment lacks and :class:`ToolError` for a call
        the tool refuses or whose arguments break the tool's schema: a model's arguments are
        checked against the schema it was shown before the tool runs, as a real API would, so
        a tool never sees ``"2"`` where it declared an integer (it then raised TypeError).
        """
        tool = self.tools[call.name]
        error = best_match(self._validators[call.name].iter_errors(call.arguments))
        if error is not None:
            where = "/".join(map(str, error.absolute_path))
            raise ToolError(f"{call.name}: {where + ': ' if where else ''}{error.message}")
        return normalise(tool(state, **call.arguments))

    @cached_property
    def _validators(self) -> dict[str, Draft202012Validator]:
        return {s["function"]["name"]: Draft202012Validator(s["function"]["parameters"])
                for s in self.schemas}

    def replay(self, seed: int, calls: Sequence[Call]) -> tuple[State, list[Any]]:
        """The state after running ``calls`` in order on a fresh state, and their results.
        Raises ToolError (or KeyError) at the first call that fails."""
        state = self.fresh(seed)
        results = [self.call(state, c) for c in calls]
        return normalise(state), results

    def task(self, seed: int, category: str) -> Task | None:
        """A task of ``category`` over the state of ``seed`` (deterministic in both)."""
        rng = random.Random(f"{self.ref}:{seed}:{category}")
        if category == "irrelevant":
            request = rng.choice(self.irrelevant)
            known = self.answerable.get(request)
            return Task(request, "irrelevant", answer=list(known or ()), decline=known is None)
        if category not in CATEGORIES:
            raise ValueError(f"unknown task category {category!r}; use one of "
                             f"{', '.join(CATEGORIES)}")
        return self.make_task(self.fresh(seed), rng, category)

    def goal(self, seed: int, task: Task) -> State:
        """The state the task's reference calls reach from a fresh state."""
        try:
            return self.replay(seed, task.calls)[0]
        except (ToolError, KeyError) as exc:
            raise BadEnvironment(f"environment {self.ref}: the reference calls of task "
                                    f"{task.instruction!r} fail: {exc}") from None


def unordered(items: Iterable[dict[str, Any]], drop: str | None = None) -> list[dict[str, Any]]:
    """``items`` as a multiset: sorted, without the key ``drop`` (a sequence id)."""
    kept = [{k: v for k, v in item.items() if k != drop} for item in items]
    return sorted(kept, key=lambda item: orjson.dumps(item, option=orjson.OPT_SORT_KEYS))


def normalise(value: Any) -> Any:
    """``value`` as JSON holds it (tuples become lists, keys strings), so states compare equal
    however a tool built them."""
    return orjson.loads(orjson.dumps(value))


def tool_schema(fn: Tool) -> dict[str, Any]:
    """The OpenAI function-tool schema of ``fn`` (its parameters after the state)."""
    hints = get_type_hints(fn, include_extras=True)
    params = list(inspect.signature(fn).parameters.values())[1:]
    fields: dict[str, Any] = {
        p.name: (hints.get(p.name, Any), ... if p.default is inspect.Parameter.empty
                 else p.default) for p in params}
    model = create_model(fn.__name__, __config__=ConfigDict(extra="forbid"), **fields)
    parameters = _untitled(model.model_json_schema())
    doc = inspect.getdoc(fn) or ""
    return {"type": "function", "function": {
        "name": fn.__name__, "description": doc.split("\n\n")[0].replace("\n", " "),
        "parameters": parameters}}


def _untitled(schema: Any) -> Any:
    """The schema without pydantic's ``title`` keys (noise in the model's prompt)."""
    if isinstance(schema, dict):
        return {k: _untitled(v) for k, v in schema.items()
                if not (k == "title" and isinstance(v, str))}
    if isinstance(schema, list):
        return [_untitled(v) for v in schema]
    return schema


def from_module(ref: str, module: ModuleType) -> Environment:
    """The environment a module defines; BadEnvironment names what it lacks."""
    missing = [n for n in ("TOOLS", "initial_state", "make_task") if not hasattr(module, n)]
    if missing:
        raise BadEnvironment(
            f"environment {ref!r} lacks {', '.join(missing)}: a module needs TOOLS (tool "
            "functions), initial_state(seed) and make_task(state, rng, category); see "
            "synthloop.envs.bank")
    tools = {fn.__name__: fn for fn in module.TOOLS}
    return Environment(ref=ref, tools=tools,
                       schemas=tuple(tool_schema(fn) for fn in tools.values()),
                       initial_state=module.initial_state, make_task=module.make_task,
                       irrelevant=tuple(getattr(module, "IRRELEVANT_REQUESTS",
                                                IRRELEVANT_REQUESTS)),
                       answerable=dict(getattr(module, "ANSWERABLE", ANSWERABLE)),
                       **({"canonical": module.canonical} if hasattr(module, "canonical")
                          else {}))


@cache
def load_environment(ref: str, base_dir: Path | None = None) -> Environment:
    """A built-in environment by name (``bank``), a module by dotted path (``mypkg.envs.lab``)
    or a Python file (``envs/lab.py``, relative to ``base_dir``, the spec's folder)."""
    if ref in BUILTIN:
        return from_module(ref, importlib.import_module(BUILTIN[ref]))
    if ref.endswith(".py"):
        path = (base_dir or Path.cwd()) / Path(ref).expanduser()
        if not path.is_file():
            raise BadEnvironment(f"environment file {path} does not exist")
        name = f"synthloop_env_{abs(hash(str(path.resolve())))}"
        loader = importlib.util.spec_from_file_location(name, path)
        assert loader is not None and loader.loader is not None
        module = importlib.util.module_from_spec(loader)
        sys.modules[name] = module
        loader.loader.exec_module(module)
        return from_module(ref, module)
    try:
        return from_module(ref, importlib.import_module(ref))
    except ModuleNotFoundError as exc:
        raise BadEnvironment(
            f"environment {ref!r} not found ({exc}); use a built-in ({', '.join(BUILTIN)}), "
            "a module path or a .py file") from None
