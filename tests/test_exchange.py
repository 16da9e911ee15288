"""Export and import: the coach's data out, and back in, whole."""

from __future__ import annotations

import csv
import json
import os

import pytest

pytestmark = pytest.mark.both_backends


MARKER = "PRIVATE-MARKER-91c2"


@pytest.fixture
def engagement(ok):
    ok("demo", "--db", os.environ["COACHLOG_DB"])
    ok("session", "add", "maya", "--on", "yesterday", "--notes", "Shared", "--private", MARKER)
    ok("session", "delete", "S1")  # the trash travels too
    return "maya-chen"


def exported(ok, *args: str) -> dict:
    return json.loads(ok("export", "--format", "json", *args).out)


def without_stamp(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


def test_json_round_trip_is_exact(ok, engagement, tmp_path):
    first = tmp_path / "first.json"
    ok("export", "--format", "json", "--out", str(first))
    assert oct(first.stat().st_mode & 0o777) == "0o600"
    other = tmp_path / "other.db"
    result = ok("--db", str(other), "import", str(first))
    assert result.out.startswith(f"Imported {first}: ")
    again = json.loads(ok("--db", str(other), "export", "--format", "json").out)
    assert without_stamp(again) == without_stamp(json.loads(first.read_text()))
    document = json.loads(first.read_text())
    assert document["format"] == "coachlog-export" and document["version"] == 1
    sessions = document["records"]["sessions"]
    assert any(s["private_notes"] == MARKER for s in sessions)  # the coach's own copy
    assert sum(s["deleted_at"] is not None for s in sessions) == 1


def test_importing_twice_changes_nothing(ok, engagement, tmp_path, snapshot):
    path = tmp_path / "e.json"
    ok("export", "--format", "json", "--out", str(path))
    before = snapshot()
    result = ok("import", str(path))
    total = sum(len(v) for v in json.loads(path.read_text())["records"].values())
    assert result.out == f"Imported {path}: 0 added, 0 updated, {total} unchanged\n"
    assert snapshot() == before


def test_the_newer_change_wins(ok, engagement, tmp_path):
    document = exported(ok)
    goals = document["records"]["goals"]
    goals[0]["title"] = "Renamed in the file, later"
    goals[0]["updated_at"] = "2030-01-01T00:00:00+00:00"
    goals[1]["title"] = "Renamed in the file, earlier"
    goals[1]["updated_at"] = "2000-01-01T00:00:00+00:00"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document))
    assert "0 added, 1 updated" in ok("import", str(path)).out
    titles = {
        g["id"]: g["title"]
        for g in json.loads(ok("goals", "maya", "--all", "--json").out)["clients"][0]["goals"]
    }
    assert titles["G1"] == "Renamed in the file, later"
    assert titles["G2"] == "Tell the reorg story in her own words"


def test_one_client_can_be_exported_alone(ok, engagement):
    ok("client", "add", "John Roe")
    ok("session", "add", "john", "--notes", "John's session")
    document = exported(ok, "--client", "john")
    records = document["records"]
    assert [c["handle"] for c in records["clients"]] == ["john-roe"]
    assert [s["notes"] for s in records["sessions"]] == ["John's session"]
    assert records["goals"] == []


