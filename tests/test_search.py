"""Search: find it in a second, whatever was typed."""

from __future__ import annotations

import json
import sqlite3

import pytest

pytestmark = pytest.mark.both_backends


def hits(ok, *args: str) -> list[tuple[str, str]]:
    found = json.loads(ok("search", *args, "--json").out)["hits"]
    return [(hit["id"], hit["snippet"]) for hit in found]


@pytest.fixture
def notes(ok, jane):
    ok("client", "add", "John Roe")
    ok(
        "session",
        "add",
        jane,
        "--on",
        "2026-03-10",
        "--notes",
        "We talked about delegation to the two directors.",
        "--private",
        "Delegation worries her more than she says.",
    )
    ok("session", "add", jane, "--on", "2026-04-02", "--notes", "Board deck review.")
    ok("session", "add", "john", "--notes", "Delegating the hiring loop.")
    ok("goal", "add", jane, "Delegate the ops review", "--outcome", "Directors run it")
    ok("request", "add", jane, "List three decisions to delegate")
    ok("advice", "add", jane, "Delegation is a skill; practise it weekly")
    return jane


def test_a_word_finds_notes_goals_requests_and_advice_ranked(ok, notes):
    found = hits(ok, "delegation")
    ids = [hit for hit, _ in found]
    assert set(ids) == {"S1", "A1"}
    assert "**Delegation**" in dict(found)["A1"] or "**delegation**" in dict(found)["S1"]
    prefixed = [hit for hit, _ in hits(ok, "deleg")]  # word starts match too
    assert set(prefixed) == {"S1", "S3", "G1", "R1", "A1"}


def test_private_notes_are_searched_for_the_coach(ok, notes):
    assert [hit for hit, _ in hits(ok, "worries")] == ["S1"]


def test_every_word_must_match_and_the_client_filter_narrows(ok, notes):
    assert [hit for hit, _ in hits(ok, "delegation directors")] == ["S1"]
    assert [hit for hit, _ in hits(ok, "deleg", "--client", "john")] == ["S3"]


def test_a_hit_shows_id_client_date_and_highlighted_snippet(ok, notes):
    found = json.loads(ok("search", "directors", "--json").out)["hits"]
    first = {hit["id"]: hit for hit in found}["S1"]
    assert (first["client"], first["at"], first["kind"]) == (
        "jane-doe",
        "2026-03-10T09:00:00+00:00",  # a bare day is logged at default_time
        "session",
    )
    assert "**directors**" in first["snippet"]
    table = ok("search", "directors").out
    assert "S1" in table and "jane-doe" in table and " the two directors." in table
    assert "**" not in table  # piped: plain text (tests/test_highlight.py)


@pytest.mark.parametrize(
    ("query", "finds_s1"),
    [
        ('"delegation', True),
        ("delegation*", True),
        ("(delegation", True),
        ("delegation)", True),
        ("delegation:", True),
        ("{delegation}", True),
        ("-delegation", True),
        ("NEAR(delegation directors)", False),  # NEAR is a word here, and not in S1
        ("delegation AND", False),
        ("OR delegation", False),
        ("'; DROP TABLE session; --", False),
    ],
)
def test_fts_syntax_is_plain_words_never_a_crash(run, notes, query, finds_s1):
    result = run("search", "--json", "--", query)
    assert result.code == 0, result.err
    found = [hit["id"] for hit in json.loads(result.out)["hits"]]
    assert ("S1" in found) is finds_s1


def test_a_query_with_no_words_is_refused(run, notes):
    result = run("search", '"" * ()')
    assert (result.code, result.err) == (2, "Error: give at least one word to search for.\n")


def test_edits_and_the_trash_keep_the_index_in_step(ok, notes):
    ok("session", "edit", "S2", "--notes", "Quarterly budget conversation.")
    assert [hit for hit, _ in hits(ok, "budget")] == ["S2"]
    assert hits(ok, "deck") == []
    ok("session", "delete", "S1")
    assert "S1" not in [hit for hit, _ in hits(ok, "delegation")]


def test_upgrading_an_older_store_builds_the_index(ok, store_file):
    """A store from before search existed (revision 0001) is backed up,
    upgraded, and its existing notes can be found."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    import coachlog.store

    engine = create_engine(f"sqlite:///{store_file}")
    config = Config()
    config.set_main_option(
        "script_location", str(coachlog.store.Path(coachlog.store.__file__).parent / "migrations")
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO client (uuid, created_at, updated_at, handle, name, status) VALUES "
            "('c-1', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 'old', "
            "'Old Client', 'active')"
        )
        connection.exec_driver_sql(
            "INSERT INTO session (uuid, created_at, updated_at, client_id, at, status, channel, "
            "notes) VALUES ('s-1', '2026-01-02 00:00:00.000000', '2026-01-02 00:00:00.000000', "
            "1, '2026-01-02 10:00:00.000000', 'held', 'video', 'A note about succession.')"
        )
    engine.dispose()
    assert [hit for hit, _ in hits(ok, "succession")] == ["S1"]
    backups = list((store_file.parent / "backups").iterdir())
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    try:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    finally:
        old.close()


@pytest.fixture
def five_matches(ok, jane, monkeypatch):
    """Five sessions naming delegation, the oldest the best match (the word
    three times in a short note); only each kind's latest three are ranked."""
    from coachlog.queries import search

    monkeypatch.setattr(search, "RANKED", 3)
    ok("session", "add", jane, "--on", "2026-03-02", "--notes", "Delegation delegation delegation.")
    for day in range(3, 7):
        ok(
            "session",
            "add",
            jane,
            "--on",
            f"2026-03-0{day}",
            "--notes",
            f"A long talk about the board, the budget, the team and some delegation ({day}).",
        )
    return jane


