"""Sessions: held, planned or cancelled, with shared and private notes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coachlog.dates import day_bounds, to_local
from coachlog.errors import BadInput, Conflict
from coachlog.journal.agreements import current_agreement
from coachlog.journal.common import coach_only, optional_text, record_row, require_text, utc
from coachlog.journal.goals import get_goal
from coachlog.kinds import Channel, RecordKind, SessionStatus, display_id
from coachlog.writer import Row, Writer


def get_session(*, db: Writer, number: int) -> Row:
    return record_row(db=db, kind=RecordKind.SESSION, number=number)


def _defaults(db: Writer, client: Row) -> tuple[Channel, int | None]:
    agreement = current_agreement(db=db, client_id=client.id)
    channel = (
        Channel(agreement.default_channel) if agreement and agreement.default_channel else None
    )
    return channel or Channel.VIDEO, agreement.session_minutes if agreement else None


def _goals_of(db: Writer, client: Row, numbers: Sequence[int]) -> list[Row]:
    goals = []
    for number in dict.fromkeys(numbers):
        goal = get_goal(db=db, number=number)
        if goal.client_id != client.id:
            raise BadInput(
                f"goal {display_id(RecordKind.GOAL, number)} belongs to another client, "
                f"not {client.handle}."
            )
        goals.append(goal)
    return goals


def _link_goals(db: Writer, session_id: int, goals: Sequence[Row]) -> None:
    db.delete_rows("session_goal", session_id=session_id)
    for goal in goals:
        db.insert("session_goal", session_id=session_id, goal_id=goal.id)


def planned_on(*, db: Writer, client: Row, day: date) -> Row | None:
    """The client's first planned session on a local day, if any."""
    start, end = day_bounds(day)
    found = db.row(
        "SELECT * FROM session WHERE client_id = :client AND status = 'planned' "
        "AND deleted_at IS NULL AND at >= :start AND at < :end ORDER BY at LIMIT 1",
        client=client.id,
        start=utc(start),
        end=utc(end),
    )
    return None if found is None else Row(found)


@dataclass
class Logged:
    """What `log_session` did: the session held (a planned one of that day
    when there was one), and the next session it planned, if asked to."""

    session: Row
    was_planned: bool
    upcoming: Row | None = None


def log_session(
    *,
    db: Writer,
    client: Row,
    at: datetime,
    now: datetime,
    channel: Channel | None = None,
    duration_minutes: int | None = None,
    notes: str | None = None,
    private_notes: str | None = None,
    goal_numbers: Sequence[int] = (),
    next_at: datetime | None = None,
) -> Logged:
    """Record a held session, and plan the next one at `next_at` (same
    channel and length). A session planned for that day becomes this one
    rather than staying behind as a duplicate."""
    coach_only(db, client.id, "only your coach logs sessions")
    if to_local(at).date() > to_local(now).date():
        raise BadInput(
            f"{to_local(at):%Y-%m-%d} is in the future; use `coachlog session plan` "
            "for a session yet to happen."
        )
    goals = _goals_of(db, client, goal_numbers)
    default_channel, default_minutes = _defaults(db, client)
    planned = planned_on(db=db, client=client, day=to_local(at).date())
    chosen = Channel(channel or (planned.channel if planned else default_channel))
    if chosen == Channel.EMAIL:
        default_minutes = None  # an email exchange has no length to assume
    fields = {
        "at": utc(at),
        "status": SessionStatus.HELD.value,
        "channel": chosen.value,
        "duration_minutes": duration_minutes
        or (planned.duration_minutes if planned else None)
        or default_minutes,
        "notes": require_text(notes, "notes") if notes is not None else None,
        "private_notes": (
            require_text(private_notes, "private notes") if private_notes is not None else None
        ),
    }
    if planned is None:
        record = db.insert("session", client_id=client.id, **fields)
    else:
        db.update("session", planned.id, **fields)
        record = Row({**planned, **fields})
    _link_goals(db, record.id, goals)
    logged = Logged(record, was_planned=planned is not None)
    if next_at is not None:
        logged.upcoming = plan_session(
            db=db,
            client=client,
            at=next_at,
            now=now,
            channel=Channel(record.channel),
            duration_minutes=record.duration_minutes,
        )
    return logged


def plan_session(
    *,
    db: Writer,
    client: Row,
    at: datetime,
    now: datetime,
    channel: Channel | None = None,
    duration_minutes: int | None = None,
) -> Row:
    """Plan a session; its channel and length default to the agreement's."""
    coach_only(db, client.id, "only your coach plans sessions")
    if at < now - timedelta(minutes=1):
        raise BadInput(
            f"{to_local(at):%Y-%m-%d %H:%M} is in the past; use `coachlog session add` "
            "to log a session that was held."
        )
    default_channel, default_minutes = _defaults(db, client)
    return db.insert(
        "session",
        client_id=client.id,
        at=utc(at),
        status=SessionStatus.PLANNED.value,
        channel=Channel(channel or default_channel).value,
        duration_minutes=duration_minutes or default_minutes,
    )


def edit_session(
    *,
    db: Writer,
    record: Row,
    at: datetime | None = None,
    status: SessionStatus | None = None,
    channel: Channel | None = None,
    duration_minutes: int | None = None,
    notes: str | None = None,
    private_notes: str | None = None,
    goal_numbers: Sequence[int] | None = None,
) -> None:
    """Change the given fields; blank notes clear them."""
    changes = (at, status, channel, duration_minutes, notes, private_notes, goal_numbers)
    if all(value is None for value in changes):
        raise BadInput(
            "nothing to change; give --on, --status, --channel, --duration, --notes, "
            "--private or --goal."
        )
    named = display_id(RecordKind.SESSION, record.id)
    coach_only(db, record.client_id, f"only your coach edits session {named}")
    fields: dict = {}
    if at is not None:
        fields["at"] = utc(at)
    if status is not None:
        fields["status"] = SessionStatus(status).value
    if channel is not None:
        fields["channel"] = Channel(channel).value
    if duration_minutes is not None:
        fields["duration_minutes"] = duration_minutes
    if notes is not None:
        fields["notes"] = optional_text(notes, "notes")
    if private_notes is not None:
        fields["private_notes"] = optional_text(private_notes, "private notes")
    if fields:
        db.update("session", record.id, **fields)
        record.update(fields)
    if goal_numbers is not None:
        client = db.get("client", record.client_id)
        _link_goals(db, record.id, _goals_of(db, client, goal_numbers))


def cancel_session(*, db: Writer, record: Row) -> None:
    named = display_id(RecordKind.SESSION, record.id)
    coach_only(db, record.client_id, f"only your coach cancels session {named}")
    if record.status != SessionStatus.PLANNED:
        raise Conflict(
            f"session {display_id(RecordKind.SESSION, record.id)} is {record.status}; "
            "only a planned session can be cancelled."
        )
    db.update("session", record.id, status=SessionStatus.CANCELLED.value)
    record["status"] = SessionStatus.CANCELLED.value
