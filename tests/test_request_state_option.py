"""`requests --state` is a choice Typer knows: its help lists the states,
any case is read, and a wrong one is a usage error naming them."""

from __future__ import annotations

import json

import pytest

from coachlog.kinds import RequestState

pytestmark = pytest.mark.both_backends


def test_help_lists_every_state_with_open_and_all(ok):
    shown = ok("requests", "--help").out
    choices = "<" + "|".join(["open", "all", *RequestState]) + ">"
    assert choices in " ".join(shown.split()).replace(" ", "")


def test_a_state_is_read_in_any_case(ok, jane):
    ok("request", "add", jane, "Draft the memo")
    ok("request", "add", jane, "Call the board")
    ok("request", "accept", "R2")
    listed = json.loads(ok("requests", jane, "--state", "Accepted", "--json").out)
    assert [request["id"] for request in listed["requests"]] == ["R2"]
    assert len(json.loads(ok("requests", jane, "--state", "OPEN", "--json").out)["requests"]) == 2


def test_a_wrong_state_is_a_usage_error_naming_the_choices(run, jane, snapshot):
    before = snapshot()
    refused = run("requests", jane, "--state", "finished")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err.startswith("Error: Invalid value for '--state': 'finished' is not one of")
    assert "'open', 'all', 'proposed', 'accepted'" in refused.err
    assert refused.err.count("\n") == 1
    assert snapshot() == before
