"""The accountability loop, as a coach and an executive live it."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


def test_a_phone_session_two_requests_and_advice_become_two_commitments(ok, monkeypatch):
    # The coach logs a phone session, makes two requests and offers advice.
    ok("client", "add", "Jane Doe", "--org", "Acme", "--title", "CFO")
    ok("agreement", "set", "jane", "--focus", "Board presence", "--cadence", "2 weeks")
    ok("goal", "add", "jane", "Speak first in board meetings", "--by", "2027-01-15")
    assert (
        ok(
            "session",
            "add",
            "jane",
            "--channel",
            "phone",
            "--notes",
            "Prepared the board.",
            "--goal",
            "G1",
        ).out
        == "Logged session S1 with jane-doe\n"
    )
    assert (
        ok(
            "request",
            "add",
            "jane",
            "Draft the opening for item 2",
            "--due",
            "today",
            "--goal",
            "G1",
            "--session",
            "S1",
        ).out
        == "Added request R1 for jane-doe\n"
    )
    ok(
        "request",
        "add",
        "jane",
        "Meet the chair before the board",
        "--due",
        "in 5 days",
        "--session",
        "S1",
    )
    assert ok("advice", "add", "jane", "Try a 10-minute pre-read", "--kind", "suggestion").out == (
        "Added suggestion A1 for jane-doe\n"
    )

    # The executive accepts one, counters the other, declines the advice.
    assert ok("request", "accept", "R1").out == "Request R1 accepted\n"
    assert (
        ok(
            "request",
            "counter",
            "R2",
            "Email the chair instead",
            "--due",
            "in 3 days",
            "--note",
            "No time to meet",
        ).out
        == "Request R2 countered\n"
    )
    assert ok("advice", "decline", "A1", "--note", "Pre-reads are not read here").out == (
        "Advice A1 declined\n"
    )
    # The coach accepts the counter-offer: its text and due date now stand.
    ok("request", "accept", "R2")

    review = json.loads(ok("goals", "jane", "--json").out)
    (client,) = review["clients"]
    assert client["client"]["handle"] == "jane-doe"
    (goal,) = client["goals"]
    assert (goal["id"], goal["progress"], goal["target_date"], goal["days_left"]) == (
        "G1",
        0,
        "2027-01-15",
        49,
    )
    assert [c["id"] for c in goal["commitments"]] == ["R1"]
    assert [(c["id"], c["text"], c["due_date"]) for c in client["other_commitments"]] == [
        ("R2", "Email the chair instead", "2026-11-30"),
    ]
    assert client["awaiting"] == {"requests": [], "advice": []}
    assert [(a["id"], a["response"]) for a in client["recent_choices"]["advice"]] == [
        ("A1", "declined"),
    ]
    assert client["last_session"]["id"] == "S1"
    assert client["last_session"]["channel"] == "phone"
    assert client["next_session"] is None
    assert not any(c["overdue"] for c in goal["commitments"] + client["other_commitments"])

    # A day later the first commitment is overdue, and the coach's agenda lists it.
    monkeypatch.setenv("COACHLOG_NOW", "2026-11-28T09:00:00")
    later = json.loads(ok("goals", "jane", "--json").out)["clients"][0]
    assert later["goals"][0]["commitments"][0]["overdue"] is True
    agenda = json.loads(ok("agenda", "--json").out)
    assert [(r["id"], r["client"]) for r in agenda["overdue"]] == [("R1", "jane-doe")]
    shown = ok("goals", "jane").out
    assert "overdue 1 day" in shown
    assert "declined" in shown and "Pre-reads are not read here" in shown


def test_the_review_never_shows_private_notes(ok):
    ok("client", "add", "Jane Doe")
    ok("session", "add", "jane", "--notes", "Shared words", "--private", "PRIVATE-MARKER")
    for args in (["goals"], ["goals", "--json"], ["goals", "jane", "--all", "--json"]):
        out = ok(*args).out
        assert "Shared words" in out
        assert "PRIVATE-MARKER" not in out
