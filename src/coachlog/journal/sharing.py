"""Making a share bundle's content: which engagement, for which key, and
the bundle's number (one more than the last this store made for it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from coachlog.errors import BadInput, Conflict
from coachlog.keys import KeyPair, parse_public_key
from coachlog.kinds import Author
from coachlog.writer import Writer


@dataclass
class Made:
    """A share bundle made, before it is sealed and written: its content and whom it is for."""

    number: int
    plain: bytes
    recipient: bytes
    partner: str
    file_name: str
    summary: str


def _engagement(db: Writer, text: str | None) -> dict:
    from coachlog.journal.common import client_row

    if text is not None:
        return client_row(db=db, text=text)
    mine = db.rows(
        "SELECT * FROM client WHERE coach_key IS NOT NULL AND deleted_at IS NULL ORDER BY id"
    )
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise BadInput("name the client whose journal to share: `coachlog share CLIENT`.")
    handles = ", ".join(row["handle"] for row in mine)
    raise BadInput(f"this store holds more than one coach's journal ({handles}); name one.")


def prepare_share(*, db: Writer, text: str | None, me: KeyPair, now: datetime) -> Made:
    from coachlog.journal.undo import SHARED
    from coachlog.queries.share import client_share, coach_share, counts

    client = _engagement(db, text)
    if client["coach_key"]:
        side, recipient, partner = Author.CLIENT, client["coach_key"], "your coach"
    else:
        side, partner = Author.COACH, client["handle"]
        recipient = client["client_key"]
        if not recipient:
            raise Conflict(
                f"no key is recorded for {client['handle']}; ask them to run `coachlog key` "
                f"and record it with `coachlog client edit {client['handle']} --key KEY`."
            )
    recipient_key = parse_public_key(recipient)
    if recipient_key == me.public:
        raise Conflict(
            f"the key recorded for {client['handle']} is your own; record the key "
            f"{client['handle']}'s `coachlog key` prints."
        )
    number = client["share_seq"] + 1
    # What the bundle carries cannot be undone here alone (journal/undo.py).
    db.not_undoable(SHARED, changed=True)
    # Not db.update: counting bundles is not a change to the client's record.
    db.execute("UPDATE client SET share_seq = :n WHERE id = :id", n=number, id=client["id"])
    if side == Author.COACH:
        document = coach_share(db, client, number=number, made_at=now)
    else:
        document = client_share(db, client, number=number, made_at=now)
    plain = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    found = counts(document)
    if side == Author.COACH:
        parts = [
            (found.get("goals", 0), "goal", "goals"),
            (found.get("sessions", 0), "session", "sessions"),
            (found.get("requests", 0), "request", "requests"),
            (found.get("advice", 0), "advice", "advice"),
        ]
        tail = "; shared notes only, no private notes."
        name = f"{client['handle']}-{number}.coachlog"
    else:
        parts = [
            (found.get("request_events", 0), "answer to a request", "answers to requests"),
            (found.get("advice_events", 0), "answer to advice", "answers to advice"),
            (found.get("goal_updates", 0), "check-in", "check-ins"),
        ]
        tail = "."
        name = f"{client['handle']}-answers-{number}.coachlog"
    summary = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts) + tail
    return Made(number, plain, recipient_key, partner, name, summary)
