"""The promises, proved: an acknowledged write is never lost, the store is
never corrupted, a failure changes nothing, and nothing is left readable.

Each test runs real coachlog processes, or injects the store's failures at
the sqlite3 (DB-API) level, and is bounded in time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import resource
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import dump

CLI = [sys.executable, "-m", "coachlog"]
# Runs killed at random moments or right after they answer; on top of these,
# one run is killed before each statement of the write.
KILL_RUNS = int(os.environ.get("COACHLOG_KILL_RUNS", "60"))


def coachlog(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60, **options)


def integrity(path: Path) -> tuple[str, int]:
    connection = sqlite3.connect(path)
    try:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        broken = len(connection.execute("PRAGMA foreign_key_check").fetchall())
    finally:
        connection.close()
    return check, broken


def rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


# A `coachlog` child that reports its progress through the write on a pipe: at
# DB-API level (sqlite3's trace callback sees every statement, whoever runs
# the SQL), so the product needs no test hook. `B` when it starts to take the
# write lock (BEGIN IMMEDIATE), `.` for each later statement of the
# transaction (trigger steps included), `C` at COMMIT. With PAUSE_AT = k it
# stops just before the k-th statement of the write runs (BEGIN is the first),
# says `P`, and waits there to be killed. A third argument, if not 0, is
# SQLite's busy timeout in ms, to make the lock waits short.
PROGRESS_CHILD = """
import os, sqlite3, sqlite3.dbapi2, sys, time

progress, pause_at, busy_timeout_ms = (int(arg) for arg in sys.argv[1:4])


def connect(*args, _connect=sqlite3.connect, **kwargs):
    connection = _connect(*args, **kwargs)
    statement = 0  # of this connection's write; 0 outside one

    def report(sql):
        nonlocal statement
        if sql.startswith("BEGIN IMMEDIATE"):
            statement = 1
            os.write(progress, b"B")
        elif statement:
            statement += 1
            os.write(progress, b"C" if sql == "COMMIT" else b".")
        else:
            return
        if statement == pause_at:
            os.write(progress, b"P")
            time.sleep(600)
        if sql == "COMMIT":
            statement = 0

    connection.set_trace_callback(report)
    return connection


sqlite3.connect = sqlite3.dbapi2.connect = connect
from coachlog import store
from coachlog.cli import main

