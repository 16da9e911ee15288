"""`trash list` is bounded like every listing: the 50 most recently deleted
unless told --limit N or --all, and it says how many more there are."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


def deleted_at(monkeypatch: pytest.MonkeyPatch, minute: int) -> None:
    """Pin the clock for the next delete, so each one has its own time."""
    monkeypatch.setenv("COACHLOG_NOW", f"2026-11-27T{10 + minute // 60:02d}:{minute % 60:02d}:00")


@pytest.fixture
def full_trash(ok, jane, monkeypatch) -> str:
    """55 sessions, deleted one a minute: S55 last."""
    for number in range(1, 56):
        ok("session", "add", jane, "--on", f"{number} days ago", "--notes", f"Call {number}")
    for number in range(1, 56):
        deleted_at(monkeypatch, number)
        ok("session", "delete", f"S{number}")
    return jane


def test_trash_list_shows_the_fifty_most_recently_deleted_and_says_how_many_more(ok, full_trash):
    shown = ok("trash", "list")
    assert len(shown.lines) == 51  # a heading and fifty records
    assert shown.lines[1].startswith("S55 ") and shown.lines[-1].startswith("S6 ")
    assert "Call 5\n" not in shown.out and "Call 1\n" not in shown.out
    assert shown.err == "5 more trashed records not shown; --limit N or --all shows them.\n"


def test_trash_list_limit_all_and_json(ok, full_trash):
    few = ok("trash", "list", "--limit", "3")
    assert [line.split()[0] for line in few.lines[1:]] == ["S55", "S54", "S53"]
    assert few.err == "52 more trashed records not shown; --limit N or --all shows them.\n"
    every = ok("trash", "list", "--all")
    assert len(every.lines) == 56 and every.lines[-1].startswith("S1 ") and every.err == ""
    data = json.loads(ok("trash", "list", "--json").out)
    assert len(data["trash"]) == 50 and data["more"] == 5
    assert data["trash"][0] == {
        "id": "S55",
        "kind": "session",
        "client": full_trash,
        "what": "Call 55",
        "deleted_at": "2026-11-27T10:55:00+00:00",
    }
    assert json.loads(ok("trash", "list", "--all", "--json").out)["more"] == 0


def test_the_bound_takes_the_newest_across_kinds_and_clients(ok, jane, monkeypatch):
    ok("client", "add", "Sam Lee")
    ok("goal", "add", jane, "Speak first")
    ok("request", "add", jane, "Draft the memo")
    ok("advice", "add", jane, "Try a memo format")
    for minute, args in enumerate(
        (["goal", "delete", "G1"], ["client", "delete", "sam-lee"], ["request", "delete", "R1"]),
        start=1,
    ):
        deleted_at(monkeypatch, minute)
        ok(*args)
    deleted_at(monkeypatch, 4)
    ok("advice", "delete", "A1")
    shown = ok("trash", "list", "--limit", "2")
    assert [line.split()[0] for line in shown.lines[1:]] == ["A1", "R1"]
    assert shown.err == "2 more trashed records not shown; --limit N or --all shows them.\n"
    data = json.loads(ok("trash", "list", "--json").out)
    assert [item["id"] for item in data["trash"]] == ["A1", "R1", "sam-lee", "G1"]
    assert data["more"] == 0


def test_a_bad_bound_is_refused_and_changes_nothing(run, ok, jane, snapshot):
    ok("goal", "add", jane, "Speak first")
    ok("goal", "delete", "G1")
    before = snapshot()
    both = run("trash", "list", "--limit", "3", "--all")
    assert (both.code, both.out) == (2, "")
    assert both.err == "Error: give --limit N or --all, not both.\n"
    zero = run("trash", "list", "--limit", "0")
    assert zero.code == 2 and zero.out == "" and "--limit" in zero.err
    assert snapshot() == before


def test_an_empty_trash_says_so(ok, jane):
    shown = ok("trash", "list")
    assert (shown.out, shown.err) == ("The trash is empty.\n", "")
    assert json.loads(ok("trash", "list", "--json").out) == {"trash": [], "more": 0}
