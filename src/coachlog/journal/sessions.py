"""Sessions: held, planned or cancelled, with shared and private notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlmodel import Session as Store
from sqlmodel import select

from coachlog.dates import day_bounds, to_local
from coachlog.errors import BadInput, Conflict
from coachlog.journal.agreements import current_agreement
from coachlog.journal.common import get_record, optional_text, require_text, utc
from coachlog.journal.goals import get_goal
from coachlog.kinds import Channel, RecordKind, SessionStatus, display_id
from coachlog.models import Client, Goal, Session, SessionGoal


def get_session(*, db: Store, number: int) -> Session:
    return get_record(db=db, model=Session, kind=RecordKind.SESSION, number=number)


def _defaults(db: Store, client: Client) -> tuple[Channel, int | None]:
    agreement = current_agreement(db=db, client=client)
    channel = (
        Channel(agreement.default_channel) if agreement and agreement.default_channel else None
    )
    return channel or Channel.VIDEO, agreement.session_minutes if agreement else None


def _goals_of(db: Store, client: Client, numbers: Sequence[int]) -> list[Goal]:
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


def _link_goals(db: Store, record: Session, goals: Sequence[Goal]) -> None:
    for link in db.exec(select(SessionGoal).where(SessionGoal.session_id == record.id)):
        db.delete(link)
    db.flush()
    for goal in goals:
        db.add(SessionGoal(session_id=record.id, goal_id=goal.id))


def planned_on(*, db: Store, client: Client, day: date) -> Session | None:
    """The client's first planned session on a local day, if any."""
    start, end = day_bounds(day)
    return db.exec(
        select(Session)
        .where(
            Session.client_id == client.id,
            Session.status == SessionStatus.PLANNED,
            Session.deleted_at.is_(None),
            Session.at >= utc(start),
            Session.at < utc(end),
        )
        .order_by(Session.at)
    ).first()


def log_session(
    *,
    db: Store,
    client: Client,
    at: datetime,
    now: datetime,
    channel: Channel | None = None,
    duration_minutes: int | None = None,
    notes: str | None = None,
    private_notes: str | None = None,
    goal_numbers: Sequence[int] = (),
) -> tuple[Session, bool]:
    """Record a held session. A session planned for that day becomes this
    one rather than staying behind as a duplicate; the flag says so."""
    if to_local(at).date() > to_local(now).date():
        raise BadInput(
            f"{to_local(at):%Y-%m-%d} is in the future; use `coachlog session plan` "
            "for a session yet to happen."
        )
    goals = _goals_of(db, client, goal_numbers)
    default_channel, default_minutes = _defaults(db, client)
    planned = planned_on(db=db, client=client, day=to_local(at).date())
    record = planned or Session(client_id=client.id, at=utc(at))
    record.at = utc(at)
    record.status = SessionStatus.HELD
    record.channel = Channel(channel or (planned.channel if planned else default_channel))
    if record.channel == Channel.EMAIL:
        default_minutes = None  # an email exchange has no length to assume
    record.duration_minutes = duration_minutes or record.duration_minutes or default_minutes
    record.notes = require_text(notes, "notes") if notes is not None else None
    record.private_notes = (
        require_text(private_notes, "private notes") if private_notes is not None else None
    )
    db.add(record)
    db.flush()
    _link_goals(db, record, goals)
    db.flush()
    return record, planned is not None


def plan_session(
    *,
    db: Store,
    client: Client,
    at: datetime,
    now: datetime,
    channel: Channel | None = None,
    duration_minutes: int | None = None,
) -> Session:
    """Plan a session; its channel and length default to the agreement's."""
    if at < now - timedelta(minutes=1):
        raise BadInput(
            f"{to_local(at):%Y-%m-%d %H:%M} is in the past; use `coachlog session add` "
            "to log a session that was held."
        )
    default_channel, default_minutes = _defaults(db, client)
    record = Session(
        client_id=client.id,
        at=utc(at),
        status=SessionStatus.PLANNED,
        channel=Channel(channel or default_channel),
        duration_minutes=duration_minutes or default_minutes,
    )
    db.add(record)
    db.flush()
    return record


def edit_session(
    *,
    db: Store,
    record: Session,
    at: datetime | None = None,
    status: SessionStatus | None = None,
    channel: Channel | None = None,
    duration_minutes: int | None = None,
    notes: str | None = None,
    private_notes: str | None = None,
    goal_numbers: Sequence[int] | None = None,
) -> Session:
    """Change the given fields; blank notes clear them."""
    changes = (at, status, channel, duration_minutes, notes, private_notes, goal_numbers)
    if all(value is None for value in changes):
        raise BadInput(
            "nothing to change; give --on, --status, --channel, --duration, --notes, "
            "--private or --goal."
        )
    if at is not None:
        record.at = utc(at)
    if status is not None:
        record.status = SessionStatus(status)
    if channel is not None:
        record.channel = Channel(channel)
    if duration_minutes is not None:
        record.duration_minutes = duration_minutes
    if notes is not None:
        record.notes = optional_text(notes, "notes")
    if private_notes is not None:
        record.private_notes = optional_text(private_notes, "private notes")
    db.add(record)
    db.flush()
    if goal_numbers is not None:
        client = db.get(Client, record.client_id)
        _link_goals(db, record, _goals_of(db, client, goal_numbers))
        db.flush()
    return record


def cancel_session(*, db: Store, record: Session) -> Session:
    if record.status != SessionStatus.PLANNED:
        raise Conflict(
            f"session {display_id(RecordKind.SESSION, record.id)} is {record.status}; "
            "only a planned session can be cancelled."
        )
    record.status = SessionStatus.CANCELLED
    db.add(record)
    db.flush()
    return record
