"""Back-filling an engagement: requests, advice and goal status changes
dated when they happened (`--on WHEN`), not the day they were typed in.

The clock is pinned at Friday 27 November 2026, 10:00 (Europe/London, UTC
in November), so `3 weeks ago` is Friday 6 November, 10:00.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.both_backends


def request_json(ok, number: str) -> dict:
    return json.loads(ok("request", "show", number, "--json").out)


def review(ok) -> dict:
    (client,) = json.loads(ok("goals", "jane-doe", "--json").out)["clients"]
    return client


# -- the views read the given moment ----------------------------------------------


def test_a_back_filled_request_is_dated_when_it_was_asked_and_answered(ok, jane):
    ok("request", "add", "jane-doe", "Hand over the Q1 budget", "--on", "3 weeks ago")
    ok("request", "accept", "R1", "--on", "2026-11-09 17:30", "--note", "By month end")
    ok("request", "done", "R1", "--on", "yesterday 4pm")

    shown = request_json(ok, "R1")
    assert shown["created_at"] == "2026-11-06T10:00:00+00:00"  # the record's own asked time
    assert [(move["to_state"], move["at"]) for move in shown["history"]] == [
        ("proposed", "2026-11-06T10:00:00+00:00"),
        ("accepted", "2026-11-09T17:30:00+00:00"),
        ("done", "2026-11-26T16:00:00+00:00"),
    ]
    listed = json.loads(ok("requests", "jane-doe", "--state", "all", "--json").out)
    assert listed["requests"][0]["created_at"] == "2026-11-06T10:00:00+00:00"
    card = ok("request", "show", "R1").out
    assert "Fri 06 Nov 2026 10:00" in card and "Mon 09 Nov 2026 17:30" in card


def test_back_filled_advice_is_dated_when_it_was_offered_and_answered(ok, jane):
    ok("advice", "add", "jane-doe", "Try a weekly one-to-one", "--on", "2026-11-02 09:00")
    ok("advice", "accept", "A1", "--on", "2026-11-03 12:00")
    ok("advice", "decline", "A1", "--revise", "--on", "2026-11-05 08:00", "--note", "Too often")

    shown = json.loads(ok("advice", "show", "A1", "--json").out)
    assert shown["created_at"] == "2026-11-02T09:00:00+00:00"
    assert shown["responded_at"] == "2026-11-05T08:00:00+00:00"
    assert [(answer["to_response"], answer["at"]) for answer in shown["history"]] == [
        ("pending", "2026-11-02T09:00:00+00:00"),
        ("accepted", "2026-11-03T12:00:00+00:00"),
        ("declined", "2026-11-05T08:00:00+00:00"),
    ]


def test_a_goal_status_change_is_dated_when_it_happened(ok, jane):
    ok("goal", "add", "jane-doe", "Delegate the budget review")
    ok("goal", "progress", "G1", "40", "--on", "2026-11-02")
    ok("goal", "pause", "G1", "--on", "2026-11-04 10:00")
    ok("goal", "resume", "G1", "--on", "2026-11-10 10:00")
    done = ok("goal", "achieve", "G1", "--on", "2026-11-20 10:00", "--note", "Handed over")
    assert done.out == "Goal G1 achieved\n"
    shown = json.loads(ok("goal", "show", "G1", "--json").out)
    assert (shown["status"], shown["progress"]) == ("achieved", 100)
    text = ok("goal", "show", "G1").out
    assert "Fri 20 Nov 2026 10:00  100%" in text


def test_a_choice_made_three_weeks_ago_is_recent_and_one_made_five_weeks_ago_is_not(ok, jane):
    ok("request", "add", "jane-doe", "Chair the offsite", "--on", "4 weeks ago")
    ok("request", "decline", "R1", "--on", "3 weeks ago", "--note", "Not this quarter")
    ok("request", "add", "jane-doe", "Write a board memo", "--on", "6 weeks ago")
    ok("request", "decline", "R2", "--on", "5 weeks ago", "--note", "Someone else writes it")
    ok("advice", "add", "jane-doe", "Block Friday mornings", "--on", "4 weeks ago")
    ok("advice", "accept", "A1", "--on", "3 weeks ago")
    ok("advice", "add", "jane-doe", "Keep a decision log", "--on", "6 weeks ago")
    ok("advice", "accept", "A2", "--on", "5 weeks ago")

    choices = review(ok)["recent_choices"]
    assert [request["id"] for request in choices["requests"]] == ["R1"]
    assert [advice["id"] for advice in choices["advice"]] == ["A1"]
    shown = ok("goals", "jane-doe").out
    recent = shown[shown.index("What you did") :]
    assert "Chair the offsite" in recent and "Block Friday mornings" in recent
    assert "Write a board memo" not in shown and "Keep a decision log" not in shown


def test_report_since_counts_back_filled_requests_and_advice_in_their_own_period(ok, jane):
    ok("request", "add", "jane-doe", "Hand over the Q1 budget", "--on", "2026-11-03 10:00")
    ok("request", "accept", "R1", "--on", "2026-11-03 11:00")
    ok("request", "done", "R1", "--on", "2026-11-05 16:00")
    ok("request", "add", "jane-doe", "Open the board meeting", "--on", "2026-11-10 10:00")
    ok("request", "decline", "R2", "--on", "2026-11-12 10:00")
    ok("advice", "add", "jane-doe", "Try a deputy", "--on", "2026-11-03 11:00")
    ok("advice", "accept", "A1", "--on", "2026-11-04 09:00")

    def counted(since: str, until: str) -> tuple[int, int, int]:
        report = json.loads(
            ok("report", "jane-doe", "--since", since, "--until", until, "--format", "json").out
        )
        requests = report["requests"]["counts"]
        return requests["done"], requests["declined"], report["advice"]["advice"]["accepted"]

    assert counted("2026-11-01", "2026-11-07") == (1, 0, 1)
    assert counted("2026-11-08", "2026-11-27") == (0, 1, 0)  # typed in today, counted then


def test_an_add_may_be_dated_before_the_engagement_began(ok, jane):
    ok("request", "add", "jane-doe", "Read the board pack", "--on", "2025-06-01 09:00")
    ok("advice", "add", "jane-doe", "Ask for the agenda early", "--on", "2025-06-01 09:00")
    assert request_json(ok, "R1")["created_at"] == "2025-06-01T08:00:00+00:00"  # BST


def test_without_on_a_move_is_dated_now(ok, jane):
    ok("request", "add", "jane-doe", "Open the board meeting", "--on", "2 days ago")
    ok("request", "accept", "R1")
    assert request_json(ok, "R1")["history"][-1]["at"] == "2026-11-27T10:00:00+00:00"


# -- refusals: exit 2, one line, store unchanged ----------------------------------------

FUTURE_MOVES = [
    ("request", "add", "jane-doe", "Later"),
    ("request", "accept", "R1"),
    ("request", "decline", "R1"),
    ("request", "counter", "R1", "Something smaller"),
    ("request", "withdraw", "R1"),
    ("request", "done", "R2"),
    ("request", "missed", "R2"),
    ("advice", "add", "jane-doe", "Later"),
    ("advice", "accept", "A1"),
    ("advice", "decline", "A1"),
    ("goal", "achieve", "G1"),
    ("goal", "pause", "G1"),
    ("goal", "drop", "G1"),
    ("goal", "resume", "G2"),
    ("goal", "progress", "G1", "50"),
]


@pytest.fixture
def open_records(ok, jane) -> None:
    """R1 proposed, R2 accepted, A1 pending, G1 active, G2 paused."""
    ok("request", "add", "jane-doe", "Hand over the Q1 budget", "--on", "3 weeks ago")
    ok("request", "add", "jane-doe", "Open the board meeting", "--on", "3 weeks ago")
    ok("request", "accept", "R2", "--on", "2 weeks ago")
    ok("advice", "add", "jane-doe", "Try a deputy", "--on", "3 weeks ago")
    ok("goal", "add", "jane-doe", "Delegate")
    ok("goal", "add", "jane-doe", "Speak first")
    ok("goal", "pause", "G2", "--on", "2 weeks ago")


@pytest.mark.parametrize("command", FUTURE_MOVES, ids=" ".join)
def test_something_that_has_happened_cannot_be_dated_in_the_future(
    run, open_records, snapshot, command
):
    before = snapshot()
    refused = run(*command, "--on", "tomorrow 3pm")
    assert refused.code == 2
    assert refused.out == ""
    assert refused.err == (
        "Error: --on 'tomorrow 3pm' is 2026-11-28 15:00, in the future (it is now "
        "2026-11-27 10:00); record it once it has happened, or give a past moment.\n"
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("command", "when", "said"),
    [
        (
            ("request", "accept", "R1"),
            "4 weeks ago",
            "request R1 was made on 2026-11-06 10:00, so it cannot be accepted on 2026-10-30 10:00",
        ),
        (
            ("request", "done", "R2"),
            "2026-11-10 09:00",
            "request R2 was accepted on 2026-11-13 10:00, so it cannot be marked done on "
            "2026-11-10 09:00",
        ),
        (
            ("request", "counter", "R1", "Half of it"),
            "2026-11-01 08:00",
            "request R1 was made on 2026-11-06 10:00, so it cannot be countered on "
            "2026-11-01 08:00",
        ),
        (
            ("advice", "decline", "A1"),
            "2026-11-05 23:59",
            "advice A1 was offered on 2026-11-06 10:00, so it cannot be declined on "
            "2026-11-05 23:59",
        ),
        (
            ("goal", "resume", "G2"),
            "3 weeks ago",
            "goal G2 was paused on 2026-11-13 10:00, so it cannot be resumed on 2026-11-06 10:00",
        ),
    ],
    ids=["before it was made", "before the move it follows", "counter", "advice", "goal"],
)
def test_a_move_cannot_be_dated_before_what_it_follows(
    run, open_records, snapshot, command, when, said
):
    before = snapshot()
    refused = run(*command, "--on", when)
    assert (refused.code, refused.out) == (2, "")
    assert refused.err == f"Error: {said}; give --on a moment after that.\n"
    assert snapshot() == before


def test_a_revised_answer_cannot_come_before_the_first_one(run, ok, open_records, snapshot):
    ok("advice", "accept", "A1", "--on", "2026-11-20 12:00")
    before = snapshot()
    refused = run("advice", "decline", "A1", "--revise", "--on", "2026-11-19 12:00")
    assert (refused.code, refused.out) == (2, "")
    assert "advice A1 was accepted on 2026-11-20 12:00" in refused.err
    assert snapshot() == before


def test_a_goal_cannot_be_achieved_before_its_latest_check_in(run, ok, open_records, snapshot):
    ok("goal", "progress", "G1", "60", "--on", "2026-11-20 17:00")
    before = snapshot()
    refused = run("goal", "achieve", "G1", "--on", "2026-11-18 09:00")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err == (
        "Error: goal G1 had a check-in at 60% on 2026-11-20 17:00, so it cannot be achieved "
        "on 2026-11-18 09:00; give --on a moment after that.\n"
    )
    assert snapshot() == before


def test_a_move_at_the_same_minute_as_the_one_before_is_allowed(ok, open_records):
    ok("request", "accept", "R1", "--on", "3 weeks ago")
    assert request_json(ok, "R1")["state"] == "accepted"


# -- replay and sharing ------------------------------------------------------------------


def kept_is_replayed() -> None:
    """What the journal keeps is what the events replay to (as in test_sharing)."""
    from coachlog.cli.common import settings
    from coachlog.journal.history import derived
    from coachlog.store import reading

    settings.reset()
    with reading(settings.location) as reader:
        for table in ("request", "advice", "goal"):
            for row in reader.rows(f"SELECT * FROM {table} ORDER BY id"):
                replayed = derived(reader, table, row["id"])
                assert replayed, (table, row["id"])
                assert {name: row[name] for name in replayed} == replayed, (table, row["id"])


def test_back_dated_events_replay_to_the_state_the_journal_keeps(ok, jane, monkeypatch):
    ok("request", "add", "jane-doe", "One", "--on", "4 weeks ago")
    ok("request", "counter", "R1", "One, smaller", "--on", "3 weeks ago")
    ok("request", "accept", "R1", "--on", "2 weeks ago", "--note", "Agreed")
    ok("request", "done", "R1", "--on", "1 week ago")
    ok("request", "add", "jane-doe", "Two", "--on", "2026-11-01")
    ok("request", "decline", "R2", "--on", "2026-11-01", "--note", "No")
    ok("request", "add", "jane-doe", "Three")  # today, after the back-filled ones
    ok("request", "withdraw", "R3")
    ok("advice", "add", "jane-doe", "Try this", "--on", "3 weeks ago")
    ok("advice", "accept", "A1", "--on", "2 weeks ago")
    ok("advice", "decline", "A1", "--revise", "--on", "1 week ago", "--note", "No longer")
    ok("goal", "add", "jane-doe", "Delegate")
    ok("goal", "progress", "G1", "30", "--on", "3 weeks ago")
    ok("goal", "pause", "G1", "--on", "2 weeks ago")
    ok("goal", "progress", "G1", "35", "--on", "16 days ago")  # before the pause
    ok("goal", "resume", "G1", "--on", "1 week ago")
    ok("goal", "add", "jane-doe", "Speak first")
    ok("goal", "progress", "G2", "50")
    # A machine whose clock is behind the check-in just kept (another
    # machine's): a move left at "now" still keeps what the replay says.
    monkeypatch.setenv("COACHLOG_NOW", "2026-11-27T09:00:00")
    ok("goal", "achieve", "G2")
    kept_is_replayed()


class Party:
    """One person at their own machine: their own store, key and home."""

    def __init__(self, run, monkeypatch, home: Path, db: str) -> None:
        self.run, self.monkeypatch, self.home, self.db = run, monkeypatch, home, db
        home.mkdir(parents=True, exist_ok=True)

    def ok(self, *args: str):
        for name, value in {
            "COACHLOG_DB": self.db,
            "COACHLOG_KEY": str(self.home / "key"),
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / "data"),
        }.items():
            self.monkeypatch.setenv(name, value)
        result = self.run(*args)
        assert result.code == 0, f"coachlog {' '.join(args)} failed: {result.err}"
        return result

    def key(self) -> dict:
        return json.loads(self.ok("key", "--json").out)


def test_a_back_dated_answer_travels_to_the_coach_with_its_moment(run, monkeypatch, tmp_path):
    coach = Party(run, monkeypatch, tmp_path / "coach", os.environ["COACHLOG_DB"])
    executive = Party(run, monkeypatch, tmp_path / "exec", str(tmp_path / "exec" / "e.db"))
    coach.ok("key")
    coach.ok("client", "add", "Jane Doe", "--handle", "jane")
    coach.ok("client", "edit", "jane", "--key", executive.key()["public_key"])
    coach.ok("request", "add", "jane", "Hand over the Q1 budget", "--on", "3 weeks ago")
    coach.ok("request", "add", "jane", "Open the board meeting", "--on", "3 weeks ago")
    coach.ok("advice", "add", "jane", "Try a deputy", "--on", "3 weeks ago")
    coach.ok("request", "withdraw", "R2", "--on", "2 weeks ago")
    to_jane = tmp_path / "to-jane.coachlog"
    coach.ok("share", "jane", "-o", str(to_jane))
    executive.ok("receive", str(to_jane), "--trust", coach.key()["fingerprint"])
    mine = json.loads(executive.ok("request", "show", "R1", "--json").out)
    assert mine["history"][0]["at"] == "2026-11-06T10:00:00+00:00"

    executive.ok("request", "accept", "R1", "--on", "20 days ago", "--note", "By Friday")
    executive.ok("advice", "decline", "A1", "--on", "19 days ago")
    from_jane = tmp_path / "from-jane.coachlog"
    executive.ok("share", "-o", str(from_jane))
    merged = coach.ok("receive", str(from_jane)).out
    assert "R1 accepted (By Friday) by the client" in merged

    request = json.loads(coach.ok("request", "show", "R1", "--json").out)
    assert request["state"] == "accepted"
    assert request["history"][-1]["at"] == "2026-11-07T10:00:00+00:00"
    advice = json.loads(coach.ok("advice", "show", "A1", "--json").out)
    assert (advice["response"], advice["responded_at"]) == (
        "declined",
        "2026-11-08T10:00:00+00:00",
    )
    kept_is_replayed()  # the coach's store, after the merge
