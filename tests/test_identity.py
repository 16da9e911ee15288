"""A display id names one record for good: never reused after a purge, never
mistaken for a client's handle."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from coachlog.migrations import HEAD

from conftest import dump

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def table_columns(path: Path) -> dict[str, list[str]]:
    """Each table's columns, to compare a store's rows across an upgrade
    that adds columns."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        names = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            name: [row[1] for row in connection.execute(f"PRAGMA table_info({name})")]
            for name in names
        }


def table_digest(
    path: Path, columns: dict[str, list[str]] | None = None
) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows (of `columns` only,
    when given: the columns an older store had)."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version' "
                "AND name NOT LIKE 'search_index%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        digest = {}
        for table in tables:
            picked = ", ".join(columns[table]) if columns and table in columns else "*"
            found = connection.execute(f"SELECT {picked} FROM {table} ORDER BY 1, 2").fetchall()
            digest[table] = (len(found), hashlib.sha256(repr(found).encode()).hexdigest())
        return digest
    finally:
        connection.close()


# ---- 2. Display ids are never reused ----


@pytest.mark.both_backends
def test_purging_the_newest_record_never_frees_its_id(ok, jane):
    ok("session", "add", jane, "--notes", "First")
    ok("session", "add", jane, "--notes", "Second", "--yes")  # the same minute
    ok("goal", "add", jane, "Speak first")
    ok("session", "delete", "S2", "--purge", "--yes")
    ok("goal", "delete", "G1", "--purge", "--yes")
    assert ok("session", "add", jane, "--notes", "Third", "--yes").out.startswith(
        "Logged session S3 "
    )
    assert ok("goal", "add", jane, "Listen more").out.startswith("Added goal G2 ")
    ok("client", "delete", jane, "--purge", "--yes")
    assert ok("client", "add", "Jane Doe").code == 0
    assert ok("session", "add", jane, "--notes", "Fourth", "--yes").out.startswith(
        "Logged session S4 "
    )


@pytest.mark.real_migrations
def test_the_migrations_and_the_models_agree_on_which_ids_are_never_reused(ok, store_file):
    """Alembic's comparison of a migrated store with the models does not
    look at AUTOINCREMENT, so this does."""
    from sqlmodel import SQLModel

    import coachlog.models  # noqa: F401 - registers the tables

    ok("client", "list")
    with sqlite3.connect(store_file) as connection:
        migrated = {
            name
            for name, sql in connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
            )
            if "AUTOINCREMENT" in sql.upper()
        }
    connection.close()
    modelled = {
        table.name
        for table in SQLModel.metadata.tables.values()
        if table.dialect_options["sqlite"].get("autoincrement")
    }
    assert migrated == modelled
    assert {"client", "goal", "session", "request", "advice"} <= modelled


@pytest.mark.real_migrations
def test_upgrading_a_populated_search_schema_store_keeps_rows_ids_and_search(ok, tmp_path):
    sys.path.insert(0, str(BENCHMARKS))
    from generate import build

    path = tmp_path / "older.db"
    build(path, records=600, clients=6, revision="0002")
    before, columns = table_digest(path), table_columns(path)
    newest = max(row[0] for row in sqlite3.connect(path).execute("SELECT id FROM session"))
    assert sum(count for count, _ in before.values()) > 1_000

    ok("--db", str(path), "goals", "client-001")
    after = table_digest(path, columns)
    assert {table: after[table] for table in before} == before  # every row, every id
    assert after["tombstone"][0] == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # Events made before sharing existed are the coach's, numbered in the
        # order each record's history was made.
        for table, parent in (("request_event", "request_id"), ("goal_update", "goal_id")):
            assert connection.execute(f"SELECT DISTINCT author FROM {table}").fetchall() == [
                ("coach",)
            ]
            made = connection.execute(f"SELECT {parent}, seq FROM {table} ORDER BY id").fetchall()
            seen: dict[int, int] = {}
            for record, seq in made:
                assert seq == seen.get(record, 0)
                seen[record] = seq + 1
        schema = " ".join(
            sql
            for (sql,) in connection.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
        )
    assert "_0002_" not in schema  # no foreign key left pointing at a table that went
    hits = json.loads(ok("--db", str(path), "search", "delegation", "--json").out)["hits"]
    assert hits

    ok("--db", str(path), "session", "delete", f"S{newest}", "--purge", "--yes")
    added = ok("--db", str(path), "session", "add", "client-001", "--notes", "After the upgrade")
    assert added.out.startswith(f"Logged session S{newest + 1} ")
    hits = json.loads(ok("--db", str(path), "search", "upgrade", "--json").out)["hits"]
    assert [hit["id"] for hit in hits] == [f"S{newest + 1}"]


