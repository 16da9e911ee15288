"""A property test of the request state machine (DESIGN §2).

Random sequences of moves run against a small model of the rules; the
stored state and event history always match the model, and a forbidden
move never changes the store.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine, select

from coachlog import dates
from coachlog.errors import BadInput, Conflict
from coachlog.journal import clients, requests
from coachlog.models import Request, RequestEvent

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


def snapshot(db: Session) -> list[tuple]:
    request = db.exec(select(Request)).one()
    events = db.exec(select(RequestEvent).order_by(RequestEvent.id)).all()
    return [(request.state, request.text, request.due_date, request.counter_text)] + [
        (e.from_state, e.to_state, e.text, e.note) for e in events
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(MOVES), st.text(min_size=1, max_size=8)), max_size=12))
def test_random_moves_follow_the_rules(moves):
    engine = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    SQLModel.metadata.create_all(engine)
    with Session(engine) as db:
        client = clients.add_client(db=db, name="Jane Doe")
        request = requests.add_request(
            db=db, client=client, text="Ask", at=START, due_date=START.date()
        )
        db.commit()
        state, text, history = "proposed", "Ask", [(None, "proposed")]
        pending_counter = None
        for step, (move, words) in enumerate(moves, start=1):
            at = START + timedelta(minutes=step)
            offer = f"Offer {words}".strip()  # the journal keeps text stripped
            before = snapshot(db)
            allowed = RULES.get(state, {})
            try:
                requests.move_request(db=db, request=request, move=move, at=at, counter_text=offer)
            except BadInput:  # a NUL no store can keep: refused like a forbidden move
                assert move == "counter" and move in allowed and "\x00" in offer
                db.rollback()
                request = db.exec(select(Request)).one()
                assert snapshot(db) == before
                continue
            except Conflict as refused:
                assert move not in allowed
                assert f"is {state}" in refused.message
                db.rollback()  # what `store.writing` does with a refused command
                request = db.exec(select(Request)).one()
                assert snapshot(db) == before
                continue
            db.commit()
            assert move in allowed
            if move == "counter":
                pending_counter = offer
            if move == "accept" and state == "countered":
                text = pending_counter
            history.append((state, allowed[move]))
            state = allowed[move]
            stored = db.exec(select(Request)).one()
            assert (stored.state, stored.text) == (state, text)
            events = db.exec(select(RequestEvent).order_by(RequestEvent.id)).all()
            assert [(e.from_state, e.to_state) for e in events] == history
    engine.dispose()
