"""Writers: the journal's writes as plain SQL with `:named` parameters, on
the same connection kinds as the readers (`sqlite3` on a SQLite store,
SQLAlchemy `text()` on a server), so a write imports no ORM (DESIGN §6).

What a new row needs (its columns, defaults, uuid and time stamps) comes
from `coachlog.tables`, generated from `coachlog.models`: one schema source.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from coachlog import tables
from coachlog.readers import Reader, SQLAlchemyReader, SQLiteReader, sqlite_text


class Row(dict):
    """A record as the journal handles it: a dict whose columns also read as
    attributes (`session.notes`)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


_KNOWN = {table: frozenset(columns) for table, columns in tables.COLUMNS.items()}


def _columns(table: str, values: dict[str, Any]) -> None:
    unknown = values.keys() - _KNOWN[table]
    if unknown:
        raise ValueError(f"{table} has no column {', '.join(sorted(unknown))}")


_INSERTS: dict[tuple[str, tuple[str, ...]], str] = {}


def _insert_sql(table: str, names: tuple[str, ...]) -> str:
    """INSERT for these columns of `table`: made once per run (a merge adds
    a thousand rows through a handful of them)."""
    sql = _INSERTS.get((table, names))
    if sql is None:
        sql = _INSERTS[table, names] = (
            f"INSERT INTO {table} ({', '.join(names)}) "
            f"VALUES ({', '.join(':' + name for name in names)})"
        )
    return sql


class Recording:
    """What one write transaction changed, for `coachlog undo` (journal/undo.py
    keeps it at commit): each row it touched, as (table, key, the row before:
    None for a row it inserted). A row's first touch holds the state to go
    back to, so later touches add nothing.

    `refused` says why the transaction cannot be undone (an import, a
    receive, a share, a purge): from then on nothing is recorded, and the
    change log is replaced by that reason if the transaction changed
    anything (`changed`), so no older change is undone across it."""

    __slots__ = ("changed", "command", "refused", "rows", "seen")

    def __init__(self, command: str | None) -> None:
        self.command = command
        self.rows: list[tuple[str, tuple, Row | None]] = []
        self.seen: set[tuple[str, tuple]] = set()
        self.refused: str | None = None
        self.changed = False

    def first_touch(self, table: str, key: tuple) -> bool:
        if self.refused is not None:
            self.changed = True
            return False
        if (table, key) in self.seen:
            return False
        self.seen.add((table, key))
        return True


