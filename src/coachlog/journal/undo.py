"""`coachlog undo`: take the last change back.

Every record command's write transaction records, for each row it touches,
what the row held before (`writer.Recording`), and at commit
`change_log.keep` writes it to the `change` table as ONE row, replacing the
one before: only the last change can be undone, and the private notes a
before-image copies live no longer than the next change. What cannot be
undone (an import, a receive, a share, a purge, a restore) replaces it with
the reason instead, so no older change is undone across it; a purge so also
erases the last change's copy of what it purged.

Undo works on rows, not on meanings: an inserted row is deleted, an updated
or deleted one is put back as it was (search index included: SQLite's
triggers follow the rows; PostgreSQL searches the tables themselves). The
rows are put back as they were, time stamps too, so the records' events and
their replay (journal/history.py) agree again.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from coachlog import tables
from coachlog.errors import Conflict
from coachlog.journal.change_log import KINDS, PARENTS, current, handle
from coachlog.kinds import RecordKind, display_id
from coachlog.readers import Reader
from coachlog.writer import Writer

# Why what cannot be undone cannot, and what to do instead.
IMPORTED = (
    "an import merges a file's records by uuid and undo cannot take it apart; restore a "
    "backup from before it instead (coachlog restore FILE)."
)
RECEIVED = (
    "it merged a bundle from your partner, and taking that back here alone would part your "
    "store from theirs; restore a backup from before it if you must (coachlog restore FILE)."
)
SHARED = (
    "a bundle went to your partner, and undoing what it carried would part your store from "
    "theirs; make the correction as a new change (an edit, a delete, coachlog trash "
    "restore) and share again."
)
PURGED = (
    "what a purge erases is gone for good; a backup from before it may still hold it "
    "(coachlog restore FILE)."
)


def restored(saved: str | None) -> str:
    where = f"; the store as it was is in {saved} (coachlog restore {saved})" if saved else ""
    return f"the store was replaced by a backup{where}."


# -- undoing ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """The last change, as `undo` shows it."""

    id: int
    command: str
    at: datetime
    rows: list[dict[str, Any]]
    discarded: tuple[str, ...] = ()  # sessions whose notes undoing it took away


def _typed(table: str, before: dict[str, Any] | None) -> dict[str, Any] | None:
    """A before-image read back from JSON: times and dates typed again."""
    if before is None:
        return None
    typed = dict(before)
    for column, value in before.items():
        if value is None:
            continue
        if column in tables.TIMES[table]:
            typed[column] = datetime.fromisoformat(value).astimezone(UTC)
        elif column.endswith(("_date", "_due")):
            typed[column] = date.fromisoformat(value)
    return typed


def last_change(db: Reader, *, lock: bool = False) -> Change:
    """The change `undo` would take back, or why there is none to take.
    With `lock`, a PostgreSQL server holds it for this transaction (SQLite's
    write transaction holds the whole store already): another command's
    change waits until the undo is done."""
    from coachlog.render.text import when

    locked = " FOR UPDATE" if lock and db.dialect == "postgresql" else ""
    found = db.row(f"SELECT * FROM change ORDER BY id DESC LIMIT 1{locked}")
    if found is None:
        raise Conflict("nothing to undo: no change is recorded in this store yet.")
    said = f"{found['command']} ({when(found['at'])})"
    if found["undone_at"] is not None:
        raise Conflict(
            f"nothing to undo: the last change, {said}, was already undone (only the last "
            "change can be)."
        )
    content = json.loads(found["rows"])
    if "refused" in content:
        raise Conflict(f"the last change, {said}, cannot be undone: {content['refused']}")
    rows = [
        {"table": row["table"], "key": row["key"], "before": _typed(row["table"], row["before"])}
        for row in content["rows"]
    ]
    return Change(found["id"], found["command"], found["at"], rows)


def effects(db: Reader, change: Change) -> list[str]:
    """What undoing `change` does, one line a row, in the order it is done."""
    return [_effect(db, **row) for row in reversed(change.rows)]


def _what(db: Reader, table: str, row: dict[str, Any]) -> str:
    if table == "client":
        return f"client {row['handle']}"
    if table in KINDS:
        return f"{KINDS[table].noun} {display_id(KINDS[table], row['id'])}"
    if table == "session_goal":
        session = display_id(RecordKind.SESSION, row["session_id"])
        goal = display_id(RecordKind.GOAL, row["goal_id"])
        return f"the link of session {session} to goal {goal}"
    if table in PARENTS:
        parent, column = PARENTS[table]
        record = f"{parent} {display_id(KINDS[parent], row[column])}"
        if table == "goal_update":
            return f"the check-in of {record} at {row['progress']}%"
        if table == "request_event":
            return f"the move of {record} to {row['to_state']}"
        return f"the answer {row['to_response']} to {record}"
    if table == "agreement":
        return f"agreement revision {row['revision']} of {handle(db, row['client_id'])}"
    return f"a {table} row"


def _effect(db: Reader, table: str, key: list, before: dict[str, Any] | None) -> str:
    now = current(db, table, key)
    row = now or before
    if row is None:
        return f"remove a {table} row (already gone)"
    what = _what(db, table, row)
    if before is None:
        return f"remove {what}"
    if now is None:
        return f"bring back {what}"
    changed = [
        column
        for column, value in before.items()
        if column != "updated_at" and now.get(column) != value
    ]
    if changed == ["deleted_at"] and before["deleted_at"] is None:
        return f"take {what} out of the trash"
    if not changed:
        return f"keep {what} as it is"
    return f"put back {what}'s {', '.join(column.replace('_', ' ') for column in changed)}"


NOTES = ("notes", "private_notes")


def notes_lost(db: Reader, change: Change) -> list[str]:
    """The sessions whose notes undoing `change` would discard: written by
    the change (an add, an edit) and found nowhere else once it is undone."""
    lost = []
    for row in change.rows:
        if row["table"] != "session":
            continue
        now = current(db, "session", row["key"]) or {}
        before = row["before"] or {}
        if any(now.get(column) and now.get(column) != before.get(column) for column in NOTES):
            lost.append(display_id(RecordKind.SESSION, row["key"][0]))
    return lost


def undo(*, db: Writer, now: datetime) -> Change:
    """Take the last change back, in this transaction, and mark it undone:
    its rows as they were before it, its copies of them erased."""
    change = last_change(db, lock=True)
    discarded = notes_lost(db, change)
    db.recording = None  # undoing is not a change to undo in turn
    for row in reversed(change.rows):
        _put_back(db, row["table"], row["key"], row["before"])
    db.execute(
        "UPDATE change SET undone_at = :now, rows = :rows WHERE id = :id",
        now=now.astimezone(UTC),
        rows=json.dumps({"rows": []}),
        id=change.id,
    )
    if discarded and db.dialect == "sqlite":
        # Notes taken back are gone as a purge leaves them: FTS5 keeps a
        # deleted row's words until its segments merge, so merge them now.
        db.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
    return replace(change, discarded=tuple(discarded))


def _put_back(db: Writer, table: str, key: list, before: dict[str, Any] | None) -> None:
    columns = tables.KEY[table]
    where = " AND ".join(f"{column} = :k{n}" for n, column in enumerate(columns))
    keys = {f"k{n}": value for n, value in enumerate(key)}
    if before is None:
        if not db.execute(f"DELETE FROM {table} WHERE {where}", **keys):
            raise Conflict(
                "the store changed since the last change (a row it added is gone), so it "
                "cannot be undone; nothing was changed."
            )
        return
    values = {column: value for column, value in before.items() if column not in columns}
    if db.row(f"SELECT 1 AS found FROM {table} WHERE {where}", **keys) is None:
        names = list(before)
        db.execute(
            f"INSERT INTO {table} ({', '.join(names)}) "
            f"VALUES ({', '.join(':' + name for name in names)})",
            **before,
        )
    elif values:
        assignments = ", ".join(f"{column} = :{column}" for column in values)
        db.execute(f"UPDATE {table} SET {assignments} WHERE {where}", **keys, **values)


def after_restore(
    connection: sqlite3.Connection, source: str, saved: str | None, at: datetime
) -> None:
    """A restored store's change log names the restore, not the backup's own
    last change: undo never reaches back across a restore."""
    from coachlog.readers import sqlite_text

    has_log = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'change'"
    ).fetchone()
    if has_log is None:  # a backup from before the change log: nothing to undo
        return
    connection.execute("PRAGMA secure_delete = ON")
    with connection:
        connection.execute("DELETE FROM change")
        connection.execute(
            "INSERT INTO change (at, command, rows) VALUES (?, ?, ?)",
            (
                sqlite_text(at),
                f"restore {source}"[:200],
                json.dumps({"refused": restored(saved)}, ensure_ascii=False),
            ),
        )
