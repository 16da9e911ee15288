"""Readers: the read side's SQL (`:named` parameters) over one connection,
returning dict rows with times and dates typed. `coachlog.store` opens the
connection; the queries never know which kind it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

SQLITE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def sqlite_text(value: Any) -> Any:
    """A parameter as SQLite stores it: times as naive UTC text, one format."""
    if isinstance(value, datetime):
        # SQLITE_TIME_FORMAT, written by isoformat (strftime costs twice as much)
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    """Turn stored time text back into values: `at`/`*_at` are datetimes,
    `*_date`/`*_due` dates (a server's driver has done it already)."""
    for key, value in row.items():
        if not isinstance(value, str):
            continue
        if key == "at" or key.endswith("_at"):
            row[key] = datetime.fromisoformat(value).replace(tzinfo=UTC)
        elif key.endswith(("_date", "_due")):
            row[key] = date.fromisoformat(value[:10])
    return row


def _is_time(name: str) -> bool:
    return name == "at" or name.endswith("_at")


def _row_maker(names: list[str]) -> Callable[[tuple], dict[str, Any]]:
    """Rows of these columns as `_typed` makes them, the time and date
    columns found once for the query rather than for each row."""
    times = [name for name in names if _is_time(name)]
    days = [name for name in names if not _is_time(name) and name.endswith(("_date", "_due"))]

    def make(values: tuple) -> dict[str, Any]:
        row = dict(zip(names, values, strict=True))
        for name in times:
            if isinstance(value := row[name], str):
                row[name] = datetime.fromisoformat(value).replace(tzinfo=UTC)
        for name in days:
            if isinstance(value := row[name], str):
                row[name] = date.fromisoformat(value[:10])
        return row

    return make


class Reader:
    """Runs the read side's SQL (`:named` parameters), returning dict rows."""

    dialect = "sqlite"

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def row(self, sql: str, **params: Any) -> dict[str, Any] | None:
        found = self.rows(sql, **params)
        return found[0] if found else None

    def stream(self, sql: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Rows one at a time, for reads too large to hold (an export)."""
        yield from self.rows(sql, **params)

    def value(self, sql: str, **params: Any) -> Any:
        found = self.row(sql, **params)
        return next(iter(found.values())) if found else None

    def stream_values(self, sql: str, **params: Any) -> Iterator[tuple]:
        """Rows as tuples, as the driver gives them (SQLite's times are
        text): for reads too large to make each row a typed dict (an export)."""
        raise NotImplementedError


class SQLiteReader(Reader):
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        bound = {name: sqlite_text(value) for name, value in params.items()}
        cursor = self.connection.execute(sql, bound)  # errors: mapped by store.reading
        make = _row_maker([column[0] for column in cursor.description])
        return [make(values) for values in cursor.fetchall()]

    def stream(self, sql: str, **params: Any) -> Iterator[dict[str, Any]]:
        bound = {name: sqlite_text(value) for name, value in params.items()}
        cursor = self.connection.execute(sql, bound)
        make = _row_maker([column[0] for column in cursor.description])
        while batch := cursor.fetchmany(500):
            for values in batch:
                yield make(values)

    def stream_values(self, sql: str, **params: Any) -> Iterator[tuple]:
        bound = {name: sqlite_text(value) for name, value in params.items()}
        cursor = self.connection.execute(sql, bound)
        while batch := cursor.fetchmany(1000):
            yield from batch


class SQLAlchemyReader(Reader):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self.sqlite = self.dialect == "sqlite"

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        from sqlalchemy import text

        if self.sqlite:
            params = {name: sqlite_text(value) for name, value in params.items()}
        result = self.connection.execute(text(sql), params)
        return [_typed(dict(mapping)) for mapping in result.mappings()]

    def stream(self, sql: str, **params: Any) -> Iterator[dict[str, Any]]:
        from sqlalchemy import text

        if self.sqlite:
            params = {name: sqlite_text(value) for name, value in params.items()}
        streaming = self.connection.execution_options(stream_results=True, yield_per=500)
        for mapping in streaming.execute(text(sql), params).mappings():
            yield _typed(dict(mapping))

    def stream_values(self, sql: str, **params: Any) -> Iterator[tuple]:
        from sqlalchemy import text

        if self.sqlite:
            params = {name: sqlite_text(value) for name, value in params.items()}
        streaming = self.connection.execution_options(stream_results=True, yield_per=1000)
        for row in streaming.execute(text(sql), params):
            yield tuple(row)
