"""Advice: the client takes it or leaves it, and may change their mind."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


def advice(ok, number: str = "A1") -> dict:
    return json.loads(ok("advice", "show", number, "--json").out)


def test_advice_of_each_kind_is_offered_and_answered(ok, jane):
    ok("goal", "add", jane, "Speak first")
    assert ok("advice", "add", jane, "Prepare two questions", "--goal", "G1").out == (
        "Added advice A1 for jane-doe\n"
    )
    assert ok("advice", "add", jane, "The board likes brevity", "--kind", "opinion").out == (
        "Added opinion A2 for jane-doe\n"
    )
    ok("advice", "add", jane, "Try a pre-read", "--kind", "suggestion")
    assert ok("advice", "accept", "A1", "--note", "Will do").out == "Advice A1 accepted\n"
    assert ok("advice", "decline", "A2").out == "Advice A2 declined\n"
    data = advice(ok)
    assert (data["kind"], data["response"], data["response_note"], data["goal"]) == (
        "advice",
        "accepted",
        "Will do",
        "G1",
    )
    assert data["responded_at"] == "2026-11-27T10:00:00+00:00"
    pending = json.loads(ok("advice", "list", jane, "--pending", "--json").out)["advice"]
    assert [a["id"] for a in pending] == ["A3"]
    everything = json.loads(ok("advice", "list", "--json").out)["advice"]
    assert [a["id"] for a in everything] == ["A3", "A2", "A1"]


def test_a_second_answer_needs_revise_and_the_first_is_kept(ok, run, jane, snapshot):
    ok("advice", "add", jane, "Delegate the deck")
    ok("advice", "decline", "A1", "--note", "I want to own it")
    before = snapshot()
    again = run("advice", "accept", "A1")
    assert again.code == 1
    assert "already declined" in again.err and "--revise" in again.err
    assert snapshot() == before
    assert ok("advice", "accept", "A1", "--revise", "--note", "Changed my mind").out == (
        "Advice A1 accepted\n"
    )
    history = [(h["from_response"], h["to_response"], h["note"]) for h in advice(ok)["history"]]
    assert history == [
        (None, "pending", None),
        ("pending", "declined", "I want to own it"),
        ("declined", "accepted", "Changed my mind"),
    ]


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["advice", "add", "jane-doe", "x", "--kind", "order"], 2, "--kind"),
        (["advice", "add", "jane-doe", " "], 2, "advice is empty"),
        (["advice", "accept", "R1"], 2, "R1 is a request id"),
        (["advice", "decline", "A9"], 1, "no advice A9"),
        (["advice", "show", "G1"], 2, "G1 is a goal id"),
    ],
)
def test_bad_advice_input(ok, run, jane, snapshot, args, code, said):
    ok("advice", "add", jane, "Delegate the deck")
    before = snapshot()
    result = run(*args)
    assert (result.code, result.out) == (code, "")
    assert said in result.err and result.err.count("\n") == 1
    assert snapshot() == before
