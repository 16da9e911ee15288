"""Clients: the list, and one client's engagement at a glance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from coachlog.queries import agreements, goals, sessions
from coachlog.queries.agreements import AgreementRevision
from coachlog.queries.goals import GoalView
from coachlog.queries.sessions import SessionView
from coachlog.readers import Reader


@dataclass(eq=False, repr=False)
class ClientView:
    """A client as `client list` presents them."""

    handle: str
    name: str
    email: str | None
    organization: str | None
    title: str | None
    status: str
    uuid: str
    created_at: datetime
    updated_at: datetime
    time_zone: str | None  # IANA name; None: the coach's zone


@dataclass(eq=False, repr=False)
class ClientSummary(ClientView):
    """A client with their open goals and last and next sessions."""

    open_goals: int = 0
    last_session: datetime | None = None
    next_session: datetime | None = None


@dataclass(eq=False, repr=False)
class ClientDetail(ClientView):
    """A client as `client show` presents them: agreement, goals and sessions."""

    agreement: AgreementRevision | None = None
    goals: list[GoalView] = field(default_factory=list)
    recent_sessions: list[SessionView] = field(default_factory=list)
    next_session: SessionView | None = None


_COLUMNS = (
    "c.handle, c.name, c.email, c.organization, c.title, c.status, c.uuid, "
    "c.created_at, c.updated_at, c.time_zone"
)


def client_list(
    reader: Reader, *, now: datetime, include_closed: bool = False
) -> list[ClientSummary]:
    """Live clients by name, with open goals and their last and next session."""
    where = "" if include_closed else " AND c.status <> 'closed'"
    rows = reader.rows(
        f"SELECT {_COLUMNS}, "
        "(SELECT count(*) FROM goal AS g WHERE g.client_id = c.id AND g.deleted_at IS NULL "
        " AND g.status IN ('active', 'paused')) AS open_goals, "
        "(SELECT max(s.at) FROM session AS s WHERE s.client_id = c.id "
        " AND s.deleted_at IS NULL AND s.status = 'held') AS last_session_at, "
        "(SELECT min(s.at) FROM session AS s WHERE s.client_id = c.id "
        " AND s.deleted_at IS NULL AND s.status = 'planned' AND s.at >= :now) "
        " AS next_session_at "
        f"FROM client AS c WHERE c.deleted_at IS NULL{where} ORDER BY lower(c.name), c.handle",
        now=now,
    )
    summaries = []
    for row in rows:
        row["last_session"] = row.pop("last_session_at")
        row["next_session"] = row.pop("next_session_at")
        summaries.append(ClientSummary(**row))
    return summaries


def archived_count(reader: Reader) -> int:
    """How many live clients are archived (left out of `client list`)."""
    return reader.value(
        "SELECT count(*) FROM client WHERE deleted_at IS NULL AND status = 'closed'"
    )


RECENT_SESSIONS = 5


def client_detail(reader: Reader, client_id: int, *, now: datetime) -> ClientDetail:
    row = reader.row(f"SELECT {_COLUMNS} FROM client AS c WHERE c.id = :client", client=client_id)
    recent = sessions.session_list(
        reader, client_id=client_id, status="held", limit=RECENT_SESSIONS
    )
    return ClientDetail(
        **row,
        agreement=agreements.current(reader, client_id),
        goals=goals.goals_of(reader, client_id),
        recent_sessions=recent,
        next_session=sessions.next_planned(reader, client_id, now),
    )
