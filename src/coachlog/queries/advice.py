"""Advice, opinions and suggestions, with the client's answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from coachlog.kinds import RecordKind, display_id
from coachlog.queries.common import Page, limit_clause, links, page, record_client
from coachlog.readers import Reader


@dataclass(eq=False, repr=False)
class AnswerView:
    """A client's answer to advice, or a change of it."""

    at: datetime
    from_response: str | None
    to_response: str
    note: str | None


@dataclass(eq=False, repr=False)
class AdviceView:
    """Advice as `advice list` and `advice show` present it."""

    id: str
    client: str
    text: str
    kind: str
    response: str
    response_note: str | None
    responded_at: datetime | None
    goal: str | None
    session: str | None
    created_at: datetime
    history: list[AnswerView] = field(default_factory=list)


_SELECT = (
    "SELECT a.id, c.handle AS client, a.text, a.kind, a.response, a.response_note, "
    "a.responded_at, g.id AS goal_id, s.id AS session_id, a.created_at"
)
_FROM = (
    "FROM advice AS a JOIN client AS c ON c.id = a.client_id "
    "LEFT JOIN goal AS g ON g.id = a.goal_id AND g.deleted_at IS NULL "
    "LEFT JOIN session AS s ON s.id = a.session_id AND s.deleted_at IS NULL"
)
_LIVE = "a.deleted_at IS NULL AND c.deleted_at IS NULL"


def advice_view(row: dict) -> AdviceView:
    row["id"] = display_id(RecordKind.ADVICE, row["id"])
    linked = links(row)
    return AdviceView(**row, **linked)


def _where(
    client_id: int | None, pending_only: bool, answered_since: datetime | None
) -> tuple[str, dict]:
    where, params = [_LIVE], {}
    if client_id is not None:
        where.append("a.client_id = :client")
        params["client"] = client_id
    if pending_only:
        where.append("a.response = 'pending'")
    if answered_since is not None:
        where.append("a.response <> 'pending' AND a.responded_at >= :since")
        params["since"] = answered_since
    return " AND ".join(where), params


def advice_list(
    reader: Reader,
    *,
    client_id: int | None = None,
    pending_only: bool = False,
    answered_since: datetime | None = None,
    limit: int | None = None,
) -> list[AdviceView]:
    """Advice, pending first, then newest first; `answered_since`: only
    advice answered at or after that time."""
    where, params = _where(client_id, pending_only, answered_since)
    rows = reader.rows(
        f"{_SELECT} {_FROM} WHERE {where} "
        "ORDER BY a.response <> 'pending', a.created_at DESC, a.id DESC" + limit_clause(limit),
        **params,
    )
    return [advice_view(row) for row in rows]


def advice_page(
    reader: Reader, *, limit: int | None, client_id: int | None = None, pending_only: bool = False
) -> Page[AdviceView]:
    """The first `limit` pieces of advice (all when None), and how many more."""
    shown = advice_list(reader, client_id=client_id, pending_only=pending_only, limit=limit)
    where, params = _where(client_id, pending_only, None)
    return page(reader, shown, limit, f"SELECT count(*) {_FROM} WHERE {where}", **params)


def advice_detail(reader: Reader, number: int) -> AdviceView:
    record_client(reader, RecordKind.ADVICE, number)
    view = advice_view(reader.row(f"{_SELECT} {_FROM} WHERE a.id = :number", number=number))
    view.history = [
        AnswerView(**row)
        for row in reader.rows(
            "SELECT at, from_response, to_response, note FROM advice_event "
            "WHERE advice_id = :number ORDER BY seq, at, uuid",
            number=number,
        )
    ]
    return view
