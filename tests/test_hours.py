"""`coachlog hours`: a coach counts the sessions held and the hours per
client for a month's invoices and a supervision log. The clock is pinned to
Friday 27 November 2026, London."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytestmark = pytest.mark.both_backends


@pytest.fixture
def practice(ok):
    """Three clients' November, a session in October, and what must not count."""
    ok("client", "add", "Jane Doe")
    ok("client", "add", "Li Ming")
    ok("client", "add", "Sam Roe")
    ok("agreement", "set", "jane", "--length", "1h", "--channel", "video")
    ok("session", "add", "jane", "--on", "Nov 3 10:00", "--notes", "a")  # S1 60m video
    ok(
        "session",
        "add",
        "jane",
        "--on",
        "Nov 10 10:00",
        "--channel",
        "phone",
        "--duration",
        "45m",
        "--notes",
        "a",
    )  # S2
    ok(
        "session",
        "add",
        "li",
        "--on",
        "Nov 11 10:00",
        "--channel",
        "in-person",
        "--duration",
        "90m",
        "--notes",
        "a",
    )  # S3
    ok(
        "session", "add", "li", "--on", "Nov 20 10:00", "--channel", "in-person", "--notes", "a"
    )  # S4: no length yet; agreed below
    ok("agreement", "set", "li", "--length", "50m")
    ok("session", "add", "sam", "--on", "Nov 12 10:00", "--notes", "a")  # S5: no length at all
    ok("session", "add", "sam", "--on", "Oct 31 23:30", "--duration", "1h", "--notes", "a")  # S6
    ok("session", "plan", "jane", "Nov 30 10:00")  # S7: planned, not counted
    ok("session", "plan", "jane", "Nov 29 10:00")  # S8: planned, then cancelled
    ok("session", "cancel", "S8")
    ok("session", "add", "jane", "--on", "Nov 5 10:00", "--duration", "1h", "--notes", "a")  # S9
    ok("session", "delete", "S9")  # in the trash: not counted


def test_a_months_hours_per_client_with_the_channel_split_and_a_total(ok, practice):
    result = ok("hours")
    assert result.out.splitlines() == [
        "Sessions held  this month, November 2026",
        "",
        "Client    Name      Sessions  Hours  in-person    phone   video",
        "jane-doe  Jane Doe         2  1h45m             1 (45m)  1 (1h)",
        "li-ming   Li Ming          2  2h20m  2 (2h20m)",
        "sam-roe   Sam Roe          1     0m                      1 (0m)",
        "          Total            5  4h05m  2 (2h20m)  1 (45m)  2 (1h)",
        "",
        "Logged without a length, timed at the agreed session length: li-ming S4.",
        "1 session without a length and none agreed, counted but not in the hours: sam-roe S5.",
        "Give it a length with `coachlog session edit S5 --duration 1h`.",
    ]
    # the planned one is named on stderr, not counted
    assert result.err.strip() == (
        "1 planned session in this period is not counted; `session list --planned` lists them."
    )


def test_json_gives_minutes_decimal_hours_and_the_sessions_to_check(ok, practice):
    data = json.loads(ok("hours", "--json").out)
    assert data["period"] == {
        "label": "this month, November 2026",
        "since": "2026-11-01T00:00:00+00:00",
        "until": "2026-12-01T00:00:00+00:00",
    }
    li = data["clients"][1]
    assert li == {
        "client": "li-ming",
        "name": "Li Ming",
        "sessions": 2,
        "minutes": 140,
        "hours": 2.33,
        "channels": {"in-person": {"sessions": 2, "minutes": 140, "hours": 2.33}},
        "agreed_length": ["S4"],
        "untimed": [],
    }
    assert data["total"]["sessions"] == 5 and data["total"]["minutes"] == 245
    assert data["total"]["untimed"] == ["S5"]
    assert data["planned"] == 1
    assert ok("hours", "--format", "json").out == ok("hours", "--json").out


