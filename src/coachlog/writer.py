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


def _columns(table: str, values: dict[str, Any]) -> None:
    unknown = set(values) - set(tables.COLUMNS[table])
    if unknown:
        raise ValueError(f"{table} has no column {', '.join(sorted(unknown))}")


class Writer(Reader):
    """Runs the write side's SQL inside the one transaction the store opened."""

    now: Callable[[], datetime]

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
            row.setdefault("uuid", str(uuid.uuid4()))
            if "created_at" not in row:  # the clock is read only when needed (a merge gives it)
                row["created_at"] = self.now().astimezone(UTC)
            row.setdefault("updated_at", row["created_at"])
        missing = [name for name in tables.REQUIRED[table] if row.get(name) is None]
        if missing:
            raise ValueError(f"a new {table} row needs {', '.join(missing)}")
        names = [name for name in tables.COLUMNS[table] if name in row]
        sql = (
            f"INSERT INTO {table} ({', '.join(names)}) "
            f"VALUES ({', '.join(':' + name for name in names)})"
        )
        if tables.KEY[table] == ("id",) and "id" not in row:
            row["id"] = self._insert_returning(sql + " RETURNING id", row)
        else:
            self.execute(sql, **row)
        return Row({name: row.get(name) for name in tables.COLUMNS[table]})

    def update(self, table: str, number: int, **values: Any) -> None:
        """Change some columns of one row; its `updated_at` follows."""
        _columns(table, values)
        if table in tables.STAMPED:
            values.setdefault("updated_at", self.now().astimezone(UTC))
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        self.execute(f"UPDATE {table} SET {assignments} WHERE id = :_id", _id=number, **values)

    def get(self, table: str, number: int) -> Row | None:
        found = self.row(f"SELECT * FROM {table} WHERE id = :id", id=number)
        return None if found is None else Row(found)

    def delete(self, table: str, number: int) -> None:
        self.execute(f"DELETE FROM {table} WHERE id = :id", id=number)


class SQLiteWriter(SQLiteReader, Writer):
    def __init__(self, connection, now: Callable[[], datetime]) -> None:
        super().__init__(connection)
        self.now = now

    def execute(self, sql: str, **params: Any) -> int:
        bound = {name: sqlite_text(value) for name, value in params.items()}
        return self.connection.execute(sql, bound).rowcount

    def _insert_returning(self, sql: str, params: dict[str, Any]) -> int | None:
        # lastrowid rather than RETURNING: SQLite before 3.35 has no RETURNING.
        bound = {name: sqlite_text(value) for name, value in params.items()}
        return self.connection.execute(sql.removesuffix(" RETURNING id"), bound).lastrowid


class SQLAlchemyWriter(SQLAlchemyReader, Writer):
    def __init__(self, connection, now: Callable[[], datetime]) -> None:
        super().__init__(connection)
        self.now = now

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
