"""The store: where it lives, how it is opened, and what it refuses (DESIGN §5)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from coachlog import store
from coachlog.errors import StoreError
from coachlog.migrations import HEAD, REVISIONS
from coachlog.render.data import to_data


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Run with a given umask, restoring the old one afterwards."""
    saved = []

    def set_umask(value: int) -> None:
        saved.append(os.umask(value))

    yield set_umask
    if saved:
        os.umask(saved[0])


@pytest.mark.real_migrations
@pytest.mark.parametrize("mask", [0o000, 0o022])
def test_the_default_store_is_private_whatever_the_umask(ok, tmp_path, monkeypatch, umask, mask):
    monkeypatch.delenv("COACHLOG_DB")
    data_home = tmp_path / "private-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    umask(mask)
    ok("client", "add", "Jane Doe")
    folder = data_home / "coachlog"
    database = folder / "coachlog.db"
    assert database.exists()
    assert mode(folder) == 0o700
    assert mode(database) == 0o600
    # While a connection is open the -wal and -shm files exist: they are private too.
    connection = sqlite3.connect(database)
    connection.execute("SELECT count(*) FROM client").fetchone()
    try:
        sidecars = [folder / "coachlog.db-wal", folder / "coachlog.db-shm"]
        assert all(path.exists() for path in sidecars)
        assert [mode(path) for path in sidecars] == [0o600, 0o600]
    finally:
        connection.close()


def test_db_option_beats_the_environment(ok, tmp_path, store_file):
    other = tmp_path / "other.db"
    ok("--db", str(other), "client", "add", "Jane Doe")
    assert other.exists()
    assert not store_file.exists()


def test_the_read_side_connection_gets_the_pragmas(ok, isolated):
    ok("client", "add", "Jane Doe")
    with store.reading(store.Location(path=isolated)) as reader:
        assert reader.value("PRAGMA journal_mode") == "wal"
        assert reader.value("PRAGMA foreign_keys") == 1
        assert reader.value("PRAGMA synchronous") == 2  # FULL
        assert reader.value("PRAGMA busy_timeout") == 5000


def test_the_write_side_gets_the_pragmas_and_takes_the_lock_up_front(ok, isolated):
    from sqlalchemy import event, text

    ok("client", "list")
    engine = store.make_engine(store.Location(path=isolated))
    statements = []
    event.listen(
        engine, "before_cursor_execute", lambda conn, cursor, sql, *rest: statements.append(sql)
    )
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT 1"))
            pragmas = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("foreign_keys", "synchronous", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert statements[0] == "BEGIN IMMEDIATE"
    assert pragmas == {"foreign_keys": 1, "synchronous": 2, "busy_timeout": 5000}


def test_revisions_list_matches_the_migration_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(store.__file__).parent / "migrations"))
    scripts = ScriptDirectory.from_config(config)
    ordered = [script.revision for script in reversed(list(scripts.walk_revisions()))]
    assert tuple(ordered) == REVISIONS
    assert scripts.get_current_head() == HEAD


@pytest.mark.real_migrations
def test_a_freshly_migrated_store_matches_the_models(ok, store_file):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import coachlog.models  # noqa: F401 - registers the tables

    ok("client", "list")
    engine = create_engine(f"sqlite:///{store_file}")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = [
                # The search index (FTS5 and its shadow tables) lives outside the models.
                difference
                for difference in compare_metadata(context, SQLModel.metadata)
                if not (
                    difference[0] == "remove_table"
                    and difference[1].name.startswith("search_index")
                )
            ]
            indexes = {
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'"
                )
            }
    finally:
        engine.dispose()
    assert differences == []
    # The indexes the reviews need (client + date, client + state).
    assert {
        "ix_session_client_at",
        "ix_request_client_state",
        "ix_request_client_due",
        "ix_goal_client_status",
        "ix_advice_client_response",
    } <= indexes


