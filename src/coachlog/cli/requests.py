"""`coachlog request …` and `coachlog requests`: asking the client to act."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
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
    day,
    default_client,
    listed,
    out,
    reading,
    record_number,
    tell_more,
    when_or_now,
    writing,
)
from coachlog.cli.trash import delete_command
from coachlog.kinds import RecordKind, RequestState, display_id

app = typer.Typer(no_args_is_help=True, help="Make requests and record the client's answers.")

RequestId = Annotated[str, typer.Argument(help="Request id, e.g. R7 (or 7).", metavar="REQUEST")]
Due = Annotated[
    str | None, typer.Option("--due", metavar="WHEN", help="Due date: 'friday', 'in 2 weeks'.")
]
GoalLink = Annotated[
    str | None, typer.Option("--goal", metavar="GOAL", help="The goal it serves (G3).")
]
SessionLink = Annotated[
    str | None, typer.Option("--session", metavar="SESSION", help="The session it came from.")
]
On = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="WHEN",
        help="When it happened, to back-fill: 'yesterday 4pm', '3 weeks ago' (default: now).",
    ),
]


def happened_at(on: str | None) -> datetime | None:
    """The moment `--on` names, None when it is left out (now). Something
    that has happened cannot be dated in the future."""
    if on is None:
        return None
    from coachlog import dates
    from coachlog.errors import BadInput
    from coachlog.journal.backdating import shown

    at, now = when_or_now(on), dates.local_now()
    if at > now:
        raise BadInput(
            f"--on {on!r} is {shown(at)}, in the future (it is now {shown(now)}); "
            "record it once it has happened, or give a past moment."
        )
    return at


def links(goal: str | None, session: str | None) -> tuple[int | None, int | None]:
    return (
        None if goal is None else record_number(goal, RecordKind.GOAL),
        None if session is None else record_number(session, RecordKind.SESSION),
    )


def _detail(number: int):
    from coachlog import dates
    from coachlog.queries.requests import request_detail

    with reading() as reader:
        return request_detail(reader, number, today=dates.today())


@app.command("add")
def add(
    client: Client,
    text: Annotated[str, typer.Argument(help="What the client is asked to do.", metavar="TEXT")],
    due: Due = None,
    goal: GoalLink = None,
    session: SessionLink = None,
    on: On = None,
    json: Json = False,
) -> None:
    """Ask the client to take an action; it waits for their answer."""
    from coachlog import dates
    from coachlog.cli.common import warn_if_archived
    from coachlog.journal.common import client_row
    from coachlog.journal.requests import add_request
    from coachlog.queries.requests import request_detail

    goal_number, session_number = links(goal, session)
    due_date = day(due)
    at = happened_at(on)
    with writing() as db:
        record = client_row(db=db, text=client)
        warn_if_archived(record)  # logged all the same: back-filling
        request = add_request(
            db=db,
            client=record,
            text=text,
            at=at,
            due_date=due_date,
            goal_number=goal_number,
            session_number=session_number,
        )
        if json:  # read back in the same transaction: the store is not opened again
            out().json(request_detail(db, request.id, today=dates.today()))
            return
    out().done(f"Added request {display_id(RecordKind.REQUEST, request.id)} for {record.handle}")


def _move(request: str, move: str, note: str | None, on: str | None, **counter) -> None:
    from coachlog.journal.requests import get_request, move_request, past_tense

    number = record_number(request, RecordKind.REQUEST)
    at = happened_at(on)
    with writing() as db:
        record = get_request(db=db, number=number)
        move_request(db=db, request=record, move=move, at=at, note=note, **counter)
    out().done(f"Request {display_id(RecordKind.REQUEST, number)} {past_tense(move)}")


@app.command("accept")
def accept(request: RequestId, note: Note = None, on: On = None) -> None:
    """The client accepts (or the coach accepts the client's counter-offer)."""
    _move(request, "accept", note, on)


@app.command("decline")
def decline(request: RequestId, note: Note = None, on: On = None) -> None:
    """The client declines: a choice, recorded as such."""
    _move(request, "decline", note, on)


@app.command("counter")
def counter(
    request: RequestId,
    text: Annotated[str, typer.Argument(help="What the client offers instead.", metavar="TEXT")],
    due: Due = None,
    note: Note = None,
    on: On = None,
) -> None:
    """The client offers something else; the coach may accept the counter-offer."""
    _move(request, "counter", note, on, counter_text=text, counter_due=day(due))


@app.command("done")
def done(request: RequestId, note: Note = None, on: On = None) -> None:
    """An accepted request was carried out."""
    _move(request, "done", note, on)


@app.command("missed")
def missed(request: RequestId, note: Note = None, on: On = None) -> None:
    """An accepted request was not carried out."""
    _move(request, "missed", note, on)


@app.command("withdraw")
def withdraw(request: RequestId, note: Note = None, on: On = None) -> None:
    """The coach withdraws a request that is still open."""
    _move(request, "withdraw", note, on)


@app.command("show")
def show(request: RequestId, json: Json = False) -> None:
    """Show a request with its whole history of moves."""
    from coachlog import dates
    from coachlog.render.accountability import request_card

    detail = _detail(record_number(request, RecordKind.REQUEST))
    if json:
        out().json(detail)
    else:
        out().show(request_card(detail, plain=out().plain, today=dates.today()))


# `--state`: a request state, or `open` (proposed, countered, accepted) or `all`.
StateChoice = StrEnum(
    "StateChoice", [("OPEN", "open"), ("ALL", "all"), *((s.name, s.value) for s in RequestState)]
)


def chosen_states(choice: StateChoice) -> tuple[RequestState, ...] | None:
    """The states `--state` lists; None for all of them."""
    if choice == StateChoice.ALL:
        return None
    if choice == StateChoice.OPEN:
        from coachlog.queries.requests import OPEN_STATES

        return tuple(map(RequestState, OPEN_STATES))
    return (RequestState(choice.value),)


def requests(
    client: OptionalClient = None,
    state: Annotated[
        StateChoice,
        typer.Option(
            "--state",
            case_sensitive=False,
            help="Open ones (proposed, countered, accepted), all, or one state.",
        ),
    ] = StateChoice.OPEN,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only commitments past their due date.")
    ] = False,
    limit: Limit = None,
    everything: Everything = False,
    no_pager: NoPager = False,
    json: Json = False,
) -> None:
    """List requests: open ones by default (proposed, countered, accepted)."""
    from coachlog import dates
    from coachlog.queries.requests import request_page
    from coachlog.render.accountability import request_table

    with reading() as reader:
        ref = default_client(reader, client)
        found = request_page(
            reader,
            today=dates.today(),
            limit=listed(limit, everything),
            client_id=ref.id if ref else None,
            states=chosen_states(state),
            overdue_only=overdue,
        )
    if json:
        out().json({"requests": found.shown, "more": found.more})
    else:
        out().show(
            request_table(found.shown, plain=out().plain, today=dates.today()), page=not no_pager
        )
    tell_more(found.more, "requests")


app.command("delete")(delete_command(RecordKind.REQUEST, "REQUEST", "R7"))
