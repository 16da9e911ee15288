"""`coachlog advice …`: advice, opinions and suggestions, and the answers."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import (
    Client,
    Everything,
    Json,
    Limit,
    NoPager,
    Note,
    OptionalClient,
    default_client,
    listed,
    out,
    reading,
    record_number,
    tell_more,
    writing,
)
from coachlog.cli.requests import GoalLink, On, SessionLink, happened_at, links
from coachlog.cli.trash import delete_command
from coachlog.kinds import AdviceKind, AdviceResponse, RecordKind, display_id

app = typer.Typer(no_args_is_help=True, help="Offer advice and record the client's answer.")

AdviceId = Annotated[str, typer.Argument(help="Advice id, e.g. A3 (or 3).", metavar="ADVICE")]
Revise = Annotated[
    bool, typer.Option("--revise", help="Change an answer already given (history is kept).")
]


def _detail(number: int):
    from coachlog.queries.advice import advice_detail

    with reading() as reader:
        return advice_detail(reader, number)


@app.command("add")
def add(
    client: Client,
    text: Annotated[str, typer.Argument(help="The advice, opinion or suggestion.", metavar="TEXT")],
    kind: Annotated[AdviceKind, typer.Option("--kind", help="What it is.")] = AdviceKind.ADVICE,
    goal: GoalLink = None,
    session: SessionLink = None,
    on: On = None,
    json: Json = False,
) -> None:
    """Offer advice, an opinion or a suggestion; the client may take it or leave it."""
    from coachlog.cli.common import warn_if_archived
    from coachlog.journal.advice import add_advice
    from coachlog.journal.common import client_row
    from coachlog.queries.advice import advice_detail

    goal_number, session_number = links(goal, session)
    at = happened_at(on)
    with writing() as db:
        record = client_row(db=db, text=client)
        warn_if_archived(record)  # logged all the same: back-filling
        advice = add_advice(
            db=db,
            client=record,
            text=text,
            at=at,
            kind=kind,
            goal_number=goal_number,
            session_number=session_number,
        )
        if json:  # read back in the same transaction: the store is not opened again
            out().json(advice_detail(db, advice.id))
            return
    out().done(
        f"Added {advice.kind} {display_id(RecordKind.ADVICE, advice.id)} for {record.handle}"
    )


def _answer(
    advice: str, response: AdviceResponse, note: str | None, revise: bool, on: str | None
) -> None:
    from coachlog.journal.advice import answer_advice, get_advice

    number = record_number(advice, RecordKind.ADVICE)
    at = happened_at(on)
    with writing() as db:
        answer_advice(
            db=db,
            advice=get_advice(db=db, number=number),
            response=response,
            at=at,
            note=note,
            revise=revise,
        )
    out().done(f"Advice {display_id(RecordKind.ADVICE, number)} {response}")


@app.command("accept")
def accept(advice: AdviceId, note: Note = None, revise: Revise = False, on: On = None) -> None:
    """The client takes the advice."""
    _answer(advice, AdviceResponse.ACCEPTED, note, revise, on)


@app.command("decline")
def decline(advice: AdviceId, note: Note = None, revise: Revise = False, on: On = None) -> None:
    """The client leaves the advice: their choice, recorded as such."""
    _answer(advice, AdviceResponse.DECLINED, note, revise, on)


@app.command("show")
def show(advice: AdviceId, json: Json = False) -> None:
    """Show advice with the history of its answers."""
    from coachlog.render.accountability import advice_card

    detail = _detail(record_number(advice, RecordKind.ADVICE))
    if json:
        out().json(detail)
    else:
        out().show(advice_card(detail, plain=out().plain))


@app.command("list")
def list_(
    client: OptionalClient = None,
    pending: Annotated[bool, typer.Option("--pending", help="Only unanswered advice.")] = False,
    limit: Limit = None,
    everything: Everything = False,
    no_pager: NoPager = False,
    json: Json = False,
) -> None:
    """List advice, unanswered first."""
    from coachlog.queries.advice import advice_page
    from coachlog.render.accountability import advice_table

    with reading() as reader:
        ref = default_client(reader, client)
        found = advice_page(
            reader,
            limit=listed(limit, everything),
            client_id=ref.id if ref else None,
            pending_only=pending,
        )
    if json:
        out().json({"advice": found.shown, "more": found.more})
    else:
        out().show(advice_table(found.shown, plain=out().plain), page=not no_pager)
    tell_more(found.more, "pieces of advice")


app.command("delete")(delete_command(RecordKind.ADVICE, "ADVICE", "A3"))
