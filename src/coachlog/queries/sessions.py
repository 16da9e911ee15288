"""Sessions: lists, one session in full, last held and next planned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from coachlog.kinds import RecordKind, display_id
from coachlog.queries.common import Page, limit_clause, page, record_client, unindexed
from coachlog.readers import Reader


@dataclass(eq=False, repr=False)
class SessionView:
    """A session as `session list` presents it."""

    id: str
    client: str
    at: datetime
    status: str
    channel: str
    duration_minutes: int | None
    notes: str | None
    client_time_zone: str | None  # the client's own zone, when it is not the coach's
    goals: list[str] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class SessionDetail(SessionView):
    """A session with its private notes, as `session show` presents it."""

    private_notes: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


_COLUMNS = (
    "s.id, c.handle AS client, s.at, s.status, s.channel, s.duration_minutes, s.notes, "
    "c.time_zone AS client_time_zone"
)
_FROM = "FROM session AS s JOIN client AS c ON c.id = s.client_id"
_LIVE = "s.deleted_at IS NULL AND c.deleted_at IS NULL"


def _with_goals(reader: Reader, rows: list[dict]) -> list[SessionView]:
    """Views of session rows, each with the goals it discussed."""
    links: dict[int, list[str]] = {}
    if rows:
        numbers = ", ".join(str(int(row["id"])) for row in rows)
        for link in reader.rows(
            "SELECT sg.session_id, sg.goal_id FROM session_goal AS sg "
            "JOIN goal AS g ON g.id = sg.goal_id "
            f"WHERE sg.session_id IN ({numbers}) AND g.deleted_at IS NULL "
            "ORDER BY sg.goal_id"
        ):
            links.setdefault(link["session_id"], []).append(
                display_id(RecordKind.GOAL, link["goal_id"])
            )
    return [
        SessionView(
            **{**row, "id": display_id(RecordKind.SESSION, row["id"])},
            goals=links.get(row["id"], []),
        )
        for row in rows
    ]


def _where(
    client_id: int | None, since: datetime | None, until: datetime | None, status: str | None
) -> tuple[str, dict]:
    where, params = [_LIVE], {}
    if client_id is not None:
        where.append("s.client_id = :client")
        params["client"] = client_id
    if since is not None:
        where.append("s.at >= :since")
        params["since"] = since
    if until is not None:
        where.append("s.at < :until")
        params["until"] = until
    if status is not None:
        where.append("s.status = :status")
        params["status"] = status
    return " AND ".join(where), params


def session_list(
    reader: Reader,
    *,
    client_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    status: str | None = None,
    limit: int | None = None,
    oldest_first: bool = False,
) -> list[SessionView]:
    """Sessions newest first (planned ones in the future included)."""
    where, params = _where(client_id, since, until, status)
    rows = reader.rows(
        f"SELECT {_COLUMNS} {_FROM} WHERE {where} "
        + ("ORDER BY s.at, s.id" if oldest_first else "ORDER BY s.at DESC, s.id DESC")
        + limit_clause(limit),
        **params,
    )
    return _with_goals(reader, rows)


def session_page(
    reader: Reader,
    *,
    limit: int | None,
    client_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    status: str | None = None,
) -> Page[SessionView]:
    """The newest `limit` sessions (all when None), and how many more."""
    shown = session_list(
        reader, client_id=client_id, since=since, until=until, status=status, limit=limit
    )
    where, params = _where(client_id, since, until, status)
    return page(reader, shown, limit, f"SELECT count(*) {_FROM} WHERE {where}", **params)


def session_detail(reader: Reader, number: int) -> SessionDetail:
    record_client(reader, RecordKind.SESSION, number)
    row = reader.row(
        f"SELECT {_COLUMNS}, s.private_notes, s.created_at, s.updated_at {_FROM} "
        "WHERE s.id = :number",
        number=number,
    )
    extra = {key: row.pop(key) for key in ("private_notes", "created_at", "updated_at")}
    (view,) = _with_goals(reader, [row])
    return SessionDetail(**vars(view), **extra)


def last_held(reader: Reader, client_id: int) -> SessionView | None:
    rows = reader.rows(
        f"SELECT {_COLUMNS} {_FROM} WHERE {_LIVE} AND s.client_id = :client "
        "AND s.status = 'held' ORDER BY s.at DESC LIMIT 1",
        client=client_id,
    )
    return _with_goals(reader, rows)[0] if rows else None


def next_planned(reader: Reader, client_id: int, after: datetime) -> SessionView | None:
    rows = reader.rows(
        f"SELECT {_COLUMNS} {_FROM} WHERE {_LIVE} AND s.client_id = :client "
        f"AND {unindexed(reader, 's.status')} = 'planned' AND s.at >= :after "
        "ORDER BY s.at LIMIT 1",
        client=client_id,
        after=after,
    )
    return _with_goals(reader, rows)[0] if rows else None
