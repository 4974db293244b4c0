"""``generate.tool_use``: tool-use trajectories produced by a teacher acting in a simulated
environment, for ``validate.tool_use`` to replay.

Each slot is a task drawn programmatically from an environment's state (see
:mod:`synthloop.envs`), so every task has a known goal: the state its reference calls reach,
and the values a question's answer must contain. The categories follow BFCL's: ``single`` (one
call), ``parallel`` (independent calls), ``multi_step`` (a call that needs an earlier one's
result) and ``irrelevant`` (no tool fits: the right answer says so). The slot's ``category``
and ``environment`` attributes pick them; without them, slots cycle through both lists.

The teacher acts turn by turn: its calls run on a live state and their results go back to it,
until it replies to the user or ``max_turns`` is reached. Two protocols:

- ``tools``: OpenAI function calling (``tools`` in the request, ``tool_calls`` in the answer),
  for endpoints that support it.
- ``json``: for models without function calling. The tools are described in the system prompt
  and the teacher answers ``{"tool_calls": [{"name", "arguments"}]}`` or ``{"answer": ...}``
  under a JSON schema (a grammar on llama.cpp, so the bundled model always answers in shape);
  results come back as a user turn.

Either way the record holds the trajectory in the chat format of TRL and Hugging Face chat
templates (``messages`` with ``tool_calls`` and ``tool`` turns, ``tools`` with the schemas),
plus what replay needs: ``environment``, ``env_seed``, ``category``, ``goal`` and the
``final_state`` the trajectory reached. A JSON-protocol answer that does not parse after the
teacher's repair turn quarantines the record (the raw text kept); a function-calling reply that
is an attempted call in text is kept, and the validator rejects it as a parse failure: neither
is ever mistaken for a refusal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import Field, PositiveInt

from synthloop.envs import CATEGORIES, Call, Environment, ToolError, load_environment
from synthloop.envs.base import normalise
from synthloop.envs.trajectory import (
    arguments_object,
    assistant_calls,
    error_text,
    result_text,
    tool_message,
)
from synthloop.records import Record, Slot
from synthloop.registry import register
from synthloop.stages import DEFAULT_TEACHER, StageContext, StageParams
from synthloop.teachers import Completion

from .recipe import Conversation, RecipeInputError, Request, TeacherRecipe

SYSTEM = ("You are a helpful assistant with access to tools. Call the tools the request needs, "
          "using the results of earlier calls where a step depends on them, then answer the "
          "user. If no tool fits the request, say that you cannot help with it.")
JSON_PROTOCOL = ("{system}\n\nTools (JSON schemas):\n{tools}\n\nReply with JSON only. To call "
                 'tools: {{"tool_calls": [{{"name": "<tool>", "arguments": {{...}}}}]}} (several '
                 "calls in one reply when they do not depend on each other). When you have what "
                 'the user needs, or no tool fits: {{"answer": "<your reply to the user>"}}.')
RESULTS = ("Tool results:\n{results}\nCall more tools if needed, otherwise reply "
           '{{"answer": "..."}}.')

Protocol = Literal["tools", "json"]


class ToolUseGenParams(StageParams):
    """``environments``: built-in names, module paths or ``.py`` files (relative to the spec).
    ``environment_key``/``category_key``: slot attributes that pick them. ``protocol``:
    ``tools`` (OpenAI function calling) or ``json`` (any model). ``max_turns``: teacher turns
    per trajectory."""

    environments: list[str] = Field(default_factory=lambda: ["bank", "calendar", "shop"],
                                    min_length=1)
    environment_key: str = "environment"
    category_key: str = "category"
    protocol: Protocol = "json"
    max_turns: int = Field(default=4, ge=1, le=12)
    per_slot: PositiveInt = 1
    max_tokens: PositiveInt | None = None


def json_protocol_schema(env: Environment) -> dict[str, Any]:
    """The JSON protocol's answer schema: calls whose arguments match their tool's schema, or
    an answer. On llama.cpp it becomes a grammar, so the answer is always in this shape.
    Regex ``pattern`` keys are left out: llama-cpp-python's grammar converter cannot translate
    ``\\d`` (the validator still checks them)."""
    call = {"anyOf": [{"type": "object", "properties": {
        "name": {"const": s["function"]["name"]},
        "arguments": _without(s["function"]["parameters"], "pattern")},
        "required": ["name", "arguments"]} for s in env.schemas]}
    return {"anyOf": [
        {"type": "object", "properties": {"tool_calls": {"type": "array", "items": call,
                                                         "minItems": 1}},
         "required": ["tool_calls"]},
        {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}]}


def _without(schema: Any, key: str) -> Any:
    if isinstance(schema, dict):
        return {k: _without(v, key) for k, v in schema.items() if k != key}
    if isinstance(schema, list):
        return [_without(v, key) for v in schema]
    return schema


def _decoded(raw: Any) -> Any:
    """Wire arguments as an object where they hold one (``"{}"`` too: a tool without
    parameters), else as sent, for the tool message to report."""
    args = arguments_object(raw)
    return raw if args is None else args


@register
class ToolUseGen(TeacherRecipe[ToolUseGenParams]):
    """Tool-use trajectories: tasks with known goals in simulated environments, acted out by
    a teacher through function calling or a JSON protocol."""

    name = "generate.tool_use"
    batch_size = 16
    templates = (SYSTEM, JSON_PROTOCOL, RESULTS)
    output_fields = ("messages", "tools", "instruction", "environment", "env_seed", "category",
                     "goal", "final_state", "protocol")

    _base_dir: Path | None = None  # the spec's folder, for environments given as .py files

    def setup(self, ctx: StageContext) -> None:
        for ref in self.params.environments:  # a missing module fails before the first request
            load_environment(ref, ctx.base_dir)
        self._base_dir = ctx.base_dir

    def samples(self) -> int:
        return self.params.per_slot

    def teacher_calls(self) -> dict[str, int]:
        """One request per turn, up to ``max_turns`` turns per trajectory."""
        return {self.teacher_name or DEFAULT_TEACHER: self.samples() * self.params.max_turns}

    def _pick(self, slot: Slot) -> tuple[str, str]:
        p, attrs = self.params, slot.attributes
        env = str(attrs.get(p.environment_key) or p.environments[slot.index % len(p.environments)])
        if env not in p.environments:
            raise RecipeInputError(f"slot environment {env!r} is not in the stage's "
                                   f"environments ({', '.join(p.environments)})")
        category = str(attrs.get(p.category_key) or CATEGORIES[slot.index % len(CATEGORIES)])
        if category not in CATEGORIES:
            raise RecipeInputError(f"slot category {category!r} is not one of "
                                   f"{', '.join(CATEGORIES)}")
        return env, category

    def request(self, slot: Slot, k: int) -> Request:
        ref, category = self._pick(slot)
        env = load_environment(ref, self._base_dir)
        seed = slot.seed + k
        task = env.task(seed, category)
        if task is None:
            raise RecipeInputError(f"environment {ref} has no {category} task")
        system = SYSTEM
        schema = None
        if self.params.protocol == "json":
            tools = "\n".join(orjson.dumps(s["function"]).decode() for s in env.schemas)
            system = JSON_PROTOCOL.format(system=SYSTEM, tools=tools)
            schema = json_protocol_schema(env)
        messages = [{"role": "system", "content": system},
                    {"role": "user", "content": task.instruction}]
        return Request(messages, schema=schema,
                       options={"seed": seed, "max_tokens": self.params.max_tokens},
                       context={"env": env, "task": task, "seed": seed})

    async def converse(self, slot: Slot, k: int, record: Record) -> Conversation:
        """Act the task out: ask, run the calls on a live state, give the results back, until
        the teacher replies to the user or the turns run out."""
        request = self.request(slot, k)
        env: Environment = request.context["env"]
        task, seed = request.context["task"], request.context["seed"]
        state = env.fresh(seed)
        messages: list[dict[str, Any]] = [{"role": "system", "content": SYSTEM},
                                          {"role": "user", "content": task.instruction}]
        n_calls = 0
        for _ in range(self.params.max_turns):
            answer = yield self._with_tools(request, list(env.schemas))
            calls, reply = self._read(answer)
            if not calls:
                messages.append({"role": "assistant", "content": reply})
                break
            ids = [f"call_{n_calls + i}" for i in range(len(calls))]
            n_calls += len(calls)
            messages.append(assistant_calls([(i, name, args) for i, (name, args) in
                                             zip(ids, calls, strict=True)]))
            results = [self._run(env, state, name, args) for name, args in calls]
            messages += [tool_message(i, name, text) for i, (name, _), text in
                         zip(ids, calls, results, strict=True)]
            request.messages = [*request.messages, *self._next_turn(answer, ids, calls, results)]
        record.data = {
            "messages": messages, "tools": list(env.schemas), "instruction": task.instruction,
            "environment": env.ref, "env_seed": seed, "category": task.category,
            "goal": {"state": env.goal(seed, task), "answer": task.answer,
                     "decline": task.decline},
            "final_state": normalise(state), "protocol": self.params.protocol}

    def _with_tools(self, request: Request, tools: list[dict[str, Any]]) -> Request:
        """The turn's request: under function calling, with the tools offered."""
        if self.params.protocol == "json":
            return request
        return Request(request.messages, options={**request.options, "tools": tools,
                                                  "tool_choice": "auto"})

    def _read(self, answer: Completion) -> tuple[list[tuple[str, Any]], str]:
        """The calls of an answer as (name, arguments), or none and the reply text."""
        if self.params.protocol == "json":
            parsed = answer.parsed
            if "tool_calls" in parsed:
                return [(c["name"], c["arguments"]) for c in parsed["tool_calls"]], ""
            return [], str(parsed["answer"])
        raw_calls = getattr(answer, "tool_calls", None) or []
        return [(c["function"]["name"], _decoded(c["function"]["arguments"]))
                for c in raw_calls], answer.text

    @staticmethod
    def _run(env: Environment, state: dict[str, Any], name: str, args: Any) -> str:
        """One call on the live state; the tool message's content (an error is shown to the
        teacher, as a real tool would, and the validator's replay rejects it)."""
        if name not in env.tools:
            return error_text(ToolError(f"no tool named {name}"))
        if not isinstance(args, dict):
            return error_text(ToolError("arguments are not a JSON object"))
        try:
            return result_text(env.call(state, Call(name, args)))
        except ToolError as exc:
            return error_text(exc)

    def _next_turn(self, answer: Completion, ids: list[str], calls: list[tuple[str, Any]],
                   results: list[str]) -> list[dict[str, Any]]:
        """What goes back to the teacher after its calls ran."""
        if self.params.protocol == "json":
            shown = "\n".join(orjson.dumps({"name": name, "result": orjson.loads(text)
                                            if not text.startswith("Error") else text}).decode()
                              for (name, _), text in zip(calls, results, strict=True))
            return [{"role": "assistant", "content": answer.text},
                    {"role": "user", "content": RESULTS.format(results=shown)}]
        sent = [(i, name, args if isinstance(args, str) else orjson.dumps(args).decode())
                for i, (name, args) in zip(ids, calls, strict=True)]
        return [assistant_calls(sent),
                *(tool_message(i, name, text) for i, (name, _), text in
                  zip(ids, calls, results, strict=True))]
