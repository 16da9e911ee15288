"""The write side on its own, on an in-memory engine (no CLI, no files)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine, select

from coachlog import dates
from coachlog.errors import BadInput, Conflict, NotFound
from coachlog.journal import agreements, clients, goals, sessions, trash
from coachlog.journal.common import find_client
from coachlog.kinds import Channel, RecordKind, SessionStatus
from coachlog.models import GoalUpdate, SessionGoal

pytestmark = pytest.mark.both_backends

NOW = dates.localize(datetime(2026, 11, 27, 10))


@pytest.fixture
def db():
    engine = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


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


def test_a_client_is_found_by_handle_or_prefix(db, jane):
    clients.add_client(db=db, name="Janet Smith")
    assert find_client(db=db, text="jane-doe") is jane
    assert find_client(db=db, text="Jane D") is jane
    with pytest.raises(Conflict):
        find_client(db=db, text="jan")
    with pytest.raises(NotFound):
        find_client(db=db, text="zed")


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
    assert goal.progress == 40
    assert len(db.exec(select(GoalUpdate)).all()) == 2
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
    held, was_planned = sessions.log_session(db=db, client=jane, at=later, now=later, notes="n")
    assert was_planned and held.id == planned.id
    assert held.status == SessionStatus.HELD


def test_session_goals_are_linked_and_relinked(db, jane):
    first = goals.add_goal(db=db, client=jane, title="One")
    second = goals.add_goal(db=db, client=jane, title="Two")
    held, _ = sessions.log_session(
        db=db, client=jane, at=NOW, now=NOW, goal_numbers=[first.id, first.id]
    )
    assert [link.goal_id for link in db.exec(select(SessionGoal))] == [first.id]
    sessions.edit_session(db=db, record=held, goal_numbers=[second.id])
    assert [link.goal_id for link in db.exec(select(SessionGoal))] == [second.id]


def test_deleted_sessions_are_not_found(db, jane):
    held, _ = sessions.log_session(db=db, client=jane, at=NOW, now=NOW, notes="n")
    trash.delete(db=db, ref=trash.TrashRef(RecordKind.SESSION, held.id, None), now=NOW)
    with pytest.raises(NotFound):
        sessions.get_session(db=db, number=held.id)


def test_naive_times_never_reach_the_store(db, jane):
    with pytest.raises(Exception, match="naive datetime"):
        sessions.log_session(db=db, client=jane, at=datetime(2026, 11, 1, 10), now=NOW)
        db.flush()
