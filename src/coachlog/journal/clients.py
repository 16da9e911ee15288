"""Clients: the executives a coach works with."""

from __future__ import annotations

from sqlmodel import Session, select

from coachlog.errors import BadInput, Conflict
from coachlog.journal.common import optional_text, require_text
from coachlog.kinds import ClientStatus
from coachlog.lookup import check_handle, slugify
from coachlog.models import Client


def _check_email(email: str | None) -> str | None:
    email = optional_text(email, "email")
    if email is not None:
        email = email.strip()
        local, _, domain = email.partition("@")
        if not local or "." not in domain or " " in email:
            raise BadInput(f"{email!r} does not look like an email address.")
    return email


def _claim_handle(db: Session, handle: str, *, keep: Client | None = None) -> str:
    check_handle(handle)
    holder = db.exec(select(Client).where(Client.handle == handle)).first()
    if holder is not None and holder is not keep:
        where = " (in the trash)" if holder.deleted_at is not None else ""
        raise Conflict(
            f"the handle {handle} is taken by {holder.name}{where}; choose another with --handle."
        )
    return handle


def add_client(
    *,
    db: Session,
    name: str,
    handle: str | None = None,
    email: str | None = None,
    organization: str | None = None,
    title: str | None = None,
) -> Client:
    """Add a client; the handle defaults to a slug of the name."""
    name = require_text(name, "name").strip()
    if handle is None:
        handle = slugify(name)
        if not handle:
            raise BadInput(f"cannot make a handle from {name!r}; give one with --handle.")
    client = Client(
        name=name,
        handle=_claim_handle(db, handle.strip()),
        email=_check_email(email),
        organization=optional_text(organization, "organization"),
        title=optional_text(title, "title"),
    )
    db.add(client)
    db.flush()
    return client


def edit_client(
    *,
    db: Session,
    client: Client,
    name: str | None = None,
    handle: str | None = None,
    email: str | None = None,
    organization: str | None = None,
    title: str | None = None,
    status: ClientStatus | None = None,
) -> Client:
    """Change the given fields; blank text clears an optional field."""
    if all(v is None for v in (name, handle, email, organization, title, status)):
        raise BadInput(
            "nothing to change; give --name, --handle, --email, --org, --title or --status."
        )
    if name is not None:
        client.name = require_text(name, "name").strip()
    if handle is not None:
        client.handle = _claim_handle(db, handle.strip(), keep=client)
    if email is not None:
        client.email = _check_email(email)
    if organization is not None:
        client.organization = optional_text(organization, "organization")
    if title is not None:
        client.title = optional_text(title, "title")
    if status is not None:
        client.status = ClientStatus(status)
    db.add(client)
    db.flush()
    return client


def archive_client(*, db: Session, client: Client) -> Client:
    """Close the engagement: the client leaves the everyday lists, nothing is lost."""
    if client.status == ClientStatus.CLOSED:
        raise Conflict(f"{client.handle} is already archived.")
    client.status = ClientStatus.CLOSED
    db.add(client)
    db.flush()
    return client
