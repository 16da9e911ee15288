"""The coach and the executive, each with their own coachlog on their own
machine, exchanging encrypted share bundles (`key`, `share`, `receive`).

Each party has its own store, key file and home folder, as two machines
would. The coach's store is this test's store (SQLite, or PostgreSQL for the
`both_backends` runs); the executive's is always a SQLite file of their own.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from coachlog import bundle, keys

SECRET = "PRIVATE-MARKER-7f3a"  # in every private field: must never leave the coach


class Party:
    """One person at their own machine."""

    def __init__(self, run, monkeypatch, home: Path, db: str) -> None:
        self._run, self._monkeypatch, self.home, self.db = run, monkeypatch, home, db
        home.mkdir(parents=True, exist_ok=True)
        self.key_file = home / "key"

    def __call__(self, *args: str, now: str | None = None, stdin: str = ""):
        env = {
            "COACHLOG_DB": self.db,
            "COACHLOG_KEY": str(self.key_file),
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / "data"),
        }
        for name, value in env.items():
            self._monkeypatch.setenv(name, value)
        if now:
            self._monkeypatch.setenv("COACHLOG_NOW", now)
        return self._run(*args, stdin=stdin)

    def ok(self, *args: str, now: str | None = None):
        result = self(*args, now=now)
        assert result.code == 0, f"coachlog {' '.join(args)} failed: {result.err}"
        return result

    def public_key(self) -> str:
        return json.loads(self.ok("key", "--json").out)["public_key"]

    def fingerprint(self) -> str:
        return json.loads(self.ok("key", "--json").out)["fingerprint"]

    def pair(self) -> keys.KeyPair:
        return keys.load(self.key_file)


@pytest.fixture
def coach(run, monkeypatch, tmp_path) -> Party:
    return Party(run, monkeypatch, tmp_path / "coach-home", os.environ["COACHLOG_DB"])


@pytest.fixture
def executive(run, monkeypatch, tmp_path) -> Party:
    folder = tmp_path / "executive-home"
    return Party(run, monkeypatch, folder, str(folder / "coachlog.db"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def engagement(coach: Party, executive: Party) -> None:
    """Jane's engagement on the coach's side, her key recorded."""
    coach.ok("key")
    coach.ok("client", "add", "Jane Doe", "--handle", "jane", "--org", "Acme")
    coach.ok("client", "edit", "jane", "--key", executive.public_key())
    coach.ok("agreement", "set", "jane", "--focus", "Board presence", "--cadence", "2 weeks")
    coach.ok("goal", "add", "jane", "Delegate the budget review", "--by", "2027-02-01")
    coach.ok("goal", "add", "jane", "Speak first in board meetings")
    coach.ok(
        "session",
        "add",
        "jane",
        "--on",
        "2026-11-20 10:00",
        "--notes",
        "Talked about delegation.",
        "--private",
        f"{SECRET} seemed tired",
        "--goal",
        "G1",
    )
    coach.ok(
        "request", "add", "jane", "Hand over the Q1 budget", "--due", "2026-12-04", "--goal", "G1"
    )
    coach.ok("request", "add", "jane", "Open the next board meeting")
    coach.ok("advice", "add", "jane", "Try a weekly one-to-one with your deputy")


def first_share(coach: Party, executive: Party, tmp_path: Path) -> Path:
    engagement(coach, executive)
    bundle_file = tmp_path / "jane-1.coachlog"
    coach.ok("share", "jane", "-o", str(bundle_file))
    executive.ok("receive", str(bundle_file), "--trust", coach.fingerprint())
    return bundle_file


# -- the round trip ------------------------------------------------------------


@pytest.mark.both_backends
def test_the_executive_answers_on_their_own_machine_and_the_coach_sees_it(
    coach, executive, tmp_path
):
    bundle_file = tmp_path / "to-jane.coachlog"
    engagement(coach, executive)
    shared = coach.ok("share", "jane", "-o", str(bundle_file))
    assert "2 goals, 1 session, 2 requests, 1 advice" in shared.out
    assert "no private notes" in shared.out

    received = executive.ok("receive", str(bundle_file), "--trust", coach.fingerprint())
    assert "added: 1 agreement revision, 2 goals, 1 session, 2 requests, 1 advice" in received.out
    assert "Pinned your coach's key" in received.err

    # The executive's review, with no argument, on their own machine.
    review = executive.ok("goals").out
    assert "Delegate the budget review" in review
    assert "Hand over the Q1 budget" in review and "Try a weekly one-to-one" in review
    assert "Talked about delegation." in executive.ok("session", "show", "S1").out

    executive.ok("request", "accept", "R1", "--note", "By Friday", now="2026-11-28T09:00:00")
    executive.ok("request", "counter", "R2", "Open the one after", "--due", "2027-01-15")
    executive.ok("advice", "decline", "A1", "--note", "My calendar is full")
    executive.ok("goal", "progress", "G1", "40", "--note", "Two reports handed over")
    answers = tmp_path / "from-jane.coachlog"
    executive.ok("share", "-o", str(answers), now="2026-11-28T10:00:00")

    merged = coach.ok("receive", str(answers), now="2026-11-28T11:00:00").out
    assert "R1 accepted (By Friday) by the client" in merged
    assert "R2 countered: 'Open the one after'" in merged
    assert "A1 declined (My calendar is full) by the client" in merged
    assert "G1 check-in at 40 %" in merged

    goals = coach.ok("goals", "jane").out
    assert "40%" in goals and "Hand over the Q1 budget" in goals
    assert "My calendar is full" in goals  # the client's words, in their own review
    report = coach.ok("report", "jane", "--format", "json").out
    assert json.loads(report)
    agenda = json.loads(coach.ok("agenda", "--json").out)
    assert "Open the one after" in json.dumps(agenda)  # a counter-offer awaits the coach
    # The coach lost nothing: the private note is still there, whole.
    shown = coach.ok("session", "show", "S1").out
    assert SECRET in shown and "Talked about delegation." in shown
    # The same display ids on both sides, and the same state.
    request = json.loads(coach.ok("request", "show", "R1", "--json").out)
    assert request["id"] == "R1" and request["state"] == "accepted"


def test_the_coach_s_next_bundle_brings_the_executive_up_to_date(coach, executive, tmp_path):
    first_share(coach, executive, tmp_path)
    coach.ok("goal", "edit", "G2", "--title", "Speak first at every board meeting")
    coach.ok("request", "withdraw", "R2", "--note", "The board changed its dates")
    coach.ok("session", "plan", "jane", "2026-12-04 10:00")
    second = tmp_path / "jane-2.coachlog"
    coach.ok("share", "jane", "-o", str(second))
    merged = executive.ok("receive", str(second)).out
    assert "updated: 1 goal" in merged
    assert "added: 1 session" in merged
    assert "R2 withdrawn (The board changed its dates) by your coach" in merged
    review = executive.ok("goals").out
    assert "Speak first at every board meeting" in review
    assert "Open the next board meeting" not in review  # withdrawn: nothing to answer
    assert "Fri 04 Dec 2026" in review  # the next session


def test_everything_received_is_found_by_search_and_stays_so_after_edits(
    coach, executive, tmp_path
):
    # A first receive indexes its records for search in one pass at the end;
    # the index must hold each of them, and keep up with later changes.
    first_share(coach, executive, tmp_path)
    for word, record in (
        ("delegation", "S1"),
        ("budget", "G1"),
        ("board", "G2"),
        ("deputy", "A1"),
        ("Q1", "R1"),
    ):
        assert record in executive.ok("search", word).out, word
    coach.ok("goal", "edit", "G2", "--title", "Chair the offsite")
    coach.ok("session", "add", "jane", "--notes", "Rehearsed the offsite opening.")
    second = tmp_path / "jane-2.coachlog"
    coach.ok("share", "jane", "-o", str(second))
    executive.ok("receive", str(second))
    offsite = executive.ok("search", "offsite").out
    assert "G2" in offsite and "S2" in offsite
    assert "No matches" in executive.ok("search", "Speak").out
    with sqlite3.connect(Path(executive.db)) as store:
        store.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
        triggers = {
            row[0] for row in store.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    assert {"session_search_insert", "request_search_insert", "goal_search_insert"} <= triggers


def test_a_bundle_with_a_long_history_names_twenty_moves_and_counts_the_rest(
    coach, executive, tmp_path
):
    first_share(coach, executive, tmp_path)
    for percent in range(41, 66):  # 25 check-ins
        coach.ok("goal", "progress", "G1", str(percent))
    second = tmp_path / "jane-2.coachlog"
    coach.ok("share", "jane", "-o", str(second))
    merged = executive.ok("receive", str(second)).out.splitlines()
    named = [line for line in merged if "G1 check-in at" in line]
    assert len(named) == 20 and "G1 check-in at 41 %" in named[0]
    assert (
        merged[-1] == "  …and 5 more check-ins and answers; `coachlog goal show ID` and "
        "`coachlog request show ID` give each one's history."
    )
    history = executive.ok("goal", "show", "G1").out  # where the rest is, on their side
    assert all(f"{percent}%" in history for percent in range(41, 66))


# -- nothing private leaves ----------------------------------------------------


def test_no_private_text_is_in_the_bundle_or_anywhere_on_the_executive_s_side(
    coach, executive, tmp_path
):
    bundle_file = first_share(coach, executive, tmp_path)
    coach.ok("session", "add", "jane", "--notes", "Second call.", "--private", f"{SECRET} again")
    coach.ok("session", "edit", "S1", "--private", f"{SECRET} edited")
    later = tmp_path / "jane-2.coachlog"
    coach.ok("share", "jane", "-o", str(later))
    executive.ok("receive", str(later))

    raw = later.read_bytes()
    assert SECRET.encode() not in raw and b"Second call" not in raw  # encrypted throughout
    for made in (bundle_file, later):
        _, plain = bundle.open_sealed(made.read_bytes(), me=executive.pair(), name="x")
        assert SECRET.encode() not in plain
        assert b"private" not in plain  # not even an empty private field
        assert b"Second call" in plain or made is bundle_file

    # Nothing on the executive's machine holds it: the store's bytes, its
    # views, search, and every export.
    store = Path(executive.db)
    for path in store.parent.iterdir():
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET not in executive.ok("session", "show", "S1").out
    assert SECRET not in executive.ok("session", "show", "S2", "--json").out
    assert (
        "No matches"
        in executive.ok("search", "PRIVATE").err + executive.ok("search", "PRIVATE").out
    )
    assert SECRET not in executive.ok("export", "-f", "json").out
    assert SECRET not in executive.ok("report", "jane", "--format", "json").out


def test_another_client_s_records_never_travel(coach, executive, tmp_path):
    engagement(coach, executive)
    coach.ok("client", "add", "Omar Haddad", "--handle", "omar")
    coach.ok("goal", "add", "omar", "OMAR-ONLY goal")
    coach.ok("session", "add", "omar", "--notes", "OMAR-ONLY notes")
    bundle_file = tmp_path / "jane.coachlog"
    coach.ok("share", "jane", "-o", str(bundle_file))
    _, plain = bundle.open_sealed(bundle_file.read_bytes(), me=executive.pair(), name="x")
    assert b"OMAR-ONLY" not in plain and b"Omar" not in plain


def test_a_record_in_the_coach_s_trash_travels_as_its_uuid_alone(coach, executive, tmp_path):
    engagement(coach, executive)
    coach.ok("session", "add", "jane", "--notes", "WRONG-CLIENT notes about Omar")
    coach.ok("session", "delete", "S2", "--yes")
    bundle_file = tmp_path / "jane.coachlog"
    coach.ok("share", "jane", "-o", str(bundle_file))
    _, plain = bundle.open_sealed(bundle_file.read_bytes(), me=executive.pair(), name="x")
    assert b"WRONG-CLIENT" not in plain
    executive.ok("receive", str(bundle_file), "--trust", coach.fingerprint())
    assert "WRONG-CLIENT" not in executive.ok("session", "list").out
    # Trashing after it was shared takes it out of the executive's views too.
    coach.ok("session", "delete", "S1", "--yes")
    second = tmp_path / "jane-2.coachlog"
    coach.ok("share", "jane", "-o", str(second))
    assert "trashed: 1 session" in executive.ok("receive", str(second)).out
    assert "Talked about delegation" not in executive.ok("session", "list").out


# -- refused files: exit 3, the store byte-identical ----------------------------


@pytest.fixture
def answered(coach, executive, tmp_path):
    """A shared engagement and a second bundle ready for the executive."""
    first_share(coach, executive, tmp_path)
    coach.ok("request", "add", "jane", "One more thing")
    second = tmp_path / "jane-2.coachlog"
    coach.ok("share", "jane", "-o", str(second))
    return second


REGIONS = {
    "magic": 3,
    "sender key": len(bundle.MAGIC) + 5,
    "recipient key": len(bundle.MAGIC) + 32 + 5,
    "nonce": len(bundle.MAGIC) + 64 + 5,
    "ciphertext": bundle.HEADER_BYTES + 10,
    "tag": -3,
}


@pytest.mark.parametrize("region", REGIONS)
def test_a_bundle_changed_anywhere_is_refused_and_nothing_changes(
    executive, answered, tmp_path, region
):
    data = bytearray(answered.read_bytes())
    data[REGIONS[region]] ^= 0x01
    tampered = tmp_path / "tampered.coachlog"
    tampered.write_bytes(bytes(data))
    before = sha256(Path(executive.db))
    result = executive("receive", str(tampered))
    assert result.code == 3, result.err
    assert result.err.startswith("Error: ") and len(result.err.splitlines()) == 1
    assert (
        "Nothing was merged" in result.err
        or "nothing was merged" in result.err
        or ("not a coachlog share bundle" in result.err)
    )
    assert sha256(Path(executive.db)) == before
    assert "One more thing" not in executive.ok("requests").out


@pytest.mark.parametrize("keep", [0, 5, len(bundle.MAGIC), bundle.HEADER_BYTES, -1])
def test_a_truncated_bundle_is_refused_and_nothing_changes(executive, answered, tmp_path, keep):
    data = answered.read_bytes()
    cut = tmp_path / "cut.coachlog"
    cut.write_bytes(data[:keep])
    before = sha256(Path(executive.db))
    result = executive("receive", str(cut))
    assert result.code == 3 and result.err.startswith("Error: ")
    assert sha256(Path(executive.db)) == before


def test_a_bundle_made_for_another_key_is_refused(
    coach, executive, answered, tmp_path, run, monkeypatch
):
    stranger = Party(run, monkeypatch, tmp_path / "stranger", str(tmp_path / "s.db"))
    stranger.ok("key")
    _, plain = bundle.open_sealed(answered.read_bytes(), me=executive.pair(), name="x")
    resealed = tmp_path / "resealed.coachlog"
    resealed.write_bytes(bundle.seal(plain, sender=coach.pair(), recipient=stranger.pair().public))
    before = sha256(Path(executive.db))
    result = executive("receive", str(resealed))
    assert result.code == 3
    assert "made for another key" in result.err and executive.fingerprint() in result.err
    assert sha256(Path(executive.db)) == before


def test_a_bundle_from_a_key_other_than_the_pinned_coach_is_refused(
    coach, executive, answered, tmp_path, run, monkeypatch
):
    impostor = Party(run, monkeypatch, tmp_path / "impostor", str(tmp_path / "i.db"))
    impostor.ok("key")
    _, plain = bundle.open_sealed(answered.read_bytes(), me=executive.pair(), name="x")
    forged = tmp_path / "forged.coachlog"
    forged.write_bytes(
        bundle.seal(plain, sender=impostor.pair(), recipient=executive.pair().public)
    )
    before = sha256(Path(executive.db))
    result = executive("receive", str(forged))
    assert result.code == 3
    assert "pinned to your coach's key" in result.err
    assert sha256(Path(executive.db)) == before


def test_a_first_bundle_needs_the_fingerprint_checked(coach, executive, tmp_path):
    engagement(coach, executive)
    bundle_file = tmp_path / "jane.coachlog"
    coach.ok("share", "jane", "-o", str(bundle_file))
    unasked = executive("receive", str(bundle_file))
    assert unasked.code == 3 and "--trust" in unasked.err
    wrong = executive("receive", str(bundle_file), "--trust", "0000 0000 0000 0000 0000")
    assert wrong.code == 3 and "not 0000" in wrong.err
    assert executive("goals").code != 0 or "Jane" not in executive("goals").out
    executive.ok("receive", str(bundle_file), "--trust", coach.fingerprint().replace(" ", "-"))


def test_the_coach_refuses_answers_from_a_key_not_recorded_for_the_client(
    coach, executive, tmp_path
):
    first_share(coach, executive, tmp_path)
    executive.ok("request", "accept", "R1")
    answers = tmp_path / "answers.coachlog"
    executive.ok("share", "-o", str(answers))
    coach.ok("client", "edit", "jane", "--key", "")
    result = coach("receive", str(answers))
    assert result.code == 3 and "client edit jane --key" in result.err
    assert "proposed" in coach.ok("request", "show", "R1").out


# -- replay, order, conflicts, purges -------------------------------------------


def test_a_bundle_received_twice_changes_nothing(executive, answered):
    executive.ok("receive", str(answered))
    before = sha256(Path(executive.db))
    again = executive.ok("receive", str(answered))
    assert "Nothing new" in again.out
    assert sha256(Path(executive.db)) == before


def test_an_older_bundle_after_a_newer_one_rolls_nothing_back(coach, executive, tmp_path):
    engagement(coach, executive)
    first, second = tmp_path / "1.coachlog", tmp_path / "2.coachlog"
    coach.ok("share", "jane", "-o", str(first))
    coach.ok("goal", "edit", "G1", "--title", "Delegate the whole budget")
    coach.ok("request", "withdraw", "R2")
    coach.ok("share", "jane", "-o", str(second))
    executive.ok("receive", str(second), "--trust", coach.fingerprint())
    late = executive.ok("receive", str(first))
    assert "older than one already merged" in late.err
    assert "Delegate the whole budget" in executive.ok("goals").out
    assert json.loads(executive.ok("request", "show", "R2", "--json").out)["state"] == "withdrawn"


def test_moves_made_on_both_sides_are_both_kept_and_reported_the_same_way(
    coach, executive, tmp_path
):
    first_share(coach, executive, tmp_path)
    executive.ok("request", "accept", "R1", now="2026-11-27T11:00:00")
    accepted = tmp_path / "a1.coachlog"
    executive.ok("share", "-o", str(accepted))
    coach.ok("receive", str(accepted))
    # Then, without having heard from each other:
    coach.ok("request", "withdraw", "R1", "--note", "No longer needed", now="2026-11-28T09:00:00")
    executive.ok("request", "done", "R1", now="2026-11-28T10:00:00")
    from_coach, from_client = tmp_path / "c2.coachlog", tmp_path / "a2.coachlog"
    coach.ok("share", "jane", "-o", str(from_coach))
    executive.ok("share", "-o", str(from_client))
    at_coach = coach.ok("receive", str(from_client)).out
    at_executive = executive.ok("receive", str(from_coach)).out
    assert "conflict: R1" in at_coach and "conflict: R1" in at_executive
    coach_view = json.loads(coach.ok("request", "show", "R1", "--json").out)
    executive_view = json.loads(executive.ok("request", "show", "R1", "--json").out)
    assert coach_view["state"] == executive_view["state"] == "done"  # the later move
    for view in (coach_view, executive_view):
        moves = [event["to_state"] for event in view["history"]]
        assert moves.count("withdrawn") == 1 and moves.count("done") == 1


def test_a_purge_travels_and_keeps_the_record_erased(coach, executive, tmp_path):
    bundle_file = first_share(coach, executive, tmp_path)
    coach.ok("request", "delete", "R2", "--purge", "--yes")
    second = tmp_path / "jane-2.coachlog"
    coach.ok("share", "jane", "-o", str(second))
    assert "erased: 1 request" in executive.ok("receive", str(second)).out
    assert "Open the next board meeting" not in Path(executive.db).read_bytes().decode(
        "utf-8", "replace"
    )
    assert executive("request", "show", "R2").code == 1
    executive.ok("receive", str(bundle_file))  # the older bundle still holds R2
    assert executive("request", "show", "R2").code == 1


# -- who owns what --------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("session", "add", "jane", "--notes", "mine"),
        ("session", "edit", "S1", "--notes", "changed"),
        ("goal", "add", "jane", "A goal of my own"),
        ("goal", "edit", "G1", "--title", "Renamed"),
        ("goal", "achieve", "G1"),
        ("request", "add", "jane", "Ask myself"),
        ("request", "withdraw", "R1"),
        ("advice", "add", "jane", "Advise myself"),
        ("agreement", "set", "jane", "--focus", "Something else"),
        ("client", "edit", "jane", "--name", "J. Doe"),
        ("session", "delete", "S1", "--yes"),
        ("request", "delete", "R1", "--yes"),
    ],
)
def test_on_the_executive_s_side_the_coach_s_records_cannot_be_changed(
    coach, executive, tmp_path, args
):
    first_share(coach, executive, tmp_path)
    before = sha256(Path(executive.db))
    result = executive(*args)
    assert result.code == 1
    assert "your coach's journal" in result.err or "only your coach" in result.err
    assert sha256(Path(executive.db)) == before


def test_a_client_bundle_that_changes_coach_fields_is_refused_for_those_fields(
    coach, executive, tmp_path
):
    first_share(coach, executive, tmp_path)
    executive.ok("goal", "progress", "G1", "30")
    answers = tmp_path / "answers.coachlog"
    executive.ok("share", "-o", str(answers))
    _, plain = bundle.open_sealed(answers.read_bytes(), me=coach.pair(), name="x")
    document = json.loads(plain)
    # A hostile client: rewrites the session's notes, withdraws a request
    # and erases a goal through their own bundle.
    _, coach_plain = bundle.open_sealed(
        (tmp_path / "jane-1.coachlog").read_bytes(), me=executive.pair(), name="x"
    )
    sessions = json.loads(coach_plain)["records"]["sessions"]
    sessions[0]["notes"] = "The coach was wrong about everything."
    document["records"] = {"sessions": sessions}
    request_uuid = json.loads(coach_plain)["records"]["requests"][0]["uuid"]
    document["events"]["request_events"].append(
        {
            "uuid": "00000000-0000-4000-8000-000000000001",
            "request": request_uuid,
            "created_at": "2026-11-27T10:00:00+00:00",
            "at": "2026-11-27T10:00:00+00:00",
            "from_state": "proposed",
            "to_state": "withdrawn",
            "author": "client",
            "seq": 1,
        }
    )
    document["tombstones"] = [
        {"uuid": json.loads(coach_plain)["records"]["goals"][0]["uuid"], "kind": "goal"}
    ]
    hostile = tmp_path / "hostile.coachlog"
    hostile.write_bytes(
        bundle.seal(
            json.dumps(document).encode(), sender=executive.pair(), recipient=coach.pair().public
        )
    )
    merged = coach.ok("receive", str(hostile)).out
    assert "refused: S1 notes: it is the coach's to change" in merged
    assert "refused: R1: only the coach can make a request withdrawn" in merged
    assert "refused: 1 deletions: only the coach deletes records" in merged
    assert "G1 check-in at 30 %" in merged  # the client's own check-in is kept
    assert "Talked about delegation." in coach.ok("session", "show", "S1").out
    assert json.loads(coach.ok("request", "show", "R1", "--json").out)["state"] == "proposed"
    assert "Delegate the budget review" in coach.ok("goals", "jane").out


# -- keys -------------------------------------------------------------------------


def test_the_key_is_made_once_kept_private_and_shown_with_its_fingerprint(executive):
    first = executive.ok("key")
    assert "Made your key pair" in first.err
    assert oct(executive.key_file.stat().st_mode & 0o777) == "0o600"
    again = executive.ok("key")
    assert again.out == first.out and again.err == ""
    public = again.out.split()[2]
    assert keys.fingerprint(keys.parse_public_key(public)) in again.out
    assert keys.encode(executive.pair().secret) not in again.out + first.out


def test_a_key_file_others_can_read_is_refused(executive):
    executive.ok("key")
    executive.key_file.chmod(0o644)
    result = executive("key")
    assert result.code == 3 and "chmod 600" in result.err


def test_a_key_that_is_not_a_key_is_refused_in_one_line(coach):
    coach.ok("client", "add", "Jane Doe", "--handle", "jane")
    result = coach("client", "edit", "jane", "--key", "not-a-key")
    assert result.code == 2 and result.err.startswith("Error: ")
    assert "coachlog key" in result.err


def test_sharing_without_the_client_s_key_says_how_to_record_it(coach):
    no_key = coach("share", "jane")
    assert no_key.code == 1 and "run `coachlog key`" in no_key.err
    coach.ok("key")
    coach.ok("client", "add", "Jane Doe", "--handle", "jane")
    result = coach("share", "jane", "-o", "x.coachlog")
    assert result.code == 1 and "client edit jane --key" in result.err


def test_the_executive_may_erase_the_whole_journal_and_it_stays_erased(coach, executive, tmp_path):
    bundle_file = first_share(coach, executive, tmp_path)
    executive.ok("client", "delete", "jane", "--purge", "--yes")
    before = sha256(Path(executive.db))
    result = executive("receive", str(bundle_file))
    assert result.code == 3 and "erased from this store" in result.err
    assert sha256(Path(executive.db)) == before


# -- state from events ------------------------------------------------------------


@pytest.mark.both_backends
def test_the_state_replayed_from_events_is_the_state_the_journal_keeps(ok):
    """A store that never shares keeps its state as the journal wrote it; a
    merge works it out from events: both must agree, or a merge would
    rewrite a coach's records."""
    from coachlog.cli.common import settings
    from coachlog.journal.history import derived

    ok("client", "add", "Jane Doe", "--handle", "jane")
    ok("goal", "add", "jane", "Delegate")
    ok("goal", "add", "jane", "Speak first")
    ok("goal", "progress", "G1", "30", "--note", "first")
    ok("goal", "progress", "G1", "20", "--on", "2026-11-01")  # back-dated: not the latest
    ok("goal", "pause", "G2")
    ok("goal", "resume", "G2")
    ok("goal", "achieve", "G2")
    for text in ("One", "Two", "Three", "Four", "Five"):
        ok("request", "add", "jane", text, "--due", "2026-12-10")
    ok("request", "counter", "R1", "One, smaller", "--due", "2026-12-20")
    ok("request", "accept", "R1", "--note", "Agreed")
    ok("request", "accept", "R2")
    ok("request", "done", "R2", "--note", "Did it")
    ok("request", "decline", "R3", "--note", "Not now")
    ok("request", "counter", "R4", "Four, later")
    ok("request", "counter", "R4", "Four, much later", "--due", "2027-01-10")
    ok("request", "withdraw", "R5")
    ok("advice", "add", "jane", "Try this")
    ok("advice", "add", "jane", "Try that")
    ok("advice", "accept", "A1", "--note", "Yes")
    ok("advice", "decline", "A1", "--revise", "--note", "On second thoughts, no")
    settings.reset()
    from coachlog.store import reading

    with reading(settings.location) as reader:
        for table, count in (("request", 5), ("advice", 2), ("goal", 2)):
            for number in range(1, count + 1):
                kept = reader.row(f"SELECT * FROM {table} WHERE id = :n", n=number)
                replayed = derived(reader, table, number)
                assert replayed, (table, number)
                assert {name: kept[name] for name in replayed} == replayed, (table, number)


