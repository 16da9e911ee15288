"""Bad input: one line `Error: …`, the DESIGN §4 exit code, the store unchanged."""

from __future__ import annotations

import pytest

from conftest import dump

BAD = [
    # (command, exit code, what the message must say)
    (["client", "show", "nobody"], 1, "no client 'nobody'"),
    (["client", "show", "j"], 1, "matches several clients"),
    (["goal", "add", "nobody", "A goal"], 1, "no client"),
    (["goal", "add", "j", "A goal"], 1, "matches several clients"),
    (["session", "add", "nobody", "--notes", "x"], 1, "no client"),
    (["client", "add", "  "], 2, "name is empty"),
    (["client", "add", "Jane Doe"], 1, "taken by Jane Doe"),
    (["client", "add", "X", "--handle", "Bad Handle!"], 2, "not a usable handle"),
    (["client", "add", "X", "--email", "not-an-email"], 2, "does not look like an email"),
    (["client", "edit", "jane-doe"], 2, "nothing to change"),
    (["goal", "add", "jane-doe", ""], 2, "goal title is empty"),
    (["goal", "add", "jane-doe", "A goal", "--by", "someday"], 2, "cannot read 'someday'"),
    (["goal", "progress", "G99", "50"], 1, "no goal G99"),
    (["goal", "progress", "S1", "50"], 2, "S1 is a session id"),
    (["goal", "progress", "A1", "50"], 2, "A1 is an advice id"),
    (["goal", "progress", "X1", "50"], 2, "X1 is not an id"),
    (["goal", "progress", "G1", "101"], 2, "from 0 to 100"),
    (["goal", "progress", "G1", "--", "-5"], 2, "from 0 to 100"),
    (["goal", "progress", "G1", "lots"], 2, "whole percentage"),
    (["goal", "progress", "G1", "50", "--on", "whenever"], 2, "cannot read 'whenever'"),
    (["goal", "show", "S1"], 2, "S1 is a session id"),
    (["goal", "achieve", "G99"], 1, "no goal G99"),
    (["session", "show", "G1"], 2, "G1 is a goal id"),
    (["session", "show", "S99"], 1, "no session S99"),
    (["session", "add", "jane-doe", "--notes", ""], 2, "notes is empty"),
    (["session", "add", "jane-doe", "--notes", "   \n "], 2, "notes is empty"),
    (["session", "add", "jane-doe", "--notes", "x", "--private", ""], 2, "private notes is empty"),
    (["session", "add", "jane-doe", "--on", "the day after"], 2, "cannot read"),
    (["session", "add", "jane-doe", "--duration", "long"], 2, "as a duration"),
    (["session", "add", "jane-doe", "--duration", "0"], 2, "between 1 minute and 24 hours"),
    (["session", "add", "jane-doe", "--notes-file", "/no/such/file.md"], 2, "does not exist"),
    (
        ["session", "add", "jane-doe", "--notes", "a", "--notes-file", "/etc/hostname"],
        2,
        "not both",
    ),
    (["session", "add", "jane-doe", "--notes", "x", "--goal", "G7"], 1, "no goal G7"),
    (["session", "add", "jane-doe", "--notes", "x", "--next", "eventually"], 2, "cannot read"),
    (["session", "add", "jane-doe", "--notes", "nul\x00byte"], 2, "NUL"),
    (["session", "plan", "jane-doe", "someday"], 2, "cannot read 'someday'"),
    (["session", "list", "--since", "the dawn of time"], 2, "cannot read"),
    (["session", "cancel", "S1"], 1, "only a planned session"),
    (["agreement", "set", "jane-doe", "--cadence", "often"], 2, "as a cadence"),
    (["session", "add", "jane-doe", "--channel", "carrier-pigeon"], 2, "--channel"),
    (["session", "frobnicate"], 2, "No such command"),
    (["goal", "progress", "G1"], 2, "Missing argument"),
    # Numbers and dates past any sane range: refused, never an overflow.
    (["goal", "progress", "G99999999999999999999", "10"], 2, "the number is too large"),
    (["session", "show", "S99999999999999999999999"], 2, "the number is too large"),
    (["session", "add", "jane-doe", "--on", "in 3000000 days"], 2, "far outside the dates"),
    (["goal", "add", "jane-doe", "X", "--by", "in 99999999 days"], 2, "far outside the dates"),
    (["session", "list", "--until", "9999-12-31"], 2, "outside the dates coachlog keeps"),
    (["session", "add", "jane-doe", "--on", "0001-01-01"], 2, "outside the dates"),
    (["report", "jane-doe", "--since", "1899-12-31"], 2, "outside the dates"),
    (["request", "add", "jane-doe", "Memo", "--due", "in 300 years"], 2, "outside the dates"),
    (["agreement", "set", "jane-doe", "--start", "00010101"], 2, "outside the dates"),
    (["session", "add", "jane-doe", "--next", "99999999 weeks ago"], 2, "far outside the dates"),
    (["goal", "progress", "G1", "5", "--on", "in 99999999999999999999 minutes"], 2, "far out"),
    (["goal", "progress", "G1", "99999999999999999999"], 2, "from 0 to 100"),
    (["session", "list", "--limit", "99999999999999999999"], 2, "--limit"),
    # Bytes that are not UTF-8 reach Python as lone surrogates: refused at the door.
    (["client", "add", "Bad \udcff name"], 2, "argument 3 ('Bad \\udcff name') is not UTF-8"),
    (["session", "add", "jane-doe", "--notes", "caf\udce9"], 2, "argument 5 ('caf\\udce9')"),
    (["client", "show", "j\udcff"], 2, "is not UTF-8 text"),
    (["search", "\ud800"], 2, "is not UTF-8 text"),
]


