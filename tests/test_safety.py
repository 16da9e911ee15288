"""Nothing lost by accident: the trash, erasing for good, backups, restore, doctor."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import dump

MARKER = "Zqxwvmarker"  # a word that occurs nowhere else


def mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


@pytest.fixture
def engagement(ok, jane):
    ok("goal", "add", jane, "Speak first")
    ok("session", "add", jane, "--notes", "Session one", "--goal", "G1")
    ok("request", "add", jane, "Draft the opening", "--goal", "G1", "--session", "S1")
    ok("advice", "add", jane, "Try a pre-read", "--goal", "G1")
    return jane


def test_each_kind_goes_to_the_trash_and_comes_back(ok, run, engagement):
    for command, ref in (("session", "S1"), ("goal", "G1"), ("request", "R1"), ("advice", "A1")):
        assert ok(command, "delete", ref).out.startswith(f"Moved {command} {ref} to the trash")
        assert run(command, "show", ref).code == 1
    listed = json.loads(ok("trash", "list", "--json").out)["trash"]
    assert sorted(item["id"] for item in listed) == ["A1", "G1", "R1", "S1"]
    for noun, ref in (("session", "S1"), ("goal", "G1"), ("request", "R1"), ("advice", "A1")):
        assert ok("trash", "restore", ref).out == f"Restored {noun} {ref}\n"
    assert json.loads(ok("request", "show", "R1", "--json").out)["goal"] == "G1"
    assert "The trash is empty." in ok("trash", "list").out


def test_the_trash_never_shows_private_notes(ok, jane):
    ok("session", "add", jane, "--notes", "Shared words", "--private", "PRIVATE-MARKER-trash")
    ok("session", "delete", "S1")
    for args in (["trash", "list"], ["trash", "list", "--json"]):
        listed = ok(*args).out
        assert "Shared words" in listed and "PRIVATE-MARKER" not in listed


def test_a_trashed_goal_leaves_its_requests_unlinked_until_restored(ok, engagement):
    ok("goal", "delete", "G1")
    request = json.loads(ok("request", "show", "R1", "--json").out)
    assert (request["state"], request["goal"], request["session"]) == ("proposed", None, "S1")
    ok("trash", "restore", "G1")
    assert json.loads(ok("request", "show", "R1", "--json").out)["goal"] == "G1"


def test_a_client_goes_with_everything_and_comes_back_with_it(ok, run, engagement):
    ok("client", "delete", "jane")
    assert run("goal", "show", "G1").code == 1
    assert json.loads(ok("client", "list", "--json").out)["clients"] == []
    assert [item["id"] for item in json.loads(ok("trash", "list", "--json").out)["trash"]] == [
        "jane-doe"
    ]
    taken = run("client", "add", "Jane Doe")
    assert taken.code == 1 and "in the trash" in taken.err
    ok("trash", "restore", "jane-doe")
    assert json.loads(ok("goal", "show", "G1", "--json").out)["title"] == "Speak first"


def test_a_record_of_a_trashed_client_waits_for_its_client(ok, run, engagement):
    ok("goal", "delete", "G1")
    ok("client", "delete", "jane")
    result = run("trash", "restore", "G1")
    assert result.code == 1 and "restore `jane-doe` first" in result.err


def test_purging_a_goal_unlinks_what_pointed_at_it_for_good(ok, engagement):
    ok("goal", "delete", "G1", "--purge", "--yes")
    request = json.loads(ok("request", "show", "R1", "--json").out)
    assert request["goal"] is None
    assert json.loads(ok("advice", "show", "A1", "--json").out)["goal"] is None
    assert json.loads(ok("session", "show", "S1", "--json").out)["goals"] == []


def test_erasing_needs_a_yes_when_no_one_is_at_a_terminal(run, engagement, store_file):
    before = dump(store_file)
    result = run("session", "delete", "S1", "--purge")
    assert result.code == 2 and "add --yes" in result.err
    assert run("trash", "purge").code == 2
    assert dump(store_file) == before


def store_bytes(store_file: Path) -> bytes:
    return b"".join(
        path.read_bytes()
        for path in (store_file, Path(f"{store_file}-wal"), Path(f"{store_file}-shm"))
        if path.exists()
    )


@pytest.mark.parametrize(
    "erase",
    [
        [["session", "delete", "S2", "--purge", "--yes"]],
        [["session", "delete", "S2"], ["trash", "purge", "S2", "--yes"]],
        [["session", "delete", "S2"], ["trash", "purge", "--yes"]],
        [["client", "delete", "john", "--purge", "--yes"]],
    ],
    ids=["delete --purge", "trash purge ID", "trash purge", "client --purge"],
)
def test_erased_text_leaves_no_trace_in_the_store_file(ok, engagement, store_file, erase):
    ok("client", "add", "John Roe")
    ok(
        "session",
        "add",
        "john",
        "--notes",
        f"The {MARKER} project, in confidence.",
        "--private",
        f"Private {MARKER} detail",
    )
    assert [hit["id"] for hit in json.loads(ok("search", MARKER, "--json").out)["hits"]] == ["S2"]
    assert MARKER.lower().encode() in store_bytes(store_file).lower()
    for command in erase:
        ok(*command)
    assert json.loads(ok("search", MARKER, "--json").out)["hits"] == []
    assert MARKER.lower().encode() not in store_bytes(store_file).lower()
    with sqlite3.connect(store_file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert json.loads(ok("session", "show", "S1", "--json").out)["notes"] == "Session one"


def test_backups_are_private_checked_and_the_newest_ten_kept(ok, engagement, store_file):
    made = [Path(ok("backup").out.split("Backed up to ")[1].strip()) for _ in range(12)]
    folder = store_file.parent / "backups"
    kept = sorted(path.name for path in folder.iterdir())
    assert len(kept) == 10
    assert made[-1].name in kept and made[0].name not in kept and made[1].name not in kept
    assert mode(folder) == "0o700" and all(mode(folder / name) == "0o600" for name in kept)
    with sqlite3.connect(made[-1]) as copy:
        assert copy.execute("SELECT notes FROM session").fetchall() == [("Session one",)]


def test_a_backup_to_a_file_never_overwrites(ok, run, engagement, tmp_path):
    target = tmp_path / "mine.db"
    ok("backup", str(target))
    again = run("backup", str(target))
    assert again.code == 2 and "never overwrites" in again.err
    assert mode(target) == "0o600"


def test_restore_checks_the_source_and_keeps_the_store_it_replaces(
    ok, run, engagement, store_file, tmp_path
):
    saved = tmp_path / "before.db"
    ok("backup", str(saved))
    ok("session", "add", "jane", "--notes", "Written after the backup", "--yes")
    result = ok("restore", str(saved), "--yes")
    assert "the store as it was is in" in result.out
    notes = [s["notes"] for s in json.loads(ok("session", "list", "--json").out)["sessions"]]
    assert notes == ["Session one"]
    previous = Path(result.out.split("the store as it was is in ")[1].strip())
    with sqlite3.connect(previous) as copy:
        assert ("Written after the backup",) in copy.execute("SELECT notes FROM session")


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda path: path.write_bytes(b""), "not a SQLite database"),
        (lambda path: path.write_bytes(b"not a database at all"), "not a SQLite database"),
        (
            lambda path: sqlite3.connect(path).execute("CREATE TABLE x (y)").connection.commit(),
            "not a coachlog store",
        ),
    ],
)
def test_a_bad_restore_source_is_refused_and_nothing_changes(
    run, engagement, store_file, tmp_path, make, said
):
    source = tmp_path / "source.db"
    make(source)
    before = dump(store_file)
    result = run("restore", str(source), "--yes")
    assert result.code == 2 and said in result.err
    assert dump(store_file) == before
    assert not (store_file.parent / "backups").exists()


def test_a_backup_from_a_newer_coachlog_is_not_restored(ok, run, engagement, tmp_path):
    newer = tmp_path / "newer.db"
    ok("backup", str(newer))
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    result = run("restore", str(newer), "--yes")
    assert result.code == 2 and "unknown to this coachlog" in result.err


def test_doctor_reports_and_fails_on_a_problem(ok, run, engagement, store_file):
    healthy = json.loads(ok("doctor", "--json").out)
    assert healthy["ok"] is True
    assert (
        healthy["schema_revision"],
        healthy["journal_mode"],
        healthy["integrity"],
        healthy["foreign_keys"],
    ) == (healthy["schema_head"], "wal", "ok", "ok")
    assert healthy["file_mode"] == "0o600" and healthy["newest_backup"] is None
    assert "All is well." in ok("doctor").out
    ok("backup")
    assert json.loads(ok("doctor", "--json").out)["newest_backup"].endswith(".db")
    store_file.chmod(0o644)
    sick = run("doctor")
    assert sick.code == 1 and "readable by others" in sick.out


def test_doctor_finds_a_damaged_store(ok, run, engagement, store_file):
    with sqlite3.connect(store_file) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(store_file.read_bytes())
    for page in range(2, pages + 1):  # scribble over every b-tree header but the schema's
        start = (page - 1) * size
        data[start : start + 8] = b"\xff" * 8
    store_file.write_bytes(bytes(data))
    result = run("doctor", "--json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["integrity"] == "failed"
