"""The share bundle file: sealed for one reader, from one writer.

    magic  "coachlog share 1\\n"         17 bytes, the only readable part
    sender public key                    32 bytes
    recipient public key                 32 bytes
    nonce                                24 bytes, random
    ciphertext + tag                     XChaCha20-Poly1305 of zlib(JSON)

The key is X25519 between the sender's secret key and the recipient's
public key (libsodium's `crypto_box_beforenm`, through PyNaCl), so only the
two holders of the pair can make or read the file; the first 105 bytes are
the AEAD's associated data, so no byte of the file can change unnoticed.
Nothing here is home-made cryptography: it is libsodium's box key and AEAD.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from coachlog.errors import StoreError
from coachlog.keys import KEY_BYTES, KeyPair, fingerprint

MAGIC = b"coachlog share 1\n"
NONCE_BYTES = 24
TAG_BYTES = 16
HEADER_BYTES = len(MAGIC) + 2 * KEY_BYTES + NONCE_BYTES
# A year of one client's journal is tens of KiB; these bounds keep a hostile
# file from making coachlog read or inflate gigabytes.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PLAIN_BYTES = 256 * 1024 * 1024


class BundleRefused(StoreError):
    """A file that cannot be a bundle for this user: exit 3, nothing merged."""


def _key(mine: KeyPair, theirs: bytes) -> bytes:
    from nacl.public import Box, PrivateKey, PublicKey

    return Box(PrivateKey(mine.secret), PublicKey(theirs)).shared_key()


def seal(plain: bytes, *, sender: KeyPair, recipient: bytes) -> bytes:
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt
    from nacl.utils import random

    nonce = random(NONCE_BYTES)
    header = MAGIC + sender.public + recipient + nonce
    sealed = crypto_aead_xchacha20poly1305_ietf_encrypt(
        zlib.compress(plain, 9), header, nonce, _key(sender, recipient)
    )
    return header + sealed


def sender_of(data: bytes, name: str) -> bytes:
    """The sender's public key from a bundle's header, after its framing checks."""
    if not data.startswith(MAGIC):
        if MAGIC.startswith(data):
            raise BundleRefused(f"{name} is cut short; ask for the bundle again.")
        raise BundleRefused(f"{name} is not a coachlog share bundle.")
    if len(data) < HEADER_BYTES + TAG_BYTES:
        raise BundleRefused(f"{name} is cut short; ask for the bundle again.")
    return data[len(MAGIC) : len(MAGIC) + KEY_BYTES]


def open_sealed(data: bytes, *, me: KeyPair, name: str) -> tuple[bytes, bytes]:
    """The sender's public key and the plain content, or a refusal that says why."""
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt
    from nacl.exceptions import CryptoError

    sender = sender_of(data, name)
    recipient = data[len(MAGIC) + KEY_BYTES : len(MAGIC) + 2 * KEY_BYTES]
    if sender == me.public and recipient != me.public:
        raise BundleRefused(
            f"{name} is a bundle you made, for the key {fingerprint(recipient)}: send it to "
            "your partner, who receives it. Nothing was merged."
        )
    if recipient != me.public:
        raise BundleRefused(
            f"{name} was made for another key (fingerprint {fingerprint(recipient)}); yours is "
            f"{me.fingerprint}. Nothing was merged; ask for a bundle made for your key."
        )
    header, sealed = data[:HEADER_BYTES], data[HEADER_BYTES:]
    nonce = header[-NONCE_BYTES:]
    try:
        packed = crypto_aead_xchacha20poly1305_ietf_decrypt(sealed, header, nonce, _key(me, sender))
    except CryptoError:
        raise BundleRefused(
            f"{name} does not authenticate: it was changed, cut short or damaged after it "
            "was made. Nothing was merged; ask for the bundle again."
        ) from None
    inflater = zlib.decompressobj()
    try:
        plain = inflater.decompress(packed, MAX_PLAIN_BYTES)
    except zlib.error:
        plain, inflater = b"", None
    if inflater is None or inflater.unconsumed_tail or not inflater.eof:
        raise BundleRefused(f"{name} holds content coachlog cannot read; nothing was merged.")
    return sender, plain


def read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BundleRefused(
                f"{path} is {size // (1024 * 1024)} MiB, far more than a share bundle holds; "
                "nothing was merged."
            )
        with path.open("rb") as handle:  # bounded: a device or a pipe reports no size
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise BundleRefused(f"{path} holds far more than a share bundle; nothing was merged.")
        return data
    except FileNotFoundError:
        from coachlog.errors import NotFound

        raise NotFound(f"no file {path}.") from None
    except IsADirectoryError:
        raise BundleRefused(f"{path} is a folder, not a share bundle.") from None
    except OSError as error:
        raise BundleRefused(f"cannot read {path}: {error.strerror or error}.") from None
