"""Tables written as plain text where no style shows (a file, a pipe) read
exactly as Rich lays them out: the same widths, line breaks and padding, at
any width, whatever the cells hold (render/fitting.py's `plain_text`)."""

from __future__ import annotations

import io
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.table import Column
from rich.text import Text

from coachlog.render import fitting
from coachlog.render.console import SafeConsole
from coachlog.render.views import SafeText, table

WORDS = st.sampled_from(
    ["a", "to", "G124", "delegation", "board", "active", "30%", "+30", "Mon 08 Feb 2027", "x" * 14]
)
WIDE = st.sampled_from(["é", "漢字", "🎯", "y" * 45, "  ", "a:b", "—"])
ODD = st.sampled_from(["\t", "\x1b[2J", "\x07", "[b]", "\xa0", "\u2028"])
USUAL = st.lists(st.one_of(WORDS, WORDS, WORDS, WIDE, st.just("\n")), max_size=12).map(" ".join)
ANY = st.one_of(
    st.lists(st.one_of(WORDS, WIDE, ODD, st.just("\n")), max_size=12).map(" ".join),
    st.text(max_size=30),
)
USUAL_CELLS = st.one_of(USUAL, USUAL.map(SafeText), USUAL.map(lambda text: Text(text, style="dim")))
ANY_CELLS = st.one_of(
    USUAL_CELLS,
    ANY,
    ANY.map(SafeText),
    st.builds(lambda text: Text(text, justify="right"), WORDS),
)
HEADERS = st.one_of(
    st.sampled_from(["Goal", "Status", "Progress", "Follow-through", "When"]),
    st.sampled_from(["When", "Due"]).map(lambda name: (name, "no_wrap")),
    st.text(st.characters(blacklist_categories=("C",)), min_size=1, max_size=12).filter(
        lambda text: "[" not in text
    ),
)


def rendered(renderable, width: int) -> str:
    """What a file or a pipe receives, as Rich writes it (before any strip)."""
    console = SafeConsole(
        file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False
    )
    with console.capture() as captured:
        console.print(renderable, crop=False)
    return captured.get()


def build(headers, rows, title):
    """A table as the views make one (a column made afresh: Rich adds the
    cells to it)."""
    columns = [
        Column(header[0], no_wrap=True) if isinstance(header, tuple) else header
        for header in headers
    ]
    grid = table(*columns, plain=True, title=title)
    for row in rows:
        grid.add_row(*row)
    return grid


@settings(max_examples=200, deadline=None)
@given(
    st.tuples(
        st.integers(min_value=1, max_value=7), st.sampled_from([USUAL_CELLS, ANY_CELLS])
    ).flatmap(
        lambda shape: st.tuples(
            st.lists(HEADERS, min_size=shape[0], max_size=shape[0]),
            st.lists(st.lists(shape[1], min_size=shape[0], max_size=shape[0]), max_size=5),
        )
    ),
    st.one_of(
        st.none(),
        st.sampled_from(["Goals", "Requests", "", "A title rather longer than its table"]),
        st.text(max_size=40),
    ),
    st.integers(min_value=10, max_value=200),
)
def test_a_table_written_as_plain_text_reads_as_richs(shape, title, width):
    headers, rows = shape
    if title is not None and "[" in title:
        title = None
    plain = rendered(build(headers, rows, title), width)
    with mock.patch.object(fitting, "plain_text", return_value=None):
        laid_out = rendered(build(headers, rows, title), width)
    assert plain == laid_out


def test_a_usual_table_is_written_without_rich_laying_out_its_cells():
    goals = build(
        ["Goal", "Status", "Progress", "Change", "Target", "Check-ins"],
        [
            (
                SafeText("G124  Roadmap offsite feedback presence strategy."),
                "active",
                Text("[###-------]  30%"),
                "+30",
                "Mon 08 Feb 2027\n73 days left",
                "▁▂▃\n14 Oct to 13 Dec 2024",
            )
        ],
        "Goals",
    )
    console = SafeConsole(file=io.StringIO(), width=120, color_system=None, emoji=False)
    text = fitting.plain_text(goals, console, console.options)
    assert text is not None
    lines = text.splitlines()
    assert lines[0].rstrip() == "Goals"
    assert lines[1].split() == ["Goal", "Status", "Progress", "Change", "Target", "Check-ins"]
    assert lines[2].startswith("G124  Roadmap offsite feedback presence")
    assert lines[3].split() == [
        "strategy.",
        "73",
        "days",
        "left",
        "14",
        "Oct",
        "to",
        "13",
        "Dec",
        "2024",
    ]
    # with colour, Rich lays it out
    coloured = SafeConsole(file=io.StringIO(), width=100, color_system="standard", emoji=False)
    assert fitting.plain_text(goals, coloured, coloured.options) is None
