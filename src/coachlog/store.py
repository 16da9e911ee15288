"""The one module that opens stores (DESIGN §5).

A store is a SQLite file by default, or any SQLAlchemy URL. Opening one
checks its schema revision with a plain SQL read; Alembic is imported only
when the store is behind, or new on a server (a new SQLite store is made
from schema_sqlite.py, generated from the migrations). The read side gets a
`Reader` that runs plain SQL (the standard library's `sqlite3` on SQLite,
SQLAlchemy on a server); the write side gets a `Writer` on the same kinds of connection,
in one transaction that begins with `BEGIN IMMEDIATE` (`writing_sql`).
"""

from __future__ import annotations

import math
import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from coachlog.errors import BadInput, StoreError
from coachlog.migrations import HEAD, REVISIONS
from coachlog.readers import Reader, SQLAlchemyReader, SQLiteReader

T = TypeVar("T")

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from coachlog.writer import Writer

SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite's own wait for a lock, on every connection. A write that still finds
# the store busy tries again, with backoff, until BUSY_WAIT_S have passed in
# all ($COACHLOG_BUSY_TIMEOUT seconds, if set): ordinary contention never fails
# a command, a store locked for good still ends in exit 3.
BUSY_TIMEOUT_MS = 5000
BUSY_WAIT_S = 30.0
PRAGMAS = (
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    # Zero what a write frees (an edited note's old text, a purged record):
    # some SQLite builds default to it, not all.
    "PRAGMA secure_delete = ON",
)


@dataclass(frozen=True)
class Location:
    """Where a store lives: a SQLite file, or a server's SQLAlchemy URL."""

    path: Path | None = None
    url: str | None = None
    # Only the default folder is made for the person; a --db folder must exist,
    # so that a typo does not scatter stores around the disk.
    make_folder: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def sqlalchemy_url(self) -> str:
        """A server's URL. A SQLite file has none on purpose: a path holding
        `?`, `#` or `%` would name another file in a URL (see `make_engine`)."""
        assert self.url is not None, "a SQLite store is opened by its path, not a URL"
        return self.url

    def __str__(self) -> str:
        if self.path is not None:
            return str(self.path)
        from urllib.parse import urlsplit

        parts = urlsplit(str(self.url))
        host = parts.hostname or ""
        return f"{parts.scheme}://{host}{parts.path}"  # never show a password


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("coachlog", appauthor=False) / "coachlog.db"


# The server drivers SQLAlchemy can open without asyncio: `postgresql+NAME://`.
POSTGRESQL_DRIVERS = ("psycopg", "psycopg2", "pg8000", "psycopg2cffi")
URL_EXAMPLE = "postgresql+psycopg://USER@HOST:5432/DATABASE"


def resolve(db: str | None) -> Location:
    """`--db`, else `$COACHLOG_DB`, else `db` in the config file, else the
    per-user data folder.

    A path is a SQLite file, taken literally whatever its characters; so is
    `sqlite:///PATH`. Anything else with `://` must be a PostgreSQL URL."""
    from coachlog import config

    given = db or os.environ.get("COACHLOG_DB") or config.get("db") or None
    if given is None:
        return Location(path=default_path(), make_folder=True)
    if given[: len("sqlite:///")].lower() == "sqlite:///":
        return Location(path=Path(given[len("sqlite:///") :]).expanduser().absolute())
    if "://" in given:
        _check_server_url(given)
        scheme, _, rest = given.partition("://")
        # A scheme is case-insensitive (RFC 3986); SQLAlchemy's driver names are not.
        return Location(url=f"{scheme.lower()}://{rest}")
    return Location(path=Path(given).expanduser().absolute())


