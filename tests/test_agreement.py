"""Coach and client co-develop the agreement; every change is a revision."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


def test_each_set_is_a_new_revision_and_the_rest_carries_over(ok):
    ok("client", "add", "Jane Doe")
    first = ok(
        "agreement",
        "set",
        "jane-doe",
        "--focus",
        "Board presence",
        "--outcomes",
        "Chairs the Q1 board meeting",
        "--cadence",
        "2 weeks",
        "--channel",
        "video",
        "--length",
        "1h",
        "--boundaries",
        "No HR matters",
    )
    assert first.out == "Agreement with jane-doe is now at revision 1\n"
    second = ok("agreement", "set", "jane-doe", "--cadence", "monthly", "--channel", "phone")
    assert second.out == "Agreement with jane-doe is now at revision 2\n"
    current = json.loads(ok("agreement", "show", "jane-doe", "--json").out)
    assert current["revision"] == 2
    assert current["cadence_days"] == 30
    assert current["default_channel"] == "phone"
    assert current["focus"] == "Board presence"  # carried over
    assert current["boundaries"] == "No HR matters"
    assert current["session_minutes"] == 60
    assert current["start_date"] == "2026-11-27"  # the first revision started today


def test_history_shows_every_revision_and_what_changed(ok):
    ok("client", "add", "Jane Doe")
    ok("agreement", "set", "jane-doe", "--focus", "Board presence", "--cadence", "2 weeks")
    ok("agreement", "set", "jane-doe", "--focus", "Leading the merger")
    history = json.loads(ok("agreement", "show", "jane-doe", "--history", "--json").out)
    assert [r["focus"] for r in history["revisions"]] == ["Board presence", "Leading the merger"]
    text = ok("agreement", "show", "jane-doe", "--history").out
    assert text.index("Revision 2") < text.index("Revision 1")
    assert "Leading the merger" in text and "first agreement" in text


def test_a_blank_field_clears_it_and_an_unchanged_set_is_refused(ok, run, snapshot):

    ok("client", "add", "Jane Doe")
    ok("agreement", "set", "jane-doe", "--focus", "Board presence", "--boundaries", "No HR")
    ok("agreement", "set", "jane-doe", "--boundaries", "")
    assert json.loads(ok("agreement", "show", "jane-doe", "--json").out)["boundaries"] is None
    before = snapshot()
    same = run("agreement", "set", "jane-doe", "--focus", "Board presence")
    assert same.code == 1
    assert "already says that" in same.err
    assert snapshot() == before


def test_show_without_an_agreement_says_how_to_set_one(ok, run):
    ok("client", "add", "Jane Doe")
    result = run("agreement", "show", "jane-doe")
    assert result.code == 1
    assert "coachlog agreement set jane-doe" in result.err


def test_bad_agreement_input_is_refused(ok, run):
    ok("client", "add", "Jane Doe")
    assert run("agreement", "set", "jane-doe").code == 2
    assert run("agreement", "set", "jane-doe", "--cadence", "sometimes").code == 2
    assert run("agreement", "set", "jane-doe", "--length", "forever").code == 2
    assert run("agreement", "set", "jane-doe", "--channel", "fax").code == 2
    ends_first = run("agreement", "set", "jane-doe", "--start", "2027-01-01", "--end", "2026-12-01")
    assert ends_first.code == 2
    assert "cannot end" in ends_first.err
