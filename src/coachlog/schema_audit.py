"""Is a SQLite store's schema exactly what coachlog's migrations make?

A file can pass every integrity check and still carry one extra trigger that
copies private notes into shared ones on every later write. So `restore` and
`doctor` compare the file's schema objects (tables, indexes, triggers, views
in `sqlite_master`) with a reference store migrated to the file's own
revision. Building the reference runs Alembic, so only these two rare
commands call this, and each process builds a revision's reference once.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

# Identifiers in any quoting, string literals kept whole, numbers, words,
# two-character operators, then any single character.
_TOKEN = re.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]"""
    r"""|\w+|<>|<=|>=|!=|==|\|\||<<|>>|\S""",
)
_BARE = re.compile(r"^[A-Za-z_]\w*$")
# SQLite writes these itself: statistics from ANALYZE / PRAGMA optimize come
# and go; its autoindexes follow from a table's own SQL (compared there).
_STATISTICS = re.compile(r"^sqlite_stat\d+$")

Objects = dict[tuple[str, str], str | None]


def normalised(sql: str | None) -> str | None:
    """The statement as tokens: spacing, keyword case and identifier quoting
    do not count (SQLite rewrites them on ALTER); string literals do."""
    if sql is None:
        return None
    tokens = []
    for token in _TOKEN.findall(sql):
        if token[0] in '"`[':
            inner = token[1:-1].replace('""', '"') if token[0] == '"' else token[1:-1]
            token = inner.lower() if _BARE.match(inner) else token
        elif token[0] != "'":
            token = token.lower()
        tokens.append(token)
    while tokens and tokens[-1] == ";":
        tokens.pop()
    return " ".join(tokens)


def _objects(connection: sqlite3.Connection) -> Objects:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    virtual = {
        name.lower()
        for kind, name, _table, sql in rows
        if kind == "table" and (normalised(sql) or "").startswith("create virtual table")
    }
    objects: Objects = {}
    for kind, name, table, sql in rows:
        key = name.lower()
        if _STATISTICS.match(key):
            continue
        # sqlite_sequence and a virtual table's shadow tables (FTS5's _data,
        # _idx, _content, _docsize, _config) are SQLite's own, written by
        # whichever version made the file: their presence counts, not their text.
        shadow = kind == "table" and any(
            key.startswith(f"{v}_") and table.lower() == key for v in virtual
        )
        internal = key == "sqlite_sequence" or shadow
        objects[(kind, key)] = None if internal else f"on {table.lower()}: {normalised(sql)}"
    return objects


@cache
def reference(revision: str) -> Objects:
    """The schema objects the migrations make up to `revision` (once per process)."""
    from coachlog.store import migrate_sqlite

    with tempfile.TemporaryDirectory(prefix="coachlog-reference-") as folder:
        path = Path(folder) / "reference.db"
        migrate_sqlite(path, revision)
        connection = sqlite3.connect(path)
        try:
            return _objects(connection)
        finally:
            connection.close()


def differences(connection: sqlite3.Connection, revision: str) -> list[str]:
    """Each schema object that differs from what the migrations make, named
    (e.g. "unexpected trigger leak_notes"); [] when the schema is exactly theirs."""
    found, wanted = _objects(connection), reference(revision)
    described = []
    for kind, name in sorted(found.keys() | wanted.keys()):
        if (kind, name) not in wanted:
            described.append(f"unexpected {kind} {name}")
        elif (kind, name) not in found:
            described.append(f"missing {kind} {name}")
        elif found[(kind, name)] != wanted[(kind, name)]:
            described.append(f"{kind} {name} differs from what coachlog makes")
    return described
