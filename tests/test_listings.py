"""Listings are bounded: the first 50 unless told --limit N or --all, and
they say how many more there are."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


@pytest.fixture
def busy_year(ok, jane) -> str:
    for days in range(1, 56):
        ok("session", "add", jane, "--on", f"{days} days ago", "--notes", f"Call {days} on pacing")
    return jane


def test_session_list_shows_the_newest_fifty_and_says_how_many_more(ok, busy_year):
    shown = ok("session", "list", busy_year)
    assert len(shown.lines) == 51  # a heading and fifty sessions
    assert "Call 1 on pacing" in shown.out and "Call 51 on pacing" not in shown.out
    assert shown.err.strip() == "5 more sessions not shown; --limit N or --all shows them."


def test_limit_and_all_choose_how_many(ok, run, busy_year):
    few = ok("session", "list", busy_year, "--limit", "3")
    assert len(few.lines) == 4 and "52 more sessions" in few.err
    every = ok("session", "list", busy_year, "--all")
    assert len(every.lines) == 56 and every.err == ""
    data = json.loads(ok("session", "list", busy_year, "--json").out)
    assert len(data["sessions"]) == 50 and data["more"] == 5
    assert data["sessions"][0]["notes"] == "Call 1 on pacing"  # newest first
    both = run("session", "list", busy_year, "--limit", "3", "--all")
    assert both.code == 2 and both.err.startswith("Error: give --limit N or --all, not both.")
    zero = run("session", "list", "--limit", "0")
    assert zero.code == 2 and "--limit" in zero.err


def test_requests_advice_and_search_are_bounded_too(ok, jane):
    for number in range(3):
        ok("request", "add", jane, f"Draft memo {number}")
        ok("advice", "add", jane, f"Try a memo format {number}")
    requests = ok("requests", jane, "--limit", "2")
    assert "Draft memo 0" in requests.out and "Draft memo 2" not in requests.out
    assert requests.err.strip() == "1 more requests not shown; --limit N or --all shows them."
    advice = json.loads(ok("advice", "list", jane, "--limit", "1", "--json").out)
    assert len(advice["advice"]) == 1 and advice["more"] == 2
    hits = ok("search", "memo", "--limit", "4")
    assert len(json.loads(ok("search", "memo", "--limit", "4", "--json").out)["hits"]) == 4
    assert "More matches not shown" in hits.err
    assert ok("search", "memo", "--all").err == ""
