"""`coachlog import` reads its file as it streams and writes it in chunks,
inside one transaction: a file wrong anywhere, even far past the first
chunk, leaves the store exactly as it was; any valid JSON layout of an
export imports the same."""

from __future__ import annotations

import json
import os

import pytest

pytestmark = pytest.mark.both_backends

STAMP = "2026-11-01T09:00:00+00:00"
CLIENT = "10000000-0000-4000-8000-000000000000"


def stamped(uuid: str, **fields) -> dict:
    return {"uuid": uuid, "created_at": STAMP, "updated_at": STAMP, **fields}


def many_goals(count: int) -> dict:
    """An export of one client with `count` goals, each with a check-in."""
    goals = [
        stamped(
            f"{n:08d}-0000-4000-8000-00000000000a",
            client=CLIENT,
            title=f"Goal {n}",
            status="active",
            progress=n % 101,
        )
        for n in range(count)
    ]
    updates = [
        stamped(
            f"{n:08d}-0000-4000-8000-00000000000b",
            goal=goal["uuid"],
            at=STAMP,
            progress=goal["progress"],
            note="Check-in",
        )
        for n, goal in enumerate(goals)
    ]
    return {
        "format": "coachlog-export",
        "version": 1,
        "exported_at": STAMP,
        "records": {
            "clients": [stamped(CLIENT, handle="jane-doe", name="Jane Doe", status="active")],
            "goals": goals,
            "goal_updates": updates,
        },
    }


def written(tmp_path, document: dict | str, name: str = "export.json") -> str:
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document)
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def past_a_chunk() -> int:
    """More records than one chunk holds: the first chunks are written
    before the bad record is read."""
    from coachlog.journal.importing import CHUNK

    return 2 * CHUNK + 100


def test_a_bad_record_after_many_good_ones_leaves_the_store_as_it_was(
    ok, run, snapshot, tmp_path, past_a_chunk
):
    ok("client", "add", "Sam Lee")
    ok("goal", "add", "sam", "Delegate")
    before = snapshot()
    document = many_goals(past_a_chunk)
    last = past_a_chunk - 1
    document["records"]["goal_updates"][last]["progress"] = 140  # the file's last record
    result = run("import", written(tmp_path, document))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"Error: records.goal_updates[{last}].progress: 140 is not from 0 to 100.\n"
    )
    assert snapshot() == before
    # The same file, mended, imports whole.
    document["records"]["goal_updates"][last]["progress"] = 40
    imported = ok("import", written(tmp_path, document))
    total = 1 + 2 * past_a_chunk
    assert (
        imported.out
        == f"Imported {tmp_path / 'export.json'}: {total} added, 0 updated, 0 unchanged\n"
    )


def test_a_file_cut_off_far_into_its_records_changes_nothing(
    ok, run, snapshot, tmp_path, past_a_chunk
):
    ok("client", "add", "Sam Lee")
    before = snapshot()
    text = json.dumps(many_goals(past_a_chunk), indent=1)
    cut = written(tmp_path, text[: len(text) - 200])
    result = run("import", cut)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"Error: {cut} is not valid JSON (line ")
    assert result.err.endswith("; is the file complete?\n") and result.err.count("\n") == 1
    assert snapshot() == before


def test_a_history_found_wrong_after_every_record_is_written_changes_nothing(
    ok, run, snapshot, tmp_path, past_a_chunk
):
    """Request histories are checked once the whole file is read."""
    ok("client", "add", "Sam Lee")
    before = snapshot()
    document = many_goals(past_a_chunk)
    document["records"]["requests"] = [
        stamped(
            "30000000-0000-4000-8000-000000000000",
            client=CLIENT,
            text="Draft the memo",
            state="done",
        )
    ]
    result = run("import", written(tmp_path, document))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "Error: records.requests[0] is done but the file holds none of its history.\n"
    )
    assert snapshot() == before


def exported(ok) -> str:
    ok("demo", "--db", os.environ["COACHLOG_DB"])
    ok("session", "add", "maya", "--on", "yesterday", "--notes", "Shared, café", "--private", "P")
    ok("session", "delete", "S1")
    return ok("export", "--format", "json").out


