"""``generate.self_instruct``: Self-Instruct's bootstrap (Wang et al., 2023), one slot per task.

For each slot the teacher sees ``prompt_instructions`` tasks as in-context examples (seed tasks
plus up to ``machine_instructions`` tasks it wrote earlier in the run) and writes new ones.
The first new task that passes the original's filters becomes the slot's instruction:

- length: ``min_words`` to ``max_words`` words;
- keywords: none of ``blacklist`` (tasks a text model cannot do: images, files, plots...), and
  not "Write a program" (the original drops those too);
- format: starts with a letter or digit;
- novelty: ROUGE-L F1 below ``rouge_threshold`` (0.7) with every task in the pool (seed and
  machine tasks), checked with :class:`~synthloop.generate.novelty.NoveltyIndex` so that a
  pool of 50,000 tasks costs ~2 ms per check instead of seconds.

A slot whose candidates all fail is rejected with the reason of its first candidate (nothing
is dropped); an accepted task joins the pool and then gets an instance: a second request
writes its input (possibly empty) and output, parsed from ``Input:``/``Output:`` lines with
one repair turn before the record is quarantined with the raw text (an answer with neither
line is taken as the output of a task without input).

What a slot sees depends on its position only, never on timing (batches overlap, and a loaded
machine or a slow teacher changes which ones have finished): its machine-task examples come
from the tasks accepted in slots more than ``machine_lag`` before it (a batch waits until those
are chosen), and its candidates are checked for novelty in slot order, against the tasks of
every slot before it. So a seeded run gives the same tasks whatever the load, the batch size or
the executor, and a resumed run (the pool rebuilt from the store) gives what an uninterrupted
one would have.
"""

from __future__ import annotations

import bisect
import random
import re

from pydantic import Field, NonNegativeInt, PositiveInt, model_validator

from synthloop.errors import DataError
from synthloop.records import Record, Slot, Status
from synthloop.registry import register
from synthloop.stages import InputFile, Pass, Reject, StageContext, StageParams
from synthloop.teachers import Completion

from .novelty import NoveltyIndex
from .recipe import Conversation, Request
from .slot_order import SlotOrder, SlotOrderedRecipe
from .teaching import read_examples

# Self-Instruct's keyword filter (tasks a language model cannot carry out).
BLACKLIST = ["image", "images", "graph", "graphs", "picture", "pictures", "file", "files",
             "map", "maps", "draw", "plot", "go to", "video", "audio", "music", "flowchart",
             "diagram"]

INSTRUCTION_PROMPT = """\
Come up with a new task instruction, different from these example tasks:
{examples}
Write {count} new and diverse task instructions, one per line, numbered {first} to {last}. \
Each must be a single self-contained request a language model can answer in text."""

INSTANCE_PROMPT = """\
Write one example for the task below: an input for it (or "none" if the task needs no \
input) and the correct output, in exactly this format:
Input: <the input or none>
Output: <the output>

{examples}Task: {instruction}"""

_NUMBERED = re.compile(r"^\s*(?:task\s*)?\d+\s*[.):]\s*", re.IGNORECASE)
_INPUT = re.compile(r"^\s*\**input\**\s*:\s*", re.IGNORECASE | re.MULTILINE)
_OUTPUT = re.compile(r"^\s*\**output\**\s*:\s*", re.IGNORECASE | re.MULTILINE)


class SelfInstructParams(StageParams):
    """Self-Instruct. ``seed_tasks`` is a JSONL file in the original's format
    (``instruction``, ``instances: [{input, output}]``), resolved against the spec's folder."""

    seed_tasks: InputFile
    prompt_instructions: PositiveInt = 8
    machine_instructions: NonNegativeInt = 2
    # machine tasks shown to slot i come from slots below i - machine_lag: as many slots as
    # may be asking for tasks at once (the default batch size, so two default batches overlap
    # without waiting); smaller shows machine tasks sooner but lets fewer slots ask at once
    machine_lag: PositiveInt = 32
    new_instructions: PositiveInt = 4
    rouge_threshold: float = Field(0.7, gt=0.0, le=1.0)
    min_words: PositiveInt = 3
    max_words: PositiveInt = 150
    blacklist: list[str] = Field(default_factory=lambda: list(BLACKLIST))
    instances: bool = True
    instance_examples: NonNegativeInt = 2
    instruction_max_tokens: PositiveInt | None = None
    instance_max_tokens: PositiveInt | None = None

    @model_validator(mode="after")
    def _ranges(self) -> SelfInstructParams:
        if self.machine_instructions > self.prompt_instructions:
            raise ValueError(f"machine_instructions ({self.machine_instructions}) is above "
                             f"prompt_instructions ({self.prompt_instructions})")
        if self.min_words > self.max_words:
            raise ValueError(f"min_words ({self.min_words}) is above max_words "
                             f"({self.max_words})")
        return self


