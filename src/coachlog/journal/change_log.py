"""Keeping the last change for `coachlog undo`, at the end of every write
transaction (store.writing_sql calls `keep` just before it commits). Kept
apart from journal/undo.py so that a record command loads only this.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from coachlog import tables
from coachlog.kinds import RecordKind, display_id
from coachlog.readers import Reader
from coachlog.writer import Recording, Writer

KINDS = {
    "goal": RecordKind.GOAL,
    "session": RecordKind.SESSION,
    "request": RecordKind.REQUEST,
    "advice": RecordKind.ADVICE,
}
# A row that belongs to a record: (the record's table, the column naming it).
PARENTS = {
    "goal_update": ("goal", "goal_id"),
    "request_event": ("request", "request_id"),
    "advice_event": ("advice", "advice_id"),
    "session_goal": ("session", "session_id"),
}


def _plain(value: object) -> str:
    """A time (in UTC) or a date, as JSON holds it: ISO-8601."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not kept in the change log")


def keep(db: Writer) -> None:
    """Replace the change log with what this transaction changed."""
    recording = db.recording
    assert recording is not None
    db.recording = None  # the log's own rows are not part of the change
    if recording.refused is not None:
        content: dict[str, Any] = {"refused": recording.refused}
    else:
        content = {
            "rows": [
                {"table": table, "key": list(key), "before": before}
                for table, key, before in recording.rows
            ]
        }
    named = name(db, recording)
    db.execute("DELETE FROM change")
    db.insert(
        "change",
        at=db.now().astimezone(UTC),
        command=named[:200],
        rows=json.dumps(content, default=_plain, ensure_ascii=False),
    )


def name(db: Reader, recording: Recording) -> str:
    """`session add S3 for jane-doe`: the command, and the record it changed
    (the first record it touched; else the record an event or a link it
    touched belongs to)."""
    command = recording.command or "a change"
    ranked = sorted(recording.rows, key=lambda row: row[0] not in KINDS and row[0] != "client")
    for table, key, before in ranked:
        subject = _subject(db, table, key, before)
        if subject:
            return f"{command} {subject}"
    return command


def current(db: Reader, table: str, key: tuple | list) -> dict[str, Any] | None:
    """The row with this key, as it is now."""
    where = " AND ".join(f"{column} = :k{n}" for n, column in enumerate(tables.KEY[table]))
    return db.row(
        f"SELECT * FROM {table} WHERE {where}", **{f"k{n}": value for n, value in enumerate(key)}
    )


def handle(db: Reader, client_id: int | None) -> str | None:
    if client_id is None:
        return None
    return db.value("SELECT handle FROM client WHERE id = :id", id=client_id)


def _subject(db: Reader, table: str, key: tuple | list, before: dict | None) -> str:
    row = current(db, table, key) or before
    if row is None:
        return ""
    if table in PARENTS:
        parent, column = PARENTS[table]
        return _subject(db, parent, (row[column],), None)
    if table == "client":
        return row["handle"]
    owner = handle(db, row.get("client_id"))
    of = f" for {owner}" if owner else ""
    if table in KINDS:
        return f"{display_id(KINDS[table], row['id'])}{of}"
    return of.strip()