@pytest.fixture
def populated(ok):
    ok("client", "add", "Jane Doe")
    ok("client", "add", "John Roe")
    ok("agreement", "set", "jane-doe", "--focus", "Board presence")
    ok("goal", "add", "jane-doe", "Speak first")
    ok("session", "add", "jane-doe", "--notes", "First session", "--on", "yesterday")


@pytest.mark.parametrize(("args", "code", "said"), BAD, ids=[" ".join(a) for a, _, _ in BAD])
def test_bad_input_is_one_line_with_the_right_code_and_changes_nothing(
    run, populated, store_file, args, code, said
):
    before = dump(store_file)
    result = run(*args)
    assert result.code == code
    assert result.out == ""
    assert result.err.startswith("Error: ")
    assert result.err.count("\n") == 1, result.err
    assert said in result.err
    assert "Traceback" not in result.err
    assert dump(store_file) == before


def test_a_bug_is_one_line_not_a_traceback(run, populated, monkeypatch):
    import coachlog.queries.clients as clients

    def broken(*args, **kwargs):
        raise KeyError("secret client note")

    monkeypatch.setattr(clients, "client_list", broken)
    result = run("client", "list")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "bug in coachlog" in result.err
    assert "secret client note" not in result.err  # nothing of the data leaks


def test_a_client_named_in_the_environment_must_be_text(run, populated, store_file, monkeypatch):
    monkeypatch.setenv("COACHLOG_CLIENT", "jane\udcff")
    before = dump(store_file)
    result = run("goals")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("Error: $COACHLOG_CLIENT ('jane\\udcff') is not UTF-8 text")
    assert dump(store_file) == before


@pytest.mark.parametrize("command", [["restore"], ["purge", "--yes"]])
def test_trash_refuses_an_id_past_64_bits(run, populated, store_file, command):
    before = dump(store_file)
    result = run("trash", *command, "G99999999999999999999")
    assert (result.code, result.out) == (2, "")
    assert "too large" in result.err
    assert dump(store_file) == before


ZONES = ("Pacific/Kiritimati", "America/Los_Angeles", "UTC")
VIEWS = [
    ["session", "list"],
    ["session", "list", "--json"],
    ["session", "show", "S1"],
    ["search", "earliest"],
    ["report", "jane-doe"],
    ["report", "jane-doe", "-f", "markdown"],
    ["report", "jane-doe", "-f", "html"],
    ["report", "jane-doe", "-f", "json"],
    ["client", "show", "jane-doe"],
    ["client", "show", "jane-doe", "--json"],
    ["export", "--client", "jane-doe", "--format", "markdown"],
    ["export", "--format", "json"],
    ["goals"],
    ["goals", "--json"],
    ["requests"],
    ["agenda"],
    ["prep", "jane-doe"],
    ["schedule"],
]


@pytest.mark.parametrize("zone", ZONES)
def test_the_ends_of_the_date_window_show_in_every_view_in_any_zone(ok, run, monkeypatch, zone):
    """1900-01-01 and 2200-12-31 are kept, and every view shows them east and
    west of UTC; a day past either end is refused before it is stored."""
    monkeypatch.setenv("TZ", zone)
    ok("client", "add", "Jane Doe")
    ok("session", "add", "jane-doe", "--on", "1900-01-01", "--notes", "earliest")
    ok("session", "plan", "jane-doe", "2200-12-31 23:59")
    ok("goal", "add", "jane-doe", "Last", "--by", "2200-12-31")
    ok("request", "add", "jane-doe", "First", "--due", "1900-01-01")
    for view in VIEWS:
        ok(*view)
    for typed in ("1899-12-31 23:59", "2201-01-01", "0001-01-01", "9999-12-31 23:00"):
        result = run("session", "add", "jane-doe", "--on", typed, "--notes", "x")
        assert (result.code, result.out) == (2, ""), (typed, result.err)
        assert "outside the dates coachlog keeps (1900 to 2200)" in result.err
