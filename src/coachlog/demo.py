"""A realistic engagement to show what coachlog does (`coachlog demo`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from coachlog.dates import localize
from coachlog.journal.advice import add_advice, answer_advice
from coachlog.journal.agreements import set_agreement
from coachlog.journal.clients import add_client
from coachlog.journal.goals import add_goal, move_goal, record_progress
from coachlog.journal.requests import add_request, move_request
from coachlog.journal.sessions import log_session, plan_session
from coachlog.kinds import AdviceKind, AdviceResponse, Channel
from coachlog.writer import Row, Writer

HANDLE = "maya-chen"


def _day(now: datetime, days: int, hour: int = 10) -> datetime:
    """A local time `days` from today (negative: in the past)."""
    return localize(datetime.combine(now.date() + timedelta(days=days), time(hour)))


def seed(*, db: Writer, now: datetime) -> Row:
    """Maya Chen, ten weeks into a six-month engagement with her coach."""
    maya = add_client(
        db=db,
        name="Maya Chen",
        handle=HANDLE,
        email="maya.chen@northwind.example",
        organization="Northwind Labs",
        title="VP Engineering",
    )
    set_agreement(
        db=db,
        client=maya,
        today=_day(now, -75).date(),
        focus="Lead the platform reorganisation without losing the team's trust.",
        format="Fortnightly 60-minute sessions, mostly by video; email between sessions.",
        desired_outcomes="A leadership team that runs without her in every decision; "
        "a clear, shared narrative for the reorg.",
        cadence_days=14,
        default_channel=Channel.VIDEO,
        session_minutes=60,
        boundaries="Coaching, not therapy or HR advice; personal health topics are referred on.",
        start_date=_day(now, -75).date(),
        end_date=_day(now, 107).date(),
    )
    delegate = add_goal(
        db=db,
        client=maya,
        title="Delegate the weekly operations review",
        outcome="Her two directors run the review; she attends one in four.",
        measure="Reviews she chairs per month",
        target_date=_day(now, 40).date(),
    )
    narrative = add_goal(
        db=db,
        client=maya,
        title="Tell the reorg story in her own words",
        outcome="Every team lead can explain why the reorg happens and what it asks of them.",
        measure="Pulse survey: 'I understand why' above 75 %",
        target_date=_day(now, 25).date(),
    )
    feedback = add_goal(
        db=db,
        client=maya,
        title="Give feedback in the moment",
        outcome="Feedback within a day, not saved for the one-to-one.",
        measure="Her own weekly count, shared at each session",
    )
    sessions = [
        (
            -70,
            Channel.IN_PERSON,
            90,
            [narrative, delegate],
            "Kick-off. Agreed focus and outcomes. Maya named the reorg narrative and "
            "the operations review as the two places she feels stuck.",
            "Tired; mentioned sleeping badly since the reorg was announced.",
        ),
        (
            -56,
            Channel.VIDEO,
            60,
            [delegate],
            "Mapped the operations review: which decisions truly need her. "
            "She picked three to hand over to the directors.",
            None,
        ),
        (
            -42,
            Channel.PHONE,
            45,
            [narrative],
            "Rehearsed the reorg story. First draft too abstract; she will rewrite it "
            "around two real customer incidents.",
            None,
        ),
        (
            -24,
            Channel.VIDEO,
            60,
            [delegate, feedback],
            "Directors chaired two reviews. Explored what stops feedback in the moment: "
            "fear of seeming harsh in front of the team.",
            "Watch for perfectionism: she rewrote a director's deck at midnight.",
        ),
        (
            -10,
            Channel.EMAIL,
            None,
            [narrative],
            "Email check-in: the story landed in the all-hands; three team leads "
            "asked for the slides.",
            None,
        ),
    ]
    for days, channel, minutes, goals, notes, private in sessions:
        log_session(
            db=db,
            client=maya,
            at=_day(now, days),
            now=now,
            channel=channel,
            duration_minutes=minutes,
            notes=notes,
            private_notes=private,
            goal_numbers=[goal.id for goal in goals],
        )
    check_ins = [
        (delegate, -56, 10, "Listed the decisions only she can make."),
        (delegate, -24, 45, "Directors chaired two of four reviews."),
        (delegate, -10, 60, "Missed one review on purpose; nothing broke."),
        (narrative, -42, 20, "First draft written."),
        (narrative, -10, 70, "Told it at the all-hands; pulse survey at 68 %."),
        (feedback, -24, 10, "Counted two in-the-moment conversations this week."),
    ]
    for goal, days, percent, note in check_ins:
        record_progress(db=db, goal=goal, progress=percent, at=_day(now, days, 17), note=note)
    move_goal(
        db=db,
        goal=feedback,
        move="pause",
        at=_day(now, -10, 17),
        note="Maya chose to put this aside until the reorg lands.",
    )
    plan_session(db=db, client=maya, at=_day(now, 4, 9), now=now, channel=Channel.VIDEO)
    _seed_requests_and_advice(
        db, maya, now, delegate=delegate, narrative=narrative, feedback=feedback
    )
    return maya


def _seed_requests_and_advice(
    db: Writer, maya: Row, now: datetime, *, delegate, narrative, feedback
) -> None:
    """What the coach asked and offered, and how Maya chose to answer."""

    def ask(text, days, *, due, goal=None):
        return add_request(
            db=db,
            client=maya,
            text=text,
            at=_day(now, days, 11),
            due_date=_day(now, due).date(),
            goal_number=goal.id if goal else None,
        )

    def answer(request, move, days, **details):
        move_request(db=db, request=request, move=move, at=_day(now, days, 18), **details)

    draft = ask("Send the reorg story to both directors for comments", -42, due=-35, goal=narrative)
    answer(draft, "accept", -42)
    answer(draft, "done", -36, note="Both replied within a day.")
    skip = ask("Skip one operations review on purpose", -10, due=3, goal=delegate)
    answer(skip, "accept", -9)
    owners = ask("Ask each director which decision they want to own", -24, due=-2, goal=delegate)
    answer(owners, "accept", -23)
    lunch = ask("Hold a skip-level lunch with the platform team", -10, due=7)
    answer(
        lunch,
        "counter",
        -8,
        counter_text="Run a 30-minute AMA at the next all-hands",
        counter_due=_day(now, 10).date(),
        note="Lunches exclude the remote half of the team.",
    )

    def offer(text, kind, days, goal=None):
        return add_advice(
            db=db,
            client=maya,
            text=text,
            kind=kind,
            at=_day(now, days, 11),
            goal_number=goal.id if goal else None,
        )

    log = offer(
        "Keep a one-line feedback log after each meeting", AdviceKind.SUGGESTION, -24, feedback
    )
    answer_advice(
        db=db,
        advice=log,
        response=AdviceResponse.DECLINED,
        at=_day(now, -10, 18),
        note="Not now: I chose to pause this goal until the reorg lands.",
    )
    board = offer(
        "Brief the board on the reorg story before the all-hands", AdviceKind.ADVICE, -24, narrative
    )
    answer_advice(db=db, advice=board, response=AdviceResponse.ACCEPTED, at=_day(now, -23, 18))
    offer(
        "Your directors look ready for more than you are giving them",
        AdviceKind.OPINION,
        -10,
        delegate,
    )
