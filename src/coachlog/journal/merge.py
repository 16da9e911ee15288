"""Merge a share bundle's content into this store, all in the caller's one
transaction (DESIGN §6, "Two parties").

- Records match by uuid and keep the number the coach's store gave them.
  Every record field is the coach's: a coach's bundle sets them when it is
  not older than one already merged; a client's bundle that tries to change
  one is refused for that field and the refusal is reported.
- Events are appended, never overwritten: each bundle adds the events its
  sender made; an event already here stays as it is. A record's state is
  then worked out again from all its events (journal.history), so both
  stores arrive at the same state whichever order bundles come in. Two
  moves made on each side from the same point are both kept, and reported.
- Tombstones erase the record here too, and keep it erased.
"""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from coachlog.bundle import BundleRefused
from coachlog.errors import Conflict
from coachlog.journal import bulk_insert
from coachlog.journal.history import REPLAYS, refresh_many
from coachlog.keys import encode, fingerprint, parse_public_key
from coachlog.kinds import (
    AdviceResponse,
    Author,
    RecordKind,
    RequestState,
    display_id,
)
from coachlog.sharing import (
    CLIENT_FIELDS,
    EVENTS,
    RECORDS,
    SESSION_GOALS,
    TABLE_OF,
    Content,
    Part,
)
from coachlog.writer import Writer

KINDS = {"goal": RecordKind.GOAL, "session": RecordKind.SESSION}
KINDS.update(request=RecordKind.REQUEST, advice=RecordKind.ADVICE)
NOUNS = {
    "client": ("client record", "client records"),
    "agreement": ("agreement revision", "agreement revisions"),
    "goal": ("goal", "goals"),
    "session": ("session", "sessions"),
    "request": ("request", "requests"),
    "advice": ("advice", "advice"),
    "goal_update": ("check-in", "check-ins"),
    "request_event": ("request move", "request moves"),
    "advice_event": ("answer", "answers"),
}
# What each side may add to a record's history.
CLIENT_REQUEST_STATES = frozenset(
    {RequestState.ACCEPTED, RequestState.DECLINED, RequestState.COUNTERED, RequestState.DONE}
)
CLIENT_ADVICE_RESPONSES = frozenset({AdviceResponse.ACCEPTED, AdviceResponse.DECLINED})
PAST = {
    "accepted": "accepted",
    "declined": "declined",
    "countered": "countered",
    "done": "marked done",
    "missed": "marked missed",
    "withdrawn": "withdrawn",
    "proposed": "proposed",
}


class UnknownSender(BundleRefused):
    """A coach's first bundle: its key must be checked before it is pinned."""

    def __init__(self, message: str, fingerprint: str) -> None:
        super().__init__(message)
        self.fingerprint = fingerprint


@dataclass
class Merged:
    """What a received bundle brought: who sent it and what it added or changed."""

    sender: Author
    handle: str = ""
    name: str = ""
    pinned: str | None = None  # the coach's fingerprint, pinned by this bundle
    older: bool = False
    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    trashed: Counter = field(default_factory=Counter)
    restored: Counter = field(default_factory=Counter)
    erased: Counter = field(default_factory=Counter)
    news: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.added
            or self.updated
            or self.trashed
            or self.restored
            or self.erased
            or self.news
            or self.pinned
        )

    def as_data(self) -> dict[str, Any]:
        return {
            "from": self.sender.value,
            "client": self.handle,
            "pinned": self.pinned,
            "older": self.older,
            "added": dict(self.added),
            "updated": dict(self.updated),
            "trashed": dict(self.trashed),
            "restored": dict(self.restored),
            "erased": dict(self.erased),
            "news": self.news,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
        }


def counted(counter: Counter) -> str:
    return ", ".join(
        f"{number} {NOUNS[table][0 if number == 1 else 1]}" for table, number in counter.items()
    )


# -- who sent it -------------------------------------------------------------


