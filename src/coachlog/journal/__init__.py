"""The write side: keyword-only functions that take the database session
(`db`, a SQLModel session; never called `session`, which here means a
coaching session), validate, and change records. They never print and never
exit; they raise `CoachlogError`s. The caller commits (see
`coachlog.store.writing`)."""
