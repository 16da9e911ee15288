#!/usr/bin/env bash
# The coach and the executive, each with their own coachlog on their own
# machine (two separate homes here), exchanging encrypted share bundles.
# Run it from anywhere: bash examples/exchange.sh
set -euo pipefail

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/coach" "$work/executive" "$work/mail"
export COACHLOG_NOW="2026-11-23T09:00:00"

# Each party is a separate home: their own store, key and data folder.
coach() {
    printf '\n[coach] $ coachlog %s\n' "$*"
    HOME="$work/coach" XDG_DATA_HOME="$work/coach/data" COACHLOG_DB="$work/coach/coachlog.db" \
        coachlog "$@"
}
executive() {
    printf '\n[jane]  $ coachlog %s\n' "$*"
    HOME="$work/executive" XDG_DATA_HOME="$work/executive/data" \
        COACHLOG_DB="$work/executive/coachlog.db" coachlog "$@"
}
field_of() {  # a field of what a party's `coachlog key --json` prints
    HOME="$work/$1" XDG_DATA_HOME="$work/$1/data" coachlog key --json |
        python3 -c "import json, sys; print(json.load(sys.stdin)['$2'])"
}

# 1. Each makes a key pair once, and they read their fingerprints to each other.
coach key
executive key

# 2. The coach's engagement with Jane; a private note stays with the coach.
coach client add "Jane Doe" --handle jane --org Acme --title CFO
coach client edit jane --key "$(field_of executive public_key)"
coach agreement set jane --focus "Board presence" --cadence "2 weeks" --channel video --length 60m
coach goal add jane "Speak first in board meetings" --by 2027-02-01
coach session add jane --on "2026-11-20 15:00" --goal G1 \
    --notes "Rehearsed the opening of the board review." \
    --private "Nervous about the new chair."
coach request add jane "Draft the opening for item 2" --due 2026-11-27 --goal G1
coach request add jane "Meet the chair before the board" --due 2026-11-30
coach advice add jane "Send a one-page pre-read" --kind suggestion --goal G1

# 3. The coach shares Jane's journal: encrypted to her key, shared notes only.
coach share jane -o "$work/mail/jane-1.coachlog"

# 4. Jane receives it on her machine, checking the coach's fingerprint.
executive receive "$work/mail/jane-1.coachlog" --trust "$(field_of coach fingerprint)"
executive goals

# 5. Jane answers and checks in; what the coach owns stays the coach's.
export COACHLOG_NOW="2026-11-25T18:00:00"
executive request accept R1 --note "Drafting it on Thursday"
executive request counter R2 "Meet the chair after the board" --due 2026-12-04
executive advice decline A1 --note "The board pack already does that"
executive goal progress G1 30 --note "Spoke first on item 2"
executive session edit S1 --notes "Rewritten by Jane" || true
executive share -o "$work/mail/jane-answers-1.coachlog"

# 6. The coach receives Jane's answers and sees them everywhere.
export COACHLOG_NOW="2026-11-26T08:30:00"
coach receive "$work/mail/jane-answers-1.coachlog"
coach goals jane
coach agenda
coach report jane --format markdown

# 7. Receiving the same bundle twice changes nothing.
coach receive "$work/mail/jane-answers-1.coachlog"
