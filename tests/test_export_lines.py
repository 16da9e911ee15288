"""The JSON export writes each record as `json.dumps` writes the record read
as typed values, whatever the store holds: the export builds its lines from
the driver's raw rows for speed, and must not differ from the plain way."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from coachlog.queries.export import records
from coachlog.render.data import to_data
from coachlog.store import reading, resolve

pytestmark = pytest.mark.both_backends

AWKWARD = 'Quotes " and \\ back, tab\there, é, 漢字, emoji 🎯, \u2028 a bell \x07 end'


@pytest.fixture
def engagement(ok):
    ok("demo", "--db", os.environ["COACHLOG_DB"])
    ok("client", "add", AWKWARD, "--handle", "awkward", "--tz", "Asia/Tokyo")
    ok("goal", "add", "awkward", AWKWARD, "--by", "2027-02-28")
    ok("session", "add", "awkward", "--on", "2026-11-20 14:00", "--notes", AWKWARD, "--goal", "G4")
    ok("request", "add", "awkward", AWKWARD, "--due", "2026-12-24")
    ok("request", "counter", "R5", AWKWARD, "--due", "2027-01-02")
    ok("advice", "add", "awkward", AWKWARD)
    ok("session", "delete", "S1")


def plain_lines() -> list[str]:
    """The records' lines as `json.dumps` of the typed read writes them."""
    with reading(resolve(None)) as reader:
        found = records(reader)
    return [
        json.dumps(to_data(record), ensure_ascii=False)
        for kind in found.values()
        for record in kind
    ]


def record_lines(text: str) -> list[str]:
    lines = text.split("\n")  # not splitlines(): a record may hold U+2028 as it is
    return [line.removesuffix(",") for line in lines if line.startswith('{"uuid": ')]


def test_each_record_is_written_as_json_dumps_writes_it(ok, engagement):
    exported = ok("export", "--format", "json").out
    assert record_lines(exported) == plain_lines()
    assert json.loads(exported)["records"]["clients"][-1]["name"] == AWKWARD


def test_a_time_or_date_stored_in_another_form_exports_as_its_value(ok, engagement, store_file):
    """Times coachlog did not write itself (without a fraction, with a T, a
    whole second) and a date with a time after it read as their values; a
    goal uuid that is not ASCII is written as it is."""
    connection = sqlite3.connect(store_file)
    with connection:
        connection.execute(
            "UPDATE session SET at = '2026-11-20 14:00:00', "
            "deleted_at = '2026-11-21T08:30:00.250000' WHERE id = 1"
        )
        connection.execute("UPDATE session SET at = '2026-11-22 09:00:00.000000' WHERE id = 2")
        connection.execute("UPDATE goal SET target_date = '2027-03-01 00:00:00' WHERE id = 1")
        # A uuid from another tool's file may be any text: the session's goals list it as is.
        connection.execute("UPDATE goal SET uuid = 'goal-née-été' WHERE id = 4")
    connection.close()
    exported = ok("export", "--format", "json").out
    assert record_lines(exported) == plain_lines()
    times = [(s["at"], s["deleted_at"]) for s in json.loads(exported)["records"]["sessions"]]
    assert ("2026-11-20T14:00:00+00:00", "2026-11-21T08:30:00.250000+00:00") in times
    assert ("2026-11-22T09:00:00+00:00", None) in times
    assert json.loads(exported)["records"]["goals"][0]["target_date"] == "2027-03-01"
    assert '"goals": ["goal-née-été"]' in exported


def test_one_clients_export_holds_its_records_alone(ok, engagement):
    document = json.loads(ok("export", "--format", "json", "--client", "awkward").out)
    assert [c["handle"] for c in document["records"]["clients"]] == ["awkward"]
    client = document["records"]["clients"][0]["uuid"]
    assert {g["client"] for g in document["records"]["goals"]} == {client}
    (session,) = document["records"]["sessions"]
    assert session["notes"] == AWKWARD and len(session["goals"]) == 1