def engagement(db: Writer, content: Content, sender_key: bytes, *, trust: bool) -> dict | None:
    """This store's client for the bundle, after checking that its sender is
    the one this store knows for it; None for a coach's first bundle."""
    sender_text = encode(sender_key)
    if db.value("SELECT 1 FROM tombstone WHERE uuid = :u", u=content.client["uuid"]):
        raise BundleRefused(
            "this bundle is for an engagement erased from this store; nothing was merged."
        )
    local = db.row("SELECT * FROM client WHERE uuid = :uuid", uuid=content.client["uuid"])
    if content.sender == Author.CLIENT:
        if local is None or local["coach_key"] is not None:
            raise BundleRefused(
                "this bundle holds a client's answers for an engagement this store does not "
                "coach; receive it in the coach's store. Nothing was merged."
            )
        if local["client_key"] != sender_text:
            known = local["client_key"]
            hint = (
                f"the key recorded for {local['handle']} has fingerprint "
                f"{fingerprint(parse_public_key(known))}"
                if known
                else f"no key is recorded for {local['handle']}"
            )
            raise BundleRefused(
                f"this bundle comes from a key this store does not know (fingerprint "
                f"{fingerprint(sender_key)}); {hint}. If {local['handle']} made a new key, "
                f"record it with `coachlog client edit {local['handle']} --key KEY`. "
                "Nothing was merged."
            )
        return local
    if local is not None:
        if local["coach_key"] is None:
            raise BundleRefused(
                f"this is a coach's bundle for {local['handle']}, and this store is the coach's "
                "own; a coach's bundle is received in the client's store. Nothing was merged."
            )
        if local["coach_key"] != sender_text:
            raise BundleRefused(_not_pinned(local["coach_key"], sender_key))
        return local
    pinned = [
        row["coach_key"]
        for row in db.rows("SELECT DISTINCT coach_key FROM client WHERE coach_key IS NOT NULL")
    ]
    if pinned and sender_text not in pinned:
        raise BundleRefused(_not_pinned(pinned[0], sender_key))
    if not pinned and not trust:
        raise UnknownSender(
            f"this bundle is from a coach's key this store has not seen (fingerprint "
            f"{fingerprint(sender_key)}); check the fingerprint with your coach, then run "
            f"again with --trust '{fingerprint(sender_key)}'. Nothing was merged.",
            fingerprint(sender_key),
        )
    return None


def _not_pinned(pinned: str, sender: bytes) -> str:
    return (
        f"this store is pinned to your coach's key (fingerprint "
        f"{fingerprint(parse_public_key(pinned))}), and this bundle comes from another "
        f"(fingerprint {fingerprint(sender)}); keep another coach's journal in a store of "
        "its own (--db PATH). Nothing was merged."
    )


# -- merging -----------------------------------------------------------------


def merge(db: Writer, content: Content, sender_key: bytes, *, trust: bool = False) -> Merged:
    from coachlog.journal.undo import RECEIVED

    # Not undoable: what changes here (through the writer) replaces the change log.
    db.not_undoable(RECEIVED)
    local = engagement(db, content, sender_key, trust=trust)
    merged = Merged(content.sender)
    touched: set[tuple[str, int]] = set()
    if content.sender == Author.COACH:
        local = _coach_client(db, content, sender_key, local, merged)
        # Erasures first: a session moved away and back keeps its number under
        # a new uuid, and the old one must go before the new one comes in.
        touched |= _erase(db, content, local, merged)
        touched |= _coach_records(db, content, local, merged)
    else:
        merged.handle, merged.name = local["handle"], local["name"]
        merged.older = content.number < local["peer_seq"]
        _refuse_records(db, content, local, merged)
    touched |= _events(db, content, local, merged)
    for table in REPLAYS:
        ids = {record_id for kind, record_id in touched if kind == table}
        for start in range(0, len(ids), 500):  # within any driver's parameter limit
            refresh_many(db, table, set(sorted(ids)[start : start + 500]))
    _describe_conflicts(db, merged)
    if content.number > local["peer_seq"]:
        db.execute(
            "UPDATE client SET peer_seq = :number WHERE id = :id",
            number=content.number,
            id=local["id"],
        )
        db.mark_changed()
    if db.dialect == "postgresql":
        for part in RECORDS:
            db.execute(
                f"SELECT setval(pg_get_serial_sequence('{part.table}', 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {part.table}), 1))"
            )
    return merged


