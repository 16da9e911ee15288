"""Hypothesis against the command line: arbitrary arguments never reach the
person as a traceback, and add/edit/delete/restore always match a model."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from coachlog.cli import main
from coachlog.cli.app import app

# Commands that write where an argument says (a path could be anywhere), or
# make throwaway stores, are left out: everything else is fair game.
LEFT_OUT = {"demo", "backup", "restore"}
DANGEROUS_OPTIONS = {"--out", "-o", "--db"}


def command_paths() -> dict[tuple[str, ...], list[str]]:
    """Every command, with the option names it takes."""
    found = {}
    root = typer.main.get_command(app)
    for name, command in root.commands.items():
        subcommands = getattr(command, "commands", None) or {None: command}
        for sub, leaf in subcommands.items():
            path = (name,) if sub is None else (name, sub)
            if name in LEFT_OUT:
                continue
            options = [
                opt
                for param in leaf.params
                for opt in getattr(param, "opts", [])
                if opt.startswith("-") and opt not in DANGEROUS_OPTIONS
            ]
            found[path] = options
    return found


COMMANDS = command_paths()
WORDS = [
    "jane",
    "jane-doe",
    "G1",
    "S1",
    "R1",
    "A1",
    "G99",
    "S",
    "1",
    "50",
    "101",
    "-5",
    "tomorrow",
    "in 3 days",
    "yesterday 3pm",
    "45m",
    "2 weeks",
    "video",
    "email",
    "suggestion",
    "open",
    "all",
    "--",
    "-",
    "",
    " ",
    "\x07",
    "[bold]",
    ":smile:",
    # Extremes: far dates, huge numbers, control and non-UTF-8-safe text.
    "0001-01-01",
    "9999-12-31",
    "1899-12-31 23:59",
    "in 3000000 days",
    "99999999 weeks ago",
    "G99999999999999999999",
    "S18446744073709551616",
    "99999999999999999999",
    "-9223372036854775809",
    "\x1b[2J\x1b]0;title\x07",
    "\x9b31m",
    "\ud800",
    "caf\u00e9 \U0001f600",
    "\r\n\t",
]


def run_quietly(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


@st.composite
def invocations(draw) -> list[str]:
    path = draw(st.sampled_from(sorted(COMMANDS)))
    options = COMMANDS[path]
    pieces = st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(options) if options else st.sampled_from(WORDS),
        st.text(max_size=30).filter(lambda text: "\x00" not in text),
        st.integers(-1000, 100000).map(str),
        st.integers(-(2**80), 2**80).map(str),
    )
    return [*path, *draw(st.lists(pieces, max_size=6))]


ZONES = ("Pacific/Kiritimati", "America/Los_Angeles", "UTC")


@pytest.mark.slow
@pytest.mark.parametrize("zone", ZONES)
def test_no_arguments_ever_produce_a_crash(zone, ok, monkeypatch, tmp_path):
    """Any arguments, in zones far east and west of UTC: exit 0-3, and a
    failure is one `Error:` line, never a bug report or a traceback."""
    monkeypatch.setenv("TZ", zone)
    monkeypatch.chdir(tmp_path)
    ok("client", "add", "Jane Doe")
    ok("goal", "add", "jane", "Speak first")
    ok("session", "add", "jane", "--notes", "first")
    ok("request", "add", "jane", "Draft it")
    ok("advice", "add", "jane", "Try it")

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(args=invocations())
    def check(args):
        code, out, err = run_quietly(args)
        assert code in (0, 1, 2, 3), (args, code, err)
        assert "Traceback" not in out + err, args
        assert "This is a bug in coachlog" not in err, (args, err)
        if code != 0:
            assert err.startswith("Error: "), (args, err)

    check()


class Journal(RuleBasedStateMachine):
    """Clients and sessions added, edited, deleted and restored through the
    command line, checked against a plain model after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.mkdtemp(prefix="coachlog-state-")
        self.saved = os.environ.get("COACHLOG_DB")
        os.environ["COACHLOG_DB"] = str(Path(self.folder) / "store.db")
        self.clients: dict[str, bool] = {}  # handle -> in the trash
        self.sessions: dict[str, dict] = {}  # S1 -> {"client", "notes", "trashed"}

    def teardown(self) -> None:
        if self.saved is None:
            os.environ.pop("COACHLOG_DB", None)
        else:
            os.environ["COACHLOG_DB"] = self.saved

    def cli(self, *args: str) -> tuple[int, str, str]:
        return run_quietly(list(args))

    @rule(name=st.sampled_from(["Ann Lee", "Bo Chan", "Cy Diaz"]))
    def add_client(self, name: str) -> None:
        handle = name.lower().replace(" ", "-")
        code, _, err = self.cli("client", "add", name)
        if handle in self.clients:
            assert code == 1 and "taken" in err
        else:
            assert code == 0, err
            self.clients[handle] = False

    def live_clients(self) -> list[str]:
        return [handle for handle, trashed in self.clients.items() if not trashed]

    @precondition(lambda self: any(not trashed for trashed in self.clients.values()))
    @rule(data=st.data(), notes=st.text(min_size=1, max_size=40).filter(str.strip))
    def add_session(self, data, notes: str) -> None:
        handle = data.draw(st.sampled_from(self.live_clients()))
        notes = notes.replace("\x00", "")
        code, out, err = self.cli("session", "add", handle, "--notes", notes)
        assert code == 0, err
        number = out.split("session ")[1].split()[0]
        self.sessions[number] = {"client": handle, "notes": notes, "trashed": False}

    @precondition(lambda self: bool(self.sessions))
    @rule(data=st.data(), notes=st.text(min_size=1, max_size=40).filter(str.strip))
    def edit_session(self, data, notes: str) -> None:
        number = data.draw(st.sampled_from(sorted(self.sessions)))
        code, _, err = self.cli("session", "edit", number, "--notes", notes)
        session = self.sessions[number]
        if session["trashed"] or self.clients[session["client"]]:
            assert code == 1 and f"no session {number}" in err
        else:
            assert code == 0, err
            session["notes"] = notes

    @precondition(lambda self: bool(self.sessions) or bool(self.clients))
    @rule(data=st.data())
    def delete(self, data) -> None:
        target = data.draw(st.sampled_from(sorted(self.sessions) + sorted(self.clients)))
        if target in self.sessions:
            code, _, err = self.cli("session", "delete", target)
            session = self.sessions[target]
            hidden = session["trashed"] or self.clients[session["client"]]
            assert (code == 0) is (not hidden), err
            if not hidden:
                session["trashed"] = True
        else:
            code, _, err = self.cli("client", "delete", target)
            assert (code == 0) is (not self.clients[target]), err
            self.clients[target] = True

    @precondition(lambda self: bool(self.sessions) or bool(self.clients))
    @rule(data=st.data())
    def restore(self, data) -> None:
        target = data.draw(st.sampled_from(sorted(self.sessions) + sorted(self.clients)))
        code, _, err = self.cli("trash", "restore", target)
        if target in self.sessions:
            session = self.sessions[target]
            can = session["trashed"] and not self.clients[session["client"]]
            assert (code == 0) is can, err
            if can:
                session["trashed"] = False
        else:
            assert (code == 0) is self.clients[target], err
            self.clients[target] = False

    @invariant()
    def the_store_matches_the_model(self) -> None:
        code, out, err = self.cli("client", "list", "--all", "--json")
        assert code == 0, err
        assert sorted(c["handle"] for c in json.loads(out)["clients"]) == sorted(
            self.live_clients()
        )
        code, out, err = self.cli("session", "list", "--json")
        assert code == 0, err
        expected = {
            number: session["notes"]
            for number, session in self.sessions.items()
            if not session["trashed"] and not self.clients[session["client"]]
        }
        assert {s["id"]: s["notes"] for s in json.loads(out)["sessions"]} == expected


Journal.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None)
test_add_edit_delete_restore_match_the_model = Journal.TestCase
