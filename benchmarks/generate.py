"""Build benchmark stores fast: a migrated coachlog store, then one bulk
`executemany` transaction of realistic records.

    python benchmarks/generate.py benchmarks/stores/100k.db --records 100000

`--records` counts sessions + requests (half each), spread over `--clients`
clients (200 by default), each with three goals, check-ins, request events
and a little advice, so every review has real work to do.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coachlog import tables
from coachlog.readers import SQLITE_TIME_FORMAT
from coachlog.store import Location, reading

CHANNELS = ("in-person", "phone", "video", "email")
WORDS = (
    "board",
    "delegation",
    "feedback",
    "narrative",
    "reorg",
    "directors",
    "trust",
    "budget",
    "hiring",
    "offsite",
    "strategy",
    "chair",
    "roadmap",
    "presence",
    "stakeholders",
    "conflict",
    "energy",
    "priorities",
    "team",
    "review",
)
NOW = datetime(2026, 11, 27, 10, tzinfo=UTC)


def stamp(at: datetime) -> str:
    return at.astimezone(UTC).replace(tzinfo=None).strftime(SQLITE_TIME_FORMAT)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def record(at: datetime) -> tuple[str, str, str]:
    return str(uuid.uuid4()), stamp(at), stamp(at)


def build(
    path: Path, *, records: int, clients: int, seed: int = 7, revision: str = "head"
) -> dict[str, int]:
    """Create the store at `path` (at schema `revision`) and fill it; return
    the counts written."""
    if path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if revision == "head":
        with reading(Location(path=path)):
            pass  # creates and migrates the store exactly as coachlog does
    else:
        from coachlog.store import _run_migrations, make_engine

        engine = make_engine(Location(path=path))
        with engine.begin() as connection:
            _run_migrations(connection, revision)
        engine.dispose()
    rng = random.Random(seed)
    per_client = max(1, records // (2 * clients))
    rows: dict[str, list[tuple]] = {
        name: []
        for name in (
            "client",
            "agreement",
            "goal",
            "goal_update",
            "session",
            "session_goal",
            "request",
            "request_event",
            "advice",
            "advice_event",
        )
    }
    goal_id = session_id = request_id = 0
    for number in range(1, clients + 1):
        start = NOW - timedelta(days=rng.randint(60, 900))
        rows["client"].append(
            (
                number,
                *record(start),
                f"client-{number:03d}",
                f"Client {number:03d}",
                f"c{number}@example.com",
                "Example Corp",
                "Director",
                "active",
                None,
            )
        )
        rows["agreement"].append(
            (
                number,
                *record(start),
                number,
                1,
                sentence(rng, 6),
                None,
                sentence(rng, 8),
                14,
                "video",
                60,
                None,
                start.date().isoformat(),
                None,
            )
        )
        goals = []
        for _ in range(3):
            goal_id += 1
            goals.append(goal_id)
            target = (NOW + timedelta(days=rng.randint(-30, 120))).date().isoformat()
            rows["goal"].append(
                (
                    goal_id,
                    *record(start),
                    number,
                    sentence(rng, 5),
                    sentence(rng, 8),
                    None,
                    target,
                    "active",
                    rng.randint(0, 90),
                    None,
                )
            )
            for check in range(3):
                at = start + timedelta(days=30 * (check + 1))
                rows["goal_update"].append(
                    (
                        len(rows["goal_update"]) + 1,
                        *record(at),
                        goal_id,
                        stamp(at),
                        min(100, 10 * (check + 1)),
                        None,
                        sentence(rng, 4),
                    )
                )
        span = (NOW - start).total_seconds()
        for index in range(per_client):
            session_id += 1
            at = start + timedelta(seconds=span * index / per_client)
            rows["session"].append(
                (
                    session_id,
                    *record(at),
                    number,
                    stamp(at),
                    "held",
                    rng.choice(CHANNELS),
                    60,
                    sentence(rng, 40),
                    sentence(rng, 10) if index % 5 == 0 else None,
                    None,
                )
            )
            rows["session_goal"].append((session_id, rng.choice(goals)))
        session_id += 1  # one planned session ahead for each client
        ahead = NOW + timedelta(days=rng.randint(1, 14))
        rows["session"].append(
            (
                session_id,
                *record(NOW),
                number,
                stamp(ahead),
                "planned",
                "video",
                60,
                None,
                None,
                None,
            )
        )
        for index in range(per_client):
            request_id += 1
            asked = start + timedelta(seconds=span * index / per_client)
            due = (asked + timedelta(days=7)).date()
            # Old requests are settled; the last few are open, as in a real engagement.
            state = (
                rng.choice(("done", "done", "missed", "declined"))
                if index < per_client - 4
                else rng.choice(("proposed", "accepted", "countered", "accepted"))
            )
            rows["request"].append(
                (
                    request_id,
                    *record(asked),
                    number,
                    rng.choice(goals),
                    None,
                    sentence(rng, 7),
                    due.isoformat(),
                    state,
                    sentence(rng, 6) if state == "countered" else None,
                    (due + timedelta(days=3)).isoformat() if state == "countered" else None,
                    None,
                    None,
                )
            )
            # The events the app would have written on the way to `state`.
            moves = {
                "proposed": ["proposed"],
                "accepted": ["proposed", "accepted"],
                "countered": ["proposed", "countered"],
                "declined": ["proposed", "declined"],
                "done": ["proposed", "accepted", "done"],
                "missed": ["proposed", "accepted", "missed"],
            }[state]
            for step, to_state in enumerate(moves):
                at = asked + timedelta(days=step)
                countered = to_state == "countered"
                rows["request_event"].append(
                    (
                        len(rows["request_event"]) + 1,
                        *record(at),
                        request_id,
                        stamp(at),
                        moves[step - 1] if step else None,
                        to_state,
                        rows["request"][-1][10] if countered else None,
                        rows["request"][-1][11] if countered else None,
                        None,
                    )
                )
        for index in range(3):
            at = NOW - timedelta(days=10 * index)
            response = ("pending", "accepted", "declined")[index]
            rows["advice"].append(
                (
                    len(rows["advice"]) + 1,
                    *record(at),
                    number,
                    goals[index],
                    None,
                    sentence(rng, 8),
                    "advice",
                    response,
                    None,
                    None if response == "pending" else stamp(at),
                    None,
                )
            )
            # Offered (pending), then answered, as the app records advice.
            answers = [(None, "pending")] + ([("pending", response)] if index else [])
            for from_response, to_response in answers:
                rows["advice_event"].append(
                    (
                        len(rows["advice_event"]) + 1,
                        *record(at),
                        len(rows["advice"]),
                        stamp(at),
                        from_response,
                        to_response,
                        None,
                    )
                )
    connection = sqlite3.connect(path)
    try:
        with connection:
            for table, values in rows.items():
                values = _with_sharing_columns(table, values)
                if values:
                    # Named columns, from the schema description the app writes with,
                    # less those a store of an earlier revision does not have yet.
                    present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
                    kept = [i for i, name in enumerate(tables.COLUMNS[table]) if name in present]
                    columns = [tables.COLUMNS[table][i] for i in kept]
                    if len(kept) < len(tables.COLUMNS[table]):
                        values = [tuple(value[i] for i in kept) for value in values]
                    connection.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) "
                        f"VALUES ({', '.join('?' * len(columns))})",
                        values,
                    )
        connection.execute("PRAGMA optimize")
    finally:
        connection.close()
    return {table: len(values) for table, values in rows.items()}


def _with_sharing_columns(table: str, values: list[tuple]) -> list[tuple]:
    """The columns sharing added, as the app fills them in a coach's store:
    no keys, no bundles yet; every event the coach's, numbered in the order
    its record's history was made (the parent's id is the fifth column)."""
    if table == "client":  # no keys, no bundles, the coach's time zone
        return [(*value, None, None, 0, 0, None) for value in values]
    if table in ("goal_update", "request_event", "advice_event"):
        made: dict[int, int] = {}
        numbered = []
        for value in values:
            seq = made.get(value[4], 0)
            made[value[4]] = seq + 1
            numbered.append((*value, "coach", seq))
        return numbered
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=200)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = build(args.path, records=args.records, clients=args.clients)
    took = time.perf_counter() - started
    print(
        f"{args.path}: {counts['session'] + counts['request']:,} sessions + requests, "
        f"{sum(counts.values()):,} rows in {took:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
