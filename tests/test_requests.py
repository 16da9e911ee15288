"""Requests: the client is free to accept, decline or counter."""

from __future__ import annotations

import json

import pytest

from coachlog.journal.requests import MOVES

pytestmark = pytest.mark.both_backends

PATHS = {  # how to bring a fresh request to each state
    "proposed": [],
    "accepted": [["accept"]],
    "declined": [["decline"]],
    "countered": [["counter", "Something else"]],
    "done": [["accept"], ["done"]],
    "missed": [["accept"], ["missed"]],
    "withdrawn": [["withdraw"]],
}
ALL_MOVES = ["accept", "decline", "counter", "done", "missed", "withdraw"]
FORBIDDEN = [(state, move) for state in PATHS for move in ALL_MOVES if move not in MOVES[state]]


def request(ok, number: str = "R1") -> dict:
    return json.loads(ok("request", "show", number, "--json").out)


@pytest.mark.parametrize(("state", "move"), FORBIDDEN, ids=[f"{s}-{m}" for s, m in FORBIDDEN])
def test_every_forbidden_move_is_refused_and_changes_nothing(ok, run, jane, snapshot, state, move):
    ok("request", "add", jane, "Draft the opening", "--due", "in 3 days")
    for step in PATHS[state]:
        ok("request", step[0], "R1", *step[1:])
    before = snapshot()
    extra = ["Another idea"] if move == "counter" else []
    result = run("request", move, "R1", *extra)
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith(f"Error: request R1 is {state}, so it cannot {move}")
    allowed = list(MOVES[state])
    if allowed:
        assert f"the moves from {state} are" in result.err
        assert all(name in result.err for name in allowed)
    else:
        assert "it is closed" in result.err
    assert result.err.count("\n") == 1
    assert snapshot() == before


def test_a_counter_offer_accepted_by_the_coach_stands(ok, jane):
    ok("request", "add", jane, "Meet the chair", "--due", "2026-12-01")
    ok("request", "counter", "R1", "Email the chair", "--due", "2026-12-03", "--note", "Busy week")
    countered = request(ok)
    assert (countered["state"], countered["text"], countered["counter_text"]) == (
        "countered",
        "Meet the chair",
        "Email the chair",
    )
    ok("request", "counter", "R1", "Call the chair")  # a second counter keeps the due date
    ok("request", "accept", "R1", "--note", "Agreed")
    accepted = request(ok)
    assert (accepted["state"], accepted["text"], accepted["due_date"]) == (
        "accepted",
        "Call the chair",
        "2026-12-03",
    )
    moves = [
        (e["from_state"], e["to_state"], e["text"], e["due_date"], e["note"])
        for e in accepted["history"]
    ]
    assert moves == [
        (None, "proposed", "Meet the chair", "2026-12-01", None),
        ("proposed", "countered", "Email the chair", "2026-12-03", "Busy week"),
        ("countered", "countered", "Call the chair", "2026-12-03", None),
        ("countered", "accepted", "Call the chair", "2026-12-03", "Agreed"),
    ]
    shown = ok("request", "show", "R1").out
    assert "History" in shown and "Busy week" in shown and "Email the chair" in shown


def test_a_decline_is_a_recorded_choice(ok, jane):
    ok("request", "add", jane, "Join the offsite")
    assert ok("request", "decline", "R1", "--note", "Family commitment").out == (
        "Request R1 declined\n"
    )
    data = request(ok)
    assert (data["state"], data["note"]) == ("declined", "Family commitment")
    assert "failed" not in ok("request", "show", "R1").out.lower()


def test_done_missed_and_withdrawn_close_a_request(ok, jane):
    for text in ("One", "Two", "Three"):
        ok("request", "add", jane, text)
    ok("request", "accept", "R1")
    ok("request", "accept", "R2")
    assert ok("request", "done", "R1").out == "Request R1 marked done\n"
    assert ok("request", "missed", "R2", "--note", "Travel").out == "Request R2 marked missed\n"
    assert ok("request", "withdraw", "R3").out == "Request R3 withdrawn\n"
    assert [request(ok, r)["state"] for r in ("R1", "R2", "R3")] == ["done", "missed", "withdrawn"]


def test_the_list_filters_by_state_and_lateness(ok, jane, monkeypatch):
    ok("client", "add", "John Roe")
    ok("request", "add", jane, "Late one", "--due", "2026-11-20")
    ok("request", "add", jane, "Later one", "--due", "2026-12-20")
    ok("request", "add", jane, "Unanswered")
    ok("request", "add", "john-roe", "John's")
    ok("request", "add", jane, "Finished")
    for number in ("R1", "R2", "R5"):
        ok("request", "accept", number)
    ok("request", "done", "R5")

    def ids(*args: str) -> list[str]:
        return [r["id"] for r in json.loads(ok("requests", *args, "--json").out)["requests"]]

    assert ids(jane) == ["R1", "R2", "R3"]  # open ones, by due date, undated last
    assert ids(jane, "--state", "all") == ["R1", "R2", "R3", "R5"]
    assert ids(jane, "--state", "done") == ["R5"]
    assert ids("--state", "proposed") == ["R3", "R4"]
    assert ids("--overdue") == ["R1"]
    listed = ok("requests", jane).out
    assert "overdue 7 days" in listed


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["request", "accept", "A2"], 2, "A2 is an advice id"),
        (["request", "accept", "R9"], 1, "no request R9"),
        (["request", "counter", "R1", "   "], 2, "counter-offer is empty"),
        (["request", "counter", "R1", "Other", "--due", "never"], 2, "cannot read 'never'"),
        (["request", "add", "jane-doe", "Do it", "--due", "someday"], 2, "cannot read 'someday'"),
        (["request", "add", "jane-doe", ""], 2, "request is empty"),
        (["request", "add", "jane-doe", "Do it", "--goal", "S1"], 2, "S1 is a session id"),
        (["request", "add", "jane-doe", "Do it", "--goal", "G2"], 2, "belongs to another client"),
        (["request", "add", "nobody", "Do it"], 1, "no client"),
        (
            ["requests", "--state", "finished"],
            2,
            "'finished' is not one of 'open', 'all', 'proposed'",
        ),
    ],
)
def test_bad_request_input(ok, run, jane, snapshot, args, code, said):
    ok("goal", "add", jane, "Speak first")
    ok("client", "add", "John Roe")
    ok("goal", "add", "john-roe", "John's goal")
    ok("request", "add", jane, "Draft the opening")
    before = snapshot()
    result = run(*args)
    assert (result.code, result.out) == (code, "")
    assert said in result.err and result.err.count("\n") == 1
    assert snapshot() == before
