"""A coach logs a session right after the call, and plans the next one."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


def session(ok, number: str = "S1") -> dict:
    return json.loads(ok("session", "show", number, "--json").out)


def test_a_coach_logs_a_session_after_the_call(ok, jane):
    ok("goal", "add", jane, "Speak first in board meetings")
    logged = ok(
        "session",
        "add",
        jane,
        "--channel",
        "phone",
        "--duration",
        "45m",
        "--notes",
        "Rehearsed the opening.",
        "--private",
        "Nervous about the chair.",
        "--goal",
        "G1",
        "--next",
        "in 2 weeks",
    )
    assert logged.out == (
        "Logged session S1 with jane-doe\n"
        "Planned session S2 with jane-doe on Fri 11 Dec 2026 10:00\n"
    )
    data = session(ok)
    assert data["status"] == "held"
    assert data["channel"] == "phone"
    assert data["duration_minutes"] == 45
    assert data["at"] == "2026-11-27T10:00:00+00:00"
    assert data["notes"] == "Rehearsed the opening."
    assert data["private_notes"] == "Nervous about the chair."
    assert data["goals"] == ["G1"]
    planned = session(ok, "S2")
    assert (planned["status"], planned["channel"], planned["duration_minutes"]) == (
        "planned",
        "phone",
        45,
    )


def test_channel_and_length_default_to_the_agreement(ok, jane):
    ok("session", "add", jane, "--notes", "x")
    data = session(ok)
    assert (data["channel"], data["duration_minutes"]) == ("video", 60)
    ok("session", "add", jane, "--on", "yesterday", "--channel", "email", "--notes", "y")
    assert session(ok, "S2")["duration_minutes"] is None  # an email has no length


def test_logging_the_day_of_a_planned_session_completes_it(ok, jane, monkeypatch):
    ok("session", "plan", jane, "2026-12-02 15:00")
    monkeypatch.setenv("COACHLOG_NOW", "2026-12-02T16:05:00")
    logged = ok("session", "add", jane, "--on", "today 15:10", "--notes", "Held as planned")
    assert logged.out == "Logged planned session S1 with jane-doe\n"
    sessions = json.loads(ok("session", "list", jane, "--json").out)["sessions"]
    assert [(s["id"], s["status"]) for s in sessions] == [("S1", "held")]


def test_notes_from_stdin_and_from_a_file(ok, jane, tmp_path):
    ok("session", "add", jane, "--notes", "-", stdin="Line one\nLine two\n")
    assert session(ok)["notes"] == "Line one\nLine two\n"
    notes = tmp_path / "notes.md"
    notes.write_text("# Agenda\n- budget\n", encoding="utf-8")
    ok("session", "add", jane, "--on", "yesterday", "--notes-file", str(notes))
    assert session(ok, "S2")["notes"] == "# Agenda\n- budget\n"


def test_without_notes_or_a_terminal_nothing_is_read(ok, jane):
    # stdin is not a terminal here: no editor opens, stdin is left alone.
    ok("session", "add", jane, stdin="this must not become notes")
    assert session(ok)["notes"] is None


def test_the_list_filters_by_client_period_and_plan(ok, jane):
    ok("client", "add", "John Roe")
    ok("session", "add", jane, "--on", "2026-11-02 10:00", "--notes", "a")
    ok("session", "add", jane, "--on", "2026-11-20 10:00", "--notes", "b")
    ok("session", "add", "john-roe", "--on", "2026-11-21 10:00", "--notes", "c")
    ok("session", "plan", jane, "2026-12-01 10:00")

    def ids(*args: str) -> list[str]:
        return [s["id"] for s in json.loads(ok("session", "list", *args, "--json").out)["sessions"]]

    assert ids() == ["S4", "S3", "S2", "S1"]  # two active clients: everyone's
    assert ids(jane) == ["S4", "S2", "S1"]
    assert ids(jane, "--since", "2026-11-10") == ["S4", "S2"]
    assert ids(jane, "--until", "2026-11-20") == ["S2", "S1"]  # a bare day includes that day
    assert ids("--planned") == ["S4"]
    listed = ok("session", "list", jane).out
    assert "S2" in listed and "john-roe" not in listed


def test_the_client_can_come_from_the_environment_or_config(ok, jane, monkeypatch, tmp_path):
    ok("client", "add", "John Roe")
    ok("session", "add", jane, "--notes", "a")
    ok("session", "add", "john-roe", "--notes", "b")

    def ids() -> list[str]:
        return [s["id"] for s in json.loads(ok("session", "list", "--json").out)["sessions"]]

    monkeypatch.setenv("COACHLOG_CLIENT", "john")
    assert ids() == ["S2"]
    monkeypatch.delenv("COACHLOG_CLIENT")
    config = tmp_path / "home" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('client = "jane-doe"\n', encoding="utf-8")
    assert ids() == ["S1"]


def test_edit_cancel_and_delete(ok, run, jane):
    ok("goal", "add", jane, "Speak first")
    ok("session", "add", jane, "--notes", "Draft", "--private", "p")
    assert (
        ok(
            "session",
            "edit",
            "S1",
            "--notes",
            "Final notes",
            "--private",
            "",
            "--goal",
            "G1",
            "--duration",
            "1h30m",
        ).out
        == "Updated session S1\n"
    )
    data = session(ok)
    assert (data["notes"], data["private_notes"], data["goals"], data["duration_minutes"]) == (
        "Final notes",
        None,
        ["G1"],
        90,
    )
    ok("session", "plan", jane, "next monday 10:00")
    assert ok("session", "cancel", "S2").out == "Cancelled session S2\n"
    refused = run("session", "cancel", "S1")
    assert refused.code == 1
    assert "only a planned session can be cancelled" in refused.err
    assert ok("session", "delete", "S1").out == (
        "Moved session S1 to the trash (restore with: coachlog trash restore S1)\n"
    )
    gone = run("session", "show", "S1")
    assert (gone.code, gone.err) == (1, "Error: no session S1.\n")
    assert [s["id"] for s in json.loads(ok("session", "list", "--json").out)["sessions"]] == ["S2"]


def test_a_session_cannot_be_logged_in_the_future_or_planned_in_the_past(run, jane):
    future = run("session", "add", jane, "--on", "tomorrow", "--notes", "x")
    assert future.code == 2 and "session plan" in future.err
    past = run("session", "plan", jane, "yesterday 10:00")
    assert past.code == 2 and "session add" in past.err


def test_a_goal_of_another_client_cannot_be_linked(ok, run, jane):
    ok("client", "add", "John Roe")
    ok("goal", "add", "john-roe", "Something of John's")
    result = run("session", "add", jane, "--notes", "x", "--goal", "G1")
    assert result.code == 2
    assert "belongs to another client" in result.err


def test_piped_lists_are_plain_text(ok, jane):
    ok("session", "add", jane, "--notes", "Rehearsed the opening.")
    listed = ok("session", "list", jane).out
    assert "\x1b[" not in listed
    assert not set("─│╭╮┃━") & set(listed)
    assert listed.splitlines()[0].split() == [
        "ID",
        "When",
        "Status",
        "Channel",
        "Length",
        "Goals",
        "Notes",
    ]