def test_csv_is_a_folder_of_tables(ok, engagement, tmp_path):
    folder = tmp_path / "tables"
    ok("export", "--format", "csv", "--out", str(folder))
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(
        [
            "clients.csv",
            "agreements.csv",
            "goals.csv",
            "goal_updates.csv",
            "sessions.csv",
            "requests.csv",
            "request_events.csv",
            "advice.csv",
            "advice_events.csv",
        ]
    )
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert all(oct(path.stat().st_mode & 0o777) == "0o600" for path in folder.iterdir())
    with (folder / "sessions.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 7
    assert rows[0]["notes"].startswith("Kick-off.")
    assert rows[0]["goals"].count(";") == 1  # two goals discussed


def test_the_markdown_journal_is_client_facing(ok, engagement):
    journal = ok("export", "--format", "markdown", "--client", engagement).out
    assert journal.startswith("# Coaching journal")
    assert "## Maya Chen (VP Engineering, Northwind Labs)" in journal
    assert "### Goals" in journal and "| Goal | Status | Progress | Target |" in journal
    assert "Shared" in journal
    assert MARKER not in journal and "sleeping badly" not in journal
    assert "Kick-off" not in journal  # S1 is in the trash


def test_the_calendar_is_valid_icalendar(ok, engagement, tmp_path):
    from icalendar import Calendar

    path = tmp_path / "coaching.ics"
    ok("export", "--format", "ics", "--out", str(path))
    calendar = Calendar.from_ical(path.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    todos = [c for c in calendar.walk("VTODO")]
    assert [str(e["summary"]) for e in events] == ["Coaching: Maya Chen"]
    assert events[0].decoded("dtstart").isoformat() == "2026-12-01T09:00:00+00:00"
    assert sorted(str(t["summary"]) for t in todos) == [
        "Ask each director which decision they want to own",
        "Skip one operations review on purpose",
    ]
    assert MARKER.encode() not in path.read_bytes()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            '{"format": "coachlog-export", "version": 1, "records": {"clients": [',
            "is not valid JSON (line 1",
        ),
        ("[1, 2, 3]", "is not a coachlog export"),
        ('{"format": "someone-else"}', "is not a coachlog export"),
        ('{"format": "coachlog-export", "version": 9, "records": {}}', "written by a newer"),
        (
            '{"format": "coachlog-export", "version": 1, "records": {"notes": []}}',
            "records.notes is not a kind",
        ),
    ],
)
def test_a_malformed_or_foreign_file_is_refused_and_changes_nothing(
    run, engagement, tmp_path, snapshot, content, said
):
    path = tmp_path / "bad.json"
    path.write_text(content)
    before = snapshot()
    result = run("import", str(path))
    assert (result.code, result.out) == (2, "")
    assert said in result.err and result.err.count("\n") == 1
    assert snapshot() == before


def test_a_truncated_export_is_refused(run, ok, engagement, tmp_path, snapshot):
    text = ok("export", "--format", "json").out
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2])
    before = snapshot()
    result = run("import", str(path))
    assert result.code == 2 and "is the file complete?" in result.err
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda r: r["goals"][0].update(client="00000000-0000-4000-8000-000000000000"),
            "records.goals[0].client: no client 00000000-0000-4000-8000-000000000000",
        ),
        (
            lambda r: r["sessions"][2].update(at="last tuesday"),
            "records.sessions[2].at: 'last tuesday' is not an ISO datetime",
        ),
        (lambda r: r["goals"][1].update(progress=140), "records.goals[1].progress"),
        (
            lambda r: r["requests"][0].update(state="forgotten"),
            "records.requests[0].state: 'forgotten' is not one of",
        ),
        (lambda r: r["clients"][0].pop("name"), "records.clients[0].name is missing"),
        (
            lambda r: r["sessions"][0].update(goals=["not-a-goal-uuid"]),
            "records.sessions[0].goals: no goal not-a-goal-uuid",
        ),
    ],
)
def test_a_wrong_record_is_refused_where_it_is(
    run, ok, engagement, tmp_path, snapshot, change, said
):
    document = exported(ok)
    for client in document["records"]["clients"]:  # new to this store: every record is added
        client["handle"] += "-copy"
    for kind in document["records"].values():
        for record in kind:
            record["uuid"] = record["uuid"][:-4] + "beef"
            for field in ("client", "goal", "session", "request", "advice"):
                if isinstance(record.get(field), str):
                    record[field] = record[field][:-4] + "beef"
            if "goals" in record:
                record["goals"] = [uuid[:-4] + "beef" for uuid in record["goals"]]
    change(document["records"])
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(document))
    before = snapshot()
    result = run("import", str(path))
    assert (result.code, result.out) == (2, "")
    assert said in result.err, result.err
    assert snapshot() == before


def test_bad_export_input(run, engagement, tmp_path):
    assert run("export", "--format", "pdf").code == 2
    missing = run("export", "--format", "json", "--out", str(tmp_path / "no" / "e.json"))
    assert (missing.code, missing.err.count("\n")) == (2, 1) and "does not exist" in missing.err
    folderless = run("export", "--format", "csv")
    assert folderless.code == 2 and "--out FOLDER" in folderless.err
