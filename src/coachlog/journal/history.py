"""A record's state worked out from its events, the same way in every store.

Events are ordered by `seq` (a Lamport counter: one more than the events the
store that made it knew of), then time, then uuid: two stores holding the
same events order them the same, whichever arrived first. A request's state,
text, due date and counter-offer, an advice's answer, a goal's progress and
status are what its ordered events say; `refresh_many` writes that back
after a merge. The journal's own moves give the same values as this replay (a test
checks it), so a store that never shares is unchanged by it.
"""

from __future__ import annotations

from typing import Any

from coachlog.kinds import AdviceResponse, GoalStatus, RequestState
from coachlog.writer import Writer

Event = dict[str, Any]


def causal(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda event: (event["seq"], event["at"], event["uuid"]))


def by_time(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda event: (event["at"], event["seq"], event["uuid"]))


def request_state(events: list[Event]) -> dict[str, Any]:
    state: dict[str, Any] = {"note": None, "counter_text": None, "counter_due": None}
    for event in causal(events):
        target = RequestState(event["to_state"])
        state["state"] = target.value
        if target == RequestState.PROPOSED and event["text"] is not None:
            # (a history kept before requests recorded their text keeps the record's)
            state["text"], state["due_date"] = event["text"], event["due_date"]
        elif target == RequestState.COUNTERED:
            state["counter_text"], state["counter_due"] = event["text"], event["due_date"]
        elif target == RequestState.ACCEPTED and event["text"] is not None:
            state["text"], state["due_date"] = event["text"], event["due_date"]
        if event["note"] is not None:
            state["note"] = event["note"]
    return state


def advice_state(events: list[Event]) -> dict[str, Any]:
    ordered = causal(events)
    if not ordered:
        return {}
    last = ordered[-1]
    pending = last["to_response"] == AdviceResponse.PENDING
    return {
        "response": last["to_response"],
        "response_note": last["note"],
        "responded_at": None if pending else last["at"],
    }


def goal_state(events: list[Event]) -> dict[str, Any]:
    ordered = by_time(events)
    if not ordered:
        return {"progress": 0, "status": GoalStatus.ACTIVE.value}
    statuses = [event["status"] for event in ordered if event["status"] is not None]
    return {
        "progress": ordered[-1]["progress"],
        "status": statuses[-1] if statuses else GoalStatus.ACTIVE.value,
    }


# record table -> (event table, its link column, the replay)
REPLAYS = {
    "request": ("request_event", "request_id", request_state),
    "advice": ("advice_event", "advice_id", advice_state),
    "goal": ("goal_update", "goal_id", goal_state),
}


def derived(db: Writer, table: str, record_id: int) -> dict[str, Any]:
    events_table, link, replay = REPLAYS[table]
    events = db.rows(f"SELECT * FROM {events_table} WHERE {link} = :id", id=record_id)
    return replay(events)


def refresh_many(db: Writer, table: str, record_ids: set[int]) -> None:
    """Write back what each record's events say, reading the records and
    their events in one query each (a first bundle holds hundreds)."""
    if not record_ids:
        return
    events_table, link, replay = REPLAYS[table]
    wanted = sorted(record_ids)
    marks = ", ".join(f":r{index}" for index in range(len(wanted)))
    params = {f"r{index}": number for index, number in enumerate(wanted)}
    grouped: dict[int, list[Event]] = {number: [] for number in wanted}
    for event in db.rows(f"SELECT * FROM {events_table} WHERE {link} IN ({marks})", **params):
        grouped[event[link]].append(event)
    for row in db.rows(f"SELECT * FROM {table} WHERE id IN ({marks})", **params):
        state = replay(grouped[row["id"]])
        changes = {name: value for name, value in state.items() if row[name] != value}
        if changes:
            db.update(table, row["id"], **changes)
