"""An executive (or a careless coach) trying what they should not: crafted
bundles, the coach's records changed from the client's store, and the
mistakes a person makes at the terminal. Two separate homes, as in
test_sharing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coachlog import bundle
from test_sharing import Party, engagement, first_share, sha256


@pytest.fixture
def coach(run, monkeypatch, tmp_path) -> Party:
    return Party(run, monkeypatch, tmp_path / "coach-home", os.environ["COACHLOG_DB"])


@pytest.fixture
def executive(run, monkeypatch, tmp_path) -> Party:
    folder = tmp_path / "executive-home"
    return Party(run, monkeypatch, folder, str(folder / "coachlog.db"))


def answers(executive: Party, tmp_path: Path, coach: Party) -> dict:
    """The executive's next bundle for the coach, opened as the coach would."""
    made = tmp_path / "answers.coachlog"
    executive.ok("share", "-o", str(made), "--force")
    return json.loads(bundle.open_sealed(made.read_bytes(), me=coach.pair(), name="x")[1])


def sealed_by_client(document: dict, executive: Party, coach: Party, path: Path) -> Path:
    path.write_bytes(
        bundle.seal(
            json.dumps(document).encode(), sender=executive.pair(), recipient=coach.pair().public
        )
    )
    return path


# -- crafted bundles: refused with exit 3, never a crash ------------------------


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda d: d.update(tombstones=[{"uuid": "x", "kind": []}]), id="kind-list"),
        pytest.param(lambda d: d.update(trashed=[{"uuid": "x", "kind": {}}]), id="kind-object"),
        pytest.param(
            lambda d: d["events"]["request_events"][0].update(note="a\ud800b"),
            id="lone-surrogate",
        ),
        pytest.param(
            lambda d: d["events"]["request_events"][0].update(
                uuid=d["events"]["request_events"][0]["uuid"] + "\n"
            ),
            id="uuid-newline",
        ),
        pytest.param(
            lambda d: d["events"]["request_events"][0].update(
                uuid=d["events"]["request_events"][0]["uuid"].upper()
            ),
            id="uuid-upper-case",
        ),
    ],
)
def test_a_client_bundle_with_unreadable_content_is_refused_not_a_crash(
    coach, executive, tmp_path, spoil
):
    first_share(coach, executive, tmp_path)
    executive.ok("request", "accept", "R1")
    document = answers(executive, tmp_path, coach)
    spoil(document)
    crafted = sealed_by_client(document, executive, coach, tmp_path / "crafted.coachlog")
    before = sha256(Path(coach.db))
    result = coach("receive", str(crafted))
    assert result.code == 3, result.err
    assert "nothing was merged" in result.err and "bug" not in result.err
    assert sha256(Path(coach.db)) == before


# -- what only the coach changes --------------------------------------------------


def test_the_executive_cannot_accept_their_own_counter_offer(coach, executive, tmp_path):
    """Accepting a counter-offer is the coach agreeing to it (DESIGN §2): its
    text becomes the request's, which is the coach's to change."""
    first_share(coach, executive, tmp_path)
    executive.ok("request", "counter", "R1", "Something much smaller")
    result = executive("request", "accept", "R1")
    assert result.code == 1 and "your coach" in result.err
    assert json.loads(executive.ok("request", "show", "R1", "--json").out)["state"] == "countered"


def test_a_client_bundle_that_accepts_its_own_counter_offer_is_refused_for_that_move(
    coach, executive, tmp_path
):
    first_share(coach, executive, tmp_path)
    executive.ok("request", "counter", "R1", "Something much smaller")
    document = answers(executive, tmp_path, coach)
    countered = document["events"]["request_events"][0]
    document["events"]["request_events"].append(
        countered
        | {
            "uuid": "00000000-0000-4000-8000-0000000000a1",
            "from_state": "countered",
            "to_state": "accepted",
            "seq": countered["seq"] + 1,
        }
    )
    crafted = sealed_by_client(document, executive, coach, tmp_path / "crafted.coachlog")
    merged = coach.ok("receive", str(crafted)).out
    assert "R1 countered: 'Something much smaller' by the client" in merged
    assert "refused: R1: only the coach agrees to a counter-offer" in merged
    request = json.loads(coach.ok("request", "show", "R1", "--json").out)
    assert request["state"] == "countered" and request["text"] == "Hand over the Q1 budget"