def _coach_client(db, content, sender_key, local, merged) -> dict:
    sent = content.client
    # Not `deleted_at`: the coach shares only a live engagement, and whether the
    # client keeps it in their trash is theirs to say.
    fields = {name: sent[name] for name in CLIENT_FIELDS if name != "deleted_at"}
    if local is None:
        taken = db.row("SELECT handle FROM client WHERE id = :id", id=sent["id"])
        if taken is not None:
            raise Conflict(_taken(f"client number {sent['id']}"))
        if db.value("SELECT 1 FROM client WHERE handle = :h", h=sent["handle"]):
            raise Conflict(_taken(f"a client with the handle {sent['handle']}"))
        db.insert(
            "client",
            id=sent["id"],
            uuid=sent["uuid"],
            created_at=sent["created_at"],
            updated_at=sent["updated_at"],
            coach_key=encode(sender_key),
            **fields,
        )
        merged.pinned = fingerprint(sender_key)
        local = db.row("SELECT * FROM client WHERE uuid = :uuid", uuid=sent["uuid"])
    elif content.number >= local["peer_seq"]:
        changes = {name: value for name, value in fields.items() if local[name] != value}
        if changes:
            db.update("client", local["id"], **changes)
            merged.updated["client"] += 1
    else:
        merged.older = True
    merged.handle, merged.name = sent["handle"], sent["name"]
    return local


def _taken(what: str) -> str:
    return (
        f"this store already holds {what}, not from this coach; receive this engagement "
        "into a store of its own: `coachlog --db PATH receive FILE`. Nothing was merged."
    )


def _erased(db: Writer) -> set[str]:
    return {row["uuid"] for row in db.rows("SELECT uuid FROM tombstone")}


def _local_ids(db: Writer, table: str, client_id: int) -> dict[str, int]:
    return {
        row["uuid"]: row["id"]
        for row in db.rows(f"SELECT id, uuid FROM {table} WHERE client_id = :c", c=client_id)
    }


def _coach_records(
    db: Writer, content: Content, local: dict, merged: Merged
) -> set[tuple[str, int]]:
    """Add and update the coach's records; return the new ones whose state
    their events decide."""
    fresh: set[tuple[str, int]] = set()
    newer = not merged.older
    gone = _erased(db)
    for part in RECORDS:
        links = part.links
        ids = {table: _local_ids(db, table, local["id"]) for table in set(links.values())}
        mine = _local_ids(db, part.table, local["id"])
        rows = [row for row in content.records.get(part.key, []) if row["uuid"] not in gone]
        # What this store holds of the new rows' numbers and uuids, asked once.
        held = _held(db, part.table, [row for row in rows if row["uuid"] not in mine])
        goals = _local_ids(db, "goal", local["id"]) if part.table == "session" else {}
        # Into a table empty before, each uuid once, every row is new: the
        # search index takes them all in one statement at the end (a first
        # receive), not one a row (journal/bulk_insert.py).
        empty = (
            bool(rows)
            and len({row["uuid"] for row in rows}) == len(rows)
            and not db.value(f"SELECT EXISTS (SELECT 1 FROM {part.table})")
        )
        upkeep = (
            bulk_insert.upkeep_after(db, part.table, fresh=True)
            if empty
            else nullcontext(lambda: None)
        )
        with upkeep as inserting:
            for row in rows:
                values = {name: row[name] for name in part.fields if name not in links}
                for name, table in links.items():
                    values[f"{name}_id"] = ids[table].get(row[name]) if row[name] else None
                existing = mine.get(row["uuid"])
                if existing is None:
                    _check_new(part, row, held)
                    inserting()
                    db.insert(
                        part.table,
                        id=row["id"],
                        uuid=row["uuid"],
                        client_id=local["id"],
                        created_at=row["created_at"],
                        updated_at=row["updated_at"],
                        **values,
                    )
                    mine[row["uuid"]] = row["id"]
                    held[0].add(row["id"])
                    held[1].add(row["uuid"])
                    merged.added[part.table] += 1
                elif newer:
                    current = db.get(part.table, existing)
                    owned = {(f"{name}_id" if name in links else name) for name in part.owned}
                    changes = {
                        name: values[name] for name in owned if current[name] != values[name]
                    }
                    if changes:
                        db.update(part.table, existing, **changes)
                        if "deleted_at" in changes and changes["deleted_at"] is None:
                            merged.restored[part.table] += 1
                        elif set(changes) != {"deleted_at"}:
                            merged.updated[part.table] += 1
                if part.table == "session" and (existing is None or newer):
                    new = existing is None
                    _session_goals(db, mine[row["uuid"]], row[SESSION_GOALS], goals, new=new)
                if part.table in REPLAYS and existing is None:
                    fresh.add((part.table, mine[row["uuid"]]))
    if newer:
        for item in content.trashed:
            table = item["kind"]
            if table not in {part.table for part in RECORDS}:
                continue
            found = db.row(
                f"SELECT id, deleted_at FROM {table} WHERE uuid = :u AND client_id = :c",
                u=item["uuid"],
                c=local["id"],
            )
            if found is not None and found["deleted_at"] is None:
                db.update(table, found["id"], deleted_at=item["deleted_at"])
                merged.trashed[table] += 1
    return fresh


