"""`coachlog client …`: the executives a coach works with."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import Client, Json, out, reading, writing
from coachlog.cli.trash import delete_command
from coachlog.kinds import ClientStatus

app = typer.Typer(no_args_is_help=True, help="Add, list, show, edit and archive clients.")

Name = Annotated[str | None, typer.Option("--name", metavar="NAME", help="Full name.")]
Handle = Annotated[
    str | None, typer.Option("--handle", metavar="HANDLE", help="Short unique slug, e.g. jane-doe.")
]
Email = Annotated[str | None, typer.Option("--email", metavar="EMAIL", help="Email address.")]
Org = Annotated[str | None, typer.Option("--org", metavar="ORG", help="Organization.")]
Title = Annotated[str | None, typer.Option("--title", metavar="TITLE", help="Job title.")]
Tz = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="The client's time zone (America/New_York), when not yours: planned sessions "
        "show their time too. Empty clears it.",
    ),
]


def _client_detail(handle: str):
    from coachlog import dates
    from coachlog.queries.clients import client_detail
    from coachlog.queries.common import find_client

    with reading() as reader:
        return client_detail(reader, find_client(reader, handle).id, now=dates.local_now())


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The client's full name.", metavar="NAME")],
    handle: Handle = None,
    email: Email = None,
    org: Org = None,
    title: Title = None,
    tz: Tz = None,
    json: Json = False,
) -> None:
    """Add a client. The handle defaults to a slug of the name (jane-doe)."""
    from coachlog.journal.clients import add_client

    with writing() as db:
        client = add_client(
            db=db,
            name=name,
            handle=handle,
            email=email,
            organization=org,
            title=title,
            time_zone=tz,
        )
    if json:
        out().json(_client_detail(client.handle))
    else:
        out().done(f"Added client {client.handle} ({client.name})")


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include archived clients.")] = False,
    json: Json = False,
) -> None:
    """List clients with their open goals and last and next sessions;
    archived clients only with --all."""
    from coachlog import dates
    from coachlog.queries.clients import archived_count, client_list
    from coachlog.render.views import client_table, nothing

    with reading() as reader:
        clients = client_list(reader, now=dates.local_now(), include_closed=all_)
        archived = 0 if all_ or json else archived_count(reader)
    if json:
        out().json({"clients": clients})
    elif archived and not clients:
        out().show(nothing(f"No active clients; {_archived(archived)} (client list --all)."))
    else:
        out().show(client_table(clients, plain=out().plain))
        if archived:
            out().note(f"{_archived(archived)} not shown (client list --all).")


def _archived(count: int) -> str:
    return f"{count} archived client{'' if count == 1 else 's'}"


@app.command("show")
def show(client: Client, json: Json = False) -> None:
    """Show a client: agreement, goals, recent and next sessions."""
    from coachlog import dates
    from coachlog.render.views import client_card

    detail = _client_detail(client)
    if json:
        out().json(detail)
    else:
        out().show(client_card(detail, plain=out().plain, today=dates.today()))


@app.command("edit")
def edit(
    client: Client,
    name: Name = None,
    handle: Handle = None,
    email: Email = None,
    org: Org = None,
    title: Title = None,
    status: Annotated[
        ClientStatus | None, typer.Option("--status", help="active, paused or closed.")
    ] = None,
    tz: Tz = None,
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            metavar="PUBLIC_KEY",
            help="The client's public key, as their `coachlog key` prints it: `coachlog share` "
            "encrypts to it. Check its fingerprint with them by phone. Empty clears it.",
        ),
    ] = None,
) -> None:
    """Change a client's details; an empty value clears an optional field."""
    from coachlog.journal.clients import edit_client
    from coachlog.journal.common import client_row

    with writing() as db:
        record = edit_client(
            db=db,
            client=client_row(db=db, text=client),
            name=name,
            handle=handle,
            email=email,
            organization=org,
            title=title,
            status=status,
            key=key,
            time_zone=tz,
        )
    out().done(f"Updated client {record.handle}")
    if key and key.strip():
        from coachlog.keys import fingerprint, parse_public_key

        out().note(
            f"{record.handle}'s key has fingerprint {fingerprint(parse_public_key(key))}; "
            "check it with them before you share."
        )


@app.command("archive")
def archive(client: Client) -> None:
    """Close a client's engagement; their records stay, out of everyday lists."""
    from coachlog.journal.clients import archive_client
    from coachlog.journal.common import client_row

    with writing() as db:
        record = archive_client(db=db, client=client_row(db=db, text=client))
    out().done(f"Archived client {record.handle}")


@app.command("reactivate")
def reactivate(client: Client) -> None:
    """Bring an archived client back to the everyday lists."""
    from coachlog.journal.clients import reactivate_client
    from coachlog.journal.common import client_row

    with writing() as db:
        record = reactivate_client(db=db, client=client_row(db=db, text=client))
    out().done(f"Reactivated client {record.handle}")


app.command("delete")(delete_command(None, "CLIENT", "handle or unique prefix"))
