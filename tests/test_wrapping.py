"""A long report wraps its notes the quick way, and a reader sees exactly
what Rich would have shown: the same line breaks, the same spaces kept or
cropped, at any width, for plain words and for anything else a person typed
(tabs, wide characters, runs of spaces, words wider than the line)."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from coachlog.render.wrapping import wrap_line

CONSOLE = Console(file=io.StringIO(), width=80, color_system=None)

# Pieces a note is made of: plain words most of all, so the quick way is
# tried often, and the rest of what people type.
WORDS = st.sampled_from(["a", "to", "word", "delegation", "board", "x" * 12, "chair."])
ODD = st.sampled_from([" ", "  ", "\t", "é", "漢字", "🎯", "\u00a0", "-", "x" * 40])
LINES = st.lists(st.one_of(WORDS, WORDS, WORDS, ODD), max_size=40).map(
    lambda parts: " ".join(parts)
)


def rich_wrap(line: str, width: int) -> list[str]:
    return [piece.plain for piece in Text(line).wrap(CONSOLE, width)]


@given(LINES, st.integers(min_value=1, max_value=60))
def test_every_line_is_cut_where_rich_cuts_it(line, width):
    assert wrap_line(CONSOLE, line, width) == rich_wrap(line, width)


@given(st.text(max_size=80).map(lambda text: text.replace("\n", " ")), st.integers(1, 30))
def test_any_text_is_cut_where_rich_cuts_it(line, width):
    assert wrap_line(CONSOLE, line, width) == rich_wrap(line, width)


def test_plain_words_break_after_the_last_word_that_fits():
    line = "delegation board chair review "
    assert wrap_line(CONSOLE, line, 16) == ["delegation board", "chair review "]
    assert wrap_line(CONSOLE, line, 16) == rich_wrap(line, 16)
    assert wrap_line(CONSOLE, "", 10) == [""]


def test_a_long_report_shows_its_notes_as_rich_wraps_them(ok, jane):
    notes = " ".join(["delegation", "board", "chair", "presence"] * 40)
    ok("session", "add", jane, "--on", "2026-10-01 09:00", "--notes", f"{notes}\n\n{notes}")
    highlights = ok("report", jane).out.split("Highlights\n", 1)[1]
    wrapped = [piece.rstrip() for piece in rich_wrap(notes, 120)]
    assert len(wrapped) == 11
    session = "S1  Thu 01 Oct 2026 09:00  video"
    assert highlights.splitlines() == [session, *wrapped, "", *wrapped, ""]


@given(LINES, st.integers(min_value=1, max_value=60))
def test_a_tables_cell_is_cut_where_rich_cuts_it(line, width):
    """As a table's column wraps (its overflow "ellipsis")."""
    expected = [piece.plain for piece in Text(line).wrap(CONSOLE, width, overflow="ellipsis")]
    assert wrap_line(CONSOLE, line, width, overflow="ellipsis") == expected
