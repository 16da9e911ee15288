"""Clients: the executives a coach works with."""

from __future__ import annotations

from coachlog.errors import BadInput, Conflict
from coachlog.journal.common import coach_only, optional_text, require_text
from coachlog.kinds import ClientStatus
from coachlog.lookup import check_handle, slugify
from coachlog.writer import Row, Writer


def _check_email(email: str | None) -> str | None:
    email = optional_text(email, "email")
    if email is not None:
        email = email.strip()
        local, _, domain = email.partition("@")
        if not local or "." not in domain or " " in email:
            raise BadInput(f"{email!r} does not look like an email address.")
    return email


def _claim_handle(
    db: Writer, handle: str, *, keep: int | None = None, made_from: str | None = None
) -> str:
    check_handle(handle, made_from=made_from)
    holder = db.row("SELECT id, name, deleted_at FROM client WHERE handle = :h", h=handle)
    if holder is not None and holder["id"] != keep:
        where = " (in the trash)" if holder["deleted_at"] is not None else ""
        raise Conflict(
            f"the handle {handle} is taken by {holder['name']}{where}; "
            "choose another with --handle."
        )
    return handle


def add_client(
    *,
    db: Writer,
    name: str,
    handle: str | None = None,
    email: str | None = None,
    organization: str | None = None,
    title: str | None = None,
    time_zone: str | None = None,
) -> Row:
    """Add a client; the handle defaults to a slug of the name. `time_zone`
    is an IANA name, for a client whose clock is not the coach's."""
    from coachlog.zones import check_zone

    name = require_text(name, "name").strip()
    made_from = None
    if handle is None:
        handle, made_from = slugify(name), name
        if not handle:
            raise BadInput(f"cannot make a handle from {name!r}; give one with --handle.")
    return db.insert(
        "client",
        name=name,
        handle=_claim_handle(db, handle.strip(), made_from=made_from),
        email=_check_email(email),
        organization=optional_text(organization, "organization"),
        title=optional_text(title, "title"),
        time_zone=None if time_zone is None else check_zone(time_zone),
    )


def edit_client(
    *,
    db: Writer,
    client: Row,
    name: str | None = None,
    handle: str | None = None,
    email: str | None = None,
    organization: str | None = None,
    title: str | None = None,
    status: ClientStatus | None = None,
    key: str | None = None,
    time_zone: str | None = None,
) -> Row:
    """Change the given fields; blank text clears an optional field. `key`
    is the client's public key, which `coachlog share` encrypts to."""
    given = (name, handle, email, organization, title, status, key, time_zone)
    if all(v is None for v in given):
        raise BadInput(
            "nothing to change; give --name, --handle, --email, --org, --title, --status, "
            "--tz or --key."
        )
    coach_only(db, client.id, f"only your coach changes {client.handle}'s record")
    changes: dict = {}
    if name is not None:
        changes["name"] = require_text(name, "name").strip()
    if handle is not None:
        changes["handle"] = _claim_handle(db, handle.strip(), keep=client.id)
    if email is not None:
        changes["email"] = _check_email(email)
    if organization is not None:
        changes["organization"] = optional_text(organization, "organization")
    if title is not None:
        changes["title"] = optional_text(title, "title")
    if status is not None:
        changes["status"] = ClientStatus(status).value
    if time_zone is not None:
        from coachlog.zones import check_zone

        changes["time_zone"] = check_zone(time_zone)
    if key is not None:
        from coachlog.keys import encode, parse_public_key

        changes["client_key"] = encode(parse_public_key(key)) if key.strip() else None
        holder = db.row(
            "SELECT handle, name FROM client WHERE client_key = :key AND id != :id",
            key=changes["client_key"],
            id=client.id,
        )
        if holder is not None:
            raise Conflict(
                f"that key is already recorded for {holder['handle']} ({holder['name']}); "
                f"`coachlog share {client.handle}` would open to them. Check whose "
                f"key it is; `coachlog client edit {holder['handle']} --key ''` clears theirs."
            )
    db.update("client", client.id, **changes)
    client.update(changes)
    return client


def archive_client(*, db: Writer, client: Row) -> Row:
    """Close the engagement: the client leaves the everyday lists, nothing is lost."""
    coach_only(db, client.id, f"only your coach changes {client.handle}'s record")
    if client.status == ClientStatus.CLOSED:
        raise Conflict(f"{client.handle} is already archived.")
    db.update("client", client.id, status=ClientStatus.CLOSED.value)
    client["status"] = ClientStatus.CLOSED.value
    return client


def reactivate_client(*, db: Writer, client: Row) -> Row:
    """Bring an archived (or paused) client back to the everyday lists."""
    coach_only(db, client.id, f"only your coach changes {client.handle}'s record")
    if client.status == ClientStatus.ACTIVE:
        raise Conflict(f"{client.handle} is already active.")
    db.update("client", client.id, status=ClientStatus.ACTIVE.value)
    client["status"] = ClientStatus.ACTIVE.value
    return client
