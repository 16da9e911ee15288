"""Correcting mistakes: a session logged for the wrong client moves (its
links checked, and the move travels to both executives), `session edit` at
a terminal opens the editor on the notes, and a second session at the same
minute is asked about."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest

import coachlog.cli.longtext as longtext
import coachlog.cli.sessions as session_commands

pytestmark = pytest.mark.both_backends


@pytest.fixture
def two_clients(ok, jane) -> tuple[str, str]:
    ok("client", "add", "Li Ming")
    return jane, "li-ming"


def shown(ok, number: str) -> dict:
    return json.loads(ok("session", "show", number, "--json").out)


# -- moving a session to the right client ------------------------------------


def test_a_session_logged_for_the_wrong_client_moves_with_its_notes(ok, two_clients):
    jane, li = two_clients
    ok("session", "add", jane, "--on", "2026-11-20 10:00", "--notes", "Li's plan", "--private", "p")
    result = ok("session", "edit", "S1", "--client", li)
    assert result.out == "Moved session S1 to li-ming\n"
    assert result.err == ""
    data = shown(ok, "S1")
    assert (data["client"], data["notes"], data["private_notes"]) == (li, "Li's plan", "p")
    assert json.loads(ok("session", "list", jane, "--json").out)["sessions"] == []
    assert [s["id"] for s in json.loads(ok("session", "list", li, "--json").out)["sessions"]] == [
        "S1"
    ]


def test_a_move_is_refused_while_it_lists_the_old_client_s_goals(run, ok, two_clients, snapshot):
    jane, li = two_clients
    ok("goal", "add", jane, "Board presence")
    ok("goal", "add", li, "Delegate")
    ok("session", "add", jane, "--on", "2026-11-20 10:00", "--goal", "G1")
    before = snapshot()
    result = run("session", "edit", "S1", "--client", li)
    assert result.code == 1
    assert result.out == ""
    assert result.err == (
        "Error: session S1 discussed jane-doe's goal G1, which cannot go with it to li-ming; "
        "add --goal with li-ming's goals, or --no-goals to unlink them.\n"
    )
    assert snapshot() == before
    wrong = run("session", "edit", "S1", "--client", li, "--goal", "G1")
    assert wrong.code == 2
    assert "goal G1 belongs to another client, not li-ming" in wrong.err
    assert snapshot() == before
    ok("session", "edit", "S1", "--client", li, "--goal", "G2")
    assert (shown(ok, "S1")["client"], shown(ok, "S1")["goals"]) == (li, ["G2"])


def test_no_goals_unlinks_them_in_the_move(ok, two_clients):
    jane, li = two_clients
    ok("goal", "add", jane, "Board presence")
    ok("session", "add", jane, "--on", "2026-11-20 10:00", "--goal", "G1")
    ok("session", "edit", "S1", "--client", li, "--no-goals")
    assert shown(ok, "S1")["goals"] == []


def test_goal_and_no_goals_together_are_refused(run, ok, jane):
    ok("session", "add", jane, "--on", "2026-11-20 10:00")
    result = run("session", "edit", "S1", "--goal", "G1", "--no-goals")
    assert (result.code, result.err) == (2, "Error: give --goal or --no-goals, not both.\n")


def test_requests_and_advice_made_in_the_session_keep_it_with_its_client(
    run, ok, two_clients, snapshot
):
    jane, li = two_clients
    ok("session", "add", jane, "--on", "2026-11-20 10:00")
    ok("request", "add", jane, "Open the board meeting", "--session", "S1")
    ok("advice", "add", jane, "Speak first", "--session", "S1")
    before = snapshot()
    result = run("session", "edit", "S1", "--client", li)
    assert result.code == 1
    assert result.err == (
        "Error: session S1 has request R1, advice A1 made in it, which stay with jane-doe; if "
        "they were meant for li-ming too, delete them (`coachlog request delete R1`, "
        "`coachlog advice delete A1`), move S1, and add them again for li-ming.\n"
    )
    assert snapshot() == before
    # Following the advice: in the trash they no longer hold it back, and
    # restored they point at no session (never at another client's).
    ok("request", "delete", "R1")
    ok("advice", "delete", "A1")
    ok("session", "edit", "S1", "--client", li)
    ok("trash", "restore", "R1")
    request = json.loads(ok("request", "show", "R1", "--json").out)
    assert (request["client"], request["session"]) == (jane, None)


def test_moving_to_its_own_client_or_an_unknown_one_changes_nothing(run, ok, two_clients, snapshot):
    jane, _ = two_clients
    ok("session", "add", jane, "--on", "2026-11-20 10:00")
    before = snapshot()
    same = run("session", "edit", "S1", "--client", jane)
    assert (same.code, same.err) == (
        1,
        "Error: session S1 is already jane-doe's; nothing to change.\n",
    )
    unknown = run("session", "edit", "S1", "--client", "nobody")
    assert unknown.code == 1
    assert unknown.err.startswith("Error: ") and unknown.err.count("\n") == 1
    assert snapshot() == before


def test_an_export_from_before_the_move_does_not_bring_it_back(ok, two_clients, tmp_path):
    jane, li = two_clients
    ok("session", "add", jane, "--on", "2026-11-20 10:00", "--notes", "Li's plan")
    backup = tmp_path / "before.json"
    ok("export", "--format", "json", "--out", str(backup))
    ok("session", "edit", "S1", "--client", li)
    ok("import", str(backup))
    assert json.loads(ok("session", "list", jane, "--json").out)["sessions"] == []
    assert shown(ok, "S1")["client"] == li


def test_a_moved_session_leaves_the_old_executive_and_reaches_the_new_one(
    run, monkeypatch, tmp_path
):
    from test_sharing import SECRET, Party

    coach = Party(run, monkeypatch, tmp_path / "coach", os.environ["COACHLOG_DB"])
    jane = Party(run, monkeypatch, tmp_path / "jane", str(tmp_path / "jane" / "coachlog.db"))
    li = Party(run, monkeypatch, tmp_path / "li", str(tmp_path / "li" / "coachlog.db"))
    coach.ok("key")
    for handle, executive in (("jane", jane), ("li", li)):
        coach.ok("client", "add", handle.title(), "--handle", handle)
        coach.ok("client", "edit", handle, "--key", executive.public_key())
    coach.ok(
        "session", "add", "jane", "--on", "2026-11-20 10:00", "--notes", "Li's reorganisation",
        "--private", SECRET,
    )  # fmt: skip

    def share(handle: str, executive: Party, number: int) -> None:
        bundle = tmp_path / f"{handle}-{number}.coachlog"
        coach.ok("share", handle, "-o", str(bundle))
        executive.ok("receive", str(bundle), "--trust", coach.fingerprint())

    share("jane", jane, 1)
    assert jane.ok("session", "show", "S1", "--json").out.count("Li's reorganisation") == 1
    coach.ok("session", "edit", "S1", "--client", "li")
    share("jane", jane, 2)
    gone = jane("session", "show", "S1")
    assert gone.code == 1
    assert "Li's reorganisation" not in jane.ok("search", "reorganisation").out
    share("li", li, 1)
    arrived = json.loads(li.ok("session", "show", "S1", "--json").out)
    assert (arrived["client"], arrived["notes"]) == ("li", "Li's reorganisation")
    assert SECRET not in json.dumps(arrived)
    # And again: nothing more changes on either side.
    share("jane", jane, 3)
    share("li", li, 2)
    assert json.loads(li.ok("session", "list", "--json").out)["sessions"][0]["id"] == "S1"
    assert json.loads(jane.ok("session", "list", "--json").out)["sessions"] == []


# -- the editor on the notes of a session ------------------------------------

EDITOR = textwrap.dedent(
    """
    import os, sys
    path = sys.argv[-1]
    text = open(path, encoding="utf-8").read()
    with open(os.environ["EDITOR_SAW"], "w", encoding="utf-8") as handle:
        handle.write(text)
    behaviour = os.environ["EDITOR_BEHAVIOUR"]
    marker = [line for line in text.splitlines() if "Private notes" in line][0]
    if behaviour == "empty":
        text = ""
    elif behaviour == "no-shared":
        text = text[text.index(marker):]
    elif behaviour.startswith("replace:"):
        _, old, new = behaviour.split(":")
        text = text.replace(old, new)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    """
)


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """An editor at a terminal: `editor(behaviour)` returns the file where it
    writes the text it was opened on."""
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    saw = tmp_path / "editor-saw.txt"
    monkeypatch.setattr(longtext, "can_edit", lambda: True)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR_SAW", str(saw))

    def behave(behaviour: str) -> Path:
        monkeypatch.setenv("EDITOR_BEHAVIOUR", behaviour)
        return saw

    return behave


@pytest.fixture
def with_notes(ok, jane) -> str:
    ok("session", "add", jane, "--on", "2026-11-20 10:00", "--notes", "Talked about the board.",
       "--private", "She seemed tired.")  # fmt: skip
    return "S1"


def test_edit_with_no_options_opens_the_editor_on_both_parts_of_the_notes(ok, editor, with_notes):
    saw = editor("replace:the board:the budget")
    result = ok("session", "edit", with_notes)
    assert result.out == "Updated session S1\n"
    text = saw.read_text(encoding="utf-8")
    assert text.index("Talked about the board.") < text.index(longtext.PRIVATE_MARK)
    assert text.index(longtext.PRIVATE_MARK) < text.index("She seemed tired.")
    data = shown(ok, "S1")
    assert (data["notes"], data["private_notes"]) == (
        "Talked about the budget.",
        "She seemed tired.",
    )


def test_notes_saved_as_they_were_change_nothing(ok, editor, with_notes, snapshot):
    editor("same")
    before = snapshot()
    result = ok("session", "edit", with_notes)
    assert result.out == ""
    assert result.err == "The notes of session S1 were left as they were.\n"
    assert snapshot() == before


def test_emptying_both_parts_is_refused_and_erases_nothing(run, ok, editor, with_notes, snapshot):
    editor("empty")
    before = snapshot()
    result = run("session", "edit", with_notes)
    assert (result.code, result.out) == (1, "")
    assert result.err == "Error: the notes were left empty, so nothing was saved.\n"
    assert snapshot() == before


def test_emptying_the_shared_part_alone_clears_it(ok, editor, with_notes):
    editor("no-shared")
    ok("session", "edit", with_notes)
    data = shown(ok, "S1")
    assert (data["notes"], data["private_notes"]) == (None, "She seemed tired.")


def test_the_editor_stays_shut_when_an_option_says_what_to_change(ok, editor, with_notes):
    saw = editor("empty")
    ok("session", "edit", with_notes, "--channel", "phone")
    assert not saw.exists()
    assert shown(ok, "S1")["notes"] == "Talked about the board."


def test_without_a_terminal_edit_with_no_options_says_what_to_give(run, with_notes):
    result = run("session", "edit", with_notes)
    assert result.code == 2
    assert result.err.startswith("Error: nothing to change; give --on,")


# -- two sessions at the same minute -----------------------------------------


def test_a_second_session_at_the_same_minute_needs_yes_without_a_terminal(run, ok, jane, snapshot):
    ok("session", "add", jane, "--on", "2026-11-20 10:00")
    before = snapshot()
    result = run("session", "add", jane, "--on", "2026-11-20 10:00:30", "--notes", "again")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "Error: jane-doe already has held session S1 at 2026-11-20 10:00; "
        "add --yes to log this one too.\n"
    )
    assert snapshot() == before
    logged = ok("session", "add", jane, "--on", "2026-11-20 10:00", "--yes")
    assert logged.out == "Logged session S2 with jane-doe\n"


def test_planning_twice_at_the_same_minute_needs_yes(run, ok, jane, snapshot):
    ok("session", "plan", jane, "2026-12-01 10:00")
    before = snapshot()
    result = run("session", "plan", jane, "2026-12-01 10:00")
    assert result.code == 2
    assert result.err == (
        "Error: jane-doe already has planned session S1 at 2026-12-01 10:00; "
        "add --yes to plan this one too.\n"
    )
    assert snapshot() == before
    assert ok("session", "plan", jane, "2026-12-01 10:00", "--yes").out.startswith(
        "Planned session S2 with jane-doe"
    )


def test_what_is_not_a_second_session_at_that_minute(ok, jane):
    ok("client", "add", "Li Ming")
    ok("session", "plan", jane, "2026-12-01 10:00")
    ok("session", "plan", "li-ming", "2026-12-01 10:00")  # another client
    ok("session", "plan", jane, "2026-12-01 10:01")  # the next minute
    ok("session", "cancel", "S1")
    ok("session", "plan", jane, "2026-12-01 10:00")  # in place of a cancelled one
    ok("session", "plan", jane, "2026-11-27 11:00")
    # The day's planned session becomes the one logged: no second session.
    logged = ok("session", "add", jane, "--on", "2026-11-27 11:00")
    assert logged.out == "Logged planned session S5 with jane-doe\n"


@pytest.mark.parametrize(("answer", "code"), [("y\n", 0), ("n\n", 1)])
def test_at_a_terminal_the_coach_is_asked(run, ok, jane, monkeypatch, snapshot, answer, code):
    monkeypatch.setattr(session_commands, "_at_a_terminal", lambda: True)
    ok("session", "add", jane, "--on", "2026-11-20 10:00")
    before = snapshot()
    result = run("session", "add", jane, "--on", "2026-11-20 10:00", "--notes", "x", stdin=answer)
    assert result.code == code
    assert "jane-doe already has held session S1 at 2026-11-20 10:00. Log this one too?" in (
        result.err
    )
    if code:
        assert result.err.endswith("Error: nothing was logged.\n")
        assert snapshot() == before
    else:
        # (Click's prompt leaves its " " on stdout.)
        assert result.out.lstrip() == "Logged session S2 with jane-doe\n"


def test_the_coach_is_asked_before_the_editor_opens(run, ok, jane, editor, monkeypatch, snapshot):
    monkeypatch.setattr(session_commands, "_at_a_terminal", lambda: True)
    saw = editor("same")
    ok("session", "add", jane, "--on", "2026-11-20 10:00", "--notes", "x")
    before = snapshot()
    result = run("session", "add", jane, "--on", "2026-11-20 10:00", stdin="n\n")
    assert result.code == 1
    assert not saw.exists()
    assert snapshot() == before
