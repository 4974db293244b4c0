"""A calendar: one-hour-grained events on a few working days; events may not overlap.

Event ids come from a counter in the state, so creating events in a different order gives
them different ids; that alone changes nothing a user sees, so goals compare the events as a
multiset (:func:`canonical`). An order that matters (a cancel that frees the slot a create
needs) still shows: the create made first overlaps and fails.
"""

from __future__ import annotations

import random
import re
from typing import Annotated, Any

from pydantic import Field

from synthloop.envs.base import Call, State, Task, ToolError, unordered

DATES = ("2026-03-02", "2026-03-03", "2026-03-04")
TITLES = ("Team sync", "Dentist", "Budget review", "Lunch with Sam", "Design review",
          "1:1 with Priya", "Gym", "Quarterly planning")
Date = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
Time = Annotated[str, Field(pattern=r"^\d{2}:\d{2}$", description="24-hour HH:MM")]
EventId = Annotated[str, Field(description="An event id such as EV-1")]
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def initial_state(seed: int) -> State:
    rng = random.Random(seed)
    events: dict[str, Any] = {}
    for i, title in enumerate(rng.sample(TITLES, 6)):
        date = DATES[i % len(DATES)]
        taken = {e["start"] for e in events.values() if e["date"] == date}
        hour = rng.choice([h for h in range(9, 17) if f"{h:02d}:00" not in taken])
        events[f"EV-{i + 1}"] = {"title": title, "date": date, "start": f"{hour:02d}:00",
                                 "end": f"{hour + 1:02d}:00"}
    return {"events": events, "next_id": len(events) + 1}


def canonical(state: State) -> State:
    return {**state, "events": unordered(state["events"].values())}


def _event(state: State, event_id: str) -> dict[str, Any]:
    try:
        event: dict[str, Any] = state["events"][event_id]
    except KeyError:
        raise ToolError(f"no event {event_id}") from None
    return event


def _check_slot(state: State, date: str, start: str, end: str, skip: str | None = None) -> None:
    if not (_TIME.match(start) and _TIME.match(end)) or end <= start:
        raise ToolError(f"invalid time range {start}-{end}")
    for eid, e in state["events"].items():
        if eid != skip and e["date"] == date and start < e["end"] and e["start"] < end:
            raise ToolError(f"{date} {start}-{end} overlaps {eid} ({e['title']})")


def list_events(state: State, date: Date) -> list[dict[str, str]]:
    """List the events on a date, earliest first."""
    found = [{"event_id": k, **v} for k, v in state["events"].items() if v["date"] == date]
    return sorted(found, key=lambda e: e["start"])


def create_event(state: State, title: str, date: Date, start: Time, end: Time) -> dict[str, str]:
    """Create an event; refused when it overlaps another event."""
    _check_slot(state, date, start, end)
    event_id = f"EV-{state['next_id']}"
    state["next_id"] += 1
    state["events"][event_id] = {"title": title, "date": date, "start": start, "end": end}
    return {"event_id": event_id}


def cancel_event(state: State, event_id: EventId) -> dict[str, str]:
    """Cancel (delete) an event."""
    _event(state, event_id)
    del state["events"][event_id]
    return {"cancelled": event_id}


def move_event(state: State, event_id: EventId, date: Date, start: Time) -> dict[str, str]:
    """Move an event to a new date and start time, keeping its length."""
    event = _event(state, event_id)
    length = int(event["end"][:2]) - int(event["start"][:2])
    end = f"{int(start[:2]) + length:02d}{start[2:]}"
    _check_slot(state, date, start, end, skip=event_id)
    event.update(date=date, start=start, end=end)
    return {"event_id": event_id, "date": date, "start": start, "end": end}


TOOLS = [list_events, create_event, cancel_event, move_event]


def _free_hour(state: State, date: str, rng: random.Random) -> int:
    taken = {int(e["start"][:2]) for e in state["events"].values() if e["date"] == date}
    return rng.choice([h for h in range(9, 17) if h not in taken])


def make_task(state: State, rng: random.Random, category: str) -> Task | None:
    events = state["events"]
    eid = rng.choice(sorted(events))
    event = events[eid]
    date = rng.choice(DATES)
    hour = _free_hour(state, date, rng)
    new = {"title": "Call with the bank", "date": date, "start": f"{hour:02d}:00",
           "end": f"{hour + 1:02d}:00"}
    if category == "single":
        return rng.choice([
            Task(f"Cancel event {eid}.", category, [[Call("cancel_event", {"event_id": eid})]]),
            Task(f"Add an event 'Call with the bank' on {date} from {hour:02d}:00 to "
                 f"{hour + 1:02d}:00.", category, [[Call("create_event", new)]]),
        ])
    if category == "parallel":
        d1, d2 = DATES[0], DATES[1]
        titles = [e["title"] for e in events.values() if e["date"] in (d1, d2)]
        other = rng.choice([k for k in sorted(events) if k != eid])
        return rng.choice([
            Task(f"What is on my calendar on {d1} and on {d2}?", category,
                 [[Call("list_events", {"date": d1}), Call("list_events", {"date": d2})]],
                 answer=titles),
            Task(f"Cancel events {eid} and {other}.", category,
                 [[Call("cancel_event", {"event_id": eid}),
                   Call("cancel_event", {"event_id": other})]]),
        ])
    if category == "multi_step":
        free = _free_hour(state, event["date"], rng)
        return rng.choice([
            Task(f"Move my '{event['title']}' on {event['date']} to {free:02d}:00 the same day.",
                 category, [[Call("list_events", {"date": event["date"]})],
                            [Call("move_event", {"event_id": eid, "date": event["date"],
                                                 "start": f"{free:02d}:00"})]]),
            Task(f"Cancel my '{event['title']}' on {event['date']}, then add 'Call with the "
                 f"bank' on {date} from {hour:02d}:00 to {hour + 1:02d}:00.", category,
                 [[Call("list_events", {"date": event["date"]})],
                  [Call("cancel_event", {"event_id": eid})], [Call("create_event", new)]]),
        ])
    return None
