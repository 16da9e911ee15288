"""What the report tells an executive and their sponsor: each request with
the client's answers in their own words, grouped under the goal it serves;
each piece of advice with its answer; goal targets and dated check-ins; the
coach's name; session notes read as Markdown in HTML, safely."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser

import pytest
from rich.cells import cell_len

pytestmark = pytest.mark.both_backends

MARKER = "PRIVATE-MARKER-51c9"


@pytest.fixture
def engagement(ok):
    """The demo engagement (Maya Chen), on a pinned clock."""
    ok("demo", "--db", os.environ["COACHLOG_DB"])
    return "maya-chen"


def section(text: str, start: str, end: str) -> list[str]:
    """The lines from the one starting `start` up to the one starting `end`."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith(end))
    return lines[first:last]


def test_the_markdown_report_lists_each_goals_requests_with_the_clients_answers(ok, engagement):
    markdown = ok("report", engagement, "--format", "markdown").out
    assert section(markdown, "### G1 ", "### G2 ") == [
        "### G1 Delegate the weekly operations review",
        "",
        "- **Outcome:** Her two directors run the review; she attends one in four.",
        "- **Status:** active, 60%",
        "- **Target:** Wed 06 Jan 2027, 40 days left",
        "",
        "**Check-ins**",
        "",
        "- Fri 02 Oct 2026: 10% — Listed the decisions only she can make.",
        "- Tue 03 Nov 2026: 45% — Directors chaired two of four reviews.",
        "- Tue 17 Nov 2026: 60% — Missed one review on purpose; nothing broke.",
        "",
        "**Requests**",
        "",
        "- **R3** Ask each director which decision they want to own"
        " — *accepted, due Wed 25 Nov 2026, overdue 2 days*",
        "  - asked Tue 03 Nov 2026",
        "  - accepted Wed 04 Nov 2026",
        "- **R2** Skip one operations review on purpose — *accepted, due Mon 30 Nov 2026*",
        "  - asked Tue 17 Nov 2026",
        "  - accepted Wed 18 Nov 2026",
        "",
    ]
    assert "  - done Thu 22 Oct 2026 — “Both replied within a day.”" in markdown
    # A request for no goal comes after the goals, under the ledger.
    assert section(markdown, "### Not linked to a goal", "## Advice") == [
        "### Not linked to a goal",
        "",
        "- **R4** Hold a skip-level lunch with the platform team"
        " — *countered, due Fri 04 Dec 2026*",
        "  - asked Tue 17 Nov 2026",
        "  - countered Thu 19 Nov 2026: “Run a 30-minute AMA at the next all-hands”, "
        "by Mon 07 Dec 2026 — “Lunches exclude the remote half of the team.”",
        "",
    ]
    assert markdown.index("### G3 ") < markdown.index("## Requests")
    assert "No requests for this goal in this period." in section(markdown, "### G3 ", "## ")


def test_each_piece_of_advice_shows_its_answer_in_the_clients_words(ok, engagement):
    markdown = ok("report", engagement, "--format", "markdown").out
    assert section(markdown, "- **A1**", "## Highlights") == [
        "- **A1** Keep a one-line feedback log after each meeting — *suggestion, for G3*",
        "  - offered Tue 03 Nov 2026",
        "  - declined Tue 17 Nov 2026"
        " — “Not now: I chose to pause this goal until the reorg lands.”",
        "- **A2** Brief the board on the reorg story before the all-hands — *advice, for G2*",
        "  - offered Tue 03 Nov 2026",
        "  - accepted Wed 04 Nov 2026",
        "- **A3** Your directors look ready for more than you are giving them — *opinion, for G1*",
        "  - offered Tue 17 Nov 2026",
        "  - awaiting an answer",
        "",
    ]
    text = ok("report", engagement).out
    assert "declined Tue 17 Nov 2026 — “Not now: I chose to pause this goal until the reorg" in text
    page = ok("report", engagement, "--format", "html").out
    assert "Not now: I chose to pause this goal until the reorg lands." in page
    assert "Run a 30-minute AMA at the next all-hands" in page