class Writer(Reader):
    """Runs the write side's SQL inside the one transaction the store opened."""

    now: Callable[[], datetime]
    # Set by the store for a command's transaction; None records nothing.
    recording: Recording | None = None

    def execute(self, sql: str, **params: Any) -> int:
        """Run one statement; return how many rows it changed."""
        raise NotImplementedError

    def _insert_returning(self, sql: str, params: dict[str, Any]) -> int | None:
        raise NotImplementedError

    def insert(self, table: str, **values: Any) -> Row:
        """Add a row: defaults, a new uuid and the time stamps filled in as
        the models define them. Returns the row as stored, with its id."""
        _columns(table, values)
        row = {**tables.DEFAULTS[table], **values}
        if table in tables.STAMPED:
            if "uuid" not in row:  # (not setdefault: a merge gives every uuid)
                row["uuid"] = str(uuid.uuid4())
            if "created_at" not in row:  # the clock is read only when needed (a merge gives it)
                row["created_at"] = self.now().astimezone(UTC)
            row.setdefault("updated_at", row["created_at"])
        missing = [name for name in tables.REQUIRED[table] if row.get(name) is None]
        if missing:
            raise ValueError(f"a new {table} row needs {', '.join(missing)}")
        sql = _insert_sql(table, tuple(name for name in tables.COLUMNS[table] if name in row))
        if tables.KEY[table] == ("id",) and "id" not in row:
            row["id"] = self._insert_returning(sql + " RETURNING id", row)
        else:
            self.execute(sql, **row)
        recording = self.recording
        if recording is not None:
            key = tuple(row[name] for name in tables.KEY[table])
            if recording.first_touch(table, key):
                recording.rows.append((table, key, None))
        return Row({name: row.get(name) for name in tables.COLUMNS[table]})

    def update(self, table: str, number: int, **values: Any) -> None:
        """Change some columns of one row; its `updated_at` follows."""
        _columns(table, values)
        self._before(table, number)
        if table in tables.STAMPED:
            values.setdefault("updated_at", self.now().astimezone(UTC))
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        self.execute(f"UPDATE {table} SET {assignments} WHERE id = :_id", _id=number, **values)

    def get(self, table: str, number: int) -> Row | None:
        found = self.row(f"SELECT * FROM {table} WHERE id = :id", id=number)
        return None if found is None else Row(found)

    def delete(self, table: str, number: int) -> None:
        self._before(table, number)
        self.execute(f"DELETE FROM {table} WHERE id = :id", id=number)

    def delete_rows(self, table: str, **equal: Any) -> None:
        """Delete the rows whose columns hold these values (a session's goal
        links), each recorded for undo as it was."""
        _columns(table, equal)
        where = " AND ".join(f"{name} = :{name}" for name in equal)
        recording = self.recording
        if recording is None:
            self.execute(f"DELETE FROM {table} WHERE {where}", **equal)
            return
        found = self.rows(f"SELECT * FROM {table} WHERE {where}", **equal)
        for before in found:
            key = tuple(before[name] for name in tables.KEY[table])
            if recording.first_touch(table, key):
                recording.rows.append((table, key, Row(before)))
        if found:
            self.execute(f"DELETE FROM {table} WHERE {where}", **equal)

    def _before(self, table: str, number: int) -> None:
        """Record what row `number` holds before this transaction first
        changes it: one SELECT per row, only while recording."""
        recording = self.recording
        if recording is not None and recording.first_touch(table, (number,)):
            recording.rows.append((table, (number,), self.get(table, number)))

    def not_undoable(self, why: str, *, changed: bool = False) -> None:
        """This transaction cannot be undone, `why` (with what to do
        instead): nothing more is recorded, and if it changes the store (any
        insert, update or delete from here on, or `changed`) the change log
        says so instead of naming an older change undo could take back."""
        recording = self.recording
        if recording is not None:
            # The rows recorded so far only name the change now (journal/undo.py).
            recording.changed = recording.changed or changed or bool(recording.rows)
            recording.refused = why

    def mark_changed(self) -> None:
        """Plain SQL changed the store in a transaction that cannot be undone."""
        if self.recording is not None:
            self.recording.changed = True


class SQLiteWriter(SQLiteReader, Writer):
    def __init__(
        self, connection, now: Callable[[], datetime], recording: Recording | None = None
    ) -> None:
        super().__init__(connection)
        self.now = now
        self.recording = recording

    def execute(self, sql: str, **params: Any) -> int:
        bound = {name: sqlite_text(value) for name, value in params.items()}
        return self.connection.execute(sql, bound).rowcount

    def _insert_returning(self, sql: str, params: dict[str, Any]) -> int | None:
        # lastrowid rather than RETURNING: SQLite before 3.35 has no RETURNING.
        bound = {name: sqlite_text(value) for name, value in params.items()}
        return self.connection.execute(sql.removesuffix(" RETURNING id"), bound).lastrowid


class SQLAlchemyWriter(SQLAlchemyReader, Writer):
    def __init__(
        self, connection, now: Callable[[], datetime], recording: Recording | None = None
    ) -> None:
        super().__init__(connection)
        self.now = now
        self.recording = recording

    def _bound(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.sqlite:
            return {name: sqlite_text(value) for name, value in params.items()}
        return params

    def execute(self, sql: str, **params: Any) -> int:
        from sqlalchemy import text

        return self.connection.execute(text(sql), self._bound(params)).rowcount

    def _insert_returning(self, sql: str, params: dict[str, Any]) -> int | None:
        from sqlalchemy import text

        return self.connection.execute(text(sql), self._bound(params)).scalar_one()
