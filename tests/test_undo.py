"""`coachlog undo`: a coach takes back the last thing they did, once, and
is told what it was; what cannot be taken back is refused with the reason
and what to do instead."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

import pytest

from coachlog import store, tables
from coachlog.journal import history

from conftest import dump

pytestmark = pytest.mark.both_backends

WHEN = "Fri 27 Nov 2026 10:00"
PRIVATE = "PRIVATE-UNDO-MARKER-41c9"
EDITED_AWAY = "EDITED-AWAY-MARKER-93d2"


def records() -> dict[str, list[dict]]:
    """Every record table's rows (the change log itself left out), by key."""
    location = store.resolve(os.environ["COACHLOG_DB"])
    with store.reading(location) as reader:
        return {
            table: reader.rows(f"SELECT * FROM {table} ORDER BY {', '.join(tables.KEY[table])}")
            for table in tables.COLUMNS
            if table != "change"
        }


def replays_agree() -> None:
    """Each request's, advice's and goal's kept state is what its events say."""
    location = store.resolve(os.environ["COACHLOG_DB"])
    with store.writing_sql(location) as db:
        for table in history.REPLAYS:
            for row in db.rows(f"SELECT * FROM {table}"):
                derived = history.derived(db, table, row["id"])
                assert {name: row[name] for name in derived} == derived, (table, row["id"])


@pytest.fixture
def engagement(ok, jane) -> str:
    ok("goal", "add", jane, "Speak first in board meetings")
    ok("session", "add", jane, "--notes", "Talked about delegation.", "--private", PRIVATE)
    ok("request", "add", jane, "Hand over the Q1 budget", "--goal", "G1")
    ok("advice", "add", jane, "Try a weekly one-to-one with your deputy")
    ok("goal", "add", jane, "Delegate the budget review")
    return jane


def test_undo_takes_back_a_logged_session_fully_and_says_what_it_was(ok, run, jane, snapshot):
    ok("goal", "add", jane, "Speak first")
    before = records()
    assert ok("session", "add", jane, "--notes", "Spoke first.", "--goal", "G1").out == (
        "Logged session S1 with jane-doe\n"
    )
    result = run("undo", "--yes")
    assert (result.code, result.out, result.err) == (
        0,
        f"Undid: session add S1 for jane-doe ({WHEN})\n",
        "",
    )
    assert records() == before
    gone = run("session", "show", "S1")
    assert gone.code == 1 and gone.err == "Error: no session S1.\n"
    assert json.loads(ok("trash", "list", "--json").out)["trash"] == []  # not in the trash
    # Display ids are never reused: the next session is S2.
    assert ok("session", "add", jane).out == "Logged session S2 with jane-doe\n"


def test_undo_twice_says_there_is_nothing_left_to_undo_and_changes_nothing(ok, run, jane, snapshot):
    ok("goal", "add", jane, "Speak first")
    ok("undo")
    before = snapshot()
    again = run("undo")
    assert (again.code, again.out) == (1, "")
    assert again.err == (
        f"Error: nothing to undo: the last change, goal add G1 for jane-doe ({WHEN}), was "
        "already undone (only the last change can be).\n"
    )
    assert snapshot() == before
    assert ok("goals", jane, "--json").out.count('"G1"') == 0


def test_a_new_store_has_nothing_to_undo(run, snapshot):
    result = run("undo")
    assert (result.code, result.out) == (1, "")
    assert result.err == "Error: nothing to undo: no change is recorded in this store yet.\n"