def _check_server_url(url: str) -> None:
    """Refuse a URL coachlog cannot use before anything tries to open it."""
    import re
    from urllib.parse import urlsplit

    scheme = url.partition("://")[0]
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        raise BadInput(
            f"the --db value holds :// but is not a URL; give a SQLite file path or a "
            f"PostgreSQL URL such as {URL_EXAMPLE}."
        )
    backend, _, driver = scheme.partition("+")
    if backend.lower() == "sqlite":
        raise BadInput(f"{scheme}:// is not a store file; give --db PATH or sqlite:///PATH.")
    if backend.lower() != "postgresql":
        hint = " (write postgresql://)" if backend.lower() == "postgres" else ""
        raise BadInput(
            f"coachlog cannot use a {scheme}:// store{hint}; give a SQLite file path or a "
            f"PostgreSQL URL such as {URL_EXAMPLE}."
        )
    if driver and driver.lower() not in POSTGRESQL_DRIVERS:
        raise BadInput(
            f"{driver!r} is not a PostgreSQL driver coachlog can use; write "
            f"postgresql+psycopg:// (or one of {', '.join(POSTGRESQL_DRIVERS)})."
        )
    try:
        urlsplit(url).port  # noqa: B018 - raises on a port that is not a number 0-65535
    except ValueError:
        raise BadInput(
            "the --db URL's host or port cannot be read (the port must be a number "
            f"from 0 to 65535); e.g. {URL_EXAMPLE}."
        ) from None


def make_private_dir(folder: Path) -> None:
    """Create `folder` (and missing parents) as 0700, whatever the umask."""
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for created in reversed(missing):
        with suppress(FileExistsError):
            created.mkdir(mode=0o700)
            os.chmod(created, 0o700)


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, whatever the umask."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


# --- opening -----------------------------------------------------------------


