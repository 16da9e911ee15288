"""`coachlog hours`: sessions held and hours per client in a period, for
invoices and supervision logs."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from coachlog.cli.common import Json, out, reading

if TYPE_CHECKING:
    from coachlog.queries.hours import Period


class HoursFormat(StrEnum):
    TEXT = "text"
    CSV = "csv"
    JSON = "json"


Week = Annotated[bool, typer.Option("--week", help="This calendar week, Monday to Sunday.")]
Month = Annotated[bool, typer.Option("--month", help="This calendar month (the default).")]
LastWeek = Annotated[
    bool, typer.Option("--last-week", help="Last calendar week, Monday to Sunday.")
]
LastMonth = Annotated[
    bool, typer.Option("--last-month", help="Last calendar month: the one to invoice.")
]


def hours(
    week: Week = False,
    month: Month = False,
    last_week: LastWeek = False,
    last_month: LastMonth = False,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="WHEN", help="From this WHEN on (a bare day: its start)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="WHEN",
            help="Up to this WHEN (a bare day: its end). Default with --since: today's end.",
        ),
    ] = None,
    client: Annotated[
        str | None, typer.Option("--client", metavar="CLIENT", help="One client only.")
    ] = None,
    format_: Annotated[
        HoursFormat,
        typer.Option("--format", "-f", help="text, csv (for a spreadsheet) or json."),
    ] = HoursFormat.TEXT,
    json: Json = False,
) -> None:
    """Sessions held and hours per client in a period, split by channel,
    with a total: for invoices and supervision logs.

    The period is this calendar month unless --week, --last-week,
    --last-month or --since/--until say otherwise; planned sessions in it
    are not counted (a note says how many). Cancelled and deleted sessions
    never count. A session logged without a length is timed at the client's
    agreed session length; with none agreed it is counted, not timed, and
    named so you can give it one.
    """
    from coachlog import dates
    from coachlog.queries.common import find_client
    from coachlog.queries.hours import hours as held
    from coachlog.render.hours import hours_csv, hours_data, hours_view

    today = dates.local_now().date()
    period = _period(week, month, last_week, last_month, since, until, today=today)
    chosen = _format(format_, json)
    with reading() as reader:
        client_id = None if client is None else find_client(reader, client).id
        found = held(reader, period=period, client_id=client_id)
    if chosen is HoursFormat.JSON:
        out().json(hours_data(found))
    elif chosen is HoursFormat.CSV:
        out().raw(hours_csv(found))
    else:
        out().show(hours_view(found, plain=out().plain))
    if found.planned:
        many = found.planned != 1
        out().note(
            f"{found.planned} planned session{'s' if many else ''} in this period "
            f"{'are' if many else 'is'} not counted; `session list --planned` lists them."
        )


def _format(chosen: HoursFormat, json: bool) -> HoursFormat:
    if json and chosen not in (HoursFormat.TEXT, HoursFormat.JSON):
        from coachlog.errors import BadInput

        raise BadInput(f"give --json or --format {chosen.value}, not both.")
    return HoursFormat.JSON if json else chosen


def _period(week, month, last_week, last_month, since, until, *, today) -> Period:
    """The period the options name; a bad WHEN or two periods are refused
    before the store is opened."""
    from coachlog import dates
    from coachlog.errors import BadInput
    from coachlog.queries.hours import Calendar, calendar_period, chosen_period

    named = [
        which
        for which, given in (
            (Calendar.THIS_WEEK, week),
            (Calendar.THIS_MONTH, month),
            (Calendar.LAST_WEEK, last_week),
            (Calendar.LAST_MONTH, last_month),
        )
        if given
    ]
    ranged = since is not None or until is not None
    if len(named) + ranged > 1:
        raise BadInput(
            "give one period: --week, --month, --last-week, --last-month, or --since/--until."
        )
    if ranged:
        start = None if since is None else dates.parse_since(since)
        end = dates.parse_until(until or "today")
        if start is not None and start >= end:
            raise BadInput("--since must come before --until.")
        return chosen_period(start, end)
    return calendar_period(named[0] if named else Calendar.THIS_MONTH, today=today)
