#!/usr/bin/env bash
# A coach's week with two clients, in a throwaway store.
# Run it from anywhere: bash examples/demo.sh
set -euo pipefail

export COACHLOG_DB="$(mktemp -d)/coachlog.db"
echo "Store: $COACHLOG_DB"
step() { printf '\n$ coachlog %s\n' "$*"; coachlog "$@"; }

# Monday: two engagements begin.
step client add "Jane Doe" --org "Acme" --title "CFO" --email jane@acme.example
step client add "Omar Haddad" --org "Lumen Health" --title "Head of Product"
step agreement set jane-doe --focus "Board presence" --outcomes "Chairs the Q1 board review" \
     --cadence "2 weeks" --channel video --length 60m --boundaries "No HR or legal advice"
step agreement set omar --focus "From founder to executive" --cadence weekly --channel in-person --length 45m
step goal add jane-doe "Speak first in board meetings" --outcome "Opens every discussion she owns" \
     --measure "Times she spoke first" --by "in 8 weeks"
step goal add omar "Hand over the roadmap review" --by "in 6 weeks"

# Tuesday: a session with Jane, right after the call.
step session add jane-doe --on "yesterday 3pm" --duration 55m --goal G1 \
     --notes "Rehearsed the opening of the board review; agreed to speak first on item 2." \
     --private "Nervous about the new chair." --next "in 2 weeks 3pm"
step goal progress G1 25 --note "Spoke first once"
step request add jane-doe "Draft the opening for item 2" --due friday --goal G1 --session S1
step request add jane-doe "Meet the chair before the board" --due "in 5 days"
step advice add jane-doe "Send a one-page pre-read" --kind suggestion --goal G1

# Wednesday: Jane answers. She is free to choose.
step request accept R1
step request counter R2 "Email the chair instead" --due "in 3 days" --note "No time to meet"
step advice decline A1 --note "Pre-reads are not read here"
step request accept R2 --note "Coach: that works"

# Thursday: Omar, in person; the agreement changes.
step session add omar --notes "Mapped which roadmap decisions only he can make." --goal G2
step agreement set omar --cadence "2 weeks"
step goal progress G2 40

# Friday: Jane reviews her commitments; the coach looks back over the week.
step goals jane-doe
step agenda
step client list
step session list --since "last monday"
step client show jane-doe
step agreement show omar --history
step session show S1
step report jane-doe --format markdown
