"""Full-text search over session notes (shared and private: the store is the
coach's), goals, requests and advice, behind one function for SQLite (FTS5)
and PostgreSQL (`tsvector`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from coachlog.errors import BadInput
from coachlog.kinds import RecordKind, display_id
from coachlog.queries.common import Page
from coachlog.readers import Reader

KINDS = (RecordKind.SESSION, RecordKind.GOAL, RecordKind.REQUEST, RecordKind.ADVICE)
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"  # around each match in a snippet
# A note holding these characters itself: shown as `^B`/`^C`, as every other
# control character is, so only a match is ever marked.
_OWN_MARKERS = str.maketrans({HIT_OPEN: "^B", HIT_CLOSE: "^C"})
WORD = re.compile(r"\w+", re.UNICODE)
LIMIT = 50
ALL = 10**9  # `--all`: a limit no store reaches (times 4 still fits SQL integers)
# Matches of each kind (sessions, goals, requests, advice) ranked at most for
# a bounded listing: a word in more records of a kind than this has that
# kind's RANKED latest matches ranked (ranking costs about 2 µs a match;
# 60,000 took 80 ms), and the listing says so. `--all` ranks every match.
RANKED = 2000


@dataclass(eq=False, repr=False)
class Found(Page["Hit"]):
    """The hits shown; and, when the query matched more than RANKED records
    and only the newest of them were ranked, how many it matched in all."""

    matches: int | None = None


@dataclass(eq=False, repr=False)
class Hit:
    """A record matching a search, with a snippet of its text."""

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


# Each kind's table, when a hit is dated (requests and advice: when they were
# made, their first event), and (for PostgreSQL) its text.
SOURCES = {
    RecordKind.SESSION: (
        "session",
        "{t}.at",
        "coalesce(t.notes, '') || ' ' || coalesce(t.private_notes, '')",
    ),
    RecordKind.GOAL: (
        "goal",
        "{t}.created_at",
        "t.title || ' ' || coalesce(t.outcome, '') || ' ' || coalesce(t.measure, '')",
    ),
    RecordKind.REQUEST: (
        "request",
        "(SELECT min(e.at) FROM request_event AS e WHERE e.request_id = {t}.id)",
        "t.text || ' ' || coalesce(t.counter_text, '') || ' ' || coalesce(t.note, '')",
    ),
    RecordKind.ADVICE: (
        "advice",
        "(SELECT min(e.at) FROM advice_event AS e WHERE e.advice_id = {t}.id)",
        "t.text || ' ' || coalesce(t.response_note, '')",
    ),
}


def _fold(word: str) -> str:
    """Case and accents set aside, as the index's tokenizer does."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def snippet(text: str, terms: list[str], *, before: int = 6, after: int = 12) -> str:
    """A window of `text` around its first match, each matching word marked
    (between HIT_OPEN and HIT_CLOSE, which nothing else in it holds)."""
    wanted = [_fold(term) for term in terms]
    spans = [
        (m.start(), m.end(), any(_fold(m.group()).startswith(w) for w in wanted))
        for m in WORD.finditer(text)
    ]
    first = next((index for index, (_, _, hit) in enumerate(spans) if hit), 0)
    window = spans[max(0, first - before) : first + after]
    if not window:
        return ""
    out, cursor = [], window[0][0]
    for start, end, hit in window:
        out.append(text[cursor:start].translate(_OWN_MARKERS))
        out.append(f"{HIT_OPEN}{text[start:end]}{HIT_CLOSE}" if hit else text[start:end])
        cursor = end
    lead = "…" if window[0][0] > 0 and first - before > 0 else ""
    if window[-1] is spans[-1]:  # the end of the text: its last full stop too
        out.append(text[cursor:].rstrip().translate(_OWN_MARKERS))
        return lead + "".join(out)
    return lead + "".join(out) + "…"


def _client_keys(client_id: int | None) -> str:
    """A condition on the index's rowid: one client's records only. The
    unary `+` keeps SQLite from handing each of the client's keys to FTS5 as
    a lookup of its own (the query parsed again for each: seconds); instead
    the keys are gathered once and each match checked against them, before
    it is scored."""
    if client_id is None:
        return ""
    keys = " UNION ALL ".join(
        f"SELECT id * 4 + {code} FROM {SOURCES[kind][0]} WHERE client_id = :client"
        for code, kind in enumerate(KINDS)
    )
    return f" AND +rowid IN ({keys})"


