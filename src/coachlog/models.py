"""SQLModel tables and enums: the schema's single source.

Migrations are frozen copies of this schema as it stood on their day; a test
checks that a freshly migrated store matches these models.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from coachlog.kinds import (
    AdviceKind,
    AdviceResponse,
    Author,
    Channel,
    ClientStatus,
    GoalStatus,
    RequestState,
    SessionStatus,
)

__all__ = [
    "Advice",
    "AdviceEvent",
    "AdviceKind",
    "AdviceResponse",
    "Agreement",
    "Author",
    "Channel",
    "Client",
    "ClientStatus",
    "Goal",
    "GoalStatus",
    "GoalUpdate",
    "Request",
    "RequestEvent",
    "RequestState",
    "Session",
    "SessionGoal",
    "SessionStatus",
    "Tombstone",
]

# Display ids are never reused: SQLite's AUTOINCREMENT never hands out a
# purged record's id again (PostgreSQL sequences never go back anyway).
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


def utc_now() -> datetime:
    """Record times follow the same clock as everything else (`$COACHLOG_NOW`)."""
    from coachlog.dates import local_now

    return local_now().astimezone(UTC)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL.

    SQLite keeps no zone, so values are stored as naive UTC text in one fixed
    format, which also keeps them sortable and comparable in plain SQL.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; times must be aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum_check(column: str, enum: type[StrEnum]) -> sa.CheckConstraint:
    values = ", ".join(f"'{member.value}'" for member in enum)
    return sa.CheckConstraint(f"{column} IN ({values})", name=f"{column}_valid")


class Record(SQLModel):
    """What every stored record carries (DESIGN §2)."""

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(
        default_factory=lambda: str(uuid_module.uuid4()),
        sa_type=sa.String(36),
        unique=True,
        nullable=False,
    )
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(
        default_factory=utc_now,
        sa_type=UTCDateTime,
        nullable=False,
        sa_column_kwargs={"onupdate": utc_now},
    )


class Client(Record, table=True):
    __tablename__ = "client"
    __table_args__ = (_enum_check("status", ClientStatus), NEVER_REUSE_IDS)

    handle: str = Field(sa_type=sa.String(64), unique=True, nullable=False)
    name: str = Field(sa_type=sa.String(200), nullable=False)
    email: str | None = Field(default=None, sa_type=sa.String(320))
    organization: str | None = Field(default=None, sa_type=sa.String(200))
    title: str | None = Field(default=None, sa_type=sa.String(200))
    status: str = Field(default=ClientStatus.ACTIVE, sa_type=sa.String(16), nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Sharing (coachlog.sharing). In the coach's store: the client's public
    # key. In the client's own store: the coach's, pinned on the first share
    # received; set, it marks the engagement as the coach's records.
    client_key: str | None = Field(default=None, sa_type=sa.String(64))
    coach_key: str | None = Field(default=None, sa_type=sa.String(64))
    # How many bundles this store has written for the engagement, and the
    # number of the newest one it has merged from the other side.
    share_seq: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": "0"})
    peer_seq: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": "0"})
    # The client's own time zone (an IANA name such as "America/New_York"),
    # for their views and invitations; None: the coach's.
    time_zone: str | None = Field(default=None, sa_type=sa.String(64))


class Agreement(Record, table=True):
    """One revision of the coaching agreement; the newest revision is in force."""

    __tablename__ = "agreement"
    __table_args__ = (
        sa.UniqueConstraint("client_id", "revision", name="uq_agreement_client_revision"),
        NEVER_REUSE_IDS,
    )

    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE", nullable=False)
    revision: int = Field(nullable=False)
    focus: str | None = Field(default=None, sa_type=sa.Text)
    format: str | None = Field(default=None, sa_type=sa.Text)
    desired_outcomes: str | None = Field(default=None, sa_type=sa.Text)
    cadence_days: int | None = Field(default=None)
    default_channel: str | None = Field(default=None, sa_type=sa.String(16))
    session_minutes: int | None = Field(default=None)
    boundaries: str | None = Field(default=None, sa_type=sa.Text)
    start_date: date | None = Field(default=None)
    end_date: date | None = Field(default=None)


class Goal(Record, table=True):
    __tablename__ = "goal"
    __table_args__ = (
        _enum_check("status", GoalStatus),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        sa.Index("ix_goal_client_status", "client_id", "status"),
        NEVER_REUSE_IDS,
    )

    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE", nullable=False)
    title: str = Field(sa_type=sa.Text, nullable=False)
    outcome: str | None = Field(default=None, sa_type=sa.Text)
    measure: str | None = Field(default=None, sa_type=sa.Text)
    target_date: date | None = Field(default=None)
    status: str = Field(default=GoalStatus.ACTIVE, sa_type=sa.String(16), nullable=False)
    progress: int = Field(default=0, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class GoalUpdate(Record, table=True):
    """A progress check-in or a status change, so progress has a history."""

    __tablename__ = "goal_update"
    __table_args__ = (
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        sa.Index("ix_goal_update_goal_at", "goal_id", "at"),
        NEVER_REUSE_IDS,
    )

    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE", nullable=False)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    progress: int = Field(nullable=False)
    status: str | None = Field(default=None, sa_type=sa.String(16))
    note: str | None = Field(default=None, sa_type=sa.Text)
    # Which side made the event, and its place in its record's history: one
    # more than the events its author's store knew of (a Lamport counter),
    # so two stores order the same events the same way.
    author: str = Field(
        default=Author.COACH,
        sa_type=sa.String(8),
        nullable=False,
        sa_column_kwargs={"server_default": Author.COACH.value},
    )
    seq: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": "0"})


class Session(Record, table=True):
    __tablename__ = "session"
    __table_args__ = (
        _enum_check("status", SessionStatus),
        _enum_check("channel", Channel),
        sa.Index("ix_session_client_at", "client_id", "at"),
        sa.Index("ix_session_status_at", "status", "at"),
        sa.Index("ix_session_at", "at"),
        NEVER_REUSE_IDS,
    )

    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE", nullable=False)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    status: str = Field(default=SessionStatus.HELD, sa_type=sa.String(16), nullable=False)
    channel: str = Field(default=Channel.VIDEO, sa_type=sa.String(16), nullable=False)
    duration_minutes: int | None = Field(default=None)
    notes: str | None = Field(default=None, sa_type=sa.Text)
    private_notes: str | None = Field(default=None, sa_type=sa.Text)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SessionGoal(SQLModel, table=True):
    """The goals a session discussed."""

    __tablename__ = "session_goal"
    __table_args__ = (sa.Index("ix_session_goal_goal", "goal_id"),)

    session_id: int = Field(foreign_key="session.id", ondelete="CASCADE", primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE", primary_key=True)


class Request(Record, table=True):
    """The coach asks the client to act; the client answers."""

    __tablename__ = "request"
    __table_args__ = (
        _enum_check("state", RequestState),
        sa.Index("ix_request_client_state", "client_id", "state"),
        sa.Index("ix_request_client_due", "client_id", "due_date"),
        sa.Index("ix_request_goal", "goal_id"),
        sa.Index("ix_request_state_due", "state", "due_date"),
        NEVER_REUSE_IDS,
    )

    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE", nullable=False)
    goal_id: int | None = Field(default=None, foreign_key="goal.id", ondelete="SET NULL")
    session_id: int | None = Field(default=None, foreign_key="session.id", ondelete="SET NULL")
    text: str = Field(sa_type=sa.Text, nullable=False)
    due_date: date | None = Field(default=None)
    state: str = Field(default=RequestState.PROPOSED, sa_type=sa.String(16), nullable=False)
    counter_text: str | None = Field(default=None, sa_type=sa.Text)
    counter_due: date | None = Field(default=None)
    note: str | None = Field(default=None, sa_type=sa.Text)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RequestEvent(Record, table=True):
    """One move of a request: the whole renegotiation is kept."""

    __tablename__ = "request_event"
    __table_args__ = (sa.Index("ix_request_event_request_at", "request_id", "at"), NEVER_REUSE_IDS)

    request_id: int = Field(foreign_key="request.id", ondelete="CASCADE", nullable=False)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    from_state: str | None = Field(default=None, sa_type=sa.String(16))
    to_state: str = Field(sa_type=sa.String(16), nullable=False)
    text: str | None = Field(default=None, sa_type=sa.Text)
    due_date: date | None = Field(default=None)
    note: str | None = Field(default=None, sa_type=sa.Text)
    # Which side made the event, and its place in its record's history: one
    # more than the events its author's store knew of (a Lamport counter),
    # so two stores order the same events the same way.
    author: str = Field(
        default=Author.COACH,
        sa_type=sa.String(8),
        nullable=False,
        sa_column_kwargs={"server_default": Author.COACH.value},
    )
    seq: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": "0"})


class Advice(Record, table=True):
    """Advice, an opinion or a suggestion the client may take or leave."""

    __tablename__ = "advice"
    __table_args__ = (
        _enum_check("kind", AdviceKind),
        _enum_check("response", AdviceResponse),
        sa.Index("ix_advice_client_response", "client_id", "response"),
        sa.Index("ix_advice_goal", "goal_id"),
        NEVER_REUSE_IDS,
    )

    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE", nullable=False)
    goal_id: int | None = Field(default=None, foreign_key="goal.id", ondelete="SET NULL")
    session_id: int | None = Field(default=None, foreign_key="session.id", ondelete="SET NULL")
    text: str = Field(sa_type=sa.Text, nullable=False)
    kind: str = Field(default=AdviceKind.ADVICE, sa_type=sa.String(16), nullable=False)
    response: str = Field(default=AdviceResponse.PENDING, sa_type=sa.String(16), nullable=False)
    response_note: str | None = Field(default=None, sa_type=sa.Text)
    responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AdviceEvent(Record, table=True):
    """One answer to a piece of advice, so a revised answer keeps its history."""

    __tablename__ = "advice_event"
    __table_args__ = (sa.Index("ix_advice_event_advice_at", "advice_id", "at"), NEVER_REUSE_IDS)

    advice_id: int = Field(foreign_key="advice.id", ondelete="CASCADE", nullable=False)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    from_response: str | None = Field(default=None, sa_type=sa.String(16))
    to_response: str = Field(sa_type=sa.String(16), nullable=False)
    note: str | None = Field(default=None, sa_type=sa.Text)
    # Which side made the event, and its place in its record's history: one
    # more than the events its author's store knew of (a Lamport counter),
    # so two stores order the same events the same way.
    author: str = Field(
        default=Author.COACH,
        sa_type=sa.String(8),
        nullable=False,
        sa_column_kwargs={"server_default": Author.COACH.value},
    )
    seq: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": "0"})


class Tombstone(SQLModel, table=True):
    """A purged record's uuid, and nothing of its content: an import of an
    older export does not bring the record back."""

    __tablename__ = "tombstone"

    uuid: str = Field(sa_type=sa.String(36), primary_key=True)
    kind: str = Field(sa_type=sa.String(16), nullable=False)
    purged_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # The engagement it belonged to (a uuid, no content), so a purge travels
    # in that client's share bundles.
    client_uuid: str | None = Field(default=None, sa_type=sa.String(36))


class Change(SQLModel, table=True):
    """The last change a record command made, kept so `coachlog undo` can
    take it back: what each row it touched held before (JSON). One change is
    kept at a time; a purge erases it with the records it names."""

    __tablename__ = "change"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    command: str = Field(sa_type=sa.String(200), nullable=False)
    rows: str = Field(sa_type=sa.Text, nullable=False)
    undone_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
