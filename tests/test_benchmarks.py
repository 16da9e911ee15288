"""The benchmark generator builds a store coachlog can read (kept working)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

from generate import build


def test_the_generator_builds_a_store_every_review_can_read(ok, tmp_path):
    path = tmp_path / "bench.db"
    counts = build(path, records=400, clients=20)
    assert counts["client"] == 20
    assert counts["session"] + counts["request"] == 420  # 400 + one planned session each
    review = json.loads(ok("--db", str(path), "goals", "client-007", "--json").out)
    assert len(review["clients"][0]["goals"]) == 3
    for args in (
        ["agenda"],
        ["requests", "client-007", "--state", "all"],
        ["schedule"],
        ["prep", "client-007"],
        ["session", "list", "client-007"],
        ["advice", "list", "client-007"],
        ["search", "delegation"],
        ["report", "client-007"],
        ["report", "client-007", "-f", "html"],
        ["request", "show", "R7"],
        ["advice", "show", "A2"],
        ["goal", "show", "G1"],
        ["doctor"],
    ):
        ok("--db", str(path), *args)
    ok("--db", str(path), "session", "add", "client-007", "--notes", "works")


def test_generated_histories_are_the_ones_the_app_writes(tmp_path):
    """Every request's events walk the state machine to its state, and every
    answered piece of advice has its answer event, as the app makes them."""
    import sqlite3

    from coachlog.journal.requests import MOVES

    path = tmp_path / "bench.db"
    build(path, records=400, clients=20)
    connection = sqlite3.connect(path)
    try:
        requests = connection.execute("SELECT id, state FROM request").fetchall()
        for number, state in requests:
            events = connection.execute(
                "SELECT from_state, to_state FROM request_event WHERE request_id = ? ORDER BY id",
                (number,),
            ).fetchall()
            assert events[0] == (None, "proposed") and events[-1][1] == state
            for before, after in events[1:]:
                assert after in MOVES[before].values(), (number, before, after)
        advice = connection.execute("SELECT id, response FROM advice").fetchall()
        for number, response in advice:
            answers = connection.execute(
                "SELECT from_response, to_response FROM advice_event WHERE advice_id = ? "
                "ORDER BY id",
                (number,),
            ).fetchall()
            assert answers[0] == (None, "pending") and answers[-1][1] == response
    finally:
        connection.close()
