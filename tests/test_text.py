"""Whatever a coach writes comes back exactly as written."""

from __future__ import annotations

import json

import pytest

TEXTS = {
    "emoji": "Great session 🎉👩🏽‍💼 — she said “finally!”",
    "right-to-left": "שלום עולם — مرحبا بالعالم",
    "control characters": "tab\there\r\nbell\x07 escape\x1b[31m not red\x1b[0m",
    "sql": "'); DROP TABLE session; -- and \" OR 1=1 /* */",
    "rich markup": "[bold red]not bold[/] [link=http://x]no link[/link] :smile:",
    "whitespace": "  leading and trailing  \n\n",
}


@pytest.mark.parametrize("text", list(TEXTS.values()), ids=list(TEXTS))
def test_notes_come_back_exactly(ok, jane, text):
    ok("session", "add", jane, "--notes", text, "--private", text)
    data = json.loads(ok("session", "show", "S1", "--json").out)
    assert data["notes"] == text
    assert data["private_notes"] == text


@pytest.mark.parametrize("text", list(TEXTS.values()), ids=list(TEXTS))
def test_titles_with_any_text_are_shown_literally(ok, jane, text):
    title = "Goal " + text.strip()
    ok("goal", "add", jane, title)
    assert json.loads(ok("goal", "show", "G1", "--json").out)["title"] == title


def test_markup_in_user_text_is_printed_as_written(ok, jane):
    ok("session", "add", jane, "--notes", TEXTS["rich markup"])
    shown = ok("session", "show", "S1").out
    assert "[bold red]not bold[/]" in shown
    assert ":smile:" in shown


def test_a_megabyte_of_notes_is_kept_whole(ok, jane):
    notes = ("Lorem ipsum dolor sit amet, ünïcödé ✓ " * 30_000)[: 1_000_000 - 1] + "\n"
    ok("session", "add", jane, "--notes", "-", stdin=notes)
    data = json.loads(ok("session", "show", "S1", "--json").out)
    assert data["notes"] == notes
    assert len(data["notes"]) == 1_000_000


def test_names_in_messages_are_printed_as_written(ok, run):
    assert ok("client", "add", "[bold]Ann[/] :smile:", "--handle", "ann").out == (
        "Added client ann ([bold]Ann[/] :smile:)\n"
    )
    missing = run("client", "show", "[red]x[/red] :smile:")
    assert missing.err == "Error: no client '[red]x[/red] :smile:'. See `coachlog client list`.\n"
