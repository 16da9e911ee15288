"""A CSV export opened in a spreadsheet runs nothing a client or coach typed."""

from __future__ import annotations

import csv

import pytest

pytestmark = pytest.mark.both_backends

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def exported_cells(ok, folder, *options) -> dict[str, list[dict[str, str]]]:
    ok("export", "--format", "csv", "--out", str(folder), *options)
    tables = {}
    for table in sorted(folder.iterdir()):
        with open(table, newline="", encoding="utf-8") as handle:
            tables[table.stem] = list(csv.DictReader(handle))
    return tables


@pytest.mark.parametrize("typed", FORMULAS)
def test_text_that_reads_as_a_formula_is_written_as_text(ok, tmp_path, typed):
    ok("client", "add", "Jane Doe", "--org", typed)
    ok("client", "add", "--handle", "sam", "--title", typed, "--", typed)
    ok("agreement", "set", "jane", "--focus", typed, "--boundaries", typed)
    ok("goal", "add", "jane", "--outcome", typed, "--", typed)
    ok("goal", "progress", "G1", "40", "--note", typed)
    ok("session", "add", "jane", "--notes", typed, "--private", typed, "--duration", "45m")
    ok("request", "add", "jane", "--", typed)
    ok("request", "counter", "R1", "--", typed)
    ok("advice", "add", "jane", "--", typed)
    ok("advice", "decline", "A1", "--note", typed)
    for options in ((), ("--include-private",)):
        tables = exported_cells(ok, tmp_path / f"csv{len(options)}", *options)
        cells = [cell for rows in tables.values() for row in rows for cell in row.values()]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert "'" + typed in tables["clients"][1].values()  # the name, as typed after the '
        quoted = {"'" + typed, "'" + typed.strip()}  # some fields are kept trimmed
        for kind, count in [
            ("clients", 3),  # org of one, name and title of the other
            ("agreements", 2),
            ("goals", 2),
            ("goal_updates", 1),
            ("sessions", 1 + len(options)),  # private notes only when asked for
            ("requests", 2),
            ("advice", 2),
        ]:
            written = [cell for row in tables[kind] for cell in row.values() if cell in quoted]
            assert len(written) == count, (kind, tables[kind])
        # numbers coachlog writes stay numbers
        assert tables["goals"][0]["progress"] == "40"
        assert tables["sessions"][0]["duration_minutes"] == "45"
        with open(tmp_path / f"csv{len(options)}" / "clients.csv", newline="") as handle:
            assert len(list(csv.reader(handle))) == 3  # a CR in a field never starts a row
