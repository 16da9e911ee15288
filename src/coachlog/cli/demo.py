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
    from coachlog.queries.reviews import client_review
    from coachlog.render.reviews import goals_review
    from coachlog.render.views import client_card, heading
    from coachlog.store import reading, resolve, writing_sql

    if db is None and settings.db is None:
        folder = Path(tempfile.mkdtemp(prefix="coachlog-demo-"))
        db = str(folder / "coachlog.db")
    location = resolve(db or settings.db)
    now = dates.local_now()
    with writing_sql(location) as session:
        handle = seed(db=session, now=now).handle
    with reading(location) as reader:
        client_id = find_client(reader, handle).id
        detail = client_detail(reader, client_id, now=now)
        review = client_review(reader, client_id, now=now)
    plain, today = out().plain, now.date()
    out().show(
        heading("The coach's view", f"coachlog client show {handle}"),
        "",
        client_card(detail, plain=plain, today=today),
        "",
        heading("The executive's view", f"coachlog goals {handle}"),
        "",
        goals_review([review], plain=plain, today=today),
    )
    out().note(f"\nDemo store: {location}\nTry: coachlog --db {location} agenda")