def parse_instructions(text: str) -> list[str]:
    """The task lines of an answer, numbering stripped."""
    out = []
    for line in text.splitlines():
        task = _NUMBERED.sub("", line).strip().strip('"').strip()
        if task:
            out.append(task)
    return out


def parse_instance(text: str) -> dict[str, str]:
    """``{"input", "response"}`` from ``Input: ...`` / ``Output: ...``.

    An answer with neither marker is the output of a task without input (models often just
    do the task); one with an input but no output, or an empty output, is a ValueError.
    """
    out = _OUTPUT.search(text)
    if out is None:
        if _INPUT.search(text) or not text.strip():
            raise ValueError("no 'Output:' line in the answer")
        return {"input": "", "response": text.strip()}
    response = text[out.end():].strip()
    if not response:
        raise ValueError("the 'Output:' line is empty")
    inp = _INPUT.search(text, 0, out.start())
    value = text[inp.end():out.start()].strip() if inp else ""
    return {"input": "" if value.lower() in {"none", "<none>", "n/a", ""} else value,
            "response": response}


class _Filter:
    """Self-Instruct's cheap filters; ``check`` returns ``(code, reason)`` or None."""

    def __init__(self, p: SelfInstructParams) -> None:
        self.p = p
        words = "|".join(re.escape(w) for w in p.blacklist)
        self.blacklist = re.compile(rf"\b({words})\b", re.IGNORECASE) if words else None

    def check(self, task: str) -> tuple[str, str] | None:
        n = len(task.split())
        if n < self.p.min_words:
            return "too_short", f"{n} words, fewer than min_words={self.p.min_words}"
        if n > self.p.max_words:
            return "too_long", f"{n} words, more than max_words={self.p.max_words}"
        if self.blacklist and (hit := self.blacklist.search(task)):
            return "keyword", f"contains the blacklisted keyword {hit.group(1).lower()!r}"
        if task.lower().startswith("write a program"):
            return "keyword", "starts with 'Write a program'"
        if not task[0].isascii() or not task[0].isalnum():
            return "format", f"starts with {task[0]!r}, not a letter or digit"
        return None