@pytest.mark.parametrize(
    "command",
    [
        ("session", "edit", "S1", "--notes", "Rewritten.", "--private", "Rewritten too."),
        ("session", "delete", "S1"),
        (
            "session",
            "add",
            "jane-doe",
            "--on",
            "yesterday 3pm",
            "--next",
            "friday 3pm",
            "--goal",
            "G1",
            "--goal",
            "G2",
        ),
        ("request", "accept", "R1", "--note", "Will do"),
        ("request", "counter", "R1", "Hand over Q2 instead", "--due", "2027-01-15"),
        ("request", "delete", "R1"),
        ("advice", "decline", "A1", "--note", "No time"),
        ("goal", "progress", "G1", "40", "--note", "Spoke first twice"),
        ("goal", "achieve", "G1"),
        ("goal", "edit", "G1", "--title", "Speak first, always"),
        ("agreement", "set", "jane-doe", "--focus", "Strategy"),
        ("client", "edit", "jane-doe", "--name", "Jane Q. Doe"),
        ("client", "archive", "jane-doe"),
        ("client", "delete", "jane-doe"),
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_undo_puts_every_row_back_as_it_was(ok, engagement, command):
    before = records()
    ok(*command)
    assert records() != before
    said = ok("undo", "--yes").out
    assert said.startswith(f"Undid: {command[0]} {command[1]} ") and said.endswith(f"({WHEN})\n")
    assert records() == before
    replays_agree()


def test_undo_of_a_request_answer_removes_the_answer_from_its_history(ok, engagement):
    ok("request", "accept", "R1", "--note", "Will do")
    assert ok("undo").out == f"Undid: request accept R1 for jane-doe ({WHEN})\n"
    shown = json.loads(ok("request", "show", "R1", "--json").out)
    assert shown["state"] == "proposed" and shown["note"] is None
    assert [event["to_state"] for event in shown["history"]] == ["proposed"]
    replays_agree()


def test_undo_of_an_edit_brings_the_old_notes_back_and_search_finds_them(ok, engagement):
    ok("session", "edit", "S1", "--notes", "Rewritten entirely.")
    ok("undo", "--yes")
    assert json.loads(ok("session", "show", "S1", "--json").out)["notes"] == (
        "Talked about delegation."
    )
    assert [hit["id"] for hit in json.loads(ok("search", "delegation", "--json").out)["hits"]] == [
        "S1"
    ]
    assert json.loads(ok("search", "rewritten", "--json").out)["hits"] == []


def test_undo_of_a_delete_brings_the_record_back_from_the_trash(ok, engagement):
    ok("session", "delete", "S1")
    assert ok("undo").out == f"Undid: session delete S1 for jane-doe ({WHEN})\n"
    assert json.loads(ok("trash", "list", "--json").out)["trash"] == []
    assert json.loads(ok("session", "show", "S1", "--json").out)["private_notes"] == PRIVATE


def test_dry_run_says_what_undo_would_do_and_changes_nothing(ok, run, engagement, snapshot):
    ok("request", "accept", "R1", "--note", "Will do")
    before = snapshot()
    for option in ("--dry-run", "--show"):
        result = run("undo", option)
        assert (result.code, result.err) == (0, "")
        assert result.out == (
            f"Would undo: request accept R1 for jane-doe ({WHEN})\n"
            "  remove the move of request R1 to accepted\n"
            "  put back request R1's state, note\n"
        )
    assert snapshot() == before
    ok("undo")
    refused = run("undo", "--dry-run")
    assert refused.code == 1 and refused.err.startswith("Error: nothing to undo: ")


def test_a_failed_command_leaves_the_last_change_undoable(ok, run, engagement):
    ok("session", "edit", "S1", "--notes", "Rewritten.")
    assert run("request", "accept", "R9").code == 1
    assert run("session", "add", "jane-doe", "--on", "next year").code == 2
    assert ok("undo", "--yes").out == f"Undid: session edit S1 for jane-doe ({WHEN})\n"


def refused(run, snapshot: Callable[[], str], command: str) -> str:
    """`undo` refuses (exit 1, one line, nothing changed); its message."""
    before = snapshot()
    result = run("undo")
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith(f"Error: the last change, {command} ({WHEN}), cannot be undone: ")
    assert result.err.count("\n") == 1
    assert snapshot() == before
    return result.err


def test_a_purge_cannot_be_undone_nor_anything_before_it(ok, run, engagement, snapshot):
    ok("session", "edit", "S1", "--notes", "Rewritten.")
    ok("goal", "delete", "G2")
    ok("trash", "purge", "--yes")
    said = refused(run, snapshot, "trash purge")
    assert "gone for good" in said and "coachlog restore FILE" in said
    ok("session", "delete", "S1", "--purge", "--yes")
    refused(run, snapshot, "session delete S1 for jane-doe")


def test_an_import_that_changed_something_cannot_be_undone(ok, run, engagement, snapshot, tmp_path):
    export = tmp_path / "e.json"
    ok("session", "add", "jane-doe", "--on", "yesterday", "--notes", "Second call.")
    ok("export", "-f", "json", "--out", str(export))
    ok("undo", "--yes")  # S2 is gone; the file still holds it
    ok("session", "edit", "S1", "--notes", "Rewritten.")
    assert ok("import", str(export)).out.startswith(f"Imported {export}: 1 added, ")
    said = refused(run, snapshot, "import")
    assert "coachlog restore FILE" in said


def test_an_import_that_changed_nothing_leaves_the_last_change_undoable(ok, engagement, tmp_path):
    ok("session", "edit", "S1", "--notes", "Rewritten.")
    export = tmp_path / "e.json"
    ok("export", "-f", "json", "--out", str(export))
    assert ": 0 added, 0 updated, " in ok("import", str(export)).out
    assert ok("undo", "--yes").out == f"Undid: session edit S1 for jane-doe ({WHEN})\n"


def test_a_share_cannot_be_undone_nor_what_it_carried(
    ok, run, engagement, snapshot, tmp_path, monkeypatch
):
    monkeypatch.setenv("COACHLOG_KEY", str(tmp_path / "executive.key"))
    theirs = json.loads(ok("key", "--json").out)["public_key"]
    monkeypatch.setenv("COACHLOG_KEY", str(tmp_path / "coach.key"))
    ok("key")
    ok("client", "edit", "jane-doe", "--key", theirs)
    ok("request", "add", "jane-doe", "Open the next board meeting")
    ok("share", "jane-doe", "-o", str(tmp_path / "jane.coachlog"))
    said = refused(run, snapshot, "share")
    assert "share again" in said
    # What was shared stays: the request is still there.
    assert json.loads(ok("request", "show", "R2", "--json").out)["state"] == "proposed"


def test_a_received_bundle_cannot_be_undone(ok, run, engagement, snapshot, tmp_path, monkeypatch):
    coach_db = os.environ["COACHLOG_DB"]
    executive_db = tmp_path / "executive" / "coachlog.db"
    executive_db.parent.mkdir()
    monkeypatch.setenv("COACHLOG_KEY", str(tmp_path / "executive.key"))
    theirs = json.loads(ok("key", "--json").out)["public_key"]
    monkeypatch.setenv("COACHLOG_KEY", str(tmp_path / "coach.key"))
    coach_print = json.loads(ok("key", "--json").out)["fingerprint"]
    ok("client", "edit", "jane-doe", "--key", theirs)
    ok("share", "jane-doe", "-o", str(tmp_path / "jane.coachlog"))
    monkeypatch.setenv("COACHLOG_KEY", str(tmp_path / "executive.key"))
    monkeypatch.setenv("COACHLOG_DB", str(executive_db))
    ok("receive", str(tmp_path / "jane.coachlog"), "--trust", coach_print)
    said = refused(run, lambda: dump(executive_db), "receive")
    assert "coachlog restore FILE" in said
    monkeypatch.setenv("COACHLOG_DB", coach_db)


def test_a_restore_cannot_be_undone_and_names_the_store_it_replaced(
    ok, run, engagement, snapshot, store_file, tmp_path
):
    ok("backup", str(tmp_path / "before.db"))
    ok("session", "edit", "S1", "--notes", "Rewritten.")
    saved = ok("restore", str(tmp_path / "before.db"), "--yes").out.split(" is in ")[1].strip()
    said = refused(run, snapshot, "restore before.db")
    assert f"coachlog restore {saved}" in said
    assert ok("doctor").out  # the restored store, its change log included, is healthy


def test_a_purged_session_s_private_note_is_nowhere_in_the_store_file(ok, engagement, store_file):
    ok("session", "edit", "S1", "--private", "Something else.")  # the log keeps the old note
    assert PRIVATE.encode() in b"".join(
        path.read_bytes() for path in store_file.parent.glob("coachlog.db*")
    )
    ok("session", "delete", "S1", "--purge", "--yes")
    held = b"".join(path.read_bytes() for path in store_file.parent.glob("coachlog.db*"))
    assert PRIVATE.encode() not in held
    assert b"Something else." not in held


def test_notes_undo_takes_back_are_nowhere_in_the_store_file(ok, jane, store_file):
    marker = "zqxundonewordvbk"  # one word: the search index keeps words, not phrases
    ok("session", "add", jane, "--notes", "Shared.", "--private", "Mine.")
    ok("session", "edit", "S1", "--private", f"{marker} edited in")
    ok("undo", "--yes")
    ok("session", "add", jane, "--on", "yesterday", "--private", f"{marker} added")
    ok("undo", "--yes")
    assert "Mine." in ok("session", "show", "S1").out
    held = b"".join(path.read_bytes() for path in store_file.parent.glob("coachlog.db*"))
    assert marker.encode() not in held


@pytest.mark.parametrize(
    "form", [("json",), ("markdown", "--client", "jane-doe"), ("ics",), ("csv", "--out")]
)
def test_exports_carry_no_copy_of_an_edited_away_note(ok, engagement, form, tmp_path):
    ok("session", "edit", "S1", "--notes", EDITED_AWAY)
    ok("session", "edit", "S1", "--notes", "The notes as they stand.")
    location = store.resolve(os.environ["COACHLOG_DB"])
    with store.reading(location) as reader:
        assert EDITED_AWAY in reader.value("SELECT rows FROM change")  # the log holds it
    if form[-1] == "--out":
        ok("export", "-f", *form, str(tmp_path / "csv"))
        exported = "".join(path.read_text() for path in (tmp_path / "csv").iterdir())
    else:
        exported = ok("export", "-f", *form).out
    assert EDITED_AWAY not in exported
    if form[0] in ("json", "markdown", "csv"):
        assert "The notes as they stand." in exported
    if form[0] == "json":
        assert "change" not in json.loads(exported)["records"]


def test_doctor_accepts_a_store_with_a_change_log(ok, engagement, store_file):
    ok("session", "edit", "S1", "--notes", "Rewritten.")
    health = json.loads(ok("doctor", "--json").out)
    assert health["ok"] is True


def test_undo_is_listed_in_help(ok):
    assert "undo" in ok("--help").out
    assert "--dry-run" in ok("undo", "--help").out


def test_undo_asks_before_it_discards_notes_a_session_add_wrote(ok, run, jane, snapshot):
    ok("session", "add", jane, "--notes", "An hour of notes.", "--private", "Mine alone.")
    before = snapshot()
    result = run("undo")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "Error: undoing session add S1 for jane-doe discards the notes it wrote in session "
        "S1; add --yes to undo it all the same.\n"
    )
    assert snapshot() == before
    assert ok("undo", "--yes").out == f"Undid: session add S1 for jane-doe ({WHEN})\n"


def test_undo_asks_before_it_discards_notes_an_edit_wrote(ok, run, engagement, snapshot):
    ok("session", "edit", "S1", "--notes", "A better account of the call.")
    before = snapshot()
    assert run("undo").code == 2
    assert snapshot() == before
    ok("undo", "--yes")
    assert "A better account" not in ok("session", "show", "S1").out


def test_undo_does_not_ask_when_no_notes_are_lost(ok, engagement):
    ok("session", "delete", "S1")
    assert ok("undo").out == f"Undid: session delete S1 for jane-doe ({WHEN})\n"
    ok("session", "add", "jane-doe", "--on", "yesterday 3pm")
    assert ok("undo").out.startswith("Undid: session add S2 ")


def test_at_a_terminal_undo_asks_and_a_no_keeps_the_notes(run, ok, jane, snapshot, monkeypatch):
    import typer

    import coachlog.cli.undo as undo_command

    ok("session", "add", jane, "--notes", "An hour of notes.")
    before = snapshot()
    asked = []
    monkeypatch.setattr(undo_command, "_at_a_terminal", lambda: True)

    def answer(text, **_):
        asked.append(text)
        return False

    monkeypatch.setattr(typer, "confirm", answer)
    result = run("undo")
    assert result.code == 1 and result.err == "Error: nothing was undone.\n"
    assert asked == [
        "Undoing session add S1 for jane-doe discards the notes it wrote in session S1. Undo it?"
    ]
    assert snapshot() == before