def without_stamp(text: str) -> dict:
    return {k: v for k, v in json.loads(text).items() if k != "exported_at"}


LAYOUTS = {
    # jq -S: keys sorted, so "version" follows the records and the kinds come
    # children first ("advice" before "clients").
    "keys sorted, indented": lambda d: json.dumps(d, indent=2, sort_keys=True),
    "one line": lambda d: json.dumps(d, separators=(",", ":"), ensure_ascii=False),
    "CRLF and tabs": lambda d: json.dumps(d, indent="\t").replace("\n", "\r\n"),
}


@pytest.mark.parametrize("layout", LAYOUTS, ids=list(LAYOUTS))
def test_an_export_in_any_json_layout_imports_the_same(ok, tmp_path, layout):
    original = exported(ok)
    path = written(tmp_path, LAYOUTS[layout](json.loads(original)))
    other = tmp_path / "other.db"
    result = ok("--db", str(other), "import", path)
    assert result.out.startswith(f"Imported {path}: ") and " 0 updated, 0 unchanged\n" in result.out
    again = ok("--db", str(other), "export", "--format", "json").out
    assert without_stamp(again) == without_stamp(original)


def test_a_newer_version_named_after_the_records_is_refused_as_newer(ok, run, snapshot, tmp_path):
    ok("client", "add", "Sam Lee")
    before = snapshot()
    document = many_goals(3)
    document["version"] = 9
    document["records"]["goals"][0]["shape_of_the_future"] = True
    document["records"]["goals"][1]["progress"] = "forty"  # wrong, to this coachlog
    result = run("import", written(tmp_path, json.dumps(document, sort_keys=True)))
    assert (result.code, result.out) == (2, "")
    assert "was written by a newer coachlog (export version 9" in result.err
    assert snapshot() == before


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            '{"format": "coachlog-export", "version": 1, "records": {"clients": [], '
            '"clients": []}}',
            "records.clients appears twice",
        ),
        (
            '{"format": "coachlog-export", "version": 1, "records": {}, "records": {}}',
            '"records" appears twice',
        ),
        ('{"records": {"clients": []}, "format": "someone-else"}', "is not a coachlog export"),
        ('{"format": "coachlog-export", "version": 1}', '"records" must be an object'),
        ('{"format": "coachlog-export", "version": 1, "records": {}} {}', "Extra data"),
    ],
    ids=["a kind twice", "records twice", "format after", "no records", "two documents"],
)
def test_a_file_json_would_read_otherwise_is_refused(run, ok, snapshot, tmp_path, text, said):
    ok("client", "add", "Sam Lee")
    before = snapshot()
    result = run("import", written(tmp_path, text))
    assert (result.code, result.out) == (2, "")
    assert said in result.err and result.err.count("\n") == 1, result.err
    assert snapshot() == before


def test_a_file_that_is_not_an_export_creates_no_store(run, tmp_path):
    store = tmp_path / "new.db"
    result = run("--db", str(store), "import", written(tmp_path, '{"format": "other"}'))
    assert result.code == 2 and "is not a coachlog export" in result.err
    assert not store.exists()


def test_the_column_types_import_reads_match_the_models(backend):
    """exchange.DATES and WHOLE_NUMBERS, with tables.TIMES, type every
    column an export carries as models.py does: one schema source."""
    if backend != "sqlite":
        pytest.skip("about the code, not a store")
    from datetime import date

    from sqlmodel import SQLModel

    from coachlog import models
    from coachlog.exchange import DATES, KINDS, WHOLE_NUMBERS
    from coachlog.tables import TIMES

    for kind in KINDS:
        table = SQLModel.metadata.tables[kind.table]
        for name in ("created_at", "updated_at", *kind.columns):
            column_type = table.columns[name].type
            is_time = isinstance(column_type, models.UTCDateTime)
            assert (name in TIMES[kind.table]) == is_time, (kind.table, name)
            python_type = None if is_time else column_type.python_type
            assert ((kind.table, name) in DATES) == (python_type is date), (kind.table, name)
            assert ((kind.table, name) in WHOLE_NUMBERS) == (python_type is int), (
                kind.table,
                name,
            )