store.BUSY_TIMEOUT_MS = busy_timeout_ms or store.BUSY_TIMEOUT_MS
sys.exit(main(sys.argv[4:]))
"""


class Child:
    """One `coachlog ARGS…` run whose progress through its write can be watched."""

    def __init__(self, *args: str, pause_at: int = 0, busy_timeout_ms: int = 0) -> None:
        read_end, write_end = os.pipe()
        knobs = [str(write_end), str(pause_at), str(busy_timeout_ms)]
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-u", "-c", PROGRESS_CHILD, *knobs, *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                pass_fds=[write_end],
            )
        finally:
            os.close(write_end)
        self.progress = os.fdopen(read_end, "rb", buffering=0)
        self.seen = b""

    def wait_for(self, mark: bytes, timeout: float = 120, times: int = 1) -> bool:
        """Read progress until `mark` has been seen `times` times; False if
        the child ended first."""
        deadline = time.monotonic() + timeout
        while self.seen.count(mark) < times:
            left = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.progress], [], [], left)
            assert ready, f"no {mark!r} from the child in {timeout} s (saw {self.seen!r})"
            chunk = self.progress.read(64)
            if not chunk:
                return False
            self.seen += chunk
        return True

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)  # a no-op once it has ended

    def finish(self) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=120)
        self.seen += self.progress.read()
        self.progress.close()
        return self.process.returncode, out, err


@pytest.mark.slow
def test_kill_9_never_loses_an_acknowledged_write(ok, store_file):
    """Runs of `session add`, each killed at a moment chosen by its progress
    through the write: just before each of its statements in turn, at random
    moments after it starts to take the lock, and right after it says it
    logged the session. Every run that said so has its session in the store,
    no run killed before its COMMIT has, none is half written, and the store
    is sound."""
    ok("client", "add", "Jane Doe")
    ok("goal", "add", "jane", "Speak first")

    def session_add(run: int, pause_at: int = 0) -> Child:
        return Child(
            *f"session add jane --notes kill-run-{run} --goal G1 --yes".split(), pause_at=pause_at
        )

    started = time.monotonic()
    calibration = session_add(0)
    assert calibration.wait_for(b"B")
    began = time.monotonic()
    code, out, err = calibration.finish()
    assert code == 0, err
    write = calibration.seen[calibration.seen.rindex(b"B") :]  # one byte a statement
    assert write.endswith(b"C") and len(write) > 3, calibration.seen
    write_time = time.monotonic() - began  # as long as a write takes on this machine now
    rng = random.Random(20261127)
    plans = [("pause", statement) for statement in range(1, len(write) + 1)]
    plans += [("random", rng.uniform(0, write_time)) for _ in range(KILL_RUNS * 2 // 3)]
    plans += [("acknowledged", 0)] * (KILL_RUNS - KILL_RUNS * 2 // 3)
    rng.shuffle(plans)

    def one(run: int) -> tuple[int, str, int, str, str]:
        how, at = plans[run - 1]
        child = session_add(run, pause_at=at if how == "pause" else 0)
        said = ""
        if how == "pause":
            paused = child.wait_for(b"P")
            assert paused, f"run {run} ended before statement {at}: {child.finish()}"
        elif how == "random":
            if child.wait_for(b"B"):
                time.sleep(at)
        else:
            said = child.process.stdout.readline()  # its acknowledgement ("" if it failed)
        child.kill()
        code, out, err = child.finish()
        return run, how, code, said + out, err

    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = pool.map(one, range(1, len(plans) + 1))
        results = [(0, "acknowledged", code, out, err), *runs]
    acknowledged = {run for run, _, _, out, _ in results if "Logged session" in out}
    before_commit = {run for run, how, _, _, _ in results if how == "pause"}
    stored = rows(
        store_file,
        "SELECT s.notes, count(sg.goal_id) FROM session AS s "
        "LEFT JOIN session_goal AS sg ON sg.session_id = s.id "
        "GROUP BY s.id",
    )
    found = {int(notes.removeprefix("kill-run-")) for notes, _ in stored}
    assert acknowledged <= found  # nothing acknowledged is lost
    assert not before_commit & found  # nothing killed before its COMMIT is there
    assert len(found) == len(stored)  # no run stored twice
    assert all(links == 1 for _, links in stored)  # no session without its goal: none partial
    assert integrity(store_file) == ("ok", 0)
    # Both outcomes by construction: each "pause" run was killed inside its
    # write, each "acknowledged" run said so (and was killed just after).
    for run, how, code, _, err in results:
        if how == "pause":
            assert code == -signal.SIGKILL, (run, code, err)
        if how == "acknowledged":
            assert run in acknowledged, (run, code, err)
    at_random = [run for run, how, _, _, _ in results if how == "random"]
    print(
        f"\nkill -9: {len(results)} runs, writes of {len(write)} statements "
        f"({write_time * 1000:.0f} ms): {len(before_commit)} killed before one of them, "
        f"{len(at_random)} at a random moment after BEGIN (of which "
        f"{len(acknowledged.intersection(at_random))} had acknowledged); "
        f"{len(acknowledged)} acknowledged, {len(found)} in the store, "
        f"{time.monotonic() - started:.0f} s"
    )


WORKER = """
import sys
from coachlog.cli import main
worker = sys.argv[1]
codes = [main(["session", "add", "jane", "--notes", f"w{worker}-{i}", "--yes"]) for i in range(50)]
print("CODES", *codes)
"""


@pytest.mark.slow
def test_eight_writers_at_once_all_succeed(ok, store_file):
    ok("client", "add", "Jane Doe")
    started = time.monotonic()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        codes = out.strip().splitlines()[-1].split()[1:]
        assert codes == ["0"] * 50
        assert "locked" not in err and "busy" not in err
    notes = {row[0] for row in rows(store_file, "SELECT notes FROM session")}
    assert notes == {f"w{n}-{i}" for n in range(8) for i in range(50)}
    assert integrity(store_file) == ("ok", 0)
    print(
        f"\nconcurrency: 8 processes x 50 session add, {len(notes)} sessions, "
        f"{time.monotonic() - started:.0f} s"
    )


def test_a_writer_waits_for_a_held_write_lock_and_succeeds(ok, store_file):
    ok("client", "add", "Jane Doe")
    ok("goal", "add", "jane", "Speak first")
    holder = sqlite3.connect(store_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE client SET name = name")
    started = time.monotonic()
    waiting = subprocess.Popen(
        [*CLI, "goal", "progress", "G1", "50"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2)
    assert waiting.poll() is None  # still waiting for the lock, not failed
    holder.execute("COMMIT")
    holder.close()
    out, err = waiting.communicate(timeout=30)
    assert waiting.returncode == 0, err
    assert out == "Goal G1 is at 50% (was 0%)\n"
    assert time.monotonic() - started >= 2


def test_a_writer_still_locked_out_after_the_busy_timeout_tries_again(ok, store_file):
    """SQLite stops waiting for the lock after its busy timeout; the write then
    tries again (up to $COACHLOG_BUSY_TIMEOUT, 30 s, in all) instead of
    failing the person's command with "store busy"."""
    ok("client", "add", "Jane Doe")
    ok("goal", "add", "jane", "Speak first")
    holder = sqlite3.connect(store_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        writer = Child("goal", "progress", "G1", "50", busy_timeout_ms=200)
        # Its first BEGIN IMMEDIATE gave up: it still waits, and tries again.
        tried_again = writer.wait_for(b"B", times=2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    code, out, err = writer.finish()
    assert tried_again, (code, err)
    assert (code, out, err) == (0, "Goal G1 is at 50% (was 0%)\n", "")


@pytest.mark.parametrize("given", ["soon", "-1", "nan", "inf"])
def test_a_bad_busy_timeout_is_refused_before_the_store_is_touched(
    ok, run, store_file, monkeypatch, given
):
    ok("client", "add", "Jane Doe")
    before = dump(store_file)
    monkeypatch.setenv("COACHLOG_BUSY_TIMEOUT", given)
    result = run("client", "add", "John Roe")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"Error: COACHLOG_BUSY_TIMEOUT is {given!r}; give a number of seconds, e.g. 30, "
        "or unset it.\n"
    )
    assert dump(store_file) == before


class FailingStatements:
    """Counts the SQL statements (commits included) coachlog hands to sqlite3
    while armed, and makes the n-th raise a SQLite error instead of running
    ("disk I/O error" unless told otherwise). At DB-API level, so it holds
    whatever runs the SQL (the ORM today, plain sqlite3 tomorrow)."""

    def __init__(self) -> None:
        self.armed, self.fail_at, self.seen = False, 0, []
        self.error = ("SQLITE_IOERR", "disk I/O error")

    @property
    def count(self) -> int:
        return len(self.seen)

    @property
    def failed(self) -> str:
        return self.seen[self.fail_at - 1] if 0 < self.fail_at <= self.count else ""

    @contextlib.contextmanager
    def failing(
        self, statement: int = 0, code: str = "SQLITE_IOERR", message: str = "disk I/O error"
    ) -> Iterator[None]:
        """Count statements; with `statement` > 0, fail that one."""
        self.armed, self.fail_at, self.seen = True, statement, []
        self.error = (code, message)
        try:
            yield
        finally:
            self.armed = False

    def step(self, sql: str) -> None:
        if not self.armed:
            return
        self.seen.append(" ".join(sql.split())[:60])
        if self.count == self.fail_at:
            code, message = self.error
            error = sqlite3.OperationalError(message)
            error.sqlite_errorcode = getattr(sqlite3, code)
            error.sqlite_errorname = code
            raise error


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> FailingStatements:
    """Every sqlite3 connection opened in this process goes through
    `FailingStatements` (idle until armed)."""
    faults = FailingStatements()

    class Cursor(sqlite3.Cursor):
        def execute(self, sql, parameters=(), /):
            faults.step(sql)
            return super().execute(sql, parameters)

        def executemany(self, sql, parameters, /):
            faults.step(sql)
            return super().executemany(sql, parameters)

        def executescript(self, script, /):
            faults.step(script)
            return super().executescript(script)

    class Connection(sqlite3.Connection):
        def cursor(self, factory=Cursor):
            return super().cursor(factory)

        def execute(self, sql, parameters=(), /):
            return self.cursor().execute(sql, parameters)

        def executemany(self, sql, parameters, /):
            return self.cursor().executemany(sql, parameters)

        def executescript(self, script, /):
            return self.cursor().executescript(script)

        def commit(self):
            faults.step("COMMIT")
            super().commit()

    def connect(*args, _connect=sqlite3.connect, **kwargs):
        return _connect(*args, factory=Connection, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)
    return faults


WRITES = {
    "session add": "session add jane --notes Shared --private Mine --goal G1 --next monday",
    "request accept": "request accept R1 --note Yes",
}


@pytest.mark.slow
@pytest.mark.parametrize("write", list(WRITES))
def test_a_failure_at_any_step_of_a_write_changes_nothing(
    ok, run, store_file, tmp_path, statements, write
):
    """The store's I/O fails at each statement of a write in turn: each time
    the command says so in one line (exit 3), the store is as it was and
    sound, and the same command then succeeds."""
    ok("client", "add", "Jane Doe")
    ok("goal", "add", "jane", "Speak first")
    ok("request", "add", "jane", "Speak first in the next meeting", "--goal", "G1")
    args = WRITES[write].split()
    settle(store_file)
    before_bytes, before = store_file.read_bytes(), dump(store_file)
    rehearsal = tmp_path / "rehearsal.db"
    rehearsal.write_bytes(before_bytes)
    with statements.failing():
        expected = ok("--db", str(rehearsal), *args)
    total = statements.count
    assert total > 10
    for statement in range(1, total + 1):
        with statements.failing(statement):
            result = run(*args)
        where = (statement, statements.failed)
        assert statements.failed, where
        assert (result.code, result.out) == (3, ""), (where, result.err)
        assert result.err.startswith("Error: ") and result.err.count("\n") == 1, where
        assert "disk I/O error" in result.err and "Nothing was saved" in result.err, where
        assert dump(store_file) == before, where
        assert integrity(store_file) == ("ok", 0), where
        assert ok(*args).out == expected.out  # usable: the same write now succeeds
        for leftover in (Path(f"{store_file}-wal"), Path(f"{store_file}-shm")):
            leftover.unlink(missing_ok=True)
        store_file.write_bytes(before_bytes)  # and back, for the next statement


def test_a_store_busy_when_the_write_begins_is_waited_out_and_written_once(
    ok, run, store_file, statements
):
    """SQLite answers BEGIN IMMEDIATE with "database is locked" (as it does
    when its own wait runs out): the write tries again and lands once."""
    ok("client", "add", "Jane Doe")
    with statements.failing():
        ok("goal", "add", "jane", "Rehearse")
    begin = statements.seen.index("BEGIN IMMEDIATE") + 1
    with statements.failing(begin, "SQLITE_BUSY", "database is locked"):
        result = run("goal", "add", "jane", "Speak first")
    assert statements.failed == "BEGIN IMMEDIATE"
    assert (result.code, result.out, result.err) == (0, "Added goal G2 for jane-doe\n", "")
    assert rows(store_file, "SELECT title FROM goal ORDER BY id") == [
        ("Rehearse",),
        ("Speak first",),
    ]


CODED_FAILURES = {
    "SQLITE_BUSY": "is busy: another coachlog is writing to it; try again in a moment.",
    "SQLITE_LOCKED": "is busy: another coachlog is writing to it; try again in a moment.",
    "SQLITE_READONLY": "is read-only; check its permissions (it should be yours, 0600).",
    "SQLITE_IOERR_WRITE": "could not be written (injected): is the disk full? Nothing was saved",
    "SQLITE_FULL": "could not be written (injected): is the disk full? Nothing was saved",
    "SQLITE_CORRUPT": "is damaged or not a SQLite database (injected); restore it from a backup.",
    "SQLITE_NOTADB": "is damaged or not a SQLite database (injected); restore it from a backup.",
}


@pytest.mark.parametrize("code", list(CODED_FAILURES))
def test_a_store_failure_is_named_by_sqlites_code_not_its_wording(
    ok, run, store_file, statements, code
):
    """A failure in the middle of a write says what went wrong from SQLite's
    result code, whatever the message's words (they vary by version)."""
    ok("client", "add", "Jane Doe")
    with statements.failing():
        ok("goal", "add", "jane", "Rehearse")
    before = dump(store_file)
    insert = next(n for n, sql in enumerate(statements.seen, 1) if sql.startswith("INSERT"))
    with statements.failing(insert, code, "injected"):
        result = run("goal", "add", "jane", "Speak first")
    assert (result.code, result.out) == (3, "")
    assert result.err == f"Error: the store at {store_file} {CODED_FAILURES[code]}" + (
        "; free some space and try again.\n" if "disk full" in CODED_FAILURES[code] else "\n"
    )
    assert dump(store_file) == before


def limited_to(size: int):
    """Run a child as if the disk held no more than `size` bytes a file."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


def settle(store_file: Path) -> None:
    # Closed here, not left to the garbage collector: an open connection would
    # keep the -wal and -shm files that the fault tests remove between runs.
    with contextlib.closing(sqlite3.connect(store_file)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.mark.parametrize("command", ["session add", "import"])
def test_a_full_disk_fails_cleanly_and_changes_nothing(ok, store_file, tmp_path, command):
    ok("demo", "--db", str(store_file))
    big = "A long session, written out in full. " * 30_000
    if command == "import":
        source = tmp_path / "source.db"
        ok("--db", str(source), "client", "add", "Other Client")
        for day in range(40):
            ok(
                "--db",
                str(source),
                "session",
                "add",
                "other",
                "--on",
                f"{day + 1} days ago",
                "--notes",
                big[:20_000],
            )
        export = tmp_path / "export.json"
        ok("--db", str(source), "export", "--format", "json", "--out", str(export))
        args = ["import", str(export)]
    else:
        notes = tmp_path / "notes.md"
        notes.write_text(big)
        args = ["session", "add", "maya", "--notes-file", str(notes)]
    settle(store_file)
    before_bytes, before_dump = store_file.read_bytes(), dump(store_file)
    result = coachlog(*args, preexec_fn=limited_to(store_file.stat().st_size + 4096))
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "is the disk full?" in result.stderr and "Nothing was saved" in result.stderr
    assert "A long session" not in result.stderr + result.stdout  # no note text in errors
    assert store_file.read_bytes() == before_bytes
    assert dump(store_file) == before_dump
    assert integrity(store_file) == ("ok", 0)


def newer_schema(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # into the main file, settled
    finally:
        connection.close()


BAD_FILES = {
    "zero bytes": lambda path: path.write_bytes(b""),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:1500]),
    "random bytes": lambda path: path.write_bytes(random.Random(5).randbytes(65536)),
    "newer schema": newer_schema,
    "read-only": lambda path: path.chmod(0o400),
}


@pytest.mark.parametrize("damage", list(BAD_FILES))
def test_a_bad_store_file_is_refused_never_reinitialised(ok, store_file, damage):
    ok("client", "add", "Jane Doe")
    ok("backup")
    settle(store_file)
    BAD_FILES[damage](store_file)
    backups = store_file.parent / "backups"
    before = store_file.read_bytes()
    saved = {path.name: path.read_bytes() for path in backups.iterdir()}
    commands = [["client", "list"], ["client", "add", "John Roe"], ["goals"]]
    if damage != "read-only":  # a sound read-only store may still be backed up
        commands.append(["backup"])
    for args in commands:
        result = coachlog(*args)
        assert result.returncode == 3, (args, result.stderr)
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert store_file.read_bytes() == before
    assert {path.name: path.read_bytes() for path in backups.iterdir()} == saved


def test_everything_written_is_private_under_umask_000(ok, tmp_path, monkeypatch):
    monkeypatch.delenv("COACHLOG_DB")
    data = tmp_path / "private"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    saved = os.umask(0)
    try:
        ok("client", "add", "Jane Doe")
        ok("session", "add", "jane", "--notes", "x")
        ok("backup")
        ok("backup", str(tmp_path / "named-backup.db"))
        ok("report", "jane", "--format", "html", "--out", str(tmp_path / "report.html"))
        for format in ("json", "markdown", "ics"):
            ok("export", "-f", format, "--all-clients", "-o", str(tmp_path / f"export.{format}"))
        ok("export", "--format", "csv", "--out", str(tmp_path / "tables"))
        store = data / "coachlog" / "coachlog.db"
        connection = sqlite3.connect(store)  # hold the -wal and -shm open to look at them
        connection.execute("SELECT 1 FROM client").fetchall()
        files = [
            store,
            Path(f"{store}-wal"),
            Path(f"{store}-shm"),
            *(data / "coachlog" / "backups").iterdir(),
            tmp_path / "named-backup.db",
            tmp_path / "report.html",
            *tmp_path.glob("export.*"),
            *(tmp_path / "tables").iterdir(),
        ]
        folders = [data / "coachlog", data / "coachlog" / "backups", tmp_path / "tables"]
        assert {str(path): oct(path.stat().st_mode & 0o777) for path in files} == {
            str(path): "0o600" for path in files
        }
        assert [oct(folder.stat().st_mode & 0o777) for folder in folders] == ["0o700"] * 3
        connection.close()
    finally:
        os.umask(saved)


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
    """Each table's row count and a hash of its rows, in order."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
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


def test_upgrading_a_populated_first_schema_store_keeps_every_row(ok, tmp_path):
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from generate import build

    path = tmp_path / "old.db"
    build(path, records=6_000, clients=30, revision="0001")
    before, columns = table_digest(path), table_columns(path)
    assert sum(count for count, _ in before.values()) > 10_000
    ok("--db", str(path), "goals", "client-007")
    assert rows(path, "SELECT version_num FROM alembic_version") != [("0001",)]
    after = table_digest(path, columns)
    assert {table: after[table] for table in before} == before
    assert all(after[table][0] == 0 for table in after.keys() - before.keys())  # new, empty
    assert integrity(path) == ("ok", 0)
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and table_digest(backups[0]) == before
    hits = json.loads(ok("--db", str(path), "search", "delegation", "--json").out)["hits"]
    assert hits  # the upgrade indexed what was already there
