"""WHEN, duration and cadence parsing (DESIGN §3).

Times are read in the local zone (`$TZ`) and stored as UTC. `now` is
injectable everywhere; `$COACHLOG_NOW` (an ISO datetime) pins it for a whole
process, which is how tests and the demo make dates deterministic.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from coachlog.errors import BadInput

WHEN_EXAMPLES = (
    "2026-12-01, 'Dec 1', '1 December 2026 3pm', now, today, tomorrow, 'tomorrow 9', "
    "'3pm tomorrow', noon, 'friday 10:30', 'next friday', 'last monday', 'next week', "
    "'end of month', 'in 3 days', '2 weeks ago'"
)
DEFAULT_TIME = time(9)  # a date without a time of day, unless `default_time` says

_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_UNITS = {
    "minute": "minutes",
    "min": "minutes",
    "hour": "hours",
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_WORD_TIMES = {
    "noon": time(12),
    "midday": time(12),
    "midnight": time(0),
    "morning": time(9),
    "afternoon": time(14),
    "evening": time(18),
    "night": time(20),
    "tonight": time(20),
}


class _Pattern:
    """A regular expression compiled on first use: most commands read no
    date, and compiling these at import cost every command ~3 ms."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, *args) -> None:
        self._args = args
        self._compiled: re.Pattern | None = None

    def match(self, text: str) -> re.Match | None:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled.match(text)


_TIME = _Pattern(
    r"^(?:at\s+)?(?:(?P<word>[a-z]+)|"
    r"(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?)$"
)
# A time of day before the day: '3pm tomorrow', 'noon on friday', '10:30 next tuesday'.
_TIME_FIRST = _Pattern(
    r"^(?P<time>(?:at\s+)?(?:noon|midday|midnight|\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?|"
    r"\d{1,2}:\d{2}))\s+(?:on\s+)?(?P<day>\S.*)$"
)
_COUNT = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_IN = _Pattern(rf"^in\s+{_COUNT}\s+(?P<unit>[a-z]+?)s?(?:\s+(?P<rest>.*))?$")
_AGO = _Pattern(rf"^{_COUNT}\s+(?P<unit>[a-z]+?)s?\s+ago(?:\s+(?P<rest>.*))?$")
_FROM_NOW = _Pattern(rf"^{_COUNT}\s+(?P<unit>[a-z]+?)s?\s+from\s+now(?:\s+(?P<rest>.*))?$")
# 'end of month', 'end of the week', 'start of next month', 'beginning of the year'.
_EDGE = _Pattern(
    r"^(?:the\s+)?(?P<edge>end|start|beginning)\s+of\s+(?:the\s+)?"
    r"(?:(?P<which>this|next|last)\s+)?(?P<period>week|month|year)(?:\s+(?P<rest>.*))?$"
)


@dataclass(frozen=True)
class Moment:
    """A parsed WHEN: the instant, whether the person gave a time of day (a
    bare day starts at `default_time`, and an `--until` day runs to its
    end), and notes on how it was read (an ambiguous 3/1/2027)."""

    at: datetime
    has_time: bool
    notes: tuple[str, ...] = ()


# Notes from every WHEN read in this run, until the command takes them to
# print (cli.common.tell_date_notes): dates.py prints nothing itself.
_notes: list[str] = []


def take_notes() -> list[str]:
    """The notes collected since the last call, and forget them."""
    taken = list(_notes)
    _notes.clear()
    return taken


def default_time() -> time:
    """The time of day a date without one means: `default_time` in the config
    file, else 09:00."""
    from coachlog import config

    chosen = config.get("default_time")
    if not chosen:
        return DEFAULT_TIME
    hour, minute = chosen.split(":")
    return time(int(hour), int(minute))


def local_zone() -> tzinfo:
    """The zone WHEN is read in: `$TZ` if set and known, else `time_zone` in
    the config file, else the system's."""
    from coachlog import config

    name = os.environ.get("TZ") or config.get("time_zone")
    zone = _zones.get(name)
    if zone is None:  # a view converts every date it shows: one lookup per name
        zone = _zones[name] = (_named_zone(name) if name else None) or _system_zone()
    return zone


def _named_zone(name: str) -> tzinfo | None:
    from dateutil import tz

    return tz.gettz(name)


