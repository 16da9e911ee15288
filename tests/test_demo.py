"""`coachlog demo` shows a whole engagement from a throwaway store."""

from __future__ import annotations

import json
from pathlib import Path


def test_the_demo_shows_an_engagement_in_a_throwaway_store(ok, store_file):
    result = ok("demo")
    assert "Maya Chen (maya-chen)" in result.out
    assert "Lead the platform reorganisation" in result.out
    for goal in ("G1", "G2", "G3"):
        assert goal in result.out
    assert "Next session: S6  Tue 01 Dec 2026 09:00 GMT  video" in result.out
    assert "sleeping badly" not in result.out  # private notes stay private
    review = result.out.split("The executive's view", 1)[1]
    waiting = review.split("Waiting for the coach", 1)[1]
    assert "R4  Run a 30-minute AMA" in waiting
    assert "declined" in review and "I chose to pause this goal" in review
    assert "overdue 2 days" in review
    assert "Demo store:" in result.err
    assert not store_file.exists()  # the person's own store is not touched
    demo_store = Path(result.err.split("Demo store: ")[1].split()[0])
    assert demo_store.exists()


def test_the_demo_seeds_the_store_it_is_given(ok, tmp_path):
    target = tmp_path / "demo.db"
    ok("demo", "--db", str(target))
    client = json.loads(ok("--db", str(target), "client", "show", "maya", "--json").out)
    assert client["agreement"]["cadence_days"] == 14
    assert [g["status"] for g in client["goals"]] == ["active", "active", "paused"]
    sessions = json.loads(ok("--db", str(target), "session", "list", "maya", "--json").out)[
        "sessions"
    ]
    assert len(sessions) == 6
    assert {s["channel"] for s in sessions} == {"in-person", "video", "phone", "email"}
    assert [s["status"] for s in sessions].count("planned") == 1
    history = json.loads(ok("--db", str(target), "goal", "show", "G1", "--json").out)["history"]
    assert [h["progress"] for h in history] == [10, 45, 60]
    (review,) = json.loads(ok("--db", str(target), "goals", "--json").out)["clients"]
    assert review["awaiting"]["requests"] == []
    assert [r["state"] for r in review["waiting_for_coach"]["requests"]] == ["countered"]
    assert ("A1", "declined") in [
        (a["id"], a["response"]) for a in review["recent_choices"]["advice"]
    ]


def test_the_demo_refuses_to_seed_twice(ok, run, tmp_path):
    target = tmp_path / "demo.db"
    ok("demo", "--db", str(target))
    again = run("demo", "--db", str(target))
    assert again.code == 1
    assert "maya-chen is taken" in again.err
