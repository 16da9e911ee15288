"""Full-text search over session notes (shared and private: the store is the
coach's), goals, requests and advice, behind one function for SQLite (FTS5)
and PostgreSQL (`tsvector`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from coachlog.errors import BadInput
from coachlog.kinds import RecordKind, display_id
from coachlog.store import Reader

KINDS = (RecordKind.SESSION, RecordKind.GOAL, RecordKind.REQUEST, RecordKind.ADVICE)
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"  # around each match in a snippet
WORD = re.compile(r"\w+", re.UNICODE)
LIMIT = 50


@dataclass
class Hit:
    id: str
    kind: str
    client: str
    at: datetime
    snippet: str  # matches between HIT_OPEN and HIT_CLOSE


def words(query: str) -> list[str]:
    """The words of a query. Quotes, `*`, `NEAR`, parentheses: all plain text."""
    found = WORD.findall(query)
    if not found:
        raise BadInput("give at least one word to search for.")
    return found


# Each kind's table, the time a hit is dated by, and (for PostgreSQL) its text.
SOURCES = {
    RecordKind.SESSION: (
        "session",
        "at",
        "coalesce(t.notes, '') || ' ' || coalesce(t.private_notes, '')",
    ),
    RecordKind.GOAL: (
        "goal",
        "created_at",
        "t.title || ' ' || coalesce(t.outcome, '') || ' ' || coalesce(t.measure, '')",
    ),
    RecordKind.REQUEST: (
        "request",
        "created_at",
        "t.text || ' ' || coalesce(t.counter_text, '') || ' ' || coalesce(t.note, '')",
    ),
    RecordKind.ADVICE: ("advice", "created_at", "t.text || ' ' || coalesce(t.response_note, '')"),
}


def _sqlite(reader: Reader, terms: list[str], client_id: int | None, limit: int) -> list[dict]:
    # Every word quoted (so FTS syntax is only ever text) and prefix-matched.
    match = " ".join('"' + term.replace('"', '""') + '"*' for term in terms)
    joins = "".join(
        f" LEFT JOIN {table} AS k{code} ON h.key % 4 = {code} AND k{code}.id = h.key / 4"
        for code, (table, _, _) in enumerate(SOURCES[kind] for kind in KINDS)
    )
    alive = " OR ".join(
        f"(k{code}.id IS NOT NULL AND k{code}.deleted_at IS NULL)" for code in range(4)
    )
    owner = "coalesce(" + ", ".join(f"k{code}.client_id" for code in range(4)) + ")"
    dated = (
        "coalesce("
        + ", ".join(f"k{code}.{SOURCES[kind][1]}" for code, kind in enumerate(KINDS))
        + ")"
    )
    params = {"match": match, "limit": limit}
    where = f"({alive}) AND c.deleted_at IS NULL"
    if client_id is not None:
        where += " AND c.id = :client"
        params["client"] = client_id
    return reader.rows(
        "WITH h AS (SELECT rowid AS key, bm25(search_index) AS rank, "
        f"snippet(search_index, 0, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 16) AS snippet "
        "FROM search_index WHERE search_index MATCH :match) "
        f"SELECT h.key % 4 AS code, h.key / 4 AS number, c.handle AS client, "
        f"{dated} AS hit_at, h.snippet FROM h{joins} JOIN client AS c ON c.id = {owner} "
        f"WHERE {where} ORDER BY h.rank LIMIT :limit",
        **params,
    )


def _postgres(reader: Reader, terms: list[str], client_id: int | None, limit: int) -> list[dict]:
    parts = []
    for code, kind in enumerate(KINDS):
        table, dated, text = SOURCES[kind]
        parts.append(
            f"SELECT {code} AS code, t.id AS number, c.handle AS client, t.{dated} AS hit_at, "
            f"ts_rank(to_tsvector('simple', {text}), q) AS rank, "
            f'ts_headline(\'simple\', {text}, q, \'StartSel="{HIT_OPEN}", StopSel="{HIT_CLOSE}", '
            "MaxWords=24, MinWords=8') AS snippet "
            f"FROM {table} AS t JOIN client AS c ON c.id = t.client_id, "
            "to_tsquery('simple', :query) AS q "
            f"WHERE to_tsvector('simple', {text}) @@ q AND t.deleted_at IS NULL "
            "AND c.deleted_at IS NULL" + (" AND c.id = :client" if client_id is not None else "")
        )
    query = " & ".join(term.lower() + ":*" for term in terms)
    params = {"query": query, "limit": limit}
    if client_id is not None:
        params["client"] = client_id
    return reader.rows(" UNION ALL ".join(parts) + " ORDER BY rank DESC LIMIT :limit", **params)


def search(
    reader: Reader, query: str, *, client_id: int | None = None, limit: int = LIMIT
) -> list[Hit]:
    """Records matching every word of `query` (as word prefixes), best first."""
    terms = words(query)
    finder = _sqlite if reader.dialect == "sqlite" else _postgres
    return [
        Hit(
            id=display_id(KINDS[row["code"]], row["number"]),
            kind=KINDS[row["code"]].noun,
            client=row["client"],
            at=row["hit_at"],
            snippet=row["snippet"],
        )
        for row in finder(reader, terms, client_id, limit)
    ]
