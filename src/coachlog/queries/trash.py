"""What is in the trash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coachlog.kinds import RecordKind, display_id
from coachlog.readers import Reader


@dataclass
class TrashItem:
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


def trash(reader: Reader) -> list[TrashItem]:
    """Trashed clients, and trashed records of clients still in use, newest first."""
    items = [
        TrashItem(
            id=row["handle"],
            kind="client",
            client=row["handle"],
            what=row["name"],
            deleted_at=row["deleted_at"],
        )
        for row in reader.rows(
            "SELECT handle, name, deleted_at FROM client WHERE deleted_at IS NOT NULL"
        )
    ]
    for kind, table, described in DESCRIBED:
        for row in reader.rows(
            f"SELECT t.id, c.handle, {described} AS what, t.deleted_at FROM {table} AS t "
            "JOIN client AS c ON c.id = t.client_id "
            "WHERE t.deleted_at IS NOT NULL AND c.deleted_at IS NULL"
        ):
            first_line = (row["what"].strip().splitlines() or [""])[0]
            items.append(
                TrashItem(
                    id=display_id(kind, row["id"]),
                    kind=kind.noun,
                    client=row["handle"],
                    what=first_line,
                    deleted_at=row["deleted_at"],
                )
            )
    return sorted(items, key=lambda item: item.deleted_at, reverse=True)
