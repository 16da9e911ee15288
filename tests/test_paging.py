"""A long listing at a terminal goes through the pager, as `git log` does;
piped output, --json, a listing that fits and a user who said no never do.

The terminal is a real pseudo-terminal of a fixed size, and the pager a
script that records what it was given."""

from __future__ import annotations

import fcntl
import json
import os
import re
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path

import pytest

ROWS = 8  # the terminal's height: twelve records never fit, three do


@dataclass
class Screen:
    shown: str  # what reached the terminal
    err: str
    code: int
    paged: str | None  # what the pager was given; None when none ran
    less: str | None  # $LESS as the pager saw it


@pytest.fixture
def pager_script(tmp_path: Path) -> Path:
    script = tmp_path / "record-pager"
    script.write_text('#!/bin/sh\nprintf %s "${LESS-unset}" > "$1.less"\ncat > "$1"\n')
    script.chmod(0o700)
    return script


@pytest.fixture
def terminal(tmp_path: Path, pager_script: Path):
    """Run `coachlog ARGS…` with stdout on a terminal ROWS lines tall."""
    record = tmp_path / "paged.txt"

    def run(*args: str, piped: bool = False, **env: str) -> Screen:
        environ = {**os.environ, "PAGER": f"{pager_script} {record}", "TERM": "xterm-256color"}
        for name in ("NO_COLOR", "LINES", "COLUMNS", "COACHLOG_PAGER", "LESS", "MANPAGER"):
            environ.pop(name, None)
        environ.update(env)
        record.unlink(missing_ok=True)
        errors = tmp_path / "stderr.txt"
        command = [sys.executable, "-m", "coachlog", *args]
        with errors.open("wb") as err:
            if piped:
                finished = subprocess.run(
                    command, stdout=subprocess.PIPE, stderr=err, env=environ, timeout=120
                )
                shown, code = finished.stdout, finished.returncode
            else:
                shown, code = _at_terminal(command, environ, err)
        less = Path(f"{record}.less")
        return Screen(
            shown=shown.decode().replace("\r\n", "\n"),
            err=errors.read_text(),
            code=code,
            paged=record.read_text() if record.exists() else None,
            less=less.read_text() if less.exists() else None,
        )

    return run


def _at_terminal(command: list[str], environ: dict[str, str], err) -> tuple[bytes, int]:
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, 100, 0, 0))
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=follower, stderr=err, env=environ
    )
    os.close(follower)
    chunks = []
    while True:  # until every writer (coachlog, its pager) has closed the terminal
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks), process.wait(timeout=120)


@pytest.fixture
def busy(ok, jane) -> str:
    for number in range(12):
        ok("session", "add", jane, "--on", f"{number + 1} days ago", "--notes", f"Memo {number}")
        ok("request", "add", jane, f"Memo {number}")
        ok("advice", "add", jane, f"Memo {number}")
        ok("goal", "add", jane, f"Memo {number}")
        ok("goal", "delete", f"G{number + 1}")
    return jane


LISTINGS = [
    ["session", "list", "jane-doe"],
    ["requests", "jane-doe"],
    ["advice", "list", "jane-doe"],
    ["search", "memo"],
    ["trash", "list"],
]
SHOWN = {
    "session": "S",
    "requests": "R",
    "advice": "A",
    "search": "R",
    "trash": "G",
}  # ids each one shows


def ids(text: str, prefix: str) -> set[str]:
    return set(re.findall(rf"\b{prefix}[0-9]+\b", re.sub(r"\x1b\[[0-9;]*m", "", text)))


@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_a_listing_taller_than_the_terminal_goes_through_the_pager_in_colour(terminal, busy, args):
    screen = terminal(*args)
    assert screen.code == 0 and screen.err == ""
    assert screen.paged is not None and screen.shown == ""
    prefix = SHOWN[args[0]]
    assert ids(screen.paged, prefix) == {f"{prefix}{number}" for number in range(1, 13)}
    assert "\x1b[" in screen.paged  # Rich's styles reach the pager
    assert screen.less == "FRX"  # so less shows them as colour


def test_what_fits_on_the_terminal_is_not_paged(terminal, busy):
    screen = terminal("requests", "jane-doe", "--limit", "3")
    assert (screen.code, screen.paged) == (0, None)
    assert "Memo 0" in screen.shown and "Memo 3" not in screen.shown


@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_piped_output_is_never_paged(terminal, busy, args):
    screen = terminal(*args, piped=True)
    assert (screen.code, screen.paged) == (0, None)
    prefix = SHOWN[args[0]]
    assert ids(screen.shown, prefix) == {f"{prefix}{number}" for number in range(1, 13)}
    assert "\x1b" not in screen.shown


def test_piped_output_in_forced_colour_is_not_paged_either(terminal, busy):
    screen = terminal("session", "list", "jane-doe", piped=True, FORCE_COLOR="1", LINES="5")
    assert (screen.code, screen.paged) == (0, None)
    assert "\x1b[" in screen.shown and "S12" in screen.shown


def test_json_at_a_terminal_is_never_paged(terminal, busy):
    screen = terminal("session", "list", "jane-doe", "--json")
    assert (screen.code, screen.paged) == (0, None)
    assert len(json.loads(screen.shown)["sessions"]) == 12


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-pager"], {}),
        ([], {"PAGER": "cat"}),
        ([], {"PAGER": ""}),
        ([], {"COACHLOG_PAGER": ""}),
    ],
    ids=["--no-pager", "PAGER=cat", "PAGER=", "COACHLOG_PAGER="],
)
def test_a_user_can_turn_the_pager_off(terminal, busy, args, env):
    screen = terminal("advice", "list", "jane-doe", *args, **env)
    assert (screen.code, screen.err, screen.paged) == (0, "", None)
    assert all(f"Memo {number}" in screen.shown for number in range(12))


def test_coachlog_pager_wins_over_pager_and_less_keeps_the_users_flags(
    terminal, busy, pager_script, tmp_path
):
    screen = terminal(
        "session",
        "list",
        "jane-doe",
        PAGER="false",
        COACHLOG_PAGER=f"{pager_script} {tmp_path / 'paged.txt'}",
        LESS="-S",
    )
    assert screen.code == 0 and screen.shown == ""
    assert "Memo 11" in screen.paged and screen.less == "-S"


def test_help_tells_how_to_turn_the_pager_off(ok):
    for args in (
        ["session", "list"],
        ["requests"],
        ["advice", "list"],
        ["search"],
        ["trash", "list"],
    ):
        shown = ok(*args, "--help").out
        assert "--no-pager" in shown and "$PAGER" in shown and "PAGER=cat" in shown, args
