"""Requests and advice as the client and coach see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from coachlog.kinds import RecordKind, display_id
from coachlog.queries.common import Page, limit_clause, links, page, record_client
from coachlog.readers import Reader

OPEN_STATES = ("proposed", "countered", "accepted")
AWAITING_STATES = ("proposed", "countered")


@dataclass(eq=False, repr=False)
class RequestEventView:
    """A step in a request's life: its answer, counter-offer or outcome."""

    at: datetime
    from_state: str | None
    to_state: str
    text: str | None
    due_date: date | None
    note: str | None


@dataclass(eq=False, repr=False)
class RequestView:
    """A request as `requests` and `request show` present it."""

    id: str
    client: str
    text: str
    state: str
    due_date: date | None
    overdue: bool
    goal: str | None
    session: str | None
    counter_text: str | None
    counter_due: date | None
    note: str | None
    created_at: datetime
    updated_at: datetime
    history: list[RequestEventView] = field(default_factory=list)


# Soft-deleted goals and sessions are shown unlinked (DESIGN §5).
_SELECT = (
    "SELECT r.id, c.handle AS client, r.text, r.state, r.due_date, "
    "(r.state = 'accepted' AND r.due_date IS NOT NULL AND r.due_date < :today) AS overdue, "
    "g.id AS goal_id, s.id AS session_id, r.counter_text, r.counter_due, r.note, "
    "r.created_at, r.updated_at"
)
_FROM = (
    "FROM request AS r JOIN client AS c ON c.id = r.client_id "
    "LEFT JOIN goal AS g ON g.id = r.goal_id AND g.deleted_at IS NULL "
    "LEFT JOIN session AS s ON s.id = r.session_id AND s.deleted_at IS NULL"
)
_LIVE = "r.deleted_at IS NULL AND c.deleted_at IS NULL"


def request_view(row: dict) -> RequestView:
    row["id"] = display_id(RecordKind.REQUEST, row["id"])
    row["overdue"] = bool(row["overdue"])
    linked = links(row)
    return RequestView(**row, **linked)


def _where(
    today: date,
    client_id: int | None,
    states: tuple[str, ...] | None,
    overdue_only: bool,
    moved_since: datetime | None,
) -> tuple[str, dict]:
    where, params = [_LIVE], {"today": today}
    if client_id is not None:
        where.append("r.client_id = :client")
        params["client"] = client_id
    if states:
        names = {f"state{index}": state for index, state in enumerate(states)}
        where.append(f"r.state IN ({', '.join(':' + name for name in names)})")
        params.update(names)
    if overdue_only:
        where.append("r.state = 'accepted' AND r.due_date < :today")
    if moved_since is not None:
        where.append(
            "EXISTS (SELECT 1 FROM request_event AS e WHERE e.request_id = r.id "
            "AND e.to_state = r.state AND e.at >= :since)"
        )
        params["since"] = moved_since
    return " AND ".join(where), params


def request_list(
    reader: Reader,
    *,
    today: date,
    client_id: int | None = None,
    states: tuple[str, ...] | None = OPEN_STATES,
    overdue_only: bool = False,
    moved_since: datetime | None = None,
    limit: int | None = None,
) -> list[RequestView]:
    """Requests by due date (undated last), then age; `states=None` for all;
    `moved_since`: only those whose last move was at or after that time."""
    where, params = _where(today, client_id, states, overdue_only, moved_since)
    rows = reader.rows(
        f"{_SELECT} {_FROM} WHERE {where} "
        "ORDER BY r.due_date IS NULL, r.due_date, r.id" + limit_clause(limit),
        **params,
    )
    return [request_view(row) for row in rows]


def request_page(
    reader: Reader,
    *,
    today: date,
    limit: int | None,
    client_id: int | None = None,
    states: tuple[str, ...] | None = OPEN_STATES,
    overdue_only: bool = False,
) -> Page[RequestView]:
    """The first `limit` requests by due date (all when None), and how many more."""
    shown = request_list(
        reader,
        today=today,
        client_id=client_id,
        states=states,
        overdue_only=overdue_only,
        limit=limit,
    )
    where, params = _where(today, client_id, states, overdue_only, None)
    return page(reader, shown, limit, f"SELECT count(*) {_FROM} WHERE {where}", **params)


def request_detail(reader: Reader, number: int, *, today: date) -> RequestView:
    record_client(reader, RecordKind.REQUEST, number)
    view = request_view(
        reader.row(f"{_SELECT} {_FROM} WHERE r.id = :number", number=number, today=today)
    )
    view.history = [
        RequestEventView(**row)
        for row in reader.rows(
            "SELECT at, from_state, to_state, text, due_date, note FROM request_event "
            "WHERE request_id = :number ORDER BY seq, at, uuid",
            number=number,
        )
    ]
    return view
