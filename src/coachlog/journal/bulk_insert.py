"""Many new rows into one table at once (an import), on SQLite: the upkeep
each inserted row triggers is done once for all of them at the end.

A trigger puts each inserted session, goal, request and advice into the
search index (FTS5; migrations 0002/0003), and each secondary index takes
every row as it comes. For thousands of rows both are the slow way: FTS5
writes its pending terms out at the end of every statement, and an index
built row by row in random order touches a page a row where one built at the
end sorts once. `upkeep_after` takes the table's insert trigger out, and for
a table empty before, its secondary indexes (a uniqueness index stays: it
checks every row as it comes), from the first insert of the block; at its
end it indexes the block's rows in one statement and puts back the trigger
and indexes exactly as the store had them, all inside the caller's
transaction: a failed import leaves them as they were. The statements are
the store's own, read from it, so they cannot drift from the migrations; a
search trigger of another shape is left in place (the slow way, but right).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from coachlog.writer import Writer

# As migration 0003 writes it: INSERT INTO search_index (rowid, text) VALUES
# (new.id * 4 + code, text made of new's columns).
_SEARCH_TRIGGER = re.compile(
    r"CREATE TRIGGER (?P<name>\w+) AFTER INSERT ON (?P<table>\w+) BEGIN "
    r"INSERT INTO search_index \(rowid, text\) VALUES \((?P<values>.+)\); END",
    re.DOTALL,
)


@contextmanager
def upkeep_after(db: Writer, table: str, *, fresh: bool) -> Iterator[Callable[[], None]]:
    """Index the rows of `table` inserted inside the block once, at its end
    (`fresh`: the table was empty before). The block calls what this gives
    before each insert: the upkeep comes out only then, so a block that
    inserts nothing leaves the schema as it was (an import that changes
    nothing changes not a byte)."""
    if db.dialect != "sqlite":
        yield lambda: None
        return
    trigger = db.row(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table "
        "AND name = :name",
        table=table,
        name=f"{table}_search_insert",
    )
    search = trigger and _SEARCH_TRIGGER.fullmatch(trigger["sql"])
    if search and search["table"] != table:
        search = None
    # An index SQLite made for a UNIQUE constraint has no SQL and stays.
    indexes = (
        db.rows(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :table "
            "AND sql IS NOT NULL ORDER BY rowid",
            table=table,
        )
        if fresh
        else []
    )
    before: list[int] = []

    def inserting() -> None:
        if before or not (search or indexes):
            return
        # Ids only grow (AUTOINCREMENT): the block's rows are those past this one.
        before.append(db.value(f"SELECT coalesce(max(id), 0) FROM {table}"))
        if search:
            db.execute(f"DROP TRIGGER {search['name']}")
        for index in indexes:
            db.execute(f"DROP INDEX {index['name']}")

    yield inserting
    if not before:
        return
    for index in indexes:
        db.execute(index["sql"])
    if search:
        db.execute(
            f"INSERT INTO search_index (rowid, text) SELECT {search['values']} "
            f"FROM {table} AS new WHERE new.id > :before ORDER BY new.id",
            before=before[0],
        )
        db.execute(trigger["sql"])
