"""Colours at a terminal: each state its own, progress never in the alarm's
red, commitments never dim; NO_COLOR and piped output carry no colour."""

from __future__ import annotations

import io
import re

import pytest

from coachlog.render import styles

SGR = re.compile(r"\x1b\[([0-9;]*)m")
COLOUR_PARAMS = re.compile(r"(?:^|;)(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;|$)")


def style_before(text: str, words: str) -> str:
    """The SGR parameters in force where `words` starts (Rich resets after
    each styled piece, so the nearest escape before it is its style)."""
    index = text.index(words)
    found = list(SGR.finditer(text, 0, index))
    if not found or found[-1].end() != index:
        return ""
    return found[-1].group(1)


@pytest.fixture
def coloured(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")


@pytest.fixture
def story(ok) -> None:
    ok("client", "add", "Jane Doe")
    ok("goal", "add", "jane", "Speak first in board meetings")
    ok("goal", "progress", "G1", "40")
    ok("request", "add", "jane", "Draft the opening", "--goal", "G1", "--due", "yesterday")
    ok("request", "accept", "R1")
    ok("request", "add", "jane", "Meet the chair")
    ok("request", "decline", "R2")
    ok("request", "add", "jane", "Hold a lunch")
    ok("request", "counter", "R3", "Run an AMA")
    ok("request", "add", "jane", "Send the memo")
    ok("request", "accept", "R4")
    ok("request", "done", "R4")
    ok("request", "add", "jane", "Call the auditors")
    ok("request", "accept", "R5")
    ok("request", "missed", "R5")
    ok("request", "add", "jane", "Book a coach", "--due", "in 3 days")
    ok("request", "accept", "R6")


def rendered(style: str) -> str:
    """The SGR parameters a forced terminal gives `style` here."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=io.StringIO(), force_terminal=True)
    console.print(Text("x", style=style), end="")
    return style_before(console.file.getvalue(), "x")


def test_progress_and_an_overdue_date_carry_different_styles(ok, story, coloured):
    text = ok("goals", "jane").out
    bar = style_before(text, "━")
    overdue = style_before(text, "overdue 1 day")
    assert bar and overdue and bar != overdue
    assert overdue == rendered(styles.OVERDUE)
    assert bar == rendered(styles.PROGRESS)
    # Not the alarm's red in any shade, nor Rich's default pink bar.
    assert bar not in {rendered("red"), rendered("bright_red"), rendered("rgb(249,38,114)")}


def test_a_commitment_is_never_dim(ok, story, coloured):
    text = ok("goals", "jane").out
    for words in ("R1 ", "Draft the opening"):
        assert "2" not in style_before(text, words).split(";")
    assert "1" in style_before(text, "Draft the opening").split(";")  # bold


def test_each_state_has_its_own_colour(ok, story, coloured):
    text = ok("requests", "--state", "all").out
    seen = {
        state: style_before(text, state)
        for state in ("accepted", "declined", "countered", "done", "missed")
    }
    assert all(seen.values()), seen
    assert len(set(seen.values())) == len(seen), seen
    overdue = style_before(text, "overdue 1 day")
    assert overdue not in seen.values()
    # The theme itself: one place, every state apart from lateness and progress.
    named = [styles.STATE[s] for s in ("accepted", "declined", "countered", "done", "missed")]
    assert len({*named, styles.OVERDUE, styles.PROGRESS}) == len(named) + 2


def test_no_color_shows_no_colour_even_when_forced(ok, story, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    for args in (("goals", "jane"), ("requests", "--state", "all"), ("goal", "show", "G1")):
        text = ok(*args).out
        params = [match.group(1) for match in SGR.finditer(text)]
        assert params, args  # bold and dim remain, as NO_COLOR allows
        assert not [p for p in params if COLOUR_PARAMS.search(p)], args


def test_piped_output_stays_plain(ok, story):
    text = ok("goals", "jane").out
    assert "\x1b[" not in text
    assert "[####------]  40%" in text
    assert "  ↳ R1 Draft the opening" in text
