#!/usr/bin/env bash
# Regenerate the sample report, journal and calendar in examples/ from the
# demo engagement, with the clock and zone pinned so they are reproducible.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
store="$(mktemp -d)/demo.db"
export COACHLOG_NOW="2026-11-27T10:00:00" TZ="Europe/London" NO_COLOR=1 COLUMNS=100
coachlog demo --db "$store" > /dev/null 2>&1
coachlog --db "$store" report maya --format text --out "$here/report.txt" --force
coachlog --db "$store" report maya --format markdown --out "$here/report.md" --force
coachlog --db "$store" report maya --format html --out "$here/report.html" --force
coachlog --db "$store" export --format markdown --client maya --out "$here/journal.md" --force
coachlog --db "$store" export --format ics --out "$here/calendar.ics" --force
chmod 644 "$here"/report.* "$here"/journal.md "$here"/calendar.ics  # samples, not private data
echo "Samples written to $here"
