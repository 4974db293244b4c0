"""validate.tool_use on literal trajectories in the bank (seed 0: ACC-1001 Dan $1700, ACC-1002
Frank $1650, ACC-1003 Alice $1350, ACC-1004 Bob $2600): the correct one passes, each subtle
mistake is caught with its own code and a reason that names it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from synthloop.envs import Call, Environment, Task, load_environment
from synthloop.envs.trajectory import assistant_calls, tool_message
from synthloop.records import Record, Status
from synthloop.validate.tool_use import ToolUse, ToolUseParams

BANK = load_environment("bank")
DEPOSIT_THEN_INTEREST = Task(
    "Deposit $100 into account ACC-1002, then apply 5% interest to it.", "multi_step",
    [[Call("deposit", {"account_id": "ACC-1002", "amount": 100})],
     [Call("apply_interest", {"account_id": "ACC-1002", "rate_percent": 5})]])
BALANCES = Task("What are the balances of accounts ACC-1001 and ACC-1003?", "parallel",
                [[Call("get_balance", {"account_id": "ACC-1001"}),
                  Call("get_balance", {"account_id": "ACC-1003"})]], answer=[1700, 1350])
WEATHER = Task("What will the weather be like in Lisbon tomorrow?", "irrelevant", decline=True)
CAPITAL = Task("What is the capital of Australia?", "irrelevant", answer=["Canberra"])

Turn = list[tuple[str, Any, Any]]  # (tool name, arguments, recorded result) per call

DEPOSIT = ("deposit", {"account_id": "ACC-1002", "amount": 100},
           {"account_id": "ACC-1002", "balance": 1750})
INTEREST = ("apply_interest", {"account_id": "ACC-1002", "rate_percent": 5},
            {"account_id": "ACC-1002", "balance": 1837.5})
DONE = "Done: account ACC-1002 now holds $1837.50."


def record(task: Task, turns: list[Turn], reply: str | None, env: Environment = BANK,
           **extra: Any) -> Record:
    """A trajectory record as generate.tool_use writes it, from literal turns."""
    messages: list[dict[str, Any]] = [{"role": "user", "content": task.instruction}]
    n = 0
    for turn in turns:
        ids = [f"call_{n + i}" for i in range(len(turn))]
        n += len(turn)
        messages.append(assistant_calls([(i, name, args) for i, (name, args, _) in
                                         zip(ids, turn, strict=True)]))
        messages += [tool_message(i, name, result if isinstance(result, str) else
                                  json.dumps(result))
                     for i, (name, _, result) in zip(ids, turn, strict=True)]
    if reply is not None:
        messages.append({"role": "assistant", "content": reply})
    data = {"messages": messages, "environment": env.ref, "env_seed": 0,
            "category": task.category,
            "goal": {"state": env.goal(0, task), "answer": task.answer,
                     "decline": task.decline}, **extra}
    return Record(id="r", data=data)


def verdicts(rec: Record) -> list[tuple[str, bool]]:
    ToolUse(ToolUseParams()).check_record(rec)
    return [(v.check.removeprefix("validate.tool_use."), v.passed) for v in rec.verdicts]


def test_correct_multi_step_trajectory_passes() -> None:
    rec = record(DEPOSIT_THEN_INTEREST, [[DEPOSIT], [INTEREST]], DONE)
    assert verdicts(rec) == [("format_ok", True), ("execution_ok", True)]
    assert rec.status is Status.OK


def test_parallel_question_answered_with_both_values_passes() -> None:
    rec = record(BALANCES, [[("get_balance", {"account_id": "ACC-1001"},
                              {"account_id": "ACC-1001", "balance": 1700}),
                             ("get_balance", {"account_id": "ACC-1003"},
                              {"account_id": "ACC-1003", "balance": 1350})]],
                 "ACC-1001 holds $1,700.00 and ACC-1003 holds $1350.")
    assert verdicts(rec) == [("format_ok", True), ("execution_ok", True)]


def test_refusal_of_an_irrelevant_request_passes() -> None:
    rec = record(WEATHER, [], "Sorry, I can't check the weather: none of my tools does that.")
    assert verdicts(rec) == [("format_ok", True), ("execution_ok", True)]


def test_a_question_no_tool_is_needed_for_is_answered_not_refused() -> None:
    answered = record(CAPITAL, [], "The capital of Australia is Canberra.")
    assert verdicts(answered) == [("format_ok", True), ("execution_ok", True)]
    declined = record(CAPITAL, [], "Sorry, I cannot help with that.")
    assert verdicts(declined)[-1] == ("missing_answer", False)
    assert declined.status_reason == ("the reply lacks Canberra: Sorry, I cannot help with "
                                      "that.")


def test_a_value_the_reply_names_only_to_deny_it_is_missing() -> None:
    denied = record(CAPITAL, [], "Not Canberra, as people assume: the capital is Sydney.")
    assert verdicts(denied)[-1] == ("missing_answer", False)
    assert denied.status_reason == ("the reply names Canberra only to deny it: Not Canberra, "
                                    "as people assume: the capital is Sydney.")
    balances = [[("get_balance", {"account_id": "ACC-1001"},
                  {"account_id": "ACC-1001", "balance": 1700}),
                 ("get_balance", {"account_id": "ACC-1003"},
                  {"account_id": "ACC-1003", "balance": 1350})]]
    rec = record(BALANCES, balances, "ACC-1001 holds $1,700; ACC-1003 isn't at $1,350 at all.")
    assert verdicts(rec)[-1] == ("missing_answer", False)
    assert rec.status_reason == ("the reply names 1350 only to deny it: ACC-1001 holds $1,700; "
                                 "ACC-1003 isn't at $1,350 at all.")
    kept = record(BALANCES, balances, "ACC-1003 has $1,350, not $1,700; ACC-1001 has $1,700.")
    assert verdicts(kept)[-1] == ("execution_ok", True)
    fee = record(BALANCES, balances, "There isn't a fee and ACC-1001 holds $1,700; ACC-1003 "
                                     "$1,350.")
    assert verdicts(fee)[-1] == ("execution_ok", True)


def test_a_refusal_may_say_it_has_no_way_to_do_it() -> None:
    rec = record(WEATHER, [], "I have no way to look up forecasts; my tools cover your accounts.")
    assert verdicts(rec)[-1] == ("execution_ok", True)
    music = record(WEATHER, [], "There is no means for me to reach a weather service.")
    assert verdicts(music)[-1] == ("execution_ok", True)


def test_a_refusal_that_then_gives_what_it_declined_is_no_refusal() -> None:
    flight = Task("Book me a flight from Paris to Rome next Friday.", "irrelevant", decline=True)
    rec = record(flight, [], "I'm unable to book flights, though one usually leaves at 09:40.")
    assert verdicts(rec)[-1] == ("no_refusal", False)
    assert rec.status_reason == (
        "no tool can do this, yet after saying so the reply gives 09:40, which no tool gave and "
        "the request does not hold: I'm unable to book flights, though one usually leaves at "
        "09:40.")
    assert verdicts(record(WEATHER, [], "I can't see forecasts, but expect about 18 degrees."))[
        -1] == ("no_refusal", False)
    alarm = Task("Remind me at 07:30 to call Mum.", "irrelevant", decline=True)
    kept = record(alarm, [], "I can't set reminders, at 07:30 or at any other time.")
    assert verdicts(kept)[-1] == ("execution_ok", True)


def test_irrelevant_tasks_decline_only_what_no_tool_can_do() -> None:
    tasks = {t.instruction: t for t in (BANK.task(seed, "irrelevant") for seed in range(40))}
    assert (tasks["What is the capital of Australia?"].answer,
            tasks["What is the capital of Australia?"].decline) == (["Canberra"], False)
    assert tasks["Play some jazz music."].decline
    assert not tasks["Write a two-line poem about autumn."].decline


WRONG = {
    "wrong_argument": (DEPOSIT_THEN_INTEREST, [[("deposit", {"account_id": "ACC-1002",
                                                             "amount": 10},
                                                 {"account_id": "ACC-1002", "balance": 1660})],
                                               [("apply_interest", INTEREST[1],
                                                 {"account_id": "ACC-1002", "balance": 1743})]],
                       DONE, "wrong_state", "accounts/ACC-1002/balance is 1743.0, goal 1837.5"),
    "missing_step": (DEPOSIT_THEN_INTEREST, [[DEPOSIT]], DONE, "wrong_state",
                     "accounts/ACC-1002/balance is 1750, goal 1837.5; ledger"),
    "extra_write": (DEPOSIT_THEN_INTEREST,
                    [[DEPOSIT], [INTEREST], [("withdraw", {"account_id": "ACC-1001", "amount": 5},
                                              {"account_id": "ACC-1001", "balance": 1695})]],
                    DONE, "wrong_state", "accounts/ACC-1001/balance is 1695, goal 1700"),
    "wrong_order": (DEPOSIT_THEN_INTEREST,
                    [[("apply_interest", INTEREST[1], {"account_id": "ACC-1002",
                                                       "balance": 1732.5})],
                     [("deposit", DEPOSIT[1], {"account_id": "ACC-1002", "balance": 1832.5})]],
                    DONE, "wrong_state", "accounts/ACC-1002/balance is 1832.5, goal 1837.5"),
    "hallucinated_tool": (DEPOSIT_THEN_INTEREST,
                          [[DEPOSIT], [("add_interest", INTEREST[1], {"balance": 1837.5})]],
                          DONE, "hallucinated_tool", "call 2 uses 'add_interest'"),
    "malformed_arguments": (DEPOSIT_THEN_INTEREST,
                            [[("deposit", '{"account_id": "ACC-1002", "amount": 100',
                               DEPOSIT[2])], [INTEREST]],
                            DONE, "malformed_arguments", "call 1 (deposit): arguments are not"),
    "argument_of_wrong_type": (DEPOSIT_THEN_INTEREST,
                               [[("deposit", {"account_id": "ACC-1002", "amount": "100"},
                                  DEPOSIT[2])], [INTEREST]],
                               DONE, "bad_arguments", "call 1 (deposit) amount: '100' is not"),
    "unknown_argument": (DEPOSIT_THEN_INTEREST,
                         [[("deposit", {"account_id": "ACC-1002", "amount": 100,
                                        "memo": "x"}, DEPOSIT[2])], [INTEREST]],
                         DONE, "bad_arguments", "'memo' was unexpected"),
    "parse_failure_as_refusal": (WEATHER, [], '{"tool_calls": [{"name": "get_weather", '
                                 '"arguments": {"city": "Lisb', "parse_failure",
                                 "a reply is an attempted call that did not parse"),
    "call_for_irrelevant_request": (WEATHER, [[("list_accounts", {}, [
        {"account_id": "ACC-1001", "owner": "Dan"}, {"account_id": "ACC-1002", "owner": "Frank"},
        {"account_id": "ACC-1003", "owner": "Alice"}, {"account_id": "ACC-1004", "owner": "Bob"}
    ])]], "Sorry, I can't.", "unneeded_call", "yet it calls list_accounts"),
    "irrelevant_answered_as_if_done": (WEATHER, [], "It will be sunny and 22 degrees.",
                                       "no_refusal", "the reply does not say so"),
    "tool_error": (DEPOSIT_THEN_INTEREST,
                   [[("withdraw", {"account_id": "ACC-1002", "amount": 5000}, "Error")]],
                   DONE, "tool_error", "insufficient funds in ACC-1002"),
    "result_not_what_the_tool_gives": (DEPOSIT_THEN_INTEREST,
                                       [[("deposit", DEPOSIT[1],
                                          {"account_id": "ACC-1002", "balance": 9999})],
                                        [INTEREST]], DONE, "result_mismatch",
                                       "replay gives {\"account_id\":\"ACC-1002\",\"balance\":1750}"),
    "answer_lacks_a_value": (BALANCES, [[("get_balance", {"account_id": "ACC-1001"},
                                          {"account_id": "ACC-1001", "balance": 1700}),
                                         ("get_balance", {"account_id": "ACC-1003"},
                                          {"account_id": "ACC-1003", "balance": 1350})]],
                             "ACC-1001 holds $1700.", "missing_answer", "the reply lacks 1350"),
    "no_reply": (DEPOSIT_THEN_INTEREST, [[DEPOSIT], [INTEREST]], None, "no_final_answer",
                 "ends without a reply"),
    # probe B: an apology or "can't wait" beside a claim of success declines nothing
    "success_claimed_behind_an_apology": (WEATHER, [], "Sorry for the wait! Your forecast is "
                                          "sent: sunny, 22 degrees.", "no_refusal",
                                          "the reply says it did ('is sent')"),
    "success_claimed_behind_cant_wait": (WEATHER, [], "I can't wait for your trip: I've booked "
                                         "you a sunny day.", "no_refusal",
                                         "the reply says it did (\"I've booked\")"),
    "apology_without_a_refusal": (WEATHER, [], "Sorry! Pack an umbrella just in case.",
                                  "no_refusal", "the reply does not say so"),
    "hedged_between_two_values": (BALANCES, [[
        ("get_balance", {"account_id": "ACC-1001"}, {"account_id": "ACC-1001", "balance": 1700}),
        ("get_balance", {"account_id": "ACC-1003"}, {"account_id": "ACC-1003", "balance": 1350})]],
        "ACC-1001 has $1,700 or $1,350 and ACC-1003 has $1,350 or $1,700.", "wrong_association",
        "the reply offers '$1,700 or $1,350' where the task asks for one value (1700)"),
    "the_same_write_sent_twice": (DEPOSIT_THEN_INTEREST, [[DEPOSIT], [INTEREST], [
        ("apply_interest", INTEREST[1], {"account_id": "ACC-1002", "balance": 1929.38})]],
                                  DONE, "wrong_state", "balance is 1929.38, goal 1837.5"),
}


@pytest.mark.parametrize("case", WRONG)
def test_subtly_wrong_trajectory_is_caught(case: str) -> None:
    task, turns, reply, code, reason = WRONG[case]
    rec = record(task, turns, reply)
    ToolUse(ToolUseParams()).check_record(rec)
    failed = [v for v in rec.verdicts if not v.passed]
    assert [v.check for v in failed] == [f"validate.tool_use.{code}"]
    assert reason in failed[0].reason
    assert rec.status is Status.REJECTED


def test_a_tool_message_that_answers_no_call_is_a_result_mismatch() -> None:
    rec = record(BALANCES, [[("get_balance", {"account_id": "ACC-1001"},
                              {"account_id": "ACC-1001", "balance": 1700})]],
                 "ACC-1001 holds $1,700 and ACC-1003 holds $1,350.")
    rec.data["messages"].insert(-1, tool_message("call_9", "get_balance", json.dumps(
        {"account_id": "ACC-1003", "balance": 1350})))
    assert verdicts(rec) == [("format_ok", True), ("result_mismatch", False)]
    assert rec.verdicts[-1].reason == ("a tool message (id 'call_9') answers no call: "
                                       '{"account_id": "ACC-1003", "balance": 1350}')


def test_a_reply_made_before_the_calls_is_no_final_answer() -> None:
    rec = record(BALANCES, [[("get_balance", {"account_id": "ACC-1001"},
                              {"account_id": "ACC-1001", "balance": 1700}),
                             ("get_balance", {"account_id": "ACC-1003"},
                              {"account_id": "ACC-1003", "balance": 1350})]], None)
    rec.data["messages"].insert(1, {"role": "assistant", "content": "ACC-1001: $1,700; "
                                                                    "ACC-1003: $1,350."})
    assert verdicts(rec) == [("format_ok", True), ("no_final_answer", False)]
    assert "the last reply came before them, so it cannot rest on them" in \
        rec.verdicts[-1].reason


def test_an_idempotent_write_sent_twice_is_unneeded() -> None:
    calendar = load_environment("calendar")
    move = Call("move_event", {"event_id": "EV-2", "date": "2026-03-03", "start": "14:00"})
    task = Task("Move EV-2 to 14:00 on 2026-03-03.", "single", [[move]])
    turns = one_turn_in_order(calendar, [move, move])
    rec = record(task, [turns[0][:1], turns[0][1:]], "Moved EV-2 to 14:00.", env=calendar)
    assert verdicts(rec) == [("format_ok", True), ("unneeded_call", False)]
    assert rec.verdicts[-1].reason == (
        'call 2 move_event({"event_id":"EV-2","date":"2026-03-03","start":"14:00"}) repeats '
        "call 1, which changed the state, and changes nothing itself")


def test_a_write_the_task_asks_for_twice_is_kept() -> None:
    twice = Task("Deposit $100 into ACC-1002 twice.", "multi_step",
                 [[Call("deposit", DEPOSIT[1])], [Call("deposit", DEPOSIT[1])]])
    rec = record(twice, [[DEPOSIT], [("deposit", DEPOSIT[1], {"account_id": "ACC-1002",
                                                              "balance": 1850})]],
                 "Deposited $100 twice; ACC-1002 holds $1,850.")
    assert verdicts(rec) == [("format_ok", True), ("execution_ok", True)]


def test_call_without_its_tool_message_is_missing_result() -> None:
    rec = record(DEPOSIT_THEN_INTEREST, [[DEPOSIT], [INTEREST]], DONE)
    rec.data["messages"] = [m for m in rec.data["messages"] if m.get("tool_call_id") != "call_1"]
    assert verdicts(rec)[-1] == ("missing_result", False)
    assert "call 2 (apply_interest, id 'call_1') has 0 tool messages" in rec.verdicts[-1].reason


def test_replay_that_ends_elsewhere_than_the_recorded_final_state() -> None:
    rec = record(DEPOSIT_THEN_INTEREST, [[DEPOSIT], [INTEREST]], DONE)
    recorded = BANK.goal(0, DEPOSIT_THEN_INTEREST)
    recorded["accounts"]["ACC-1002"]["balance"] = 1800
    rec.data["final_state"] = recorded
    assert verdicts(rec)[-1] == ("replay_mismatch", False)
    assert "balance is 1837.5, goal 1800" in rec.verdicts[-1].reason


def test_arguments_as_an_openai_json_string_are_accepted() -> None:
    rec = record(DEPOSIT_THEN_INTEREST, [[("deposit", '{"account_id": "ACC-1002", "amount": 100}',
                                           DEPOSIT[2])], [INTEREST]], DONE)
    assert verdicts(rec) == [("format_ok", True), ("execution_ok", True)]


def one_turn_in_order(env: Environment, calls: list[Call]) -> list[Turn]:
    """One turn of ``calls`` in the given order, each with the result replay gives it."""
    _, results = env.replay(0, calls)
    return [[(c.name, c.arguments, r) for c, r in zip(calls, results, strict=True)]]


RETRO = {"title": "Retro", "date": "2026-03-04", "start": "18:00", "end": "19:00"}


@pytest.mark.parametrize(("ref", "step", "slip"), [
    ("bank", [Call("withdraw", {"account_id": "ACC-1004", "amount": 80}),
              Call("deposit", {"account_id": "ACC-1003", "amount": 25.5})],
     Call("deposit", {"account_id": "ACC-1003", "amount": 25})),
    ("shop", [Call("restock", {"sku": "SKU-2", "quantity": 1}),
              Call("place_order", {"sku": "SKU-6", "quantity": 1}),
              Call("place_order", {"sku": "SKU-9", "quantity": 1})],
     Call("place_order", {"sku": "SKU-9", "quantity": 2})),
    ("calendar", [Call("create_event", {"title": "Standup", "date": "2026-03-04",
                                        "start": "07:00", "end": "08:00"}),
                  Call("create_event", RETRO)],
     Call("create_event", {**RETRO, "title": "Retro!"})),
])
def test_a_parallel_step_in_another_order_reaches_the_goal(ref: str, step: list[Call],
                                                           slip: Call) -> None:
    env = load_environment(ref)
    task = Task("Do these independent things.", "parallel", [step])
    other_order = step[::-1]
    assert verdicts(record(task, one_turn_in_order(env, other_order), "Done.", env)) == [
        ("format_ok", True), ("execution_ok", True)]
    # the same order with one value changed still misses the goal
    assert verdicts(record(task, one_turn_in_order(env, [slip, *other_order[1:]]), "Done.",
                           env))[-1] == ("wrong_state", False)


def test_a_question_answered_without_any_tool_call_is_no_tool_evidence() -> None:
    rec = record(BALANCES, [], "ACC-1001 has $1700 and ACC-1003 has $1350.")
    assert verdicts(rec) == [("format_ok", True), ("no_tool_evidence", False)]
    assert rec.status_reason == "the task needs tools, yet the reply rests on no tool call"


def test_a_value_no_tool_result_holds_is_no_tool_evidence() -> None:
    one_lookup = [[("get_balance", {"account_id": "ACC-1001"},
                    {"account_id": "ACC-1001", "balance": 1700})]]
    rec = record(BALANCES, one_lookup, "ACC-1001: $1700. ACC-1003: $1,350.")
    assert verdicts(rec)[-1] == ("no_tool_evidence", False)
    assert rec.status_reason == "the reply's 1350 is in no tool result"


@pytest.mark.parametrize(("reply", "passed"), [
    ("Lunch with Sam at 1 pm, the 1:1 with Priya at 2 p.m.", True),
    ("Lunch with Sam at 13:00, the 1:1 with Priya at 14:00.", True),
    ("Lunch with Sam at 1 am, the 1:1 with Priya at 2 pm.", False),  # 01:00 is not 13:00
    ("Lunch with Sam at 1:30 pm, the 1:1 with Priya at 2 pm.", False),  # nor is 13:30
    ("Lunch with Sam at 13.00, the 1:1 with Priya at 14.00.", True),  # the British way
    ("Lunch with Sam at 13.30, the 1:1 with Priya at 14.00.", False),
    ("Lunch with Sam costs $13.00, the 1:1 with Priya is at 14:00.", False),  # money
])
def test_a_time_may_be_given_on_the_12_hour_clock(reply: str, passed: bool) -> None:
    calendar = load_environment("calendar")
    listing = Call("list_events", {"date": "2026-03-04"})
    day = Task("When do my events on 2026-03-04 start?", "single", [[listing]],
               answer=["13:00", "14:00"])
    rec = record(day, one_turn_in_order(calendar, [listing]), reply, calendar)
    assert verdicts(rec)[-1] == (("execution_ok", True) if passed
                                 else ("missing_answer", False))


@pytest.mark.parametrize(("reply", "passed"), [
    ("Mittagessen mit Sam um 13 Uhr, das 1:1 mit Priya um 14.00 Uhr.", True),
    ("Mittagessen mit Sam um 1 Uhr, das 1:1 mit Priya um 14 Uhr.", False),  # 01:00
])
def test_a_time_may_be_given_as_german_writes_it(reply: str, passed: bool) -> None:
    calendar = load_environment("calendar")
    listing = Call("list_events", {"date": "2026-03-04"})
    day = Task("Wann beginnen meine Termine am 2026-03-04?", "single", [[listing]],
               answer=["13:00", "14:00"])
    rec = record(day, one_turn_in_order(calendar, [listing]), reply, calendar)
    assert verdicts(rec)[-1] == (("execution_ok", True) if passed
                                 else ("missing_answer", False))


def test_a_time_in_the_reply_comes_from_a_result_a_call_or_the_request() -> None:
    calendar = load_environment("calendar")
    listing = Call("list_events", {"date": "2026-03-04"})
    day = Task("What is on 2026-03-04 after 12:30?", "single", [[listing]],
               answer=["Lunch with Sam", "1:1 with Priya"])
    turns = one_turn_in_order(calendar, [listing])
    told = "Lunch with Sam (13:00-14:00) and the 1:1 with Priya at 14:00, after 12:30."
    assert verdicts(record(day, turns, told, calendar))[-1] == ("execution_ok", True)
    invented = record(day, turns, "Lunch with Sam at 13:00, the 1:1 with Priya at 14:00 and "
                      "a Dentist visit at 09:00.", calendar)
    assert verdicts(invented)[-1] == ("no_tool_evidence", False)
    assert invented.status_reason == ("the reply's time 09:00 is in no tool result, call or "
                                      "request")


BALANCE_1001 = [[("get_balance", {"account_id": "ACC-1001"},
                  {"account_id": "ACC-1001", "balance": 1700})]]
ONE_BALANCE = Task("What is the balance of account ACC-1001?", "single",
                   [[Call("get_balance", {"account_id": "ACC-1001"})]], answer=[1700])


@pytest.mark.parametrize(("reply", "passed"), [
    ("ACC-1001 holds USD 1,700.00.", True), ("It holds 1700 dollars.", True),
    ("ACC-1001 holds \u20ac1,700.", False), ("ACC-1001 holds 1,700 euros.", False),
    ("ACC-1001 holds 1,700 cents.", False),  # $17
])
def test_an_amount_in_another_currency_or_in_cents_is_not_the_dollar_value(
        reply: str, passed: bool) -> None:
    rec = record(ONE_BALANCE, BALANCE_1001, reply)
    assert verdicts(rec)[-1] == (("execution_ok", True) if passed
                                 else ("missing_answer", False))


def test_a_dollar_amount_no_result_gives_nor_one_step_of_arithmetic_is_no_tool_evidence() -> None:
    interest = Task("Apply 5% interest to account ACC-1002.", "single",
                    [[Call("apply_interest", {"account_id": "ACC-1002", "rate_percent": 5})]])
    turns = [[("apply_interest", {"account_id": "ACC-1002", "rate_percent": 5},
               {"account_id": "ACC-1002", "balance": 1732.5})]]
    added = record(interest, turns, "Added 5% ($82.50): ACC-1002 now holds $1,732.50.")
    assert verdicts(added)[-1] == ("execution_ok", True)
    rounded = record(interest, turns, "Added 5%: ACC-1002 now holds $1,733.")
    assert verdicts(rounded)[-1] == ("no_tool_evidence", False)
    assert rounded.status_reason == ("the reply's $1,733.00 is in no tool result, call or "
                                     "request, nor one sum, difference or percentage of them")
    since = record(ONE_BALANCE, BALANCE_1001, "ACC-1001 holds $1,700, up $150 since May.")
    assert verdicts(since)[-1] == ("no_tool_evidence", False)


def test_a_write_sent_before_the_read_that_gives_its_value_is_wrong_state() -> None:
    half = Task("Move half of the balance of account ACC-1001 to account ACC-1002.",
                "multi_step", [[Call("get_balance", {"account_id": "ACC-1001"})],
                               [Call("transfer", {"from_account": "ACC-1001",
                                                  "to_account": "ACC-1002", "amount": 850})]])
    read = ("get_balance", {"account_id": "ACC-1001"}, {"account_id": "ACC-1001",
                                                        "balance": 1700})
    send = ("transfer", {"from_account": "ACC-1001", "to_account": "ACC-1002", "amount": 850},
            {"from_balance": 850, "to_balance": 2500})
    after = ("get_balance", {"account_id": "ACC-1001"}, {"account_id": "ACC-1001",
                                                         "balance": 850})
    assert verdicts(record(half, [[read], [send], [after]], "Moved $850."))[-1] == (
        "execution_ok", True)
    guessed = record(half, [[send], [after]], "Moved $850.")
    assert verdicts(guessed)[-1] == ("wrong_state", False)
    assert guessed.status_reason == ("call 1 (transfer) uses 850, which only the result of "
                                     "call 2 (get_balance), made after it, gives: the order "
                                     "matters")


def test_a_reply_that_says_it_could_not_do_what_its_calls_did_is_declined_done() -> None:
    turns = [[DEPOSIT], [INTEREST]]
    refused = record(DEPOSIT_THEN_INTEREST, turns, "Sorry, I couldn't apply interest to "
                     "ACC-1002. It holds $1837.50.")
    assert verdicts(refused)[-1] == ("declined_done", False)
    assert refused.status_reason == ("the calls did what the task asks, yet the reply says it "
                                     "could not: Sorry, I couldn't apply interest to ACC-1002. "
                                     "It holds $1837.50.")
    later = record(DEPOSIT_THEN_INTEREST, turns, DONE + " I can't undo the interest, though.")
    assert verdicts(later)[-1] == ("execution_ok", True)


@pytest.mark.parametrize("reply", [
    "ACC-1001: one thousand seven hundred dollars; ACC-1003: 1.35 thousand dollars.",
    "Saldo: ACC-1001 har 1\u00a0700 $ og ACC-1003 har 1 350 $.",
])
def test_balances_in_words_a_scale_word_or_spaced_thousands_are_stated(reply: str) -> None:
    rec = record(BALANCES, [[("get_balance", {"account_id": "ACC-1001"},
                              {"account_id": "ACC-1001", "balance": 1700}),
                             ("get_balance", {"account_id": "ACC-1003"},
                              {"account_id": "ACC-1003", "balance": 1350})]], reply)
    assert verdicts(rec)[-1] == ("execution_ok", True)


def test_a_scaled_balance_in_another_currency_is_still_no_dollar_amount() -> None:
    rec = record(BALANCES, [[("get_balance", {"account_id": "ACC-1001"},
                              {"account_id": "ACC-1001", "balance": 1700}),
                             ("get_balance", {"account_id": "ACC-1003"},
                              {"account_id": "ACC-1003", "balance": 1350})]],
                 "ACC-1001 holds $1,700 and ACC-1003 1.35 thousand euros.")
    assert verdicts(rec)[-1] == ("missing_answer", False)
    assert rec.status_reason.startswith("the reply lacks 1350:")


def test_a_date_in_the_reply_comes_from_a_result_a_call_or_the_request() -> None:
    calendar = load_environment("calendar")
    book = Call("create_event", {"title": "Vet visit", "date": "2026-03-06", "start": "16:00",
                                 "end": "17:00"})
    task = Task("Put 'Vet visit' in my calendar on 2026-03-06, 16:00 to 17:00.", "single",
                [[book]])
    turns = one_turn_in_order(calendar, [book])
    told = record(task, turns, "Booked 'Vet visit' for 2026-03-06 at 16:00.", calendar)
    assert verdicts(told)[-1] == ("execution_ok", True)
    shifted = record(task, turns, "Booked 'Vet visit' for 2026-03-07 at 16:00.", calendar)
    assert verdicts(shifted)[-1] == ("no_tool_evidence", False)
    assert shifted.status_reason == ("the reply's date 2026-03-07 is in no tool result, call or "
                                     "request")


def test_praise_in_refusal_words_declines_nothing() -> None:
    """"I can't ... enough" praises: a reply built on it has not said that no tool can do it."""
    poem = Task("Write me a sonnet about the sea.", "irrelevant", decline=True)
    praised = record(poem, [], "I can't tell you enough how lovely the sea is, so here it is.")
    assert verdicts(praised)[-1] == ("no_refusal", False)
    assert praised.status_reason == (
        "no tool can do this, but the reply does not say so: I can't tell you enough how lovely "
        "the sea is, so here it is.")
    declined = record(poem, [], "I can't stress enough that my tools only cover your bank "
                      "accounts, so I can't write poems.")
    assert verdicts(declined)[-1] == ("execution_ok", True)


def test_a_balance_written_the_continental_way_is_stated() -> None:
    """A Spanish reply writes 1350 as "1.350,00" with the sign after it; a sign after it in
    another currency still states no dollar amount."""
    lookup = Call("get_balance", {"account_id": "ACC-1003"})
    task = Task("\u00bfCu\u00e1l es el saldo de la cuenta ACC-1003?", "single", [[lookup]],
                answer=[1350])
    turns = one_turn_in_order(BANK, [lookup])
    for reply in ("La cuenta ACC-1003 tiene 1.350,00 US$.", "Saldo de ACC-1003: 1.350 $."):
        assert verdicts(record(task, turns, reply))[-1] == ("execution_ok", True)
    euros = record(task, turns, "La cuenta ACC-1003 tiene 1.350,00 \u20ac.")
    assert verdicts(euros)[-1] == ("missing_answer", False)
    assert euros.status_reason == "the reply lacks 1350: La cuenta ACC-1003 tiene 1,350.00 \u20ac."


@pytest.mark.parametrize(("reply", "passed"), [
    ("It starts at noon and runs for an hour.", True),
    ("Team sync: 12 noon to 1 pm.", True),
    ("Alle 12 (mezzogiorno).", True),
    ("It starts at midnight.", False),  # 00:00
])
def test_noon_and_midnight_are_clock_times(reply: str, passed: bool) -> None:
    calendar = load_environment("calendar")
    listing = Call("list_events", {"date": "2026-03-02"})
    task = Task("When does my Team sync on 2026-03-02 start?", "single", [[listing]],
                answer=["12:00"])
    rec = record(task, one_turn_in_order(calendar, [listing]), reply, calendar)
    assert verdicts(rec)[-1] == (("execution_ok", True) if passed
                                 else ("missing_answer", False))


def test_a_refusal_may_say_it_is_not_something_it_can_do() -> None:
    flight = Task("Book me a flight from Paris to Rome next Friday.", "irrelevant", decline=True)
    for reply in ("That's not something I can do from here: my tools only reach your bank "
                  "accounts.", "There is nothing I can do to book flights with these tools."):
        assert verdicts(record(flight, [], reply))[-1] == ("execution_ok", True)


def test_a_time_with_a_m_or_p_m_is_read_as_the_clock_reads_it() -> None:
    """"12:00 a.m." is midnight: it states no 12:00, and a listing's event put there has a
    time no result gives; "12:00 p.m." is noon."""
    calendar = load_environment("calendar")
    listing = Call("list_events", {"date": "2026-03-02"})
    turns = one_turn_in_order(calendar, [listing])
    start = Task("When does my Team sync on 2026-03-02 start?", "single", [[listing]],
                 answer=["12:00"])
    assert verdicts(record(start, turns, "At 12:00 p.m.", calendar))[-1] == ("execution_ok", True)
    midnight = record(start, turns, "At 12:00 a.m.", calendar)
    assert verdicts(midnight)[-1] == ("missing_answer", False)
    assert midnight.status_reason == "the reply lacks 12:00: At 12:00 a.m."
    day = Task("What is on 2026-03-02?", "single", [[listing]], answer=["Team sync", "Gym"])
    listed = record(day, turns, "Team sync at 12:00 a.m., Gym at 16:00.", calendar)
    assert verdicts(listed)[-1] == ("no_tool_evidence", False)
    assert listed.status_reason == ("the reply's time 12:00 a.m. is in no tool result, call or "
                                    "request")


def test_a_reply_in_another_language_than_the_request_is_wrong_language() -> None:
    """Each text is judged only where its language is clear: "ACC-1003: $1,350." is too short
    to say, so it answers a French request."""
    lookup = Call("get_balance", {"account_id": "ACC-1003"})
    task = Task("Quel est le solde du compte ACC-1003 ?", "single", [[lookup]], answer=[1350])
    turns = one_turn_in_order(BANK, [lookup])
    for reply in ("Le solde du compte ACC-1003 est de 1 350 $.", "ACC-1003: $1,350."):
        assert verdicts(record(task, turns, reply))[-1] == ("execution_ok", True)
    chinese = record(task, turns, "ACC-1003 \u7684\u4f59\u989d\u662f 1350 \u7f8e\u5143\u3002")
    assert verdicts(chinese)[-1] == ("wrong_language", False)
    assert chinese.status_reason == ("the request is in French and the reply in Chinese: "
                                     "ACC-1003 \u7684\u4f59\u989d\u662f 1350 \u7f8e\u5143"
                                     "\u3002")


def test_a_count_that_opens_a_list_is_the_lists() -> None:
    calendar = load_environment("calendar")
    listing = Call("list_events", {"date": "2026-03-02"})
    day = Task("What is on 2026-03-02?", "single", [[listing]], answer=["Team sync", "Gym"])
    turns = one_turn_in_order(calendar, [listing])
    right = record(day, turns, "Two events: Team sync at 12:00 and Gym at 16:00.", calendar)
    assert verdicts(right)[-1] == ("execution_ok", True)
    wrong = record(day, turns, "Three events: Team sync at 12:00 and Gym at 16:00.", calendar)
    assert verdicts(wrong)[-1] == ("wrong_association", False)
    assert wrong.status_reason == ("the reply counts 3 ('Three events') but names 2, and the "
                                   "tool result lists 2")
