"""Advice, opinions and suggestions: the client takes them or leaves them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from coachlog.errors import Conflict
from coachlog.journal.common import get_record, optional_text, require_text, utc
from coachlog.journal.links import check_links
from coachlog.kinds import AdviceKind, AdviceResponse, RecordKind, display_id
from coachlog.models import Advice, AdviceEvent, Client


def get_advice(*, db: Session, number: int) -> Advice:
    return get_record(db=db, model=Advice, kind=RecordKind.ADVICE, number=number)


def add_advice(
    *,
    db: Session,
    client: Client,
    text: str,
    at: datetime,
    kind: AdviceKind = AdviceKind.ADVICE,
    goal_number: int | None = None,
    session_number: int | None = None,
) -> Advice:
    """Offer advice, an opinion or a suggestion; it waits for the client's answer."""
    goal_id, session_id = check_links(db, client, goal_number, session_number)
    advice = Advice(
        client_id=client.id,
        text=require_text(text, "advice").strip(),
        kind=AdviceKind(kind).value,
        goal_id=goal_id,
        session_id=session_id,
    )
    db.add(advice)
    db.flush()
    db.add(AdviceEvent(advice_id=advice.id, at=utc(at), to_response=AdviceResponse.PENDING.value))
    db.flush()
    return advice


def answer_advice(
    *,
    db: Session,
    advice: Advice,
    response: AdviceResponse,
    at: datetime,
    note: str | None = None,
    revise: bool = False,
) -> AdviceEvent:
    """Record the client's answer. A second answer needs `revise`: the client
    may change their mind, and the earlier answer stays in the history."""
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
    event = AdviceEvent(
        advice_id=advice.id,
        at=utc(at),
        from_response=current.value,
        to_response=response.value,
        note=optional_text(note, "note"),
    )
    advice.response = response.value
    advice.response_note = event.note
    advice.responded_at = event.at
    db.add(advice)
    db.add(event)
    db.flush()
    return event
