"""Sessions: held, planned or cancelled, with shared and private notes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from coachlog.dates import day_bounds, to_local
from coachlog.errors import BadInput, Conflict
from coachlog.journal.agreements import current_agreement
from coachlog.journal.common import (
    TABLES,
    coach_only,
    optional_text,
    record_row,
    require_text,
    utc,
)
from coachlog.journal.goals import get_goal
from coachlog.kinds import Channel, RecordKind, SessionStatus, display_id
from coachlog.readers import Reader
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


class SameMinute(Conflict):
    """The client already has a session at that minute: logged twice by
    mistake, most often. The command asks, or `--yes` goes on."""

    def __init__(self, client: Row, clash: Row) -> None:
        super().__init__(
            f"{client.handle} already has {clash.status} session "
            f"{display_id(RecordKind.SESSION, clash.id)} at {to_local(clash.at):%Y-%m-%d %H:%M}"
        )
        self.clash = clash


def same_minute(db: Reader, *, client_id: int, at: datetime, besides: int | None = None):
    """The client's live, not cancelled, session in the minute of `at`, other
    than session `besides` (the one being written), if any."""
    start = utc(at).replace(second=0, microsecond=0)
    found = db.row(
        "SELECT * FROM session WHERE client_id = :client AND deleted_at IS NULL "
        "AND status <> 'cancelled' AND at >= :start AND at < :end AND id <> :besides "
        "ORDER BY id LIMIT 1",
        client=client_id,
        start=start,
        end=start + timedelta(minutes=1),
        besides=-1 if besides is None else besides,
    )
    return None if found is None else Row(found)


def log_clash(db: Reader, *, client: Row, at: datetime) -> Row | None:
    """What `log_session` at `at` would find at the same minute (the day's
    planned session, which becomes the one logged, is no clash)."""
    planned = planned_on(db=db, client=client, day=to_local(at).date())
    return same_minute(db, client_id=client.id, at=at, besides=planned.id if planned else None)


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
    same_minute_too: bool = False,
) -> Logged:
    """Record a held session, and plan the next one at `next_at` (same
    channel and length). A session planned for that day becomes this one
    rather than staying behind as a duplicate; another session at the same
    minute is refused (`SameMinute`) unless `same_minute_too`."""
    coach_only(db, client.id, "only your coach logs sessions")
    if to_local(at).date() > to_local(now).date():
        raise BadInput(
            f"{to_local(at):%Y-%m-%d} is in the future; use `coachlog session plan` "
            "for a session yet to happen."
        )
    goals = _goals_of(db, client, goal_numbers)
    default_channel, default_minutes = _defaults(db, client)
    planned = planned_on(db=db, client=client, day=to_local(at).date())
    clash = same_minute(db, client_id=client.id, at=at, besides=planned.id if planned else None)
    if clash is not None and not same_minute_too:
        raise SameMinute(client, clash)
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
            same_minute_too=same_minute_too,
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
    same_minute_too: bool = False,
) -> Row:
    """Plan a session; its channel and length default to the agreement's.
    Another session at the same minute is refused (`SameMinute`) unless
    `same_minute_too`."""
    coach_only(db, client.id, "only your coach plans sessions")
    if at < now - timedelta(minutes=1):
        raise BadInput(
            f"{to_local(at):%Y-%m-%d %H:%M} is in the past; use `coachlog session add` "
            "to log a session that was held."
        )
    clash = same_minute(db, client_id=client.id, at=at)
    if clash is not None and not same_minute_too:
        raise SameMinute(client, clash)
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
    client: Row | None = None,
) -> None:
    """Change the given fields; blank notes clear them; no goal numbers
    unlink every goal. `client` moves the session to another client
    (`move_session`), its goals then being that client's."""
    changes = (at, status, channel, duration_minutes, notes, private_notes, goal_numbers, client)
    if all(value is None for value in changes):
        raise BadInput(
            "nothing to change; give --on, --status, --channel, --duration, --notes, "
            "--private, --goal, --no-goals or --client."
        )
    named = display_id(RecordKind.SESSION, record.id)
    coach_only(db, record.client_id, f"only your coach edits session {named}")
    if client is not None and client.id != record.client_id:
        move_session(db=db, record=record, to=client, relinked=goal_numbers is not None)
    elif client is not None and all(value is None for value in changes[:-1]):
        raise Conflict(f"session {named} is already {client.handle}'s; nothing to change.")
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
        owner = db.get("client", record.client_id)
        _link_goals(db, record.id, _goals_of(db, owner, goal_numbers))


def move_session(*, db: Writer, record: Row, to: Row, relinked: bool = False) -> None:
    """Move a session logged for the wrong client to `to`.

    What points at it from the old client's engagement is checked first:
    its goals go with it only when `relinked` (the caller links `to`'s
    goals, or none, in the same edit); a live request or advice made in it
    stays with its client, so the move is refused, naming them. For every
    other store the moved session is a new record: it takes a new uuid, and
    the old one is buried under the old client (a tombstone), so the old
    client's next bundle erases it from their store, and no backup brings
    it back to them."""
    named = display_id(RecordKind.SESSION, record.id)
    coach_only(db, to.id, f"only your coach moves session {named}")
    old = db.get("client", record.client_id)
    goals = [
        display_id(RecordKind.GOAL, row["id"])
        for row in db.rows(
            "SELECT g.id FROM session_goal AS sg JOIN goal AS g ON g.id = sg.goal_id "
            "WHERE sg.session_id = :session AND g.deleted_at IS NULL ORDER BY g.id",
            session=record.id,
        )
    ]
    if goals and not relinked:
        raise Conflict(
            f"session {named} discussed {old.handle}'s {_listed('goal', goals)}, which "
            f"cannot go with it to {to.handle}; add --goal with {to.handle}'s goals, or "
            "--no-goals to unlink them."
        )
    made_in = [
        (kind, Row(row))
        for kind, table in ((RecordKind.REQUEST, "request"), (RecordKind.ADVICE, "advice"))
        for row in db.rows(
            f"SELECT id, deleted_at FROM {table} WHERE session_id = :session ORDER BY id",
            session=record.id,
        )
    ]
    live = [(kind, row) for kind, row in made_in if row.deleted_at is None]
    if live:
        ids = [f"{kind.noun} {display_id(kind, row.id)}" for kind, row in live]
        deletes = ", ".join(
            f"`coachlog {kind.noun} delete {display_id(kind, row.id)}`" for kind, row in live
        )
        raise Conflict(
            f"session {named} has {', '.join(ids)} made in it, which stay with {old.handle}; "
            f"if they were meant for {to.handle} too, delete them ({deletes}), move "
            f"{named}, and add them again for {to.handle}."
        )
    for kind, row in made_in:  # in the trash: restored one day, it points at no session
        db.update(TABLES[kind], row.id, session_id=None)
    if not relinked:
        _link_goals(db, record.id, [])  # links to goals in the trash, if any
    db.insert(
        "tombstone",
        uuid=record.uuid,
        kind="session",
        purged_at=db.now().astimezone(UTC),
        client_uuid=old.uuid,
    )
    fields = {"client_id": to.id, "uuid": str(uuid.uuid4())}
    db.update("session", record.id, **fields)
    record.update(fields)


def _listed(noun: str, ids: Sequence[str]) -> str:
    return f"{noun} {ids[0]}" if len(ids) == 1 else f"{noun}s {', '.join(ids)}"


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
