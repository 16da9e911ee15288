"""A CSV export opened in a spreadsheet runs nothing a client or coach typed."""

from __future__ import annotations

import csv

import pytest

pytestmark = pytest.mark.both_backends

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("typed", FORMULAS)
def test_text_that_reads_as_a_formula_is_written_as_text(ok, tmp_path, typed):
    ok("client", "add", "Jane Doe", "--org", typed)
    ok("goal", "add", "jane", "--", typed)
    ok("session", "add", "jane", "--notes", typed)
    folder = tmp_path / "csv"
    ok("export", "--format", "csv", "--out", str(folder))
    cells = []
    for table in folder.iterdir():
        with open(table, newline="", encoding="utf-8") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert sum(cell.startswith("'") for cell in cells) >= 3  # the org, title and notes
    with open(folder / "goals.csv", newline="", encoding="utf-8") as handle:
        (goal,) = csv.DictReader(handle)
    assert goal["progress"] == "0"  # numbers coachlog writes stay numbers
    with open(folder / "clients.csv", newline="", encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == 2  # a CR in a field never starts a row
