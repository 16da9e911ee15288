"""The same coaching journal on PostgreSQL: every review, report and search
gives what SQLite gives. Runs where `$COACHLOG_TEST_POSTGRES` names a server
whose user may create databases (`.ci/run` provisions one)."""

from __future__ import annotations

import json
import os
import uuid

import pytest

SERVER = os.environ.get("COACHLOG_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(
    not SERVER, reason="no PostgreSQL server: set COACHLOG_TEST_POSTGRES (CI provisions one)"
)


@pytest.fixture
def postgres():
    """A fresh database on the server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"coachlog_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = SERVER.rpartition("/")
    yield f"{base}/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def data(ok, db: str, *args: str) -> dict:
    return json.loads(ok("--db", db, *args, "--json").out)


def test_postgresql_gives_what_sqlite_gives(ok, postgres, tmp_path):
    sqlite = str(tmp_path / "same.db")
    for db in (postgres, sqlite):
        ok("demo", "--db", db)
        ok("--db", db, "session", "add", "maya", "--notes", "Shared", "--private", "PRIVATE-PG")
        ok("--db", db, "request", "add", "maya", "Write the memo", "--due", "yesterday")
        ok("--db", db, "request", "accept", "R5")
        ok("--db", db, "advice", "decline", "A3", "--note", "Not yet")
    for args in (
        ["goals"],
        ["prep", "maya"],
        ["agenda"],
        ["schedule", "--days", "30"],
        ["requests", "maya", "--state", "all"],
        ["advice", "list"],
        ["session", "list", "maya"],
        ["request", "show", "R4"],
        ["goal", "show", "G1"],
    ):
        assert data(ok, postgres, *args) == data(ok, sqlite, *args), args
    on_postgres = json.loads(ok("--db", postgres, "report", "maya", "-f", "json").out)
    on_sqlite = json.loads(ok("--db", sqlite, "report", "maya", "-f", "json").out)
    on_postgres.pop("generated_at"), on_sqlite.pop("generated_at")
    assert on_postgres == on_sqlite
    assert "PRIVATE-PG" not in ok("--db", postgres, "goals").out


def test_search_export_import_and_purge_on_postgresql(ok, run, postgres, tmp_path):
    ok("demo", "--db", postgres)
    found = {hit["id"] for hit in data(ok, postgres, "search", "directors")["hits"]}
    assert {"S2", "S4", "G1", "R1", "A3"} <= found
    assert [h["id"] for h in data(ok, postgres, "search", "sleeping")["hits"]] == ["S1"]
    assert run("--db", postgres, "search", '"" (*)').code == 2  # no words at all
    export = tmp_path / "pg.json"
    ok("--db", postgres, "export", "--format", "json", "--out", str(export))
    copy = str(tmp_path / "copy.db")
    ok("--db", copy, "import", str(export))
    assert "0 added, 0 updated" in ok("--db", postgres, "import", str(export)).out
    ok("--db", postgres, "session", "delete", "S1", "--purge", "--yes")
    assert data(ok, postgres, "search", "sleeping")["hits"] == []
    refused = run("--db", postgres, "backup")
    assert refused.code == 2 and "pg_dump" in refused.err