# -- the coach's JSON backup ---------------------------------------------------------


def test_the_json_backup_keeps_keys_authors_and_a_conflicted_history(coach, executive, tmp_path):
    first_share(coach, executive, tmp_path)
    executive.ok("request", "accept", "R1", now="2026-11-27T11:00:00")
    executive.ok("share", "-o", str(tmp_path / "a1.coachlog"))
    coach.ok("receive", str(tmp_path / "a1.coachlog"))
    coach.ok("request", "withdraw", "R1", now="2026-11-28T09:00:00")
    executive.ok("request", "done", "R1", now="2026-11-28T10:00:00")
    executive.ok("share", "-o", str(tmp_path / "a2.coachlog"))
    coach.ok("receive", str(tmp_path / "a2.coachlog"))
    backup = tmp_path / "backup.json"
    coach.ok("export", "-f", "json", "-o", str(backup))

    restored = Party(coach._run, coach._monkeypatch, coach.home, str(tmp_path / "restored.db"))
    restored.ok("import", str(backup))
    history = json.loads(restored.ok("request", "show", "R1", "--json").out)
    assert history["state"] == "done"
    assert [event["to_state"] for event in history["history"]].count("withdrawn") == 1
    # Sharing goes on from the restored store: the client's key came back too.
    restored.ok("share", "jane", "-o", str(tmp_path / "after.coachlog"))
    merged = executive.ok("receive", str(tmp_path / "after.coachlog")).out
    assert "R1 withdrawn by your coach" in merged and "conflict: R1" in merged
    assert json.loads(executive.ok("request", "show", "R1", "--json").out)["state"] == "done"


