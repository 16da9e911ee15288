"""Advice, opinions and suggestions: the client takes them or leaves them."""

from __future__ import annotations

from datetime import datetime

from coachlog.errors import Conflict
from coachlog.journal.backdating import when_it_happened
from coachlog.journal.common import (
    add_event,
    coach_only,
    optional_text,
    record_row,
    require_text,
    utc,
)
from coachlog.journal.links import check_links
from coachlog.kinds import AdviceKind, AdviceResponse, RecordKind, display_id
from coachlog.writer import Row, Writer


def get_advice(*, db: Writer, number: int) -> Row:
    return record_row(db=db, kind=RecordKind.ADVICE, number=number)


def add_advice(
    *,
    db: Writer,
    client: Row,
    text: str,
    at: datetime | None = None,
    kind: AdviceKind = AdviceKind.ADVICE,
    goal_number: int | None = None,
    session_number: int | None = None,
) -> Row:
    """Offer advice, an opinion or a suggestion; it waits for the client's
    answer. `at` is when it was offered (now when None), kept in its
    history and as the record's own time."""
    coach_only(db, client.id, "only your coach offers advice")
    goal_id, session_id = check_links(db, client, goal_number, session_number)
    now = utc(db.now())
    at = now if at is None else utc(at)
    advice = db.insert(
        "advice",
        created_at=at,
        updated_at=now,
        client_id=client.id,
        text=require_text(text, "advice").strip(),
        kind=AdviceKind(kind).value,
        goal_id=goal_id,
        session_id=session_id,
    )
    add_event(db, "advice_event", advice, at=at, to_response=AdviceResponse.PENDING.value)
    return advice


def answer_advice(
    *,
    db: Writer,
    advice: Row,
    response: AdviceResponse,
    at: datetime | None = None,
    note: str | None = None,
    revise: bool = False,
) -> Row:
    """Record the client's answer; return its event. A second answer needs
    `revise`: the client may change their mind, and the earlier answer stays
    in the history. `at` is when they answered (now when None); it cannot
    come before the advice was offered or last answered."""
    response = AdviceResponse(response)
    if response == AdviceResponse.PENDING:
        raise ValueError("an answer is accepted or declined")
    current = AdviceResponse(advice.response)
    aid = display_id(RecordKind.ADVICE, advice.id)
    if current != AdviceResponse.PENDING and not revise:
        raise Conflict(
            f"advice {aid} was already {current}; to change the answer, add --revise "
            "(the earlier answer is kept in its history)."
        )
    if current == response and not note:
        raise Conflict(f"advice {aid} is already {current}.")
    note = optional_text(note, "note")
    at = when_it_happened(db, "advice_event", advice, at, response.value)
    changes = {"response": response.value, "response_note": note, "responded_at": at}
    db.update("advice", advice.id, **changes)
    advice.update(changes)
    return add_event(
        db,
        "advice_event",
        advice,
        at=at,
        from_response=current.value,
        to_response=response.value,
        note=note,
    )