def test_the_text_report_dates_the_sparkline_and_counts_days_to_each_target(ok, engagement):
    lines = ok("report", engagement).lines
    goals = lines.index("Goals")
    assert lines[goals + 1].split() == [
        "Goal",
        "Status",
        "Progress",
        "Change",
        "Target",
        "Check-ins",
    ]
    assert lines[goals + 2].endswith("+60     Wed 06 Jan 2027  ▁▄▅")
    assert lines[goals + 3].strip() == "40 days left     02 Oct to 17 Nov 2026"
    # Under each goal, the requests made for it, with the client's answers.
    g2 = lines.index("G2  Tell the reorg story in her own words  active")
    assert lines[g2 + 3 : g2 + 8] == [
        "R1  Send the reorg story to both directors for comments",
        "    done, due Fri 23 Oct 2026",
        "    asked Fri 16 Oct 2026",
        "    accepted Fri 16 Oct 2026",
        "    done Thu 22 Oct 2026 — “Both replied within a day.”",
    ]


def test_a_target_date_shows_days_left_or_past_while_the_goal_is_open(ok, jane):
    ok("goal", "add", jane, "Chair the board meeting", "--by", "2026-12-27")
    ok("goal", "add", jane, "Hire a deputy", "--by", "2026-11-20")
    ok("goal", "add", jane, "Settle the budget", "--by", "2026-11-01")
    ok("goal", "achieve", "G3")
    report = json.loads(ok("report", jane, "--format", "json").out)
    assert {g["id"]: g["days_left"] for g in report["goals"]} == {"G1": 30, "G2": -7, "G3": -26}
    markdown = ok("report", jane, "--format", "markdown").out
    assert "| Sun 27 Dec 2026, 30 days left |" in markdown
    assert "| Fri 20 Nov 2026, 7 days past |" in markdown
    assert "| Sun 01 Nov 2026 |" in markdown  # achieved: no count
    assert "- **Target:** Fri 20 Nov 2026, 7 days past" in markdown


def test_the_coach_is_named_in_every_format_from_the_config(ok, engagement, tmp_path):
    config = tmp_path / "home" / "config.toml"
    config.parent.mkdir(exist_ok=True)
    config.write_text('coach_name = "Sam Rivera"\n')
    assert ok("report", engagement).lines[1] == "Coach: Sam Rivera"
    assert (
        "*\n\nCoach: Sam Rivera\n\n## The engagement"
        in ok("report", engagement, "--format", "markdown").out
    )
    assert "<p>Coach: Sam Rivera</p>" in ok("report", engagement, "--format", "html").out
    assert json.loads(ok("report", engagement, "--format", "json").out)["coach"] == "Sam Rivera"


@pytest.mark.parametrize("format", ["text", "markdown", "html"])
def test_without_a_coach_name_the_line_is_left_out(ok, engagement, format):
    assert "Coach:" not in ok("report", engagement, "--format", format).out


def test_without_a_coach_name_json_says_none(ok, engagement):
    assert json.loads(ok("report", engagement, "--format", "json").out)["coach"] is None


def test_the_json_report_holds_the_requests_advice_and_answers_as_data(ok, engagement):
    report = json.loads(ok("report", engagement, "--format", "json").out)
    goals = {g["id"]: g for g in report["goals"]}
    assert goals["G1"]["target_date"] == "2027-01-06" and goals["G1"]["days_left"] == 40
    assert [r["id"] for r in goals["G1"]["requests"]] == ["R3", "R2"]
    assert goals["G1"]["requests"][0]["overdue"] is True
    assert [p["at"][:10] for p in goals["G1"]["check_ins"]] == [
        "2026-10-02",
        "2026-11-03",
        "2026-11-17",
    ]
    (r4,) = report["other_requests"]
    assert (r4["id"], r4["state"], r4["asked_at"]) == (
        "R4",
        "countered",
        "2026-11-17T11:00:00+00:00",
    )
    assert r4["moves"] == [
        {
            "at": "2026-11-19T18:00:00+00:00",
            "state": "countered",
            "text": "Run a 30-minute AMA at the next all-hands",
            "due_date": "2026-12-07",
            "note": "Lunches exclude the remote half of the team.",
        }
    ]
    a1 = report["advice_offered"][0]
    assert (a1["id"], a1["response"], a1["note"], a1["goal"]) == (
        "A1",
        "declined",
        "Not now: I chose to pause this goal until the reorg lands.",
        "G3",
    )


