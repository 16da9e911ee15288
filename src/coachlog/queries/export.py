"""The complete store as an export document (the coach's own copy: private
notes and records in the trash included)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coachlog.exchange import FORMAT, KINDS, SESSION_GOALS, VERSION, Kind
from coachlog.readers import Reader


def _select(kind: Kind, client_id: int | None) -> tuple[str, dict[str, Any]]:
    parents = "".join(
        f", p{index}.uuid AS {kind.parent_field(column)}"
        for index, column in enumerate(kind.parents)
    )
    joins = "".join(
        f" LEFT JOIN {table} AS p{index} ON p{index}.id = t.{column}"
        for index, (column, table) in enumerate(kind.parents.items())
    )
    columns = ", ".join(f"t.{column}" for column in kind.columns)
    sql = (
        f"SELECT t.id, t.uuid, t.created_at, t.updated_at{parents}, {columns} "
        f"FROM {kind.table} AS t{joins}"
    )
    params: dict[str, Any] = {}
    if client_id is not None:
        sql += f" WHERE {kind.owner} = :client"
        params["client"] = client_id
    return sql + " ORDER BY t.id", params


def records(reader: Reader, *, client_id: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every record of every kind, parents referred to by uuid."""
    found: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        sql, params = _select(kind, client_id)
        found[kind.key] = rows = reader.rows(sql, **params)
        if kind.table == "session":
            links: dict[int, list[str]] = {}
            for link in reader.rows(
                "SELECT sg.session_id, g.uuid FROM session_goal AS sg "
                "JOIN goal AS g ON g.id = sg.goal_id ORDER BY sg.session_id, g.id"
            ):
                links.setdefault(link["session_id"], []).append(link["uuid"])
            for row in rows:
                row[SESSION_GOALS] = links.get(row["id"], [])
        for row in rows:
            del row["id"]
    return found


def document(reader: Reader, *, now: datetime, client_id: int | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now,
        "records": records(reader, client_id=client_id),
    }