def _fts_match(terms: list[str]) -> str:
    # Every word quoted (so FTS syntax is only ever text) and prefix-matched.
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def _sqlite_window(
    reader: Reader, terms: list[str], client_id: int | None, ranked: int
) -> tuple[dict[int, int], dict[int, int]]:
    """How many records of each kind match (trashed ones too), and for each
    kind with more than `ranked`, the lowest key of its `ranked` latest.

    One pass over the matches, inside SQLite: each match's kind a character
    of one string and its key a number of another, in the index's order
    (ascending keys). Handing 60,000 rows to Python one at a time cost three
    times the pass, and each further MATCH of a common prefix costs as much
    as a pass again (FTS5 merges the prefix's terms each time)."""
    params = {"match": _fts_match(terms)}
    if client_id is not None:
        params["client"] = client_id
    found = reader.row(
        "SELECT group_concat(rowid % 4, '') AS codes, group_concat(rowid) AS keys "
        f"FROM search_index WHERE search_index MATCH :match{_client_keys(client_id)}",
        **params,
    )
    codes, keys = (found["codes"] or "", found["keys"] or "") if found else ("", "")
    counts = {code: n for code in range(len(KINDS)) if (n := codes.count(str(code)))}
    floors = {}
    for code, n in counts.items():
        if n >= ranked:
            at = len(codes)  # the `ranked`-th of this kind, counted from the latest
            for _ in range(ranked):
                at = codes.rfind(str(code), 0, at)
            # Only the keys after it are split off the string; it ends what is left.
            floors[code] = int(keys.rsplit(",", len(codes) - at - 1)[0].rpartition(",")[2])
    return counts, floors


def _sqlite(
    reader: Reader, terms: list[str], client_id: int | None, limit: int, floors: dict[int, int]
) -> list[dict]:
    match = _fts_match(terms)
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
        + ", ".join(SOURCES[kind][1].format(t=f"k{code}") for code, kind in enumerate(KINDS))
        + ")"
    )
    params = {"match": match, "limit": limit}
    where = f"({alive}) AND c.deleted_at IS NULL"
    if client_id is not None:
        params["client"] = client_id
    # FTS5 scores only the matches that pass the WHERE: with `floors`, each
    # kind's latest (a key is the record's id * 4 + its kind, so a year of
    # sessions cannot crowd out every goal).
    # One comparison a match (an OR of a test for each kind cost twice as much).
    latest = (
        "rowid >= CASE rowid % 4 "
        + " ".join(f"WHEN {int(code)} THEN {int(key)}" for code, key in sorted(floors.items()))
        + " ELSE 0 END"
    )
    matching = (
        "SELECT rowid AS key, bm25(search_index) AS rank FROM search_index "
        f"WHERE search_index MATCH :match{_client_keys(client_id)}"
        + (f" AND {latest}" if floors else "")
    )

    def best(window: int | None) -> list[dict]:
        # The best `window` matches first, then their records: joining every
        # match of a common word would cost more than ranking them.
        cut = f" ORDER BY rank, key DESC LIMIT {int(window)}" if window else ""
        return reader.rows(
            f"WITH m AS ({matching}), h AS (SELECT key, rank FROM m{cut}) "
            f"SELECT h.key % 4 AS code, h.key / 4 AS number, c.handle AS client, "
            f"{dated} AS hit_at FROM h{joins} JOIN client AS c ON c.id = {owner} "
            f"WHERE {where} ORDER BY h.rank, h.key DESC LIMIT :limit",
            **params,
        )

    window = limit * 4
    rows = best(window)
    if len(rows) < limit:
        rows = best(None)  # the trash thinned the window: look at every match
    for code, kind in enumerate(KINDS):
        # Snippets cost: made here for the hits shown, not by FTS5 for every match.
        numbers = [row["number"] for row in rows if row["code"] == code]
        if numbers:
            table, _, text = SOURCES[kind]
            listed = ", ".join(str(int(number)) for number in numbers)
            texts = {
                found["id"]: found["text"]
                for found in reader.rows(
                    f"SELECT t.id, {text} AS text FROM {table} AS t WHERE t.id IN ({listed})"
                )
            }
            for row in rows:
                if row["code"] == code:
                    row["snippet"] = snippet(texts.get(row["number"], ""), terms)
    return rows


