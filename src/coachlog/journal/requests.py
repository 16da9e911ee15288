"""Requests: the coach asks the client to act; the client is free to answer.

Every move is kept as a RequestEvent, so the whole renegotiation can be told.
A decline is a recorded choice, never a failure.
"""

from __future__ import annotations

from datetime import date, datetime

from coachlog.errors import Conflict
from coachlog.journal.backdating import when_it_happened
from coachlog.journal.common import (
    add_event,
    coach_only,
    optional_text,
    record_row,
    require_text,
    side,
    utc,
)
from coachlog.journal.links import check_links
from coachlog.kinds import Author, RecordKind, RequestState, display_id
from coachlog.writer import Row, Writer

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
# The moves that are the client's answer; in the client's own store the
# others (withdraw, missed) are the coach's.
CLIENT_MOVES = frozenset({"accept", "decline", "counter", "done"})
PAST = {
    "accept": "accepted",
    "decline": "declined",
    "counter": "countered",
    "done": "marked done",
    "missed": "marked missed",
    "withdraw": "withdrawn",
}


def get_request(*, db: Writer, number: int) -> Row:
    return record_row(db=db, kind=RecordKind.REQUEST, number=number)


def add_request(
    *,
    db: Writer,
    client: Row,
    text: str,
    at: datetime | None = None,
    due_date: date | None = None,
    goal_number: int | None = None,
    session_number: int | None = None,
) -> Row:
    """Make a request of the client; it waits for their answer. `at` is
    when it was asked (now when None): a back-filled request is dated then,
    in its history and as the record's own time."""
    coach_only(db, client.id, "only your coach makes requests")
    goal_id, session_id = check_links(db, client, goal_number, session_number)
    now = utc(db.now())
    at = now if at is None else utc(at)
    request = db.insert(
        "request",
        created_at=at,
        updated_at=now,
        client_id=client.id,
        text=require_text(text, "request").strip(),
        due_date=due_date,
        goal_id=goal_id,
        session_id=session_id,
    )
    add_event(
        db,
        "request_event",
        request,
        at=at,
        to_state=RequestState.PROPOSED.value,
        text=request.text,
        due_date=due_date,
    )
    return request


def allowed_moves(state: RequestState) -> list[str]:
    return list(MOVES[state])


def _refusal(request: Row, move: str) -> Conflict:
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
    db: Writer,
    request: Row,
    move: str,
    at: datetime | None = None,
    note: str | None = None,
    counter_text: str | None = None,
    counter_due: date | None = None,
) -> Row:
    """Apply one move of the state machine, or refuse it without change;
    return the event it adds.

    `counter` needs the client's alternative (`counter_text`); its due date
    defaults to the one on the table. Accepting a counter-offer makes its
    text and due date the request's. `at` is when the move was made (now
    when None); it cannot come before the request's latest event.
    """
    if move not in PAST:
        raise ValueError(f"unknown request move {move!r}")
    state = RequestState(request.state)
    target = MOVES[state].get(move)
    if target is None:
        raise _refusal(request, move)
    if move not in CLIENT_MOVES and side(db, request.client_id) == Author.CLIENT:
        raise Conflict(
            f"only your coach can {move} request {display_id(RecordKind.REQUEST, request.id)}; "
            "you can accept, decline, counter or mark it done."
        )
    if move == "accept" and state == C and side(db, request.client_id) == Author.CLIENT:
        raise Conflict(
            f"request {display_id(RecordKind.REQUEST, request.id)} waits for your coach to "
            "agree to your counter-offer; you can counter again or decline."
        )
    note = optional_text(note, "note")
    at = when_it_happened(db, "request_event", request, at, PAST[move])
    changes: dict = {"state": target.value}
    said: dict = {}
    if move == "counter":
        changes["counter_text"] = require_text(counter_text, "counter-offer").strip()
        changes["counter_due"] = counter_due or request.counter_due or request.due_date
        said = {"text": changes["counter_text"], "due_date": changes["counter_due"]}
    elif move == "accept" and state == RequestState.COUNTERED:
        changes["text"], changes["due_date"] = request.counter_text, request.counter_due
        said = {"text": request.counter_text, "due_date": request.counter_due}
    if note is not None:
        changes["note"] = note
    db.update("request", request.id, **changes)
    request.update(changes)
    return add_event(
        db,
        "request_event",
        request,
        at=at,
        from_state=state.value,
        to_state=target.value,
        note=note,
        **said,
    )


def past_tense(move: str) -> str:
    return PAST[move]
