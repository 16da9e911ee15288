"""The reviews: `goals` for the executive; `schedule`, `prep`, `agenda` for the coach."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import Client, Json, OptionalClient, default_client, out, reading


def goals(
    client: OptionalClient = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all", help="Every goal (achieved, paused, dropped too) and all you ever did."
        ),
    ] = False,
    json: Json = False,
) -> None:
    """Review what you are working toward and what you committed to.

    Per client: active goals with progress and target dates, the commitments
    under each (overdue ones marked), what awaits your answer, your
    counter-offers waiting for the coach, what you did in the last 30 days
    (done, missed, declined, advice answered), and the last and next
    sessions. With no client chosen, every active client.
    """
    from coachlog import dates
    from coachlog.queries.reviews import active_client_ids, client_review
    from coachlog.render.reviews import goals_review

    now = dates.local_now()
    with reading() as reader:
        ref = default_client(reader, client)
        ids = [ref.id] if ref else active_client_ids(reader)
        reviews = [client_review(reader, number, now=now, all_goals=all_) for number in ids]
    if json:
        out().json({"clients": reviews})
    else:
        out().show(goals_review(reviews, plain=out().plain, today=now.date()))


def schedule(
    days: Annotated[int, typer.Option("--days", min=1, max=366, help="How far ahead.")] = 14,
    json: Json = False,
) -> None:
    """Planned sessions of every client, soonest first."""
    from coachlog import dates
    from coachlog.queries.reviews import schedule as planned
    from coachlog.render.reviews import schedule_view

    with reading() as reader:
        sessions = planned(reader, now=dates.local_now(), days=days)
    if json:
        out().json({"days": days, "sessions": sessions})
    else:
        out().show(schedule_view(sessions, plain=out().plain, days=days))


def prep(client: Client, json: Json = False) -> None:
    """A brief before the next session: focus, rhythm, last notes, open items."""
    from coachlog import dates
    from coachlog.queries.common import find_client
    from coachlog.queries.reviews import prep as brief
    from coachlog.render.reviews import prep_view

    now = dates.local_now()
    with reading() as reader:
        found = brief(reader, find_client(reader, client).id, now=now)
    if json:
        out().json(found)
    else:
        out().show(prep_view(found, plain=out().plain, today=now.date()))


def agenda(json: Json = False) -> None:
    """The coach's dashboard: the week's sessions, overdue commitments,
    clients past their cadence, and what awaits answers."""
    from coachlog import dates
    from coachlog.queries.reviews import agenda as week
    from coachlog.render.reviews import agenda_view

    now = dates.local_now()
    with reading() as reader:
        found = week(reader, now=now)
    if json:
        out().json(found)
    else:
        out().show(agenda_view(found, plain=out().plain, today=now.date()))
