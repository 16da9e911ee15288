"""`coachlog agreement …`: the engagement's co-developed agreement."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import Client, Json, day, duration, out, reading, writing
from coachlog.kinds import Channel

app = typer.Typer(no_args_is_help=True, help="Set and show the coaching agreement.")


@app.command("set")
def set_(
    client: Client,
    focus: Annotated[
        str | None, typer.Option(metavar="TEXT", help="What the coaching is about.")
    ] = None,
    format: Annotated[
        str | None, typer.Option(metavar="TEXT", help="How you work together.")
    ] = None,
    outcomes: Annotated[
        str | None, typer.Option(metavar="TEXT", help="The desired outcomes.")
    ] = None,
    cadence: Annotated[
        str | None,
        typer.Option(
            metavar="CADENCE", help="How often you meet: '2 weeks', 'monthly', '10 days'."
        ),
    ] = None,
    channel: Annotated[Channel | None, typer.Option(help="The usual channel.")] = None,
    length: Annotated[
        str | None, typer.Option(metavar="DURATION", help="Session length: 60m, 1h30m.")
    ] = None,
    boundaries: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Scope and referral notes: what coaching is not."),
    ] = None,
    start: Annotated[
        str | None, typer.Option(metavar="WHEN", help="When the engagement starts.")
    ] = None,
    end: Annotated[str | None, typer.Option(metavar="WHEN", help="When it ends.")] = None,
    json: Json = False,
) -> None:
    """Write a new revision of the agreement; what you leave out carries over."""
    from coachlog import dates
    from coachlog.journal.agreements import set_agreement
    from coachlog.journal.common import client_row

    with writing() as db:
        record = client_row(db=db, text=client)
        agreement = set_agreement(
            db=db,
            client=record,
            today=dates.today(),
            focus=focus,
            format=format,
            desired_outcomes=outcomes,
            cadence_days=None if cadence is None else dates.parse_cadence(cadence),
            default_channel=channel,
            session_minutes=duration(length),
            boundaries=boundaries,
            start_date=day(start),
            end_date=day(end),
        )
        handle = record.handle
    if json:
        _print(handle, history=False, json=True)
    else:
        out().done(f"Agreement with {handle} is now at revision {agreement.revision}")


def _print(client: str, *, history: bool, json: bool) -> None:
    from coachlog.errors import NotFound
    from coachlog.queries import agreements
    from coachlog.queries.common import find_client
    from coachlog.render.views import agreement_history, agreement_summary

    with reading() as reader:
        ref = find_client(reader, client)
        revisions = agreements.revisions(reader, ref.id)
    if not revisions:
        raise NotFound(
            f"{ref.handle} has no agreement yet; set one with "
            f"`coachlog agreement set {ref.handle} --focus …`."
        )
    if json:
        out().json({"client": ref.handle, "revisions": revisions} if history else revisions[-1])
    elif history:
        out().show(agreement_history(revisions))
    else:
        out().show(agreement_summary(revisions[-1]))


@app.command("show")
def show(
    client: Client,
    history: Annotated[bool, typer.Option("--history", help="Show every revision.")] = False,
    json: Json = False,
) -> None:
    """Show the agreement in force, or with --history every revision."""
    _print(client, history=history, json=json)
