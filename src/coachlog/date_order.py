"""Numeric dates such as 3/1/2027: read in the order the person writes them.

3/1/2027 is 1 March in the United States and 3 January in most other places,
so coachlog reads one only when it knows the order: `date_order` in the
config file ("dmy", "mdy", or "iso" for year-first only), else the locale
($LC_ALL, else $LC_TIME, else $LANG), month-first where that is the custom.
Knowing neither (a C or POSIX locale), it refuses and shows the ISO form.
Whenever a date could be read both ways, the reading comes back as a note.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date

from coachlog.errors import BadInput

# Territories where month-first is the everyday order.
MONTH_FIRST_TERRITORIES = {"US", "PH", "PR", "GU", "AS", "MP", "VI", "UM", "FM", "MH", "PW"}
MONTH_FIRST_LOCALES = {"en_CA"}

# Day and month in either order, then an optional year: 3/1/2027, 3/1, 03-01-27,
# 1.3.2027, 1.3; or year first: 2027/3/1.
NUMERIC_DATE = re.compile(
    r"^(?P<date>(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{1,4}))?)"
    r"(?:\s+(?P<rest>.+))?$"
)
_LOCALE = re.compile(r"^(?P<language>[a-z]{2,3})_(?P<territory>[A-Z]{2})\b")


@dataclass(frozen=True)
class DateOrder:
    """How numeric dates are read, and where that was decided (for messages)."""

    order: str | None  # "dmy", "mdy", "iso"; None when nothing says
    source: str


def date_order() -> DateOrder:
    """`date_order` from the config file, else the locale's custom."""
    from coachlog import config

    chosen = config.get("date_order")
    if chosen:
        return DateOrder(chosen, f'date_order = "{chosen}"')
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(variable)
        if value:
            break
    else:
        return DateOrder(None, "no locale is set")
    match = _LOCALE.match(value)
    if match is None:  # C, POSIX, C.UTF-8, or a language without a country
        return DateOrder(None, f"{variable}={value}")
    month_first = (
        match["territory"] in MONTH_FIRST_TERRITORIES
        or f"{match['language']}_{match['territory']}" in MONTH_FIRST_LOCALES
    )
    order = "mdy" if month_first else "dmy"
    return DateOrder(order, f'date_order "{order}", from {variable}={value}')


@dataclass(frozen=True)
class NumericDate:
    """A date written in numbers, as read, with what followed it."""

    day: date
    rest: str | None  # what followed the date (a time of day)
    note: str | None  # how an ambiguous date was read


def read_numeric_date(spoken: str, *, today: date) -> NumericDate | None:
    """`spoken` read as a numeric date, or None when it is not one.

    Raises BadInput when the order is unknown or the numbers are no date."""
    match = NUMERIC_DATE.match(spoken)
    if match is None:
        return None
    shown, a, b, c = match["date"], match["a"], match["b"], match["c"]
    if len(a) == 4:  # year first: one reading everywhere
        if c is None or len(c) > 2 or match["sep"] == "-":
            return None  # ISO with dashes: the ISO reader's, and its message
        return NumericDate(_date(int(a), int(b), int(c), shown, "year first"), match["rest"], None)
    if len(a) > 2:
        return None
    if c is not None and len(c) not in (2, 4):
        raise BadInput(f"{shown!r} has a {len(c)}-digit year; write it as YYYY-MM-DD.")
    first, second = int(a), int(b)
    order = date_order()
    if order.order in (None, "iso"):
        raise BadInput(_refusal(shown, first, second, c, order, today))
    day_, month = (first, second) if order.order == "dmy" else (second, first)
    read_as = "day first" if order.order == "dmy" else "month first"
    year = _year(c, month, day_, today)
    day = _date(year, month, day_, shown, f"{read_as} ({order.source})")
    note = None
    if first <= 12 and second <= 12 and first != second:
        note = f"read {shown} as {day:%a %d %b %Y} ({order.source})."
    return NumericDate(day, match["rest"], note)


def _year(typed: str | None, month: int, day: int, today: date) -> int:
    """The year as typed; a two-digit year in the century nearest today; no
    year: the nearest date (3/1 said in December is next March)."""
    if typed is not None and len(typed) == 4:
        return int(typed)
    if typed is not None:
        return min(
            (century + int(typed) for century in (1900, 2000, 2100)),
            key=lambda year: abs(year - today.year),
        )
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February, or no date at all: _date says so
            continue
    if not candidates:
        return today.year
    return min(candidates, key=lambda candidate: abs(candidate - today)).year


def _date(year: int, month: int, day: int, shown: str, read_as: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BadInput(
            f"{shown!r} is not a date when read {read_as}; write it as YYYY-MM-DD."
        ) from None


def _refusal(
    shown: str, first: int, second: int, typed_year: str | None, order: DateOrder, today: date
) -> str:
    from coachlog import config

    readings = []
    for day_, month in ((first, second), (second, first)):
        try:
            reading = date(_year(typed_year, month, day_, today), month, day_).isoformat()
        except ValueError:
            continue
        if reading not in readings:
            readings.append(reading)
    iso = " or ".join(readings) if readings else "YYYY-MM-DD"
    if order.order == "iso":
        why = f'{shown!r} is not year-first and date_order = "iso"'
    else:
        why = f"coachlog does not know which order {shown!r} is in ({order.source})"
    return (
        f'{why}; write it as {iso}, or set date_order = "dmy" or "mdy" in the config file '
        f"({config.path()})."
    )