def test_a_period_lists_what_moved_in_it_and_what_is_still_open(ok, engagement):
    report = json.loads(ok("report", engagement, "--since", "2026-11-10", "--format", "json").out)
    listed = [r["id"] for g in report["goals"] for r in g["requests"]]
    listed += [r["id"] for r in report["other_requests"]]
    # R1 was done in October: not this period's. R3, asked before the
    # period, is still an open commitment.
    assert sorted(listed) == ["R2", "R3", "R4"]
    assert report["requests"]["counts"]["accepted"] == 2
    assert report["requests"]["counts"]["done"] == 0
    # A2 was answered before the period; A1 in it, A3 still waits.
    assert [a["id"] for a in report["advice_offered"]] == ["A1", "A3"]
    assert report["advice"]["advice"] == {"pending": 0, "accepted": 0, "declined": 0}


class Page(HTMLParser):
    """Every tag with its attributes, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


HOSTILE = """**Bold** move and *a choice*.

<script>alert("notes")</script>
<img src=x onerror=alert(1)>
[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [file](file:///etc/passwd)
![pixel](https://tracker.example/p.png)
<a href="javascript:alert(2)">raw link</a>
[agenda](https://example.com/agenda) <mailto:maya@example.com>
"""


def test_a_hostile_note_cannot_put_html_or_script_into_the_html_report(ok, jane):
    ok("session", "add", jane, "--on", "2026-11-20 10:00", "--notes", HOSTILE)
    ok("request", "add", jane, "<script>alert('request')</script>", "--due", "2026-12-01")
    ok("request", "decline", "R1", "--note", "<b onmouseover=alert(3)>no</b>")
    page = ok("report", jane, "--format", "html").out
    parsed = Page()
    parsed.feed(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert not [name for _, attrs in parsed.tags for name in attrs if name.startswith("on")]
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    # An image is a link to it, never loaded: the page fetches nothing.
    assert links == [
        "https://tracker.example/p.png",
        "https://example.com/agenda",
        "mailto:maya@example.com",
    ]
    text = "".join(parsed.text)
    assert '<script>alert("notes")</script>' in text  # shown, as text
    assert "<script>alert('request')</script>" in text
    assert "<b onmouseover=alert(3)>no</b>" in text
    assert "<strong>Bold</strong> move and <em>a choice</em>." in page
    assert '<a href="https://tracker.example/p.png">pixel</a>' in page


def test_a_private_note_stays_out_of_the_new_parts_in_every_format(ok, engagement, tmp_path):
    ok(
        "session",
        "add",
        "maya",
        "--on",
        "2026-11-26 15:00",
        "--notes",
        "Shared: the sponsor meeting.",
        "--private",
        f"{MARKER} worried about the sponsor",
        "--goal",
        "G1",
    )
    ok("request", "add", "maya", "Brief the sponsor", "--goal", "G1", "--session", "S7")
    ok("request", "accept", "R5", "--note", "Happy to.")
    ok("advice", "add", "maya", "Ask the sponsor for one thing", "--goal", "G1", "--session", "S7")
    for format in ("text", "markdown", "html", "json"):
        printed = ok("report", "maya", "--format", format).out
        target = tmp_path / f"report.{format}"
        ok("report", "maya", "--format", format, "--out", str(target))
        for content in (printed, target.read_text(encoding="utf-8")):
            assert "Brief the sponsor" in content and "Happy to." in content
            assert "Ask the sponsor for one thing" in content
            assert MARKER not in content and "worried" not in content


def test_a_long_request_wraps_under_its_id_and_wide_characters_are_kept(ok, jane, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    ok("request", "add", jane, "Open the board meeting with the quarter's story")
    ok("request", "counter", "R1", " ".join(["a shorter update for the chair"] * 3))
    wide = "董事会" * 20  # 60 characters, 120 cells
    ok("request", "add", jane, wide)
    lines = ok("report", jane).lines
    start = lines.index("Not linked to a goal")
    entries = lines[start + 1 : lines.index("Advice")]
    assert max(cell_len(line) for line in lines) <= 60  # a wide character is two cells
    assert entries[:7] == [
        "R1  Open the board meeting with the quarter's story",
        "    countered",
        "    asked Fri 27 Nov 2026",
        "    countered Fri 27 Nov 2026: “a shorter update for the",
        "    chair a shorter update for the chair a shorter update",
        "    for the chair”",
        "",
    ]
    wrapped = [line for line in entries if "董" in line]
    assert len(wrapped) == 3 and all(line.startswith("    ") for line in wrapped[1:])
    assert "".join(line.strip() for line in wrapped) == "R2  " + wide
