"""Hypothesis against the command line: arbitrary arguments never reach the
person as a traceback, and add/edit/delete/restore always match a model."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Shape:
    """What a command takes: its arguments' names, and its options as
    (flag, name, takes a value)."""

    arguments: tuple[str, ...]
    options: tuple[tuple[str, str, bool], ...]


def command_paths() -> dict[tuple[str, ...], Shape]:
    """Every command, with the arguments and options it takes."""
    found = {}
    root = typer.main.get_command(app)
    for name, command in root.commands.items():
        subcommands = getattr(command, "commands", None) or {None: command}
        for sub, leaf in subcommands.items():
            path = (name,) if sub is None else (name, sub)
            if name in LEFT_OUT:
                continue
            arguments = tuple(
                param.name for param in leaf.params if param.param_type_name == "argument"
            )
            options = tuple(
                (opt, param.name, not param.is_flag)
                for param in leaf.params
                if param.param_type_name == "option"
                for opt in param.opts
                if opt not in DANGEROUS_OPTIONS
            )
            found[path] = Shape(arguments, options)
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
    "\udcff\udcfe",  # bytes 0xff 0xfe in argv, as Python hands them over
    "j\udce9",
    "caf\u00e9 \U0001f600",
    "\r\n\t",
    "\u202e\u200b",
    "in 99999999 days",
    "in 99999999999999999999 minutes",
    "2201-01-01",
    "1900-01-01",
    "2200-12-31 23:59",
    "Dec 31 9999",
    "300 years ago",
    "2147483648",
    "9223372036854775808",
    "1e400",
    "nan",
    "-0",
]


def run_quietly(args: list[str]) -> tuple[int, str, str]:
    # Streams as a UTF-8 terminal or pipe has them: stdout refuses what is not
    # text (a StringIO would accept a lone surrogate and hide the crash).
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    saved = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        sys.stdin = saved
    out.flush()
    err.flush()
    return code, out.buffer.getvalue().decode(), err.buffer.getvalue().decode()


# What each argument or option usually gets, so that most invocations get
# past the usage checks to the code that parses, stores and shows values.
TYPICAL = {
    "client": ["jane", "jane-doe"],
    "target": ["jane-doe", "G1", "S1"],
    "goal": ["G1", "1"],
    "session": ["S1"],
    "request": ["R1"],
    "advice": ["A1"],
    "percent": ["50"],
    "duration_": ["45m"],
    "length": ["1h"],
    "cadence": ["2 weeks"],
    "days": ["14"],
    "limit": ["3"],
    "channel": ["video"],
    "kind": ["suggestion"],
    "state": ["accepted"],
    "status": ["active"],
    "format": ["json", "markdown", "text", "html", "csv", "ics"],
    # Dates: ordinary ones, the ends of the window coachlog keeps, and past them.
    **{
        name: ["tomorrow", "1900-01-01", "2200-12-31 23:59", "0001-01-01", "9999-12-31 23:00"]
        for name in ("on", "by", "due", "since", "until", "start", "end", "next_")
    },
}
DATED = {"on", "by", "due", "since", "until", "start", "end", "next_"}
HOSTILE = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=30).filter(lambda text: "\x00" not in text),
    # Any code point but NUL (which no argv holds), lone surrogates included.
    st.text(st.characters(exclude_categories=(), exclude_characters="\x00"), max_size=12),
    st.integers(-1000, 100000).map(str),
    st.integers(-(2**80), 2**80).map(str),
)


def value_for(name: str) -> st.SearchStrategy[str]:
    """Mostly what the parameter expects (so the command gets as far as storing
    and showing), else anything."""
    typical = st.sampled_from(TYPICAL.get(name, ["Notes"]))
    return st.one_of(typical, typical, HOSTILE)


@st.composite
def invocations(draw) -> list[str]:
    path = draw(st.sampled_from(sorted(COMMANDS)))
    shape = COMMANDS[path]
    args = [*path]
    for name in shape.arguments:
        if draw(st.integers(0, 9)):  # now and then an argument is missing
            args.append(draw(value_for(name)))
    if shape.options:
        chosen = draw(st.lists(st.sampled_from(shape.options), max_size=3, unique=True))
        dated = [option for option in shape.options if option[1] in DATED]
        if dated and draw(st.booleans()):  # dates are where zones and overflows bite
            chosen.append(draw(st.sampled_from(dated)))
        for flag, name, takes_value in chosen:
            args += [flag, draw(value_for(name))] if takes_value else [flag]
    if not draw(st.integers(0, 4)):  # now and then one argument too many
        args.append(draw(HOSTILE))
    return args


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
    # Records at both ends of the dates coachlog keeps, for every view to show.
    ok("session", "add", "jane", "--on", "1900-01-01", "--notes", "earliest")
    ok("session", "plan", "jane", "2200-12-31 23:59")
    ok("goal", "add", "jane", "Last", "--by", "2200-12-31")
    ok("request", "add", "jane", "First", "--due", "1900-01-01")

    @settings(
        max_examples=400,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(args=invocations())
    def check(args):
        code, out, err = run_quietly(args)
        assert code in (0, 1, 2, 3), (args, code, err)
        assert "Traceback" not in out + err, args
        # The one place that reports a bug says "Error: unexpected <type>. This
        # is a bug"; neither part may ever appear. (Typer's own "Got unexpected
        # extra argument" is a usage error, exit 2, and passes.)
        assert "Error: unexpected" not in err and "bug in coachlog" not in err, (args, err)
        if code != 0:
            assert err.startswith("Error: "), (args, err)

    check()


# Notes as typed after --notes: no NUL (refused, as no argv holds one), and
# not "-", which means "read stdin".
NOTES = (
    st.text(min_size=1, max_size=40)
    .map(lambda text: text.replace("\x00", ""))
    .filter(lambda text: text.strip() and text != "-")
)


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
    @rule(data=st.data(), notes=NOTES)
    def add_session(self, data, notes: str) -> None:
        handle = data.draw(st.sampled_from(self.live_clients()))
        code, out, err = self.cli("session", "add", handle, "--notes", notes, "--yes")
        assert code == 0, err
        number = out.split("session ")[1].split()[0]
        self.sessions[number] = {"client": handle, "notes": notes, "trashed": False}

    @precondition(lambda self: bool(self.sessions))
    @rule(data=st.data(), notes=NOTES)
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
