"""A property test of the request state machine (DESIGN §2).

Random sequences of moves run against a small model of the rules; the
stored state and event history always match the model, and a forbidden
move never changes the store.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachlog import dates, store
from coachlog.errors import BadInput, Conflict
from coachlog.journal import clients, requests

pytestmark = pytest.mark.both_backends

# The model: written from DESIGN §2 on its own, not from the code's table.
RULES = {
    "proposed": {
        "accept": "accepted",
        "decline": "declined",
        "counter": "countered",
        "withdraw": "withdrawn",
    },
    "countered": {
        "accept": "accepted",
        "decline": "declined",
        "counter": "countered",
        "withdraw": "withdrawn",
    },
    "accepted": {"done": "done", "missed": "missed", "withdraw": "withdrawn"},
}
MOVES = ["accept", "decline", "counter", "done", "missed", "withdraw"]
START = dates.localize(datetime(2026, 11, 27, 10))


class Discard(Exception):
    """Ends an example's transaction, so the next one starts from an empty store."""


def snapshot(db) -> list[tuple]:
    request = db.row("SELECT state, text, due_date, counter_text FROM request")
    events = db.rows("SELECT from_state, to_state, text, note FROM request_event ORDER BY id")
    return [tuple(request.values())] + [tuple(event.values()) for event in events]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(MOVES), st.text(min_size=1, max_size=8)), max_size=12))
def test_random_moves_follow_the_rules(backend, moves):
    try:
        with store.writing_sql(store.resolve(os.environ["COACHLOG_DB"])) as db:
            play(db, moves)
            raise Discard
    except Discard:
        pass


def play(db, moves) -> None:
    client = clients.add_client(db=db, name="Jane Doe")
    request = requests.add_request(
        db=db, client=client, text="Ask", at=START, due_date=START.date()
    )
    number = request.id
    state, text, history = "proposed", "Ask", [(None, "proposed")]
    pending_counter = None
    for step, (move, words) in enumerate(moves, start=1):
        at = START + timedelta(minutes=step)
        offer = f"Offer {words}".strip()  # the journal keeps text stripped
        before = snapshot(db)
        allowed = RULES.get(state, {})
        db.execute("SAVEPOINT move")
        try:
            requests.move_request(db=db, request=request, move=move, at=at, counter_text=offer)
        except BadInput:  # a NUL no store can keep: refused like a forbidden move
            assert move == "counter" and move in allowed and "\x00" in offer
            db.execute("ROLLBACK TO SAVEPOINT move")
            request = requests.get_request(db=db, number=number)
            assert snapshot(db) == before
            continue
        except Conflict as refused:
            assert move not in allowed
            assert f"is {state}" in refused.message
            db.execute("ROLLBACK TO SAVEPOINT move")  # what a refused command leaves
            request = requests.get_request(db=db, number=number)
            assert snapshot(db) == before
            continue
        db.execute("RELEASE SAVEPOINT move")
        assert move in allowed
        if move == "counter":
            pending_counter = offer
        if move == "accept" and state == "countered":
            text = pending_counter
        history.append((state, allowed[move]))
        state = allowed[move]
        stored = db.row("SELECT state, text FROM request")
        assert (stored["state"], stored["text"]) == (state, text)
        events = db.rows("SELECT from_state, to_state FROM request_event ORDER BY id")
        assert [(e["from_state"], e["to_state"]) for e in events] == history
