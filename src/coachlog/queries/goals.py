"""Goals and their check-in history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from coachlog.kinds import RecordKind, display_id
from coachlog.queries.common import record_client
from coachlog.readers import Reader


@dataclass(eq=False, repr=False)
class CheckIn:
    """A goal's progress recorded at one moment."""

    at: datetime
    progress: int
    status: str | None
    note: str | None


@dataclass(eq=False, repr=False)
class GoalView:
    """A goal as `goal list` and `goal show` present it."""

    id: str
    client: str
    title: str
    outcome: str | None
    measure: str | None
    target_date: date | None
    status: str
    progress: int
    created_at: datetime
    updated_at: datetime
    history: list[CheckIn] = field(default_factory=list)


_COLUMNS = (
    "g.id, c.handle AS client, g.title, g.outcome, g.measure, g.target_date, g.status, "
    "g.progress, g.created_at, g.updated_at"
)
# Active goals first, then by target date (undated last), then by age.
_ORDER = (
    "CASE g.status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 WHEN 'achieved' THEN 2 ELSE 3 END, "
    "g.target_date IS NULL, g.target_date, g.id"
)


def _goal(row: dict) -> GoalView:
    row["id"] = display_id(RecordKind.GOAL, row["id"])
    return GoalView(**row)


def goals_of(reader: Reader, client_id: int, *, include_closed: bool = True) -> list[GoalView]:
    """A client's goals; `include_closed=False` keeps active and paused only."""
    where = "" if include_closed else " AND g.status IN ('active', 'paused')"
    rows = reader.rows(
        f"SELECT {_COLUMNS} FROM goal AS g JOIN client AS c ON c.id = g.client_id "
        f"WHERE g.client_id = :client AND g.deleted_at IS NULL{where} ORDER BY {_ORDER}",
        client=client_id,
    )
    return [_goal(row) for row in rows]


def goal_detail(reader: Reader, number: int) -> GoalView:
    """One goal with every check-in, oldest first."""
    record_client(reader, RecordKind.GOAL, number)
    goal = _goal(
        reader.row(
            f"SELECT {_COLUMNS} FROM goal AS g JOIN client AS c ON c.id = g.client_id "
            "WHERE g.id = :number",
            number=number,
        )
    )
    goal.history = [
        CheckIn(**row)
        for row in reader.rows(
            "SELECT at, progress, status, note FROM goal_update "
            "WHERE goal_id = :number ORDER BY at, seq, uuid",
            number=number,
        )
    ]
    return goal
