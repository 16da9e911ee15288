"""Archiving a client: the lists say what they leave out, `client
reactivate` brings a client back, and logging to an archived client is
recorded with a warning (the coach may be back-filling)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends

WARNING = (
    "Warning: jane-doe is archived; this is recorded all the same "
    "(`coachlog client reactivate jane-doe` brings them back).\n"
)


def test_with_every_client_archived_the_list_says_where_they_are(ok, jane):
    ok("client", "archive", jane)
    result = ok("client", "list")
    assert result.out == "No active clients; 1 archived client (client list --all).\n"
    assert result.err == ""
    assert "jane-doe" in ok("client", "list", "--all").out


def test_beside_active_clients_a_line_counts_the_archived_ones(ok, jane):
    ok("client", "add", "Li Ming")
    ok("client", "add", "Omar Haddad")
    ok("client", "archive", jane)
    ok("client", "archive", "omar-haddad")
    result = ok("client", "list")
    assert "li-ming" in result.out
    assert "jane-doe" not in result.out
    assert result.err == "2 archived clients not shown (client list --all).\n"
    everyone = ok("client", "list", "--all")
    assert everyone.err == ""
    assert json.loads(ok("client", "list", "--json").out)["clients"][0]["handle"] == "li-ming"


def test_with_no_clients_at_all_the_list_says_how_to_add_one(ok):
    assert ok("client", "list").out.startswith("No clients yet.")


def test_reactivate_brings_a_client_back(run, ok, jane, snapshot):
    ok("client", "archive", jane)
    result = ok("client", "reactivate", jane)
    assert result.out == "Reactivated client jane-doe\n"
    assert "jane-doe" in ok("client", "list").out
    assert json.loads(ok("client", "show", jane, "--json").out)["status"] == "active"
    before = snapshot()
    again = run("client", "reactivate", jane)
    assert (again.code, again.err) == (1, "Error: jane-doe is already active.\n")
    unknown = run("client", "reactivate", "nobody")
    assert unknown.code == 1 and unknown.err.count("\n") == 1
    assert snapshot() == before


def test_reactivate_brings_back_a_paused_client_too(ok, jane):
    ok("client", "edit", jane, "--status", "paused")
    ok("client", "reactivate", jane)
    assert json.loads(ok("client", "show", jane, "--json").out)["status"] == "active"


LOGGING = [
    (("session", "add", "jane-doe", "--on", "2026-11-20 10:00"), "Logged session S1"),
    (("session", "plan", "jane-doe", "2026-12-01 10:00"), "Planned session S1"),
    (("request", "add", "jane-doe", "Open the board meeting"), "Added request R1"),
    (("advice", "add", "jane-doe", "Speak first"), "Added advice A1"),
    (("goal", "add", "jane-doe", "Board presence"), "Added goal G1"),
]


@pytest.mark.parametrize(("command", "done"), LOGGING, ids=[" ".join(c[:2]) for c, _ in LOGGING])
def test_logging_to_an_archived_client_is_recorded_with_a_warning(ok, jane, command, done):
    ok("client", "archive", jane)
    result = ok(*command)
    assert result.out.startswith(done)
    assert result.err == WARNING


@pytest.mark.parametrize(("command", "done"), LOGGING, ids=[" ".join(c[:2]) for c, _ in LOGGING])
def test_logging_to_an_active_client_says_nothing_more(ok, jane, command, done):
    assert ok(*command).err == ""


def test_moving_a_session_to_an_archived_client_warns_too(ok, jane):
    ok("client", "add", "Li Ming")
    ok("session", "add", "li-ming", "--on", "2026-11-20 10:00")
    ok("client", "archive", jane)
    result = ok("session", "edit", "S1", "--client", jane)
    assert result.err == WARNING
