"""Erased stays erased: an import does not bring a purged record back, an
edit leaves no old text in the store file, and a purge says "for good" only
when it is."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

MARKER = "Qzvxkwtomb"  # a word that occurs nowhere else


def store_bytes(store_file: Path) -> bytes:
    return b"".join(
        path.read_bytes()
        for path in (store_file, Path(f"{store_file}-wal"), Path(f"{store_file}-shm"))
        if path.exists()
    ).lower()


# ---- 7. A purge leaves a tombstone that import honours ----


@pytest.fixture
def exported(ok, jane, tmp_path) -> Path:
    """An engagement with a private note, exported before anything is erased."""
    ok("goal", "add", jane, "Speak first")
    ok("goal", "progress", "G1", "30", "--note", "Spoke at the offsite")
    ok("session", "add", jane, "--notes", "Board prep", "--private", f"Private {MARKER} worry")
    ok("session", "add", jane, "--notes", "Second session", "--yes")  # the same minute
    ok("request", "add", jane, "Draft the opening", "--session", "S1", "--goal", "G1")
    ok("request", "accept", "R1")
    path = tmp_path / "older.json"
    ok("export", "--format", "json", "--out", str(path))
    return path


@pytest.mark.both_backends
def test_an_older_export_does_not_bring_back_a_purged_session(ok, exported):
    ok("session", "delete", "S1", "--purge", "--yes")
    result = ok("import", str(exported))
    assert result.out.endswith(
        ": 0 added, 0 updated, 8 unchanged, 1 skipped: erased in this store\n"
    )
    listed = json.loads(ok("session", "list", "--json").out)["sessions"]
    assert [session["id"] for session in listed] == ["S2"]
    assert json.loads(ok("search", MARKER, "--json").out)["hits"] == []
    request = json.loads(ok("request", "show", "R1", "--json").out)
    assert (request["session"], request["goal"]) == (None, "G1")
    assert ok("import", str(exported)).out.endswith(", 1 skipped: erased in this store\n")


@pytest.mark.both_backends
def test_a_purged_client_stays_purged_with_everything_of_theirs(ok, run, exported):
    ok("client", "delete", "jane", "--purge", "--yes")
    document = json.loads(exported.read_text())
    everything = sum(len(records) for records in document["records"].values())
    result = ok("import", str(exported))
    assert result.out.endswith(
        f": 0 added, 0 updated, 0 unchanged, {everything} skipped: erased in this store\n"
    )
    assert json.loads(ok("client", "list", "--all", "--json").out)["clients"] == []
    assert json.loads(ok("search", MARKER, "--json").out)["hits"] == []
    assert run("session", "show", "S1").code == 1


@pytest.mark.both_backends
def test_emptying_the_trash_counts_what_it_listed_and_buries_the_rest(ok, exported):
    """Records trashed before their client go with the client: listed once,
    erased once, and tombstoned like everything else of theirs."""
    ok("session", "delete", "S1")
    ok("goal", "delete", "G1")
    ok("client", "delete", "jane")
    assert [item["id"] for item in json.loads(ok("trash", "list", "--json").out)["trash"]] == [
        "jane-doe"
    ]
    result = ok("trash", "purge", "--yes")
    assert (result.out, result.err) == ("Erased 1 record from the trash for good\n", "")
    document = json.loads(exported.read_text())
    everything = sum(len(records) for records in document["records"].values())
    assert ok("import", str(exported)).out.endswith(
        f": 0 added, 0 updated, 0 unchanged, {everything} skipped: erased in this store\n"
    )


@pytest.mark.both_backends
def test_emptying_an_empty_trash_says_there_was_nothing(ok, exported):
    result = ok("trash", "purge", "--yes")
    assert (result.out, result.err) == ("The trash is empty: nothing to erase.\n", "")


def test_a_purge_keeps_only_uuids_no_content(ok, exported, store_file):
    ok("session", "delete", "S1")
    ok("trash", "purge", "--yes")
    with sqlite3.connect(store_file) as connection:
        rows = connection.execute("SELECT uuid, kind FROM tombstone").fetchall()
    connection.close()
    document = json.loads(exported.read_text())
    purged = next(s for s in document["records"]["sessions"] if s["notes"] == "Board prep")
    assert rows == [(purged["uuid"], "session")]


# ---- 10. No text left behind ----


@pytest.mark.parametrize(
    "edit",
    [
        ["session", "edit", "S1", "--private", ""],
        ["session", "edit", "S1", "--private", "Something else entirely"],
        ["session", "edit", "S1", "--notes", "New shared words"],
        ["session", "edit", "S1", "--private", "", "long"],
    ],
    ids=["cleared", "replaced", "shared replaced", "long cleared"],
)
def test_an_edit_leaves_no_old_text_in_the_store_file(ok, jane, store_file, edit):
    for number in range(30):  # an index with more than one segment
        ok("session", "add", jane, "--notes", f"Earlier session {number} on delegation", "--yes")
    private = f"Private {MARKER} worry" if "--private" in edit else None
    if edit[-1] == "long":  # spills onto overflow pages, which an edit frees
        edit = edit[:-1]
        private = " ".join(f"{MARKER}{n} worry" for n in range(800))
    notes = f"Shared {MARKER} words" if private is None else "Shared words"
    ok("session", "plan", jane, "tomorrow")  # S31: keeps the numbering simple below
    ok(
        "session",
        "add",
        jane,
        "--notes",
        notes,
        *(["--private", private] if private else []),
        "--yes",
    )
    edit = [edit[0], edit[1], "S32", *edit[3:]]
    assert MARKER.lower().encode() in store_bytes(store_file)
    ok(*edit)
    assert json.loads(ok("search", MARKER, "--json").out)["hits"] == []
    # `coachlog undo` keeps the old text until the next change replaces it.
    ok("session", "plan", jane, "in 3 days")
    assert MARKER.lower().encode() not in store_bytes(store_file)
    assert json.loads(ok("search", "delegation", "--json", "--all").out)["hits"]
    with sqlite3.connect(store_file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_a_purge_during_a_read_says_what_remains_and_the_next_command_finishes(
    ok, jane, store_file
):
    ok("session", "add", jane, "--notes", "Kept session")
    ok(
        "session",
        "add",
        jane,
        "--notes",
        f"The {MARKER} matter",
        "--private",
        f"{MARKER} detail",
        "--yes",
    )
    reader = sqlite3.connect(store_file, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM session").fetchone()  # holds a read snapshot
        result = ok("session", "delete", "S2", "--purge", "--yes")
        assert result.out == "Erased session S2\n"
        assert "still in the store's write-ahead log" in result.err
        assert "coachlog trash list" in result.err
        assert MARKER.lower().encode() in store_bytes(store_file)  # not yet: it said so
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    ok("trash", "list")
    assert MARKER.lower().encode() not in store_bytes(store_file)
    assert ok("session", "delete", "S1", "--purge", "--yes").out == "Erased session S1 for good\n"


def backup_hint(result) -> bool:
    return "coachlog backup --prune" in result.err and "still hold" in result.err


def test_purging_a_client_names_the_backups_that_still_hold_the_text(ok, jane, store_file):
    ok("client", "add", "John Roe")
    ok("session", "add", "john", "--notes", "John's words")
    first = ok("client", "delete", "john", "--purge", "--yes")
    assert first.out == "Erased client john-roe for good\n" and not backup_hint(first)
    ok("backup")
    assert any((store_file.parent / "backups").glob("coachlog-*.db"))
    ok("session", "add", jane, "--notes", "Jane's words")
    session = ok("session", "delete", "S2", "--purge", "--yes")
    assert not backup_hint(session)  # not a client: no hint
    ok("client", "delete", "jane")
    result = ok("trash", "purge", "jane-doe", "--yes")
    assert result.out.startswith("Erased client jane-doe (Jane Doe) for good")
    assert backup_hint(result)
    assert str(store_file.parent / "backups") in result.err


def test_write_connections_zero_what_they_free(ok, isolated):
    """Debian's SQLite zeroes freed space by default; other builds do not."""
    from coachlog import store

    ok("client", "list")
    location = store.Location(path=isolated)
    with store.writing_sql(location) as db:
        assert db.row("PRAGMA secure_delete")["secure_delete"] == 1
