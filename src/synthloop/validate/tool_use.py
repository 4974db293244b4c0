"""``validate.tool_use``: a tool-use trajectory checked by format, by replay, and optionally by a
judge, each its own verdict code.

The record holds ``messages`` (the chat, with ``tool_calls`` and ``tool`` turns), the
``environment`` and ``env_seed`` it ran in, its ``category`` and its ``goal`` (``state``: the
state the task must end in; ``answer``: values the final reply must contain), and the
``final_state`` it reached when generated. Checks, in order (the first failure rejects):

1. **format** (``<stage>.format_ok``): ``parse_failure`` (a reply is an attempted call that
   did not parse, as JSON, a code fence or call markers: never an answer or a refusal),
   ``hallucinated_tool``, ``malformed_arguments`` (not a JSON object), ``bad_arguments``
   (against the tool's JSON schema), ``missing_result`` (a call without its tool message).
2. **execution** (``<stage>.execution_ok``): the calls replayed in order on a fresh state:
   ``tool_error``, ``result_mismatch`` (a recorded tool result the replay does not give, or a
   tool message that answers no call),
   ``replay_mismatch`` (the replay ends elsewhere than the recorded ``final_state``),
   ``unneeded_call`` (calls for a request no tool fits; a write sent again that changes
   nothing, harmless only because the tool is idempotent), ``wrong_state`` (the final state is
   not the goal: a wrong argument, a missing step, an extra write, an order that matters,
   a write sent before the read whose result gives its value;
   compared through the environment's ``canonical`` state, so independent calls of a parallel
   step may come in any order),
   ``no_final_answer`` (also where calls or results follow the last reply, which then
   cannot rest on them), ``wrong_language`` (the request and the reply are each confidently
   in a language, :func:`synthloop.checks.language.language`, and not the same one: a French
   request answered in Chinese), ``missing_answer`` (a required value is not in the reply, or is
   named only to be denied: "Not Canberra, ...", "it is not 45"; a reply that writes its
   numbers the continental way, "1.350,00 US$", is read in English marks),
   ``no_tool_evidence`` (a task a tool serves answered without a call, or with a value no
   tool result holds, or a dollar amount no result, call or request gives, nor one step of
   arithmetic on them: right by luck or from memory, not from the environment; an amount in
   another currency or in cents is not the dollar value; a time or an ISO date no result, call
   or request gives; a value stated of an id no result or call names, or a thing given to an
   owner none names, see :mod:`synthloop.validate.tool_names`; a number given as a field the
   calls changed but no result reports, see :mod:`synthloop.validate.tool_unread`),
   ``wrong_association`` (a value the reply attaches to a thing the results do not give it
   to: two prices swapped, a transfer's two balances swapped, a moved event reported at an
   hour it no longer has or with its old and new hours swapped, a comparison the results turn
   round, of values or in time ("comes before"), see :mod:`synthloop.validate.tool_facts`;
   a value or thing said in a role its field does not have: an end given as a start, a rate
   no call applied, a transfer's two accounts turned round, a thing listed under a day its
   results do not give it, see :mod:`synthloop.validate.tool_roles`; a thing given to an owner
   whose record holds another, see :mod:`synthloop.validate.tool_names`; a count that opens a
   list of things one result lists, and is neither how many it names nor how many that result
   lists, see :mod:`synthloop.validate.tool_counts`;
   or a value the task asks for offered among others, "$1,650 or $2,600"), ``declined_done`` (the writes reached the goal, yet the reply opens
   by saying it could not: a user told "I can't" would do the task again),
   ``no_refusal`` (a request that needs an action or live data no tool gives, answered
   without saying so, or saying it was done, or saying so and then giving a number, a date
   or a time that no tool gave and the request does not hold: "I can't check forecasts, but
   it will be 22 degrees"; the goal's ``decline``; "can't ... enough" praises and declines
   nothing: "I cannot recommend Kind of Blue enough, so it's playing"). An irrelevant request
   answerable from knowledge ("What is the capital of Australia?") needs no refusal: no
   call, and the values the goal lists.
3. **judge** (optional, ``judge: <teacher>``): ``judge_ok`` or ``intent_mismatch``, for what
   replay cannot see (a reply that contradicts the results).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import orjson

from synthloop.checks.arithmetic import english_numbers, parse_number
from synthloop.checks.clock import clock_times
from synthloop.checks.evidence import spelled_as_digits
from synthloop.checks.language import NAMES, language
from synthloop.envs.base import Call, Environment, ToolError, load_environment, normalise
from synthloop.envs.trajectory import Trajectory, arguments_object, looks_like_call, read
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import Fail, Pass, RecordStage, Reject, StageContext, StageParams
from synthloop.teachers import TeacherError
from synthloop.validate.tool_counts import miscounted
from synthloop.validate.tool_facts import (
    DATE,
    Facts,
    facts,
    misattributed,
    miscompared,
    show,
    stated,
)
from synthloop.validate.tool_names import Seen, misnamed, misowned, unlooked
from synthloop.validate.tool_roles import misanswered, misroled
from synthloop.validate.tool_unread import unread_fields, unreported

# An apology alone declines nothing ("Sorry for the wait! It is booked").
REFUSAL = (r"\b(can ?not|can't|unable|not able|no (?:suitable |available )?tools?|"
           r"no (?:way|means|access)|don't have|"
           r"do not have|not possible|outside|beyond (?:what|my)|(?:not|isn't) something|"
           r"nothing (?:I|we) can|not in a position)\b")
# A reply that says it did what no tool can do has not declined, whatever else it says ("I
# can't wait for your trip: your flight is booked").
_CLAIMED = re.compile(r"\b(?:is|are|has been|have been|was|were)\s+(?:now\s+|all\s+)?"
                      r"(?:booked|reserved|scheduled|confirmed|ordered|sent|paid|arranged|done)\b"
                      r"|\b(?:I|I've|I have|we|we've|we have)\s+(?:just\s+|now\s+|already\s+)?"
                      r"(?:booked|reserved|scheduled|confirmed|ordered|sent|paid|arranged)\b",
                      re.IGNORECASE)
# "can't ... enough" praises ("I cannot recommend Kind of Blue enough"): it declines nothing
_PRAISE = re.compile(r"\b(?:can ?not|can't|could ?not|couldn't)\s+(?:[\w'-]+\s+){1,5}?enough\b",
                     re.IGNORECASE)
# a first sentence in which the assistant says it could not do something
_DECLINED = re.compile(r"^[^.;!?\n]*\b(?:I|we)\s+(?:can ?not|can't|couldn't|could not|"
                       r"(?:am|was|were|are)\s+(?:unable|not able)|wasn't able|weren't able)\b",
                       re.IGNORECASE)
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
# A number in a reply with its currency: the environments deal in dollars, so "€2,600" or
# "2,600 euros" states no dollar amount and "2,600 cents" is $26.
# The sign may also come after the number, as Spanish and French write it ("1.350,00 US$"),
# never before another number ("ACC-1003 $750": the sign is the 750's).
_AMOUNT = re.compile(r"(?P<sign>[$€£¥₹]\s?)?(?P<n>-?\d[\d,]*(?:\.\d+)?)(?:\s*(?P<unit>(?:"
                     r"dollars?|USD|cents?|euros?|EUR|pounds?|GBP|pence|yen|JPY|rupees?|INR)"
                     r"\b|(?:US)?[$€£¥₹](?!\s?\d)))?", re.IGNORECASE)
_USD = re.compile(r"\bUSD\s?$", re.IGNORECASE)  # "USD 2,600" (the code before the number)
# a number standing alone in the request: "$40", "5%", not the 1003 of "ACC-1003"
_PLAIN_NUMBER = re.compile(r"(?<![\w-])\d[\d,]*(?:\.\d+)?")
_TIME = re.compile(r"(?<!\d)([01]\d|2[0-3]):([0-5]\d)(?!\d)")
# a time as the reply writes it, read as a clock reads it ("12:00 a.m." is 00:00)
_WRITTEN_TIME = re.compile(rf"{_TIME.pattern}(?:\s?[ap]\.?\s?m\b\.?)?", re.IGNORECASE)
# two amounts offered as alternatives: "$1,650 or $2,600", "1650 or perhaps 2600"
_HEDGE = re.compile(r"\$?(-?\d[\d,]*(?:\.\d+)?)\s+or\s+(?:maybe\s+|perhaps\s+|possibly\s+)?"
                    r"\$?(-?\d[\d,]*(?:\.\d+)?)")
JUDGE = ("A user asked an assistant with tools: {request}\nThe assistant made these calls "
         "and got these results:\n{calls}\nIts final reply: {reply}\nDoes the reply fulfil "
         "the request and agree with the results? Answer in JSON.")
JUDGE_SCHEMA = {"type": "object", "properties": {"fulfils": {"type": "boolean"},
                                                 "reason": {"type": "string"}},
                "required": ["fulfils", "reason"]}


class ToolUseParams(StageParams):
    """``refusal``: the pattern a reply must match (case-insensitive) where no tool can do
    what the request asks (the goal's ``decline``; records without it: every irrelevant one).
    ``judge``: a teacher that judges intent after replay passes (none: no judge)."""

    refusal: str = REFUSAL
    judge: str | None = None


class Failure(Exception):
    """One check failed: ``code`` and the reason naming the call or value."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


@register
class ToolUse(RecordStage[ToolUseParams]):
    """Checks tool-use trajectories: schemas, replay in the environment, goal state, answer."""

    name = "validate.tool_use"
    batch_size = 64

    def teacher_calls(self) -> dict[str, int]:
        return {self.params.judge: 1} if self.params.judge else {}

    def reads(self) -> tuple[str, ...]:
        return ("messages", "environment", "env_seed", "goal")

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        for record in batch:
            self.check_record(record, ctx)
        if self.params.judge:
            live = [r for r in batch if r.accepted]
            await asyncio.gather(*(self._judge(r, ctx) for r in live))
        return batch

    def check_record(self, record: Record, ctx: StageContext | None = None) -> None:
        """Append the format and execution verdicts of one record."""
        data = record.data
        try:
            env = load_environment(str(data["environment"]),
                                   ctx.base_dir if ctx is not None else None)
            trajectory = read(data["messages"])
        except (KeyError, TypeError, AttributeError) as exc:
            self.apply(record, Reject("bad_record",
                                      f"not a tool-use record (missing or malformed {exc})"))
            return
        for step, check in (("format_ok", self._format), ("execution_ok", self._execution)):
            try:
                reason = check(record, env, trajectory)
            except Failure as failure:
                self.apply(record, Reject(failure.code, failure.reason))
                return
            self.apply(record, Pass(step, reason))

    # -- 1. format -------------------------------------------------------------------------
    def _format(self, record: Record, env: Environment, trajectory: Trajectory) -> str:
        for reply in trajectory.replies:
            if looks_like_call(reply):
                raise Failure("parse_failure", "a reply is an attempted call that did not "
                              f"parse: {_short(reply)}")
        schemas = {s["function"]["name"]: s["function"]["parameters"] for s in env.schemas}
        for n, call in enumerate(trajectory.calls, 1):
            if call.name not in schemas:
                raise Failure("hallucinated_tool", f"call {n} uses {call.name!r}, which "
                              f"{env.ref} does not have ({', '.join(schemas)})")
            args = arguments_object(call.arguments)
            if args is None:
                raise Failure("malformed_arguments", f"call {n} ({call.name}): arguments "
                              f"are not a JSON object: {_short(str(call.arguments))}")
            try:
                jsonschema.validate(args, schemas[call.name])
            except jsonschema.ValidationError as exc:
                where = "/".join(map(str, exc.absolute_path)) or "(arguments)"
                raise Failure("bad_arguments", f"call {n} ({call.name}) {where}: "
                              f"{exc.message}") from None
            if len(trajectory.results.get(call.id, [])) != 1:
                raise Failure("missing_result", f"call {n} ({call.name}, id {call.id!r}) has "
                              f"{len(trajectory.results.get(call.id, []))} tool messages, not 1")
        return f"{len(trajectory.calls)} call(s) match the schemas"

    # -- 2. execution ----------------------------------------------------------------------
    def _execution(self, record: Record, env: Environment, trajectory: Trajectory) -> str:
        data = record.data
        orphans = sorted(set(trajectory.results) - {c.id for c in trajectory.calls})
        if orphans:
            raise Failure("result_mismatch", f"a tool message (id {orphans[0]!r}) answers no "
                          f"call: {_short(str(trajectory.results[orphans[0]][0]))}")
        state = env.fresh(int(data["env_seed"]))
        wrote = []  # per call: whether it changed the state (a write, not a read)
        writes: dict[bytes, int] = {}  # each state-changing call, by name and arguments
        repeated: list[str] = []
        for n, rc in enumerate(trajectory.calls, 1):
            call = Call(rc.name, arguments_object(rc.arguments) or {})
            before = orjson.dumps(state)
            try:
                result = env.call(state, call)
            except ToolError as exc:
                raise Failure("tool_error", f"call {n} {_show(call)} fails: {exc}") from None
            wrote.append(orjson.dumps(state) != before)
            key = orjson.dumps([call.name, call.arguments], option=orjson.OPT_SORT_KEYS)
            if wrote[-1]:
                writes.setdefault(key, n)
            elif key in writes:
                repeated.append(f"call {n} {_show(call)} repeats call {writes[key]}, which "
                                "changed the state, and changes nothing itself")
            recorded = _json(trajectory.results[rc.id][0])
            if recorded != result:
                raise Failure("result_mismatch", f"call {n} {_show(call)}: the trajectory "
                              f"shows {_short(str(trajectory.results[rc.id][0]))}, replay "
                              f"gives {_short(orjson.dumps(result).decode())}")
        state = normalise(state)
        if "final_state" in data and state != data["final_state"]:
            raise Failure("replay_mismatch", "replay ends in another state than the recorded "
                          f"one: {_diff(state, data['final_state'])}")
        goal = data["goal"]
        if data.get("category") == "irrelevant" and trajectory.calls:
            raise Failure("unneeded_call", f"no tool fits this request, yet it calls "
                          f"{', '.join(c.name for c in trajectory.calls)}")
        reached, wanted = env.canonical(state), env.canonical(goal["state"])
        if reached != wanted:
            raise Failure("wrong_state",
                          f"final state is not the goal: {_diff(reached, wanted)}")
        request = _first_request(data["messages"])
        _read_before_written(trajectory, wrote, request)
        if repeated:  # a write sent twice: harmless here only because the tool is idempotent
            raise Failure("unneeded_call", repeated[0])
        # a reply that writes its numbers the continental way ("1.350,00 US$") is read in
        # English marks, as the results give them
        final = english_numbers(trajectory.final) if trajectory.final else trajectory.final
        if trajectory.replies and trajectory.tools_after_reply:
            raise Failure("no_final_answer", "the trajectory ends with calls or results, not a "
                          "reply: the last reply came before them, so it cannot rest on them")
        if not final or not final.strip():
            raise Failure("no_final_answer", "the trajectory ends without a reply to the user")
        asked, answered = language(request), language(final)
        if asked is not None and answered is not None and asked != answered:
            raise Failure("wrong_language", f"the request is in {NAMES[asked]} and the reply "
                          f"in {NAMES[answered]}: {_short(final)}")
        missing = [v for v in goal.get("answer", []) if not _contains(final, v)]
        if missing:
            raise Failure("missing_answer", f"the reply lacks {', '.join(map(str, missing))}: "
                          f"{_short(final)}")
        affirmed = _affirmed(final)
        denied = [v for v in goal.get("answer", []) if not _contains(affirmed, v)]
        if denied:
            raise Failure("missing_answer", f"the reply names {', '.join(map(str, denied))} "
                          f"only to deny it: {_short(final)}")
        if data.get("category") != "irrelevant":
            self._rests_on_results(goal.get("answer", []), trajectory, final, request)
            known = facts([(_json(trajectory.results[c.id][0]), w,
                            arguments_object(c.arguments) or {})
                           for c, w in zip(trajectory.calls, wrote, strict=True)])
            self._attached_right(trajectory, known, final, request)
            fresh = env.fresh(int(data["env_seed"]))
            self._named_right(known, final, Seen(_seen(trajectory, request), (fresh, state)))
            unread = unread_fields(fresh, state,
                                   [_json(r) for rs in trajectory.results.values() for r in rs])
            self._reported(known, final, unread, _numbers(trajectory, request))
            self._not_hedged(goal.get("answer", []), final)
            if any(wrote) and _DECLINED.search(final):
                raise Failure("declined_done", "the calls did what the task asks, yet the reply "
                              f"says it could not: {_short(final)}")
        if data.get("category") == "irrelevant" and goal.get("decline", True):
            claim = _CLAIMED.search(final)
            if claim is not None:
                raise Failure("no_refusal", f"no tool can do this, but the reply says it did "
                              f"({claim.group(0)!r}): {_short(final)}")
            if not re.search(self.params.refusal, _PRAISE.sub(" ", final), re.IGNORECASE):
                raise Failure("no_refusal", "no tool can do this, but the reply does not say "
                              f"so: {_short(final)}")
            given = sorted(stated(final) - stated(request), key=str)
            if given:
                raise Failure("no_refusal", f"no tool can do this, yet after saying so the reply "
                              f"gives {show(given[0])}, which no tool gave and the request does "
                              f"not hold: {_short(final)}")
        return f"{len(trajectory.calls)} call(s) replay to the goal state"

    @staticmethod
    def _rests_on_results(values: list[Any], trajectory: Trajectory, final: str, request: str
                          ) -> None:
        """A task a tool serves is answered from tool results: it calls one, each value the
        reply must give is in a result (not guessed, not known from elsewhere), and each clock
        time and ISO date the reply states is in a result, a call or the request (an event the
        calendar does not hold, added to a listing, has a time from nowhere; an event created
        on one day reported on another has a date from nowhere)."""
        if not trajectory.calls:
            raise Failure("no_tool_evidence", "the task needs tools, yet the reply rests on no "
                          "tool call")
        results = [_json(r) for rs in trajectory.results.values() for r in rs]
        unsupported = [v for v in values if not any(_holds(r, v) for r in results)]
        if unsupported:
            raise Failure("no_tool_evidence", f"the reply's {', '.join(map(str, unsupported))} "
                          "is in no tool result")
        seen = _seen(trajectory, request)
        times = [(t.group(0), clock_times(t.group(0))) for t in _WRITTEN_TIME.finditer(final)]
        for what, said in (("time", times), ("date", [(d, {d}) for d in DATE.findall(final)])):
            invented = [written for written, read in said if not all(v in seen for v in read)]
            if invented:
                raise Failure("no_tool_evidence", f"the reply's {what} {', '.join(invented)} is "
                              "in no tool result, call or request")
        derived = _derivable(_numbers(trajectory, request))
        for amount, money in _amounts(spelled_as_digits(final)):  # "1 700 $" is one amount
            if money and not any(abs(amount - k) < 0.005 for k in derived):
                raise Failure("no_tool_evidence", f"the reply's ${amount:,.2f} is in no tool "
                              "result, call or request, nor one sum, difference or percentage "
                              "of them")

    @staticmethod
    def _attached_right(trajectory: Trajectory, known: Facts, final: str, request: str
                        ) -> None:
        """Each value the reply states beside a thing the results name is one that thing holds,
        and each comparison picks the thing their values pick
        (:mod:`synthloop.validate.tool_facts`), as does the thing a reply names alone to answer
        the request's comparison; each value and thing said in a role (start, end, rate, from,
        to) is in a field of that role (:mod:`synthloop.validate.tool_roles`); a count that
        opens a list is the list's (:mod:`synthloop.validate.tool_counts`)."""
        wrong = misattributed(final, known)
        if wrong is not None:
            raise Failure("wrong_association", wrong.reason())
        turned = miscompared(final, known) or misanswered(request, final, known)
        if turned is not None:
            raise Failure("wrong_association", turned)
        sources = [(f"{c.name}'s {what}", source) for c in trajectory.calls for what, source in
                   (("arguments", arguments_object(c.arguments) or {}),
                    ("result", _json(trajectory.results[c.id][0])))]
        roled = misroled(final, known, sources) or miscounted(
            final, known.labels, [(c.name, _json(trajectory.results[c.id][0]))
                                  for c in trajectory.calls])
        if roled is not None:
            raise Failure("wrong_association", roled)

    @staticmethod
    def _named_right(known: Facts, final: str, seen: Seen) -> None:
        """Each thing the reply names is one a result or call gives, and each owner or name it
        gives a thing is the one the results give it (:mod:`synthloop.validate.tool_names`)."""
        unseen = unlooked(final, known, seen)
        if unseen is not None:
            raise Failure("no_tool_evidence", unseen)
        wrong = misowned(final, known, seen) or misnamed(final, known, seen)
        if wrong is not None:
            raise Failure(*wrong)

    @staticmethod
    def _reported(known: Facts, final: str, unread: set[str], given: set[float]) -> None:
        """No number is given as a field the calls changed that no result reports (``unread``;
        :mod:`synthloop.validate.tool_unread`): "6 are left in stock" after an order."""
        guessed = unreported(final, known.labels, unread, given)
        if guessed is not None:
            raise Failure("no_tool_evidence", guessed)

    @staticmethod
    def _not_hedged(values: list[Any], final: str) -> None:
        """A value the task asks for is stated, not offered among others ("$1,650 or $2,600"
        states every value and commits to none)."""
        for m in _HEDGE.finditer(final):
            pair = [float(parse_number(n)) for n in (m.group(1), m.group(2))]
            asked = [v for v in values if isinstance(v, (int, float))
                     and not isinstance(v, bool) and any(abs(v - n) < 0.005 for n in pair)]
            if asked and pair[0] != pair[1]:
                raise Failure("wrong_association", f"the reply offers {m.group(0)!r} where the "
                              f"task asks for one value ({asked[0]}): {_short(final)}")

    # -- 3. judge --------------------------------------------------------------------------
    async def _judge(self, record: Record, ctx: StageContext) -> None:
        assert self.params.judge is not None
        trajectory = read(record.data["messages"])
        calls = "\n".join(f"{c.name}({orjson.dumps(arguments_object(c.arguments)).decode()}) "
                          f"-> {trajectory.results[c.id][0]}" for c in trajectory.calls)
        request = next(m["content"] for m in record.data["messages"] if m["role"] == "user")
        prompt = JUDGE.format(request=request, calls=calls or "(none)", reply=trajectory.final)
        try:
            answer = await ctx.teacher(self.params.judge).chat(
                [{"role": "user", "content": prompt}], stage=ctx.stage, schema=JUDGE_SCHEMA)
        except TeacherError as exc:
            self.apply(record, Fail(f"judge gave up: {exc}"))
            return
        verdict = answer.parsed
        reason = str(verdict["reason"])
        self.apply(record, Pass("judge_ok", reason) if verdict["fulfils"]
                   else Reject("intent_mismatch", reason))


def _first_request(messages: list[dict[str, Any]]) -> str:
    return next((str(m.get("content") or "") for m in messages if m.get("role") == "user"), "")


def _numbers(trajectory: Trajectory, request: str) -> set[float]:
    """The numbers the request (standing alone: not the 1003 of "ACC-1003"), the calls'
    arguments and their results hold."""
    known = {float(parse_number(n)) for n in _PLAIN_NUMBER.findall(request)}
    for c in trajectory.calls:
        known |= set(_leaves(arguments_object(c.arguments) or {}))
        known |= set(_leaves([_json(r) for r in trajectory.results.get(c.id, [])]))
    return known


def _seen(trajectory: Trajectory, request: str) -> str:
    """The request, the results and the calls' arguments as one text to look values up in."""
    return "\n".join([request, *(str(r) for rs in trajectory.results.values() for r in rs),
                      *(str(c.arguments) for c in trajectory.calls)])


def _read_before_written(trajectory: Trajectory, wrote: list[bool], request: str) -> None:
    """A write made before any read, with a value the request does not give that a later
    read's result does, was sent before the read it depends on: the goal state is reached by
    luck or from memory ("move half the balance" sent before the balance was read)."""
    calls = [(c, arguments_object(c.arguments) or {}) for c in trajectory.calls]
    for n, ((call, args), write) in enumerate(zip(calls, wrote, strict=True)):
        if not write:
            return  # a read came first: later writes can rest on it
        for value in _values(args):
            if _contains(request, value):
                continue
            later = next((m for m in range(n + 1, len(calls)) if not wrote[m] and _holds(
                _json(trajectory.results[calls[m][0].id][0]), value)), None)
            if later is not None:
                raise Failure("wrong_state", f"call {n + 1} ({call.name}) uses {value}, which "
                              f"only the result of call {later + 1} ({calls[later][0].name}), "
                              "made after it, gives: the order matters")


def _values(args: dict[str, Any]) -> Iterator[str | int | float]:
    """A call's argument values that can be looked for in a text or a result."""
    for v in args.values():
        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
            yield v


def _json(content: Any) -> Any:
    try:
        return orjson.loads(content) if isinstance(content, str) else content
    except orjson.JSONDecodeError:
        return content


# Where a reply stops affirming: a denial ("not", "never", "isn't") up to the end of its
# stretch of text ("Not Canberra, ...", "it is not 45", "$1,650, not $2,600" denies the $2,600).
_DENIAL = re.compile(r"(?:\b(?:not|never|cannot)\b|n't\b)(?:[^,.;:!?\n]|[,.](?=\d))*?"
                     r"(?=[,.](?!\d)|[;:!?\n]|\b(?:but|and|so|instead)\b|$)", re.IGNORECASE)


def _affirmed(text: str) -> str:
    """``text`` without what it denies: from each denying word to the end of its stretch (a
    comma, a sentence's end, "but", "and"), so that a value named only there ("Not Canberra, as many
    think: it is Sydney") is not the reply's answer."""
    return _DENIAL.sub(" ", text)


def _contains(text: str, value: str | int | float) -> bool:
    """Whether the reply states ``value``: numbers compared as numbers (1,250.00 is 1250; in
    words, with a scale word or spaced thousands: "two", "2.65 thousand", "2 650"), a
    24-hour time as a clock reads it ("13:00" is "1 pm", "1:00 p.m."; "12:00 a.m." is
    midnight, not 12:00)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # "Two", "2.65 thousand dollars" and "2 650 $" in digits first
        written = spelled_as_digits(text)
        return any(abs(n - value) < 0.005 for n, _ in _amounts(written))
    if _TIME.fullmatch(str(value)):  # as the clock reads it: "12:00 a.m." is not 12:00
        return str(value) in clock_times(text)
    return str(value).casefold() in text.casefold()


def _amounts(text: str) -> Iterator[tuple[float, bool]]:
    """Each number of ``text`` in dollars, with whether it is marked as money ("$40", "40
    dollars", "USD 40"); one in another currency is no dollar amount and is left out."""
    for m in _AMOUNT.finditer(text):
        sign, unit = (m.group("sign") or "").strip(), (m.group("unit") or "").casefold()
        value = float(parse_number(m.group("n")))
        if unit.startswith("cent"):
            yield value / 100, True
        elif sign in ("", "$") and unit in ("", "dollar", "dollars", "usd", "$", "us$"):
            yield value, bool(sign or unit) or _USD.search(text, 0, m.start()) is not None


def _leaves(value: Any) -> Iterator[float]:
    """The numbers of a JSON value (a tool result or a call's arguments)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield float(value)


def _derivable(known: set[float]) -> set[float]:
    """``known`` and what one step of arithmetic makes of two of them: a sum, a difference,
    p% of a value and the p% interest a balance already holds (p a known number up to 100)."""
    out = set(known)
    for a in known:
        for b in known:
            out |= {a + b, abs(a - b)}
            if 0 < b <= 100:
                out |= {a * b / 100, a * b / (100 + b)}
    return out


def _holds(result: Any, value: str | int | float) -> bool:
    """Whether a tool result (JSON) holds ``value`` in one of its leaves."""
    if isinstance(result, dict):
        return any(_holds(v, value) for v in result.values())
    if isinstance(result, list):
        return any(_holds(v, value) for v in result)
    return _contains(str(result), value)


def _diffs(got: Any, want: Any, path: str = "") -> Iterator[str]:
    if isinstance(got, dict) and isinstance(want, dict):
        for key in sorted(set(got) | set(want), key=str):
            where = f"{path}/{key}" if path else str(key)
            if key not in want:
                yield f"{where} should not exist"
            elif key not in got:
                yield f"{where} is missing"
            else:
                yield from _diffs(got[key], want[key], where)
    elif got != want:
        yield f"{path or '(state)'} is {_short(orjson.dumps(got).decode(), 60)}, goal " \
              f"{_short(orjson.dumps(want).decode(), 60)}"


def _diff(got: Any, want: Any, limit: int = 3) -> str:
    found = list(_diffs(got, want))
    more = f" (+{len(found) - limit} more)" if len(found) > limit else ""
    return "; ".join(found[:limit]) + more


def _show(call: Call) -> str:
    return f"{call.name}({orjson.dumps(call.arguments).decode()})"


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
