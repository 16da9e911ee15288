"""`coachlog demo`: a whole engagement in a throwaway store, shown."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import out, settings


def demo(
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Seed this store instead of a new throwaway one.", metavar="PATH_OR_URL"
        ),
    ] = None,
) -> None:
    """Seed an example engagement in a throwaway store and show it."""
    import tempfile
    from pathlib import Path

    from coachlog import dates
    from coachlog.demo import seed
    from coachlog.queries.clients import client_detail
    from coachlog.queries.common import find_client
    from coachlog.render.views import client_card
    from coachlog.store import reading, resolve, writing

    if db is None and settings.db is None:
        folder = Path(tempfile.mkdtemp(prefix="coachlog-demo-"))
        db = str(folder / "coachlog.db")
    location = resolve(db or settings.db)
    now = dates.local_now()
    with writing(location) as session:
        handle = seed(db=session, now=now).handle
    with reading(location) as reader:
        detail = client_detail(reader, find_client(reader, handle).id, now=now)
    out().show(client_card(detail, plain=out().plain, today=now.date()))
    out().note(f"\nDemo store: {location}\nTry: coachlog --db {location} session list {handle}")
