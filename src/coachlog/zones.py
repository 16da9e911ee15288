"""Time zones by IANA name: a client's own zone (`client add --tz`), checked
when it is given, and the short label a reader sees beside a time."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from functools import cache

from coachlog.errors import BadInput

EXAMPLE = "America/New_York, Europe/London or Asia/Singapore"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")


@cache
def zone(name: str) -> tzinfo | None:
    """The zone an IANA name means, or None when it means none. Never a
    path or a POSIX rule such as GMT+3 (which is three hours *behind* GMT)."""
    from dateutil import tz

    if not _NAME.fullmatch(name):
        return None
    try:
        found = tz.gettz(name)
    except (OSError, ValueError):  # a name too long for a file name
        return None
    return None if found is None or isinstance(found, tz.tzstr) else found


def check_zone(text: str) -> str | None:
    """A zone name to store: the IANA name as given, or None for blank (the
    coach's zone). An unknown name is refused with examples."""
    name = text.strip()
    if not name:
        return None
    if zone(name) is None:
        raise BadInput(
            f"unknown time zone {name!r}{_did_you_mean(name)}; give a name such as {EXAMPLE}."
        )
    return name


def _did_you_mean(name: str) -> str:
    import difflib
    import zoneinfo

    try:
        known = zoneinfo.available_timezones()
    except OSError:
        return ""
    by_case = {known_name.lower(): known_name for known_name in known}
    if name.lower() in by_case:
        return f" (did you mean {by_case[name.lower()]}?)"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.85)
    return f" (did you mean {close[0]}?)" if close else ""


def label(at: datetime) -> str:
    """The zone of an aware time as people read it: GMT, EST, IST; UTC+04
    where the zone has no letters for itself."""
    name = at.tzname()
    if name and name[0] not in "+-":
        return name
    offset = at.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    hours, minutes = divmod(minutes, 60)
    return f"UTC{sign}{hours:02d}" + (f":{minutes:02d}" if minutes else "")
