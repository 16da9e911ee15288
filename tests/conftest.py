"""Every test gets its own store, a pinned clock and zone, and no real
user folders: nothing a test does can touch a person's data."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from coachlog.cli import main

# CI runs the same examples every time, so a red run can be replayed.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

NOW = "2026-11-27T10:00:00"  # a Friday


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


POSTGRES = os.environ.get("COACHLOG_TEST_POSTGRES")
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `both_backends` run once on a SQLite file and once on a
    PostgreSQL database (`$COACHLOG_TEST_POSTGRES`, which `.ci/run` sets)."""
    if metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A database migrated once per run, the template of each test's own."""
    if not POSTGRES:
        pytest.skip("no PostgreSQL server: set COACHLOG_TEST_POSTGRES (.ci/run provisions one)")
    from coachlog import store

    name = f"coachlog_template_{uuid.uuid4().hex[:8]}"
    with _postgres_admin() as admin:
        admin.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = f"{POSTGRES.rpartition('/')[0]}/{name}"
    store._prepare_server(store.Location(url=url)).dispose()
    yield name
    with _postgres_admin() as admin:
        admin.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')


@contextlib.contextmanager
def _postgres_admin():
    from sqlalchemy import create_engine

    engine = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


# What makes a database coachlog's: its relations, columns, constraints,
# triggers and functions, and its schema revision. A test that changed any of
# it leaves a database that is dropped, not reused.
_SHAPE = """
SELECT md5(string_agg(item, ',' ORDER BY item)) FROM (
  SELECT c.relkind::text || ':' || c.relname AS item
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  UNION ALL
  SELECT 'column:' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'constraint:' || conname || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'index:' || indexdef FROM pg_indexes WHERE schemaname = 'public'
  UNION ALL
  SELECT 'trigger:' || tgname FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL
  SELECT 'function:' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT 'revision:' || version_num FROM alembic_version
) AS shape
"""


def _database_url(name: str) -> str:
    assert POSTGRES is not None
    return f"{POSTGRES.rpartition('/')[0]}/{name}"


def _shape(name: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(_database_url(name), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(_SHAPE).scalar()
    finally:
        engine.dispose()


def _emptied(name: str, shape: str) -> bool:
    """Empty a test's database for the next test: True when it still has
    exactly the template's shape and every row is gone, ids starting at 1."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(_database_url(name), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL lock_timeout = '2s'")
            if connection.exec_driver_sql(_SHAPE).scalar() != shape:
                return False
            # Rows go table by table; foreign keys are not checked meanwhile.
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            tables = connection.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            ).scalars()
            sequences = connection.exec_driver_sql(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
            ).scalars()
            for table in list(tables):
                connection.exec_driver_sql(f'DELETE FROM "{table}"')
            for sequence in list(sequences):
                connection.exec_driver_sql(f'ALTER SEQUENCE "{sequence}" RESTART')
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_databases(postgres_template: str) -> Iterator[tuple[str, list[str]]]:
    """The template's shape, and the emptied databases waiting for a test:
    emptying one takes milliseconds, making one from the template a fifth of
    a second."""
    free: list[str] = []
    yield _shape(postgres_template), free
    with _postgres_admin() as admin:
        for name in free:
            admin.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_store(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated PostgreSQL database of one test's own, as empty as a new one."""
    template = request.getfixturevalue("postgres_template")
    shape, free = request.getfixturevalue("postgres_databases")
    if free:
        name = free.pop()
    else:
        name = f"coachlog_test_{uuid.uuid4().hex[:10]}"
        with _postgres_admin() as admin:
            admin.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield _database_url(name)
    if _emptied(name, shape):
        free.append(name)
        return
    with _postgres_admin() as admin:
        admin.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def isolated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str, request: pytest.FixtureRequest
) -> Path:
    store = tmp_path / "store" / "coachlog.db"
    store.parent.mkdir()
    if backend == "postgresql":
        monkeypatch.setenv("COACHLOG_DB", request.getfixturevalue("postgres_store"))
    else:
        monkeypatch.setenv("COACHLOG_DB", str(store))
    monkeypatch.setenv("COACHLOG_NOW", NOW)
    monkeypatch.setenv("TZ", "Europe/London")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("COACHLOG_CONFIG", str(tmp_path / "home" / "config.toml"))
    monkeypatch.delenv("COACHLOG_CLIENT", raising=False)
    monkeypatch.delenv("COACHLOG_DEBUG", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return store


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store made per test run the way coachlog makes a new one (from the
    statements generated from the migrations; tests/test_store_creation.py
    checks them against Alembic)."""
    from coachlog import store

    path = tmp_path_factory.mktemp("template") / "coachlog.db"
    store._create_sqlite(path)
    return path


@pytest.fixture(autouse=True)
def new_stores_from_template(
    template_store: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """A new store is a copy of the template, made the way the store module
    makes one (staged beside it, linked into place, 0600), without building
    the schema again for every test. `@pytest.mark.real_migrations` opts out."""
    if request.node.get_closest_marker("real_migrations"):
        return
    from coachlog import store

    content = template_store.read_bytes()

    def from_template(path: Path) -> None:
        staging = path.with_name(f".{path.name}.{os.getpid()}.new")
        store.create_private_file(staging)
        try:
            staging.write_bytes(content)
            with contextlib.suppress(FileExistsError):
                os.link(staging, path)
        finally:
            staging.unlink(missing_ok=True)

    monkeypatch.setattr(store, "_create_sqlite", from_template)


@pytest.fixture
def store_file(isolated: Path, backend: str) -> Path:
    """The SQLite file itself: a test that reads it runs on SQLite only."""
    if backend != "sqlite":
        pytest.skip("reads the SQLite file itself")
    return isolated


@pytest.fixture
def run():
    """Run `coachlog ARGS…` in this process; stdout and stderr apart."""

    def invoke(*args: str, stdin: str = "") -> Result:
        out, err = io.StringIO(), io.StringIO()
        old_stdin = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(args))
        finally:
            sys.stdin = old_stdin
        return Result(code, out.getvalue(), err.getvalue())

    return invoke


@pytest.fixture
def ok(run):
    """Run a command that must succeed; return its result."""

    def invoke(*args: str, stdin: str = "") -> Result:
        result = run(*args, stdin=stdin)
        assert result.code == 0, f"coachlog {' '.join(args)} failed: {result.err}"
        return result

    return invoke


def dump(path: Path) -> str:
    """The store's whole content as SQL, to prove a failed command changed nothing."""
    connection = sqlite3.connect(path)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def snapshot(backend: str, isolated: Path):
    """The store's whole content, to prove a failed command changed nothing,
    on either backend."""

    def take() -> str:
        if backend == "sqlite":
            return dump(isolated)
        from sqlalchemy import create_engine, inspect, text

        engine = create_engine(os.environ["COACHLOG_DB"])
        try:
            with engine.connect() as connection:
                tables = sorted(inspect(connection).get_table_names())
                return "\n".join(
                    f"{table}: {sorted(map(repr, connection.execute(text(f'TABLE {table}'))))}"
                    for table in tables
                )
        finally:
            engine.dispose()

    return take


@pytest.fixture
def jane(ok) -> str:
    """A client with an agreement, the usual start of a test."""
    ok("client", "add", "Jane Doe", "--org", "Acme", "--title", "CFO")
    ok(
        "agreement",
        "set",
        "jane-doe",
        "--focus",
        "Board presence",
        "--cadence",
        "2 weeks",
        "--channel",
        "video",
        "--length",
        "1h",
    )
    return "jane-doe"
