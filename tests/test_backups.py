"""Backups a coach can count on: the one just made is always there, an
interrupted one leaves no copy of the notes behind, a tampered one is never
restored, and old ones can be erased after a client is."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import dump

# Above the largest pid Linux can hand out (2**22): never a live process.
DEAD_PID = 2**22 + 1
MARKER = "Qzvprivatemarker"


def backed_up(result) -> Path:
    return Path(result.out.splitlines()[0].removeprefix("Backed up to ").strip())


def said(text: str) -> str:
    """What a person reads, whatever the line width."""
    return " ".join(text.split())


def sha256(path: Path) -> str:
    return hashlib.sha256(
        b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    ).hexdigest()


@pytest.fixture
def engagement(ok, jane):
    ok("session", "add", jane, "--notes", "Session one", "--private", f"Private {MARKER}")
    return jane


@pytest.fixture
def future_named(ok, engagement, store_file, tmp_path) -> list[str]:
    """Ten real backups named by a clock that was once decades ahead."""
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    folder = store_file.parent / "backups"
    folder.mkdir(mode=0o700)
    names = [f"coachlog-20{60 + n}0101-000000.db" for n in range(10)]
    for name in names:
        shutil.copy(copy, folder / name)
    return names


# --- 3. rotation never removes what it just made -----------------------------


def test_a_backup_made_after_ten_future_named_ones_is_kept_and_there(ok, store_file, future_named):
    made = backed_up(ok("backup"))
    assert made.is_file() and made.parent == store_file.parent / "backups"
    again = backed_up(ok("backup"))
    assert made.is_file() and again.is_file()
    assert len(list(made.parent.iterdir())) == 10
    # Older coachlogs' names rank below every new backup, so they go first.
    for _ in range(8):
        ok("backup")
    assert not any((made.parent / name).exists() for name in future_named)
    assert made.is_file() and again.is_file()


def test_restore_keeps_its_safety_copy_after_ten_future_named_ones(
    ok, store_file, future_named, tmp_path
):
    source = tmp_path / "source.db"
    ok("backup", str(source))
    result = ok("restore", str(source), "--yes")
    saved = Path(result.out.split("the store as it was is in ")[1].strip())
    assert saved.is_file()
    with sqlite3.connect(saved) as copy:
        assert copy.execute("SELECT notes FROM session").fetchall() == [("Session one",)]


def test_a_clock_set_back_does_not_make_new_backups_look_older(
    ok, engagement, store_file, monkeypatch
):
    monkeypatch.setenv("COACHLOG_NOW", "2031-01-01T10:00:00")
    ahead = [backed_up(ok("backup")) for _ in range(5)]
    monkeypatch.setenv("COACHLOG_NOW", "2026-11-27T10:00:00")
    corrected = [backed_up(ok("backup")) for _ in range(10)]
    kept = set((store_file.parent / "backups").iterdir())
    assert kept == set(corrected) and not kept & set(ahead)


# --- 6. an interrupted backup leaves nothing behind for long -----------------


def leftover(store_file: Path, pid: int) -> Path:
    """What `kill -9` during a backup leaves: a full copy of the store."""
    folder = store_file.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    partial = folder / f".coachlog.db.{pid}.partial"
    with sqlite3.connect(store_file) as source, sqlite3.connect(partial) as copy:
        source.backup(copy)
    Path(f"{partial}-journal").write_bytes(b"")
    return partial


def test_the_next_backup_removes_copies_a_killed_backup_left(ok, run, engagement, store_file):
    dead = leftover(store_file, DEAD_PID)
    running = leftover(store_file, os.getppid())  # a backup still being written
    assert MARKER.encode() in dead.read_bytes()
    sick = run("doctor")
    assert sick.code == 1 and sick.err == ""
    assert said(sick.out).count("Problem:") == 1
    assert f"interrupted backup left a copy of the notes in {dead}; the next" in said(sick.out)
    assert "`coachlog backup` removes it" in said(sick.out)
    assert str(running) not in said(sick.out)
    made = backed_up(ok("backup"))
    assert sorted(p.name for p in made.parent.iterdir()) == sorted(
        [made.name, running.name, f"{running.name}-journal"]
    )
    running.unlink()
    Path(f"{running}-journal").unlink()
    assert ok("doctor").out.endswith("All is well.\n")


def test_doctor_reports_a_store_creation_cut_short(run, ok, engagement, store_file):
    staging = store_file.with_name(f".{store_file.name}.{DEAD_PID}.new")
    shutil.copy(store_file, staging)
    sick = run("doctor")
    assert sick.code == 1 and sick.err == ""
    assert f"interrupted store creation left {staging}; remove it: rm {staging}*" in said(sick.out)
    staging.unlink()
    assert ok("doctor").code == 0


# --- 14. a tampered backup is never restored ---------------------------------

TAMPERING = {
    "a trigger": (
        "CREATE TRIGGER copy_private AFTER INSERT ON session BEGIN "
        "UPDATE session SET notes = new.private_notes WHERE id = new.id; END",
        "unexpected trigger copy_private",
    ),
    "a table": ("CREATE TABLE harvest (text TEXT)", "unexpected table harvest"),
    "a view": (
        "CREATE VIEW everything AS SELECT private_notes FROM session",
        "unexpected view everything",
    ),
    "an index": ("CREATE INDEX ix_extra ON session (private_notes)", "unexpected index ix_extra"),
    "a changed trigger body": (
        "DROP TRIGGER session_search_insert; "
        "CREATE TRIGGER session_search_insert AFTER INSERT ON session BEGIN "
        "UPDATE session SET notes = new.private_notes WHERE id = new.id; END",
        "trigger session_search_insert differs",
    ),
    "a missing trigger": (
        "DROP TRIGGER advice_search_update",
        "missing trigger advice_search_update",
    ),
}


def tamper(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(sql)
    finally:
        connection.close()


@pytest.mark.parametrize("change", list(TAMPERING))
def test_a_backup_with_a_changed_schema_is_refused_and_the_store_kept(
    ok, run, engagement, store_file, tmp_path, change
):
    sql, named = TAMPERING[change]
    hostile = tmp_path / "hostile.db"
    ok("backup", str(hostile))
    tamper(hostile, sql)
    before, content = sha256(store_file), dump(store_file)
    result = run("restore", str(hostile), "--yes")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"Error: {hostile} cannot be restored: the schema differs")
    assert named in result.err and result.err.endswith("The store was not touched.\n")
    assert result.err.count("\n") == 1
    assert sha256(store_file) == before and dump(store_file) == content
    assert not (store_file.parent / "backups").exists()


@pytest.mark.parametrize("change", list(TAMPERING))
def test_doctor_reports_a_changed_schema_by_name(ok, run, engagement, store_file, change):
    sql, named = TAMPERING[change]
    tamper(store_file, sql)
    sick = run("doctor")
    assert sick.code == 1 and sick.err == ""
    assert "Problem: the schema differs from what coachlog's migrations make" in said(sick.out)
    assert named in said(sick.out)
    report = json.loads(run("doctor", "--json").out)
    assert report["ok"] is False
    assert any(named in problem and "restore a backup" in problem for problem in report["problems"])


def test_statistics_sqlite_keeps_itself_do_not_count_as_a_change(ok, engagement, store_file):
    with sqlite3.connect(store_file) as connection:
        connection.execute("ANALYZE")
    assert json.loads(ok("doctor", "--json").out)["ok"] is True


@pytest.mark.real_migrations
def test_a_backup_at_an_older_revision_is_compared_with_that_revision(
    ok, engagement, store_file, tmp_path
):
    from coachlog.migrations import REVISIONS
    from coachlog.store import Location, _run_migrations, make_engine

    older = tmp_path / "older.db"
    engine = make_engine(Location(path=older))
    try:
        with engine.begin() as connection:
            _run_migrations(connection, REVISIONS[0])
    finally:
        engine.dispose()
    with sqlite3.connect(older) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    assert ok("restore", str(older), "--yes").out.startswith(f"Restored {older}")
    assert json.loads(ok("client", "list", "--json").out)["clients"] == []  # upgraded, usable
    assert json.loads(ok("doctor", "--json").out)["ok"] is True


def test_spacing_case_and_quoting_do_not_count_but_literals_do():
    from coachlog.schema_audit import normalised

    assert normalised('CREATE  TABLE "Session" (id\n INTEGER);') == normalised(
        "create table session ( id integer )"
    )
    assert normalised("SELECT ' '") != normalised("SELECT ''")
    assert normalised("SELECT 'A'") != normalised("SELECT 'a'")


# --- backup --prune: after erasing a client ------------------------------------


def test_prune_keeps_only_a_fresh_backup(ok, run, engagement, store_file):
    old = [backed_up(ok("backup")) for _ in range(3)]
    folder = store_file.parent / "backups"
    upgrade = folder / "coachlog-20260101T000000-before-upgrade.db"
    shutil.copy(old[0], upgrade)
    ok("client", "delete", "jane", "--purge", "--yes")
    result = ok("backup", "--prune", "--yes")
    made = backed_up(result)
    assert result.lines[1] == (
        f"Erased 4 other backup file(s) from {folder}; backups you keep elsewhere are not touched."
    )
    assert list(folder.iterdir()) == [made]
    assert MARKER.encode() not in made.read_bytes()


def test_prune_asks_first_and_changes_nothing_without_yes(run, ok, engagement, store_file):
    made = backed_up(ok("backup"))
    before = dump(store_file)
    result = run("backup", "--prune")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("Error: erasing every backup in") and "add --yes" in result.err
    assert list(made.parent.iterdir()) == [made] and dump(store_file) == before


def test_prune_does_not_take_a_destination(run, ok, engagement, store_file, tmp_path):
    made = backed_up(ok("backup"))
    result = run("backup", str(tmp_path / "elsewhere.db"), "--prune", "--yes")
    assert result.code == 2 and "leave out DEST" in result.err
    assert list(made.parent.iterdir()) == [made]
    assert not (tmp_path / "elsewhere.db").exists()
