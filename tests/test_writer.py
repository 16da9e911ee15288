"""The write path's SQL: derived from the models, and the same rows the
models describe."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coachlog import store
from coachlog.writer import SQLiteWriter

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_the_tables_module_is_generated_from_the_models():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_tables.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_the_tables_module_names_every_column_of_every_model():
    from sqlmodel import SQLModel

    from coachlog import models, tables  # noqa: F401

    assert set(tables.COLUMNS) == set(SQLModel.metadata.tables)
    for name, table in SQLModel.metadata.tables.items():
        assert tables.COLUMNS[name] == tuple(column.name for column in table.columns)


@pytest.fixture
def writer(store_file):
    connection = store._open_sqlite(store.Location(path=store_file))
    connection.execute("BEGIN IMMEDIATE")
    yield SQLiteWriter(connection, now=lambda: NOW)
    connection.execute("ROLLBACK")
    connection.close()


def test_an_insert_fills_defaults_uuid_and_stamps(writer):
    client = writer.insert("client", handle="jane-doe", name="Jane Doe")
    assert client.id == 1 and client.status == "active"
    assert len(client.uuid) == 36 and client.created_at == client.updated_at == NOW
    stored = writer.get("client", client.id)
    assert stored == client
    goal = writer.insert("goal", client_id=client.id, title="Speak first")
    assert (goal.status, goal.progress) == ("active", 0)


def test_an_update_moves_updated_at_only(writer):
    client = writer.insert("client", handle="jane-doe", name="Jane Doe")
    later = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
    writer.now = lambda: later
    writer.update("client", client.id, title="CFO")
    stored = writer.get("client", client.id)
    assert (stored.title, stored.created_at, stored.updated_at) == ("CFO", NOW, later)


def test_a_programming_slip_is_caught_before_any_sql(writer):
    with pytest.raises(ValueError, match="no column"):
        writer.insert("client", handle="x", name="X", nickname="y")
    with pytest.raises(ValueError, match="needs name"):
        writer.insert("client", handle="x")


def test_the_writer_imports_no_orm():
    probe = (
        "import sys\n"
        "import coachlog.writer, coachlog.tables\n"
        "print(' '.join(m for m in ('sqlmodel', 'sqlalchemy', 'pydantic', 'alembic') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == ""
