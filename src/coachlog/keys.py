"""This user's key pair for share bundles, and how keys are written down.

A key pair is an X25519 key pair (PyNaCl, i.e. libsodium). The secret key
lives in one `0600` file in the per-user data folder (beside the default
store), made once and never printed. A public key is shown as standard
base64 (44 characters) and compared by phone as a short fingerprint: the
first 80 bits of its SHA-256, in five groups of four hex digits.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from coachlog.errors import BadInput, Conflict, StoreError

KEY_BYTES = 32
FILE_HEADER = "coachlog secret key 1"


def key_path() -> Path:
    """`$COACHLOG_KEY`, else `key` in the per-user data folder."""
    given = os.environ.get("COACHLOG_KEY")
    if given:
        return Path(given).expanduser().absolute()
    from platformdirs import user_data_path

    return user_data_path("coachlog", appauthor=False) / "key"


def encode(public: bytes) -> str:
    return base64.b64encode(public).decode("ascii")


def parse_public_key(text: str) -> bytes:
    """A public key as `coachlog key` prints it (spaces and line breaks allowed)."""
    cleaned = "".join(text.split())
    try:
        raw = base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise BadInput(
            "that is not a coachlog public key; it is the 44-character line "
            "`coachlog key` prints (e.g. 3q2+7w…=)."
        )
    return raw


def fingerprint(public: bytes) -> str:
    digest = hashlib.sha256(b"coachlog key fingerprint\x00" + public).hexdigest()[:20]
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def same_fingerprint(given: str, public: bytes) -> bool:
    """A fingerprint as a person types or pastes it (case, white space, dashes
    and colons do not count), or the whole public key."""
    pasted = "".join(given.split())
    if pasted == encode(public):
        return True
    wanted = "".join(ch for ch in pasted.lower() if ch not in "-:")
    return wanted == fingerprint(public).replace(" ", "")


@dataclass(frozen=True)
class KeyPair:
    """This coachlog's key pair for share bundles."""

    secret: bytes
    public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)

    @property
    def text(self) -> str:
        return encode(self.public)


def load(path: Path | None = None) -> KeyPair | None:
    """This user's key pair, or None when `coachlog key` has not made one."""
    path = path or key_path()
    try:
        info = path.stat()
        content = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(f"cannot read the key file {path}: {_reason(error)}.") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise StoreError(
            f"the key file {path} can be read by others; run `chmod 600 {path}` "
            "(and make a new key if someone may have copied it)."
        )
    lines = content.split()
    try:
        if " ".join(lines[:-1]) != FILE_HEADER:
            raise ValueError
        secret = base64.b64decode(lines[-1], validate=True)
        if len(secret) != KEY_BYTES:
            raise ValueError
    except (ValueError, IndexError, binascii.Error):
        raise StoreError(
            f"the key file {path} is damaged; restore it from your own backup "
            "(a new key means your partner must record it again)."
        ) from None
    from nacl.public import PrivateKey

    return KeyPair(secret, bytes(PrivateKey(secret).public_key))


def create(path: Path | None = None) -> tuple[KeyPair, bool]:
    """The key pair, made now if there is none; and whether it was made."""
    path = path or key_path()
    existing = load(path)
    if existing is not None:
        return existing, False
    from nacl.public import PrivateKey

    from coachlog.store import make_private_dir

    make_private_dir(path.parent)
    secret = PrivateKey.generate()
    text = f"{FILE_HEADER}\n{base64.b64encode(bytes(secret)).decode('ascii')}\n"
    try:
        # O_EXCL: two runs at once never write over each other's key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load(path), False  # type: ignore[return-value]
    except OSError as error:
        raise StoreError(f"cannot make the key file {path}: {_reason(error)}.") from None
    try:
        os.write(descriptor, text.encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return KeyPair(bytes(secret), bytes(secret.public_key)), True


def require(path: Path | None = None) -> KeyPair:
    found = load(path)
    if found is None:
        raise Conflict(
            "you have no key yet; run `coachlog key` to make one and give your partner "
            "its public key."
        )
    return found


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)
