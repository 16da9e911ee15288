"""The promises, proved: an acknowledged write is never lost, the store is
never corrupted, a failure changes nothing, and nothing is left readable.

Each test runs real coachlog processes and is bounded in time.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import dump

CLI = [sys.executable, "-m", "coachlog"]
KILL_RUNS = int(os.environ.get("COACHLOG_KILL_RUNS", "200"))


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


def test_kill_9_never_loses_an_acknowledged_write(ok, store_file):
    """Runs of `session add`, each killed at a random moment: every run that
    said it logged its session has it in the store, no session is half
    written, and the store is sound."""
    ok("client", "add", "Jane Doe")
    ok("goal", "add", "jane", "Speak first")
    rng = random.Random(20261127)
    delays = [rng.uniform(0.0, 1.4) for _ in range(KILL_RUNS)]

    def one(run: int) -> tuple[int, int, str]:
        process = subprocess.Popen(
            [*CLI, "session", "add", "jane", "--notes", f"kill-run-{run}", "--goal", "G1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delays[run])
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=30)
        return run, process.returncode, out

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, range(KILL_RUNS)))
    acknowledged = {run for run, code, out in results if code == 0 and "Logged session" in out}
    killed = sum(1 for _, code, _ in results if code == -signal.SIGKILL)
    stored = rows(
        store_file,
        "SELECT s.notes, count(sg.goal_id) FROM session AS s "
        "LEFT JOIN session_goal AS sg ON sg.session_id = s.id "
        "GROUP BY s.id",
    )
    found = {int(notes.removeprefix("kill-run-")) for notes, _ in stored}
    assert acknowledged <= found  # nothing acknowledged is lost
    assert len(found) == len(stored)  # no run stored twice
    assert all(links == 1 for _, links in stored)  # no session without its goal: none partial
    assert integrity(store_file) == ("ok", 0)
    assert killed > KILL_RUNS // 4 and acknowledged  # both outcomes really happened
    print(
        f"\nkill -9: {KILL_RUNS} runs, {killed} killed, {len(acknowledged)} acknowledged, "
        f"{len(found)} found in the store, {time.monotonic() - started:.0f} s"
    )


WORKER = """
import sys
from coachlog.cli import main
worker = sys.argv[1]
codes = [main(["session", "add", "jane", "--notes", f"w{worker}-{i}"]) for i in range(50)]
print("CODES", *codes)
"""


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


def limited_to(size: int):
    """Run a child as if the disk held no more than `size` bytes a file."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


def settle(store_file: Path) -> None:
    with sqlite3.connect(store_file) as connection:
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
            ok("export", "--format", format, "--out", str(tmp_path / f"export.{format}"))
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


def table_digest(path: Path) -> dict[str, tuple[int, str]]:
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
            found = connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            digest[table] = (len(found), hashlib.sha256(repr(found).encode()).hexdigest())
        return digest
    finally:
        connection.close()


def test_upgrading_a_populated_first_schema_store_keeps_every_row(ok, tmp_path):
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from generate import build

    path = tmp_path / "old.db"
    build(path, records=6_000, clients=30, revision="0001")
    before = table_digest(path)
    assert sum(count for count, _ in before.values()) > 10_000
    ok("--db", str(path), "goals", "client-007")
    assert rows(path, "SELECT version_num FROM alembic_version") != [("0001",)]
    assert table_digest(path) == before
    assert integrity(path) == ("ok", 0)
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and table_digest(backups[0]) == before
    hits = json.loads(ok("--db", str(path), "search", "delegation", "--json").out)["hits"]
    assert hits  # the upgrade indexed what was already there
