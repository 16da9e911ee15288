"""A hostile or broken export file: one `Error:` line naming where it is
wrong, exit 2, the store as it was; never a crash."""

from __future__ import annotations

import copy
import json

import pytest

pytestmark = pytest.mark.both_backends

STAMP = "2026-11-01T09:00:00+00:00"
CLIENT, OTHER, GOAL, OTHER_GOAL = (f"{n}0000000-0000-4000-8000-000000000000" for n in "1234")
SESSION, REQUEST = (f"{n}0000000-0000-4000-8000-000000000000" for n in "56")


def stamped(uuid: str, **fields) -> dict:
    return {"uuid": uuid, "created_at": STAMP, "updated_at": STAMP, **fields}


def base() -> dict:
    """A small, valid export: two clients, a goal each, a session, a request."""
    return {
        "format": "coachlog-export",
        "version": 1,
        "exported_at": STAMP,
        "records": {
            "clients": [
                stamped(CLIENT, handle="jane-doe", name="Jane Doe", status="active"),
                stamped(OTHER, handle="li-ming", name="Li Ming", status="active"),
            ],
            "agreements": [
                stamped(
                    "a0000000-0000-4000-8000-000000000000",
                    client=CLIENT,
                    revision=1,
                    cadence_days=14,
                    session_minutes=60,
                ),
            ],
            "goals": [
                stamped(GOAL, client=CLIENT, title="Speak first", status="active", progress=10),
                stamped(OTHER_GOAL, client=OTHER, title="Delegate", status="active", progress=0),
            ],
            "sessions": [
                stamped(
                    SESSION,
                    client=CLIENT,
                    at=STAMP,
                    status="held",
                    channel="video",
                    duration_minutes=45,
                    notes="Shared",
                    goals=[GOAL],
                ),
            ],
            "requests": [
                stamped(
                    REQUEST,
                    client=CLIENT,
                    goal=GOAL,
                    text="Draft the memo",
                    state="accepted",
                    due_date="2026-11-20",
                ),
            ],
            "request_events": [
                stamped(
                    "e1000000-0000-4000-8000-000000000000",
                    request=REQUEST,
                    at=STAMP,
                    from_state=None,
                    to_state="proposed",
                ),
                stamped(
                    "e2000000-0000-4000-8000-000000000000",
                    request=REQUEST,
                    at="2026-11-02T09:00:00+00:00",
                    from_state="proposed",
                    to_state="accepted",
                ),
            ],
        },
    }


def at(document: dict, path: str, value) -> dict:
    """`document` with the field at `records.kind.index.field` set."""
    changed = copy.deepcopy(document)
    kind, index, name = path.split(".")
    changed["records"][kind][int(index)][name] = value
    return changed


def linked_across(document: dict) -> dict:
    """Li Ming's request, linked to Jane's session."""
    for name, value in (("client", OTHER), ("goal", None), ("session", SESSION)):
        document = at(document, f"requests.0.{name}", value)
    return document


def advice_across(document: dict) -> dict:
    """Advice for Li Ming about Jane's goal."""
    changed = copy.deepcopy(document)
    changed["records"]["advice"] = [
        stamped(
            "ad000000-0000-4000-8000-000000000000",
            client=OTHER,
            goal=GOAL,
            text="Try it",
            kind="advice",
            response="pending",
        )
    ]
    return changed