@pytest.fixture
def coach_trashed(coach, executive, tmp_path):
    """A session the executive received, then the coach put in the trash."""
    first_share(coach, executive, tmp_path)
    coach.ok("session", "add", "jane", "--notes", "Logged for the wrong client")
    coach.ok("share", "jane", "-o", str(tmp_path / "jane-2.coachlog"))
    executive.ok("receive", str(tmp_path / "jane-2.coachlog"))
    coach.ok("session", "delete", "S2", "--yes")
    coach.ok("share", "jane", "-o", str(tmp_path / "jane-3.coachlog"))
    assert "trashed: 1 session" in executive.ok("receive", str(tmp_path / "jane-3.coachlog")).out


@pytest.mark.parametrize(
    "args",
    [
        ("trash", "restore", "S2"),
        ("trash", "purge", "S2", "--yes"),
    ],
)
def test_the_executive_cannot_restore_or_erase_what_the_coach_trashed(
    coach, executive, coach_trashed, args
):
    before = sha256(Path(executive.db))
    result = executive(*args)
    assert result.code == 1, result.out
    assert "your coach" in result.err
    assert sha256(Path(executive.db)) == before
    assert "wrong client" not in executive.ok("session", "list").out


def test_emptying_the_executive_s_trash_leaves_the_coach_s_trash_to_the_coach(
    coach, executive, coach_trashed, tmp_path
):
    """Erasing it here would leave a tombstone: when the coach restores the
    session, the executive's store would never take it back."""
    assert "wrong client" not in executive.ok("trash", "list").out  # not theirs to see
    executive.ok("trash", "purge", "--yes")
    coach.ok("trash", "restore", "S2")
    coach.ok("share", "jane", "-o", str(tmp_path / "jane-4.coachlog"))
    assert "restored: 1 session" in executive.ok("receive", str(tmp_path / "jane-4.coachlog")).out
    assert "wrong client" in executive.ok("session", "list").out


def test_the_executive_cannot_rewrite_the_coach_s_records_by_importing_a_json_file(
    coach, executive, tmp_path
):
    """An edited export imported into the executive's store rewrote session
    notes and a request's text (which the coach's later bundles never put
    back: a request's text follows from its events)."""
    first_share(coach, executive, tmp_path)
    document = json.loads(executive.ok("export", "-f", "json").out)
    for key, name in (("sessions", "notes"), ("requests", "text")):
        record = document["records"][key][0]
        record[name], record["updated_at"] = "REWRITTEN", "2027-01-01T00:00:00+00:00"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document))
    before = sha256(Path(executive.db))
    result = executive("import", str(edited))
    assert result.code == 1 and "coachlog receive" in result.err
    assert sha256(Path(executive.db)) == before
    assert "REWRITTEN" not in executive.ok("session", "show", "S1").out


# -- at the terminal -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda coach: coach.fingerprint() + "\n", id="pasted-with-a-newline"),
        pytest.param(lambda coach: coach.fingerprint().replace(" ", "\t"), id="tabs"),
        pytest.param(lambda coach: "\u00a0".join(coach.fingerprint().split()), id="nbsp"),
        pytest.param(lambda coach: coach.public_key(), id="the-whole-public-key"),
    ],
)
def test_trust_takes_the_fingerprint_as_it_is_pasted(coach, executive, tmp_path, typed):
    """It said "fingerprint 8f5c …, not 8f5c …": the same text, refused."""
    engagement(coach, executive)
    bundle_file = tmp_path / "jane.coachlog"
    coach.ok("share", "jane", "-o", str(bundle_file))
    executive.ok("receive", str(bundle_file), "--trust", typed(coach))
    assert "Delegate the budget review" in executive.ok("goals").out


