"""Names and notes never drive the terminal: control sequences in what a
coach or client typed are shown, not obeyed."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends

HOSTILE = {
    "clear": "\x1b[2J",
    "colour": "\x1b[31mred",
    "title": "\x1b]0;pwned\x07",
    "link": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "bell": "\x07",
    "backspace": "ab\x08\x08cd",
    "c1": "\x9b2J",
    "cr": "over\rwrite",
    "del": "x\x7fy",
}
OBEYED = ("\x1b", "\x07", "\x08", "\x9b", "\r", "\x7f")


@pytest.fixture
def hostile(ok) -> str:
    text = "".join(HOSTILE.values())
    ok("client", "add", f"Jane {text}", "--handle", "jane", "--org", text)
    ok("agreement", "set", "jane", "--focus", text, "--cadence", "2 weeks")
    ok("goal", "add", "jane", f"Goal {text}", "--outcome", text)
    ok("session", "add", "jane", "--notes", f"Notes {text}", "--goal", "G1")
    ok("session", "plan", "jane", "tomorrow 10am")
    ok("request", "add", "jane", f"Request {text}", "--due", "yesterday")
    ok("request", "accept", "R1", "--note", text)
    ok("advice", "add", "jane", f"Advice {text}")
    ok("goal", "add", "jane", f"Dropped {text}")
    ok("goal", "delete", "G2", "--yes")
    return text


COMMANDS = [
    ["goals"],
    ["client", "list"],
    ["client", "show", "jane"],
    ["session", "show", "S1"],
    ["session", "list", "jane"],
    ["search", "notes"],
    ["requests", "jane"],
    ["request", "show", "R1"],
    ["advice", "list"],
    ["goal", "show", "G1"],
    ["agreement", "show", "jane"],
    ["prep", "jane"],
    ["agenda"],
    ["schedule"],
    ["report", "jane"],
    ["report", "jane", "-f", "markdown"],
    ["report", "jane", "-f", "html"],
    ["advice", "show", "A1"],
    ["agreement", "show", "jane", "--history"],
    ["export", "-f", "markdown", "--client", "jane"],
    ["trash", "list"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_views_show_control_sequences_without_obeying_them(ok, hostile, args):
    shown = ok(*args)
    for sequence in OBEYED:
        assert sequence not in shown.out + shown.err, (args, repr(sequence))


def test_confirmations_and_errors_quote_text_safely(ok, run):
    added = ok("client", "add", "Sam \x1b]0;pwned\x07 Lee", "--handle", "sam")
    assert "\x1b" not in added.out and "^[]0;pwned" in added.out
    refused = run("client", "show", "\x1b[2Jnobody")
    assert refused.code == 1 and "\x1b" not in refused.err and "[2Jnobody" in refused.err


def test_json_keeps_the_text_exact_and_escaped(ok, hostile):
    raw = ok("goal", "show", "G1", "--json").out
    assert not any(sequence in raw for sequence in OBEYED)
    assert json.loads(raw)["title"] == f"Goal {hostile}"


def test_a_colour_terminal_gets_rich_styles_but_not_the_users(ok, hostile, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    shown = ok("goals").out
    assert "\x1b[" in shown  # Rich's own styling reaches the terminal
    for sequence in HOSTILE.values():
        assert sequence not in shown
    assert "^[[2J" in shown


SHORT = "Sam \x1b[31mRed\x07 Lee\rX\x9b"
SHOWN = "Sam ^[[31mRed^G Lee^MX\\x9b"


@pytest.mark.parametrize(
    "args",
    [["client", "list"], ["client", "show", "sam"], ["goals", "sam"], ["requests", "sam"]],
    ids=" ".join,
)
def test_views_show_every_control_character_whole_and_visible(ok, args):
    ok("client", "add", SHORT, "--handle", "sam")
    ok("goal", "add", "sam", SHORT)
    ok("request", "add", "sam", SHORT)
    shown = ok(*args)
    assert SHOWN in shown.out  # not dropped (BEL, CR) nor cut short by a column
    assert shown.err == ""


def test_an_error_quoting_names_shows_bell_and_carriage_return(ok, run):
    ok("client", "add", "Sam\x07\rA", "--handle", "sam-a")
    ok("client", "add", "Sam\x07\rB", "--handle", "sam-b")
    refused = run("client", "show", "sam")
    assert refused.code == 1 and refused.out == ""
    assert refused.err.startswith("Error: ") and refused.err.count("\n") == 1
    assert "sam-a (Sam^G^MA), sam-b (Sam^G^MB)" in refused.err


@pytest.mark.parametrize("args", [["session", "show", "S1"], ["report", "sam"]], ids=" ".join)
def test_characters_that_split_lines_are_shown_not_taken_as_line_breaks(ok, args):
    # Python's splitlines() breaks at these; the piped view shows them where they were.
    ok("client", "add", "Sam Lee", "--handle", "sam")
    ok("session", "add", "sam", "--notes", "one\x0btwo\x1cthree\x85four")
    shown = ok(*args).out
    assert "one^Ktwo^\\three\\x85four" in shown
    assert not any(character in shown for character in "\x0b\x1c\x85")
