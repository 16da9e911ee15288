"""What is in the trash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coachlog.kinds import RecordKind, display_id
from coachlog.queries.common import Page, limit_clause, page
from coachlog.readers import Reader


@dataclass(eq=False, repr=False)
class TrashItem:
    """Something in the trash, and when it was deleted."""

    id: str  # a display id, or a client's handle
    kind: str
    client: str
    what: str
    deleted_at: datetime


# Each kind: its table and what describes it in a line (never private notes).
DESCRIBED = (
    (RecordKind.GOAL, "goal", "t.title"),
    (RecordKind.SESSION, "session", "coalesce(t.notes, '')"),
    (RecordKind.REQUEST, "request", "t.text"),
    (RecordKind.ADVICE, "advice", "t.text"),
)
NOUNS = {kind.noun: kind for kind, _table, _described in DESCRIBED}

# Trashed clients, and trashed records of clients still in use: what a purge
# of the whole trash erases (a trashed client's own records go with it). In a
# client's own store, what the coach trashed is the coach's, not listed here.
TRASHED = " UNION ALL ".join(
    [
        "SELECT 'client' AS kind, NULL AS number, handle, name AS what, deleted_at "
        "FROM client WHERE deleted_at IS NOT NULL",
        *(
            f"SELECT '{kind.noun}' AS kind, t.id AS number, c.handle, {described} AS what, "
            f"t.deleted_at FROM {table} AS t JOIN client AS c ON c.id = t.client_id "
            "WHERE t.deleted_at IS NOT NULL AND c.deleted_at IS NULL AND c.coach_key IS NULL"
            for kind, table, described in DESCRIBED
        ),
    ]
)


def _item(row: dict) -> TrashItem:
    if row["kind"] == "client":
        return TrashItem(row["handle"], "client", row["handle"], row["what"], row["deleted_at"])
    return TrashItem(
        id=display_id(NOUNS[row["kind"]], row["number"]),
        kind=row["kind"],
        client=row["handle"],
        what=(row["what"].strip().splitlines() or [""])[0],
        deleted_at=row["deleted_at"],
    )


def trash_page(reader: Reader, *, limit: int | None) -> Page[TrashItem]:
    """The `limit` most recently trashed (all when None), newest first, and
    how many more there are."""
    shown = [
        _item(row)
        for row in reader.rows(
            f"SELECT * FROM ({TRASHED}) AS trashed "
            "ORDER BY deleted_at DESC, kind, number DESC" + limit_clause(limit)
        )
    ]
    return page(reader, shown, limit, f"SELECT count(*) FROM ({TRASHED}) AS trashed")