def test_one_key_recorded_for_two_clients_is_refused(coach, executive, tmp_path):
    """A key pasted into the wrong client's record: `share omar` would have
    encrypted Omar's whole journal to Jane."""
    engagement(coach, executive)
    coach.ok("client", "add", "Omar Haddad", "--handle", "omar")
    result = coach("client", "edit", "omar", "--key", executive.public_key())
    assert result.code == 1 and "already recorded for jane" in result.err
    assert "no key is recorded for omar" in coach("share", "omar", "-o", "x.coachlog").err
    coach.ok("client", "edit", "jane", "--key", executive.public_key())  # hers again: fine


def test_a_bundle_after_the_coach_edits_the_client_s_details_is_reported(
    coach, executive, tmp_path
):
    """It merged, then failed with "unexpected KeyError" (exit 1) saying so."""
    first_share(coach, executive, tmp_path)
    coach.ok("client", "edit", "jane", "--title", "CFO")
    coach.ok("share", "jane", "-o", str(tmp_path / "jane-2.coachlog"))
    merged = executive.ok("receive", str(tmp_path / "jane-2.coachlog"))
    assert "updated: 1 client record" in merged.out
    assert json.loads(executive.ok("receive", str(tmp_path / "jane-2.coachlog"), "--json").out)


def test_receiving_a_bundle_you_made_says_it_is_yours_to_send(coach, executive, tmp_path):
    """It said "ask for a bundle made for your key" to the coach holding
    the bundle they had just made."""
    engagement(coach, executive)
    made = tmp_path / "jane-1.coachlog"
    coach.ok("share", "jane", "-o", str(made))
    before = sha256(Path(coach.db))
    result = coach("receive", str(made))
    assert result.code == 3 and "a bundle you made" in result.err
    assert executive.fingerprint() in result.err
    assert sha256(Path(coach.db)) == before


def test_a_client_bundle_cannot_jump_a_request_past_the_rules(coach, executive, tmp_path):
    first_share(coach, executive, tmp_path)
    document = answers(executive, tmp_path, coach)
    _, coach_plain = bundle.open_sealed(
        (tmp_path / "jane-1.coachlog").read_bytes(), me=executive.pair(), name="x"
    )
    request_uuid = json.loads(coach_plain)["records"]["requests"][0]["uuid"]
    document["events"]["request_events"] = [
        {
            "uuid": "00000000-0000-4000-8000-0000000000aa",
            "request": request_uuid,
            "created_at": "2026-11-27T10:00:00+00:00",
            "at": "2026-11-27T10:00:00+00:00",
            "from_state": "proposed",
            "to_state": "done",
            "author": "client",
            "seq": 1,
        }
    ]
    hostile = sealed_by_client(document, executive, coach, tmp_path / "jump.coachlog")
    merged = coach.ok("receive", str(hostile)).out
    assert "refused: R1: a request cannot move from proposed to done" in merged
    assert json.loads(coach.ok("request", "show", "R1", "--json").out)["state"] == "proposed"


def test_a_coach_bundle_does_not_take_the_executive_s_journal_out_of_their_trash(
    coach, executive, tmp_path
):
    first_share(coach, executive, tmp_path)
    executive.ok("client", "delete", "jane", "--yes")
    coach.ok("goal", "add", "jane", "Another goal")
    later = tmp_path / "jane-2.coachlog"
    coach.ok("share", "jane", "-o", str(later))
    executive.ok("receive", str(later))
    assert "jane" in executive.ok("trash", "list").out


def test_receive_reads_a_bounded_amount_from_a_device(executive):
    executive.ok("key")
    result = executive("receive", "/dev/zero")
    assert result.code == 3 and result.err.startswith("Error: ")