@register
class SelfInstruct(SlotOrderedRecipe[SelfInstructParams]):
    """Self-Instruct's bootstrap: new tasks from seed and machine tasks, then an instance."""

    name = "generate.self_instruct"
    batch_size = 32
    templates = (INSTRUCTION_PROMPT, INSTANCE_PROMPT)
    requests_per_record = 2  # the task, then its instance
    output_fields = ("instruction", "candidates", "input", "response")

    def setup(self, ctx: StageContext) -> None:
        p = self.params
        path = ctx.resolve(p.seed_tasks)
        self.seeds = read_examples(path)
        bad = [i for i, row in enumerate(self.seeds, 1) if not row.get("instruction")]
        if bad:
            raise DataError(f"{path}:{bad[0]}: a seed task needs an 'instruction'")
        self.filter = _Filter(p)
        self.index = NoveltyIndex(p.rouge_threshold)
        for row in self.seeds:
            self.index.add(row["instruction"])
        # accepted machine tasks in slot order, and their slots (for bisect)
        self.machine: list[str] = []
        self._machine_slots: list[int] = []
        self.order = SlotOrder()
        if ctx.store is not None:
            self._reload(ctx)

    def _reload(self, ctx: StageContext) -> None:
        """Machine tasks this stage already accepted (resume). Records quarantined here are
        left out: the executor replays them first and they re-enter when accepted."""
        assert ctx.store is not None
        for rec in ctx.store.iter_records():
            if rec.lineage is None or rec.lineage.stage != ctx.stage:
                continue
            if rec.status is not Status.OK and rec.status_stage == ctx.stage:
                continue
            if "instruction" in rec.data and rec.slot is not None:
                self._accept(rec.slot, rec.data["instruction"])

    def _accept(self, slot: int, task: str) -> None:
        self.index.add(task)
        at = bisect.bisect_right(self._machine_slots, slot)
        self._machine_slots.insert(at, slot)
        self.machine.insert(at, task)

    def lag(self) -> int:
        return self.params.machine_lag

    async def converse(self, slot: Slot, k: int, record: Record) -> Conversation:
        """Candidates for every slot of the batch at once, then chosen in slot order (so the
        pool, and the run, do not depend on timing), then the instance of an accepted task."""
        try:
            answer = yield self.request(slot, k)
            await self.order.wait_below(slot.index)
            outcome = self._choose(record, slot.index, parse_instructions(answer.text))
        finally:
            self.order.done(slot.index)
        self.apply(record, outcome)
        if isinstance(outcome, Pass) and self.params.instances:
            request = self._instance(record)
            answer = yield request
            self.parse(record, answer, request)

    def request(self, slot: Slot, k: int) -> Request:
        """New task instructions, with seed and machine tasks as examples."""
        p = self.params
        rng = random.Random(slot.seed)
        shown = bisect.bisect_left(self._machine_slots, slot.index - p.machine_lag)
        n_machine = min(p.machine_instructions, shown)
        examples = [r["instruction"] for r in
                    rng.sample(self.seeds, min(p.prompt_instructions - n_machine,
                                               len(self.seeds)))]
        examples += [self.machine[i] for i in rng.sample(range(shown), n_machine)]
        listed = "\n".join(f"{i}. {' '.join(t.split())}" for i, t in enumerate(examples, 1))
        first = len(examples) + 1
        prompt = INSTRUCTION_PROMPT.format(examples=listed, count=p.new_instructions,
                                           first=first, last=first + p.new_instructions - 1)
        return Request([{"role": "user", "content": prompt}],
                       options={"seed": slot.seed, "max_tokens": p.instruction_max_tokens})

    def _choose(self, record: Record, slot: int, candidates: list[str]) -> Pass | Reject:
        """Take the first candidate passing the filters and novelty, or reject the slot."""
        record.data = {"instruction": candidates[0] if candidates else "",
                       "candidates": candidates}
        first_problem: tuple[str, str] | None = None
        for task in candidates:
            problem = self.filter.check(task)
            if problem is None:
                match = self.index.nearest(task)
                if match is not None:
                    problem = ("near_copy", f"ROUGE-L {match.score:.2f} >= "
                               f"{self.index.threshold} with pool task {match.text[:80]!r}")
            if problem is None:
                record.data["instruction"] = task
                self._accept(slot, task)
                return Pass("novel")
            first_problem = first_problem or problem
        code, reason = first_problem or ("no_instruction", "the answer holds no task line")
        return Reject(code, f"{reason} (first of {len(candidates)} candidates)"
                      if len(candidates) > 1 else reason)

    def _instance(self, record: Record) -> Request:
        """The request for an accepted task's input and output."""
        p = self.params
        rng = random.Random(record.lineage.seed if record.lineage else 0)
        with_instances = [r for r in self.seeds if r.get("instances")]
        shots = rng.sample(with_instances, min(p.instance_examples, len(with_instances)))
        examples = "".join(
            f"Task: {s['instruction']}\nInput: {s['instances'][0].get('input') or 'none'}\n"
            f"Output: {s['instances'][0].get('output', '')}\n\n" for s in shots)
        prompt = INSTANCE_PROMPT.format(examples=examples, instruction=record.data["instruction"])
        return Request([{"role": "user", "content": prompt}], parser=parse_instance,
                       options={"seed": record.lineage.seed if record.lineage else None,
                                "max_tokens": p.instance_max_tokens})

    def parse(self, record: Record, answer: Completion, request: Request) -> None:
        """An instance answer: its input and output join the task."""
        record.data.update(answer.parsed)
