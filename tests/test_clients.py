"""A coach adds, finds, edits and archives the executives they coach."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


def test_a_coach_adds_a_client_and_sees_it_listed(ok):
    added = ok(
        "client",
        "add",
        "Jane Doe",
        "--org",
        "Acme",
        "--title",
        "CFO",
        "--email",
        "jane@acme.example",
    )
    assert added.out == "Added client jane-doe (Jane Doe)\n"
    assert added.err == ""
    listed = ok("client", "list")
    assert "jane-doe" in listed.out
    assert "Acme" in listed.out
    data = json.loads(ok("client", "list", "--json").out)
    assert [c["handle"] for c in data["clients"]] == ["jane-doe"]
    assert data["clients"][0]["email"] == "jane@acme.example"
    assert data["clients"][0]["open_goals"] == 0


def test_the_handle_is_a_slug_of_the_name_unless_given(ok):
    assert "zoe-obrien-smith" in ok("client", "add", "Zoë O'Brien-Smith").out
    assert "(Bob Lee)" in ok("client", "add", "Bob Lee", "--handle", "bob").out
    handles = [c["handle"] for c in json.loads(ok("client", "list", "--json").out)["clients"]]
    assert handles == ["bob", "zoe-obrien-smith"]


def test_add_with_json_prints_the_new_client(ok):
    data = json.loads(ok("client", "add", "Jane Doe", "--json").out)
    assert data["handle"] == "jane-doe"
    assert data["status"] == "active"
    assert data["created_at"].endswith("+00:00")


def test_clients_are_found_by_a_unique_prefix_of_handle_or_name(ok, run):
    ok("client", "add", "Jane Doe")
    ok("client", "add", "Janet Smith")
    ok("client", "add", "Robert Roe", "--handle", "bob")
    assert json.loads(ok("client", "show", "bob", "--json").out)["name"] == "Robert Roe"
    assert json.loads(ok("client", "show", "rob", "--json").out)["handle"] == "bob"
    assert json.loads(ok("client", "show", "JANET", "--json").out)["handle"] == "janet-smith"
    ambiguous = run("client", "show", "jan")
    assert ambiguous.code == 1
    assert ambiguous.out == ""
    assert ambiguous.err.count("\n") == 1
    assert "jane-doe (Jane Doe)" in ambiguous.err and "janet-smith (Janet Smith)" in ambiguous.err


def test_an_unknown_client_suggests_the_closest_handle(ok, run):
    ok("client", "add", "Jane Doe")
    result = run("client", "show", "jane-do3")
    assert result.code == 1
    assert result.err == "Error: no client 'jane-do3'. Did you mean jane-doe?\n"


def test_a_taken_handle_is_refused(ok, run):
    ok("client", "add", "Jane Doe")
    result = run("client", "add", "Jane Doe")
    assert result.code == 1
    assert "taken by Jane Doe" in result.err and "--handle" in result.err


def test_edit_changes_only_what_is_given_and_blank_clears(ok):
    ok("client", "add", "Jane Doe", "--org", "Acme", "--title", "CFO")
    assert ok("client", "edit", "jane-doe", "--title", "CEO", "--org", "").out == (
        "Updated client jane-doe\n"
    )
    data = json.loads(ok("client", "show", "jane-doe", "--json").out)
    assert (data["title"], data["organization"], data["name"]) == ("CEO", None, "Jane Doe")
    ok("client", "edit", "jane-doe", "--handle", "jane")
    assert json.loads(ok("client", "show", "jane", "--json").out)["name"] == "Jane Doe"


def test_archived_clients_leave_the_list_but_keep_their_records(ok):
    ok("client", "add", "Jane Doe")
    ok("client", "add", "John Roe")
    assert ok("client", "archive", "john").out == "Archived client john-roe\n"
    assert "john-roe" not in ok("client", "list").out
    everyone = json.loads(ok("client", "list", "--all", "--json").out)["clients"]
    assert {c["handle"]: c["status"] for c in everyone} == {
        "jane-doe": "active",
        "john-roe": "closed",
    }


def test_show_brings_the_engagement_together(ok, jane):
    ok("goal", "add", jane, "Speak first in board meetings", "--by", "2027-01-15")
    ok("goal", "progress", "G1", "40")
    ok(
        "session",
        "add",
        jane,
        "--on",
        "yesterday 3pm",
        "--notes",
        "Prepared the board deck.",
        "--private",
        "Seemed anxious.",
    )
    ok("session", "plan", jane, "next friday 9am")
    shown = ok("client", "show", jane).out
    assert "Jane Doe (jane-doe)" in shown
    assert "Board presence" in shown
    assert "G1" in shown and "40%" in shown and "in 49 days" in shown
    assert "Prepared the board deck." in shown
    assert "Seemed anxious." not in shown  # private notes stay in `session show`
    assert "Next session: S2  Fri 04 Dec 2026 09:00" in shown
    data = json.loads(ok("client", "show", jane, "--json").out)
    assert data["agreement"]["cadence_days"] == 14
    assert data["goals"][0]["id"] == "G1"
    assert data["recent_sessions"][0]["id"] == "S1"
    assert "private_notes" not in data["recent_sessions"][0]
    assert data["next_session"]["at"] == "2026-12-04T09:00:00+00:00"


def test_the_list_shows_last_and_next_sessions(ok, jane):
    ok("session", "add", jane, "--on", "2026-11-20 14:00", "--notes", "x")
    ok("session", "plan", jane, "2026-12-03 10:00")
    data = json.loads(ok("client", "list", "--json").out)["clients"][0]
    assert data["last_session"] == "2026-11-20T14:00:00+00:00"
    assert data["next_session"] == "2026-12-03T10:00:00+00:00"
