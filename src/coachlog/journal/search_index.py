"""The search index (FTS5 on SQLite) for many new records at once.

A trigger puts each inserted session, goal, request and advice into the
index (migrations 0002/0003). For an import of thousands of rows that is the
slow way: FTS5 writes its pending terms out at the end of every statement.
`filled_after` takes the insert trigger out for the block, then indexes
every row the block added in one statement and puts the trigger back, all
inside the caller's transaction: a failed import leaves trigger and index
as they were. The statement is the trigger's own, read from the store, so
it cannot drift from the migrations; a trigger of another shape is left in
place (the slow way, but right).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from coachlog.writer import Writer

# As migration 0003 writes it: INSERT INTO search_index (rowid, text) VALUES
# (new.id * 4 + code, text made of new's columns).
_INSERT_TRIGGER = re.compile(
    r"CREATE TRIGGER (?P<name>\w+) AFTER INSERT ON (?P<table>\w+) BEGIN "
    r"INSERT INTO search_index \(rowid, text\) VALUES \((?P<values>.+)\); END",
    re.DOTALL,
)


@contextmanager
def filled_after(db: Writer, table: str) -> Iterator[Callable[[], None]]:
    """Index the rows of `table` inserted inside the block once, at its end.
    The block calls what this gives before it inserts: the trigger comes out
    only then, so a block that inserts nothing leaves the schema as it was
    (an import that changes nothing changes not a byte)."""
    found = None
    if db.dialect == "sqlite":
        found = db.row(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table "
            "AND name = :name",
            table=table,
            name=f"{table}_search_insert",
        )
    shape = found and _INSERT_TRIGGER.fullmatch(found["sql"])
    if not shape or shape["table"] != table:
        yield lambda: None
        return
    before: list[int] = []

    def inserting() -> None:
        if not before:
            # Ids only grow (AUTOINCREMENT): the block's rows are those past this one.
            before.append(db.value(f"SELECT coalesce(max(id), 0) FROM {table}"))
            db.execute(f"DROP TRIGGER {shape['name']}")

    yield inserting
    if before:
        db.execute(
            f"INSERT INTO search_index (rowid, text) SELECT {shape['values']} "
            f"FROM {table} AS new WHERE new.id > :before ORDER BY new.id",
            before=before[0],
        )
        db.execute(found["sql"])
