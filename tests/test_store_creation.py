"""A new SQLite store is made from statements generated from the migrations
(src/coachlog/schema_sqlite.py), not by running Alembic: it must be the very
store the migrations make, and as safe to create."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coachlog import schema_sqlite, store
from coachlog.errors import StoreError
from coachlog.migrations import HEAD
from coachlog.schema_audit import differences

pytestmark = pytest.mark.real_migrations


def migrated(path: Path) -> Path:
    """A store built the slow way: Alembic, every migration in turn."""
    store.migrate_sqlite(path)
    return path


def dump(path: Path) -> list[str]:
    """The whole store as SQL. A sqlite_sequence row at 0 (migration 0003's
    table rebuilds leave one per table) means the same as none."""
    connection = sqlite3.connect(path)
    try:
        return [
            line
            for line in connection.iterdump()
            if not (line.startswith('INSERT INTO "sqlite_sequence"') and line.endswith(",0);"))
        ]
    finally:
        connection.close()


def schema(path: Path) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        connection.close()


def test_the_generated_statements_are_at_the_migrations_head():
    assert schema_sqlite.REVISION == HEAD


def test_a_new_store_is_the_store_the_migrations_make(tmp_path):
    made = tmp_path / "made.db"
    store._create_sqlite(made)
    reference = migrated(tmp_path / "reference.db")

    assert schema(made) == schema(reference)
    # Everything, rows included: alembic_version, the search index's config.
    assert dump(made) == dump(reference)
    connection = sqlite3.connect(made)
    try:
        assert differences(connection, HEAD) == []
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        connection.close()


def test_a_new_store_searches_and_keeps_its_rules(ok, store_file):
    ok("client", "add", "Jane Doe")
    ok("session", "add", "jane-doe", "--notes", "Board prep went well", "--private", "tired")
    ok("session", "edit", "S1", "--notes", "Budget talk")
    # The search triggers index new notes and forget replaced ones.
    assert "S1" in ok("search", "budget").out
    assert "S1" in ok("search", "tired").out
    assert "S1" not in ok("search", "board").out
    connection = sqlite3.connect(store_file)
    try:
        for breaking in (
            "UPDATE client SET status = 'lost'",
            "INSERT INTO session_goal VALUES (1, 99)",
        ):
            connection.execute("PRAGMA foreign_keys = ON")
            with pytest.raises(sqlite3.IntegrityError):
                connection.execute(breaking)
    finally:
        connection.close()
    assert "All is well" in ok("doctor").out


def test_creating_a_store_imports_no_alembic_or_orm(tmp_path):
    probe = (
        "import json, sys\n"
        "from coachlog.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "heavy = [n for n in ('alembic', 'sqlalchemy', 'sqlmodel', 'pydantic')\n"
        "         if n in sys.modules]\n"
        "print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)\n"
    )
    db = tmp_path / "new.db"
    env = {**os.environ, "COACHLOG_CONFIG": str(tmp_path / "none.toml")}
    finished = subprocess.run(
        [sys.executable, "-c", probe, "--db", str(db), "client", "add", "Jane Doe"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert json.loads(finished.stderr.strip().splitlines()[-1]) == {"code": 0, "heavy": []}
    assert db.is_file()


def test_statements_behind_the_migrations_fall_back_to_alembic(ok, tmp_path, monkeypatch):
    monkeypatch.setattr(schema_sqlite, "REVISION", "0004")
    monkeypatch.setattr(schema_sqlite, "STATEMENTS", ("CREATE TABLE wrong (x)",))
    # Alembic opens the file through SQLAlchemy: `?`, `#` and `%` stay in the name.
    db = tmp_path / "odd" / "co?ach#log%20.db"
    db.parent.mkdir()
    ok("--db", str(db), "client", "add", "Jane Doe")
    assert sorted(
        path.name for path in db.parent.iterdir() if not path.name.endswith(("-wal", "-shm"))
    ) == [db.name]
    assert "wrong" not in {name for _, name, _, _ in schema(db)}
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert connection.execute("SELECT handle FROM client").fetchall() == [("jane-doe",)]
        assert differences(connection, HEAD) == []
    finally:
        connection.close()


def test_a_failed_creation_leaves_no_store_and_no_leftovers(tmp_path, monkeypatch):
    monkeypatch.setattr(
        schema_sqlite,
        "STATEMENTS",
        (*schema_sqlite.STATEMENTS[:3], "CREATE TABLE client (id INTEGER)"),
    )
    folder = tmp_path / "folder"
    folder.mkdir()
    path = folder / "coachlog.db"
    with pytest.raises(StoreError, match="cannot be used"):
        store._create_sqlite(path)
    assert list(folder.iterdir()) == []


def test_a_new_store_is_private_whatever_the_umask(tmp_path):
    saved = os.umask(0)
    try:
        path = tmp_path / "open.db"
        store._create_sqlite(path)
    finally:
        os.umask(saved)
    assert path.stat().st_mode & 0o777 == 0o600