def _held(db: Writer, table: str, rows: list[dict]) -> tuple[set[int], set[str]]:
    """The numbers and uuids of `rows` that `table` already holds, whoever's."""
    numbers: set[int] = set()
    uuids: set[str] = set()
    for start in range(0, len(rows), 500):  # within any driver's parameter limit
        chunk = rows[start : start + 500]
        listed = ", ".join(str(int(row["id"])) for row in chunk)
        numbers |= {
            found["id"] for found in db.rows(f"SELECT id FROM {table} WHERE id IN ({listed})")
        }
        named = {f"u{index}": row["uuid"] for index, row in enumerate(chunk)}
        uuids |= {
            found["uuid"]
            for found in db.rows(
                f"SELECT uuid FROM {table} WHERE uuid IN ({', '.join(':' + n for n in named)})",
                **named,
            )
        }
    return numbers, uuids


def _check_new(part: Part, row: dict, held: tuple[set[int], set[str]]) -> None:
    """A new record's number and uuid must be free here (`held`: what the
    store holds, the rows this merge added included)."""
    if row["id"] in held[0]:
        kind = KINDS.get(part.table)
        named = display_id(kind, row["id"]) if kind else f"{part.table} {row['id']}"
        raise Conflict(_taken(f"{named}"))
    if row["uuid"] in held[1]:
        raise BundleRefused(
            f"this bundle holds a {part.table} of another engagement; nothing was merged."
        )


def _session_goals(
    db: Writer, session_id: int, goal_uuids: list[str], goals: dict[str, int], *, new: bool
) -> None:
    """Link a session to the goals it names (`goals`: the engagement's, by
    uuid). A session this merge added has no links yet (a link to a session
    that was gone went with it: ON DELETE CASCADE)."""
    wanted = {goals[uuid] for uuid in goal_uuids if uuid in goals}
    have = (
        set()
        if new
        else {
            row["goal_id"]
            for row in db.rows(
                "SELECT goal_id FROM session_goal WHERE session_id = :s", s=session_id
            )
        }
    )
    for goal_id in have - wanted:
        db.delete_rows("session_goal", session_id=session_id, goal_id=goal_id)
    for goal_id in sorted(wanted - have):
        db.insert("session_goal", session_id=session_id, goal_id=goal_id)


