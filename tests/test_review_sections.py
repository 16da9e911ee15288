"""The executive's review puts each request where it belongs: what they owe,
what awaits their answer, their counter-offers waiting for the coach, and
what they did (done, missed, declined, advice answered)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


@pytest.fixture
def engagement(ok) -> str:
    """Jane's requests in every state, some back-dated."""
    steps = [
        ("client", "add", "Jane Doe", "--org", "Acme", "--title", "CFO"),
        ("goal", "add", "jane", "Speak first in board meetings", "--by", "in 6 weeks"),
        ("goal", "progress", "G1", "30"),
        ("request", "add", "jane", "Draft the opening", "--goal", "G1", "--due", "yesterday"),
        ("request", "accept", "R1"),
        ("request", "add", "jane", "Meet the chair", "--due", "in 5 days"),
        ("request", "add", "jane", "Hold a skip-level lunch", "--on", "1 week ago"),
        ("request", "counter", "R3", "Run an AMA at the all-hands", "--due", "in 10 days"),
        ("request", "add", "jane", "Send the board memo", "--on", "3 weeks ago"),
        ("request", "accept", "R4", "--on", "3 weeks ago"),
        ("request", "done", "R4", "--note", "Sent it on Monday", "--on", "2 weeks ago"),
        ("request", "add", "jane", "Call the auditors", "--on", "3 weeks ago"),
        ("request", "accept", "R5", "--on", "3 weeks ago"),
        ("request", "missed", "R5", "--note", "The audit moved", "--on", "10 days ago"),
        ("request", "add", "jane", "Chair the offsite", "--on", "2 weeks ago"),
        ("request", "decline", "R6", "--note", "Not this quarter", "--on", "3 days ago"),
        ("request", "add", "jane", "Visit the plant"),
        ("request", "withdraw", "R7"),
        ("request", "add", "jane", "Rewrite the charter", "--on", "8 weeks ago"),
        ("request", "accept", "R8", "--on", "8 weeks ago"),
        ("request", "done", "R8", "--on", "6 weeks ago"),
        ("request", "add", "jane", "Book a coach for the team", "--due", "in 3 days"),
        ("request", "accept", "R9"),
        ("advice", "add", "jane", "Try a pre-read", "--kind", "suggestion"),
        ("advice", "add", "jane", "Block Friday mornings", "--on", "2 weeks ago"),
        ("advice", "accept", "A2", "--on", "4 days ago"),
    ]
    for step in steps:
        ok(*step)
    return "jane-doe"


REVIEW = """\
Jane Doe  CFO, Acme

Goal                               Progress           Target
G1  Speak first in board meetings  [###-------]  30%  Fri 08 Jan 2027
                                                      42 days left
  ↳ R1 Draft the opening                              Thu 26 Nov 2026
                                                      overdue 1 day

Other commitments  tied to no goal
  ↳ R9 Book a coach for the team  Mon 30 Nov 2026  in 3 days

Awaiting your answer
ID  Asked           Kind        Due
R2  Meet the chair  request     Wed 02 Dec 2026  in 5 days
A1  Try a pre-read  suggestion

Waiting for the coach  your counter-offers
ID  Your counter-offer                   Due
R3  Run an AMA at the all-hands          Mon 07 Dec 2026  in 10 days
    instead of: Hold a skip-level lunch

What you did  the last 30 days
ID  What                   Outcome   When             In your words
R6  Chair the offsite      declined  Tue 24 Nov 2026  Not this quarter
A2  Block Friday mornings  accepted  Mon 23 Nov 2026
R5  Call the auditors      missed    Tue 17 Nov 2026  The audit moved
R4  Send the board memo    done      Fri 13 Nov 2026  Sent it on Monday

Last session: none
Next session: none
"""


def section(text: str, title: str) -> str:
    """The lines of one section of the review, up to the next blank line."""
    start = text.index(f"\n{title}") + 1
    end = text.find("\n\n", start)
    return text[start : end if end != -1 else None]


def test_the_executive_sees_each_request_in_its_place(ok, engagement):
    result = ok("goals", engagement)
    assert (result.code, result.err) == (0, "")
    assert result.out == REVIEW


def test_a_counter_offer_waits_for_the_coach_not_for_the_executive(ok, engagement):
    text = ok("goals", engagement).out
    assert "R3" not in section(text, "Awaiting your answer")
    assert "R3  Run an AMA at the all-hands" in section(text, "Waiting for the coach")
    review = json.loads(ok("goals", engagement, "--json").out)["clients"][0]
    assert [r["id"] for r in review["awaiting"]["requests"]] == ["R2"]
    assert [a["id"] for a in review["awaiting"]["advice"]] == ["A1"]
    assert [(r["id"], r["counter_text"]) for r in review["waiting_for_coach"]["requests"]] == [
        ("R3", "Run an AMA at the all-hands")
    ]


def test_what_was_done_missed_or_declined_shows_recent_by_default_and_all_with_all(ok, engagement):
    recent = json.loads(ok("goals", engagement, "--json").out)["clients"][0]["recent_choices"]
    assert recent["since"] == "2026-10-28"
    assert [(r["id"], r["state"], r["moved_at"][:10]) for r in recent["requests"]] == [
        ("R6", "declined", "2026-11-24"),
        ("R5", "missed", "2026-11-17"),
        ("R4", "done", "2026-11-13"),
    ]
    assert [a["id"] for a in recent["advice"]] == ["A2"]
    text = ok("goals", engagement).out
    assert "Rewrite the charter" not in text  # done six weeks ago
    assert "Visit the plant" not in text  # withdrawn by the coach: not the executive's act

    everything = ok("goals", engagement, "--all")
    did = section(everything.out, "What you did")
    assert did.splitlines()[0] == "What you did  all"
    assert "R8  Rewrite the charter    done      Fri 16 Oct 2026" in did
    assert "Visit the plant" not in everything.out
    data = json.loads(ok("goals", engagement, "--all", "--json").out)["clients"][0]
    assert data["recent_choices"]["since"] is None
    assert [r["id"] for r in data["recent_choices"]["requests"]] == ["R6", "R5", "R4", "R8"]


def test_what_the_executive_owes_stays_under_goals_with_due_dates(ok, engagement):
    review = json.loads(ok("goals", engagement, "--json").out)["clients"][0]
    (goal,) = review["goals"]
    assert [(c["id"], c["due_date"], c["overdue"]) for c in goal["commitments"]] == [
        ("R1", "2026-11-26", True)
    ]
    assert [c["id"] for c in review["other_commitments"]] == ["R9"]
    owed = {c["id"] for c in goal["commitments"] + review["other_commitments"]}
    for done in review["recent_choices"]["requests"]:
        assert done["id"] not in owed


def test_a_quiet_engagement_says_nothing_awaits_and_shows_no_empty_sections(ok):
    ok("client", "add", "Jane Doe")
    text = ok("goals").out
    assert "Nothing awaits your answer." in text
    assert "Waiting for the coach" not in text and "What you did" not in text


def test_the_help_names_every_section(ok):
    text = " ".join(ok("goals", "--help").out.split())
    for words in ("what awaits your answer", "waiting for the coach", "what you did"):
        assert words in text
    assert "all you ever did" in text