def _system_zone() -> tzinfo:
    """The zone the C library uses when $TZ is unset: /etc/localtime, read
    by zoneinfo (a conversion costs under a microsecond; dateutil's tzlocal,
    which asks the C library for each one, about ten), else tzlocal."""
    from zoneinfo import ZoneInfo

    try:
        with open(SYSTEM_ZONE_FILE, "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        from dateutil import tz

        return tz.tzlocal()


SYSTEM_ZONE_FILE = "/etc/localtime"


_zones: dict[str | None, tzinfo] = {}


def local_now() -> datetime:
    """The current local time, or `$COACHLOG_NOW` when a run pins it."""
    pinned = os.environ.get("COACHLOG_NOW")
    if pinned:
        try:
            at = datetime.fromisoformat(pinned)
        except ValueError:
            raise BadInput(f"COACHLOG_NOW={pinned!r} is not an ISO datetime.") from None
        if not EARLIEST <= at.date() <= LATEST:  # "now" is the base of every relative WHEN
            raise BadInput(
                f"COACHLOG_NOW={pinned!r} is outside the dates coachlog keeps "
                f"({EARLIEST.year} to {LATEST.year})."
            )
        return localize(at.replace(tzinfo=None)) if at.tzinfo is None else at
    return datetime.now(local_zone())


def today() -> date:
    return local_now().date()


def to_utc(at: datetime) -> datetime:
    return at.astimezone(UTC)


def to_local(at: datetime) -> datetime:
    return at.astimezone(local_zone())


def localize(naive: datetime) -> datetime:
    """Attach the local zone to a wall-clock time, moving past a DST gap:
    02:30 on a night the clocks go from 02:00 to 03:00 is 03:30 (as
    dateutil's `resolve_imaginary`, without importing its zones)."""
    zone = local_zone()
    at = naive.replace(tzinfo=zone)
    if at.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive:
        return at  # it exists: the usual case
    day = timedelta(hours=24)
    return at + ((at + day).utcoffset() - (at - day).utcoffset())


def _parse_time(text: str, *, after_day: bool = False) -> time | None:
    """A time of day: `3pm`, `15:30`, `noon`, `morning`; after a day word also a
    bare hour (`tomorrow 9`) and a dot (`friday 9.30`)."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    if match["word"]:
        return _WORD_TIMES.get(match["word"])
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["sep"] == "." and not after_day:
        return None  # '1.12' alone is more likely a date than 01:12
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"].startswith("p") else 0)
    elif match["m"] is None and not after_day:
        return None  # a bare number alone is not a time of day
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _on_day(day: date, rest: str | None, text: str) -> Moment:
    """`day` at the time in `rest`, or at the default time."""
    if not rest:
        return Moment(localize(datetime.combine(day, default_time())), has_time=False)
    at = _parse_time(rest, after_day=True)
    if at is None:
        raise _bad_when(text)
    return Moment(localize(datetime.combine(day, at)), has_time=True)


def _shift(base: datetime, n: int, unit: str) -> datetime:
    from dateutil.relativedelta import relativedelta

    if unit in ("minutes", "hours"):
        # Elapsed time: count in UTC so a DST change does not add or lose an hour.
        return to_local(to_utc(base) + timedelta(**{unit: n}))
    # Calendar time: keep the wall-clock time across DST changes.
    return localize(base.replace(tzinfo=None) + relativedelta(**{unit: n}))


def _bad_when(text: str) -> BadInput:
    return BadInput(f"cannot read {text!r} as a date or time; try {WHEN_EXAMPLES}.")


# Dates a coaching journal can mean. Outside this window a date is a slip (a
# missing digit, `in 3000000 days`), and near the ends of Python's calendar
# a time zone shift would overflow when the date is shown.
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)


def parse_moment(text: str, *, now: datetime | None = None) -> Moment:
    """Read a WHEN as DESIGN §3 lists it, relative to `now` (local time),
    within EARLIEST..LATEST."""
    window = f"the dates coachlog keeps ({EARLIEST.year} to {LATEST.year})"
    try:
        moment = _parse_moment(text, now)
    except (OverflowError, ValueError):  # past the calendar's end: far outside the window
        raise BadInput(f"{text.strip()!r} is far outside {window}; check the number.") from None
    if not EARLIEST <= moment.at.date() <= LATEST:
        raise BadInput(
            f"{text.strip()!r} is {moment.at.date().isoformat()}, outside {window}; check the year."
        )
    _notes.extend(moment.notes)
    return moment


def _parse_moment(text: str, now: datetime | None) -> Moment:
    current = to_local(now) if now is not None else local_now()
    spoken = " ".join(text.strip().lower().replace(",", " ").split())
    if not spoken:
        raise BadInput(f"a date or time is required; try {WHEN_EXAMPLES}.")
    spoken = re.sub(r"^(?:on|by|at)\s+(?=\S)", "", spoken)
    today_ = current.date()

    if spoken == "now":
        return Moment(current, has_time=True)
    alone = _parse_time(spoken)
    if alone is not None:  # '3pm', 'noon', '15:45': today
        return Moment(localize(datetime.combine(today_, alone)), has_time=True)
    time_first = _TIME_FIRST.match(spoken)
    if time_first:  # '3pm tomorrow' is 'tomorrow 3pm'
        spoken = f"{time_first['day']} {time_first['time']}"
    spoken = re.sub(r"^(?:the\s+)?day\s+after\s+tomorrow\b", "overmorrow", spoken)
    spoken = re.sub(r"^(?:the\s+)?day\s+before\s+yesterday\b", "ereyesterday", spoken)
    head, _, rest = spoken.partition(" ")

    if head in ("today", "tonight"):
        return _on_day(today_, rest or ("8pm" if head == "tonight" else None), text)
    if head == "tomorrow":
        return _on_day(today_ + timedelta(days=1), rest, text)
    if head == "yesterday":
        return _on_day(today_ - timedelta(days=1), rest, text)
    if head in ("overmorrow", "ereyesterday"):
        return _on_day(today_ + timedelta(days=2 if head == "overmorrow" else -2), rest, text)
    if head in ("next", "last", "this") and rest:
        return _this_next_last(head, rest, today_, text)
    if head in _WEEKDAYS:
        return _weekday_phrase(_WEEKDAYS[head], rest, today_, text)
    edge = _EDGE.match(spoken)
    if edge:
        offset = {"next": 1, "last": -1}.get(edge["which"] or "this", 0)
        if edge["edge"] == "end":
            return _on_day(_period_end(today_, edge["period"], offset), edge["rest"], text)
        return _on_day(_period_start(today_, edge["period"], offset), edge["rest"], text)
    if spoken in ("eod", "end of day", "end of the day", "end of today"):
        return Moment(localize(datetime.combine(today_, time(17))), has_time=True)
    for pattern, sign in ((_IN, 1), (_FROM_NOW, 1), (_AGO, -1)):
        match = pattern.match(spoken)
        if match:
            unit = _UNITS.get(match["unit"])
            if unit is None:
                raise _bad_when(text)
            count = _NUMBERS.get(match["n"]) or int(match["n"])
            shifted = _shift(current, sign * count, unit)
            if match["rest"]:
                return _on_day(shifted.date(), match["rest"], text)
            # 'in 2 weeks' keeps the time of day: the same slot, two weeks on.
            return Moment(shifted, has_time=unit in ("minutes", "hours"))
    return _parse_absolute(text, spoken, current)


def _this_next_last(which: str, rest: str, today_: date, text: str) -> Moment:
    """`next friday`, `this friday 3pm`, `next week`, `last month`, `this
    morning`, `next week thursday`."""
    word, _, after = rest.partition(" ")
    if which == "this" and word in _WORD_TIMES and not after:
        return Moment(localize(datetime.combine(today_, _WORD_TIMES[word])), has_time=True)
    if word in _WEEKDAYS:
        return _on_day(_weekday(today_, _WEEKDAYS[word], which), after, text)
    if word in ("week", "month", "year"):
        offset = {"this": 0, "next": 1, "last": -1}[which]
        start = _period_start(today_, word, offset)
        day_word, _, time_part = after.partition(" ")
        if word == "week" and day_word in _WEEKDAYS:  # 'next week thursday'
            return _on_day(start + timedelta(days=_WEEKDAYS[day_word]), time_part, text)
        return _on_day(start, after, text)
    raise _bad_when(text)


def _weekday_phrase(weekday: int, rest: str, today_: date, text: str) -> Moment:
    """`friday`, `friday 3pm`, `friday next week`, `friday next week 10:00`."""
    match = re.match(r"^(?P<which>this|next|last)\s+week(?:\s+(?P<rest>.*))?$", rest)
    if match:
        offset = {"this": 0, "next": 1, "last": -1}[match["which"]]
        start = _period_start(today_, "week", offset)
        return _on_day(start + timedelta(days=weekday), match["rest"], text)
    return _on_day(_weekday(today_, weekday, "this"), rest, text)


def _period_start(today_: date, period: str, offset: int) -> date:
    """The first day of this week (Monday), month or year, moved by `offset` of them."""
    from dateutil.relativedelta import relativedelta

    if period == "week":
        return today_ - timedelta(days=today_.weekday()) + timedelta(weeks=offset)
    if period == "month":
        return today_.replace(day=1) + relativedelta(months=offset)
    return date(today_.year + offset, 1, 1)


def _period_end(today_: date, period: str, offset: int) -> date:
    """The last day of a period: a week ends on its Friday, the end of the
    working week (at a weekend, 'end of week' is the coming Friday)."""
    if period == "week":
        if offset == 0 and today_.weekday() > 4:
            offset = 1
        return _period_start(today_, "week", offset) + timedelta(days=4)
    following = _period_start(today_, period, offset + 1)
    return following - timedelta(days=1)


def _weekday(today_: date, weekday: int, which: str) -> date:
    """`friday`/`this friday`: the next one, today included; `next`: after
    today; `last`: before today."""
    ahead = (weekday - today_.weekday()) % 7
    if which == "next":
        return today_ + timedelta(days=ahead or 7)
    if which == "last":
        behind = (today_.weekday() - weekday) % 7
        return today_ - timedelta(days=behind or 7)
    return today_ + timedelta(days=ahead)


def _parse_absolute(text: str, spoken: str, current: datetime) -> Moment:
    from dateutil import parser

    from coachlog.date_order import read_numeric_date

    stripped = text.strip()
    if spoken.isdigit() and len(spoken) != 8:
        raise _bad_when(text)  # '12', '90' or 'by 5' is a slip, not a date
    try:
        iso = datetime.fromisoformat(stripped)
    except ValueError:
        iso = None
    if iso is not None:
        if iso.tzinfo is not None:
            return Moment(to_local(iso), has_time=True)
        if "T" in stripped.upper() or " " in stripped or ":" in stripped:
            return Moment(localize(iso), has_time=True)
        return _on_day(iso.date(), None, text)
    numeric = read_numeric_date(spoken, today=current.date())
    if numeric is not None:
        moment = _on_day(numeric.day, numeric.rest, text)
        if numeric.note:
            return Moment(moment.at, moment.has_time, notes=(numeric.note,))
        return moment
    default = datetime.combine(current.date(), time())
    # Parse twice against different defaults: whatever moves with the
    # default was not in the text.
    other_default = datetime(
        default.year + 1, default.month % 12 + 1, 2 if default.day == 1 else 1, 1
    )
    try:
        parsed = parser.parse(spoken, default=default)
        other = parser.parse(spoken, default=other_default)
    except (ValueError, OverflowError):
        raise _bad_when(text) from None
    year_given, month_given = other.year == parsed.year, other.month == parsed.month
    day_given, has_time = other.day == parsed.day, other.hour == parsed.hour
    if not day_given and (month_given or year_given):
        raise _bad_when(text)  # '32 Dec' is not 30 December 2032
    if not year_given and month_given:
        parsed = _nearest_year(parsed, current)
    named = [_WEEKDAYS[word] for word in re.findall(r"[a-z]+", spoken) if word in _WEEKDAYS]
    if named and parsed.weekday() not in named:  # '9 friday': dateutil keeps the 9th
        raise BadInput(
            f"{text.strip()!r} reads as {parsed:%a %d %b %Y}, not the weekday it names; "
            "give the date, or the weekday alone (friday, next friday)."
        )
    notes: tuple[str, ...] = ()
    if year_given and not re.search(r"\d{3}", spoken):  # 'march 3 10': 2010
        short = parsed.year % 100
        hour = f", or a time as {short:02d}:00" if short < 24 else ""
        notes = (
            f"read {text.strip()!r} as {parsed:%a %d %b %Y}, its last number as the year; "
            f"write the year in full{hour}.",
        )
    if parsed.tzinfo is not None:
        return Moment(to_local(parsed), has_time=True, notes=notes)
    if not has_time:
        return Moment(_on_day(parsed.date(), None, text).at, has_time=False, notes=notes)
    return Moment(localize(parsed), has_time=True, notes=notes)


def _nearest_year(parsed: datetime, current: datetime) -> datetime:
    """'Jan 2' said on 30 December means next January; 'Dec 28' said on
    2 January means last December."""
    candidates = []
    for year in (current.year - 1, current.year, current.year + 1):
        try:
            candidates.append(parsed.replace(year=year))
        except ValueError:  # 29 February
            continue
    naive_now = current.replace(tzinfo=None)
    return min(candidates, key=lambda candidate: abs(candidate - naive_now))


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The local start of `day` and of the day after."""
    return (
        localize(datetime.combine(day, time())),
        localize(datetime.combine(day + timedelta(days=1), time())),
    )


def parse_when(text: str, *, now: datetime | None = None) -> datetime:
    """A WHEN as an aware local datetime."""
    return parse_moment(text, now=now).at


def parse_date(text: str, *, now: datetime | None = None) -> date:
    """A WHEN where only the day matters (target dates, due dates)."""
    return parse_moment(text, now=now).at.date()


def parse_since(text: str, *, now: datetime | None = None) -> datetime:
    """The start of a period: a bare day means the start of that day."""
    moment = parse_moment(text, now=now)
    if moment.has_time:
        return moment.at
    return localize(datetime.combine(moment.at.date(), time()))


def parse_until(text: str, *, now: datetime | None = None) -> datetime:
    """The end of a period: a bare day means the end of that day."""
    moment = parse_moment(text, now=now)
    if moment.has_time:
        return moment.at
    return localize(datetime.combine(moment.at.date() + timedelta(days=1), time()))


_DURATION = _Pattern(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(?P<m>\d+)\s*m(?:in(?:utes?|s)?)?)?$"
)