def _postgres_matches(reader: Reader, terms: list[str], client_id: int | None) -> tuple[str, dict]:
    """Every record matching, as SQL (with its parameters) giving code,
    number, client, hit_at, rank, text and whether it or its client is in
    the trash: the index on SQLite holds trashed records too."""
    parts = []
    for code, kind in enumerate(KINDS):
        table, dated, text = SOURCES[kind]
        parts.append(
            f"SELECT {code} AS code, t.id AS number, c.handle AS client, "
            f"{dated.format(t='t')} AS hit_at, "
            f"ts_rank(to_tsvector('simple', {text}), q) AS rank, {text} AS text, "
            "(t.deleted_at IS NOT NULL OR c.deleted_at IS NOT NULL) AS trashed "
            f"FROM {table} AS t JOIN client AS c ON c.id = t.client_id, "
            "to_tsquery('simple', :query) AS q "
            f"WHERE to_tsvector('simple', {text}) @@ q"
            + (" AND c.id = :client" if client_id is not None else "")
        )
    params = {"query": " & ".join(term.lower() + ":*" for term in terms)}
    if client_id is not None:
        params["client"] = client_id
    return " UNION ALL ".join(parts), params


def _postgres(
    reader: Reader, terms: list[str], client_id: int | None, limit: int, window: dict[int, int]
) -> list[dict]:
    """`window`: each kind with more matches than are ranked, and how many
    of its latest are."""
    matches, params = _postgres_matches(reader, terms, client_id)
    kept = " OR ".join(
        f"(code = {code} AND latest <= {int(ranked)})" for code, ranked in window.items()
    )
    latest = (
        f"(SELECT *, row_number() OVER (PARTITION BY code ORDER BY number DESC) AS latest "
        f"FROM ({matches}) AS every) AS numbered WHERE code NOT IN "
        f"({', '.join(str(int(code)) for code in window)}) OR {kept}"
        if window
        else f"({matches}) AS every"
    )
    rows = reader.rows(
        f"SELECT * FROM (SELECT * FROM {latest}) AS m "
        "WHERE NOT trashed ORDER BY rank DESC, number * 4 + code DESC LIMIT :limit",
        **params,
        limit=limit,
    )
    for row in rows:
        # Marked as on SQLite (ts_headline would mark the words the note
        # itself holds as markers, and cut the window differently).
        row["snippet"] = snippet(row.pop("text"), terms)
    return rows


def _postgres_counts(
    reader: Reader, terms: list[str], client_id: int | None, ranked: int
) -> tuple[dict[int, int], dict[int, int]]:
    """How many records of each kind match (trashed ones too); the window
    itself is taken in `_postgres`'s SQL."""
    matches, params = _postgres_matches(reader, terms, client_id)
    counts = {
        row["code"]: row["n"]
        for row in reader.rows(
            f"SELECT code, count(*) AS n FROM ({matches}) AS every GROUP BY code", **params
        )
    }
    return counts, {code: ranked for code, n in counts.items() if n > ranked}


def search(
    reader: Reader, query: str, *, client_id: int | None = None, limit: int | None = LIMIT
) -> Found:
    """Records matching every word of `query` (as word prefixes), best first
    (the newer of two as good first): the best `limit` (all when None), and
    whether there are more. A bounded listing ranks each kind's latest
    RANKED matches, and says how many there were when a kind had more
    (ranking every match when trashed records filled the latest)."""
    terms = words(query)
    sqlite = reader.dialect == "sqlite"
    finder = _sqlite if sqlite else _postgres
    counts: dict[int, int] = {}
    window: dict[int, int] = {}  # kinds with more matches than are ranked
    if limit and limit < RANKED:
        counts, window = (_sqlite_window if sqlite else _postgres_counts)(
            reader, terms, client_id, RANKED
        )
    # One more than shown says whether there are more, without counting them all.
    rows = finder(reader, terms, client_id, limit + 1 if limit else ALL, window)
    if window and len(rows) <= limit:
        # Trashed records filled the latest matches of a kind: rank them all.
        window = {}
        rows = finder(reader, terms, client_id, limit + 1, window)
    hits = [
        Hit(
            id=display_id(KINDS[row["code"]], row["number"]),
            kind=KINDS[row["code"]].noun,
            client=row["client"],
            at=row["hit_at"],
            snippet=row["snippet"],
        )
        for row in rows[:limit]
    ]
    return Found(hits, len(rows) - len(hits), sum(counts.values()) if window else None)
