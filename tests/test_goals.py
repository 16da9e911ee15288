"""Goals, their progress check-ins and the client's choices about them."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


def goal(ok, number: str = "G1") -> dict:
    return json.loads(ok("goal", "show", number, "--json").out)


def test_a_goal_is_added_and_its_progress_has_a_history(ok, jane):
    added = ok(
        "goal",
        "add",
        jane,
        "Speak first in board meetings",
        "--outcome",
        "Opens every board discussion she owns",
        "--measure",
        "Times she spoke first",
        "--by",
        "in 6 weeks",
    )
    assert added.out == "Added goal G1 for jane-doe\n"
    assert ok("goal", "progress", "G1", "30", "--note", "Spoke first twice").out == (
        "Goal G1 is at 30% (was 0%)\n"
    )
    assert ok("goal", "progress", "1", "55%").out == "Goal G1 is at 55% (was 30%)\n"
    data = goal(ok)
    assert data["progress"] == 55
    assert data["target_date"] == "2027-01-08"
    assert [(h["progress"], h["note"]) for h in data["history"]] == [
        (30, "Spoke first twice"),
        (55, None),
    ]
    shown = ok("goal", "show", "G1").out
    assert "Speak first in board meetings" in shown
    assert "Spoke first twice" in shown
    assert "[######----]  55%" in shown  # piped: an ASCII bar that reads without colour


def test_a_late_check_in_does_not_overwrite_newer_progress(ok, jane):
    ok("goal", "add", jane, "Delegate the ops review")
    ok("goal", "progress", "G1", "60")
    ok("goal", "progress", "G1", "20", "--on", "2 weeks ago", "--note", "back-filled")
    data = goal(ok)
    assert data["progress"] == 60
    assert [h["progress"] for h in data["history"]] == [20, 60]


def test_the_client_may_pause_resume_drop_or_achieve(ok, jane):
    ok("goal", "add", jane, "Give feedback in the moment")
    ok("goal", "progress", "G1", "10")
    assert ok("goal", "pause", "G1", "--note", "After the reorg").out == "Goal G1 paused\n"
    assert goal(ok)["status"] == "paused"
    assert ok("goal", "resume", "G1").out == "Goal G1 is active again\n"
    assert ok("goal", "achieve", "G1", "--note", "Done").out == "Goal G1 achieved\n"
    data = goal(ok)
    assert (data["status"], data["progress"]) == ("achieved", 100)
    assert [h["status"] for h in data["history"]] == [None, "paused", "active", "achieved"]
    ok("goal", "add", jane, "Run a marathon")
    assert ok("goal", "drop", "G2", "--note", "Her choice").out == "Goal G2 dropped\n"


def test_a_move_the_status_forbids_names_the_moves_allowed(ok, run, jane, snapshot):

    ok("goal", "add", jane, "Give feedback in the moment")
    ok("goal", "achieve", "G1")
    before = snapshot()
    result = run("goal", "pause", "G1")
    assert result.code == 1
    assert result.err == (
        "Error: goal G1 is achieved, so it cannot pause; from achieved it can resume.\n"
    )
    late = run("goal", "progress", "G1", "50")
    assert late.code == 1 and "coachlog goal resume G1" in late.err
    assert snapshot() == before


def test_edit_changes_a_goal(ok, jane):
    ok("goal", "add", jane, "Speak first")
    ok(
        "goal",
        "edit",
        "G1",
        "--title",
        "Speak first in every board meeting",
        "--by",
        "2027-03-31",
        "--measure",
        "Count per meeting",
    )
    data = goal(ok)
    assert data["title"] == "Speak first in every board meeting"
    assert data["target_date"] == "2027-03-31"
    assert data["measure"] == "Count per meeting"


def test_goal_add_json_prints_the_goal(ok, jane):
    data = json.loads(ok("goal", "add", jane, "Speak first", "--json").out)
    assert (data["id"], data["client"], data["status"], data["progress"]) == (
        "G1",
        "jane-doe",
        "active",
        0,
    )