def parse_duration(text: str) -> int:
    """Minutes from `45m`, `1h`, `1h30m`, `1.5h` or a bare `90`."""
    spoken = text.strip().lower()
    if spoken.isdigit():
        minutes = int(spoken)
    else:
        match = _DURATION.match(spoken)
        if not spoken or not match or not (match["h"] or match["m"]):
            raise BadInput(f"cannot read {text!r} as a duration; try 45m, 1h, 1h30m or 90.")
        minutes = round(float(match["h"] or 0) * 60) + int(match["m"] or 0)
    if not 0 < minutes <= 24 * 60:
        raise BadInput(f"a duration must be between 1 minute and 24 hours, not {text!r}.")
    return minutes


_CADENCE_WORDS = {"daily": 1, "weekly": 7, "fortnightly": 14, "biweekly": 14, "monthly": 30}
_CADENCE = _Pattern(r"^(?:every\s+)?(?P<n>\d+)?\s*(?P<unit>day|week|month)s?$")


def parse_cadence(text: str) -> int:
    """Days between sessions from `2 weeks`, `every 10 days`, `monthly`, `14`."""
    spoken = " ".join(text.strip().lower().split())
    if spoken in _CADENCE_WORDS:
        return _CADENCE_WORDS[spoken]
    if spoken.isdigit():
        days = int(spoken)
    else:
        match = _CADENCE.match(spoken)
        if not match:
            raise BadInput(
                f"cannot read {text!r} as a cadence; try '2 weeks', 'every 10 days' or 'monthly'."
            )
        days = int(match["n"] or 1) * {"day": 1, "week": 7, "month": 30}[match["unit"]]
    if not 0 < days <= 366:
        raise BadInput(f"a cadence must be between 1 and 366 days, not {text!r}.")
    return days


def describe_cadence(days: int) -> str:
    if days % 7 == 0:
        weeks = days // 7
        return "every week" if weeks == 1 else f"every {weeks} weeks"
    return "every day" if days == 1 else f"every {days} days"
