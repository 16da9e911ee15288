"""An adversarial reviewer's findings in the daily-use features (issue 11):
each test is a slip or a hostile file that lost, blocked or crashed on a
coach's text before its fix."""

from __future__ import annotations

import json
import os

import pytest

from test_sharing import SECRET, Party

pytestmark = pytest.mark.both_backends


# -- a session moved away and back still reaches its executive ---------------


def test_a_session_moved_away_and_back_still_reaches_the_executive(run, monkeypatch, tmp_path):
    """Moved to the wrong client by a slip and moved back, the session keeps
    its number with a new uuid; the executive's store still holds the old
    one. Their next receive must erase the old and take the new, not refuse
    every bundle from then on."""
    coach = Party(run, monkeypatch, tmp_path / "coach", os.environ["COACHLOG_DB"])
    jane = Party(run, monkeypatch, tmp_path / "jane", str(tmp_path / "jane" / "coachlog.db"))
    coach.ok("key")
    coach.ok("client", "add", "Jane", "--handle", "jane")
    coach.ok("client", "edit", "jane", "--key", jane.public_key())
    coach.ok("client", "add", "Li", "--handle", "li")
    coach.ok(
        "session", "add", "jane", "--on", "2026-11-20 10:00", "--notes", "Jane's board talk",
        "--private", SECRET,
    )  # fmt: skip

    def share(number: int):
        bundle = tmp_path / f"jane-{number}.coachlog"
        coach.ok("share", "jane", "-o", str(bundle))
        return jane("receive", str(bundle), "--trust", coach.fingerprint())

    assert share(1).code == 0
    coach.ok("session", "edit", "S1", "--client", "li")
    coach.ok("session", "edit", "S1", "--client", "jane")
    received = share(2)
    assert (received.code, received.err) == (0, "")
    shown = json.loads(jane.ok("session", "show", "S1", "--json").out)
    assert (shown["client"], shown["notes"]) == ("jane", "Jane's board talk")
    assert SECRET not in json.dumps(shown)
    assert len(json.loads(jane.ok("session", "list", "--json").out)["sessions"]) == 1
    assert share(3).code == 0  # and the next one too
