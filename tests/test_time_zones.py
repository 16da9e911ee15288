"""A client in another time zone: `client add/edit --tz`, and planned sessions
shown with the coach's zone and the client's own time beside it.

The coach is in Europe/London (GMT in winter) and "now" is Friday
27 November 2026, 10:00.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from coachlog import dates
from coachlog.errors import BadInput
from coachlog.render import text as fmt
from coachlog.zones import check_zone

both_backends = pytest.mark.both_backends


def client_json(ok, handle: str) -> dict:
    return json.loads(ok("client", "show", handle, "--json").out)


@pytest.fixture
def jane_in_new_york(ok) -> str:
    ok("client", "add", "Jane Doe", "--tz", "America/New_York")
    ok("session", "plan", "jane-doe", "friday next week 3pm")  # S1, Fri 04 Dec 15:00 GMT
    return "jane-doe"


JANE_S1 = "Fri 04 Dec 2026 15:00 GMT (10:00 EST for jane-doe)"


@both_backends
def test_a_client_carries_a_time_zone_in_show_and_list_json(ok):
    ok("client", "add", "Jane Doe", "--tz", "America/New_York")
    ok("client", "add", "Sam Roe")
    assert client_json(ok, "jane-doe")["time_zone"] == "America/New_York"
    assert client_json(ok, "sam-roe")["time_zone"] is None
    listed = json.loads(ok("client", "list", "--json").out)["clients"]
    assert {row["handle"]: row["time_zone"] for row in listed} == {
        "jane-doe": "America/New_York",
        "sam-roe": None,
    }


@both_backends
def test_client_edit_sets_and_clears_the_zone(ok):
    ok("client", "add", "Sam Roe")
    assert ok("client", "edit", "sam", "--tz", "Asia/Singapore").out == "Updated client sam-roe\n"
    assert client_json(ok, "sam-roe")["time_zone"] == "Asia/Singapore"
    ok("client", "edit", "sam", "--tz", "")
    assert client_json(ok, "sam-roe")["time_zone"] is None


@both_backends
@pytest.mark.parametrize(
    ("zone", "said"),
    [
        ("Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("america/new_york", "(did you mean America/New_York?)"),
        ("GMT+3", "unknown time zone 'GMT+3'"),  # a POSIX rule, three hours behind GMT
        ("/etc/localtime", "unknown time zone '/etc/localtime'"),
        ("../../etc/passwd", "unknown time zone"),
    ],
)
def test_an_unknown_zone_is_refused_with_an_example_and_nothing_changes(
    run, ok, snapshot, zone, said
):
    ok("client", "add", "Sam Roe")
    before = snapshot()
    for args in (
        ("client", "add", "Jane Doe", "--tz", zone),
        ("client", "edit", "sam", "--tz", zone),
    ):
        refused = run(*args)
        assert refused.code == 2
        assert refused.out == ""
        assert refused.err.startswith("Error: ") and said in refused.err
        assert "such as America/New_York, Europe/London or Asia/Singapore" in refused.err
        assert len(refused.err.splitlines()) == 1
    assert snapshot() == before


@both_backends
def test_schedule_shows_the_coachs_zone_and_the_clients_own_time(ok, jane_in_new_york):
    ok("client", "add", "Sam Roe")  # in the coach's zone
    ok("session", "plan", "sam", "monday 10:00")
    ok("client", "add", "Li Ming", "--tz", "Asia/Singapore")
    ok("session", "plan", "li", "tomorrow 5pm")  # already Sunday in Singapore
    ok("client", "add", "Ana Lobo", "--tz", "Europe/Lisbon")  # GMT too in winter
    ok("session", "plan", "ana", "tuesday 11:00")
    shown = ok("schedule").out
    assert "Sat 28 Nov 2026 17:00 GMT (Sun 29 Nov 01:00 UTC+08 for li-ming)" in shown
    assert "Mon 30 Nov 2026 10:00 GMT  " in shown
    assert "Tue 01 Dec 2026 11:00 GMT  " in shown  # same clock as the coach's: nothing beside
    assert JANE_S1 in shown


@both_backends
def test_prep_and_client_show_give_the_next_session_in_both_zones(ok, jane_in_new_york):
    assert f"Next session: S1  {JANE_S1}  video" in ok("prep", "jane").out
    card = ok("client", "show", "jane").out
    assert f"Next session: S1  {JANE_S1}  video" in card
    assert "Time zone  America/New_York" in card


@both_backends
def test_the_report_gives_the_next_session_in_both_zones(ok, jane_in_new_york):
    assert JANE_S1 in ok("report", "jane").out


@both_backends
def test_a_held_session_is_shown_as_it_was_and_planned_ones_with_their_zone(ok, jane_in_new_york):
    ok("session", "add", "jane", "--on", "yesterday 3pm")
    listed = ok("session", "list", "jane").out
    assert "Thu 26 Nov 2026 15:00  " in listed  # held: no zone
    assert JANE_S1 in listed
    rows = json.loads(ok("session", "list", "jane", "--json").out)["sessions"]
    assert {row["client_time_zone"] for row in rows} == {"America/New_York"}


@both_backends
def test_the_calendar_holds_the_instant_in_utc_and_both_local_times(ok):
    ok("client", "add", "Jane Doe", "--tz", "America/New_York")
    ok("session", "plan", "jane", "2027-06-01 15:00")  # BST: 14:00 UTC, 10:00 EDT
    calendar = ok("export", "-f", "ics").out.replace("\r\n ", "").replace("\r\n", "\n")
    assert "DTSTART:20270601T140000Z\n" in calendar
    assert "DESCRIPTION:S1\\, Tue 01 Jun 2027 15:00 BST (10:00 EDT for jane-doe)\n" in calendar


@pytest.mark.parametrize(
    ("utc", "zone", "shown"),
    [
        ("2026-12-04 15:00", None, "Fri 04 Dec 2026 15:00 GMT"),
        ("2026-12-04 15:00", "America/New_York", "Fri 04 Dec 2026 15:00 GMT (10:00 EST for jane)"),
        ("2027-06-04 14:00", "America/New_York", "Fri 04 Jun 2027 15:00 BST (10:00 EDT for jane)"),
        ("2026-12-04 15:00", "Asia/Kolkata", "Fri 04 Dec 2026 15:00 GMT (20:30 IST for jane)"),
        (
            "2026-12-04 15:00",
            "Asia/Kathmandu",
            "Fri 04 Dec 2026 15:00 GMT (20:45 UTC+05:45 for jane)",
        ),
        (
            "2026-12-04 23:00",
            "Australia/Sydney",
            "Fri 04 Dec 2026 23:00 GMT (Sat 05 Dec 10:00 AEDT for jane)",
        ),
        ("2026-12-04 15:00", "Europe/London", "Fri 04 Dec 2026 15:00 GMT"),
        ("2026-12-04 15:00", "Africa/Abidjan", "Fri 04 Dec 2026 15:00 GMT"),  # same clock
    ],
)
def test_one_function_formats_a_time_for_both_zones(utc, zone, shown):
    at = datetime.fromisoformat(utc + "+00:00")
    assert fmt.zoned_when(at, client_zone=zone, client="jane") == shown


def test_the_coachs_zone_is_named_even_without_letters(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Dubai")
    at = datetime.fromisoformat("2026-12-04 11:00+00:00")
    assert fmt.zoned_when(at) == "Fri 04 Dec 2026 15:00 UTC+04"
    assert dates.to_local(at).strftime("%H:%M") == "15:00"


@pytest.mark.parametrize("zone", ["Europe/London", "America/Sao_Paulo", "UTC", "Etc/GMT-4"])
def test_iana_names_are_accepted_as_given(zone):
    assert check_zone(f"  {zone} ") == zone


def test_a_blank_zone_means_the_coachs():
    assert check_zone("  ") is None
    with pytest.raises(BadInput):
        check_zone("Europe/Londn")


@both_backends
def test_the_clients_zone_travels_in_the_json_export_and_back(ok, tmp_path):
    ok("client", "add", "Jane Doe", "--tz", "America/New_York")
    path = tmp_path / "backup.json"
    ok("export", "--format", "json", "--out", str(path))
    (client,) = json.loads(path.read_text())["records"]["clients"]
    assert client["time_zone"] == "America/New_York"
    other = tmp_path / "other.db"
    ok("--db", str(other), "import", str(path))
    again = json.loads(ok("--db", str(other), "client", "show", "jane", "--json").out)
    assert again["time_zone"] == "America/New_York"


@both_backends
def test_an_import_with_an_unknown_zone_is_refused(run, ok, tmp_path, snapshot):
    ok("client", "add", "Jane Doe", "--tz", "America/New_York")
    path = tmp_path / "backup.json"
    ok("export", "--format", "json", "--out", str(path))
    document = json.loads(path.read_text())
    document["records"]["clients"][0]["time_zone"] = "/etc/passwd"
    path.write_text(json.dumps(document))
    before = snapshot()
    refused = run("import", str(path))
    assert refused.code == 2
    assert refused.err == (
        "Error: records.clients[0].time_zone: '/etc/passwd' is not a time zone name.\n"
    )
    assert snapshot() == before


def test_days_and_times_read_as_strftime_writes_them(monkeypatch):
    """A view's dates are spelled out without strftime: the same text for
    every day of two centuries, and a year before 1000 as strftime has it."""
    from datetime import UTC, date, timedelta

    monkeypatch.setenv("TZ", "UTC")
    start = date(1950, 1, 1)
    for offset in range(0, 365 * 200, 1):
        value = start + timedelta(offset)
        assert fmt.day(value) == f"{value:%a %d %b %Y}"
    assert fmt.day(date(999, 12, 31)) == f"{date(999, 12, 31):%a %d %b %Y}"
    at = datetime(2026, 3, 8, 7, 5, tzinfo=UTC)
    assert fmt.when(at) == "Sun 08 Mar 2026 07:05"
    for minutes in range(0, 24 * 60, 7):
        moment = at + timedelta(minutes=minutes)
        assert fmt.when(moment) == f"{moment:%a %d %b %Y %H:%M}"