# ---- 1. A handle never reads as a display id ----


@pytest.mark.parametrize("handle", ["s1", "g12", "r7", "a3", "S1", "42", "007"])
def test_a_handle_that_reads_as_an_id_is_refused(run, ok, jane, store_file, handle):
    before = dump(store_file)
    added = run("client", "add", "Sam Twelve", "--handle", handle)
    assert added.code == 2 and added.out == ""
    assert added.err.startswith("Error: ") and len(added.err.strip().splitlines()) == 1
    assert "reads as" in added.err and "--handle" in added.err
    edited = run("client", "edit", jane, "--handle", handle)
    assert edited.code == 2 and "reads as" in edited.err
    assert dump(store_file) == before


@pytest.mark.parametrize("name", ["S1", "g12", "R7", "12"])
def test_a_name_whose_slug_reads_as_an_id_needs_a_handle(run, ok, store_file, name):
    ok("client", "list")
    before = dump(store_file)
    result = run("client", "add", name)
    assert result.code == 2 and "give one with --handle" in result.err
    assert dump(store_file) == before
    assert ok("client", "add", name, "--handle", "sam-twelve").code == 0


@pytest.fixture
def look_alike(ok, jane, store_file) -> Path:
    """A store from before the fix: client `s1` beside session S1 of jane-doe."""
    ok("session", "add", jane, "--notes", "Jane's first session")
    ok("client", "add", "Sam Twelve", "--handle", "sam")
    with sqlite3.connect(store_file) as connection:
        connection.execute("UPDATE client SET handle = 's1' WHERE handle = 'sam'")
    connection.close()
    return store_file


@pytest.mark.parametrize("typed", ["s1", "S1"])
@pytest.mark.parametrize("command", [["trash", "restore"], ["trash", "purge", "--yes"]])
def test_an_id_that_is_also_a_handle_is_refused_naming_both(run, ok, look_alike, command, typed):
    ok("session", "delete", "S1")
    ok("client", "delete", "s1")
    before = dump(look_alike)
    result = run(*command[:2], typed, *command[2:])
    assert result.code == 1 and result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert "session S1 (jane-doe)" in result.err
    assert "client s1 (Sam Twelve)" in result.err
    assert "session:S1" in result.err and "client:s1" in result.err
    assert "client edit" in result.err
    assert dump(look_alike) == before


def test_a_qualified_name_picks_one_and_says_which(ok, look_alike):
    assert ok("session", "delete", "S1").out.endswith("coachlog trash restore session:S1)\n")
    assert ok("client", "delete", "s1").out.endswith("coachlog trash restore client:s1)\n")
    restored = ok("trash", "restore", "client:s1")
    assert restored.out == "Restored client s1 (Sam Twelve) with everything of theirs\n"
    assert [item["id"] for item in json.loads(ok("trash", "list", "--json").out)["trash"]] == ["S1"]
    ok("client", "edit", "s1", "--handle", "sam-twelve")
    assert ok("trash", "restore", "S1").out == "Restored session S1\n"
    ok("session", "delete", "S1")
    assert ok("trash", "purge", "session:S1", "--yes").out == "Erased session S1 for good\n"


def test_a_look_alike_handle_alone_is_acted_on_and_named(ok, look_alike):
    ok("session", "delete", "S1", "--purge", "--yes")
    ok("client", "delete", "s1")
    assert ok("trash", "restore", "s1").out == (
        "Restored client s1 (Sam Twelve) with everything of theirs\n"
    )
