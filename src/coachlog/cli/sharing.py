"""`key`, `share` and `receive`: the coach and the client, each on their own
machine, exchanging encrypted bundles of what the other may see."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from coachlog.cli.common import Json, out, settings, writing

Force = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]


def key(json: Json = False) -> None:
    """Show your public key and its fingerprint, making your key pair the
    first time. Give the key to your partner; read the fingerprint to each
    other by phone. The secret key stays in a 0600 file and is never shown."""
    from coachlog import keys

    pair, made = keys.create()
    if json:
        out().json(
            {"public_key": pair.text, "fingerprint": pair.fingerprint, "file": str(keys.key_path())}
        )
        return
    if made:
        out().note(f"Made your key pair; the secret key is in {keys.key_path()} (keep it, 0600).")
    sys.stdout.write(f"Public key:  {pair.text}\nFingerprint: {pair.fingerprint}\n")


def share(
    client: Annotated[
        str | None,
        typer.Argument(
            help="The client whose journal to share (the coach); in your own store, leave it out.",
            metavar="[CLIENT]",
            show_default=False,
        ),
    ] = None,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", help="Where to write the bundle."),
    ] = None,
    force: Force = False,
) -> None:
    """Write an encrypted bundle for your partner: as the coach, one client's
    journal as they may see it (shared notes only, never private ones); as
    the client, your answers and check-ins. Send the file any way you like:
    only your partner's key opens it."""
    from coachlog import bundle, dates, keys
    from coachlog.journal.sharing import prepare_share

    me = keys.require()
    with writing() as db:
        made = prepare_share(db=db, text=client, me=me, now=dates.local_now())
        path = out_file or Path(made.file_name)
        from coachlog.files import write_private

        data = bundle.seal(made.plain, sender=me, recipient=made.recipient)
        write_private(path, data, force=force, store=settings.location.path)
    size = f"{len(data) / 1024:.0f} KiB" if len(data) >= 1024 else f"{len(data)} bytes"
    out().done(f"Wrote {path} ({size}, bundle {made.number}): {made.summary}")
    out().note(f"Encrypted to {made.partner}'s key {keys.fingerprint(made.recipient)}.")


def receive(
    file: Annotated[Path, typer.Argument(help="A bundle `coachlog share` wrote for you.")],
    trust: Annotated[
        str | None,
        typer.Option(
            "--trust",
            metavar="FINGERPRINT",
            help="Your coach's key fingerprint, as they read it to you (or their public key): "
            "accepts their first bundle without asking.",
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Check, decrypt and merge a bundle from your partner, all or nothing,
    then say what changed. A bundle that was altered, cut short, made for
    another key or sent by an unknown key is refused (exit 3) and nothing
    changes."""
    from coachlog import keys
    from coachlog.bundle import BundleRefused, open_sealed, read_file
    from coachlog.journal.merge import UnknownSender, merge

    me = keys.load()
    if me is None:
        raise BundleRefused(
            "you have no key, so no bundle can be for you; run `coachlog key` and give "
            "your partner the public key it prints."
        )
    sender, content = _opened(read_file(file), me, str(file), open_sealed)
    trusted = False
    if trust is not None:
        if not keys.same_fingerprint(trust, sender):
            raise BundleRefused(
                f"the bundle's sender has fingerprint {keys.fingerprint(sender)}, not "
                f"{trust.strip()}; nothing was merged. Check the fingerprint with your coach."
            )
        trusted = True
    try:
        with writing() as db:
            merged = merge(db, content, sender, trust=trusted)
    except UnknownSender as refusal:
        if json or not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise
        out().note(f"Your coach's key has fingerprint {refusal.fingerprint}.")
        if not typer.confirm(
            "Is that the fingerprint your coach gave you?", default=False, err=True
        ):
            raise
        with writing() as db:
            merged = merge(db, content, sender, trust=True)
    if json:
        out().json(merged.as_data())
        return
    _tell(merged)


def _opened(data: bytes, me, name: str, open_sealed):
    import json as json_module

    from coachlog.bundle import BundleRefused
    from coachlog.sharing import Malformed, read_content

    sender, plain = open_sealed(data, me=me, name=name)
    try:
        return sender, read_content(json_module.loads(plain))
    except (ValueError, RecursionError) as error:
        reason = str(error) if isinstance(error, Malformed) else "its content is not JSON"
        raise BundleRefused(
            f"{name} authenticates but coachlog cannot read it ({reason}); nothing was merged."
        ) from None


# The check-ins and answers a receive names one by one; `--json` gives all.
NEWS_SHOWN = 20


def _tell(merged) -> None:
    from coachlog.journal.merge import counted
    from coachlog.kinds import Author

    who = "the client" if merged.sender == Author.CLIENT else "your coach"
    if merged.pinned:
        out().note(
            f"Pinned your coach's key {merged.pinned}: this store takes bundles from it alone."
        )
    if merged.older:
        out().note(
            "This bundle is older than one already merged: its records change nothing; "
            "answers and purges in it are kept."
        )
    if not merged.changed and not merged.rejected:
        out().done(f"Nothing new from {who} for {merged.handle}: this store already has it all.")
        return
    out().done(f"Merged a bundle from {who} for {merged.handle} ({merged.name}).")
    lines = []
    for label, counter in (
        ("added", merged.added),
        ("updated", merged.updated),
        ("trashed", merged.trashed),
        ("restored", merged.restored),
        ("erased", merged.erased),
    ):
        if counter:
            lines.append(f"  {label}: {counted(counter)}")
    shown = merged.news[:NEWS_SHOWN]
    lines += [f"  {news}" for news in shown]
    if len(merged.news) > len(shown):
        # A first bundle carries a whole history: its moves are in the review.
        lines.append(
            f"  …and {len(merged.news) - len(shown)} more check-ins and answers; "
            "`coachlog goal show ID` and `coachlog request show ID` give each one's history."
        )
    lines += [f"  conflict: {conflict}" for conflict in merged.conflicts]
    lines += [f"  refused: {refusal}" for refusal in merged.rejected]
    for line in lines:
        out().done(line)