def test_csv_for_a_spreadsheet_has_every_channel_and_a_total_row(ok, practice):
    rows = list(csv.DictReader(io.StringIO(ok("hours", "--format", "csv").out)))
    assert [row["client"] for row in rows] == ["jane-doe", "li-ming", "sam-roe", ""]
    jane, total = rows[0], rows[-1]
    assert (jane["from"], jane["to"]) == ("2026-11-01", "2026-11-30")
    assert (jane["sessions"], jane["hours"], jane["minutes"]) == ("2", "1.75", "105")
    assert (jane["phone sessions"], jane["phone hours"]) == ("1", "0.75")
    assert (jane["email sessions"], jane["email hours"]) == ("0", "0")
    assert (total["name"], total["sessions"], total["hours"]) == ("Total", "5", "4.08")
    assert total["without a length"] == "S5" and total["timed at agreed length"] == "S4"


def test_a_name_that_reads_as_a_formula_is_written_as_text_in_csv(ok):
    ok("client", "add", "--handle", "eve", "--", '=HYPERLINK("http://x")')
    ok("session", "add", "eve", "--on", "Nov 2 10:00", "--duration", "1h", "--notes", "a")
    rows = list(csv.reader(io.StringIO(ok("hours", "-f", "csv").out)))
    assert rows[1][3] == '\'=HYPERLINK("http://x")'
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


@pytest.mark.parametrize(
    ("options", "label", "sessions"),
    [
        (["--month"], "this month, November 2026", 5),
        (["--last-month"], "last month, October 2026", 1),  # S6 at 23:30 on the 31st
        (["--week"], "this week, Mon 23 Nov to Sun 29 Nov 2026", 0),
        (["--last-week"], "last week, Mon 16 Nov to Sun 22 Nov 2026", 1),  # S4 on the 20th
        (["--since", "Nov 10", "--until", "Nov 11"], "Tue 10 Nov 2026 to Wed 11 Nov 2026", 2),
        (["--since", "Nov 12"], "Thu 12 Nov 2026 to Fri 27 Nov 2026", 2),  # to the end of today
        (["--until", "Oct 31"], "up to Sat 31 Oct 2026", 1),
    ],
)
def test_each_period_counts_the_sessions_held_in_it(ok, practice, options, label, sessions):
    data = json.loads(ok("hours", *options, "--json").out)
    assert data["period"]["label"] == label
    assert data["total"]["sessions"] == sessions


def test_one_client_only(ok, practice):
    result = ok("hours", "--client", "li")
    assert [line.split()[0] for line in result.out.splitlines()[3:5]] == ["li-ming", "Total"]
    assert "jane-doe" not in result.out
    assert result.err == ""  # jane's planned session is not li's


def test_a_month_without_sessions_says_so(ok, practice):
    result = ok("hours", "--since", "2025-01-01", "--until", "2025-01-31")
    assert result.out.splitlines() == [
        "Sessions held  Wed 01 Jan 2025 to Fri 31 Jan 2025",
        "No sessions held in this period.",
    ]


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        (["--week", "--month"], 2, "give one period: --week, --month"),
        (["--last-month", "--since", "Nov 1"], 2, "give one period"),
        (["--since", "Nov 20", "--until", "Nov 10"], 2, "--since must come before --until"),
        (["--since", "whenever"], 2, "cannot read 'whenever'"),
        (["--json", "--format", "csv"], 2, "give --json or --format csv, not both"),
        (["--format", "xml"], 2, "--format"),
        (["--client", "nobody"], 1, "nobody"),
    ],
)
def test_bad_choices_are_refused_in_one_line_and_change_nothing(
    run, practice, snapshot, options, code, message
):
    before = snapshot()
    result = run("hours", *options)
    assert result.code == code
    assert result.out == ""
    assert result.err.startswith("Error: ") and message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert snapshot() == before


def test_the_help_says_the_default_period(ok):
    text = " ".join(ok("hours", "--help").out.split())
    assert "this calendar month unless --week, --last-week, --last-month" in text
    assert "hours" in ok("--help").out
