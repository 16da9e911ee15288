"""Requests: the coach asks the client to act; the client is free to answer.

Every move is kept as a RequestEvent, so the whole renegotiation can be told.
A decline is a recorded choice, never a failure.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from coachlog.errors import Conflict
from coachlog.journal.common import get_record, optional_text, require_text, utc
from coachlog.journal.links import check_links
from coachlog.kinds import RecordKind, RequestState, display_id
from coachlog.models import Client, Request, RequestEvent

P, A, D, C = (
    RequestState.PROPOSED,
    RequestState.ACCEPTED,
    RequestState.DECLINED,
    RequestState.COUNTERED,
)
# The state machine of DESIGN §2: from each state, each move and where it leads.
MOVES: dict[RequestState, dict[str, RequestState]] = {
    P: {"accept": A, "decline": D, "counter": C, "withdraw": RequestState.WITHDRAWN},
    C: {"accept": A, "decline": D, "counter": C, "withdraw": RequestState.WITHDRAWN},
    A: {
        "done": RequestState.DONE,
        "missed": RequestState.MISSED,
        "withdraw": RequestState.WITHDRAWN,
    },
    D: {},
    RequestState.DONE: {},
    RequestState.MISSED: {},
    RequestState.WITHDRAWN: {},
}
PAST = {
    "accept": "accepted",
    "decline": "declined",
    "counter": "countered",
    "done": "marked done",
    "missed": "marked missed",
    "withdraw": "withdrawn",
}


def get_request(*, db: Session, number: int) -> Request:
    return get_record(db=db, model=Request, kind=RecordKind.REQUEST, number=number)


def add_request(
    *,
    db: Session,
    client: Client,
    text: str,
    at: datetime,
    due_date: date | None = None,
    goal_number: int | None = None,
    session_number: int | None = None,
) -> Request:
    """Make a request of the client; it waits for their answer."""
    goal_id, session_id = check_links(db, client, goal_number, session_number)
    request = Request(
        client_id=client.id,
        text=require_text(text, "request").strip(),
        due_date=due_date,
        goal_id=goal_id,
        session_id=session_id,
    )
    db.add(request)
    db.flush()
    db.add(
        RequestEvent(
            request_id=request.id,
            at=utc(at),
            to_state=RequestState.PROPOSED.value,
            text=request.text,
            due_date=due_date,
        )
    )
    db.flush()
    return request


def allowed_moves(state: RequestState) -> list[str]:
    return list(MOVES[state])


def _refusal(request: Request, move: str) -> Conflict:
    state = RequestState(request.state)
    rid = display_id(RecordKind.REQUEST, request.id)
    allowed = allowed_moves(state)
    if not allowed:
        return Conflict(f"request {rid} is {state}, so it cannot {move}: it is closed.")
    listed = " or ".join([", ".join(allowed[:-1]), allowed[-1]] if len(allowed) > 1 else allowed)
    return Conflict(
        f"request {rid} is {state}, so it cannot {move}; the moves from {state} are {listed}."
    )


def move_request(
    *,
    db: Session,
    request: Request,
    move: str,
    at: datetime,
    note: str | None = None,
    counter_text: str | None = None,
    counter_due: date | None = None,
) -> RequestEvent:
    """Apply one move of the state machine, or refuse it without change.

    `counter` needs the client's alternative (`counter_text`); its due date
    defaults to the one on the table. Accepting a counter-offer makes its
    text and due date the request's.
    """
    if move not in PAST:
        raise ValueError(f"unknown request move {move!r}")
    state = RequestState(request.state)
    target = MOVES[state].get(move)
    if target is None:
        raise _refusal(request, move)
    event = RequestEvent(
        request_id=request.id,
        at=utc(at),
        from_state=state.value,
        to_state=target.value,
        note=optional_text(note, "note"),
    )
    if move == "counter":
        request.counter_text = require_text(counter_text, "counter-offer").strip()
        request.counter_due = counter_due or request.counter_due or request.due_date
        event.text, event.due_date = request.counter_text, request.counter_due
    elif move == "accept" and state == RequestState.COUNTERED:
        request.text, request.due_date = request.counter_text, request.counter_due
        event.text, event.due_date = request.text, request.due_date
    request.state = target.value
    if event.note is not None:
        request.note = event.note
    db.add(request)
    db.add(event)
    db.flush()
    return event


def past_tense(move: str) -> str:
    return PAST[move]
