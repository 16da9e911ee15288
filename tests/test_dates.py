"""WHEN, durations and cadences, table-driven (DESIGN §3).

The zone is Europe/London (set by conftest): GMT in winter, BST (UTC+1)
from 28 March 2027 and until 25 October 2026.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog import dates
from coachlog.errors import BadInput

FRIDAY = "2026-11-27 10:00"  # the pinned "now" of every test


def local(text: str) -> datetime:
    return dates.localize(datetime.fromisoformat(text))


VALID = [
    # (now, typed, expected local wall time, a time was given)
    (FRIDAY, "now", "2026-11-27 10:00", True),
    (FRIDAY, "today", "2026-11-27 09:00", False),
    (FRIDAY, "tomorrow", "2026-11-28 09:00", False),
    (FRIDAY, "yesterday", "2026-11-26 09:00", False),
    (FRIDAY, "yesterday 3pm", "2026-11-26 15:00", True),
    (FRIDAY, "tomorrow 09:30", "2026-11-28 09:30", True),
    (FRIDAY, "today noon", "2026-11-27 12:00", True),
    (FRIDAY, "tomorrow at 7am", "2026-11-28 07:00", True),
    (FRIDAY, "  Tomorrow   3PM ", "2026-11-28 15:00", True),
    (FRIDAY, "friday", "2026-11-27 09:00", False),
    (FRIDAY, "this friday", "2026-11-27 09:00", False),
    (FRIDAY, "monday", "2026-11-30 09:00", False),
    (FRIDAY, "thu", "2026-12-03 09:00", False),
    (FRIDAY, "fri 3pm", "2026-11-27 15:00", True),
    (FRIDAY, "next friday", "2026-12-04 09:00", False),
    (FRIDAY, "next tuesday at 10:15", "2026-12-01 10:15", True),
    (FRIDAY, "last monday", "2026-11-23 09:00", False),
    (FRIDAY, "last friday", "2026-11-20 09:00", False),
    (FRIDAY, "next week", "2026-11-30 09:00", False),  # its Monday
    (FRIDAY, "last month", "2026-10-01 09:00", False),  # its 1st
    (FRIDAY, "in 3 days", "2026-11-30 10:00", False),
    (FRIDAY, "in 1 day", "2026-11-28 10:00", False),
    (FRIDAY, "in 2 weeks", "2026-12-11 10:00", False),
    (FRIDAY, "in 1 month", "2026-12-27 10:00", False),
    (FRIDAY, "in 90 minutes", "2026-11-27 11:30", True),
    (FRIDAY, "in 2 hours", "2026-11-27 12:00", True),
    (FRIDAY, "in 2 weeks 4pm", "2026-12-11 16:00", True),
    (FRIDAY, "2 weeks ago", "2026-11-13 10:00", False),
    (FRIDAY, "3 days ago", "2026-11-24 10:00", False),
    (FRIDAY, "1 day ago 9am", "2026-11-26 09:00", True),
    (FRIDAY, "2026-12-01", "2026-12-01 09:00", False),
    (FRIDAY, "2026-12-01 14:30", "2026-12-01 14:30", True),
    (FRIDAY, "2026-12-01T14:30", "2026-12-01 14:30", True),
    (FRIDAY, "Dec 1", "2026-12-01 09:00", False),
    (FRIDAY, "1 December 2026 3pm", "2026-12-01 15:00", True),
    (FRIDAY, "December 1st, 2026 at 3pm", "2026-12-01 15:00", True),
    (FRIDAY, "20261201", "2026-12-01 09:00", False),
    (FRIDAY, "3pm", "2026-11-27 15:00", True),
    (FRIDAY, "15:45", "2026-11-27 15:45", True),
    # Year boundary: the year rolls, and a date without a year is the nearest.
    ("2026-12-31 10:00", "tomorrow", "2027-01-01 09:00", False),
    ("2026-12-30 10:00", "in 3 days", "2027-01-02 10:00", False),
    ("2026-12-30 10:00", "Jan 2", "2027-01-02 09:00", False),
    ("2027-01-02 10:00", "Dec 28", "2026-12-28 09:00", False),
    ("2027-01-02 10:00", "last monday", "2026-12-28 09:00", False),
    ("2027-01-02 10:00", "1 week ago", "2026-12-26 10:00", False),
    # Daylight saving: calendar steps keep the wall clock, elapsed hours do not.
    ("2027-03-26 10:00", "in 3 days", "2027-03-29 10:00", False),
    ("2027-03-27 10:00", "in 48 hours", "2027-03-29 11:00", True),
    ("2027-03-27 10:00", "tomorrow 01:30", "2027-03-28 02:30", True),  # 01:30 never happens
    ("2026-10-24 10:00", "tomorrow 10:00", "2026-10-25 10:00", True),
    ("2026-10-24 10:00", "in 24 hours", "2026-10-25 09:00", True),
]


@pytest.mark.parametrize(("now", "typed", "expected", "has_time"), VALID)
def test_a_when_a_person_types_is_read_as_they_mean_it(now, typed, expected, has_time):
    moment = dates.parse_moment(typed, now=local(now))
    assert moment.at == local(expected)
    assert moment.at.strftime("%Y-%m-%d %H:%M") == expected
    assert moment.has_time is has_time


def test_daylight_saving_is_kept_in_utc():
    summer = dates.parse_when("in 3 days", now=local("2027-03-26 10:00"))
    assert dates.to_utc(summer).strftime("%H:%M") == "09:00"  # BST is UTC+1
    winter = dates.parse_when("tomorrow 10:00", now=local("2026-10-24 10:00"))
    assert dates.to_utc(winter).strftime("%H:%M") == "10:00"


def test_an_offset_in_the_text_wins_over_the_local_zone():
    at = dates.parse_when("2026-12-01T14:30:00+01:00", now=local(FRIDAY))
    assert dates.to_utc(at).strftime("%Y-%m-%d %H:%M") == "2026-12-01 13:30"


INVALID = [
    "",
    "   ",
    "blah",
    "next blursday",
    "in 3 fortnights",
    "yesterday at 25:00",
    "tomorrow 13pm",
    "tomorrow banana",
    "12",
    "90",
    "2026-13-01",
    "2026-02-30",
    "32 Dec",
    "Dec 2026",
    "the 5th",
    "next",
    "last blue moon",
]


@pytest.mark.parametrize("typed", INVALID)
def test_an_unreadable_when_is_refused_with_examples(typed):
    with pytest.raises(BadInput) as raised:
        dates.parse_moment(typed, now=local(FRIDAY))
    assert raised.value.exit_code == 2
    assert "tomorrow" in raised.value.message  # shows what would work


def test_until_a_bare_day_means_the_end_of_that_day():
    assert dates.parse_until("2026-12-01", now=local(FRIDAY)) == local("2026-12-02 00:00")
    assert dates.parse_until("2026-12-01 09:00", now=local(FRIDAY)) == local("2026-12-01 09:00")


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("45m", 45),
        ("1h", 60),
        ("1h30m", 90),
        ("90", 90),
        ("1.5h", 90),
        (" 2h ", 120),
        ("30 min", 30),
        ("1h 15m", 75),
    ],
)
def test_durations(typed, minutes):
    assert dates.parse_duration(typed) == minutes


@pytest.mark.parametrize("typed", ["", "abc", "0", "25h", "-5", "1h70x", "m", "h"])
def test_bad_durations(typed):
    with pytest.raises(BadInput):
        dates.parse_duration(typed)


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("2 weeks", 14),
        ("every 10 days", 10),
        ("monthly", 30),
        ("14", 14),
        ("weekly", 7),
        ("Every 3 Weeks", 21),
        ("fortnightly", 14),
        ("week", 7),
    ],
)
def test_cadences(typed, days):
    assert dates.parse_cadence(typed) == days


@pytest.mark.parametrize("typed", ["sometimes", "0", "every", "2 fortnights", "400 days"])
def test_bad_cadences(typed):
    with pytest.raises(BadInput):
        dates.parse_cadence(typed)


def test_coachlog_now_pins_the_clock(monkeypatch):
    monkeypatch.setenv("COACHLOG_NOW", "2027-03-28T12:00:00")
    assert dates.local_now() == local("2027-03-28 12:00")
    assert dates.local_now().utcoffset().total_seconds() == 3600


@pytest.mark.parametrize(
    "typed",
    [
        "0001-01-01",
        "1899-12-31 23:59",
        "2201-01-01",
        "9999-12-31",
        "in 3000000 days",
        "in 99999999999999999999 minutes",
        "99999999 weeks ago",
        "in 300 years",
    ],
)
def test_dates_outside_the_window_are_refused_not_overflowed(typed):
    with pytest.raises(BadInput) as raised:
        dates.parse_moment(typed, now=local(FRIDAY))
    assert "outside the dates coachlog keeps (1900 to 2200)" in raised.value.message


@pytest.mark.parametrize("typed", ["1900-01-01", "2200-12-31 23:59"])
def test_the_ends_of_the_window_are_dates(typed):
    assert dates.parse_moment(typed, now=local(FRIDAY)).at.year in (1900, 2200)


ZONES = ("Pacific/Kiritimati", "America/Los_Angeles", "UTC")
SPOKEN = st.one_of(
    st.text(max_size=24),
    st.builds(
        "in {} {}".format, st.integers(0, 10**22), st.sampled_from(["minutes", "days", "years"])
    ),
    st.builds("{} weeks ago {}".format, st.integers(0, 10**22), st.sampled_from(["", "3pm"])),
    st.builds(
        "{:04d}-{:02d}-{:02d} {:02d}:00".format,
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(0, 25),
    ),
    st.builds("{} {}".format, st.sampled_from(["Dec 31", "Jan 1", "31 December"]), st.integers()),
    st.integers().map(str),
)


@pytest.mark.parametrize("zone", ZONES)
@settings(max_examples=150, deadline=None)
@given(typed=SPOKEN)
def test_any_when_is_a_date_in_the_window_or_refused(zone, typed):
    """Whatever is typed, in a zone far east or west: a moment inside
    1900..2200 (with its UTC form inside Python's calendar), or BadInput;
    never OverflowError or ValueError."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", zone)
        for parse in (dates.parse_moment, dates.parse_until):
            try:
                parsed = parse(typed, now=local(FRIDAY))
            except BadInput:
                continue
            at = parsed.at if isinstance(parsed, dates.Moment) else parsed
            assert dates.EARLIEST <= at.date() <= dates.LATEST + timedelta(days=1), typed
            assert dates.to_utc(at).year < 9999 and dates.to_local(at).year > 1