def test_a_store_from_a_newer_coachlog_is_refused_and_untouched(run, ok, store_file):
    ok("client", "add", "Jane Doe")
    connection = sqlite3.connect(store_file)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = store_file.read_bytes()
    for args in (("client", "list"), ("client", "add", "John Roe")):
        result = run(*args)
        assert result.code == 3
        assert result.err.startswith("Error: ")
        assert "newer coachlog" in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert store_file.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "is empty"),
        (b"name,email\njane,jane@example.com\n", "not a SQLite database"),
        (os.urandom(4096), "not a SQLite database"),
    ],
)
def test_a_file_that_is_not_a_store_is_refused_never_overwritten(run, store_file, content, said):
    store_file.write_bytes(content)
    result = run("client", "add", "Jane Doe")
    assert result.code == 3
    assert said in result.err
    assert store_file.read_bytes() == content


def test_a_sqlite_database_of_another_program_is_refused(run, store_file):
    connection = sqlite3.connect(store_file)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    before = store_file.read_bytes()
    result = run("client", "list")
    assert result.code == 3
    assert "not a coachlog store" in result.err
    assert store_file.read_bytes() == before


def test_a_truncated_store_is_refused(run, ok, store_file):
    ok("client", "add", "Jane Doe")
    for name in ("coachlog.db-wal", "coachlog.db-shm"):
        assert not (store_file.parent / name).exists()
    data = store_file.read_bytes()
    store_file.write_bytes(data[: len(data) // 3])
    result = run("client", "list")
    assert result.code == 3
    assert result.err.startswith("Error: ")


def test_a_db_in_a_missing_folder_is_refused(run, tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "coachlog.db"
    result = run("--db", str(target), "client", "add", "Jane Doe")
    assert result.code == 3
    assert "does not exist" in result.err
    assert not target.parent.exists()


def test_a_db_in_a_read_only_folder_is_refused(run, tmp_path, monkeypatch):
    # Tests may run as root, who can write anywhere: the check is what is tested.
    folder = tmp_path / "locked"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, how: False if Path(path) == folder else real_access(path, how)
    )
    result = run("--db", str(folder / "coachlog.db"), "client", "add", "Jane Doe")
    assert result.code == 3
    assert "not writable" in result.err
    assert list(folder.iterdir()) == []


def test_a_db_that_is_a_folder_is_refused(run, tmp_path):
    result = run("--db", str(tmp_path), "client", "list")
    assert result.code == 3
    assert "not a file" in result.err


def test_a_locked_store_says_so_and_exits_3(run, ok, store_file, monkeypatch):
    ok("client", "add", "Jane Doe")
    holder = sqlite3.connect(store_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        monkeypatch.setenv("COACHLOG_BUSY_TIMEOUT", "0.5")  # the whole wait, retries included
        monkeypatch.setattr("coachlog.store.BUSY_TIMEOUT_MS", 200)
        monkeypatch.setattr(
            "coachlog.store.PRAGMAS",
            (
                "PRAGMA busy_timeout = 200",
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = FULL",
                "PRAGMA foreign_keys = ON",
            ),
        )
        result = run("client", "add", "John Roe")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 3
    assert "busy" in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.real_migrations
def test_creating_a_store_leaves_no_staging_files(ok, store_file):
    ok("client", "list")
    assert sorted(path.name for path in store_file.parent.iterdir()) == ["coachlog.db"]


def test_a_server_url_is_shown_without_its_password():
    location = store.resolve("postgresql+psycopg://coach:s3cret@db.example:5432/practice")
    assert not location.is_sqlite
    assert "s3cret" not in str(location)
    assert str(location) == "postgresql+psycopg://db.example/practice"


def test_paths_and_sqlite_urls_are_files(tmp_path):
    assert store.resolve(str(tmp_path / "x.db")).path == tmp_path / "x.db"
    assert store.resolve(f"sqlite:///{tmp_path}/y.db").path == tmp_path / "y.db"


def test_the_read_side_runs_through_sqlalchemy_too(ok, store_file):
    """A server URL runs the same SQL through SQLAlchemy: prove it on SQLite."""
    from sqlalchemy import create_engine

    from coachlog.queries.clients import client_list
    from coachlog.queries.sessions import session_list
    from coachlog.readers import SQLAlchemyReader, SQLiteReader

    ok("client", "add", "Jane Doe")
    ok("session", "add", "jane-doe", "--notes", "First", "--on", "yesterday 3pm")
    ok("session", "plan", "jane-doe", "tomorrow 9am")
    now = store_now("2026-11-27T10:00:00")
    engine = create_engine(f"sqlite:///{store_file}")
    try:
        with engine.connect() as connection:
            via_sqlalchemy = (
                client_list(SQLAlchemyReader(connection), now=now),
                session_list(SQLAlchemyReader(connection)),
            )
    finally:
        engine.dispose()
    connection = sqlite3.connect(store_file)
    try:
        via_sqlite = (
            client_list(SQLiteReader(connection), now=now),
            session_list(SQLiteReader(connection)),
        )
    finally:
        connection.close()
    # Views are compared field by field (they are records, not values: no __eq__).
    assert to_data(via_sqlalchemy) == to_data(via_sqlite)
    assert via_sqlite[0][0].last_session is not None
    assert [view.status for view in via_sqlite[1]] == ["planned", "held"]


def store_now(text: str):
    from datetime import datetime

    from coachlog import dates

    return dates.localize(datetime.fromisoformat(text))


def test_failed_writes_raise_store_errors_not_tracebacks(tmp_path):
    with pytest.raises(StoreError), store.reading(store.Location(path=tmp_path / "no" / "x.db")):
        pass


def pretend_code_is_at(monkeypatch, head: str) -> None:
    monkeypatch.setattr(store, "REVISIONS", (*REVISIONS, head))
    monkeypatch.setattr(store, "HEAD", head)


def test_a_store_behind_the_code_is_backed_up_then_upgraded(ok, store_file, monkeypatch):
    ok("client", "add", "Jane Doe")
    pretend_code_is_at(monkeypatch, "9001")
    seen_before_upgrade = []

    def migrate(connection, target="head"):
        seen_before_upgrade.extend((store_file.parent / "backups").iterdir())
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9001'")

    monkeypatch.setattr(store, "_run_migrations", migrate)
    ok("client", "list")
    ok("client", "list")  # already current: no second upgrade, no second backup
    (backup,) = seen_before_upgrade
    assert list((store_file.parent / "backups").iterdir()) == [backup]
    assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
    saved = sqlite3.connect(backup)
    try:
        assert saved.execute("SELECT handle FROM client").fetchall() == [("jane-doe",)]
        assert saved.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    finally:
        saved.close()


def test_a_failed_upgrade_leaves_the_store_as_it_was(run, ok, store_file, monkeypatch):
    from conftest import dump

    ok("client", "add", "Jane Doe")
    before = dump(store_file)
    pretend_code_is_at(monkeypatch, "9001")

    def half_done(connection, target="head"):
        connection.exec_driver_sql("DELETE FROM client")
        raise RuntimeError("the second step failed")

    monkeypatch.setattr(store, "_run_migrations", half_done)
    result = run("client", "list")
    assert result.code == 3
    assert "upgrading the store" in result.err and "a backup is at" in result.err
    assert dump(store_file) == before


def test_the_server_code_path_works_end_to_end(tmp_path):
    """What a PostgreSQL URL goes through (schema made by Alembic through
    SQLAlchemy, writes, the read side's SQL), run here on a SQLite URL."""
    from coachlog import dates
    from coachlog.journal import clients, sessions
    from coachlog.queries.clients import client_list
    from coachlog.queries.sessions import session_list

    location = store.Location(url=f"sqlite:///{tmp_path / 'server.db'}")
    assert not location.is_sqlite
    now = store_now("2026-11-27T10:00:00")
    with store.writing_sql(location) as db:
        jane = clients.add_client(db=db, name="Jane Doe")
        sessions.log_session(db=db, client=jane, at=now, now=now, notes="Via the server path")
    with store.reading(location) as reader:
        assert [c.handle for c in client_list(reader, now=dates.local_now())] == ["jane-doe"]
        (view,) = session_list(reader)
    assert (view.id, view.notes, view.at) == ("S1", "Via the server path", now)
    with store.reading(location) as reader:  # a second open finds the schema current
        assert reader.value("SELECT version_num FROM alembic_version") == HEAD


def test_the_reviews_give_the_same_answers_through_sqlalchemy(ok, store_file):
    """`goals`, `prep` and `agenda` on a server run through SQLAlchemy: the
    same SQL must give the same data (here both on the demo engagement)."""
    from sqlalchemy import create_engine

    from coachlog.queries import reviews
    from coachlog.readers import SQLAlchemyReader, SQLiteReader

    ok("demo", "--db", str(store_file))
    now = store_now("2026-11-27T10:00:00")

    def everything(reader):
        return (
            reviews.client_review(reader, 1, now=now, all_goals=True),
            reviews.prep(reader, 1, now=now),
            reviews.agenda(reader, now=now),
            reviews.schedule(reader, now=now, days=30),
        )

    engine = create_engine(f"sqlite:///{store_file}")
    try:
        with engine.connect() as connection:
            via_sqlalchemy = everything(SQLAlchemyReader(connection))
    finally:
        engine.dispose()
    connection = sqlite3.connect(store_file)
    try:
        via_sqlite = everything(SQLiteReader(connection))
    finally:
        connection.close()
    assert to_data(via_sqlalchemy) == to_data(via_sqlite)
    review = via_sqlite[0]
    assert review.waiting_for_coach.requests[0].state == "countered"
    assert any(c.overdue for goal in review.goals for c in goal.commitments)


@pytest.mark.parametrize(
    "at",
    [
        "2026-11-27T10:00:00+00:00",
        "2026-03-29T01:30:00.000001+01:00",
        "1970-01-01T00:00:00-05:00",
        "2099-12-31T23:59:59.999999+14:00",
    ],
)
def test_a_time_is_stored_as_naive_utc_text_in_one_format(at):
    from datetime import UTC, datetime

    from coachlog.readers import SQLITE_TIME_FORMAT, sqlite_text

    moment = datetime.fromisoformat(at)
    expected = moment.astimezone(UTC).replace(tzinfo=None).strftime(SQLITE_TIME_FORMAT)
    assert sqlite_text(moment) == expected
    assert len(expected) == 26  # what SQLite's own date functions read and sort as text


def test_an_upgrade_backup_takes_the_next_name_when_its_own_is_taken(ok, store_file, monkeypatch):
    """Two coachlogs upgrading one store in the same second: the second one's
    backup is not refused for a name the first one took."""
    from datetime import UTC, datetime, timedelta

    ok("client", "add", "Jane Doe")
    pretend_code_is_at(monkeypatch, "9001")

    def migrate(connection, target="head"):
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9001'")

    monkeypatch.setattr(store, "_run_migrations", migrate)
    folder = store_file.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    now = datetime.now(UTC)
    taken = {  # the name of every second the upgrade below may run in
        folder / f"coachlog-{now + timedelta(seconds=s):%Y%m%dT%H%M%S}-before-upgrade.db"
        for s in range(-1, 120)
    }
    for path in taken:
        path.write_text("another coachlog's backup")
    ok("client", "list")
    (backup,) = set(folder.iterdir()) - taken
    assert backup.name.endswith("-before-upgrade-2.db")
    assert all(path.read_text() == "another coachlog's backup" for path in taken)
    saved = sqlite3.connect(backup)
    try:
        assert saved.execute("SELECT handle FROM client").fetchall() == [("jane-doe",)]
    finally:
        saved.close()
