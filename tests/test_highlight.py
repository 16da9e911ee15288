"""Search hits read as the note was written: at a terminal the matching word
is styled with the spaces around it kept; piped, the text is plain; nothing
a coach typed (asterisks, Rich markup, control characters) is ever taken
for a match or reaches the terminal as a style."""

from __future__ import annotations

import io
import json
import re

import pytest

pytestmark = pytest.mark.both_backends

HIT = "\x1b[1;7m"  # bold reverse: what a forced terminal gives a match
RESET = "\x1b[0m"
SGR = re.compile(r"\x1b\[[0-9;]*m")
OWN = "Tell the council explicitly.\nA **bold** move, [red]x[/red] \x02fake\x03 \x1b[31mplain."


@pytest.fixture
def terminal(monkeypatch):
    """Output as a colour terminal gets it."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")


@pytest.fixture
def noted(ok):
    ok("client", "add", "Jane Doe")
    ok("session", "add", "jane", "--notes", OWN)
    return "jane-doe"


def match_cell(out: str) -> str:
    """The Match column of the one hit row."""
    row = next(line for line in out.splitlines() if line.lstrip(" \x1b[0-9;m").startswith("S1"))
    return row[row.index("2026") + len("2026") :].strip()


def test_at_a_terminal_the_hit_is_styled_and_its_spaces_are_kept(ok, noted, terminal):
    shown = ok("search", "council").out
    assert f"Tell the {HIT}council{RESET} explicitly. A **bold** move" in shown
    assert "**council**" not in shown and "\x02" not in shown and "\x03" not in shown


def test_no_color_still_marks_the_hit_by_style_not_by_characters(ok, noted, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # NO_COLOR stays set: bold and reverse remain
    shown = ok("search", "council").out
    assert f"Tell the {HIT}council{RESET} explicitly." in shown


def test_piped_the_snippet_is_plain_text_with_its_spaces(ok, noted):
    result = ok("search", "council")
    assert result.err == ""
    assert match_cell(result.out) == (
        "Tell the council explicitly. A **bold** move, [red]x[/red] ^Bfake^C ^[[31mplain."
    )
    assert "\x1b" not in result.out


def test_several_words_each_styled_with_the_text_between_kept(ok, noted, terminal):
    shown = ok("search", "council explicit").out
    assert f"Tell the {HIT}council{RESET} {HIT}explicitly{RESET}. A" in shown


def test_a_notes_own_asterisks_and_markers_are_never_taken_for_a_hit(ok, noted, terminal):
    shown = ok("search", "fake").out
    # Only the word searched for is styled; the note's own markers are shown
    # as `^B`/`^C`, and its `**bold**` as written.
    assert SGR.findall(shown.split("S1", 1)[1]).count(HIT) == 1
    assert f"^B{HIT}fake{RESET}^C ^[[31mplain." in shown
    assert "**bold**" in shown


def test_a_notes_markup_and_escapes_cannot_style_the_terminal(ok, noted, terminal):
    shown = ok("search", "move").out
    assert "[red]x[/red]" in shown
    assert "\x1b[31m" not in shown and "^[[31mplain" in shown
    assert f"A **bold** {HIT}move{RESET}, [red]" in shown


def test_json_marks_hits_in_markdown_and_escapes_the_notes_own_asterisks(ok, noted):
    hit = json.loads(ok("search", "move", "--json").out)["hits"][0]
    assert hit["snippet"] == (
        "Tell the council explicitly. A \\*\\*bold\\*\\* **move**, [red]x[/red] ^Bfake^C "
        "\x1b[31mplain."  # JSON keeps the text exact (escaped as \\u001b)
    )


def test_the_view_itself_keeps_spaces_around_each_match():
    """The renderer alone, on a pinned-width terminal console."""
    from rich.console import Console

    from coachlog.queries.search import HIT_CLOSE, HIT_OPEN
    from coachlog.render.search import highlighted, unmarked

    snippet = f"Tell the {HIT_OPEN}council{HIT_CLOSE} explicitly,\n\n  {HIT_OPEN}twice{HIT_CLOSE}"
    console = Console(file=io.StringIO(), force_terminal=True, width=80, color_system="standard")
    console.print(highlighted(snippet), end="")
    assert console.file.getvalue() == (
        f"Tell the {HIT}council{RESET} explicitly, {HIT}twice{RESET}"
    )
    assert unmarked(snippet) == "Tell the council explicitly, twice"