@pytest.mark.parametrize(
    ("pinned", "said"),
    [
        ("0001-01-01T00:00:00", "outside the dates coachlog keeps"),
        ("9999-12-31T23:00:00", "outside the dates coachlog keeps"),
        ("2026-13-01", "not an ISO datetime"),
        ("2026-01-01T00:00:00+25:00", "not an ISO datetime"),
    ],
)
def test_a_pinned_clock_outside_the_window_is_refused(monkeypatch, pinned, said):
    monkeypatch.setenv("COACHLOG_NOW", pinned)
    with pytest.raises(BadInput) as raised:
        dates.parse_moment("tomorrow")
    assert said in raised.value.message


def _zone_file(name: str):
    import zoneinfo
    from pathlib import Path

    for folder in zoneinfo.TZPATH:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    pytest.skip(f"this machine has no zone file for {name}")


@pytest.mark.parametrize(
    ("utc", "shown"),
    [("2026-07-01T12:00:00+00:00", "08:00 EDT"), ("2026-01-15T12:00:00+00:00", "07:00 EST")],
)
def test_without_tz_the_systems_zone_file_gives_local_times(monkeypatch, utc, shown):
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(dates, "SYSTEM_ZONE_FILE", str(_zone_file("America/New_York")))
    monkeypatch.setattr(dates, "_zones", {})
    local = dates.to_local(datetime.fromisoformat(utc))
    assert local.strftime("%H:%M %Z") == shown


