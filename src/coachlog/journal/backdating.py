"""Back-dating: a move given its own moment (`--on`) cannot come before what
its record's history already holds.

A record's history replays in one order in every store (journal.history):
requests and advice by their counter `seq`, goals by time. A move dated
before the one it follows would tell a story the replay reads differently
from the one the person meant, so it is refused, naming the earlier event.
"""

from __future__ import annotations

from datetime import datetime

from coachlog.dates import to_local
from coachlog.errors import BadInput
from coachlog.journal.common import EVENTS, utc
from coachlog.kinds import RecordKind, display_id
from coachlog.writer import Row, Writer

# How each event reads in a sentence ("request R3 was accepted on …").
_REQUEST_DONE = {
    "proposed": "made",
    "accepted": "accepted",
    "declined": "declined",
    "countered": "countered",
    "done": "marked done",
    "missed": "marked missed",
    "withdrawn": "withdrawn",
}
_ADVICE_DONE = {"pending": "offered", "accepted": "accepted", "declined": "declined"}
_GOAL_DONE = {
    "achieved": "achieved",
    "paused": "paused",
    "active": "made active again",
    "dropped": "dropped",
}
_KINDS = {
    "request_event": RecordKind.REQUEST,
    "advice_event": RecordKind.ADVICE,
    "goal_update": RecordKind.GOAL,
}


def shown(at: datetime) -> str:
    """A moment as a person reads it, and could type back to `--on`."""
    return f"{to_local(at):%Y-%m-%d %H:%M}"


def _latest(db: Writer, table: str, record: Row) -> Row | None:
    found = db.row(
        f"SELECT * FROM {table} WHERE {EVENTS[table]} = :record "
        "ORDER BY at DESC, seq DESC, uuid DESC LIMIT 1",
        record=record.id,
    )
    return None if found is None else Row(found)


def _what(table: str, event: Row) -> str:
    if table == "request_event":
        return f"was {_REQUEST_DONE[event.to_state]}"
    if table == "advice_event":
        return f"was {_ADVICE_DONE[event.to_response]}"
    if event.status is not None:
        return f"was {_GOAL_DONE[event.status]}"
    return f"had a check-in at {event.progress}%"


def when_it_happened(
    db: Writer, table: str, record: Row, at: datetime | None, move: str
) -> datetime:
    """The moment a move is recorded at, in UTC: `at` as given, or the
    store's clock when None. A given moment before the latest event of the
    record (its making included) is refused with what that event was and
    when; the clock is not checked, so two machines whose clocks differ by
    a minute can still answer each other."""
    if at is None:
        return utc(db.now())
    at = utc(at)
    latest = _latest(db, table, record)
    if latest is not None and at < utc(latest.at):
        kind = _KINDS[table]
        raise BadInput(
            f"{kind.noun} {display_id(kind, record.id)} {_what(table, latest)} on "
            f"{shown(latest.at)}, so it cannot be {move} on {shown(at)}; give --on a "
            "moment after that."
        )
    return at