def _refuse_records(db: Writer, content: Content, local: dict, merged: Merged) -> None:
    """A client's bundle carries no records; any it does carry change nothing,
    and each field it would have changed is reported."""
    for part in RECORDS:
        links = part.links
        for row in content.records.get(part.key, []):
            current = db.row(
                f"SELECT * FROM {part.table} WHERE uuid = :u AND client_id = :c",
                u=row["uuid"],
                c=local["id"],
            )
            kind = KINDS.get(part.table)
            named = display_id(kind, current["id"]) if kind and current else part.table
            if current is None:
                merged.rejected.append(
                    f"a new {NOUNS[part.table][0]}: only the coach adds {NOUNS[part.table][1]}"
                )
                continue
            for name in part.owned:
                column = f"{name}_id" if name in links else name
                value = row[name]
                if name in links:
                    value = _local_ids(db, links[name], local["id"]).get(value) if value else None
                if current[column] != value:
                    merged.rejected.append(
                        f"{named} {name.replace('_', ' ')}: it is the coach's to change"
                    )
    if content.trashed or content.tombstones:
        merged.rejected.append(
            f"{len(content.trashed) + len(content.tombstones)} deletions: only the coach "
            "deletes records"
        )


def _describe(part: Part, event: dict, number: str) -> str:
    if part.table == "request_event":
        said = PAST.get(event["to_state"], event["to_state"])
        if event["to_state"] == RequestState.COUNTERED and event["text"]:
            said += f": {event['text']!r}"
    elif part.table == "advice_event":
        said = event["to_response"]
    else:
        said = f"check-in at {event['progress']} %"
        if event["status"]:
            said = f"{event['status']} ({event['progress']} %)"
    if event["note"]:
        said += f" ({event['note']})"
    return f"{number} {said}"


def _allowed(part: Part, event: dict, sender: Author) -> str | None:
    """Why the sender may not add this event, or None."""
    if event["author"] != sender:
        return "a bundle adds only its sender's own events"
    if part.table == "request_event" and event["from_state"] is not None:
        from coachlog.journal.requests import MOVES

        if event["to_state"] not in MOVES[RequestState(event["from_state"])].values():
            return f"a request cannot move from {event['from_state']} to {event['to_state']}"
    if sender == Author.COACH:
        return None
    if part.table == "request_event" and (
        event["to_state"] not in CLIENT_REQUEST_STATES or event["from_state"] is None
    ):
        return f"only the coach can make a request {event['to_state']}"
    if (
        part.table == "request_event"
        and event["to_state"] == RequestState.ACCEPTED
        and (
            event["from_state"] == RequestState.COUNTERED
            or event["text"] is not None
            or event["due_date"] is not None
        )
    ):
        return "only the coach agrees to a counter-offer (its text becomes the request's)"
    if part.table == "advice_event" and (
        event["to_response"] not in CLIENT_ADVICE_RESPONSES or event["from_response"] is None
    ):
        return "an answer to advice is accepted or declined"
    if part.table == "goal_update" and event["status"] is not None:
        return "only the coach changes a goal's status"
    return None


COMPARED = ("at", "author", "seq", "created_at")