RANKED_NOTE = (
    "Ranked the latest 3 matches of each kind (sessions, goals, requests, advice) of {n}; "
    "{narrow} to narrow the search, or --all to rank every match.\n"
)


def test_a_word_in_more_records_than_are_ranked_says_so(ok, five_matches):
    found = ok("search", "delegation", "--limit", "2", "--json")
    shown = [hit["id"] for hit in json.loads(found.out)["hits"]]
    assert len(shown) == 2 and set(shown) <= {"S3", "S4", "S5"}  # the latest three, ranked
    assert found.err == RANKED_NOTE.format(n=5, narrow="add words or --client")
    narrowed = ok("search", "delegation", "--client", five_matches, "--limit", "2")
    assert narrowed.err == RANKED_NOTE.format(n=5, narrow="add words")
    for everything in (["--all"], ["--client", five_matches, "--all"]):
        ranked = [hit for hit, _ in hits(ok, "delegation", *everything)]
        assert ranked[0] == "S1" and sorted(ranked) == ["S1", "S2", "S3", "S4", "S5"]


def test_a_goal_is_ranked_however_many_sessions_match(ok, five_matches):
    ok("goal", "add", five_matches, "Delegation, delegation, delegation, delegation")  # the best
    found = ok("search", "delegation", "--limit", "2")
    assert found.out.splitlines()[1].startswith("G1 ")
    assert found.err == RANKED_NOTE.format(n=6, narrow="add words or --client")


def test_trashed_records_filling_the_latest_never_hide_live_ones(ok, five_matches):
    for session in ("S3", "S4", "S5"):
        ok("session", "delete", session, "--yes")
    found = ok("search", "delegation", "--limit", "2")
    assert [line.split()[0] for line in found.out.splitlines()[1:]] == ["S1", "S2"]
    assert found.err == ""  # every match was ranked: nothing to say


def test_asking_for_as_many_as_are_ranked_ranks_every_match(ok, five_matches):
    found = ok("search", "delegation", "--limit", "3")
    assert found.err == "More matches not shown; add words, or --limit N or --all.\n"
    assert hits(ok, "delegation", "--limit", "3")[0][0] == "S1"


def test_each_kinds_window_starts_at_its_own_latest_ranked_match(ok, jane, store_file):
    """Sessions and requests interleaved, goals few: each kind with more
    matches than are ranked has its own floor, the key of its `ranked`-th
    latest match, as counting them one by one gives."""
    from coachlog.queries import search
    from coachlog.readers import SQLiteReader

    for n in range(7):
        ok("session", "add", jane, "--on", f"2026-03-0{n + 1}", "--notes", f"delegation {n}")
        ok("request", "add", jane, f"Delegation step {n}")
        if n % 3 == 0:
            ok("goal", "add", jane, f"Delegation goal {n}")
    connection = sqlite3.connect(store_file)
    try:
        every = [
            key
            for (key,) in connection.execute(
                "SELECT rowid FROM search_index WHERE search_index MATCH '\"delegation\"*'"
            )
        ]
        counts, floors = search._sqlite_window(SQLiteReader(connection), ["delegation"], None, 4)
    finally:
        connection.close()
    by_kind = {code: sorted(key for key in every if key % 4 == code) for code in range(4)}
    assert counts == {code: len(keys) for code, keys in by_kind.items() if keys}
    assert counts == {0: 7, 1: 3, 2: 7}
    assert floors == {code: keys[-4] for code, keys in by_kind.items() if len(keys) >= 4}
    assert set(floors) == {0, 2}


@pytest.mark.parametrize("ranked", [1, 2, 3])
def test_a_kind_with_exactly_as_many_matches_as_are_ranked_keeps_its_oldest(
    ok, jane, store_file, ranked
):
    """The oldest match of all belongs to a kind with exactly `ranked`
    matches: its floor is that oldest key, and it is ranked."""
    from coachlog.queries import search
    from coachlog.readers import SQLiteReader

    for n in range(ranked):
        ok("goal", "add", jane, f"Board goal {n}")
    for n in range(ranked + 2):
        ok("request", "add", jane, f"Board step {n}")
    connection = sqlite3.connect(store_file)
    try:
        counts, floors = search._sqlite_window(SQLiteReader(connection), ["board"], None, ranked)
        oldest_goal = connection.execute("SELECT min(id) * 4 + 1 FROM goal").fetchone()[0]
    finally:
        connection.close()
    assert counts == {1: ranked, 2: ranked + 2}
    assert floors[1] == oldest_goal
    assert floors[2] % 4 == 2
