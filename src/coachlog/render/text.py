"""Small formatting pieces shared by the views."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from coachlog.dates import describe_cadence, to_local

if TYPE_CHECKING:
    from rich.console import RenderableType

    from coachlog.queries.sessions import SessionView

BAR_WIDTH = 12


def when(at: datetime | None) -> str:
    if at is None:
        return "—"
    local = to_local(at)
    return f"{day(local)} {local.hour:02d}:{local.minute:02d}"


def zoned_when(at: datetime, *, client_zone: str | None = None, client: str | None = None) -> str:
    """A time two people in two zones read alike: the coach's wall time with
    its zone, and the client's own time beside it when their clock shows
    another, `Fri 11 Dec 2026 15:00 GMT (10:00 EST for jane)`."""
    from coachlog.zones import label, zone

    local = to_local(at)
    shown = f"{when(at)} {label(local)}".rstrip()
    theirs_zone = zone(client_zone) if client_zone else None
    if theirs_zone is None:
        return shown
    theirs = at.astimezone(theirs_zone)
    if theirs.utcoffset() == local.utcoffset():
        return shown
    other_day = "" if theirs.date() == local.date() else f"{theirs:%a %d %b} "
    who = f" for {client}" if client else ""
    return f"{shown} ({other_day}{theirs:%H:%M} {label(theirs)}{who})"


def session_when(session: SessionView) -> str:
    """When a session is: a planned one with its zone (and the client's own
    time), since both must turn up at the same instant; a held one as it was."""
    if session.status != "planned":
        return when(session.at)
    return zoned_when(session.at, client_zone=session.client_time_zone, client=session.client)


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: date | None) -> str:
    """`Thu 31 Dec 2026`: `%a %d %b %Y` as strftime writes it in the C locale
    (coachlog never sets another), spelled out here: a report shows a
    thousand dates, and strftime costs several times this."""
    if value is None:
        return "—"
    if value.year < 1000:  # strftime's padding of such a year varies by platform
        return f"{value:%a %d %b %Y}"
    return f"{WEEKDAYS[value.weekday()]} {value.day:02d} {MONTHS[value.month - 1]} {value.year}"


def relative_days(target: date, today: date) -> str:
    """`today`, `in 3 days`, `2 days ago`."""
    days = (target - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def minutes(value: int | None) -> str:
    if not value:
        return "—"
    hours, rest = divmod(value, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


def cadence(days: int | None) -> str:
    return "—" if not days else describe_cadence(days)


def progress(percent: int, *, plain: bool) -> RenderableType:
    """A bar with its percentage; ASCII when piped, so it reads without colour."""
    from rich.text import Text

    if plain:
        filled = round(percent * 10 / 100)
        return Text(f"[{'#' * filled}{'-' * (10 - filled)}] {percent:>3}%")
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    from coachlog.render import styles

    grid = Table.grid(padding=(0, 1))
    bar = ProgressBar(
        total=100,
        completed=percent,
        width=BAR_WIDTH,
        style=styles.PROGRESS_TODO,
        complete_style=styles.PROGRESS,
        finished_style=styles.PROGRESS_DONE,
    )
    grid.add_row(bar, Text(f"{percent:>3}%"))
    return grid


def first_line(text: str | None, width: int = 60) -> str:
    if not text:
        return ""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"