def _events(db: Writer, content: Content, local: dict, merged: Merged) -> set[tuple[str, int]]:
    touched: set[tuple[str, int]] = set()
    gone = _erased(db)
    by = "by the client" if content.sender == Author.CLIENT else "by your coach"
    for part in EVENTS:
        record_table = TABLE_OF[part.table].fields[part.parent_column].parent
        parents = _local_ids(db, record_table, local["id"])
        link = f"{part.parent_column}_id"
        # This engagement's events, read once: most of a bundle is already here.
        here = {
            row["uuid"]: row
            for row in db.rows(
                f"SELECT e.* FROM {part.table} AS e JOIN {record_table} AS r ON r.id = e.{link} "
                "WHERE r.client_id = :c",
                c=local["id"],
            )
        }
        places = {(row[link], row["seq"]) for row in here.values()}
        events = [
            event
            for event in content.events.get(part.key, [])
            if event["uuid"] not in gone and event[part.parent_column] not in gone
        ]
        # An event of another engagement under the same uuid, asked once.
        here.update(_by_uuid(db, part.table, [e["uuid"] for e in events if e["uuid"] not in here]))
        for event in events:
            parent_id = parents.get(event[part.parent_column])
            kind = KINDS[record_table]
            if parent_id is None:
                merged.rejected.append(
                    f"an event of a {kind.noun} this store does not hold: left out"
                )
                continue
            number = display_id(kind, parent_id)
            fields = {name: event[name] for name in part.fields if name != part.parent_column}
            existing = here.get(event["uuid"])
            if existing is not None:
                same = existing[link] == parent_id and all(
                    existing[name] == event[name] for name in (*fields, *COMPARED)
                )
                if not same:
                    merged.rejected.append(
                        f"{number}: the bundle changes an event already recorded; it is kept "
                        "as it was"
                    )
                continue
            why = _allowed(part, event, content.sender)
            if why:
                merged.rejected.append(f"{number}: {why}")
                continue
            rival = (parent_id, event["seq"]) in places
            places.add((parent_id, event["seq"]))
            here[event["uuid"]] = db.insert(  # (a bundle naming it twice: the same event)
                part.table,
                uuid=event["uuid"],
                created_at=event["created_at"],
                updated_at=event["created_at"],
                author=event["author"],
                seq=event["seq"],
                **{link: parent_id},
                **fields,
            )
            touched.add((record_table, parent_id))
            opening = (
                event.get("to_state") == RequestState.PROPOSED
                or event.get("to_response") == AdviceResponse.PENDING
            )
            if not opening:  # a new request or advice is counted as added
                merged.news.append(f"{_describe(part, event, number)} {by}")
            if rival and record_table in ("request", "advice"):
                merged.conflicts.append(f"{record_table}:{parent_id}")
    return touched


def _by_uuid(db: Writer, table: str, uuids: list[str]) -> dict[str, dict]:
    """The rows of `table` with these uuids, by uuid."""
    found: dict[str, dict] = {}
    for start in range(0, len(uuids), 500):  # within any driver's parameter limit
        named = {f"u{index}": uuid for index, uuid in enumerate(uuids[start : start + 500])}
        for row in db.rows(
            f"SELECT * FROM {table} WHERE uuid IN ({', '.join(':' + n for n in named)})", **named
        ):
            found[row["uuid"]] = row
    return found


def _describe_conflicts(db: Writer, merged: Merged) -> None:
    described = []
    for key in dict.fromkeys(merged.conflicts):
        table, _, number = key.partition(":")
        record = db.get(table, int(number))
        if record is None:
            continue
        named = display_id(KINDS[table], record["id"])
        state = record["state"] if table == "request" else record["response"]
        described.append(
            f"{named}: you and {'the client' if merged.sender == Author.CLIENT else 'your coach'} "
            f"each moved it from the same point; both moves are kept in its history, and it "
            f"is now {state}"
        )
    merged.conflicts = described


def _erase(db: Writer, content: Content, local: dict, merged: Merged) -> set[tuple[str, int]]:
    """The coach's purges: erase each record here too, and remember it."""
    touched: set[tuple[str, int]] = set()
    known = _erased(db)
    for stone in content.tombstones:
        table, uuid = stone["kind"], stone["uuid"]
        if uuid not in known:
            db.insert(
                "tombstone",
                uuid=uuid,
                kind=table,
                purged_at=db.now(),
                client_uuid=local["uuid"],
            )
            known.add(uuid)
        part = TABLE_OF[table]
        if part.parent_column:
            parent_table = part.fields[part.parent_column].parent
            found = db.row(
                f"SELECT e.id, e.{part.parent_column}_id AS parent FROM {table} AS e "
                f"JOIN {parent_table} AS p ON p.id = e.{part.parent_column}_id "
                "WHERE e.uuid = :u AND p.client_id = :c",
                u=uuid,
                c=local["id"],
            )
            if found is not None:
                touched.add((parent_table, found["parent"]))
        else:
            found = db.row(
                f"SELECT id FROM {table} WHERE uuid = :u AND client_id = :c",
                u=uuid,
                c=local["id"],
            )
        if found is not None:
            db.delete(table, found["id"])
            merged.erased[table] += 1
    if merged.erased and db.dialect == "sqlite":
        db.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
    return touched
