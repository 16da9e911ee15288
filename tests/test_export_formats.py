"""Export formats come from one registry, and what they print or write
never drives a terminal: a BEL or ESC a coach typed shows as ^G or ^[."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.both_backends

BELL_ESC = "\x07\x1b[2J"  # ring the bell, clear the screen
SHOWN = "^G^[[2J"


def test_export_choices_and_help_come_from_the_registry(ok, run):
    from coachlog.cli.data import ExportName
    from coachlog.render.export import EXPORTS

    assert [name.value for name in ExportName] == list(EXPORTS)
    shown = " ".join(ok("export", "--help").out.split())
    assert "<" + "|".join(EXPORTS) + ">" in shown
    for name, form in EXPORTS.items():
        assert f"{name}: {form.help}" in shown
    refused = run("export", "-f", "pdf")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err.count("\n") == 1
    assert "'pdf' is not one of " + ", ".join(f"'{name}'" for name in EXPORTS) in refused.err


def test_include_private_is_refused_by_every_format_that_never_holds_them(run, jane):
    from coachlog.render.export import EXPORTS

    never = [name for name, form in EXPORTS.items() if form.private == "never"]
    assert never == ["markdown", "ics"]
    refused = run("export", "-f", "ics", "--include-private")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err == (
        "Error: a ics export never holds private notes; --include-private is for csv "
        "(json always holds them).\n"
    )


@pytest.fixture
def hostile(ok, jane) -> str:
    ok("goal", "add", jane, f"Goal {BELL_ESC}")
    ok("session", "add", jane, "--notes", f"Notes {BELL_ESC} end", "--goal", "G1")
    ok("session", "plan", jane, "tomorrow 10am")
    ok("client", "edit", jane, "--name", f"Jane {BELL_ESC}Doe")
    ok("request", "add", jane, f"Request {BELL_ESC}", "--due", "friday")
    ok("request", "accept", "R1")
    return jane


def test_the_calendar_on_stdout_shows_control_characters_and_stays_valid(run, hostile):
    from icalendar import Calendar

    printed = run("export", "-f", "ics")
    assert printed.code == 0 and printed.err == ""
    assert "\x07" not in printed.out and "\x1b" not in printed.out
    assert f"SUMMARY:Request {SHOWN}\r\n" in printed.out
    assert f"SUMMARY:Coaching: Jane {SHOWN}Doe\r\n" in printed.out
    calendar = Calendar.from_ical(printed.out)
    assert {str(todo["summary"]) for todo in calendar.walk("VTODO")} == {f"Request {SHOWN}"}


def test_the_calendar_file_is_the_same_as_printed(ok, run, hostile, tmp_path):
    printed = run("export", "-f", "ics").out
    ok("export", "-f", "ics", "--out", str(tmp_path / "plan.ics"))
    assert (tmp_path / "plan.ics").read_bytes().decode() == printed


def test_the_text_report_shows_control_characters_on_a_terminal_and_in_a_file(
    ok, hostile, tmp_path
):
    shown = ok("report", hostile).out
    written = tmp_path / "report.txt"
    ok("report", hostile, "--out", str(written))
    for text in (shown, written.read_text()):
        assert "\x07" not in text and "\x1b" not in text
        assert f"Notes {SHOWN} end" in text  # a session note, not dropped (BEL) nor raw (ESC)
        assert f"G1  Goal {SHOWN}" in text  # a goal title
        assert f"Jane {SHOWN}Doe" in text
