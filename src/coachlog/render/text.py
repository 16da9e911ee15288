"""Small formatting pieces shared by the views."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from coachlog.dates import describe_cadence, to_local

if TYPE_CHECKING:
    from rich.console import RenderableType

BAR_WIDTH = 12


def when(at: datetime | None) -> str:
    if at is None:
        return "—"
    local = to_local(at)
    return f"{local:%a %d %b %Y} {local:%H:%M}"


def day(value: date | None) -> str:
    return "—" if value is None else f"{value:%a %d %b %Y}"


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
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    if plain:
        filled = round(percent * 10 / 100)
        return Text(f"[{'#' * filled}{'-' * (10 - filled)}] {percent:>3}%")
    grid = Table.grid(padding=(0, 1))
    grid.add_row(ProgressBar(total=100, completed=percent, width=BAR_WIDTH), Text(f"{percent:>3}%"))
    return grid


def first_line(text: str | None, width: int = 60) -> str:
    if not text:
        return ""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"
