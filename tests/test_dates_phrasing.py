"""How a coach says when: the common phrasings, the default time of day, and
numeric dates read in the order of the config file or the locale.

The zone is Europe/London and "now" is Friday 27 November 2026, 10:00.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from coachlog import config, dates
from coachlog.errors import BadInput

FRIDAY = "2026-11-27 10:00"
SATURDAY = "2026-11-28 10:00"


def local(text: str) -> datetime:
    return dates.localize(datetime.fromisoformat(text))


@pytest.fixture
def config_file(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    """Write the config file (COACHLOG_CONFIG, set by conftest) for this test."""

    def write(text: str) -> Path:
        path = Path(os.environ["COACHLOG_CONFIG"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        config.reset()
        return path

    yield write
    config.reset()


@pytest.fixture
def locale(monkeypatch: pytest.MonkeyPatch):
    """Set the locale variables: LANG given, LC_ALL and LC_TIME cleared unless given."""

    def choose(lang: str | None, *, lc_all: str | None = None, lc_time: str | None = None):
        for name, value in (("LANG", lang), ("LC_ALL", lc_all), ("LC_TIME", lc_time)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)

    return choose


PHRASES = [
    # (now, typed, local wall time, a time of day was given)
    (FRIDAY, "3pm tomorrow", "2026-11-28 15:00", True),
    (FRIDAY, "3 pm tomorrow", "2026-11-28 15:00", True),
    (FRIDAY, "tomorrow 3pm", "2026-11-28 15:00", True),
    (FRIDAY, "tomorrow 3 p.m.", "2026-11-28 15:00", True),
    (FRIDAY, "noon", "2026-11-27 12:00", True),
    (FRIDAY, "midnight", "2026-11-27 00:00", True),
    (FRIDAY, "tomorrow noon", "2026-11-28 12:00", True),
    (FRIDAY, "noon tomorrow", "2026-11-28 12:00", True),
    (FRIDAY, "midday tomorrow", "2026-11-28 12:00", True),
    (FRIDAY, "noon on friday", "2026-11-27 12:00", True),
    (FRIDAY, "friday at noon", "2026-11-27 12:00", True),
    (FRIDAY, "tomorrow 9", "2026-11-28 09:00", True),
    (FRIDAY, "tomorrow 15", "2026-11-28 15:00", True),
    (FRIDAY, "mon 9", "2026-11-30 09:00", True),
    (FRIDAY, "friday 9.30", "2026-11-27 09:30", True),
    (FRIDAY, "at 10:30 next tuesday", "2026-12-01 10:30", True),
    (FRIDAY, "10:30 on monday", "2026-11-30 10:30", True),
    (FRIDAY, "tomorrow morning", "2026-11-28 09:00", True),
    (FRIDAY, "tomorrow afternoon", "2026-11-28 14:00", True),
    (FRIDAY, "tomorrow evening", "2026-11-28 18:00", True),
    (FRIDAY, "this afternoon", "2026-11-27 14:00", True),
    (FRIDAY, "tonight", "2026-11-27 20:00", True),
    (FRIDAY, "eod", "2026-11-27 17:00", True),
    (FRIDAY, "end of month", "2026-11-30 09:00", False),
    (FRIDAY, "end of the month", "2026-11-30 09:00", False),
    (FRIDAY, "by the end of the month", "2026-11-30 09:00", False),
    (FRIDAY, "end of month 4pm", "2026-11-30 16:00", True),
    (FRIDAY, "end of next month", "2026-12-31 09:00", False),
    (FRIDAY, "end of last month", "2026-10-31 09:00", False),
    (FRIDAY, "end of year", "2026-12-31 09:00", False),
    (FRIDAY, "end of week", "2026-11-27 09:00", False),  # the working week: Friday
    (SATURDAY, "end of week", "2026-12-04 09:00", False),  # at a weekend, the coming Friday
    (FRIDAY, "end of next week", "2026-12-04 09:00", False),
    (FRIDAY, "start of next month", "2026-12-01 09:00", False),
    (FRIDAY, "beginning of the month", "2026-11-01 09:00", False),
    (FRIDAY, "next week", "2026-11-30 09:00", False),  # the Monday of next week
    (FRIDAY, "next week 10:00", "2026-11-30 10:00", True),
    (FRIDAY, "next week thursday", "2026-12-03 09:00", False),
    (FRIDAY, "friday next week", "2026-12-04 09:00", False),
    (FRIDAY, "friday next week 2pm", "2026-12-04 14:00", True),
    (FRIDAY, "this week", "2026-11-23 09:00", False),
    (FRIDAY, "last week", "2026-11-16 09:00", False),
    (FRIDAY, "next month", "2026-12-01 09:00", False),  # the 1st of next month
    (FRIDAY, "this month", "2026-11-01 09:00", False),
    (FRIDAY, "next year", "2027-01-01 09:00", False),
    (FRIDAY, "this friday", "2026-11-27 09:00", False),
    (FRIDAY, "this friday 3pm", "2026-11-27 15:00", True),
    (FRIDAY, "on friday", "2026-11-27 09:00", False),
    (FRIDAY, "by monday", "2026-11-30 09:00", False),
    (FRIDAY, "day after tomorrow", "2026-11-29 09:00", False),
    (FRIDAY, "the day before yesterday", "2026-11-25 09:00", False),
    # Relative steps keep the time of day: the same slot, a week on.
    (FRIDAY, "in a week", "2026-12-04 10:00", False),
    (FRIDAY, "in two weeks", "2026-12-11 10:00", False),
    (FRIDAY, "in three days", "2026-11-30 10:00", False),
    (FRIDAY, "3 days from now", "2026-11-30 10:00", False),
    (FRIDAY, "an hour ago", "2026-11-27 09:00", True),
    (FRIDAY, "a week ago 3pm", "2026-11-20 15:00", True),
    (FRIDAY, "9am Dec 1", "2026-12-01 09:00", True),
    (FRIDAY, "1 dec", "2026-12-01 09:00", False),
    (FRIDAY, "2027/3/1", "2027-03-01 09:00", False),  # year first: one reading everywhere
    ("2026-12-31 10:00", "next month", "2027-01-01 09:00", False),
    ("2027-01-31 10:00", "end of next month", "2027-02-28 09:00", False),
]


@pytest.mark.parametrize(("now", "typed", "expected", "has_time"), PHRASES)
def test_the_common_phrasings_are_read_as_a_coach_means_them(now, typed, expected, has_time):
    moment = dates.parse_moment(typed, now=local(now))
    assert moment.at.strftime("%Y-%m-%d %H:%M") == expected
    assert moment.has_time is has_time


@pytest.mark.parametrize(
    "typed",
    [
        "tomorrow 25",
        "tomorrow 9.75",
        "9.30",  # a dot time alone is no time; as a date, no 30th month
        "end of",
        "end of the decade",
        "next week blah",
        "in 1 fortnight",
        "this blah",
    ],
)
def test_near_misses_are_refused_with_examples(typed):
    with pytest.raises(BadInput) as raised:
        dates.parse_moment(typed, now=local(FRIDAY))
    assert raised.value.exit_code == 2


def test_the_examples_in_an_error_show_the_new_phrasings():
    with pytest.raises(BadInput) as raised:
        dates.parse_moment("blah", now=local(FRIDAY))
    for phrase in ("'3pm tomorrow'", "'tomorrow 9'", "noon", "'next week'", "'end of month'"):
        assert phrase in raised.value.message
    # and every example the message offers is itself read
    for example in ("3pm tomorrow", "tomorrow 9", "noon", "next week", "end of month"):
        dates.parse_moment(example, now=local(FRIDAY))


# --- a date without a time of day means default_time --------------------------


@pytest.mark.parametrize("typed", ["tomorrow", "friday", "Dec 1", "2026-12-01", "next monday"])
def test_a_bare_day_means_nine_oclock_by_default(typed):
    assert dates.parse_when(typed, now=local(FRIDAY)).strftime("%H:%M") == "09:00"


def test_default_time_in_the_config_file_sets_the_hour_of_a_bare_day(config_file):
    config_file('default_time = "14:30"\n')
    assert dates.parse_when("tomorrow", now=local(FRIDAY)) == local("2026-11-28 14:30")
    assert dates.parse_when("2026-12-01", now=local(FRIDAY)) == local("2026-12-01 14:30")
    # a time given wins; a period still runs from the start to the end of its days
    assert dates.parse_when("tomorrow 8am", now=local(FRIDAY)) == local("2026-11-28 08:00")
    assert dates.parse_since("tomorrow", now=local(FRIDAY)) == local("2026-11-28 00:00")
    assert dates.parse_until("tomorrow", now=local(FRIDAY)) == local("2026-11-29 00:00")


def test_planning_a_session_tomorrow_plans_it_at_the_default_time(ok, jane):
    planned = ok("session", "plan", jane, "tomorrow")
    assert planned.out == "Planned session S1 with jane-doe on Sat 28 Nov 2026 09:00\n"
    assert ok("session", "plan", jane, "3pm tomorrow").out.endswith("Sat 28 Nov 2026 15:00\n")


def test_the_config_files_default_time_plans_and_logs_at_that_hour(ok, jane, config_file):
    config_file('default_time = "14:30"\n')
    assert ok("session", "plan", jane, "friday next week").out.endswith("Fri 04 Dec 2026 14:30\n")
    ok("session", "add", jane, "--on", "yesterday")
    ok("session", "add", jane)  # without --on: now
    held = json.loads(ok("session", "list", jane, "--json").out)
    whens = sorted(row["at"] for row in held["sessions"] if row["status"] == "held")
    assert [when[11:16] for when in whens] == ["14:30", "10:00"]


def test_due_dates_and_targets_stay_dates(ok, jane, config_file):
    config_file('default_time = "14:30"\n')
    ok("request", "add", jane, "Draft the board memo", "--due", "end of month")
    ok("goal", "add", jane, "Chair the board", "--by", "next month")
    request = json.loads(ok("request", "show", "R1", "--json").out)
    goal = json.loads(ok("goal", "show", "G1", "--json").out)
    assert request["due_date"] == "2026-11-30"
    assert goal["target_date"] == "2026-12-01"


def test_since_a_bare_day_takes_in_that_days_early_sessions(ok, jane):
    ok("session", "add", jane, "--on", "today 7am")
    listed = ok("session", "list", jane, "--since", "today", "--json").out
    assert [row["id"] for row in json.loads(listed)["sessions"]] == ["S1"]


# --- numeric dates: date_order from the config file, else the locale ---------------


@pytest.mark.parametrize(
    ("order", "typed", "expected"),
    [
        ("mdy", "3/1/2027", "2027-03-01"),
        ("dmy", "3/1/2027", "2027-01-03"),
        ("dmy", "25/12/2026", "2026-12-25"),
        ("mdy", "12/25/2026", "2026-12-25"),
        ("dmy", "1.3.2027", "2027-03-01"),
        ("dmy", "01-03-27", "2027-03-01"),  # two-digit year: the nearest century
        ("mdy", "12/25", "2026-12-25"),  # no year: the nearest
        ("dmy", "2/1", "2027-01-02"),
        ("iso", "2027/03/01", "2027-03-01"),
        ("dmy", "2027/03/01", "2027-03-01"),
    ],
)
def test_date_order_in_the_config_file_reads_numeric_dates(config_file, order, typed, expected):
    config_file(f'date_order = "{order}"\n')
    assert dates.parse_date(typed, now=local(FRIDAY)).isoformat() == expected


def test_a_numeric_date_takes_a_time_after_it(config_file):
    config_file('date_order = "dmy"\n')
    assert dates.parse_when("3/1/2027 3pm", now=local(FRIDAY)) == local("2027-01-03 15:00")
    assert dates.parse_when("3/1/2027", now=local(FRIDAY)) == local("2027-01-03 09:00")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"lang": "en_US.UTF-8"}, "2027-03-01"),
        ({"lang": "en_PH.UTF-8"}, "2027-03-01"),
        ({"lang": "en_GB.UTF-8"}, "2027-01-03"),
        ({"lang": "de_DE.UTF-8"}, "2027-01-03"),
        ({"lang": "fr_FR"}, "2027-01-03"),
        ({"lang": "en_GB.UTF-8", "lc_time": "en_US.UTF-8"}, "2027-03-01"),
        ({"lang": "en_US.UTF-8", "lc_time": "de_DE.UTF-8", "lc_all": "en_GB.UTF-8"}, "2027-01-03"),
    ],
)
def test_without_date_order_the_locale_decides(locale, env, expected):
    locale(env["lang"], lc_all=env.get("lc_all"), lc_time=env.get("lc_time"))
    assert dates.parse_date("3/1/2027", now=local(FRIDAY)).isoformat() == expected


def test_the_config_file_wins_over_the_locale(locale, config_file):
    locale("en_US.UTF-8")
    config_file('date_order = "dmy"\n')
    assert dates.parse_date("3/1/2027", now=local(FRIDAY)).isoformat() == "2027-01-03"


@pytest.mark.parametrize("lang", ["C", "POSIX", "C.UTF-8", "en", None])
def test_with_no_order_known_a_numeric_date_is_refused_with_the_iso_form(locale, lang):
    locale(lang)
    with pytest.raises(BadInput) as raised:
        dates.parse_moment("3/1/2027", now=local(FRIDAY))
    message = raised.value.message
    assert raised.value.exit_code == 2
    assert "date_order" in message and "2027-03-01" in message and "2027-01-03" in message


def test_date_order_iso_refuses_day_and_month_first(config_file, locale):
    locale("en_US.UTF-8")
    config_file('date_order = "iso"\n')
    with pytest.raises(BadInput) as raised:
        dates.parse_moment("25/12/2026", now=local(FRIDAY))
    assert 'date_order = "iso"' in raised.value.message
    assert "2026-12-25" in raised.value.message


@pytest.mark.parametrize(
    ("order", "typed", "said"),
    [
        ("mdy", "25/12/2026", "month first"),
        ("dmy", "12/25/2026", "day first"),
        ("dmy", "31/2/2027", "day first"),
        ("dmy", "3/1/202", "3-digit year"),
    ],
)
def test_a_numeric_date_that_is_no_date_in_that_order_says_so(config_file, order, typed, said):
    config_file(f'date_order = "{order}"\n')
    with pytest.raises(BadInput) as raised:
        dates.parse_moment(typed, now=local(FRIDAY))
    assert said in raised.value.message and "YYYY-MM-DD" in raised.value.message


# --- the note: how an ambiguous date was read ---------------------------------------


def test_an_ambiguous_date_carries_a_note_saying_how_it_was_read(config_file):
    config_file('date_order = "mdy"\n')
    dates.take_notes()
    moment = dates.parse_moment("3/1/2027", now=local(FRIDAY))
    note = 'read 3/1/2027 as Mon 01 Mar 2027 (date_order = "mdy").'
    assert moment.notes == (note,)
    assert dates.take_notes() == [note]
    assert dates.take_notes() == []


@pytest.mark.parametrize("typed", ["25/12/2026", "3/3/2027", "2027/03/01", "tomorrow"])
def test_a_date_with_one_reading_carries_no_note(config_file, typed):
    config_file('date_order = "dmy"\n')
    assert dates.parse_moment(typed, now=local(FRIDAY)).notes == ()


def test_planning_on_an_ambiguous_date_says_how_it_was_read(ok, jane, config_file):
    config_file('date_order = "mdy"\n')
    planned = ok("session", "plan", jane, "3/1/2027")
    assert planned.out == "Planned session S1 with jane-doe on Mon 01 Mar 2027 09:00\n"
    assert planned.err == 'Note: read 3/1/2027 as Mon 01 Mar 2027 (date_order = "mdy").\n'


def test_the_note_names_the_locale_when_the_locale_decided(ok, jane, locale):
    locale("en_GB.UTF-8")
    due = ok("request", "add", jane, "Send the memo", "--due", "3/1/2027")
    assert due.out == "Added request R1 for jane-doe\n"
    assert due.err == (
        'Note: read 3/1/2027 as Sun 03 Jan 2027 (date_order "dmy", from LANG=en_GB.UTF-8).\n'
    )


def test_a_listing_since_an_ambiguous_date_says_how_it_was_read(ok, jane, config_file):
    config_file('date_order = "dmy"\n')
    listed = ok("session", "list", jane, "--since", "1/2/2026")
    assert listed.err.splitlines()[0] == (
        'Note: read 1/2/2026 as Sun 01 Feb 2026 (date_order = "dmy").'
    )


def test_a_numeric_date_with_no_order_known_is_refused_and_nothing_is_written(
    run, jane, locale, snapshot
):
    locale("C.UTF-8")
    before = snapshot()
    refused = run("session", "plan", jane, "3/1/2027")
    assert refused.code == 2
    assert refused.out == ""
    assert refused.err.startswith("Error: coachlog does not know which order '3/1/2027' is in")
    assert "write it as 2027-01-03 or 2027-03-01" in refused.err
    assert 'date_order = "dmy" or "mdy" in the config file' in refused.err
    assert len(refused.err.splitlines()) == 1
    assert snapshot() == before
