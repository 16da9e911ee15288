"""`coachlog hours` shown: a table per client with the channel split and a
total, the same as data for JSON, and CSV for a spreadsheet or an invoice."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from coachlog.render import text as fmt

if TYPE_CHECKING:
    from rich.console import RenderableType

    from coachlog.queries.hours import ClientHours, Hours


def decimal_hours(minutes: int) -> float:
    """Hours as an invoice writes them: 90 minutes is 1.5."""
    return round(minutes / 60, 2)


def _length(minutes: int) -> str:
    return fmt.minutes(minutes) if minutes else "0m"


def _footnotes(found: Hours) -> list[str]:
    lines = []
    timed = [c for c in found.clients if c.agreed_length]
    if timed:
        lines.append(
            "Logged without a length, timed at the agreed session length: "
            + "; ".join(f"{c.client} {', '.join(c.agreed_length)}" for c in timed)
            + "."
        )
    untimed = [c for c in found.clients if c.untimed]
    if untimed:
        count = len(found.total.untimed)
        lines.append(
            f"{count} session{'s' if count != 1 else ''} without a length and none agreed, "
            "counted but not in the hours: "
            + "; ".join(f"{c.client} {', '.join(c.untimed)}" for c in untimed)
            + "."
        )
        lines.append(
            f"Give {'each' if count != 1 else 'it'} a length with "
            f"`coachlog session edit {found.total.untimed[0]} --duration 1h`."
        )
    return lines


def hours_view(found: Hours, *, plain: bool) -> RenderableType:
    """Sessions and hours per client, the channel split, and a total line."""
    from rich.console import Group
    from rich.table import Column

    from coachlog.render.views import SafeText, heading, nothing, table

    title = heading("Sessions held", found.period.label)
    if not found.clients:
        return Group(title, nothing("No sessions held in this period."))
    channels = found.channels
    grid = table(
        "Client",
        "Name",
        Column("Sessions", justify="right"),
        Column("Hours", justify="right"),
        *(Column(channel, justify="right") for channel in channels),
        plain=plain,
    )

    def row(who: ClientHours, *, total: bool = False) -> None:
        split = []
        for channel in channels:
            part = who.channels.get(channel)
            split.append(f"{part.sessions} ({_length(part.minutes)})" if part else "")
        style = "bold" if total else None
        grid.add_row(
            SafeText(who.client),
            SafeText(who.name),
            str(who.sessions),
            _length(who.minutes),
            *split,
            style=style,
            end_section=False,
        )

    for who in found.clients:
        row(who)
    if not plain:
        grid.rows[-1].end_section = True
    row(found.total, total=True)
    notes = [SafeText(line, style="dim") for line in _footnotes(found)]
    return Group(title, "", grid, *(["", *notes] if notes else []))


def _as_data(who: ClientHours) -> dict[str, Any]:
    return {
        "client": who.client or None,
        "name": who.name,
        "sessions": who.sessions,
        "minutes": who.minutes,
        "hours": decimal_hours(who.minutes),
        "channels": {
            channel: {
                "sessions": part.sessions,
                "minutes": part.minutes,
                "hours": decimal_hours(part.minutes),
            }
            for channel, part in who.channels.items()
        },
        "agreed_length": who.agreed_length,
        "untimed": who.untimed,
    }


def hours_data(found: Hours) -> dict[str, Any]:
    """The same as the view, as data: minutes and decimal hours, ids of the
    sessions timed at the agreed length and of those not timed."""
    total = _as_data(found.total)
    del total["client"], total["name"]
    return {
        "period": {
            "label": found.period.label,
            "since": found.period.since,
            "until": found.period.until,
        },
        "clients": [_as_data(who) for who in found.clients],
        "total": total,
        "planned": found.planned,
    }


def hours_csv(found: Hours) -> str:
    """One row per client and a total row, every channel's columns always
    there (a spreadsheet's formulas keep their places); text cells are safe
    from formula injection."""
    import csv
    import io

    from coachlog.dates import to_local
    from coachlog.kinds import Channel
    from coachlog.render.export import csv_cell

    period = found.period
    first = "" if period.since is None else to_local(period.since).date().isoformat()
    last = to_local(period.until - timedelta(microseconds=1)).date().isoformat()
    columns = ["from", "to", "client", "name", "sessions", "hours", "minutes"]
    for channel in Channel:
        columns += [f"{channel.value} sessions", f"{channel.value} hours"]
    columns += ["timed at agreed length", "without a length"]
    buffer = io.StringIO()
    # "\n", not RFC 4180's CRLF: this goes to stdout, where a CR would show
    # as ^M; a field holding a CR or LF is quoted all the same.
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for who in [*found.clients, found.total]:
        cells: list[Any] = [first, last, who.client, who.name, who.sessions]
        cells += [decimal_hours(who.minutes), who.minutes]
        for channel in Channel:
            part = who.channels.get(channel.value)
            cells += [part.sessions, decimal_hours(part.minutes)] if part else [0, 0]
        cells += [" ".join(who.agreed_length), " ".join(who.untimed)]
        writer.writerow([csv_cell(cell) for cell in cells])
    return buffer.getvalue()
