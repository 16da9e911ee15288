"""Lookups every read needs: which client, which record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from coachlog.errors import NotFound
from coachlog.kinds import RecordKind, display_id
from coachlog.lookup import ClientRef, pick_client
from coachlog.readers import Reader

LIVE_CLIENTS = "SELECT id, handle, name FROM client WHERE deleted_at IS NULL"
T = TypeVar("T")


@dataclass(eq=False, repr=False)
class ClientBrief:
    """Who a review or report is about."""

    handle: str
    name: str
    organization: str | None
    title: str | None
    status: str


def brief(reader: Reader, client_id: int) -> ClientBrief:
    row = reader.row(
        "SELECT handle, name, organization, title, status FROM client WHERE id = :client",
        client=client_id,
    )
    return ClientBrief(**row)


@dataclass(eq=False, repr=False)
class Page(Generic[T]):
    """The part of a listing that is shown, and how many more there are."""

    shown: list[T]
    more: int = 0


def unindexed(reader: Reader, column: str) -> str:
    """`column`, written so SQLite will not choose an index that starts with
    it. Stores carry no ANALYZE statistics, so for `client_id = :c AND
    status = 'held' AND at < :t` SQLite takes (status, at), which walks every
    client's held sessions, over (client_id, at), which walks one client's.
    A unary `+` is SQLite's documented way to say so; PostgreSQL plans from
    statistics and has no `+` for text."""
    return f"+{column}" if reader.dialect == "sqlite" else column


def limit_clause(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit else ""


def page(reader: Reader, shown: list[T], limit: int | None, count_sql: str, **params) -> Page[T]:
    """`shown` as a page: the rest of `count_sql`'s count is the more."""
    if not limit or len(shown) < limit:
        return Page(shown)
    return Page(shown, max(0, int(reader.value(count_sql, **params)) - len(shown)))


TABLES = {
    RecordKind.GOAL: "goal",
    RecordKind.SESSION: "session",
    RecordKind.REQUEST: "request",
    RecordKind.ADVICE: "advice",
}


def find_client(reader: Reader, text: str) -> ClientRef:
    """The live client `text` means: exact handle, else a unique prefix."""
    exact = reader.row(LIVE_CLIENTS + " AND handle = :handle", handle=text.strip())
    if exact is not None:
        return ClientRef(**exact)
    return pick_client(text, [ClientRef(**row) for row in reader.rows(LIVE_CLIENTS)])


def links(row: dict) -> dict[str, str | None]:
    """A request's or advice's live goal and session (`goal_id`, `session_id`
    columns, popped from `row`) as display ids."""
    goal, session = row.pop("goal_id"), row.pop("session_id")
    return {
        "goal": display_id(RecordKind.GOAL, goal) if goal else None,
        "session": display_id(RecordKind.SESSION, session) if session else None,
    }


def only_active_client(reader: Reader) -> ClientRef | None:
    rows = reader.rows(LIVE_CLIENTS + " AND status = 'active' LIMIT 2")
    return ClientRef(**rows[0]) if len(rows) == 1 else None


def record_client(reader: Reader, kind: RecordKind, number: int) -> ClientRef:
    """The client of a live record, or NotFound naming the record."""
    row = reader.row(
        f"SELECT c.id, c.handle, c.name FROM {TABLES[kind]} AS r "
        "JOIN client AS c ON c.id = r.client_id "
        "WHERE r.id = :number AND r.deleted_at IS NULL AND c.deleted_at IS NULL",
        number=number,
    )
    if row is None:
        raise NotFound(f"no {kind.noun} {display_id(kind, number)}.")
    return ClientRef(**row)
