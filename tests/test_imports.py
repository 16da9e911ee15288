"""Speed is part of the design: what a quick command must not import (DESIGN §6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("sqlmodel", "sqlalchemy", "alembic", "icalendar", "pydantic")
PROBE = (
    "import json, sys\n"
    "from coachlog.cli import main\n"
    "code = main(sys.argv[1:])\n"
    f"heavy = [name for name in {HEAVY!r} if name in sys.modules]\n"
    "print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)\n"
)


def imported(*args: str) -> dict:
    finished = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
        check=False,
    )
    return json.loads(finished.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["session", "add", "--help"]])
def test_help_and_version_import_nothing_heavy(args):
    assert imported(*args) == {"code": 0, "heavy": []}


def test_the_read_side_on_sqlite_imports_no_orm(ok, jane):
    ok("goal", "add", jane, "Speak first")
    ok("session", "add", jane, "--notes", "x", "--goal", "G1")
    for args in (
        ["client", "list"],
        ["client", "show", jane],
        ["session", "list", jane],
        ["session", "show", "S1"],
        ["goal", "show", "G1"],
        ["agreement", "show", jane, "--history"],
    ):
        assert imported(*args) == {"code": 0, "heavy": []}, args


def test_the_version_is_printed(run):
    from coachlog import __version__

    result = run("--version")
    assert (result.code, result.out) == (0, f"coachlog {__version__}\n")
    finished = subprocess.run(
        [sys.executable, "-m", "coachlog", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.stdout == f"coachlog {__version__}\n"


def test_the_write_path_on_sqlite_imports_no_orm_and_no_tables(ok, jane):
    """The coach's everyday writes go through plain SQL; their one-line
    confirmation needs no Rich console, tables or progress bars."""
    ok("goal", "add", jane, "Speak first")
    ok("request", "add", jane, "Draft the memo")
    ok("advice", "add", jane, "Try a memo format")
    lean = (*HEAVY, "rich.console", "rich.table", "rich.progress_bar")
    probe = PROBE.replace(repr(HEAVY), repr(lean))
    for args in (
        ["session", "add", jane, "--notes", "After the board", "--goal", "G1"],
        ["session", "plan", jane, "tomorrow 10am"],
        ["goal", "progress", "G1", "40", "--note", "Halfway"],
        ["goal", "add", jane, "Delegate"],
        ["request", "add", jane, "Chair the review"],
        ["request", "accept", "R1"],
        ["advice", "add", jane, "Read the minutes first"],
        ["advice", "decline", "A1"],
        ["client", "add", "Sam Lee"],
        ["agreement", "set", jane, "--focus", "Board presence and pace"],
    ):
        finished = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60
        )
        assert json.loads(finished.stderr.strip().splitlines()[-1]) == {
            "code": 0,
            "heavy": [],
        }, args


def test_the_trash_on_sqlite_imports_no_orm(ok, jane):
    """Deleting, listing, restoring and erasing go through plain SQL too."""
    ok("goal", "add", jane, "Speak first")
    ok("session", "add", jane, "--notes", "After the board", "--goal", "G1")
    ok("request", "add", jane, "Draft the memo")
    for args in (
        ["session", "delete", "S1"],
        ["goal", "delete", "G1"],
        ["trash", "list"],
        ["trash", "list", "--json"],
        ["trash", "restore", "S1"],
        ["trash", "purge", "G1", "--yes"],
        ["request", "delete", "R1", "--purge", "--yes"],
        ["session", "delete", "S1"],
        ["trash", "purge", "--yes"],
        ["client", "delete", jane, "--purge", "--yes"],
    ):
        assert imported(*args) == {"code": 0, "heavy": []}, args
    assert json.loads(ok("trash", "list", "--json").out) == {"trash": [], "more": 0}


def test_import_on_sqlite_imports_no_orm(ok, jane, tmp_path):
    """`import` reads, checks and writes through plain SQL too: into an
    empty store, and over the same records again."""
    ok("goal", "add", jane, "Speak first")
    ok("session", "add", jane, "--notes", "After the board", "--goal", "G1")
    ok("request", "add", jane, "Draft the memo")
    ok("request", "accept", "R1")
    export = tmp_path / "export.json"
    ok("export", "--format", "json", "--out", str(export))
    other = tmp_path / "other.db"
    ok("--db", str(other), "client", "list")  # made here: a new store is made by migrations
    for _ in range(2):  # all added, then all unchanged
        assert imported("--db", str(other), "import", str(export)) == {"code": 0, "heavy": []}