def test_a_backup_from_before_sharing_imports_with_every_event_the_coach_s(ok, tmp_path):
    ok("client", "add", "Jane Doe", "--handle", "jane")
    ok("request", "add", "jane", "Do it")
    ok("request", "accept", "R1")
    ok("request", "done", "R1")
    document = json.loads(ok("export", "-f", "json").out)
    for client in document["records"]["clients"]:
        for name in ("client_key", "coach_key", "share_seq", "peer_seq"):
            del client[name]
    for key in ("request_events", "advice_events", "goal_updates"):
        for event in document["records"][key]:
            del event["author"], event["seq"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document))
    ok("--db", str(tmp_path / "new.db"), "import", str(older))
    from coachlog.store import Location, reading

    with reading(Location(path=tmp_path / "new.db")) as reader:
        events = reader.rows("SELECT author, seq, to_state FROM request_event ORDER BY id")
    assert [(e["author"], e["seq"], e["to_state"]) for e in events] == [
        ("coach", 0, "proposed"),
        ("coach", 1, "accepted"),
        ("coach", 2, "done"),
    ]


def test_an_import_with_a_key_that_is_not_a_key_is_refused(ok, run, tmp_path, snapshot):
    ok("client", "add", "Jane Doe", "--handle", "jane")
    document = json.loads(ok("export", "-f", "json").out)
    document["records"]["clients"][0]["client_key"] = "not a key"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    before = snapshot()
    result = run("import", str(bad))
    assert result.code == 2 and "client_key is not a coachlog public key" in result.err
    assert snapshot() == before