HOSTILE = [
    # (what, the file's text, what the message must name)
    ("nested", "[" * 100_000 + "]" * 100_000, "nests deeper"),
    ("a huge number", '{"format": "coachlog-export", "version": 1' + "0" * 5000 + "}", "not"),
    ("version infinity", json.dumps({**base(), "version": 1e400}), "version must be"),
    ("version zero", json.dumps({**base(), "version": 0}), "version must be"),
    ("lone surrogate", json.dumps(at(base(), "goals.0.title", "Speak \ud800 first")), "surrogate"),
    ("past 64 bits", json.dumps(at(base(), "goals.0.progress", 2**70)), "goals[0].progress"),
    ("NaN progress", json.dumps(at(base(), "goals.0.progress", float("nan"))), "whole number"),
    ("float duration", json.dumps(at(base(), "sessions.0.duration_minutes", 4.5)), "whole"),
    ("blank handle", json.dumps(at(base(), "clients.0.handle", "  ")), "clients[0].handle"),
    ("blank name", json.dumps(at(base(), "clients.0.name", "")), "clients[0].name"),
    ("bad handle", json.dumps(at(base(), "clients.0.handle", "Jane Doe!")), "usable handle"),
    ("id-like handle", json.dumps(at(base(), "clients.0.handle", "s1")), "usable handle"),
    ("negative duration", json.dumps(at(base(), "sessions.0.duration_minutes", -5)), "from 1"),
    ("negative cadence", json.dumps(at(base(), "agreements.0.cadence_days", -14)), "from 1"),
    ("zero revision", json.dumps(at(base(), "agreements.0.revision", 0)), "revision"),
    ("progress 101", json.dumps(at(base(), "goals.0.progress", 101)), "from 0 to 100"),
    ("unknown state", json.dumps(at(base(), "requests.0.state", "maybe")), "not one of"),
    ("done never accepted", json.dumps(at(base(), "requests.0.state", "done")), "history ends"),
    ("year 1", json.dumps(at(base(), "sessions.0.at", "0001-01-01T00:00:00+00:00")), "outside"),
    ("year 9999", json.dumps(at(base(), "requests.0.due_date", "9999-12-31")), "outside"),
    ("goal of another client", json.dumps(at(base(), "requests.0.goal", OTHER_GOAL)), "another"),
    (
        "session of another client's goal",
        json.dumps(at(base(), "sessions.0.goals", [OTHER_GOAL])),
        "another client",
    ),
    ("a list of strings", json.dumps({**base(), "records": {"clients": ["x"]}}), "not an object"),
    ("huge version", json.dumps({**base(), "version": 10**30}), "newer coachlog"),
    ("version as text", json.dumps({**base(), "version": "1"}), "version must be"),
    ("records a list", json.dumps({**base(), "records": []}), '"records" must be'),
    ("not an export", json.dumps([1, 2]), "not a coachlog export"),
    ("Infinity progress", json.dumps(at(base(), "goals.0.progress", float("inf"))), "whole"),
    ("true as a number", json.dumps(at(base(), "goals.0.progress", True)), "whole number"),
    ("number as text", json.dumps(at(base(), "goals.0.title", 12)), "goals[0].title"),
    ("uuid a number", json.dumps(at(base(), "goals.0.uuid", 7)), "goals[0].uuid"),
    ("stamp a number", json.dumps(at(base(), "goals.0.created_at", 0)), "goals[0].created_at"),
    ("stamp no zone", json.dumps(at(base(), "goals.0.updated_at", "2026-11-01T09:00")), "zone"),
    ("day as a list", json.dumps(at(base(), "requests.0.due_date", [2026])), "ISO date"),
    ("parent a number", json.dumps(at(base(), "goals.0.client", 1)), "goals[0].client"),
    ("goals as text", json.dumps(at(base(), "sessions.0.goals", GOAL)), "list of goal uuids"),
    ("unknown kind", json.dumps({**base(), "records": {"notes": []}}), "records.notes"),
    ("unknown channel", json.dumps(at(base(), "sessions.0.channel", "telepathy")), "not one of"),
    ("unknown status", json.dumps(at(base(), "clients.0.status", "gone")), "clients[0].status"),
    ("negative revision", json.dumps(at(base(), "agreements.0.revision", -1)), "from 1"),
    ("progress -1", json.dumps(at(base(), "goals.0.progress", -1)), "from 0 to 100"),
    ("NUL in text", json.dumps(at(base(), "sessions.0.notes", "a\x00b")), "NUL"),
    ("missing client", json.dumps(at(base(), "goals.0.client", "f" * 8)), "no client"),
    ("year 1899", json.dumps(at(base(), "goals.0.created_at", "1899-12-31T23:00Z")), "1900"),
    ("session of another client", json.dumps(linked_across(base())), "requests[0].session"),
    ("advice on another's goal", json.dumps(advice_across(base())), "advice[0].goal"),
    ("text where a list goes", json.dumps({**base(), "records": {"goals": "x"}}), "not a list"),
]


def test_the_base_file_imports(ok, tmp_path):
    path = tmp_path / "base.json"
    path.write_text(json.dumps(base()), encoding="utf-8")
    assert "added" in ok("import", str(path)).out


@pytest.mark.parametrize(("what", "text", "said"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_hostile_file_is_refused_and_changes_nothing(
    ok, run, snapshot, tmp_path, what, text, said
):
    ok("client", "add", "Sam Lee")
    before = snapshot()
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = run("import", str(path))
    assert result.code == 2, (what, result.err)
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1
    assert said in result.err, result.err
    assert "unexpected" not in result.err
    assert snapshot() == before


def test_a_file_past_the_size_bound_is_refused_before_it_is_read(run, tmp_path, monkeypatch):
    from coachlog.journal import importing

    monkeypatch.setattr(importing, "MAX_BYTES", 1024)
    path = tmp_path / "huge.json"
    path.write_text(" " * 2048 + json.dumps(base()), encoding="utf-8")
    result = run("import", str(path))
    assert result.code == 2, result.err
    assert result.err == (
        f"Error: {path} is larger than 0 MiB, the most import reads; check it is the right "
        "file, or export one client at a time (export --client C).\n"
    )
    assert result.out == ""


def test_a_gigabyte_file_is_refused_without_reading_it(run, snapshot, tmp_path):
    path = tmp_path / "whitespace.json"
    with open(path, "wb") as sparse:  # a gigabyte of NULs, taking no disk
        sparse.truncate(2**30)
    before = snapshot()
    result = run("import", str(path))
    assert result.code == 2, result.err
    assert result.err.startswith(f"Error: {path} is larger than 256 MiB, the most import reads")
    assert snapshot() == before


def test_the_bound_holds_on_stdin_too(run, tmp_path, monkeypatch):
    from coachlog.journal import importing

    monkeypatch.setattr(importing, "MAX_BYTES", 1024)
    result = run("import", "-", stdin=" " * 2048 + json.dumps(base()))
    assert result.code == 2 and "stdin is larger than" in result.err


def test_an_export_on_stdin_imports(ok, snapshot):
    assert "9 added" in ok("import", "-", stdin=json.dumps(base())).out


def test_a_later_file_cannot_move_a_record_to_another_client(ok, run, snapshot, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(base()), encoding="utf-8")
    ok("import", str(path))
    before = snapshot()
    moved = at(at(base(), "goals.0.client", OTHER), "goals.0.updated_at", "2026-11-05T09:00Z")
    moved = at(moved, "requests.0.goal", None)
    moved = at(moved, "sessions.0.goals", [])
    path.write_text(json.dumps(moved), encoding="utf-8")
    result = run("import", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "Error: records.goals[0].client differs from the client it has in this store; "
        "a record never moves to another client.\n"
    )
    assert snapshot() == before