def test_without_a_zone_file_the_c_librarys_zone_is_used(monkeypatch, tmp_path):
    from dateutil import tz

    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(dates, "SYSTEM_ZONE_FILE", str(tmp_path / "missing"))
    monkeypatch.setattr(dates, "_zones", {})
    assert isinstance(dates.local_zone(), tz.tzlocal)
    (tmp_path / "garbage").write_bytes(b"not a zone file")
    monkeypatch.setattr(dates, "SYSTEM_ZONE_FILE", str(tmp_path / "garbage"))
    monkeypatch.setattr(dates, "_zones", {})
    assert isinstance(dates.local_zone(), tz.tzlocal)


@pytest.mark.parametrize("source", ["zone file", "TZ name"])
@pytest.mark.parametrize(
    ("wall", "expected", "utc"),
    [
        ("2027-03-14 02:30", "2027-03-14 03:30", "07:30"),  # the clocks skip 02:00-03:00
        ("2026-11-01 01:30", "2026-11-01 01:30", "05:30"),  # happens twice: the first, EDT
        ("2026-07-01 12:00", "2026-07-01 12:00", "16:00"),
        ("2026-01-15 12:00", "2026-01-15 12:00", "17:00"),
    ],
)
def test_a_wall_clock_time_is_placed_in_the_local_zone_past_a_gap(
    monkeypatch, source, wall, expected, utc
):
    monkeypatch.setattr(dates, "_zones", {})
    if source == "zone file":  # the system's zone, read by zoneinfo
        monkeypatch.delenv("TZ", raising=False)
        monkeypatch.setattr(dates, "SYSTEM_ZONE_FILE", str(_zone_file("America/New_York")))
    else:  # $TZ, read by dateutil
        monkeypatch.setenv("TZ", "America/New_York")
    at = dates.localize(datetime.fromisoformat(wall))
    assert at.strftime("%Y-%m-%d %H:%M") == expected
    assert dates.to_utc(at).strftime("%H:%M") == utc
