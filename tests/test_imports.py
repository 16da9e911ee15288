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
