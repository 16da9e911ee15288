"""What one side may send the other about one engagement (coachlog.sharing).

The coach sends the client's records as the client may see them: the
columns of `sharing.RECORDS` only, so a private note has no way in. The
client sends only the events they made: answers and check-ins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coachlog.kinds import Author
from coachlog.readers import Reader
from coachlog.sharing import (
    CLIENT_FIELDS,
    EVENT_COMMON,
    EVENTS,
    FORMAT,
    RECORDS,
    SESSION_GOALS,
    VERSION,
    Part,
    encode,
)


def _select(part: Part, where: str) -> str:
    links = part.links
    plain = [f"t.{name}" for name in part.fields if name not in links]
    linked = [f"l_{name}.uuid AS {name}" for name in links]
    joins = "".join(
        f" LEFT JOIN {table} AS l_{name} ON l_{name}.id = t.{name}_id"
        for name, table in links.items()
    )
    columns = ", ".join(["t.id", "t.uuid", "t.created_at", "t.updated_at", *plain, *linked])
    return f"SELECT {columns} FROM {part.table} AS t{joins} WHERE {where} ORDER BY t.id"


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {name: encode(value) for name, value in row.items()}


def _events(reader: Reader, client_id: int, *, only: Author | None) -> dict[str, list]:
    found: dict[str, list] = {}
    for part in EVENTS:
        parent = part.fields[part.parent_column].parent
        where = (
            f"l_{part.parent_column}.client_id = :client "
            f"AND l_{part.parent_column}.deleted_at IS NULL"
        )
        if only is not None:
            where += " AND t.author = :author"
        fields = {**part.fields, **EVENT_COMMON}
        sql = _select(Part(part.key, part.table, fields, parent_column=parent), where)
        rows = reader.rows(sql, client=client_id, author=only.value if only else None)
        found[part.key] = [_clean({k: v for k, v in row.items() if k != "id"}) for row in rows]
    return found


def _header(sender: Author, number: int, made_at: datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "from": sender.value,
        "number": number,
        "made_at": encode(made_at),
    }


def coach_share(reader: Reader, client: dict[str, Any], *, number: int, made_at: datetime):
    """The engagement as the client may see it: never a private note, never
    a record in the trash (its uuid says it was put there), never another
    client's records."""
    document = _header(Author.COACH, number, made_at)
    document["client"] = _clean(
        {name: client[name] for name in ("id", "uuid", "created_at", "updated_at")}
        | {name: client[name] for name in CLIENT_FIELDS}
    )
    records: dict[str, list] = {}
    trashed: list[dict[str, Any]] = []
    for part in RECORDS:
        rows = reader.rows(_select(part, "t.client_id = :client"), client=client["id"])
        live = []
        for row in rows:
            if row.get("deleted_at") is not None:
                trashed.append(
                    _clean(
                        {"uuid": row["uuid"], "kind": part.table, "deleted_at": row["deleted_at"]}
                    )
                )
            else:
                live.append(row)
        if part.table == "session":
            goals: dict[int, list[str]] = {}
            for link in reader.rows(
                "SELECT sg.session_id, g.uuid FROM session_goal AS sg "
                "JOIN goal AS g ON g.id = sg.goal_id JOIN session AS s ON s.id = sg.session_id "
                "WHERE s.client_id = :client AND g.deleted_at IS NULL ORDER BY g.id",
                client=client["id"],
            ):
                goals.setdefault(link["session_id"], []).append(link["uuid"])
            for row in live:
                row[SESSION_GOALS] = goals.get(row["id"], [])
        records[part.key] = [_clean(row) for row in live]
    document["records"] = records
    document["events"] = _events(reader, client["id"], only=None)
    document["trashed"] = trashed
    document["tombstones"] = reader.rows(
        "SELECT uuid, kind FROM tombstone WHERE client_uuid = :client ORDER BY uuid",
        client=client["uuid"],
    )
    return document


def client_share(reader: Reader, client: dict[str, Any], *, number: int, made_at: datetime):
    """What the client made: their answers to requests and advice, and their
    goal check-ins; nothing of the coach's."""
    document = _header(Author.CLIENT, number, made_at)
    document["client"] = {"uuid": client["uuid"]}
    document["events"] = _events(reader, client["id"], only=Author.CLIENT)
    return document


def counts(document: dict[str, Any]) -> dict[str, int]:
    """How many of each kind a share holds, for the line `share` prints."""
    found = {key: len(rows) for key, rows in document.get("records", {}).items()}
    for key, rows in document.get("events", {}).items():
        found[key] = len(rows)
    return found