_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
# PostgreSQL's SQLSTATEs for the same: lock not available, deadlock, serialization.
_BUSY_SQLSTATES = frozenset({"55P03", "40P01", "40001"})


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception (SQLAlchemy wraps it in `.orig`)."""
    return getattr(exc, "orig", None) or exc


def _sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code behind `exc` (SQLITE_IOERR for every
    SQLITE_IOERR_*), or None when SQLite did not raise it."""
    code = getattr(_driver_error(exc), "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _is_busy(exc: BaseException) -> bool:
    """Another connection holds a lock this one needs: worth waiting for."""
    sqlstate = getattr(_driver_error(exc), "sqlstate", None)
    return _sqlite_code(exc) in _BUSY or sqlstate in _BUSY_SQLSTATES


def _store_failure(exc: Exception, location: Location | None = None) -> StoreError:
    # Classified by the driver's code: messages change between versions and locales.
    driver = _driver_error(exc)
    # One line: a driver's message may span several (psycopg's hints do).
    message = " ".join(str(driver).split()) or type(driver).__name__
    where = f" at {location}" if location else ""
    code = _sqlite_code(exc)
    if _is_busy(exc):
        return StoreError(
            f"the store{where} is busy: another coachlog is writing to it; try again in a moment."
        )
    if code == sqlite3.SQLITE_READONLY:
        return StoreError(
            f"the store{where} is read-only; check its permissions (it should be yours, 0600)."
        )
    if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
        return StoreError(
            f"the store{where} could not be written ({message}): is the disk full? Nothing "
            "was saved; free some space and try again."
        )
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(
            f"the store{where} is damaged or not a SQLite database ({message}); "
            "restore it from a backup."
        )
    return StoreError(f"the store{where} cannot be used: {message}.")


def _check_sqlite_file(path: Path) -> None:
    """Refuse anything at `path` that is not a readable, writable SQLite file."""
    if not path.parent.is_dir():
        raise StoreError(
            f"the folder {path.parent} does not exist; create it or choose another --db."
        )
    if path.is_symlink():
        # Creating a store through a dangling link would make a file elsewhere.
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise StoreError(
                f"{path} is a symbolic link to {target}, which does not exist; nothing was "
                "created. Point --db at the store file itself."
            )
        if not target.is_file():
            raise StoreError(
                f"{path} is a symbolic link to {target}, which is not a file; choose another --db."
            )
    if not path.exists():
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise StoreError(
                f"cannot create a store in {path.parent}: the folder is not writable; "
                "choose another --db."
            )
        return
    if not path.is_file():
        raise StoreError(f"{path} is not a file; choose another --db.")
    if not os.access(path, os.R_OK | os.W_OK) or not path.stat().st_mode & stat.S_IWUSR:
        # The mode is read too: root may write anywhere, but a 0400 store was
        # made read-only on purpose.
        raise StoreError(
            f"{path} is read-only or not yours; check its permissions (it should be 0600)."
        )
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        what = "is empty" if not header else "is not a SQLite database"
        raise StoreError(f"{path} {what}, so it is not a coachlog store; it was left untouched.")


def read_only_uri(path: Path | str) -> str:
    """A SQLite URI (for `sqlite3.connect(..., uri=True)`) that opens exactly
    `path`, read-only: `?`, `#` and `%` in the path are percent-encoded, so
    they are never read as the URI's query, fragment or an escape."""
    from urllib.parse import quote

    return f"file:{quote(os.fspath(path), safe='/')}?mode=ro"


def _connect_sqlite(path: Path, *, pragmas: bool = True) -> sqlite3.Connection:
    """A connection with the store's pragmas; without them it changes nothing
    in the file, which is how a file is checked before it is trusted."""
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        for pragma in PRAGMAS if pragmas else PRAGMAS[:1]:
            connection.execute(pragma)
    except sqlite3.Error as exc:
        connection.close()
        raise _store_failure(exc, Location(path=path)) from None
    return connection


def _revision_sqlite(connection: sqlite3.Connection, path: Path) -> str | None:
    try:
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "alembic_version" not in tables:
            raise StoreError(
                f"{path} is a SQLite database but not a coachlog store; "
                "it was left untouched. Choose another --db."
            )
        found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise _store_failure(exc, Location(path=path)) from None
    return found[0] if found else None


def _check_revision(revision: str | None, location: Location) -> bool:
    """True when the store is current, False when it is behind; refuse newer."""
    if revision == HEAD:
        return True
    if revision in REVISIONS or revision is None:
        return False
    raise StoreError(
        f"the store at {location} was written by a newer coachlog (schema {revision}); "
        "upgrade coachlog to use it. The store was not touched."
    )


def _open_sqlite(location: Location) -> sqlite3.Connection:
    """A connection to a current store, creating or upgrading it."""
    path = location.path
    assert path is not None
    if location.make_folder:
        make_private_dir(path.parent)
    _check_sqlite_file(path)
    if not path.exists():
        _create_sqlite(path)
    probe = _connect_sqlite(path, pragmas=False)
    try:
        current = _check_revision(_revision_sqlite(probe, path), location)
    finally:
        probe.close()
    if not current:
        _upgrade_sqlite(path)
    return _connect_sqlite(path)


def _create_sqlite(path: Path) -> None:
    """Build a new store beside `path` and link it into place, so a crash
    never leaves a half-made store and two first runs never clobber each other."""
    staging = path.with_name(f".{path.name}.{os.getpid()}.new")
    for leftover in (staging, *_sidecars(staging)):
        leftover.unlink(missing_ok=True)
    create_private_file(staging)
    try:
        _build_sqlite(staging)
        with suppress(FileExistsError):  # another coachlog created it first: use theirs
            os.link(staging, path)
    except OSError as exc:
        raise StoreError(f"cannot create the store at {path}: {exc.strerror}.") from None
    finally:
        for leftover in (staging, *_sidecars(staging)):
            leftover.unlink(missing_ok=True)


def _build_sqlite(path: Path) -> None:
    """Make the schema in the empty file at `path`, in one transaction: from
    the statements generated from the migrations (schema_sqlite.py), or
    through Alembic if they lag behind the migrations' head."""
    from coachlog import schema_sqlite

    if schema_sqlite.REVISION != HEAD:
        migrate_sqlite(path)
        return
    connection = _connect_sqlite(path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        for statement in schema_sqlite.STATEMENTS:
            connection.execute(statement)
        connection.execute(
            "INSERT INTO alembic_version (version_num) VALUES (?)", (schema_sqlite.REVISION,)
        )
        connection.execute("COMMIT")
    except sqlite3.Error as exc:
        raise _store_failure(exc, Location(path=path)) from None
    finally:
        connection.close()


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def backups_dir(location: Location) -> Path:
    assert location.path is not None
    return location.path.parent / "backups"


def backup_sqlite(path: Path, destination: Path) -> Path:
    """Copy a live store with SQLite's online backup API into a 0600 file."""
    make_private_dir(destination.parent)
    create_private_file(destination)
    source = _connect_sqlite(path)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
            # One self-contained file: no -wal or -shm beside a backup.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    except sqlite3.Error as exc:
        destination.unlink(missing_ok=True)
        raise _store_failure(exc, Location(path=path)) from None
    finally:
        source.close()
    return destination


def _upgrade_sqlite(path: Path) -> None:
    """Back the store up, then upgrade it in one transaction: a failed
    upgrade leaves it exactly as it was."""
    location = Location(path=path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    backup = None
    # Another coachlog upgrading the same store in the same second has the
    # first name (its upgrade waits for the write lock, then finds nothing
    # to do): this one's backup takes the next free one.
    for number in range(1, 1000):
        name = f"coachlog-{stamp}-before-upgrade{f'-{number}' if number > 1 else ''}.db"
        try:
            backup = backup_sqlite(path, backups_dir(location) / name)
            break
        except FileExistsError:
            continue
    if backup is None:
        raise StoreError(f"cannot back the store up before upgrading it: {name} and more exist.")
    try:
        migrate_sqlite(path)
    except Exception as exc:
        raise StoreError(
            f"upgrading the store at {path} failed ({type(exc).__name__}); it was left as it "
            f"was, and a backup is at {backup}."
        ) from exc


def migrate_sqlite(path: Path, target: str = "head") -> None:
    """Run the migrations up to `target` on the SQLite file at `path`, in
    one transaction (Alembic: for an upgrade, and to check the generated
    statements against)."""
    engine = make_engine(Location(path=path))
    try:
        with engine.begin() as connection:
            _run_migrations(connection, target)
    finally:
        engine.dispose()


def _run_migrations(connection: Connection, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def _prepare_server(location: Location) -> Engine:
    """An engine on a server whose schema is checked (and if needed created
    or upgraded). Its pool keeps the connection the check used, so the
    command that follows does not connect (and sign in) a second time; the
    caller disposes of it."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = make_engine(location)
    try:
        with engine.begin() as connection:
            if inspect(connection).has_table("alembic_version"):
                revision = connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalar()
                if _check_revision(revision, location):
                    return engine
            _run_migrations(connection)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise _store_failure(exc, location) from None
    except BaseException:
        engine.dispose()
        raise
    return engine


def make_engine(location: Location) -> Engine:
    """A SQLAlchemy engine with the store's pragmas and `BEGIN IMMEDIATE`."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    if not location.is_sqlite:
        return _server_engine(location)
    path = str(location.path)
    # The file is opened by its path, never through a `sqlite:///` URL: in a
    # URL, `?`, `#` or `%` in the path would make SQLAlchemy open another file.
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        ),
        hide_parameters=True,
        poolclass=NullPool,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" below decide how transactions start.
        dbapi_connection.isolation_level = None
        for pragma in PRAGMAS:
            dbapi_connection.execute(pragma)

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # Take the write lock up front: no deadlocked upgrade from a read lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _server_engine(location: Location) -> Engine:
    """An engine for a server URL, or one clear error: a URL SQLAlchemy cannot
    read is bad input (exit 2), a driver that is not installed makes the store
    unusable here (exit 3)."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        return create_engine(location.sqlalchemy_url, hide_parameters=True)
    except NoSuchModuleError:
        raise BadInput(
            f"coachlog cannot use a {str(location).partition('://')[0]}:// store; "
            f"give a SQLite file path or a URL such as {URL_EXAMPLE}."
        ) from None
    except ImportError as exc:
        driver = exc.name or "its driver"
        raise StoreError(
            f"cannot open {location}: the database driver {driver} is not installed; "
            f"install it, or use {URL_EXAMPLE} (pip install 'coachlog[postgres]')."
        ) from None
    except (ArgumentError, ValueError):
        raise BadInput(f"the --db URL cannot be read; e.g. {URL_EXAMPLE}.") from None


@contextmanager
def reading(location: Location) -> Iterator[Reader]:
    """A consistent read of a current store."""
    if location.is_sqlite:
        connection = _open_sqlite(location)
        try:
            connection.execute("BEGIN")
            yield SQLiteReader(connection)
        except sqlite3.Error as exc:
            raise _store_failure(exc, location) from None
        finally:
            with suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            connection.close()
        return
    from sqlalchemy.exc import SQLAlchemyError

    engine = _prepare_server(location)
    try:
        with engine.connect() as connection:
            yield SQLAlchemyReader(connection)
    except SQLAlchemyError as exc:
        raise _store_failure(exc, location) from None
    finally:
        engine.dispose()


def busy_wait_seconds() -> float:
    """How long a write waits for a busy store in all before it gives up."""
    given = os.environ.get("COACHLOG_BUSY_TIMEOUT", "").strip()
    if not given:
        return BUSY_WAIT_S
    try:
        seconds = float(given)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise BadInput(
            f"COACHLOG_BUSY_TIMEOUT is {given!r}; give a number of seconds, e.g. 30, or unset it."
        )
    return seconds


def _retrying_while_busy(attempt: Callable[[], T], deadline: float) -> T:
    """`attempt()` (taking the write lock), tried again after random, growing
    pauses while the store is busy, until `deadline` (time.monotonic())."""
    pause = 0.02
    while True:
        try:
            return attempt()
        except Exception as exc:
            left = deadline - time.monotonic()
            if not _is_busy(exc) or left <= 0:
                raise
        # Random, growing pauses, so that waiting writers do not retry in step.
        time.sleep(min(left, random.uniform(pause / 2, pause)))
        pause = min(pause * 2, 1.0)


@contextmanager
def writing_sql(location: Location, command: str | None = None) -> Iterator[Writer]:
    """A `Writer` in one write transaction, holding the write lock from its
    start: committed when the block ends, rolled back (leaving the store as
    it was) when it raises. What it changed is kept, under `command`'s name,
    for `coachlog undo` (journal/undo.py). On SQLite it imports no ORM."""
    from coachlog.dates import local_now
    from coachlog.writer import Recording, SQLAlchemyWriter, SQLiteWriter

    wait = busy_wait_seconds()
    if not location.is_sqlite:
        from sqlalchemy.exc import SQLAlchemyError

        engine = _prepare_server(location)
        try:
            with engine.begin() as connection:
                writer = SQLAlchemyWriter(connection, now=local_now, recording=Recording(command))
                yield writer
                _keep_change(writer)
        except SQLAlchemyError as exc:
            raise _store_failure(exc, location) from None
        finally:
            engine.dispose()
        return
    connection = _open_sqlite(location)
    deadline = time.monotonic() + wait

    def begin() -> None:
        left = max(0.0, deadline - time.monotonic())
        connection.execute(f"PRAGMA busy_timeout = {min(BUSY_TIMEOUT_MS, math.ceil(left * 1000))}")
        connection.execute("BEGIN IMMEDIATE")

    try:
        _retrying_while_busy(begin, deadline)
        try:
            writer = SQLiteWriter(connection, now=local_now, recording=Recording(command))
            yield writer
            _keep_change(writer)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise _store_failure(exc, location) from None
    finally:
        connection.close()


def _keep_change(writer: Writer) -> None:
    """Keep what the transaction changed for `coachlog undo`, in it."""
    recording = writer.recording
    if recording is not None and (recording.rows or recording.changed):
        from coachlog.journal.change_log import keep

        keep(writer)


def checkpoint(location: Location) -> bool:
    """Fold the write-ahead log into the store and empty it, so nothing a
    purge erased lingers in the -wal file. False when another connection's
    read kept part of the log: SQLite folds it in and removes the file when
    the last connection to the store closes (any coachlog command's, once
    that reader is gone)."""
    if not location.is_sqlite:
        return True
    assert location.path is not None
    connection = _connect_sqlite(location.path)
    try:
        connection.execute("PRAGMA secure_delete = ON")
        busy, frames, folded = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        raise _store_failure(exc, location) from None
    finally:
        connection.close()
    return busy == 0 and frames == folded


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
