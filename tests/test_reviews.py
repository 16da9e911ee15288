"""The reviews: goals for the executive; schedule, prep and agenda for the coach."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


def data(ok, *args: str) -> dict:
    return json.loads(ok(*args, "--json").out)


def test_goals_without_a_client_shows_every_active_client(ok):
    ok("client", "add", "Jane Doe")
    ok("client", "add", "John Roe")
    ok("client", "add", "Old Client")
    ok("client", "archive", "old")
    ok("goal", "add", "jane", "Speak first")
    handles = [c["client"]["handle"] for c in data(ok, "goals")["clients"]]
    assert handles == ["jane-doe", "john-roe"]
    text = ok("goals").out
    assert "Jane Doe" in text and "John Roe" in text and "Old Client" not in text


def test_goals_defaults_to_the_only_active_client_and_all_shows_closed_goals(ok):
    ok("client", "add", "Jane Doe")
    ok("goal", "add", "jane", "Speak first")
    ok("goal", "add", "jane", "Run the offsite")
    ok("goal", "achieve", "G2")
    assert [g["id"] for g in data(ok, "goals")["clients"][0]["goals"]] == ["G1"]
    everything = data(ok, "goals", "--all")["clients"][0]["goals"]
    assert [(g["id"], g["status"]) for g in everything] == [("G1", "active"), ("G2", "achieved")]


def test_goals_for_an_unknown_client_is_refused(ok, run):
    ok("client", "add", "Jane Doe")
    result = run("goals", "jnae-doe")
    assert (result.code, result.out) == (1, "")
    assert result.err == "Error: no client 'jnae-doe'. Did you mean jane-doe?\n"


def test_the_review_reads_well_when_piped(ok, jane):
    ok("goal", "add", jane, "Speak first in board meetings", "--by", "in 6 weeks")
    ok("goal", "progress", "G1", "30")
    ok("request", "add", jane, "Draft the opening", "--goal", "G1", "--due", "yesterday")
    ok("request", "accept", "R1")
    ok("request", "add", jane, "Meet the chair")
    ok("advice", "add", jane, "Try a pre-read", "--kind", "suggestion")
    text = ok("goals", jane).out
    assert "\x1b[" not in text and "━" not in text
    assert "G1  Speak first in board meetings" in text
    assert "[###-------]  30%" in text
    assert "↳ R1 Draft the opening" in text and "overdue 1 day" in text
    assert "Awaiting your answer" in text and "R2" in text and "A1" in text
    assert max(len(line) for line in text.splitlines()) <= 120


def test_schedule_lists_planned_sessions_of_every_client(ok, jane):
    ok("client", "add", "John Roe")
    ok("session", "plan", jane, "2026-12-01 10:00")
    ok("session", "plan", "john-roe", "2026-11-28 09:00")
    ok("session", "plan", jane, "2027-01-20 10:00")
    ok("session", "add", jane, "--notes", "held, not planned")
    planned = data(ok, "schedule")
    assert [(s["id"], s["client"]) for s in planned["sessions"]] == [
        ("S2", "john-roe"),
        ("S1", "jane-doe"),
    ]
    assert [s["id"] for s in data(ok, "schedule", "--days", "60")["sessions"]] == [
        "S2",
        "S1",
        "S3",
    ]
    assert "Nothing planned" in ok("schedule", "--days", "1").out


def test_prep_briefs_the_coach_before_a_session(ok, jane):
    ok("goal", "add", jane, "Speak first")
    ok("goal", "progress", "G1", "20", "--on", "2026-11-01")
    ok(
        "session",
        "add",
        jane,
        "--on",
        "2026-11-06 10:00",
        "--notes",
        "Rehearsed the opening.",
        "--private",
        "PRIVATE",
    )
    ok("goal", "progress", "G1", "45")
    ok("request", "add", jane, "Draft the opening", "--due", "2026-11-20", "--goal", "G1")
    ok("request", "accept", "R1")
    ok("request", "add", jane, "Meet the chair")
    brief = data(ok, "prep", jane)
    assert brief["focus"] == "Board presence"
    assert (
        brief["days_since_last_session"],
        brief["cadence_days"],
        brief["days_past_cadence"],
    ) == (21, 14, 7)
    assert brief["last_session"]["notes"] == "Rehearsed the opening."
    assert [(g["id"], g["progress_at_last_session"], g["change"]) for g in brief["goals"]] == [
        ("G1", 20, 25),
    ]
    assert [(c["id"], c["overdue"]) for c in brief["commitments"]] == [("R1", True)]
    assert [r["id"] for r in brief["awaiting"]["requests"]] == ["R2"]
    text = ok("prep", jane).out
    assert "21 days since the last session" in text and "7 days past the cadence" in text
    assert "+25 points" in text
    assert "PRIVATE" not in text


def test_agenda_flags_the_week_lateness_and_lapsed_clients(ok, jane):
    ok("client", "add", "John Roe")
    ok("agreement", "set", "john", "--cadence", "weekly", "--start", "2026-10-01")
    ok("client", "add", "Ann Lee")
    ok("agreement", "set", "ann", "--cadence", "monthly")
    ok("session", "add", jane, "--on", "2026-11-20", "--notes", "recent")
    ok("session", "add", "john", "--on", "2026-11-10", "--notes", "a while ago")
    ok("session", "plan", jane, "2026-12-02 10:00")
    ok("session", "plan", "john", "2026-12-10 10:00")
    ok("request", "add", "john", "Send the memo", "--due", "2026-11-25")
    ok("request", "accept", "R1")
    ok("advice", "add", jane, "Try a pre-read")
    week = data(ok, "agenda")
    assert [s["id"] for s in week["upcoming"]] == ["S3"]
    assert [r["id"] for r in week["overdue"]] == ["R1"]
    assert [(c["client"], c["days_since"]) for c in week["lapsed"]] == [("john-roe", 17)]
    assert [a["id"] for a in week["awaiting"]["advice"]] == ["A1"]
    text = ok("agenda").out
    assert "john-roe" in text and "Send the memo" in text and "overdue 2 days" in text


def test_a_client_who_never_met_is_lapsed_from_the_agreement_start(ok):
    ok("client", "add", "Jane Doe")
    ok("agreement", "set", "jane", "--cadence", "2 weeks", "--start", "2026-10-15")
    lapsed = data(ok, "agenda")["lapsed"]
    assert [(c["client"], c["last_session_at"], c["days_since"]) for c in lapsed] == [
        ("jane-doe", None, 43),
    ]
