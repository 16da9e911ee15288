"""Where the store is: any file path names that one file for every part of
coachlog, a URL coachlog cannot use is one clear error, and a --db link that
leads nowhere is refused without creating anything."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

# Characters a URI or a URL would read as syntax: a query, a fragment, an
# escape (`%41` is "A" once decoded), a separator; and text that needs quoting.
ODD_CHARACTERS = ["?", "#", "%41", " ", "é", "&", "="]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def clients_in(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path.as_uri().removeprefix('file://')}?mode=ro", uri=True)
    try:
        return [handle for (handle,) in connection.execute("SELECT handle FROM client")]
    finally:
        connection.close()


@pytest.mark.real_migrations  # the store is made at that path, not copied there
@pytest.mark.parametrize("character", ODD_CHARACTERS)
def test_a_store_path_with_any_characters_is_that_one_file(ok, tmp_path, character):
    folder = tmp_path / "odd"
    folder.mkdir()
    db = folder / f"co{character}ach{character}log.db"
    exported = tmp_path / "out" / "export.json"
    exported.parent.mkdir()

    def coachlog(*args: str):
        return ok("--db", str(db), *args)

    assert coachlog("client", "add", "Jane Doe").out == "Added client jane-doe (Jane Doe)\n"
    coachlog("session", "add", "jane-doe", "--notes", "Board prep", "--private", "tired")
    assert "Jane Doe" in coachlog("goals").out
    assert "S1" in coachlog("search", "board").out
    coachlog("export", "-f", "json", "-o", str(exported))
    coachlog("client", "add", "Sam Lee")
    imported = coachlog("import", str(exported))  # through the ORM's engine
    assert imported.out.endswith(": 0 added, 0 updated, 2 unchanged\n")
    backed_up = coachlog("backup").out.strip()
    copy = Path(backed_up.removeprefix("Backed up to "))
    assert copy.parent == folder / "backups" and copy.is_file()
    assert "All is well" in coachlog("doctor").out
    coachlog("client", "add", "Ann Other")
    coachlog("restore", str(copy), "--yes")

    assert clients_in(db) == ["jane-doe", "sam-lee"]
    beside = {path.name for path in folder.iterdir()}
    assert beside <= {db.name, f"{db.name}-wal", f"{db.name}-shm", "backups"}, beside
    assert {path.parent for path in tmp_path.rglob("*") if path.is_file()} <= {
        folder,
        folder / "backups",
        exported.parent,
    }


def test_a_sqlite_url_is_its_path_taken_literally(ok, tmp_path):
    (tmp_path / "url").mkdir()
    db = tmp_path / "url" / "a?b#c.db"
    ok("--db", f"sqlite:///{db}", "client", "add", "Jane Doe")
    assert clients_in(db) == ["jane-doe"]
    assert sorted(path.name for path in db.parent.iterdir()) == sorted(
        [db.name, f"{db.name}-wal", f"{db.name}-shm"]
    )


@pytest.mark.parametrize(
    ("url", "code", "says"),
    [
        ("mysql://coach@db.example/practice", 2, "cannot use a mysql:// store"),
        ("foo://bar", 2, "cannot use a foo:// store"),
        ("postgres://coach@db.example/practice", 2, "write postgresql://"),
        ("postgresql+nodriver://coach@db.example/practice", 2, "not a PostgreSQL driver"),
        ("postgresql+psycopg://coach@db.example:port/practice", 2, "port must be a number"),
        ("postgresql+psycopg://coach@db.example:99999/practice", 2, "port must be a number"),
        ("postgresql://coach@[::1/practice", 2, "cannot be read"),
        ("sqlite://", 2, "not a store file"),
        ("not a url://at all", 2, "not a URL"),
        # A driver SQLAlchemy knows but this machine lacks: the store cannot be used here.
        ("postgresql+psycopg2://coach@127.0.0.1:1/practice", 3, "psycopg2 is not installed"),
    ],
)
def test_a_url_coachlog_cannot_use_is_one_clear_error(run, url, code, says):
    result = run("--db", url, "client", "list")
    assert result.code == code
    assert result.out == ""
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1
    assert says in result.err
    assert "unexpected" not in result.err


def test_a_url_error_comes_from_coachlog_db_too(run, monkeypatch):
    monkeypatch.setenv("COACHLOG_DB", "mysql://coach@db.example/practice")
    result = run("goals")
    assert (result.code, result.out) == (2, "")
    assert "cannot use a mysql:// store" in result.err


def test_a_db_link_to_nothing_is_refused_and_nothing_is_created(run, tmp_path):
    target = tmp_path / "elsewhere" / "store.db"
    target.parent.mkdir()
    link = tmp_path / "links" / "store.db"
    link.parent.mkdir()
    link.symlink_to(target)

    result = run("--db", str(link), "client", "add", "Jane Doe")

    assert (result.code, result.out) == (3, "")
    assert result.err == (
        f"Error: {link} is a symbolic link to {target}, which does not exist; nothing was "
        "created. Point --db at the store file itself.\n"
    )
    assert not target.exists()
    assert list(target.parent.iterdir()) == [] and list(link.parent.iterdir()) == [link]


def test_a_db_link_to_a_folder_is_refused(run, tmp_path):
    (tmp_path / "folder").mkdir()
    link = tmp_path / "store.db"
    link.symlink_to(tmp_path / "folder")
    result = run("--db", str(link), "client", "list")
    assert (result.code, result.out) == (3, "")
    assert "which is not a file" in result.err
    assert list((tmp_path / "folder").iterdir()) == []


def test_a_db_link_to_a_store_opens_that_store(ok, tmp_path, store_file):
    ok("client", "add", "Jane Doe")
    before = sha256(store_file)
    link = tmp_path / "link.db"
    link.symlink_to(store_file)
    assert "jane-doe" in ok("--db", str(link), "client", "list").out
    assert sha256(store_file) == before


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://coach@127.0.0.1:1/practice",
        # A scheme is case-insensitive: this is the same URL, not "a postgresql:// store".
        "POSTGRESQL+PSYCOPG://coach@127.0.0.1:1/practice",
    ],
)
def test_a_server_that_cannot_be_reached_is_one_line_exit_3(run, url):
    result = run("--db", url, "client", "list")
    assert (result.code, result.out) == (3, "")
    assert result.err.startswith(
        "Error: the store at postgresql+psycopg://127.0.0.1/practice cannot be used: "
    )
    assert result.err.count("\n") == 1, result.err


def test_a_sqlite_url_scheme_in_capitals_is_still_a_path(ok, tmp_path):
    db = tmp_path / "caps.db"
    ok("--db", f"SQLite:///{db}", "client", "add", "Jane Doe")
    assert clients_in(db) == ["jane-doe"]
