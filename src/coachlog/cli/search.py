"""`coachlog search`: find that thing said about delegation in March."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import Everything, Json, Limit, NoPager, listed, out, reading


def search(
    query: Annotated[
        str, typer.Argument(help="Words to find (all of them, as word starts).", metavar="QUERY")
    ],
    client: Annotated[
        str | None, typer.Option("--client", metavar="CLIENT", help="One client only.")
    ] = None,
    limit: Limit = None,
    everything: Everything = False,
    no_pager: NoPager = False,
    json: Json = False,
) -> None:
    """Search session notes (private ones too), goals, requests and advice,
    best match first."""
    from coachlog.queries.common import find_client
    from coachlog.queries.search import RANKED
    from coachlog.queries.search import search as find
    from coachlog.render.search import hits_table, marked

    with reading() as reader:
        client_id = None if client is None else find_client(reader, client).id
        found = find(reader, query, client_id=client_id, limit=listed(limit, everything))
    if json:
        out().json({"query": query, "hits": [marked(hit) for hit in found.shown]})
    else:
        out().show(hits_table(found.shown, plain=out().plain), page=not no_pager)
    if found.matches:
        narrow = "add words" if client else "add words or --client"
        out().note(
            f"Ranked the latest {RANKED:,} matches of each kind (sessions, goals, requests, "
            f"advice) of {found.matches:,}; {narrow} to narrow the search, or --all to rank "
            "every match."
        )
    elif found.more:
        out().note("More matches not shown; add words, or --limit N or --all.")
