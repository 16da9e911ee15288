"""What the import's fast paths must not change: an imported record is found
by search like one added by hand (on SQLite the search index is filled once
for the whole import, not by its trigger a row at a time), and a time or date
in any ISO form the file may hold is stored as the same moment as before
(on SQLite its stored text is cut from the exporter's own form)."""

from __future__ import annotations

import json
import sqlite3

import pytest

pytestmark = pytest.mark.both_backends

WORDS = {"G1": "quokka", "S1": "zebrafinch", "R1": "axolotl", "A1": "pangolin"}


@pytest.fixture
def exported(ok, tmp_path) -> dict:
    """An export of another store (SQLite) holding a record of each searched kind."""
    source = str(tmp_path / "source.db")
    ok("--db", source, "client", "add", "Ann Lee")
    ok("--db", source, "goal", "add", "ann", f"Grow {WORDS['G1']} skills")
    ok("--db", source, "session", "add", "ann", "--notes", f"talked {WORDS['S1']}")
    ok("--db", source, "request", "add", "ann", f"Try {WORDS['R1']}")
    ok("--db", source, "advice", "add", "ann", f"Consider {WORDS['A1']}")
    return json.loads(ok("--db", source, "export", "--format", "json").out)


def written(tmp_path, document: dict) -> str:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document))
    return str(path)


def found(ok, word: str) -> list[str]:
    return [hit["id"] for hit in json.loads(ok("search", word, "--json").out)["hits"]]


def test_imported_records_are_found_by_search_and_new_ones_after(ok, exported, tmp_path):
    ok("client", "add", "Bo Park")
    ok("session", "add", "bo", "--notes", "before the import: wombat")
    ok("import", written(tmp_path, exported))
    assert found(ok, "wombat") == ["S1"]
    for number, word in WORDS.items():
        shown = "S2" if number == "S1" else number  # S1 was taken here
        assert found(ok, word) == [shown], word
    ok("session", "add", "ann", "--on", "yesterday", "--notes", "after the import: numbat")
    assert found(ok, "numbat") == ["S3"]
    ok("session", "edit", "S2", "--notes", "talked quoll instead")
    assert found(ok, "quoll") == ["S2"] and found(ok, WORDS["S1"]) == []


@pytest.mark.parametrize(
    ("given", "moment"),
    [
        ("2026-03-01T10:00:00+02:00", "2026-03-01T08:00:00+00:00"),
        ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00+00:00"),
        ("2026-03-01T10:00:00.250+00:00", "2026-03-01T10:00:00.250000+00:00"),
        ("2026-03-01T10:00:00.000001+00:00", "2026-03-01T10:00:00.000001+00:00"),
        ("2026-03-01 10:00:00+00:00", "2026-03-01T10:00:00+00:00"),
        ("2026-W09-7T10:00:00+00:00", "2026-03-01T10:00:00+00:00"),
        ("2026-03-01T00:30:00+01:00", "2026-02-28T23:30:00+00:00"),
    ],
)
def test_a_time_in_any_iso_form_imports_as_its_moment(ok, exported, tmp_path, given, moment):
    exported["records"]["sessions"][0]["at"] = given
    exported["records"]["requests"][0]["due_date"] = "2026-12-24"
    ok("import", written(tmp_path, exported))
    again = json.loads(ok("export", "--format", "json").out)["records"]
    assert again["sessions"][0]["at"] == moment
    assert again["requests"][0]["due_date"] == "2026-12-24"
    assert json.loads(ok("session", "show", "S1", "--json").out)["at"] == moment


@pytest.mark.parametrize(
    ("field", "given", "said"),
    [
        ("at", "2026-02-31T10:00:00+00:00", "is not an ISO datetime with a zone offset"),
        ("at", "2026-03-01T10:00:00", "is not an ISO datetime with a zone offset"),
        ("at", "2026-03-01T25:00:00+00:00", "is not an ISO datetime with a zone offset"),
        ("at", "2201-01-01T00:00:00+00:00", "is outside 1900 to 2200"),
    ],
)
def test_a_time_that_is_no_moment_is_refused(
    run, ok, exported, tmp_path, snapshot, field, given, said
):
    exported["records"]["sessions"][0][field] = given
    ok("client", "add", "Bo Park")
    before = snapshot()
    result = run("import", written(tmp_path, exported))
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"Error: records.sessions[0].{field}") and said in result.err
    assert snapshot() == before


def test_a_day_that_does_not_exist_is_refused(run, ok, exported, tmp_path, snapshot):
    exported["records"]["requests"][0]["due_date"] = "2026-02-30"
    ok("client", "add", "Bo Park")
    before = snapshot()
    result = run("import", written(tmp_path, exported))
    assert result.code == 2
    assert result.err == "Error: records.requests[0].due_date: '2026-02-30' is not an ISO date.\n"
    assert snapshot() == before


def event(request: dict, uuid: str, seq: int, moved: tuple[str | None, str]) -> dict:
    return {
        "uuid": uuid,
        "created_at": "2026-11-27T09:00:00+00:00",
        "updated_at": "2026-11-27T09:00:00+00:00",
        "request": request["uuid"],
        "at": "2026-11-27T09:00:00+00:00",
        "from_state": moved[0],
        "to_state": moved[1],
        "author": "client",
        "seq": seq,
    }


@pytest.mark.parametrize(
    ("state", "imported"),
    [("accepted", True), ("countered", False)],
)
def test_moves_made_at_once_are_taken_in_uuid_order(
    run, ok, exported, tmp_path, snapshot, state, imported
):
    """Two answers to the same proposal, same place and moment: the history
    reads them in the order of their uuids, by code point ('B' before 'a',
    whatever a server's locale says), so it ends with the accepted one."""
    records = exported["records"]
    request = records["requests"][0]
    request["state"] = state
    records["request_events"] += [
        event(request, "a-accepted-0001", 1, ("proposed", "accepted")),
        event(request, "B-countered-0001", 1, ("proposed", "countered")),
    ]
    ok("client", "add", "Bo Park")
    before = snapshot()
    result = run("import", written(tmp_path, exported))
    if imported:
        assert result.code == 0, result.err
        shown = json.loads(ok("request", "show", "R1", "--json").out)
        assert shown["state"] == "accepted"
    else:
        assert result.code == 2
        assert result.err == (
            "Error: records.requests[0] is countered, but its history ends accepted.\n"
        )
        assert snapshot() == before


def schema(path) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        connection.close()


def test_an_import_leaves_the_indexes_and_triggers_as_the_store_had_them(
    ok, exported, tmp_path, store_file
):
    """An import into empty tables builds their indexes at the end: the store
    ends with the very indexes and triggers it had, sound, and used."""
    ok("client", "add", "Bo Park")
    before = schema(store_file)
    ok("import", written(tmp_path, exported))
    assert schema(store_file) == before
    connection = sqlite3.connect(store_file)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM session WHERE client_id = 1 ORDER BY at"
        ).fetchall()
        assert "ix_session_client_at" in str(plan)
    finally:
        connection.close()
    review = json.loads(ok("goals", "ann", "--json").out)["clients"][0]
    assert [goal["title"] for goal in review["goals"]] == [f"Grow {WORDS['G1']} skills"]
