"""The write side on its own: journal functions on a Writer, in one
transaction on the test's store (no CLI)."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest

from coachlog import dates, store
from coachlog.errors import BadInput, Conflict, NotFound
from coachlog.journal import agreements, clients, goals, sessions
from coachlog.journal.common import client_row
from coachlog.kinds import Channel, SessionStatus

pytestmark = pytest.mark.both_backends

NOW = dates.localize(datetime(2026, 11, 27, 10))


@pytest.fixture
def db():
    with store.writing_sql(store.resolve(os.environ["COACHLOG_DB"])) as writer:
        yield writer


@pytest.fixture
def jane(db):
    client = clients.add_client(db=db, name="Jane Doe", organization="Acme")
    agreements.set_agreement(
        db=db,
        client=client,
        today=NOW.date(),
        cadence_days=14,
        default_channel=Channel.PHONE,
        session_minutes=45,
    )
    return client


def links(db) -> list[int]:
    return [row["goal_id"] for row in db.rows("SELECT goal_id FROM session_goal")]


def test_a_client_is_found_by_handle_or_prefix(db, jane):
    clients.add_client(db=db, name="Janet Smith")
    assert client_row(db=db, text="jane-doe").id == jane.id
    assert client_row(db=db, text="Jane D").id == jane.id
    with pytest.raises(Conflict):
        client_row(db=db, text="jan")
    with pytest.raises(NotFound):
        client_row(db=db, text="zed")


def test_agreement_revisions_carry_fields_over(db, jane):
    second = agreements.set_agreement(db=db, client=jane, today=NOW.date(), focus="Board")
    assert (second.revision, second.cadence_days, second.default_channel) == (2, 14, "phone")
    assert second.start_date == NOW.date()
    with pytest.raises(Conflict):
        agreements.set_agreement(db=db, client=jane, today=NOW.date(), focus="Board")


def test_progress_check_ins_are_kept_and_the_latest_wins(db, jane):
    goal = goals.add_goal(db=db, client=jane, title="Speak first", target_date=date(2027, 1, 8))
    goals.record_progress(db=db, goal=goal, progress=40, at=NOW)
    goals.record_progress(
        db=db, goal=goal, progress=10, at=dates.parse_when("2 weeks ago", now=NOW)
    )
    assert goal.progress == 40 == goals.get_goal(db=db, number=goal.id).progress
    assert db.value("SELECT count(*) FROM goal_update") == 2
    with pytest.raises(BadInput):
        goals.record_progress(db=db, goal=goal, progress=101, at=NOW)


def test_goal_moves_follow_the_rules(db, jane):
    goal = goals.add_goal(db=db, client=jane, title="Delegate")
    goals.move_goal(db=db, goal=goal, move="achieve", at=NOW)
    assert (goal.status, goal.progress) == ("achieved", 100)
    with pytest.raises(Conflict, match="from achieved it can resume"):
        goals.move_goal(db=db, goal=goal, move="drop", at=NOW)


def test_logging_completes_the_planned_session_of_that_day(db, jane):
    planned = sessions.plan_session(db=db, client=jane, at=NOW.replace(hour=15), now=NOW)
    assert (planned.channel, planned.duration_minutes) == ("phone", 45)
    later = NOW.replace(hour=16)
    logged = sessions.log_session(db=db, client=jane, at=later, now=later, notes="n")
    assert logged.was_planned and logged.session.id == planned.id
    assert logged.session.status == SessionStatus.HELD


def test_logging_can_plan_the_next_session_in_the_same_write(db, jane):
    later = dates.parse_when("in 2 weeks", now=NOW)
    logged = sessions.log_session(
        db=db, client=jane, at=NOW, now=NOW, channel=Channel.VIDEO, next_at=later
    )
    upcoming = logged.upcoming
    assert (upcoming.status, upcoming.channel, upcoming.at) == ("planned", "video", later)
    assert upcoming.duration_minutes == logged.session.duration_minutes == 45


def test_session_goals_are_linked_and_relinked(db, jane):
    first = goals.add_goal(db=db, client=jane, title="One")
    second = goals.add_goal(db=db, client=jane, title="Two")
    held = sessions.log_session(
        db=db, client=jane, at=NOW, now=NOW, goal_numbers=[first.id, first.id]
    ).session
    assert links(db) == [first.id]
    sessions.edit_session(db=db, record=held, goal_numbers=[second.id])
    assert links(db) == [second.id]


def test_deleted_sessions_are_not_found(db, jane):
    held = sessions.log_session(db=db, client=jane, at=NOW, now=NOW, notes="n").session
    db.update("session", held.id, deleted_at=NOW)
    with pytest.raises(NotFound):
        sessions.get_session(db=db, number=held.id)


def test_naive_times_never_reach_the_store(db, jane):
    with pytest.raises(Exception, match="naive datetime"):
        sessions.log_session(db=db, client=jane, at=datetime(2026, 11, 1, 10), now=NOW)
