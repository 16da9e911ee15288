"""Listings written to a file or a pipe line by line (search hits, sessions)
read exactly as the table Rich lays out: the same columns, the same line
breaks and cuts, at any width, whatever the notes and names hold (wide
characters, tabs, control characters, words wider than the column)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from coachlog.queries.search import HIT_CLOSE, HIT_OPEN, Hit
from coachlog.queries.sessions import SessionView
from coachlog.render.console import SafeConsole
from coachlog.render.output import visible
from coachlog.render.plain_table import PlainTable
from coachlog.render.search import _table, hits_table
from coachlog.render.views import _session_grid, fields, session_table, small_table

WORDS = st.sampled_from(["a", "to", "delegation", "board", "chair.", "x" * 14, "budget,"])
ODD = st.sampled_from(
    ["é", "漢字", "🎯", "\t", "\x1b[2J", "\x07", "y" * 45, "  ", "\u2028", "\u2029", "\xa0", "\x85"]
)
SNIPPETS = st.lists(
    st.one_of(WORDS, WORDS, WORDS, WORDS.map(lambda w: f"{HIT_OPEN}{w}{HIT_CLOSE}"), ODD),
    min_size=1,
    max_size=30,
).map(" ".join)
CLIENTS = st.one_of(
    st.sampled_from(["jane-doe", "client-042", "sam"]), st.text(min_size=1, max_size=20)
)
IDS = st.builds(
    lambda kind, number: f"{kind}{number}",
    st.sampled_from("SGRA"),
    st.integers(min_value=1, max_value=10**7),
)
HITS = st.lists(
    st.builds(
        lambda id_, client, days, snippet: Hit(
            id_, "session", client, datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days), snippet
        ),
        IDS,
        CLIENTS,
        st.integers(min_value=0, max_value=700),
        SNIPPETS,
    ),
    min_size=1,
    max_size=8,
)


def shown(renderable, width: int) -> str:
    """What a pipe receives (render/output.py's piped path)."""
    console = SafeConsole(
        file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False
    )
    console.checked_whole = True
    with console.capture() as captured:
        console.print(renderable, crop=False)
    return "".join(line.rstrip() + "\n" for line in visible(captured.get()).splitlines())


def laid_out(renderable, width: int) -> str:
    """Every character Rich writes, trailing spaces included (a terminal
    without colour shows them)."""
    console = SafeConsole(
        file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False
    )
    with console.capture() as captured:
        console.print(renderable, crop=False)
    return captured.get()


def same(view, rich_view, width: int) -> bool:
    return laid_out(view, width) == laid_out(rich_view, width) and shown(view, width) == shown(
        rich_view, width
    )


@settings(max_examples=150, deadline=None)
@given(HITS, st.integers(min_value=20, max_value=200))
def test_hits_written_line_by_line_read_as_richs_table(hits, width):
    assert same(hits_table(hits, plain=True), _table(hits, plain=True), width)


NOTES = st.one_of(
    st.none(),
    st.lists(st.one_of(WORDS, WORDS, ODD, st.just("\n")), max_size=30).map(" ".join),
    st.text(max_size=90),
)
SESSIONS = st.lists(
    st.builds(
        lambda id_, client, days, status, channel, minutes, notes, zone, goals: SessionView(
            id_,
            client,
            datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(days),
            status,
            channel,
            minutes,
            notes,
            zone,
            goals,
        ),
        IDS,
        CLIENTS,
        st.integers(min_value=0, max_value=700),
        st.sampled_from(["held", "planned", "cancelled"]),
        st.sampled_from(["video", "in-person", "phone"]),
        st.one_of(st.none(), st.integers(min_value=1, max_value=600)),
        NOTES,
        st.sampled_from([None, "Asia/Singapore", "America/New_York"]),
        st.lists(st.sampled_from(["G1", "G12", "G480"]), max_size=3),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(SESSIONS, st.booleans(), st.integers(min_value=20, max_value=200))
def test_sessions_written_line_by_line_read_as_richs_table(sessions, client, width):
    expected = _session_grid(sessions, plain=True, title=None, client=client)
    assert same(session_table(sessions, plain=True, client=client), expected, width)


def test_piped_hits_are_written_without_laying_out_a_table():
    hits = [
        Hit(
            "S12",
            "session",
            "jane-doe",
            datetime(2026, 3, 2, tzinfo=UTC),
            f"{HIT_OPEN}Delegation{HIT_CLOSE} " + "and the board " * 20,
        ),
        Hit("R7", "request", "sam", datetime(2026, 3, 9, tzinfo=UTC), "Hand over the Q1 budget"),
    ]
    view = hits_table(hits, plain=True)
    assert isinstance(view, PlainTable)
    text = shown(view, 120)
    assert text.splitlines()[0] == "ID   Client    When             Match"
    assert text.splitlines()[1].startswith(
        "S12  jane-doe  Mon 02 Mar 2026  Delegation and the board"
    )
    assert text.splitlines()[2].startswith(" " * 32 + "board")  # the match wraps under itself
    assert HIT_OPEN not in text and HIT_CLOSE not in text


def test_a_usual_listing_is_written_without_rich_laying_out_a_table():
    def no_table():
        raise AssertionError("Rich's table was laid out")

    notes = ("Notes " * 40).strip()
    rows = [("S1", "Mon 02 Mar 2026 10:00", "held", notes), ("S12", "—", "planned", "")]
    cut = shown(PlainTable(["ID", "When", "Status", "Notes"], rows, last="cut", table=no_table), 80)
    lead = "S1   Mon 02 Mar 2026 10:00  held     "
    assert cut.splitlines()[1] == lead + notes[: 80 - len(lead) - 1] + "…"
    wrapped = shown(
        PlainTable(["ID", "Match"], [("S1", "word " * 30)], last="wrap", table=no_table), 40
    )
    lines = wrapped.splitlines()
    assert len(lines) == 6 and all(len(line) <= 40 for line in lines)  # a heading, five pieces


LABELS = st.one_of(
    st.sampled_from(["Focus", "Desired outcomes", "Target", "Next session", "Time zone"]),
    st.text(min_size=1, max_size=24),
)
VALUES = st.one_of(
    st.none(),
    st.lists(st.one_of(WORDS, WORDS, WORDS, ODD, st.just("\n")), max_size=40).map(" ".join),
    st.text(max_size=120),
    st.builds(lambda words: Text(words, style="dim"), WORDS),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(LABELS, VALUES), max_size=6), st.integers(min_value=20, max_value=200))
def test_fields_written_line_by_line_read_as_richs_grid(rows, width):
    view = fields(rows)
    assert same(view, view.table(), width)


CELLS = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.sampled_from(["67%", "—", "reading", "practice", "framework"]),
    st.text(max_size=16),
)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=8).flatmap(
        lambda count: st.tuples(
            st.lists(
                st.sampled_from(["Proposed", "Accepted", "Kind", "Follow-through", "Pending"]),
                min_size=count,
                max_size=count,
            ),
            st.lists(st.lists(CELLS, min_size=count, max_size=count).map(tuple), max_size=5),
        )
    ),
    st.one_of(st.none(), st.sampled_from(["Requests", "Advice"]), st.text(max_size=30)),
    st.integers(min_value=20, max_value=200),
)
def test_small_tables_written_line_by_line_read_as_richs_table(shape, title, width):
    headers, rows = shape
    view = small_table(headers, rows, plain=True, title=title)
    assert same(view, view.table(), width)


def test_a_usual_report_writes_its_fields_and_counts_without_richs_table():
    def no_table():
        raise AssertionError("Rich's table was laid out")

    view = fields([("Focus", "Delegation " * 20), ("Cadence", "every 2 weeks"), ("Ends", None)])
    text = shown(PlainTable(None, view.rows, last="wrap", table=no_table), 60)
    assert text.splitlines()[0] == "Focus    " + ("Delegation " * 4).strip()
    assert text.splitlines()[5] == "Cadence  every 2 weeks"
    counts = small_table(["Done", "Follow-through"], [("3", "75%")], plain=True, title="Requests")
    piped = PlainTable(counts.headers, counts.rows, last="wrap", table=no_table, title="Requests")
    text = shown(piped, 80)
    assert text.splitlines() == ["Requests", "Done  Follow-through", "3     75%"]
